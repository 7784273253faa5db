"""Event anchoring on TimeBank/AQUAINT: does each event get the date the annotators gave it?

The events and figures stages date an item by :func:`dateline.analyse.context.date_for`:
the time expression that governs its clause, else the day of a dated saying that reports
it, else the report's date and the clause's tense. TimeML's TLINKs say the same things
between gold events and times, so this scores that function on the gold events (our own
time expressions, sentences and parse; the gold event word as the item):

- **anchor**: events the annotators put inside a calendar time expression (a DATE or TIME
  whose value is a date, not ``PRESENT_REF`` or a duration) of their own sentence
  (``IS_INCLUDED``, ``SIMULTANEOUS``, ``DURING``, ``IDENTITY``). Recall: the share dated from that
  expression. Precision: of the events we date from an expression the annotators linked
  to the event at all, the share where that link is one of those.
- **DCT**: events the annotators placed before, after or around the document creation
  time. Our interval gives the same three classes (on or before the DCT, after it, around
  it); accuracy beside the majority class.

There is no published figure for this exact protocol. TempEval-2's tasks C (event and
time in one sentence) and D (event and DCT) classify relations of given pairs, which is
close to, but not, what is measured here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.eval.timeml import TimeMLDoc, read_tml, select, tml_files

ANCHOR = frozenset({"IS_INCLUDED", "SIMULTANEOUS", "DURING", "IDENTITY"})  # the event lies within the time
DCT_CLASS = {"BEFORE": "before", "IBEFORE": "before", "AFTER": "after", "IAFTER": "after",
             "INCLUDES": "around", "IS_INCLUDED": "around", "SIMULTANEOUS": "around", "DURING": "around",
             "DURING_INV": "around", "IDENTITY": "around"}  # fmt: skip


@dataclass
class AnchorCounts:
    anchored_gold: int = 0  # events with a gold anchor in their sentence
    anchored_found: int = 0  # ... dated from (one of) that expression
    linked_choices: int = 0  # our chosen expression has some gold link with the event
    linked_right: int = 0  # ... and that link is an anchor
    dct: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold, ours)

    def metrics(self) -> dict[str, float]:
        n = sum(self.dct.values()) or 1
        gold = Counter(g for g, _ in self.dct.elements())
        return {
            "anchor_r": self.anchored_found / (self.anchored_gold or 1),
            "anchor_p": self.linked_right / (self.linked_choices or 1),
            "dct_acc": sum(v for (g, o), v in self.dct.items() if g == o) / n,
            "dct_majority": (gold.most_common(1)[0][1] / n) if gold else 0.0,
        }


def dct_class(date: dict[str, Any], dct: dt.date) -> str:
    """Where an interval stands against the DCT: ``before`` (ending by it, starting before it),
    ``after`` (starting on or after it, ending after it) or ``around``."""
    lo = dt.date.fromisoformat(date["earliest"]) if date.get("earliest") else None
    hi = dt.date.fromisoformat(date["latest"]) if date.get("latest") else None
    if hi is not None and hi <= dct and (lo is None or lo < dct):
        return "before"
    if lo is not None and lo >= dct and (hi is None or hi > dct):
        return "after"
    return "around"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def time_stages() -> Any:
    """The pipeline's sentence and time stages, keeping the parse (dating reads it)."""
    from dateline.analyse import Pipeline

    return Pipeline(("nlp", "timex"), keep_parse=True)


def score_doc(doc: TimeMLDoc, counts: AnchorCounts, pipe: Any = None) -> None:
    """Run the time stages (``pipe``, else :func:`time_stages`) on ``doc`` and add its events
    to ``counts``."""
    from dateline.analyse.context import date_for, governing_verb
    from dateline.doc import Document

    d = Document(doc.name, doc.text, published=doc.dct)
    (pipe or time_stages())(d)
    if d.spacy is None:
        return
    gold_time = {t.tid: (t.start, t.end) for t in doc.timexes}
    calendar = {t.tid for t in doc.timexes if t.type in ("DATE", "TIME") and t.value[:1].isdigit()}
    for ev in doc.events:
        span = d.spacy.char_span(ev.start, ev.end, alignment_mode="expand")
        if span is None:
            continue
        tok = span.root
        verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(tok)
        date = date_for(d, ev.start, ev.end, verb)
        sent = d.sentence_of(ev.start)
        anchors = [gold_time[tid] for rel, tid in ev.links if rel in ANCHOR and tid in calendar
                   and sent is not None and sent.contains(*gold_time[tid])]  # fmt: skip
        # A bound ("since 1990") does not claim the event lies within the expression.
        chosen = tuple(map(int, date["timex"].split(":"))) if date.get("timex") and not date.get("bound") else None
        if anchors:
            counts.anchored_gold += 1
            counts.anchored_found += bool(chosen and any(_overlaps(chosen, a) for a in anchors))
        if chosen is not None:
            rels = [rel for rel, tid in ev.links if tid in gold_time and _overlaps(chosen, gold_time[tid])]
            if rels:
                counts.linked_choices += 1
                counts.linked_right += any(r in ANCHOR for r in rels)
        if doc.dct is not None and doc.dct_tid:
            gold_dct = {DCT_CLASS[rel] for rel, tid in ev.links if tid == doc.dct_tid and rel in DCT_CLASS}
            if len(gold_dct) == 1:
                counts.dct[(gold_dct.pop(), dct_class(date, doc.dct))] += 1


def evaluate(path: str | Path, split: str = "heldout") -> tuple[AnchorCounts, int]:
    """Score event anchoring on the TimeML files under ``path`` (``split``: heldout, train, all)."""
    counts, pipe = AnchorCounts(), time_stages()
    files = select(tml_files(path), split)
    for f in files:
        score_doc(read_tml(f), counts, pipe)
    return counts, len(files)
