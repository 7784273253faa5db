"""``dateline eval stories``: do reports of one story end up in one story?

Timeline17 topics are mixed into one stream: a fixed sample of articles from
each topic's sources, in publication order, is fed to the incremental story
grouping (:func:`dateline.assemble.stories.place`), in batches as a user's
builds would add them. Scored with B-cubed precision, recall and F1 against the
topics (several sources of one topic are one story). The topics split as in
``eval dating``: dev topics (names before "MJ": EgyptianProtest, H1N1, IraqWar,
LibyaWar) were used to choose the weights and threshold; held-out topics (MJ,
SyrianCrisis, bpoil, haiti) were not.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dateline.assemble.embed import embedder, lead
from dateline.assemble.stories import EMB_WEIGHT, StorySpace, place
from dateline.eval.dating import topic_split, topics


@dataclass
class StoriesResult:
    split: str
    articles: int
    gold_stories: int
    stories: int
    precision: float
    recall: float
    f1: float


def bcubed(pred: list[int], gold: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against gold labels."""
    n = len(pred)
    p_sum = r_sum = 0.0
    pred_a, gold_a = np.asarray(pred), np.asarray(gold)
    for i in range(n):
        same_pred = pred_a == pred_a[i]
        same_gold = gold_a == gold_a[i]
        both = float(np.sum(same_pred & same_gold))
        p_sum += both / float(np.sum(same_pred))
        r_sum += both / float(np.sum(same_gold))
    p, r = p_sum / n, r_sum / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def sample(path: str | Path, split: str, per_source: int, seed: int = 17) -> list[dict]:
    """A fixed sample of each source's articles of the split's topics, by publication date."""
    rng = random.Random(seed)
    out = []
    for d in topics(path):
        if topic_split(d.name) != split:
            continue
        arts = json.loads((d / "articles.json").read_text(encoding="utf-8"))
        for a in rng.sample(arts, min(per_source, len(arts))):
            out.append({"text": a["text"], "title": None, "dct": a["dct"], "topic": d.name.split("_")[0]})
    out.sort(key=lambda a: (a["dct"], a["topic"]))
    return out


def evaluate(path: str | Path, split: str = "heldout", per_source: int = 40, batch: int = 50,
             join: float | None = None, weight: float = EMB_WEIGHT, embeddings: bool = True,
             seed: int = 17) -> StoriesResult:  # fmt: skip
    """Group a mixed sample in batches of ``batch`` and score it."""
    arts = sample(path, split, per_source, seed)
    model = embedder() if embeddings else None
    emb = model.encode([lead(a) for a in arts]) if model else None
    story: list[int | None] = [None] * len(arts)
    counter = iter(range(1, 10**9))
    for b in range(0, len(arts), batch):
        # Only what has arrived so far can be compared: a space over the first b+batch reports.
        upto = b + batch
        sub = StorySpace([a["text"] for a in arts[:upto]], emb[:upto] if emb is not None else None, weight,
                         [dt.date.fromisoformat(a["dct"]) for a in arts[:upto]])  # fmt: skip
        part = story[:upto]
        place(sub, part, list(range(b, min(upto, len(arts)))), lambda: next(counter), join)
        story[:upto] = part
    gold = [a["topic"] for a in arts]
    p, r, f = bcubed([int(s) for s in story], gold)  # type: ignore[arg-type]
    return StoriesResult(split, len(arts), len(set(gold)), len(set(story)), p, r, f)
