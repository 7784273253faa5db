"""``dateline eval figures``, ``dateline eval events`` and ``dateline eval timex`` on MEANTIME (CAT XML).

The text is rebuilt from the corpus tokens (one space between tokens, a line
break between sentences) so that gold markables get character offsets.

MEANTIME annotates the title and the first sentences of each article only;
system output after the last annotated sentence is not scored.

* Figures: spans against the gold VALUE markables (QUANTITY, MONEY, PERCENT).
* Events: mentions against the gold EVENT_MENTIONs whose predicate is one of
  the kinds dateline extracts — by the documented mapping, a gold event counts
  when its ``pred`` lemma is a trigger in ``data/event_lexicon.json`` (a verb or
  the head noun of a phrase). Participants: for matched events, whether our
  actors and targets overlap the gold HAS_PARTICIPANT Arg0 and Arg1 mentions.
* Time expressions: the TIMEX3s other than the creation time, scored as
  TempEval-3 does (a second corpus for the time tagger, Wikinews rather than
  TimeBank's newswire).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.eval.timeml import Counts

FIGURE_TYPES = {"QUANTITY", "MONEY", "PERCENT"}


@dataclass
class Mention:
    start: int
    end: int
    kind: str
    pred: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class MeantimeDoc:
    name: str
    text: str
    values: list[Mention]
    events: list[Mention]
    entities: dict[str, Mention]
    participants: dict[str, dict[str, list[str]]]  # event m_id → role → entity m_ids
    event_ids: dict[str, Mention]
    entity_types: dict[str, str] = field(default_factory=dict)  # entity mention m_id → PER, ORG, LOC, FIN, PRO…
    annotated_end: int = 0  # MEANTIME annotates only the title and first sentences
    timexes: list[Mention] = field(default_factory=list)  # TIMEX3 other than the creation time
    dct: Mention | None = None  # the creation time (its ``attrs["value"]``), with its date line if anchored

    def in_scope(self, start: int) -> bool:
        return start < self.annotated_end


def read_doc(path: str | Path) -> MeantimeDoc:
    root = ET.parse(path).getroot()
    spans: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    pos = 0
    last_sentence = None
    for tok in root.iter("token"):
        sent = tok.get("sentence")
        if parts:
            sep = "\n" if sent != last_sentence else " "
            parts.append(sep)
            pos += 1
        word = tok.text or ""
        spans[tok.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        last_sentence = sent
    text = "".join(parts)

    def mention(el: ET.Element, kind: str) -> Mention | None:
        ids = [a.get("t_id", "") for a in el.findall("token_anchor")]
        ids = [i for i in ids if i in spans]
        if not ids:
            return None
        return Mention(min(spans[i][0] for i in ids), max(spans[i][1] for i in ids), kind,
                       el.get("pred", ""), dict(el.attrib))  # fmt: skip

    values, events, timexes = [], [], []
    instances: dict[str, str] = {}  # ENTITY m_id → ent_type
    dct: Mention | None = None
    entities: dict[str, Mention] = {}
    event_ids: dict[str, Mention] = {}
    marks = root.find("Markables")
    if marks is not None:
        for el in marks:
            if el.tag == "VALUE" and el.get("type") in FIGURE_TYPES:
                if (m := mention(el, el.get("type", ""))) is not None:
                    values.append(m)
            elif el.tag == "EVENT_MENTION":
                if (m := mention(el, "EVENT")) is not None:
                    events.append(m)
                    event_ids[el.get("m_id", "")] = m
            elif el.tag == "ENTITY_MENTION" and (m := mention(el, "ENTITY")) is not None:
                entities[el.get("m_id", "")] = m
            elif el.tag == "ENTITY" and el.get("ent_type"):
                instances[el.get("m_id", "")] = el.get("ent_type", "")
            elif el.tag == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME":
                dct = mention(el, "DCT") or Mention(-1, -1, "DCT", attrs=dict(el.attrib))
            elif el.tag == "TIMEX3" and (m := mention(el, el.get("type", ""))) is not None:
                timexes.append(m)
    participants: dict[str, dict[str, list[str]]] = {}
    entity_types: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for rel in relations.findall("REFERS_TO"):
            src, tgt = rel.find("source"), rel.find("target")
            if src is not None and tgt is not None and tgt.get("m_id", "") in instances:
                entity_types[src.get("m_id", "")] = instances[tgt.get("m_id", "")]
        for rel in relations.findall("HAS_PARTICIPANT"):
            src, tgt = rel.find("source"), rel.find("target")
            if src is None or tgt is None:
                continue
            role = rel.get("sem_role", "")
            participants.setdefault(src.get("m_id", ""), {}).setdefault(role, []).append(tgt.get("m_id", ""))
    last = max((m.end for m in [*values, *events, *entities.values(), *timexes]), default=0)
    line_end = text.find("\n", last)
    annotated_end = len(text) if line_end < 0 else line_end
    return MeantimeDoc(Path(path).stem, text, values, events, entities, participants, event_ids, entity_types,
                       annotated_end, timexes, dct)  # fmt: skip


def corpus_files(path: str | Path | list[Path]) -> list[Path]:
    if isinstance(path, list):
        return path
    return sorted(Path(path).rglob("*.xml"))


def evaluate_timex(path: str | Path | list[Path], keep_errors: bool = False) -> Counts:
    """The time tagger on MEANTIME's TIMEX3 (a second, out-of-domain corpus), TempEval-3 scoring.

    Each article's creation time is its DCT; its date line (the creation time's own
    mention) and the text after the annotated sentences are not scored.
    """
    from dateline.eval.timeml import GoldTimex, TimeMLDoc, pipeline_tagger, score

    docs, unscored = [], {}
    for f in corpus_files(path):
        md = read_doc(f)
        try:
            dct = dt.date.fromisoformat((md.dct.attrs.get("value") or "")[:10]) if md.dct else None
        except ValueError:
            dct = None
        gold = [GoldTimex(t.start, t.end, md.text[t.start : t.end], t.kind, t.attrs.get("value", ""),
                          t.attrs.get("mod") or None) for t in md.timexes]  # fmt: skip
        docs.append(TimeMLDoc(md.name, dct, md.text, gold))
        unscored[md.name] = (md.annotated_end, md.dct)
    tagger = pipeline_tagger()

    def in_scope(doc: TimeMLDoc) -> list[tuple[int, int, str, str]]:
        end, line = unscored[doc.name]
        return [t for t in tagger(doc)
                if t[0] < end and not (line is not None and t[0] < line.end and line.start < t[1])]  # fmt: skip

    return score(docs, in_scope, keep_errors=keep_errors)


def _prf(tp_sys: int, tp_gold: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p = tp_sys / n_sys if n_sys else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "system": n_sys, "gold": n_gold}


def evaluate_figures(path: str | Path | list[Path]) -> dict[str, dict[str, float]]:
    """Figure spans against gold VALUE markables: exact and overlapping matches."""
    from dateline.analyse import Pipeline
    from dateline.doc import Document

    pipe = Pipeline(("nlp", "timex", "places", "figures"))
    n_sys = n_gold = exact = over_sys = over_gold = 0
    for f in corpus_files(path):
        md = read_doc(f)
        doc = pipe(Document(md.name, md.text))
        found = [(s.start, s.end) for s in doc.layers.get("figures", []) if md.in_scope(s.start)]
        gold = [(v.start, v.end) for v in md.values]
        n_sys += len(found)
        n_gold += len(gold)
        exact += len(set(found) & set(gold))
        over_sys += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in found)
        over_gold += sum(any(s < ge and gs < e for s, e in found) for gs, ge in gold)
    return {"exact": _prf(exact, exact, n_sys, n_gold), "overlap": _prf(over_sys, over_gold, n_sys, n_gold)}


def _kind_we_extract(md: MeantimeDoc, mid: str, m: Mention, lex: dict[str, dict]) -> bool:
    """A trigger that counts only with certain objects ("launch" an offensive, "release"
    prisoners: ``object_words`` in the lexicon) is in scope only when the gold Arg1 is one.
    Force (FIGHT, ASSAULT, COERCE) is in scope only when what it is used on (the gold Arg1;
    without one, the Arg0) is a person, a group or a place: "killed the deal", "fought
    cancer", "the winglet struck the hangar" are other senses of the words."""
    entry = lex.get(m.pred.lower()) or {}
    if entry.get("type") in ("FIGHT", "ASSAULT", "COERCE"):
        roles = md.participants.get(mid, {})
        side = roles.get("Arg1") or roles.get("Arg0") or []  # what the force is used on, else who uses it
        kinds = {md.entity_types.get(e, "") for e in side}
        if not kinds & {"PER", "ORG", "LOC"}:
            return False
    words = entry.get("object_words")
    if not words:
        return True
    for ent_id in md.participants.get(mid, {}).get("Arg1", []):
        ent = md.entities.get(ent_id)
        if ent is not None and any(w.rstrip("s") in words for w in md.text[ent.start : ent.end].lower().split()):
            return True
    return False


def evaluate_events(path: str | Path | list[Path]) -> dict[str, dict[str, float]]:
    """Event mentions against gold EVENT_MENTIONs of the kinds dateline extracts, and actor /
    target agreement with the gold Arg0 / Arg1 participants of the matched events."""
    from dateline.analyse import Pipeline
    from dateline.analyse.events import lexicon
    from dateline.doc import Document

    lex = lexicon()
    heads = {k.split()[-1] for k in lex} | set(lex)
    pipe = Pipeline()
    n_sys = n_gold = tp_sys = tp_gold = 0
    roles_total = roles_ok = 0
    for f in corpus_files(path):
        md = read_doc(f)
        doc = pipe(Document(md.name, md.text))
        found = [e for e in doc.layers.get("events", []) if md.in_scope(e.start)]
        gold_ids = {mid: m for mid, m in md.event_ids.items() if m.pred.lower() in heads and _kind_we_extract(md, mid, m, lex)}
        gold = list(gold_ids.values())
        n_sys += len(found)
        n_gold += len(gold)
        tp_sys += sum(any(e.start < g.end and g.start < e.end for g in gold) for e in found)
        for mid, g in gold_ids.items():
            match = [e for e in found if e.start < g.end and g.start < e.end]
            if not match:
                continue
            tp_gold += 1
            ev = match[0]
            for role, ours in (("Arg0", ev.attrs.get("actors") or []), ("Arg1", ev.attrs.get("targets") or [])):
                for ent_id in md.participants.get(mid, {}).get(role, []):
                    ent = md.entities.get(ent_id)
                    if ent is None:
                        continue
                    roles_total += 1
                    gold_text = md.text[ent.start : ent.end].lower()
                    if any(o.lower() in gold_text or gold_text in o.lower() for o in ours):
                        roles_ok += 1
    out = {"mentions": _prf(tp_sys, tp_gold, n_sys, n_gold)}
    out["participants"] = {"p": roles_ok / roles_total if roles_total else 0.0, "r": 0.0, "f1": 0.0,
                           "system": roles_ok, "gold": roles_total}  # fmt: skip
    return out
