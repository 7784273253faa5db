"""Stage ``places``: find place mentions and resolve them to coordinates in context.

Mentions come from spaCy (GPE, LOC, FAC) and from the curated supplement
(neighbourhoods, landmarks, rivers that the model misses). Each mention is
resolved against the gazetteer with the document's context: its country
focus (from demonyms and unambiguous names), the places it names nearby, and
containment ("Mosul's Old City" lies in Mosul). A name that cannot be resolved
stays a mention without coordinates rather than landing at a far namesake.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from functools import lru_cache

from dateline.analyse import stage
from dateline.analyse.gazetteer import (
    Gazetteer,
    Place,
    _data_file,
    distance_km,
    load_gazetteer,
    normalise,
)
from dateline.doc import Document

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_SUFFIXES = re.compile(
    r"\s+(?:province|governorate|region|district|county|city|state|river|neighbou?rhood)$", re.I
)
_PREFIXES = re.compile(r"^(?:the\s+)?(?:city|town|village|province|region|state)\s+of\s+", re.I)


@lru_cache(maxsize=1)
def _supplement_pattern() -> re.Pattern[str]:
    names: set[str] = set()
    with open(_data_file("places_supplement.csv"), newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.add(row["name"])
            names.update(a for a in row["alternate_names"].split("|") if a)
    names = {re.sub(r"^the\s+", "", n) for n in names}
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def find_mentions(doc: Document) -> list[tuple[int, int]]:
    """Character spans of place mentions (entities + supplement names), non-overlapping."""
    spans: list[tuple[int, int]] = []
    for ent in doc.layers.get("entities", []):
        if ent.label in PLACE_LABELS:
            spans.append(_trim(doc.text, ent.start, ent.end))
    for m in _supplement_pattern().finditer(doc.text):
        spans.append((m.start(), m.end()))
    spans = [s for s in spans if s[1] > s[0]]
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[tuple[int, int]] = []
    for s in spans:
        if not any(s[0] < k[1] and k[0] < s[1] for k in kept):
            kept.append(s)
    return sorted(kept)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the " and a trailing possessive from an entity span."""
    span = text[start:end]
    if span.lower().startswith("the "):
        start += 4
    if re.search(r"['’]s$", text[start:end]):
        end -= 2
    elif text[start:end].endswith(("'", "’")):
        end -= 1
    return start, end


def _candidates(gaz: Gazetteer, name: str) -> list[Place]:
    found = gaz.lookup(name)
    if not found:
        bare = _PREFIXES.sub("", _SUFFIXES.sub("", name.strip()))
        if bare != name:
            found = gaz.lookup(bare)
    return found


def country_focus(doc: Document, gaz: Gazetteer, names: list[str]) -> Counter[str]:
    """Country codes the document is about: demonyms plus country names and big cities."""
    votes: Counter[str] = Counter()
    for ent in doc.layers.get("entities", []):
        if ent.label == "NORP" and (iso := gaz.country_of_demonym(ent.text)):
            votes[iso] += 1
    for name in names:
        cands = _candidates(gaz, name)
        countries = {c.country for c in cands if c.kind == "country"}
        if len(countries) == 1:
            votes[countries.pop() or ""] += 2
        elif cands:
            best = max(cands, key=lambda c: c.population)
            if best.population >= 500_000 and best.country:
                votes[best.country] += 1
    votes.pop("", None)
    return votes


def resolve(
    name: str,
    gaz: Gazetteer,
    focus: Counter[str],
    named: set[str],
    anchors: list[Place],
) -> Place | None:
    """Pick the most likely place for ``name`` given the document context."""
    cands = [c for c in _candidates(gaz, name) if c.lat is not None]
    if not cands:
        return None
    total = sum(focus.values()) or 1
    best, best_score = None, -math.inf
    for c in cands:
        score = math.log10(c.population + 10)
        if c.kind == "country":
            score += 3.0
        if c.country and focus:
            score += 4.0 * focus.get(c.country, 0) / total
        if c.parent:
            score += 5.0 if normalise(c.parent) in named else -2.0
        if anchors:
            near = min(distance_km(c.lat, c.lon, a.lat, a.lon) for a in anchors if a.lat is not None)  # type: ignore[arg-type]
            if near < 300:
                score += 1.5
        if score > best_score:
            best, best_score = c, score
    # A tiny namesake far from the story is worse than no answer.
    tiny = best is not None and best.population < 1000 and best.kind == "city"
    if tiny and focus and best.country not in focus:  # type: ignore[union-attr]
        return None
    return best


@stage("places", version="1", requires=("entities",), assigns=("places",))
def places(doc: Document) -> None:
    """Add place mentions with name, coordinates, country, kind and geonameid."""
    gaz = load_gazetteer()
    spans = find_mentions(doc)
    names = [doc.text[s:e] for s, e in spans]
    focus = country_focus(doc, gaz, names)
    named = {normalise(n) for n in names}
    # First pass: unambiguous names anchor the rest.
    anchors: list[Place] = []
    for n in names:
        cands = [c for c in _candidates(gaz, n) if c.lat is not None]
        if len(cands) == 1 or (cands and cands[0].kind == "country"):
            anchors.append(cands[0])
    for (start, end), name in zip(spans, names, strict=True):
        place = resolve(name, gaz, focus, named, anchors)
        doc.add(
            "places",
            start,
            end,
            place.kind if place else "unresolved",
            name=place.name if place else name,
            lat=round(place.lat, 5) if place and place.lat is not None else None,
            lon=round(place.lon, 5) if place and place.lon is not None else None,
            country=place.country if place else None,
            kind=place.kind if place else None,
            geonameid=place.geonameid if place else None,
            parent=place.parent if place else None,
        )
