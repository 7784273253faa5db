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


@lru_cache(maxsize=4)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(re.sub(r"^the\s+", "", n)) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def find_mentions(doc: Document) -> list[tuple[int, int]]:
    """Character spans of place mentions (entities + supplement names), non-overlapping."""
    spans: list[tuple[int, int]] = []
    for ent in doc.layers.get("entities", []):
        if ent.label in PLACE_LABELS:
            spans.append(_trim(doc.text, ent.start, ent.end))
    for m in _supplement_pattern().finditer(doc.text):
        spans.append((m.start(), m.end()))
    gaz = load_gazetteer()
    if gaz.user_names:  # the user's own places, found even where the model sees no entity
        for m in _names_pattern(tuple(sorted(gaz.user_names))).finditer(doc.text):
            spans.append((m.start(), m.end()))
    for ent in doc.layers.get("entities", []):
        if ent.label == "NORP" and gaz.country_of_demonym(ent.text):
            spans.append((ent.start, ent.end))  # "Iraqi", "Sudanese": a country signal
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


_KIND_SUFFIX = {
    "county": ("county", "district"), "parish": ("county", "district"), "co": ("county", "district"),
    "province": ("region",), "governorate": ("region",), "region": ("region",), "state": ("region",),
    "district": ("district", "county", "region"), "river": ("river",), "city": ("city",),
}  # fmt: skip


def _candidates(gaz: Gazetteer, name: str) -> list[Place]:
    """Gazetteer entries for a mention; "X County" or "X River" only match that kind of place."""
    found = gaz.lookup(name)
    if found:
        return found
    m = re.match(r"^(.*?)\s+(county|parish|co|province|governorate|region|state|district|river|city)\.?$",
                 name.strip(), re.I)  # fmt: skip
    if m:
        kinds = _KIND_SUFFIX[m[2].lower()]
        return [c for c in gaz.lookup(m[1]) if c.kind in kinds]
    bare = _PREFIXES.sub("", name.strip())
    return gaz.lookup(bare) if bare != name.strip() else []


def demonym_place(gaz: Gazetteer, name: str) -> Place | None:
    """The country a demonym or adjective names ("Sudanese" → Sudan), or ``None``."""
    iso = gaz.country_of_demonym(name.strip())
    return gaz.countries.get(iso) if iso else None


def country_focus(doc: Document, gaz: Gazetteer, names: list[str]) -> Counter[str]:
    """Country codes the document is about: demonyms plus country names and big cities."""
    votes: Counter[str] = Counter()
    for ent in doc.layers.get("entities", []):
        if ent.label == "NORP" and (iso := gaz.country_of_demonym(ent.text)):
            votes[iso] += 1
    for name in names:
        if (d := demonym_place(gaz, name)) is not None:
            votes[d.country or ""] += 1
            continue
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


def _score(c: Place, name: str, focus: Counter[str], total: int, named: set[str],
           context: list[Place]) -> float:  # fmt: skip
    score = math.log10(c.population + 10)
    if c.name == name.strip() or (c.name.lower() == name.strip().lower() and not name.isupper()):
        score += 2.5  # the place's own name, not one of its (often historical) alternate names
    if c.kind == "country":
        score += 1.5
    if c.country and focus:
        score += 5.0 * focus.get(c.country, 0) / total
    if c.parent:
        score += 5.0 if normalise(c.parent) in named else -2.0
    near = [distance_km(c.lat, c.lon, p.lat, p.lon) for p in context  # type: ignore[arg-type]
            if p.lat is not None and p is not c and p.name != c.name]  # fmt: skip
    if near:
        d = min(near)
        score += 3.0 if d < 100 else 2.0 if d < 300 else 0.8 if d < 800 else 0.0
    return score


def resolve(
    name: str,
    gaz: Gazetteer,
    focus: Counter[str],
    named: set[str],
    context: list[Place],
) -> Place | None:
    """Pick the most likely place for ``name`` given the document context."""
    if (d := demonym_place(gaz, name)) is not None:
        return d
    cands = [c for c in _candidates(gaz, name) if c.lat is not None]
    if not cands:
        return None
    total = sum(focus.values()) or 1
    best = max(cands, key=lambda c: _score(c, name, focus, total, named, context))
    tiny = best.population < 1000 and best.kind == "city"
    if tiny and focus and best.country not in focus:
        return None  # a tiny namesake far from the story is worse than no answer
    return best


def resolve_mentions(doc: Document, spans: list[tuple[int, int]]) -> list[Place | None]:
    """Resolve each ``(start, end)`` mention of ``doc`` in the context of all of them.

    Two passes: the first uses population, kind and the document's country focus, with
    unambiguous names as context; the second re-decides every name with the places the
    first pass found for the *other* names (a Dublin among Ohio towns is in Ohio).
    """
    gaz = load_gazetteer()
    names = [doc.text[s:e] for s, e in spans]
    focus = country_focus(doc, gaz, names)
    named = {normalise(n) for n in names}
    anchors: list[Place] = []
    for n in names:
        cands = [c for c in _candidates(gaz, n) if c.lat is not None]
        if len(cands) == 1:
            anchors.append(cands[0])
    first = [resolve(n, gaz, focus, named, anchors) for n in names]
    context = [p for p in first if p is not None and p.kind not in ("country", "continent")]
    return [resolve(n, gaz, focus, named, context) for n in names]


@stage("places", version="1", requires=("entities",), assigns=("places",))
def places(doc: Document) -> None:
    """Add place mentions with name, coordinates, country, kind and geonameid."""
    spans = find_mentions(doc)
    gaz = load_gazetteer()
    for (start, end), place in zip(spans, resolve_mentions(doc, spans), strict=True):
        # A demonym names its country, but as a signal, not as where something happened.
        kind = "demonym" if gaz.country_of_demonym(doc.text[start:end]) else place.kind if place else None
        doc.add(
            "places",
            start,
            end,
            kind or "unresolved",
            name=place.name if place else doc.text[start:end],
            lat=round(place.lat, 5) if place and place.lat is not None else None,
            lon=round(place.lon, 5) if place and place.lon is not None else None,
            country=place.country if place else None,
            kind=kind,
            geonameid=place.geonameid if place else None,
            parent=place.parent if place else None,
        )
