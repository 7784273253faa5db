"""Event merging: the same real-world event reported by several articles becomes one event.

Two mentions from different reports are the same event when they have the same
type and modality, both are dated to within a week and those weeks meet, they
share a place (same name or within 50 km) or an actor or target (by how its name sounds:
"Gaddafi" and "Gadhafi" are one), and their
sentences are worded alike (TF-IDF cosine of their words at least 0.4, or cosine of
their MiniLM embeddings at least 0.8 when both dates are stated, which catches the same
event in other words). One more case: a report that repeats another's sentence word for
word (a wire story's background paragraph, carried into the next day's update) describes
the same event even when neither sentence states a date, so each was dated by its own
report: such pairs may be up to a week apart. Reports without a publication date are left
out of this: their dates rest on an inferred reference date.
Within one report (dated or not), two mentions of one type in one sentence, one of them a noun
("the battle for Brega, where rebels captured the town"), are one event unless they name two
places or two sets of parties; two verbs are two deeds. A deed and the toll its own clause
tells ("shelled Misrata, killing 12 people") are one event whatever their types.
Mentions are blocked by type, modality and week, so merging stays near-linear, and
only pairs with a report not yet merged are compared (``articles.merged_at``): adding
reports costs their own comparisons. Each mention keeps its own details
(``event_mentions.details``): differing dates or tolls stay side by side.
Near-duplicate articles are never analysed, so a syndicated copy adds no
mention: ``sources`` counts independent reports.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from dateline.analyse.gazetteer import distance_km
from dateline.assemble.embed import cached_vectors
from dateline.assemble.textsim import tfidf
from dateline.store import Store

MIN_COSINE = 0.4
MIN_EMBEDDING_COSINE = 0.8
MIN_WORD_OVERLAP = 0.15
_STOP = frozenset(
    ["the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "this", "from", "but", "not", "his", "her", "its", "they", "their", "will", "would", "said", "says", "who", "which", "been", "than", "after", "about", "into", "over", "also", "when", "what", "there", "other", "told"]
)
NEAR_KM = 50.0
MAX_SPAN_DAYS = 7
SAME_WORDING = 0.8  # cosine of two sentences' words: the same sentence, bar a word or two


def _interval(d: dict[str, Any]) -> tuple[dt.date, dt.date, int]:
    lo = dt.date.fromisoformat(d["earliest"]) if d.get("earliest") else dt.date.min
    hi = dt.date.fromisoformat(d["latest"]) if d.get("latest") else dt.date.max
    span = (hi - lo).days if lo != dt.date.min and hi != dt.date.max else 10**6
    return lo, hi, span


def _date_gap(a: dict[str, Any], b: dict[str, Any]) -> int:
    """Days between two mentions' date intervals (0 or less: they meet)."""
    alo, ahi, _ = _interval(a["date"] or {})
    blo, bhi, _ = _interval(b["date"] or {})
    return (max(alo, blo) - min(ahi, bhi)).days


def compatible(a: dict[str, Any], b: dict[str, Any], gap_days: int = 0) -> bool:
    """Whether two mentions' details can describe one event; ``gap_days`` lets their date
    intervals lie that many days apart."""
    if a["type"] != b["type"] or a["modality"] != b["modality"]:
        return False
    aspan, bspan = _interval(a["date"] or {})[2], _interval(b["date"] or {})[2]
    if _date_gap(a, b) > gap_days or max(aspan, bspan) > MAX_SPAN_DAYS:
        return False  # both must be dated to within a week, and the weeks must meet
    pa, pb = a.get("place") or {}, b.get("place") or {}
    same_place = bool(pa and pb) and (
        pa["name"] == pb["name"]
        or (pa.get("lat") is not None and pb.get("lat") is not None
            and distance_km(pa["lat"], pa["lon"], pb["lat"], pb["lon"]) <= NEAR_KM)
    )  # fmt: skip
    shared_party = bool(_parties(a.get("actors")) & _parties(b.get("actors"))) or bool(
        _parties(a.get("targets")) & _parties(b.get("targets"))
    )
    return same_place or shared_party


_SOUNDS = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


@lru_cache(maxsize=65536)
def party_key(name: str) -> str:
    """A name as it sounds, so that two outlets' spellings of one name meet ("Gaddafi forces",
    "Gadhafi forces", "Qaddafi forces"; "Moammar" and "Muammar"): each word's first letter (k for
    a hard g, k or q) and the consonant sounds after it, American Soundex-style."""
    out = []
    for word in re.findall(r"[a-z]+", name.lower()):
        first = "k" if word[0] in "gkq" else word[0]
        codes = [c.translate(_SOUNDS) if c in "bfpvcgjkqsxzdtlmnr" else ("" if c in "hw" else "0") for c in word]
        kept = [c for i, c in enumerate(codes) if c and (i == 0 or c != codes[i - 1])]
        out.append(first + "".join(c for c in kept[1:] if c != "0")[:3])
    return " ".join(out)


SAME_SPELLING = 0.8  # how alike (difflib ratio) two spellings of one name are at least


def _alike_words(a: str, b: str) -> bool:
    """Whether two names differ only in how words are spelled: as many words, the same
    figures, and each differing word ending alike and written nearly alike ("Gadhafi",
    "Gaddafi"; "Abdul", "Abdel"), so that a people is not its country ("Israelis", "Israel"),
    nor "UK soldiers" "US soldiers", nor "Libby" "Libya"."""
    if not (a[:1].isupper() and b[:1].isupper()) or re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    wa, wb = a.lower().split(), b.lower().split()
    return len(wa) == len(wb) and all(
        x == y or (x[-1] == y[-1] and SequenceMatcher(None, x, y).ratio() >= 0.75)
        for x, y in zip(wa, wb, strict=True)
    )


def one_spelling(counts: Counter[str]) -> dict[str, str]:
    """Each name → the most used (by ``counts``) of the spellings of one name: names that sound
    alike (:func:`party_key`) and are written alike (``SAME_SPELLING``, ``_alike_words``).
    Names spelled one way only are left out."""
    by_sound: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        by_sound[party_key(name)].append(name)
    out: dict[str, str] = {}
    for names in by_sound.values():
        names.sort(key=lambda n: (-counts[n], n))  # the most used first
        for i, name in enumerate(names[1:], 1):
            scored = [(SequenceMatcher(None, name.lower(), h.lower()).ratio(), -k) for k, h in enumerate(names[:i])
                      if _alike_words(name, h)]  # fmt: skip
            if scored and (best := max(scored))[0] >= SAME_SPELLING:
                head = names[-best[1]]
                out[name] = out.get(head, head)
    return out


def _parties(names: list[str] | None) -> set[str]:
    return {party_key(n) for n in names or []}


def _stated_date(d: dict[str, Any]) -> bool:
    """Whether the mention's date comes from a time expression (not from the report's tense)."""
    return bool((d.get("date") or {}).get("timex"))


def _candidates(details: list[dict[str, Any]], fresh: list[bool]) -> list[tuple[int, int]]:
    """Pairs worth comparing: same type and modality, dated to within a week, in the same or
    adjacent weeks, at least one of them fresh (blocking keeps this near-linear in the number
    of new mentions)."""
    blocks: dict[tuple[str, str, int], list[int]] = {}
    for i, d in enumerate(details):
        lo, _, span = _interval(d["date"] or {})
        if span > MAX_SPAN_DAYS:
            continue
        blocks.setdefault((d["type"], d["modality"], lo.toordinal() // 7), []).append(i)
    pairs = set()
    for (typ, mod, week), members in blocks.items():
        for i in members:
            if not fresh[i]:
                continue
            for near in (week - 1, week, week + 1):
                for j in blocks.get((typ, mod, near), []):
                    if j != i:
                        pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _outcome(head: dict[str, Any], detail: dict[str, Any]) -> bool:
    """``detail`` tells the toll of the deed mentioned at ``head`` (marked by the events stage)."""
    return detail.get("outcome_of") == [head["start"], head["end"]]


def _same_sentence(rows: list[dict[str, Any]], details: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs of a new report's mentions that tell one event twice in one sentence ("the battle
    for Brega, where rebels captured the town on Monday"): at least one of them a noun, same
    type and modality, both dated to within a week and the dates meet, no two different places,
    and no two different sets of parties; or a deed and the toll its clause tells ("shelled
    Misrata, killing 12 people"), whatever their types."""
    by_sentence: dict[tuple[str, int], list[int]] = {}
    for i, r in enumerate(rows):
        if r["fresh"] and r["sentence_start"] is not None:
            by_sentence.setdefault((r["article"], r["sentence_start"]), []).append(i)
    pairs = []
    for members in by_sentence.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                a, b = details[i], details[j]
                if _outcome(rows[i], b) or _outcome(rows[j], a):
                    pairs.append((i, j))  # "shelled Misrata, killing 12": the toll of the shelling
                    continue
                if a["type"] != b["type"] or a["modality"] != b["modality"] or _date_gap(a, b) > 0:
                    continue
                if max(_interval(a["date"] or {})[2], _interval(b["date"] or {})[2]) > MAX_SPAN_DAYS:
                    continue  # both dated to within a week, as across reports: the event keeps a date
                if a.get("verbal", True) and b.get("verbal", True):
                    continue  # two verbs are two deeds: "entered the city, ... stormed al Intisar"
                pa, pb = (a.get("place") or {}).get("name"), (b.get("place") or {}).get("name")
                parties_a = _parties(a.get("actors")) | _parties(a.get("targets"))
                parties_b = _parties(b.get("actors")) | _parties(b.get("targets"))
                if (pa and pb and pa != pb) or (parties_a and parties_b and not parties_a & parties_b):
                    continue  # "shelled Misrata and bombed Zintan": two events
                pairs.append((i, j))
    return pairs


def _texts(store: Store, ids: set[str]) -> dict[str, str]:
    """The texts of the articles a comparison needs (not the whole store's)."""
    return {r["id"]: r["text"] for r in store.rows_in("SELECT id, text FROM articles WHERE id IN ({})", ids)}


def _mark_merged(store: Store) -> None:
    store.conn.execute("UPDATE articles SET merged_at = ? WHERE merged_at IS NULL AND analysed_at IS NOT NULL",
                       (dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),))  # fmt: skip


def merge_events(store: Store) -> int:
    """Merge the mentions of the same event across reports; returns how many events were folded."""
    rows = store.rows(
        "SELECT m.event, m.article, m.start, m.end, m.sentence_start, m.sentence_end, m.details,"
        " a.merged_at IS NULL AS fresh, a.published IS NULL AS undated"
        " FROM event_mentions m JOIN articles a ON a.id = m.article"
        " WHERE m.details IS NOT NULL ORDER BY a.published IS NULL, a.published, m.article, m.start"
    )
    if not any(r["fresh"] for r in rows):
        _mark_merged(store)
        return 0
    details = [json.loads(r["details"]) for r in rows]
    # Pairs of two already-merged reports were decided by an earlier build: only pairs with a
    # new (or re-analysed) report are compared.
    pairs = [(i, j) for i, j in _candidates(details, [bool(r["fresh"]) for r in rows])
             if rows[i]["article"] != rows[j]["article"] and not (rows[i]["undated"] or rows[j]["undated"])
             and compatible(details[i], details[j], MAX_SPAN_DAYS)]  # fmt: skip
    overlapping = {(i, j) for i, j in pairs if _date_gap(details[i], details[j]) <= 0}  # the dates meet
    # Dates apart is allowed only when neither sentence states its date (see the module's note).
    pairs = [(i, j) for i, j in pairs
             if (i, j) in overlapping or not (_stated_date(details[i]) or _stated_date(details[j]))]  # fmt: skip
    spans = [(r["sentence_start"], r["sentence_end"]) if r["sentence_start"] is not None else (r["start"], r["end"])
             for r in rows]  # fmt: skip
    used = sorted({k for pair in pairs for k in pair})
    texts = _texts(store, {rows[k]["article"] for k in used})
    sentences = {k: texts[rows[k]["article"]][spans[k][0] : spans[k][1]] for k in used}
    words = tfidf([Counter(w for w in re.findall(r"[a-z]{3,}", sentences[k].lower()) if w not in _STOP)
                   for k in used], idf=False)  # fmt: skip
    at = {k: n for n, k in enumerate(used)}
    cosine = {(i, j): float(words[at[i]].multiply(words[at[j]]).sum()) for i, j in pairs}
    # Embeddings only decide the pairs whose wording is related but not alike, and whose dates
    # the texts state: that keeps the model off most of the pairs.
    borderline = {(i, j) for (i, j), c in cosine.items() if MIN_WORD_OVERLAP <= c < MIN_COSINE
                  and (i, j) in overlapping and _stated_date(details[i]) and _stated_date(details[j])}  # fmt: skip
    need = sorted({k for pair in borderline for k in pair})
    vec = cached_vectors(store, [(rows[k]["article"], *spans[k], sentences[k]) for k in need]) if need else None
    pos = {k: n for n, k in enumerate(need)}
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _same_sentence(rows, details):
        parent[find(j)] = find(i)
    for i, j in pairs:
        if (i, j) not in overlapping and cosine[(i, j)] < SAME_WORDING:
            continue  # dates apart: only the same sentence, repeated, is the same event
        alike = cosine[(i, j)] >= MIN_COSINE or (
            vec is not None and (i, j) in borderline and float(vec[pos[i]] @ vec[pos[j]]) >= MIN_EMBEDDING_COSINE
        )
        if alike:
            parent[find(j)] = find(i)
    folded = 0
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    c = store.conn
    with store.transaction():
        for members in groups.values():
            events = {rows[i]["event"] for i in members}
            if len(events) < 2:
                continue
            keep = rows[members[0]]["event"]  # the earliest report's event
            for ev in events - {keep}:
                # A mention the kept event already has is dropped, the others move over.
                c.execute("DELETE FROM event_mentions WHERE event = ? AND EXISTS (SELECT 1 FROM event_mentions k"
                          " WHERE k.event = ? AND k.article = event_mentions.article AND k.start = event_mentions.start)",
                          (ev, keep))  # fmt: skip
                c.execute("UPDATE event_mentions SET event = ? WHERE event = ?", (keep, ev))
                c.execute("DELETE FROM events WHERE id = ? AND id NOT IN (SELECT event FROM event_mentions)", (ev,))
                folded += 1
        _mark_merged(store)
    return folded
