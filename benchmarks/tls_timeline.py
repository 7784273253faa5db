"""The user's timeline on Timeline17: full builds, scored like ``dateline eval tls``.

``dateline eval tls`` scores the date-wise sentence selection on its own, over
sentences split and dated without spaCy (fast enough to run on every task in
``make eval``). This script measures what a user gets from ``dateline timeline``:
for each of the 18 tasks, the articles published within the gold timeline's
range are built into a fresh store (the whole pipeline: spaCy, time, places,
figures, events, merging), then each timeline method is asked for the gold
timeline's number of dates and sentences per date, and tilse scores the days
(a month or an approximate entry cannot match a gold day and is set aside
before the L best are kept). About 10 minutes on two cores.

    python benchmarks/tls_timeline.py [--methods combined,events,sentences] [--topics LibyaWar_cnn,...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

from dateline.assemble.timeline import METHODS, build_timeline
from dateline.build import build
from dateline.eval.tls import gold_timeline, score, tasks
from dateline.store import Store

T17 = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "timeline17"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--topics", default=None, help="only these topics (comma-separated)")
    args = ap.parse_args()
    if not T17.is_dir():
        print(f"skipped: {T17} is absent")
        return 0
    methods = args.methods.split(",")
    jobs: dict[str, list[dict]] = {m: [] for m in methods}
    names = []
    for art, tl in tasks(T17):
        topic = art.parent.name
        if args.topics and topic not in args.topics.split(","):
            continue
        gold = gold_timeline(tl)
        dates = sorted(gold)
        n_dates, per_date = len(gold), max(1, round(sum(len(v) for v in gold.values()) / len(gold)))
        first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])
        articles = [a for a in json.loads(art.read_text(encoding="utf-8"))
                    if first <= dt.date.fromisoformat(a["dct"]) <= last and a.get("text")]  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "articles.json"
            src.write_text(json.dumps(articles), encoding="utf-8")
            build([str(src)], str(Path(tmp) / "t.db"), progress=False, on_error=lambda _: None)
            store = Store(Path(tmp) / "t.db")
            for m in methods:
                entries = build_timeline(store, per_date=per_date, start=dates[0], end=dates[-1], method=m,
                                         max_dates=None if m != "sentences" else n_dates * 3)  # fmt: skip
                days = [e for e in entries if DAY.fullmatch(e["date"]) and not e["approximate"]]
                best = sorted(days, key=lambda e: -e.get("score", 0))[:n_dates]
                jobs[m].append({"pred": {e["date"]: [e["summary"]] for e in best}, "gold": gold})
            store.close()
        names.append(f"{topic}/{tl.name.split('.')[0]}")
        print(f"built {names[-1]}: {len(articles)} articles", file=sys.stderr, flush=True)
    print(f"{'method':<12}{'AR-1 F1':>9}{'AR-2 F1':>9}{'date F1':>9}   (mean of {len(names)} tasks)")
    for m in methods:
        out, mode = score(jobs[m])
        print(f"{m:<12}" + "".join(f"{np.mean([o[k] for o in out]):>9.3f}" for k in ("ar1", "ar2", "date_f1")))
    print(f"(tilse, ROUGE: {mode}; published DATEWISE .120 / .035 / .544)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
