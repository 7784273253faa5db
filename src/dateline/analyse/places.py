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
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

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
        if ent.label in PLACE_LABELS and not _TITLE.search(doc.text[max(0, ent.start - 12) : ent.start]):
            spans.append(_trim(doc.text, ent.start, ent.end))  # but not "coach Ripley", "Mr. Lincoln"
    for m in _supplement_pattern().finditer(doc.text):
        spans.append((m.start(), m.end()))
    gaz = load_gazetteer()
    if gaz.user_names:  # the user's own places, found even where the model sees no entity
        for m in _names_pattern(tuple(sorted(gaz.user_names))).finditer(doc.text):
            spans.append((m.start(), m.end()))
    for ent in doc.layers.get("entities", []):
        if (ent.label == "NORP" and gaz.country_of_demonym(ent.text) and not _SPEAKS.match(doc.text, ent.end)
                and not _LANGUAGE.search(doc.text[max(0, ent.start - 12) : ent.start])
                and not _LANGUAGE_AFTER.match(doc.text, ent.end)):  # fmt: skip
            spans.append((ent.start, ent.end))  # "Iraqi", "Sudanese": a country signal (not "spoke French")
    for m in _ROAD.finditer(doc.text):
        spans.append((m.start(), m.end()))  # "Highway 82", "County Road 109", "Interstate 395"
    for m in _DISTRICT.finditer(doc.text):
        spans.append((m.start(1), m.end(1)))  # "Rep. Torrey Westrom, R-Elbow Lake"
    for m in _DATELINE.finditer(doc.text):
        if any(c.lat is not None and (c.kind != "city" or c.population >= 1000) for c in gaz.lookup(m[1])):
            spans.append((m.start(1), m.end(1)))  # "COLUMBUS, Ohio (AP) —"
    for m in _COUNTIES.finditer(doc.text):
        for name in re.finditer(r"[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*)?", m[1]):
            spans.append((m.start(1) + name.start(), m.start(1) + name.end()))  # "Barrow and Jackson counties"
    spans = [_core(doc.text, gaz, s, e) for s, e in spans]
    kept = _non_overlapping(spans)
    kept += _embedded(doc, gaz, kept)
    kept = _non_overlapping(kept)
    kept += _same_name_again(doc, gaz, kept)
    return sorted(kept)


# A dateline: a capitalised place opening a paragraph (or following the date line, "March 24,
# 2009 MANSFIELD --"), before the state, the agency, a dash or a colon ("BEIRUT: ").
_DATELINE = re.compile(
    r"(?:^|(?<=\n)|(?<=\. )|(?<=\d{4} ))([A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,2})"
    r"(?=,\s+[A-Z][\w.]+(?:\s[A-Z][\w.]+)?\s*(?:\(|(?:--|[—–-])\s)|\s*\((?:AP|Reuters|AFP|UPI|CNN|Xinhua)\)"
    r"|\s+(?:--|[—–-])\s|:\s)"
)
# "Barrow, Jackson and Madison counties": each name is a county.
_COUNTY_NAME = r"[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*)?"
_COUNTIES = re.compile(
    rf"\b((?:{_COUNTY_NAME},\s+)*{_COUNTY_NAME},?\s+(?:and|or)\s+{_COUNTY_NAME})\s+(?:counties|parishes)\b"
)


def county_hint(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is one of a list followed by "counties"."""
    return bool(re.match(rf"(?:,?\s+(?:and|or)\s+{_COUNTY_NAME}|,\s+{_COUNTY_NAME})*\s+(?:counties|parishes)\b",
                         text[end : end + 200]))  # fmt: skip


def _counties_of(text: str, gaz: Gazetteer, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is a county, read from a following "counties"."""
    if not county_hint(text, end) or not _candidates(gaz, text[start:end] + " County"):
        return False
    listed = re.search(r"(?:,|\b(?:and|or))\s*$", text[max(0, start - 8) : start]) or re.match(r",|\s+(?:and|or)\b", text[end:])
    return bool(listed) or not any(c.kind in ("region", "country") for c in gaz.lookup(text[start:end]))


_DIRECTION = re.compile(
    r"^(?:(?:North|South|East|West|Central|Northern|Southern|Eastern|Western|Upper|Lower|Greater|Metro|Downtown)"
    r"(?:[- ]?(?:east|west|ern|western|eastern))?|north|south|east|west|central|northern|southern|eastern|"
    r"western|northeast|northwest|southeast|southwest|downtown|metro)\s+", re.I)
_GENERIC_SUFFIX = re.compile(r"\s+(?:province|city|City|district|region|municipality)$")


def _core(text: str, gaz: Gazetteer, start: int, end: int) -> tuple[int, int]:
    """The place name inside "Northeast Georgia", "Eastern China", "Aceh province", "Fargo city":
    a direction before or a generic word after a known name is not part of it, unless the
    whole is a name of its own ("South Africa", "West Virginia", "Mexico City")."""
    name = text[start:end]
    if gaz.lookup(name):
        return start, end
    if (m := _DIRECTION.match(name)) and gaz.lookup(name[m.end() :]):
        return start + m.end(), end
    if (m := _GENERIC_SUFFIX.search(name)) and gaz.lookup(name[: m.start()]):
        return start, start + m.start()
    return start, end


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest spans first; a span overlapping one already kept is dropped."""
    kept: list[tuple[int, int]] = []
    starts: list[int] = []  # the kept spans in text order: disjoint, so their ends ascend too
    ends: list[int] = []
    for s in sorted((s for s in spans if s[1] > s[0]), key=lambda s: (-(s[1] - s[0]), s[0])):
        i = bisect_left(starts, s[1])  # kept spans starting before this one ends…
        if i and ends[i - 1] > s[0]:  # …the last of which reaches into it
            continue
        kept.append(s)
        starts.insert(i, s[0])
        ends.insert(i, s[1])
    return kept


class _Covered:
    """Which of a fixed set of spans overlap a given span, in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span ``(s, e)`` has ``s < end`` and ``start < e``."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start


_WORDS = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}")
EMBEDDED_LABELS = {"ORG", "EVENT", "PERSON"}
_ROAD = re.compile(r"\b(?:(?:U\.?S\.?|State|County|Farm to Market)\s+(?:Highway|Road|Route)|Highway|Interstate|"
                   r"Route|I-)\s?\d{1,4}[A-Z]?\b")
_DISTRICT = re.compile(r"\b(?:R|D|DFL|I)-((?:[A-Z][a-z]+\.?)(?:\s[A-Z][a-z]+)?)(?=[,)])")
_INSTITUTION = re.compile(
    r"\s+(?:Police|Fire|Sheriff|City Council|City Hall|Mayor|Schools?|High School|Public|Municipal|"
    r"County|Chamber|Airport|Hospital|Library|Zoo|Parks?)\b"
)
_CITY_BODY = re.compile(r"\s+(?:Council|Hall|Schools?|Commission|Manager|Attorney|Clerk|Police|Elections)\b")
_OF_IN = re.compile(r"\S\s+(?:of|in)\s+$")
BIG_CITY = 20_000
CONTAINED_IN_REGION = 1.0
CONTAINED_IN_COUNTY = 3.0
NAMED_COUNTRY_METROPOLIS, METROPOLIS = 3.0, 1_000_000


_GENERIC = frozenset(
    ["police", "university", "center", "centre", "bank", "bell", "union", "hall", "park", "church", "college", "school", "hospital", "court", "department", "national", "international", "general", "memorial", "fire", "street", "road", "city", "county", "state", "west", "east", "north", "south", "northwest", "northeast", "southwest", "southeast", "central", "southern", "northern", "eastern", "western", "olympic", "olympics", "new", "old", "great", "united", "federal", "royal", "american", "america", "victoria", "washington", "lincoln", "franklin", "jackson", "madison", "monroe"]
)


def _known(gaz: Gazetteer, name: str, named: set[str], big: int = BIG_CITY, institution: bool = False) -> bool:
    """A name that is surely a place when it sits inside another name: a country, region or
    county, a sizeable city (two words or more), or a place the report names on its own."""
    if normalise(name) in named:
        return True
    if name.lower() in _GENERIC:
        return False
    one_word = " " not in name
    return any(c.kind in ("country", "region", "county") or ((not one_word or institution) and c.population >= big)
               for c in _candidates(gaz, name) if c.lat is not None)  # fmt: skip


def _embedded(doc: Document, gaz: Gazetteer, kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Places inside the names of organisations and events ("Gainesville Police", "the Minnesota
    Department of Transportation", "Walker County Fair"): where they are is news too."""
    named = {normalise(doc.text[s:e]) for s, e in kept}
    covered = _Covered(kept)
    out = []
    for ent in doc.layers.get("entities", []):
        if ent.label not in EMBEDDED_LABELS or covered.overlaps(ent.start, ent.end):
            continue
        text = doc.text[ent.start : ent.end]
        if ent.label == "PERSON" and not re.search(r"\b(?:Sheriff|Mayor|Police|Fire|Parks?|Elementary|Fair)\b", text):
            continue  # a person's name is a place only inside an office's or a body's name
        best = None
        for m in re.finditer(r"[A-Z][\w.'’-]*", text):
            words = text[m.start() :].split()
            for n in range(min(3, len(words)), 0, -1):
                cand = re.sub(r"['’]s$|,$", "", " ".join(words[:n]))
                cand = cand if "." in cand[:-1] else cand.rstrip(".")  # keep "U.S.", drop a full stop
                rest = text[m.start() + len(cand) :]
                if cand.endswith(" City") and _CITY_BODY.match(rest):
                    continue  # "Dublin City Council" is Dublin's council (not Dublin City, Ireland)
                # "Gainesville Police", "the University of Rochester", "a school in Lombard"
                institution = bool(_INSTITUTION.match(rest) or _OF_IN.search(text[: m.start()]))
                if cand and cand != text and not cand.startswith("The ") and _known(gaz, cand, named, institution=institution):
                    if best is None or len(cand) > len(best[1]):
                        best = (m.start(), cand)
                    break
        if best:
            out.append((ent.start + best[0], ent.start + best[0] + len(best[1])))
    return out


def _same_name_again(doc: Document, gaz: Gazetteer, kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One name, one sense per report: a name found as a place is a place wherever else the
    report uses it on its own ("Fargo raised its goal"), unless it begins a person's name."""
    names = {doc.text[s:e] for s, e in kept}
    names = {n for n in names if len(n) > 2 and n[0].isupper() and not gaz.country_of_demonym(n)
             and n.lower() not in _GENERIC
             and any(c.lat is not None and (c.kind != "city" or c.population >= 5000) for c in _candidates(gaz, n))}  # fmt: skip
    if not names:
        return []
    persons = [(e.start, e.end) for e in doc.layers.get("entities", []) if e.label == "PERSON"]
    covered = _Covered(kept)
    out = []
    for m in _names_pattern(tuple(sorted(names))).finditer(doc.text):
        s, e = m.start(), m.end()
        if covered.overlaps(s, e):
            continue
        if any(ps <= s and e <= pe and (pe - ps) > (e - s) for ps, pe in persons):
            continue  # "Jackson" in "Andrew Jackson"
        if any(ps <= s and e <= pe for ps, pe in persons) and (
            _SPEAKS.match(doc.text, e) or _TITLE.search(doc.text[max(0, s - 12) : s])
            or re.search(r"\b(?:coach|officer|deputy|chief|sheriff|mayor)\s+$", doc.text[max(0, s - 12) : s], re.I)
        ):
            continue  # "Underwood said", "coach Ripley": a person who shares a town's name
        if re.match(r"\s+[A-Z][a-z]", doc.text[e : e + 3]) and not re.match(r"\s+(?:County|City|Parish)\b", doc.text[e:]):
            continue  # the start of a longer name ("Jackson Street", "Dublin Scioto High")
        out.append((s, e))
    return out


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
    "prefecture": ("region",), "oblast": ("region",),
    "district": ("district", "county", "region"), "river": ("river",), "city": ("city",),
}  # fmt: skip


def _candidates(gaz: Gazetteer, name: str) -> list[Place]:
    """Gazetteer entries for a mention; "X County" or "X River" only match that kind of place."""
    found = gaz.lookup(name)
    if found:
        return found
    m = re.match(r"^(.*?)\s+(county|parish|co|province|governorate|prefecture|oblast|region|state|district|river|city)\.?$",
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


def _votes(gaz: Gazetteer, name: str) -> Counter[str]:
    """The countries one place name points to: a country name twice, a demonym or a big city once."""
    votes: Counter[str] = Counter()
    if (d := demonym_place(gaz, name)) is not None:
        votes[d.country or ""] += 1
        return votes
    cands = _candidates(gaz, name)
    countries = {c.country for c in cands if c.kind == "country"}
    states = {c.country for c in cands if c.kind == "region" and c.country not in countries}
    if len(countries) == 1 and states:
        for iso in countries | states:  # Georgia the country or the US state: the other
            votes[iso or ""] += 1  # names of the report decide
    elif len(countries) == 1:
        votes[next(iter(countries)) or ""] += 2
    elif cands:
        best = max(cands, key=lambda c: c.population)
        if best.population >= 500_000 and best.country:
            votes[best.country] += 1
    return votes


def country_focus(doc: Document, gaz: Gazetteer, names: list[str]) -> Counter[str]:
    """Country codes the document is about: demonyms plus country names and big cities."""
    votes: Counter[str] = Counter()
    for ent in doc.layers.get("entities", []):
        if ent.label == "NORP" and (iso := gaz.country_of_demonym(ent.text)):
            votes[iso] += 1
    for name in names:
        if demonym_place(gaz, name) is None:  # demonym entities were counted above
            votes.update(_votes(gaz, name))
    votes.pop("", None)
    return votes


@dataclass
class Containment:
    """What the report's other places say a candidate lies in, or contains."""

    regions: set[tuple[str | None, str]] = field(default_factory=set)  # (country, state) named
    counties: set[str] = field(default_factory=set)  # county names, normalised
    towns_in: set[tuple[str, str | None]] = field(default_factory=set)  # (county, state) of towns found
    countries: set[str] = field(default_factory=set)  # countries named outright, or by their people


# Latitude differences beyond which two points are surely farther apart than so many km
# (a degree of latitude is at least 111.19 km on the sphere ``distance_km`` uses).
_DEG_LAT_BEYOND = {km: km / 111.0 for km in (100, 800)}


def _score(c: Place, name: str, focus: Counter[str], total: int, named: Counter[str],
           context: list[Place], inside: Containment | None = None) -> float:  # fmt: skip
    score = math.log10(c.population + 10)
    if inside is not None:
        if c.kind == "city":
            if c.admin1 and (c.country, c.admin1) in inside.regions and normalise(c.admin1) != normalise(name):
                score += CONTAINED_IN_REGION  # "Paris" in a report that names Texas
            if c.admin2 and normalise(c.admin2) in inside.counties and normalise(c.admin2) != normalise(name):
                score += CONTAINED_IN_COUNTY  # "Paris" beside "Henry County": Paris, Tennessee
                # (not a town in a county of its own name: a name is no evidence for itself)
        elif c.kind in ("county", "district") and (normalise(c.name), c.admin1) in inside.towns_in:
            score += CONTAINED_IN_COUNTY  # the Henry County that holds the report's Paris
        if c.kind == "city" and c.population >= METROPOLIS and c.country in inside.countries:
            score += NAMED_COUNTRY_METROPOLIS  # Moscow in a report that names Russia, however American
    if c.name == name.strip() or (c.name.lower() == name.strip().lower() and not name.isupper()):
        score += 2.5  # the place's own name, not one of its (often historical) alternate names
    if c.kind == "country":
        score += 1.5
    if c.country and focus:
        score += 5.0 * focus.get(c.country, 0) / total
    elif c.country is None and focus:  # a region above countries ("the Middle East") is in every
        score += 5.0 * max(focus.values()) / total  # report's focus, not only in its namesakes'
    if c.parent:
        times = named[normalise(c.parent)]  # the state named most often wins a tie of counties
        score += 5.0 + 0.5 * min(times - 1, 3) if times else -2.0
    # (a place more than ~7.2 degrees of latitude away is beyond 800 km: it adds nothing)
    near = [distance_km(c.lat, c.lon, p.lat, p.lon) for p in context  # type: ignore[arg-type]
            if p.lat is not None and abs(c.lat - p.lat) <= _DEG_LAT_BEYOND[800]  # type: ignore[operator]
            and p is not c and p.name != c.name]  # fmt: skip
    if near:
        d = min(near)
        score += 3.0 if d < 100 else 2.0 if d < 300 else 0.8 if d < 800 else 0.0
    return score


def resolve(
    name: str,
    gaz: Gazetteer,
    focus: Counter[str],
    named: Counter[str],
    context: list[Place],
    inside: Containment | None = None,
    town: bool = False,
) -> Place | None:
    """Pick the most likely place for ``name`` given the document context (not a country,
    when ``town``: "a Lebanon woman" lives in a town, "a Lebanese woman" in the country)."""
    if (d := demonym_place(gaz, name)) is not None:
        return d
    cands = [c for c in _candidates(gaz, name) if c.lat is not None]
    if town:
        cands = [c for c in cands if c.kind != "country"] or cands
    if not cands:
        return None
    total = sum(focus.values()) or 1
    best = max(cands, key=lambda c: _score(c, name, focus, total, named, context, inside))
    tiny = best.population < 1000 and best.kind == "city"
    if tiny and focus and best.country not in focus:
        return None  # a tiny namesake far from the story is worse than no answer
    small_alias = best.kind == "city" and best.population < 20_000 and normalise(best.name) != normalise(name)
    if small_alias and focus and best.country not in focus:
        return None  # "Kristina" is a Swedish name for Ristiina, Finland: too slight a link
    return best


def resolve_mentions(doc: Document, spans: list[tuple[int, int]]) -> list[Place | None]:
    """Resolve each ``(start, end)`` mention of ``doc`` in the context of all of them.

    Two passes: the first uses population, kind and the document's country focus, with
    unambiguous names as context; the second re-decides every name with the places the
    first pass found for the *other* names (a Dublin among Ohio towns is in Ohio).
    """
    gaz = load_gazetteer()
    # "Wayne and Holmes counties" names two counties; "Indiana counties" names a state's.
    names = [doc.text[s:e] + (" County" if _counties_of(doc.text, gaz, s, e) else "") for s, e in spans]
    focus = country_focus(doc, gaz, names)
    named = Counter(normalise(n) for n in names)
    cands_of = {n: _candidates(gaz, n) for n in set(names)}
    located = {n: [c for c in cands if c.lat is not None] for n, cands in cands_of.items()}
    anchors = [cands[0] for cands in located.values() if len(cands) == 1]  # unambiguous names
    # A name does not vote for its own reading: "Jordan" next to Shakopee is in Minnesota.
    own = {n: _votes(gaz, n) for n in set(names)}
    counts = Counter(names)
    focus_without = {}
    for n in own:
        f = focus.copy()
        f.subtract(Counter({k: v * counts[n] for k, v in own[n].items()}))
        focus_without[n] = +f
    counties = {normalise(n) for n in cands_of if any(c.kind in ("county", "district") for c in cands_of[n])}
    countries = {c.country for n in cands_of for c in cands_of[n] if c.kind == "country" and c.country}
    countries |= {d.country for n in cands_of if (d := demonym_place(gaz, n)) is not None and d.country}
    countries |= {iso for e in doc.layers.get("entities", []) if e.label == "NORP"
                  and (iso := gaz.country_of_demonym(e.text))}  # fmt: skip
    inside = Containment(counties=counties, countries=countries)
    # Every mention of a name gets the same reading: decide each name once (the context
    # holds a place once however often it is named: only the nearest one counts).
    first = {n: resolve(n, gaz, focus_without[n], named, anchors, inside) for n in counts}.values()
    context = [p for p in first if p is not None and p.kind not in ("country", "continent")]
    inside = Containment(
        regions={(p.country, p.admin1) for p in first if p is not None and p.kind == "region" and p.admin1},
        counties=counties,
        towns_in={(normalise(p.admin2), p.admin1) for p in first if p is not None and p.kind == "city" and p.admin2
                  and normalise(p.admin2) != normalise(p.name)},
        countries=countries,
    )
    # "a Lebanon woman", "400 S. Locust St., Lebanon": used so, a name is a town's.
    towns = {n for (s, e), n in zip(spans, names, strict=True)
             if _RESIDENT.match(doc.text, e) or _ADDRESS.search(doc.text[max(0, s - 40) : s])}  # fmt: skip
    final = {n: resolve(n, gaz, focus_without[n], named, context, inside, town=n in towns) for n in counts}
    _short_for_county(final, located)
    return [final[n] for n in names]


def _short_for_county(final: dict[str, Place | None], located: dict[str, list[Place]]) -> None:
    """A report that names "DeKalb County" and then "north DeKalb" means the county by the
    short name too, unless a town of that name lies in that county (the county seat)."""
    by_norm = {normalise(n): p for n, p in final.items()}
    for n, p in final.items():
        county = by_norm.get(normalise(n + " County"))
        if county is None or county.kind != "county" or n.endswith(("County", "Parish")):
            continue
        seats = [c for c in located.get(n, []) if c.kind == "city" and c.admin1 == county.admin1
                 and normalise(c.admin2 or "") == normalise(county.name)]  # fmt: skip
        if seats:
            final[n] = max(seats, key=lambda c: c.population)
        elif p is None or p.admin1 != county.admin1:
            final[n] = county


_LANGUAGE = re.compile(r"\b(?:speaks?|spoke|speaking|learn(?:s|ed|ing)?|teach(?:es|ing)?|taught|fluent in|translated (?:in)?to)\s+(?:only\s+)?$", re.I)
_LANGUAGE_AFTER = re.compile(r"\s+(?:language|speakers?|immersion|lessons?|classes|class|translation|subtitles)\b", re.I)
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|President|Judge|Sheriff|[Cc]oach|[Oo]fficer|[Dd]eputy|Sgt|Lt|Capt)\.?\s+$")
NEAR_KM_MISLABELLED = 100
BIG_CITY_MISLABELLED = 100_000
_SPEAKS = re.compile(r"\s*(?:,\s*who\b|said|says|told|added|asked|wrote|announced|denied|warned)")


def _mislabelled(doc: Document, gaz: Gazetteer, spans: list[tuple[int, int]],
                 resolved: list[Place | None]) -> list[tuple[int, int]]:  # fmt: skip
    """Names the model took for a person or an organisation ("Alexandria", "Fargo") that are
    places within ``NEAR_KM_MISLABELLED`` km of the places the report names."""
    context = [p for p in resolved if p is not None and p.lat is not None and p.kind not in ("country", "continent", "region")]
    countries = {p.country for p in resolved if p is not None and p.country}
    ents = doc.layers.get("entities", [])
    person_words = {w for e in ents if e.label == "PERSON" and " " in e.text.strip() for w in e.text.split()}
    covered = _Covered(spans)
    out = []
    for ent in ents:
        if ent.label not in ("PERSON", "ORG", "NORP", "PRODUCT") or covered.overlaps(ent.start, ent.end):
            continue
        text = doc.text[ent.start : ent.end]
        if len(text.split()) > 3 or text.lower() in _GENERIC or _TITLE.search(doc.text[max(0, ent.start - 12) : ent.start]):
            continue
        cands = [c for c in _candidates(gaz, text) if c.lat is not None and (c.kind != "city" or c.population >= 1000)]
        if any(distance_km(c.lat, c.lon, p.lat, p.lon) <= NEAR_KM_MISLABELLED  # type: ignore[arg-type]
               for c in cands for p in context
               if abs(c.lat - p.lat) <= _DEG_LAT_BEYOND[NEAR_KM_MISLABELLED] and p.name != c.name):  # type: ignore[operator]  # fmt: skip
            out.append((ent.start, ent.end))
        elif re.match(r"\s+[A-Z][a-z]", doc.text[ent.end : ent.end + 3]):
            continue  # the start of a longer name: "a Toyota Corolla"
        elif (
            " " not in text
            # by its own name, not a namesake's alternate one ("Hamas" is not Hamm)
            and any(c.kind == "city" and c.population >= BIG_CITY_MISLABELLED and normalise(c.name) == normalise(text)
                    for c in cands)
            and text not in person_words  # "Houston" where the report names Whitney Houston
            and not _SPEAKS.match(doc.text, ent.end)
        ):
            out.append((ent.start, ent.end))  # "a Gainesville man": a big city is a place
        elif (
            (_IN_TOWN.search(doc.text[max(0, ent.start - 10) : ent.start]) or _RESIDENT.match(doc.text, ent.end))
            and any(c.kind == "city" and c.country in countries for c in cands)
            and text not in person_words
        ):
            out.append((ent.start, ent.end))  # "in Youngstown", "a Winona man", in a country the report names
    return out + _unlabelled_towns(doc, gaz, spans, context, person_words)


_CAPITALISED = re.compile(r"(?<![\w.'’-])[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}(?![\w'’-])")
_TOWN_BEFORE = re.compile(r"(?:\b(?:in|near|outside|of|from)|\b[RD]-?)\s*$")
_TOWN_AFTER = re.compile(r"\s+(?:police|officials|residents?|council|schools?|man|woman|native|mayor)\b")


def _unlabelled_towns(doc: Document, gaz: Gazetteer, spans: list[tuple[int, int]], context: list[Place],
                      person_words: set[str]) -> list[tuple[int, int]]:  # fmt: skip
    """Towns the model did not label at all ("Roselle police ticketed…", "Kalena Horhn of
    Grand Prairie"): a capitalised name after "in", "of", "from" or before "police",
    "residents", "man"…, that is a town within ``NEAR_KM_MISLABELLED`` km of the report's
    other places."""
    if not context:
        return []
    taken = _Covered(sorted(spans + [(e.start, e.end) for e in doc.layers.get("entities", [])]))
    out = []
    for m in _CAPITALISED.finditer(doc.text):
        s, e = m.start(), m.end()
        name = m.group()
        if taken.overlaps(s, e) or name.lower() in _GENERIC or name in person_words:
            continue
        if not (_TOWN_BEFORE.search(doc.text[max(0, s - 8) : s]) or _TOWN_AFTER.match(doc.text, e)):
            continue
        cands = [c for c in _candidates(gaz, name) if c.kind == "city" and c.lat is not None and c.population >= 1000]
        if any(distance_km(c.lat, c.lon, p.lat, p.lon) <= NEAR_KM_MISLABELLED  # type: ignore[arg-type]
               for c in cands for p in context
               if abs(c.lat - p.lat) <= _DEG_LAT_BEYOND[NEAR_KM_MISLABELLED] and p.name != c.name):  # type: ignore[operator]  # fmt: skip
            out.append((s, e))
    return out


_ADDRESS = re.compile(r"\d+\s+(?:[NSEW]\.\s+)?[A-Z][a-z]+\s+(?:St|Ave|Rd|Road|Street|Avenue|Blvd|Dr|Drive|Lane|Ln)\.?,\s*$")
_IN_TOWN = re.compile(r"\b(?:in|near|outside)\s+$", re.I)
_RESIDENT = re.compile(r"\s+(?:man|woman|men|women|residents?|natives?|teen(?:ager)?s?|boy|girl|couple|family)\b")


_FACILITY = re.compile(
    r"\s+(?:Police|Fire|Sheriff|Jail|Court|Courthouse|City Hall|Town Hall|Civic Center|Recreation Center|"
    r"High School|Middle School|Elementary|School|College|University|Hospital|Library|Airport|Station|"
    r"Church|Chamber|Inn|Hotel|Museum|Galleria|Mall|Development|"
    r"District|Department|Office|Council|Board|Common Pleas|Commons?|Square|Adult|Art|Singers|Lottery|Live|"
    r"North|South|East|West)\b"
)


def _by_the_place_inside(doc: Document, gaz: Gazetteer, spans: list[tuple[int, int]],
                         resolved: list[Place | None]) -> tuple[list[tuple[int, int]], list[Place | None]]:  # fmt: skip
    """Unresolved names of several words that open with a known place, decided among the
    report's other places:

    - before a word for a body or a building ("Henderson County Jail", "Mount Pleasant Civic
      Center"), the mention is that place's name alone;
    - otherwise ("Santa Clara Valley", "Tennessee Colony") the mention keeps its extent and
      takes that place's reading, which is near if not exact;
    - streets are neither: Darby Street need not be in Darby.
    """
    named = {normalise(doc.text[s:e]) for (s, e), p in zip(spans, resolved, strict=True) if p is not None}
    inner: dict[int, tuple[int, int]] = {}
    trim: set[int] = set()
    for i, ((s, e), p) in enumerate(zip(spans, resolved, strict=True)):
        text = doc.text[s:e]
        if p is not None or " " not in text.strip() or _STREET.search(text):
            continue
        words = text.split()
        for n in range(min(3, len(words) - 1), 0, -1):
            cand = " ".join(words[:n])
            rest = text[len(cand) :]
            facility = bool(_FACILITY.match(rest))
            if _known(gaz, cand, named, big=1000 if facility else BIG_CITY, institution=facility):
                inner[i] = (s, s + len(cand))
                if facility:
                    trim.add(i)
                break
    if not inner:
        return spans, resolved
    again = resolve_mentions(doc, [inner.get(i, sp) for i, sp in enumerate(spans)])
    found = {i for i in inner if again[i] is not None}
    return ([inner[i] if i in found and i in trim else sp for i, sp in enumerate(spans)],
            [again[i] if i in found else p for i, p in enumerate(resolved)])  # fmt: skip


_STREET = re.compile(r"\b(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Drive|Dr\.|Boulevard|Blvd\.|Lane|Way|Highway|Route|"
                     r"Pike|Parkway|Trail|Place)$")


_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|from|into|across|towards?|through|of)\s+(?:the\s+)?$", re.I)


def _place_like(text: str, start: int, end: int) -> bool:
    """Whether an unresolved mention still reads as a place: several words ("Oakport
    Township", "Cooper Street"), or one word after a locative preposition ("in Harwinton")."""
    if " " in text[start:end].strip():
        return True
    return bool(_LOCATIVE.search(text[max(0, start - 20) : start]))


@stage("places", version="1", requires=("entities",), assigns=("places",))
def places(doc: Document) -> None:
    """Add place mentions with name, coordinates, country, kind and geonameid."""
    spans = find_mentions(doc)
    gaz = load_gazetteer()
    resolved = resolve_mentions(doc, spans)
    extra = _mislabelled(doc, gaz, spans, resolved)
    if extra:
        spans = sorted(spans + extra)
        resolved = resolve_mentions(doc, spans)
    spans, resolved = _by_the_place_inside(doc, gaz, spans, resolved)
    for (start, end), place in zip(spans, resolved, strict=True):
        if place is None and not _place_like(doc.text, start, end):
            continue  # "Pawlenty", "Titan": one unknown word the model took for a place
        if place is not None and place.kind == "landmark" and _SPEAKS.match(doc.text, end):
            continue  # "the Kremlin said", "the White House announced": the institution speaking
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
