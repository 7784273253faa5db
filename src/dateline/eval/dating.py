"""``dateline eval dating``: hide each Timeline17 article's date and infer it back.

Leave one out within a topic: each article in turn is treated as undated
while the others keep their dates, as when one undated report joins a story.
The share of articles dated within ±7 and ±31 days is reported.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.analyse.timex import Timex, tag
from dateline.assemble.chains import HappeningIndex, day_mentions, happenings
from dateline.assemble.dating import (
    SimilarityIndex,
    infer_one,
    is_stamped,
    neighbour_estimate,
    strong_estimate,
    with_anchor,
)
from dateline.ingest.clean import strip_comment_thread


@dataclass
class DatingResult:
    topic: str
    articles: int
    within7: int
    within31: int
    undated: int
    mean_abs_days: float
    stamped: int = 0  # dated by a date-and-time stamp in their own text (read, not inferred)
    rest7: int = 0  # within 7 days, among the articles without a stamp
    rest31: int = 0


def timex_rows(found: list[Timex]) -> list[dict[str, Any]]:
    """Tagged time expressions as the store keeps them (what dating reads)."""
    return [
        {"type": t.type, "value": t.value, "anchored": t.anchored, "text": t.text, "start": t.start,
         "end": t.end, "earliest": t.earliest.isoformat() if t.earliest else None,
         "latest": t.latest.isoformat() if t.latest else None}
        for t in found
    ]  # fmt: skip


def _timex_rows(text: str, dct: dt.date | None = None) -> list[dict[str, Any]]:
    return timex_rows(tag(text, dct))


def topic_split(name: str) -> str:
    """The fixed topic split: heuristics were tuned on the "dev" topics only."""
    return "dev" if name < "MJ" else "heldout"


def topics(path: str | Path) -> list[Path]:
    return sorted(p.parent for p in Path(path).glob("*/articles.json"))


def evaluate_topic(topic_dir: Path, limit: int | None = None, anchors: bool = True,
                   stamps: bool = True) -> DatingResult:  # fmt: skip
    articles = json.loads((topic_dir / "articles.json").read_text(encoding="utf-8"))[:limit]
    texts = [strip_comment_thread(a["text"])[0] for a in articles]  # as a build stores them
    truth = [dt.date.fromisoformat(a["dct"]) for a in articles]
    index = SimilarityIndex(texts)
    # What each report, with its date, places on a day (for anchoring the one whose date is hidden).
    index_of_days = HappeningIndex(
        [h for j, t in enumerate(texts) for h in happenings(str(j), t, _timex_rows(t, truth[j]))] if anchors else []
    )
    within7 = within31 = undated = stamped = rest7 = rest31 = 0
    errors: list[int] = []
    for i, text in enumerate(texts):
        estimate, chosen = neighbour_estimate(index.similarities(i), list(truth), i)
        neighbours = [{"article": str(j), "title": None, "published": truth[j].isoformat(),
                       "similarity": round(s, 3)} for j, s in chosen]  # fmt: skip
        own = _timex_rows(text)
        inferred = infer_one(own, estimate, neighbours, text if stamps else None)
        stamp = is_stamped(inferred)
        anchor = index_of_days.anchor(day_mentions(text, own), exclude=str(i)) if anchors and not stamp else None
        if anchor is not None:
            inferred = with_anchor(inferred, anchor, strong_estimate(estimate, chosen))
        if inferred["best"] is None:
            undated += 1
            continue
        err = abs((dt.date.fromisoformat(inferred["best"]) - truth[i]).days)
        errors.append(err)
        within7 += err <= 7
        within31 += err <= 31
        stamped += stamp
        rest7 += err <= 7 and not stamp
        rest31 += err <= 31 and not stamp
    mean = sum(errors) / len(errors) if errors else float("nan")
    return DatingResult(topic_dir.name, len(texts), within7, within31, undated, mean, stamped, rest7, rest31)
