"""Benchmark: end-to-end build throughput on one Timeline17 topic, beside spaCy alone.

Prints articles/s, words/s and peak memory for (a) spaCy's small English
pipeline alone, one process, (b) a full dateline build with one worker, and
(c) with one worker per core, all on the same texts in the same run. Builds and
timelines run as the `dateline` command does for a user: each in a fresh
process, start-up included. Needs ../shared/eval/timeline17 (skips with a
message when absent).

    python benchmarks/bench_build.py [--topic H1N1_reuters] [--limit N] [--also T1,T2]

``--also`` builds and summarises more topics with every core (default: the
largest topic by words, LibyaWar_cnn, and a mid-sized one, bpoil_bbc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# As the ``dateline`` command does: one BLAS thread per process (set before numpy loads).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
T17 = ROOT.parent / "shared" / "eval" / "timeline17"


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run_command(args: list[str]) -> tuple[float, float]:
    """Run ``dateline ARGS`` in a fresh process, as a user would: (seconds, peak MB of the
    largest process so far among this benchmark's children)."""
    exe = Path(sys.executable).with_name("dateline")
    t0 = time.perf_counter()
    done = subprocess.run([str(exe), *args, *(["--no-progress"] if args[0] == "build" else [])],
                          capture_output=True, text=True)  # fmt: skip
    elapsed = time.perf_counter() - t0
    if done.returncode not in (0, 1):  # 1: some inputs failed (reported), the rest is built
        raise RuntimeError(f"dateline {' '.join(args)} failed:\n{done.stderr}")
    if args[0] == "build":
        said = (done.stdout + done.stderr).strip().splitlines()
        print(f"  {said[-1] if said else ''}", file=sys.stderr)
    return elapsed, peak_mb(resource.RUSAGE_CHILDREN)


def stored_reports(db: str) -> list[tuple[str, dt.date, np.ndarray]]:
    """A built store's original reports: text, date and the lead's embedding (from its cache)."""
    from dateline.assemble.embed import LEAD_CHARS, cached_vectors, lead
    from dateline.store import Store

    store = Store(db)
    try:
        rows = store.rows("SELECT id, title, text, published FROM articles WHERE duplicate_of IS NULL ORDER BY rowid")
        emb = cached_vectors(store, [(r["id"], -LEAD_CHARS, 0, lead(r)) for r in rows])
    finally:
        store.close()
    if emb is None:
        return []
    return [(r["text"], dt.date.fromisoformat(r["published"][:10]), e) for r, e in zip(rows, emb, strict=True)]


def stories_at_scale(reports: list[tuple[str, dt.date, np.ndarray]], batch: int = 500) -> None:
    """Place N reports in stories in one build, then time the next build of ``batch`` reports
    (what a user adding a day's reports to a large store waits for). The reports are the built
    topics' ones, repeated with their dates moved 800 days on for each copy."""
    import numpy as np

    from dateline.assemble.stories import StorySpace, country_counts, place

    print(f"\nstories at scale ({len(reports)} built reports, repeated)")
    print(f"{'reports':>9}{'one build s':>13}{f'next {batch} s':>12}{'stories':>9}")
    for n in (5_000, 20_000):
        texts = [reports[k % len(reports)][0] for k in range(n + batch)]
        days = [reports[k % len(reports)][1] + dt.timedelta(days=800 * (k // len(reports))) for k in range(n + batch)]
        emb = np.vstack([reports[k % len(reports)][2] for k in range(n + batch)])
        story: list[int | None] = [None] * (n + batch)
        ids = iter(range(1, 10**9))
        times = []
        # The store keeps each placed report's countries (counted when its story was checked).
        counted = [country_counts(reports[k % len(reports)][0]) for k in range(min(n, len(reports)))]
        for upto in (n, n + batch):
            known = [counted[k % len(counted)] if story[k] is not None else None for k in range(upto)]
            t0 = time.perf_counter()
            part = story[:upto]  # as a build does: a space over the store so far, then the new reports
            place(StorySpace(texts[:upto], emb[:upto], days=days[:upto], countries=known), part,
                  [k for k in range(upto) if story[k] is None], partial(next, ids))  # fmt: skip
            story[:upto] = part
            times.append(time.perf_counter() - t0)
        print(f"{n:>9,}{times[0]:>13.1f}{times[1]:>12.1f}{len(set(story)):>9}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topic", default="H1N1_reuters")
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--also", default="bpoil_bbc,LibyaWar_cnn", help="more topics: build + summarise only")
    args = ap.parse_args()
    src = T17 / args.topic / "articles.json"
    if not src.exists():
        print(f"SKIPPED: {src} not found (../shared is absent); nothing measured")
        return 0
    articles = json.loads(src.read_text(encoding="utf-8"))[: args.limit]
    texts = [a["text"] for a in articles]
    words = sum(len(t.split()) for t in texts)
    cores = os.cpu_count() or 1
    print(f"topic {args.topic}: {len(texts)} articles, {words:,} words; {cores} cores")

    from dateline.analyse.nlp import load_model

    nlp = load_model()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    spacy_s = time.perf_counter() - t0
    rows = [("spaCy alone (1 process)", spacy_s, peak_mb(resource.RUSAGE_SELF))]

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.json"
        corpus.write_text(json.dumps(articles), encoding="utf-8")
        for workers in sorted({1, cores}):
            db = Path(tmp) / f"bench{workers}.db"
            elapsed, peak = run_command(["build", str(corpus), "--db", str(db), "--workers", str(workers)])
            rows.append((f"dateline build ({workers} worker{'s' if workers > 1 else ''})", elapsed, peak))
        summarise_s, _ = run_command(["timeline", "--db", str(db), "--max-dates", "20", "--per-date", "2"])

    print(f"{'run':<32}{'seconds':>9}{'articles/s':>12}{'words/s':>10}{'peak MB':>9}{'× spaCy/core':>14}")
    spacy_wps = words / spacy_s
    for name, secs, peak in rows:
        wps = words / secs
        n_workers = cores if "workers)" in name else 1
        ratio = (wps / n_workers) / spacy_wps
        print(f"{name:<32}{secs:>9.1f}{len(texts) / secs:>12.1f}{wps:>10,.0f}{peak:>9.0f}{ratio:>14.2f}")
    print("goal: full build ≥ 0.9× spaCy-alone words/s per core, and using every core")
    print("(builds and timelines run as `dateline` commands, each in a fresh process, start-up included)")
    built = rows[-1][1]
    print(f"\ntopic built ({cores} workers) and summarised in "
          f"{built + summarise_s:.1f} s ({built:.1f} + {summarise_s:.1f}); goal ≤ 60 s for ~500 articles")

    also = [t for t in args.also.split(",") if t and t != args.topic]
    reports: list[tuple[str, dt.date, np.ndarray]] = []  # the built topics' reports, for stories at scale
    if also:
        print(f"\n{'topic':<22}{'articles':>9}{'words':>10}{'build s':>9}{'summary s':>11}{'total s':>9}  goal ≤ 60 s")
    for topic in also:
        path = T17 / topic / "articles.json"
        if not path.exists():
            print(f"{topic:<22} not found")
            continue
        arts = json.loads(path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "t.db")
            built_s, _ = run_command(["build", str(path), "--db", db])
            summ_s, _ = run_command(["timeline", "--db", db, "--max-dates", "20", "--per-date", "2"])
            reports += stored_reports(db)
        n_words = sum(len(a["text"].split()) for a in arts)
        print(f"{topic:<22}{len(arts):>9}{n_words:>10,}{built_s:>9.1f}{summ_s:>11.1f}{built_s + summ_s:>9.1f}")

    if reports:
        stories_at_scale(reports)

    from dateline.analyse import Pipeline
    from dateline.doc import Document

    pipe = Pipeline()
    for i in range(0, len(texts), 16):
        pipe.pipe_batch([Document(str(j), t) for j, t in enumerate(texts[i : i + 16], start=i)])
    print(f"\nper stage, one process, {len(texts)} articles:")
    print(f"{'stage':<10}{'seconds':>9}{'ms/article':>12}")
    for name, secs in pipe.timings.items():
        print(f"{name:<10}{secs:>9.2f}{1000 * secs / len(texts):>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
