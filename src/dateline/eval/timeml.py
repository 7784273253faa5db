"""Reading TimeML (``.tml``) files and scoring time expressions the TempEval-3 way.

Definitions follow TempEval-3 Task A (UzZaman et al., 2013): *strict* match
= identical extent; *relaxed* match = any overlap; precision and recall over
system and gold TIMEX3s excluding the document creation time; *type* and
*value* F1 = F1 where a relaxed match also needs the attribute right
(``P = correct / system``, ``R = correct / gold``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    tid: str = ""


@dataclass
class GoldEvent:
    start: int
    end: int
    eid: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (relation of the event to the time, tid)


@dataclass
class TimeMLDoc:
    name: str
    dct: dt.date | None
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    dct_tid: str | None = None


# A link "time R event" read from the event's side.
_INVERSE = {"BEFORE": "AFTER", "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE",
            "INCLUDES": "IS_INCLUDED", "IS_INCLUDED": "INCLUDES", "BEGINS": "BEGUN_BY", "BEGUN_BY": "BEGINS",
            "ENDS": "ENDED_BY", "ENDED_BY": "ENDS", "DURING": "DURING_INV", "DURING_INV": "DURING"}  # fmt: skip


def normalise_value(value: str) -> str:
    """Spellings of one TIMEX3 value made equal: ISO weeks with or without a zero (W7, W07)."""
    return re.sub(r"-W0(\d)\b", r"-W\1", value.strip())


def read_tml(path: str | Path) -> TimeMLDoc:
    """Text (tags removed, entities decoded), gold TIMEX3s and EVENTs with offsets into it, and
    each event's links to times (TLINKs, read from the event's side)."""
    root = ET.parse(path).getroot()
    dct = None
    dct_el = root.find("DCT/TIMEX3")
    dct_tid = dct_el.get("tid") if dct_el is not None else None
    if dct_el is not None and dct_el.get("value"):
        try:
            dct = dt.date.fromisoformat(dct_el.get("value", "")[:10])
        except ValueError:
            dct = None
    text_el = root.find("TEXT")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    events: list[GoldEvent] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            gold.append(GoldTimex(start, pos, "", el.get("type", ""), el.get("value", ""), el.get("mod"),
                                 el.get("tid", "")))  # fmt: skip
        elif el.tag == "EVENT":
            events.append(GoldEvent(start, pos, el.get("eid", "")))

    if text_el is not None:
        walk(text_el)
    text = "".join(parts)
    for g in gold:
        g.text = text[g.start : g.end]
    by_eid = {e.eid: e for e in events}
    instance = {m.get("eiid"): by_eid.get(m.get("eventID", "")) for m in root.iter("MAKEINSTANCE")}
    for link in root.iter("TLINK"):
        rel = link.get("relType", "")
        if link.get("eventInstanceID") and link.get("relatedToTime"):
            ev, tid = instance.get(link.get("eventInstanceID")), link.get("relatedToTime", "")
        elif link.get("timeID") and link.get("relatedToEventInstance"):
            ev, tid = instance.get(link.get("relatedToEventInstance")), link.get("timeID", "")
            rel = _INVERSE.get(rel, rel)
        else:
            continue
        if ev is not None:
            ev.links.append((rel, tid))
    return TimeMLDoc(Path(path).name, dct, text, sorted(gold, key=lambda g: g.start), events, dct_tid)


def tml_files(path: str | Path) -> list[Path]:
    p = Path(path)
    return sorted(p.rglob("*.tml")) if p.is_dir() else [p]


def is_heldout(name: str) -> bool:
    """The fixed held-out split: one document in five, chosen by a hash of its file name.

    Never tune on these documents (see docs/evaluation.md).
    """
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % 5 == 0


def select(files: Iterable[Path], split: str) -> list[Path]:
    files = list(files)
    if split == "heldout":
        return [f for f in files if is_heldout(f.name)]
    if split == "train":
        return [f for f in files if not is_heldout(f.name)]
    return files


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed_gold: int = 0  # gold items overlapped by some system item
    relaxed_sys: int = 0  # system items overlapping some gold item
    type_ok: int = 0
    value_ok: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def metrics(self) -> dict[str, float]:
        s, g = max(self.system, 1), max(self.gold, 1)
        strict_p, strict_r = self.strict / s, self.strict / g
        rel_p, rel_r = self.relaxed_sys / s, self.relaxed_gold / g
        return {
            "strict_p": strict_p, "strict_r": strict_r, "strict_f1": self.f1(strict_p, strict_r),
            "relaxed_p": rel_p, "relaxed_r": rel_r, "relaxed_f1": self.f1(rel_p, rel_r),
            "type_f1": self.f1(self.type_ok / s, self.type_ok / g),
            "value_f1": self.f1(self.value_ok / s, self.value_ok / g),
        }  # fmt: skip


Tagger = Callable[[TimeMLDoc], list[tuple[int, int, str, str]]]  # (start, end, type, value)


def score(docs: Iterable[TimeMLDoc], tagger: Tagger, keep_errors: bool = False) -> Counts:
    """Score ``tagger`` on ``docs`` with the TempEval-3 definitions."""
    c = Counts()
    for doc in docs:
        sys_items = tagger(doc)
        gold = doc.timexes
        c.gold += len(gold)
        c.system += len(sys_items)
        for g in gold:
            overlaps = [i for i, s in enumerate(sys_items) if s[0] < g.end and g.start < s[1]]
            if not overlaps:
                if keep_errors:
                    c.errors.append({"doc": doc.name, "kind": "missed", "gold": g.text, "value": g.value})
                continue
            c.relaxed_gold += 1
            best = max(overlaps, key=lambda i: (sys_items[i][0] == g.start and sys_items[i][1] == g.end,
                                                 -abs(sys_items[i][0] - g.start)))  # fmt: skip
            s = sys_items[best]
            if s[0] == g.start and s[1] == g.end:
                c.strict += 1
            elif keep_errors:
                c.errors.append({"doc": doc.name, "kind": "extent", "gold": g.text,
                                 "system": doc.text[s[0]:s[1]]})  # fmt: skip
            if s[2] == g.type:
                c.type_ok += 1
            if normalise_value(s[3]) == normalise_value(g.value):
                c.value_ok += 1
            elif keep_errors:
                c.errors.append({"doc": doc.name, "kind": "value", "gold": g.text, "gold_value": g.value,
                                 "system": doc.text[s[0]:s[1]], "value": s[3], "dct": str(doc.dct)})  # fmt: skip
        for s in sys_items:
            if any(s[0] < g.end and g.start < s[1] for g in gold):
                c.relaxed_sys += 1
            elif keep_errors:
                c.errors.append({"doc": doc.name, "kind": "spurious", "system": doc.text[s[0]:s[1]],
                                 "value": s[3]})  # fmt: skip
    return c


PUBLISHED = {  # TE3 platinum test, Table 3 of UzZaman et al. (2013)
    "HeidelTime-t": {"strict_f1": 0.8134, "relaxed_f1": 0.9030, "value_f1": 0.7761},
    "SUTime": {"strict_f1": 0.7957, "relaxed_f1": 0.9032, "value_f1": 0.6738},
    "ClearTK-1,2": {"strict_f1": 0.8271, "relaxed_f1": 0.9023, "value_f1": 0.6466},
}


def pipeline_tagger(stages: tuple[str, ...] = ("nlp", "timex")) -> Tagger:
    """Our tagger as the pipeline runs it: spaCy for tense, then the ``timex`` stage."""
    from dateline.analyse import Pipeline
    from dateline.doc import Document

    pipe = Pipeline(stages)

    def tag_doc(doc: TimeMLDoc) -> list[tuple[int, int, str, str]]:
        d = Document(doc.name, doc.text, published=doc.dct)
        pipe(d)
        return [(t.start, t.end, t.label, t.attrs["value"]) for t in d.layers.get("timexes", [])]

    return tag_doc


def evaluate(path: str | Path, split: str = "heldout", keep_errors: bool = False,
             tagger: Tagger | None = None) -> tuple[Counts, int]:  # fmt: skip
    """Score the tagger on the TimeML files under ``path`` (``split``: heldout, train, all)."""
    files = select(tml_files(path), split)
    docs = [read_tml(f) for f in files]
    return score(docs, tagger or pipeline_tagger(), keep_errors), len(docs)
