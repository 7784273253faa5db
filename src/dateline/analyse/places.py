"""Stage ``places``: resolve the place names of a report to coordinates, in context.

The names come from :mod:`dateline.analyse.place_names`. Each is resolved against the
gazetteer with the report's context: its country focus (from demonyms and unambiguous
names), the places it names nearby, and containment ("Mosul's Old City" lies in Mosul; a
town in a county the report names). A second look, with the places resolved, finds names
the model took for persons or organisations, or did not label, that lie near the others.
A name that cannot be resolved stays a mention without coordinates rather than landing at
a far namesake.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from dateline.analyse import stage
from dateline.analyse.gazetteer import (
    Gazetteer,
    Place,
    city_aliases,
    distance_km,
    load_gazetteer,
    normalise,
)
from dateline.analyse.place_names import (
    BIG_CITY,
    CITY_BODY,
    FEATURE_WORDS,
    GENERIC_WORDS,
    OFFICE_AFTER,
    PARTY,
    SPEAKS,
    STREET_WORDS,
    TITLE,
    Covered,
    candidates,
    counties_of,
    find_mentions,
    known_place,
    listed_place,
    same_name_again,
)
from dateline.doc import Document

CONTAINED_IN_REGION = 1.0
CONTAINED_IN_COUNTY = 3.0
NAMED_COUNTRY_METROPOLIS, METROPOLIS = 3.0, 1_000_000
DWARFED = 10_000  # a world city's population over a village namesake's


def demonym_place(gaz: Gazetteer, name: str) -> Place | None:
    """The country a demonym or adjective names ("Sudanese" → Sudan), the region or city of a
    regional one ("Ohioans" → Ohio, "Chechen" → Chechnya), or ``None``."""
    word = name.strip().replace("’", "'")
    iso = gaz.country_of_demonym(word)
    if iso and (home := gaz.demonym_places.get(word)):
        same = [c for c in gaz.lookup(home) if c.country == iso and c.kind in ("region", "city") and c.lat is not None]
        if same:
            return max(same, key=lambda c: (c.kind == "region", c.population))
    return gaz.countries.get(iso) if iso else None


def _votes(gaz: Gazetteer, name: str) -> Counter[str]:
    """The countries one place name points to: a country name twice, a demonym or a big city once."""
    votes: Counter[str] = Counter()
    if (d := demonym_place(gaz, name)) is not None:
        votes[d.country or ""] += 1
        return votes
    cands = candidates(gaz, name)
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


_CURATED_KINDS = frozenset(["sea", "river", "landmark", "neighbourhood"])


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
    if (c.name == name.strip() or (c.name.lower() == name.strip().lower() and not name.isupper()) or c.kind in _CURATED_KINDS
            or city_aliases().get(name.strip(), ("",))[0] == c.name):  # "LA" is Los Angeles, unless after a town ("Monroe, LA")
        score += 2.5  # the place's own name, not one of a town's (often historical) alternate names;
        # the other names of seas, rivers and landmarks are curated ("the Atlantic")
    if c.kind == "country":
        score += 1.5
    elif c.kind == "landmark":
        score += 2.0  # the curated White House, not White House, Tennessee
    elif c.kind == "region" and c.geonameid is None and c.country is None:
        score += 2.0  # a curated region above countries: "the Middle East", not a Baltimore neighbourhood
    if c.country and focus:
        score += 5.0 * focus.get(c.country, 0) / total
    elif c.country is None and focus:  # a region above countries ("the Middle East") is in every
        score += 5.0 * max(focus.values()) / total  # report's focus, not only in its namesakes'
        if c.kind == "sea":  # "the Gulf" beside Saudi Arabia and Yemen, or beside the United States
            score += SEA_SHORE * _focus_near(c, focus, SEA_REACH_KM) / total
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
    cands = [c for c in candidates(gaz, name) if c.lat is not None]
    if town:
        cands = [c for c in cands if c.kind != "country"] or cands
    if not cands:
        return None
    total = sum(focus.values()) or 1
    best = max(cands, key=lambda c: _score(c, name, focus, total, named, context, inside))
    if best.kind == "city" and not town:
        # A country by its own name is the country, however many of the report's places lie
        # near a town of that name ("Greece" beside Rochester). The town is written with its
        # state ("Greece, N.Y.", read as a pair) or as a resident's ("a Lebanon woman"); or the
        # report names its state and no other country (Cuba in a report on Missouri's towns).
        country = [c for c in cands if c.kind == "country" and normalise(c.name) == normalise(name)
                   and c.country != best.country]  # (Singapore the city is in Singapore)
        if country:
            tied = inside is not None and (best.country, best.admin1) in inside.regions
            abroad = inside is not None and bool(inside.countries - {best.country, country[0].country})
            if abroad or not tied:
                return country[0]
    tiny = best.population < 1000 and best.kind == "city"
    if tiny and focus and best.country not in focus and not _anchored(best, context, inside):
        return None  # a tiny namesake far from the story is worse than no answer (but not a village
        # beside the report's towns)
    small_alias = best.kind == "city" and best.population < 20_000 and normalise(best.name) != normalise(name)
    if small_alias and best.country not in focus:
        return None  # "Kristina" is a Swedish name for Ristiina, Finland: too slight a link
    # A village whose name a world city bears ten thousand times over (Cairo, Ohio) needs more
    # than its state named somewhere in the report: its county, or a place nearby.
    dwarfed = best.kind == "city" and any(c.kind == "city" and c.population >= METROPOLIS and _own_name(c, name)
                                          and c.population >= DWARFED * max(best.population, 1) for c in cands)  # fmt: skip
    if best.kind == "city" and best.population < 20_000 and not _anchored(best, context, inside, state=not dwarfed):
        # "London" in a report on the Gulf of Mexico is London, England, not London, Kentucky,
        # unless the report names Kentucky, Laurel County or a town nearby; "China" is China.
        big = [c for c in cands if (c.kind in ("country", "continent", "sea")
                                    or (c.kind in ("city", "region") and c.population >= METROPOLIS))
               and _own_name(c, name)]  # fmt: skip
        if big:  # and "China" is China, "the Middle East" the region (not a Baltimore neighbourhood)
            return max(big, key=lambda c: (c.kind == "country", c.population))
    return best


SEA_SHORE = 2.0
SEA_REACH_KM = 2000


def _focus_near(c: Place, focus: Counter[str], km: float) -> float:
    """The report's country votes for countries whose middle lies within ``km`` of ``c``, each
    counted by how close it is (in full at ``c``, nothing at ``km``)."""
    countries = load_gazetteer().countries
    near = 0.0
    for iso, n in focus.items():
        p = countries.get(iso)
        if p is not None and p.lat is not None:
            near += n * max(0.0, 1 - distance_km(c.lat, c.lon, p.lat, p.lon) / km)  # type: ignore[arg-type]
    return near


def _own_name(c: Place, name: str) -> bool:
    """``name`` is the place's own name, as written or in capitals ("LONDON , July 26 (Reuters)",
    a wire's dateline; not an abbreviation such as "LA")."""
    name = name.strip()
    return c.name == name or (name.isupper() and len(name) > 3 and c.name.upper() == name)


def _anchored(c: Place, context: list[Place], inside: Containment | None, state: bool = True) -> bool:
    """Whether the report ties a town to its area: its state (unless not ``state``) or county
    named, or another of its places within 100 km."""
    if inside is not None and ((state and (c.country, c.admin1) in inside.regions)
                               or normalise(c.admin2 or "") in inside.counties):  # fmt: skip
        return True
    return _near(c, context, 100)


def _near(c: Place, context: list[Place], km: int) -> bool:
    """Whether another of the report's places (not ``c``'s namesake) lies within ``km`` of ``c``."""
    return any(distance_km(c.lat, c.lon, p.lat, p.lon) <= km for p in context  # type: ignore[arg-type]
               if p.lat is not None and abs(c.lat - p.lat) <= _DEG_LAT_BEYOND[km] and p.name != c.name)  # type: ignore[operator]  # fmt: skip


def resolve_mentions(doc: Document, spans: list[tuple[int, int]]) -> list[Place | None]:
    """Resolve each ``(start, end)`` mention of ``doc`` in the context of all of them.

    Two passes: the first uses population, kind and the document's country focus, with
    unambiguous names as context; the second re-decides every name with the places the
    first pass found for the *other* names (a Dublin among Ohio towns is in Ohio).
    """
    gaz = load_gazetteer()
    # "Wayne and Holmes counties" names two counties; "Indiana counties" names a state's.
    names = [doc.text[s:e] + (" County" if counties_of(doc.text, gaz, s, e) else "") for s, e in spans]
    # A state named only as a legislator's ("Sen. Rand Paul, R-Ky.") says nothing of where the
    # report's places lie: it neither votes for its country nor ties a town to its area.
    tagged = Counter(n for (s, _), n in zip(spans, names, strict=True) if _LEGISLATOR_TAG.search(doc.text, max(0, s - 5), s))
    counts = Counter(names)
    focus = country_focus(doc, gaz, [n for n in names if tagged[n] < counts[n]])
    named = Counter(normalise(n) for n in names)
    cands_of = {n: candidates(gaz, n) for n in set(names)}
    located = {n: [c for c in cands if c.lat is not None] for n, cands in cands_of.items()}
    anchors = [cands[0] for cands in located.values() if len(cands) == 1]  # unambiguous names
    # A name does not vote for its own reading: "Jordan" next to Shakopee is in Minnesota.
    own = {n: _votes(gaz, n) for n in set(names)}
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
    decided = {n: resolve(n, gaz, focus_without[n], named, anchors, inside) for n in counts}
    first = decided.values()
    sited = {n: p for n, p in decided.items() if p is not None and tagged[n] < counts[n]}
    context = [p for p in sited.values() if p.kind not in ("country", "continent")]
    inside = Containment(
        regions={(p.country, p.admin1) for p in sited.values() if p.kind == "region" and p.admin1},
        counties=counties,
        towns_in={(normalise(p.admin2), p.admin1) for p in first if p is not None and p.kind == "city" and p.admin2
                  and normalise(p.admin2) != normalise(p.name)},
        countries=countries,
    )
    # "a Lebanon woman", "400 S. Locust St., Lebanon": used so, a name is a town's.
    towns = {n for (s, e), n in zip(spans, names, strict=True)
             if _RESIDENT.match(doc.text, e) or _ADDRESS.search(doc.text[max(0, s - 40) : s])}  # fmt: skip
    final = {n: resolve(n, gaz, focus_without[n], named, context, inside, town=n in towns) for n in counts}
    _state_or_city(doc.text, spans, names, final, located)
    _short_for_county(final, located)
    final.update(_town_and_region(doc.text, spans, names, located))
    return [final[n] for n in names]


_LEGISLATOR_TAG = re.compile(PARTY + "$")


def _town_and_region(text: str, spans: list[tuple[int, int]], names: list[str],
                     located: dict[str, list[Place]]) -> dict[str, Place]:  # fmt: skip
    """A town, a comma, then the state or province that holds it ("Decatur, Georgia"), read as
    a pair: the largest Decatur in a region called Georgia, and that region (not Georgia the
    country, nor Decatur, Illinois)."""
    out: dict[str, Place] = {}
    for i in range(len(spans) - 1):
        n1, n2 = names[i], names[i + 1]
        if not re.fullmatch(r",\s*", text[spans[i][1] : spans[i + 1][0]]) or n1 in out:
            continue
        regions = {(r.country, normalise(r.name)): r for r in located.get(n2, []) if r.kind == "region"}
        towns = [c for c in located.get(n1, []) if c.kind == "city" and (c.country, normalise(c.admin1 or "")) in regions]
        if towns and len({normalise(c.name) for c in towns}) == 1:  # by one name, not a town's and an alias's
            town = max(towns, key=lambda c: c.population)
            out[n1], out[n2] = town, regions[(town.country, normalise(town.admin1 or ""))]
    return out


_STATE_AFTER = re.compile(r"\s+[Ss]tate\b")
_STATE_OF = re.compile(r"\bstate\s+of\s+$", re.I)


def _state_or_city(text: str, spans: list[tuple[int, int]], names: list[str], final: dict[str, Place | None],
                   located: dict[str, list[Place]]) -> None:  # fmt: skip
    """A state that shares its name with a big city of its country ("Washington") is the city,
    the capital a report means ("allies in Washington , London and Paris"), unless the report
    tells the state: "Washington state", "the state of Washington", or other states beside it."""
    states = [n for n, p in final.items() if p is not None and p.kind == "region" and p.admin1]
    for n in states:
        state = final[n]
        cities = [c for c in located.get(n, []) if c.kind == "city" and c.country == state.country  # type: ignore[union-attr]
                  and c.population >= METROPOLIS and _own_name(c, n)]  # fmt: skip
        if not cities or any(final[m].country == state.country for m in states if m != n):  # type: ignore[union-attr]
            continue
        told = any(_STATE_AFTER.match(text, e) or _STATE_OF.search(text, max(0, s - 12), s)
                   for (s, e), m in zip(spans, names, strict=True) if m == n)  # fmt: skip
        if not told:
            final[n] = max(cities, key=lambda c: c.population)


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


NEAR_KM_MISLABELLED = 100
BIG_CITY_MISLABELLED = 100_000
BIG_REGION_MISLABELLED = 1_000_000  # an island or province by its own name ("Crete", "Sicily")


def _mislabelled(doc: Document, gaz: Gazetteer, spans: list[tuple[int, int]],
                 resolved: list[Place | None]) -> list[tuple[int, int]]:  # fmt: skip
    """Names the model took for a person or an organisation ("Alexandria", "Fargo") that are
    places within ``NEAR_KM_MISLABELLED`` km of the places the report names."""
    context = [p for p in resolved if p is not None and p.lat is not None and p.kind not in ("country", "continent", "region")]
    countries = {p.country for p in resolved if p is not None and p.country}
    ents = doc.layers.get("entities", [])
    person_words = {w for e in ents if e.label == "PERSON" and " " in e.text.strip() for w in e.text.split()}
    # Surnames: "Clinton" of Hillary Clinton, but not "Lancaster" of "Lancaster Girls" (a school
    # the model read as a person): a first name does not outweigh "a Lancaster woman".
    surnames = {e.text.split()[-1] for e in ents if e.label == "PERSON" and " " in e.text.strip()}
    # A person the report names again and again, or with a title, is not a town however near
    # ("Obama should say…" in a report that names Kyoto is not Obama, Japan, 53 km away).
    persons = Counter(e.text for e in ents if e.label == "PERSON")
    persons.update(e.text for e in ents if e.label == "PERSON" and TITLE.search(doc.text[max(0, e.start - 12) : e.start]))
    person_ends = {e.end for e in ents if e.label == "PERSON"}
    covered = Covered(spans)
    out = []
    for ent in ents:
        if ent.label not in ("PERSON", "ORG", "NORP", "PRODUCT") or covered.overlaps(ent.start, ent.end):
            continue
        text = doc.text[ent.start : ent.end]
        if ent.label == "NORP" and text.lower() in _PEOPLES:
            continue  # "the Arab world" is not Arab, Alabama
        if text in person_words and not _town_cue(doc.text, ent.start, ent.end):
            continue  # "Clinton's statement" where the report names Hillary Clinton (not Clinton, Maryland)
        if ent.label == "PERSON" and persons[text] >= 2 and not _town_cue(doc.text, ent.start, ent.end) and (
            text in person_words or not _metropolis(gaz, text)
        ):
            continue
        if len(text.split()) > 3 or text.lower() in GENERIC_WORDS or TITLE.search(doc.text[max(0, ent.start - 12) : ent.start]):
            continue
        if OFFICE_AFTER.match(doc.text, ent.end):
            continue  # "former Justice Minister", "the Clinton years": an office or a term, not a town
        if ent.label == "PERSON" and SPEAKS.match(doc.text, ent.end) and not _town_cue(doc.text, ent.start, ent.end) \
                and not _metropolis(gaz, text):
            continue  # "Clinton told a news conference": the model's person speaks (not Clinton, Maryland)
        cands = [c for c in candidates(gaz, text) if c.lat is not None and (c.kind != "city" or c.population >= 1000)]
        if any(_near(c, context, NEAR_KM_MISLABELLED) for c in cands):
            out.append((ent.start, ent.end))
        elif re.match(r"\s+[A-Z][a-z]", doc.text[ent.end : ent.end + 3]):
            continue  # the start of a longer name: "a Toyota Corolla"
        elif (
            " " not in text
            and not (text.isupper() and len(text) > 3)  # "the NICE program": an acronym
            # by its own name, not a namesake's alternate one ("Hamas" is not Hamm)
            and any(c.kind == "city" and c.population >= BIG_CITY_MISLABELLED and normalise(c.name) == normalise(text)
                    # a person's name, by the model, is a town only in a country the report names, if any
                    # ("Cheney and Bush" in a report on Iraq is not Bush, Egypt)
                    and (ent.label != "PERSON" or not countries or c.country in countries)
                    for c in cands)
            and text not in person_words  # "Houston" where the report names Whitney Houston
            and (not SPEAKS.match(doc.text, ent.end) or _metropolis(gaz, text))  # "Tbilisi says…"
        ):
            out.append((ent.start, ent.end))  # "a Gainesville man": a big city is a place
        elif (
            (_IN_TOWN.search(doc.text[max(0, ent.start - 10) : ent.start]) or _RESIDENT.match(doc.text, ent.end)
             or _FROM.search(doc.text[max(0, ent.start - 6) : ent.start]) or _hometown(doc.text, ent.start, person_ends))
            and text not in surnames
            # a town in a country the report names, or any town when it names none yet
            and any(c.kind == "city" and (c.country in countries or not countries) for c in cands)
        ):
            out.append((ent.start, ent.end))  # "in Youngstown", "a Winona man", in a country the report names
        elif _PLACE_CUE.search(doc.text[max(0, ent.start - 60) : ent.start]) and text not in person_words and any(
            c.kind == "region" and c.population >= BIG_REGION_MISLABELLED and normalise(c.name) == normalise(text)
            for c in cands
        ):
            out.append((ent.start, ent.end))  # "sailed from Benghazi to Crete": an island or region by its own name
    return out + _bodies_of_towns(doc, gaz, covered, context) + _unlabelled_towns(doc, gaz, spans, context, person_words)


# Words that open the name of a town's body or building after the town's name.
_BODY_AFTER = re.compile(
    r"\s+(?:Police|Fire|Sheriff|Jail|Court|Courthouse|Superior Court|Circuit Court|Magistrates|Municipal|"
    r"City Hall|Town Hall|Town Council|City Council|Council|Board|Township|Civic|Recreation|Seniors|Citizens|"
    r"High School|Middle School|Elementary|School|Schools|College|University|Community College|State School|"
    r"Hospital|Regional|Medical|Maternity|Library|Museum|Science|Historical|Church|Christian|Chamber|"
    r"Correctional|Education|Government|Emergency|Volunteer|Health|Public|Metropolitan|Federal Credit)\b"
)


def _bodies_of_towns(doc: Document, gaz: Gazetteer, covered: Covered, context: list[Place]) -> list[tuple[int, int]]:
    """Towns that open the name of their own body or building, in a name the model labelled
    as an organisation or a facility ("the Canaan Board of Finance", "Feltham Magistrates'
    Court"): a town within ``NEAR_KM_MISLABELLED`` km of the report's other places."""
    out = []
    for ent in doc.layers.get("entities", []):
        if ent.label not in ("ORG", "FAC") or covered.overlaps(ent.start, ent.end):
            continue
        text = doc.text[ent.start : ent.end]
        lead = re.match(r"(?:[Tt]he\s+)?", text).end()
        words = text[lead:].split()
        for n in range(min(3, len(words) - 1), 0, -1):
            name = " ".join(words[:n])
            if not name[0].isupper() or name.lower() in GENERIC_WORDS or not _BODY_AFTER.match(text, lead + len(name)):
                continue
            name = re.sub(r"['’]s$", "", name)  # "Kent’s Board of Finance"
            cands = [c for c in candidates(gaz, name) if c.lat is not None and (c.kind != "city" or c.population >= 1000)]
            if any(_near(c, context, NEAR_KM_MISLABELLED) for c in cands):
                out.append((ent.start + lead, ent.start + lead + len(name)))
                break
    return out


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
    taken = Covered(sorted(spans + [(e.start, e.end) for e in doc.layers.get("entities", [])]))
    out = []
    for m in _CAPITALISED.finditer(doc.text):
        s, e = m.start(), m.end()
        name = m.group()
        if taken.overlaps(s, e) or name.lower() in GENERIC_WORDS or name in person_words:
            continue
        if not (_TOWN_BEFORE.search(doc.text[max(0, s - 8) : s]) or _TOWN_AFTER.match(doc.text, e)):
            continue
        cands = [c for c in candidates(gaz, name) if c.kind == "city" and c.lat is not None and c.population >= 1000]
        if any(_near(c, context, NEAR_KM_MISLABELLED) for c in cands):
            out.append((s, e))
    return out


# Peoples, faiths and blocs that share a name with a town.
_PEOPLES = frozenset(["arab", "arabs", "muslim", "muslims", "christian", "christians", "jewish", "jew", "jews",
                      "sunni", "shiite", "shia", "kurd", "kurds", "kurdish", "druze", "alawite", "berber",
                      "western", "westerner", "westerners", "latino", "hispanic", "catholic", "protestant",
                      "republican", "republicans", "democrat", "democrats", "democratic", "baptist"])


def _metropolis(gaz: Gazetteer, name: str) -> bool:
    """A city of a million or more by its own name: "Tbilisi says…" is the government, not a
    person, however often the model reads it so."""
    return any(c.kind == "city" and c.population >= METROPOLIS and normalise(c.name) == normalise(name)
               for c in gaz.lookup(name))  # fmt: skip


def _town_cue(text: str, start: int, end: int) -> bool:
    """Words around a name that make it a town whoever else shares it: "in Alexandria", "an
    Alexandria man", "420 Augusta St., Alexandria", "Alexandria Police"."""
    return bool(_IN_TOWN.search(text[max(0, start - 10) : start]) or _RESIDENT.match(text, end)
                or _ADDRESS.search(text[max(0, start - 60) : start]) or _BODY_AFTER.match(text, end))  # fmt: skip


_ADDRESS = re.compile(r"\d+\s+(?:[NSEW]\.\s+)?[A-Z][a-z]+\s+(?:St|Ave|Rd|Road|Street|Avenue|Blvd|Dr|Drive|Lane|Ln)\.?,\s*$")
_IN_TOWN = re.compile(r"\b(?:in|near|outside)\s+$", re.I)
# Words after which a name is where someone is or goes: "in", "off", "reached", "sailed from Benghazi to".
_PLACE_CUE = re.compile(
    r"\b(?:in|on|off|near|across|into|reach(?:ed|es|ing)?|island\s+of|"
    r"(?:sail|fle[dw]|flown|fly|head|evacuat|ferr|ship|travel|return|bound|mov|taken|brought|deploy|sent|arriv|went)"
    r"\w*\s+(?:[\w'-]+\s+){0,4}?to)\s+$",
    re.I,
)
_FROM = re.compile(r"\bfrom\s+$")
_OF_AFTER_PERSON = re.compile(r"(?:,\s*\d{1,3},?)?,?\s+of\s+$")  # "Tom Hill, 22, of Winfield"
_OF_AFTER_NUMBER = re.compile(r"\b[A-Z][a-z]+\s+\d{1,4}\s+of\s+$")  # "Troop 208 of Coleridge"


def _hometown(text: str, start: int, person_ends: set[int]) -> bool:
    """A town after a person's name and "of" ("James Tauber of Nelson", "Amstutz, of
    Wooster") or after a numbered unit ("Pack 176 of Laurel")."""
    before = text[max(0, start - 40) : start]
    if _OF_AFTER_NUMBER.search(before):
        return True
    m = _OF_AFTER_PERSON.search(before)
    return bool(m) and (start - len(before) + m.start()) in person_ends
_RESIDENT = re.compile(r"\s+(?:man|woman|men|women|residents?|natives?|teen(?:ager)?s?|boy|girl|couple|family|homes?|households?)\b")


_FACILITY = re.compile(
    r"\s+(?:Police|Fire|Sheriff|Jail|Court|Courthouse|City Hall|Town Hall|Civic Center|Recreation Center|"
    r"High School|Middle School|Elementary|School|College|University|Hospital|Library|"
    r"Church|Chamber|Inn|Hotel|Museum|Galleria|Mall|Development|"
    r"District|Department|Office|Council|Board|Common Pleas|Commons?|Square|Adult|Art|Singers|Lottery|Live|"
    r"North|South|East|West)\b"
)


_PUBLIC_SPACE = re.compile(r"\s+(?:Square|Park|Garden|Gardens|Plaza|Commons?)\b")


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
            if len(cand) < 3 and not cand.isupper():
                break  # "La" opening "La Stampa" is an article, not Louisiana
            if cand.endswith(" City") and CITY_BODY.match(rest):
                continue  # "Paris City Hall" is the hall of Paris, not of "Paris City"
            facility = bool(_FACILITY.match(rest))
            if known_place(gaz, cand, named, big=1000 if facility else BIG_CITY, institution=facility):
                inner[i] = (s, s + len(cand))
                if facility:
                    trim.add(i)
                break
    if not inner:
        return spans, resolved
    again = resolve_mentions(doc, [inner.get(i, sp) for i, sp in enumerate(spans)])
    context = [p for p in resolved if p is not None and p.lat is not None and p.kind not in ("country", "continent")]
    # A small town inside the name of a square or a park must be near the report's places:
    # "Green Square" in Tripoli is not in Green, Ohio.
    found = {i for i in inner if (p := again[i]) is not None and not (
        i in trim and _PUBLIC_SPACE.match(doc.text, inner[i][1]) and p.kind == "city" and p.population < 100_000
        and normalise(doc.text[slice(*inner[i])]) not in named and not _near(p, context, NEAR_KM_MISLABELLED))}
    return ([inner[i] if i in found and i in trim else sp for i, sp in enumerate(spans)],
            [again[i] if i in found else p for i, p in enumerate(resolved)])  # fmt: skip


_STREET = re.compile(rf"\b(?:{STREET_WORDS}|St\.|Rd\.|Ave\.|Dr\.|Blvd\.|Way|Highway|Route|Place)$")


_SAINT = re.compile(r"(?:St\.?|Saint)\s+[A-Z][a-z]+(?:['’]s)?")
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|from|into|across|towards?|through|of)\s+(?:the\s+)?$", re.I)


def _place_like(text: str, start: int, end: int) -> bool:
    """Whether an unresolved mention still reads as a place: several words ("Oakport
    Township", "Cooper Street"), or one word after a locative preposition ("in Harwinton")."""
    name = text[start:end].strip()
    after_locative = bool(_LOCATIVE.search(text[max(0, start - 20) : start]))
    if _SAINT.fullmatch(name) and not after_locative:
        return False  # "St. Mary", "St. Patrick": a saint, a church (but "in St. Marc")
    if all(w.lower() in GENERIC_WORDS or w.lower() in ("of", "the") for w in name.split()) and not _STREET.search(name):
        return False  # "City Hall", "City of": no place named (but "68 Court Street")
    if " " in name:
        # Several words, one of them a kind of place ("Oakport Township", "Cooper Street", "Lake
        # Lanier", "Wild Dunes") or a number ("Highway 29"); not a person's or a firm's name the
        # model took for a place ("Sheryl Gorsuch", "Gateway Commerce Center").
        return bool(_PLACE_WORD.search(name) or re.search(r"\d", name))
    return after_locative or listed_place(text, end)


_PLACE_WORD = re.compile(
    rf"\b(?:St|Rd|Ave|Dr|Blvd|Mt)\.|\b(?:{STREET_WORDS}|{FEATURE_WORDS}|Way|Highway|Route|Place|Lakes|Mount|Canyon|"
    r"Peninsula|Reservoir|Quarry|Ranch|Township|Grove|Crossing|Abbey|Dunes|Stadium|Field|Fort|Camp|Bypass|Preserve|"
    r"Mainland|Forest|Wilderness|Lakeshore|Falls|Gap|Woods|Estates|Village|Colony|Area|District|County|Parish|City|"
    r"Town|Republic|Union|Coast|Sea|Ocean|Gulf|Strait|Mountains?|Range|Desert|Plains?|Region|Province|State|Territory|"
    r"East|West|North|South|Airport|Bridge|Dam|Canal|Mill|Farm|Bottom|Neck|Head|Landing|Ferry|Corner|Junction)\b")


_STREET_KIND = re.compile(rf"(?:\b(?:St|Rd|Ave|Dr|Blvd)\.|\b(?:{STREET_WORDS}|Way|Highway|Route|Court|Place))$|\d")
_FEATURE_KIND = re.compile(
    r"\b(?:Lake|Lakes|River|Creek|Bay|Island|Islands|Valley|Canyon|Peninsula|Reservoir|Park|Forest|Wilderness|"
    r"Lakeshore|Mount|Mountains?|Ridge|Falls|Springs?|Beach|Harbou?r|Point|Gap|Woods|Dunes|Grove|Quarry|Ranch)\b")
_AFTER_STREET = re.compile(r",\s*|\s+(?:in|near|outside|at)\s+(?:the\s+)?")


def _within_towns(doc: Document, spans: list[tuple[int, int]], resolved: list[Place | None]) -> list[Place | None]:
    """Streets and small features the gazetteer does not know ("508 Cumberland St., Lebanon",
    "Lake Lanier in North Hall", "the Red River level in Fargo") take the point of the town
    their sentence places them in, as kind ``street`` or ``feature`` with that town as their
    ``parent``: approximate, but on the map in the right town, not nowhere."""
    sentences = [(x.start, x.end) for x in doc.layers.get("sentences", [])]
    towns = [(s, e, p) for (s, e), p in zip(spans, resolved, strict=True)
             if p is not None and p.lat is not None and p.kind in ("city", "neighbourhood")]  # fmt: skip
    if not towns:
        return resolved
    out = list(resolved)
    for i, ((start, end), place) in enumerate(zip(spans, resolved, strict=True)):
        name = doc.text[start:end]
        if place is not None or " " not in name:
            continue
        kind = "street" if _STREET_KIND.search(name) else "feature" if _FEATURE_KIND.search(name) else None
        if kind is None:
            continue
        lo, hi = next(((a, b) for a, b in sentences if a <= start < b), (start, end))
        near = [(s, e, p) for s, e, p in towns if lo <= s < hi]
        # The town right after it ("Cumberland St., Lebanon", "Lake Lanier in North Hall"),
        # else the nearest in its sentence.
        m = _AFTER_STREET.match(doc.text, end)
        after = [t for t in near if m is not None and m.end() == t[0]]
        best = after[0] if after else min(near, key=lambda t: abs(t[0] - start), default=None)
        if best is None:
            continue
        town = best[2]
        out[i] = Place(name, town.lat, town.lon, kind, town.country, parent=town.name, admin1=town.admin1)
    return out


_GRADE = re.compile(
    r"\s+(?:crude|futures|blend)\b|\s+oil\s+(?:prices?|futures|rose|fell|climbed|slipped|eased|gained|jumped|dropped)\b", re.I
)
_DISEASE_AFTER = re.compile(r"\s+(?:virus|ebolavirus|hemorrhagic\s+fever|haemorrhagic\s+fever)\b", re.I)
# Oil benchmarks named after a field, not a place a report on oil means: "Brent 's premium to U.S.
# crude" is the North Sea blend even where the report never writes "Brent crude".
_BENCHMARKS = frozenset(["Brent", "Forties", "Ekofisk", "Tapis", "Urals"])
_OIL_REPORT = re.compile(r"\b(?:crude|barrels?|oil\s+prices?)\b", re.I)


# Who speaks for a landmark's institution, or what it does: "a Pentagon source", "White House
# officials"; and "by the Pentagon", its agent.
_STAFF_AFTER = re.compile(r"\s+(?:sources?|officials?|spokes(?:man|woman|person)|aides?|advisers?|press\s+secretary|"
                          r"planners?|lawyers?|briefings?|statements?)\b")
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$")


def _timed(text: str, start: int, end: int, times: list[tuple[int, int]]) -> bool:
    """Every word of ``text[start:end]`` lies in a time expression (one or several)."""
    near = [(a, b) for a, b in times if a < end and start < b]
    return bool(near) and all(text[i].isspace() or any(a <= i < b for a, b in near) for i in range(start, end))


@stage("places", version="27", requires=("entities",), assigns=("places",))
def places(doc: Document) -> None:
    """Add place mentions with name, coordinates, country, kind and geonameid."""
    spans = find_mentions(doc)
    gaz = load_gazetteer()
    resolved = resolve_mentions(doc, spans)
    extra = _mislabelled(doc, gaz, spans, resolved)
    if extra:
        extra += same_name_again(doc, gaz, sorted(spans + extra), new=extra)  # the newly found names, elsewhere
        spans = sorted(spans + extra)
        resolved = resolve_mentions(doc, spans)
    spans, resolved = _by_the_place_inside(doc, gaz, spans, resolved)
    resolved = _within_towns(doc, spans, resolved)
    # (When the time stage ran first, as by default: a name inside a time expression is the time's.)
    times = [(t.start, t.end) for t in doc.layers.get("timexes", [])]
    # A market's benchmark ("Brent crude", "Dubai futures") is no place, wherever the report names
    # it; a country's grade ("U.S. crude") still names the country.
    grades = {doc.text[s:e] for (s, e), p in zip(spans, resolved, strict=True)
              if _GRADE.match(doc.text, e) and (p is None or p.kind not in ("country", "region", "continent"))}  # fmt: skip
    if _OIL_REPORT.search(doc.text):
        grades |= {doc.text[s:e] for s, e in spans if doc.text[s:e] in _BENCHMARKS}
    # A virus or a fever named after a place ("the Marburg virus", "West Nile virus", "Reston
    # ebolavirus") is the disease wherever the report names it so, and wherever it names it
    # alone ("imported Marburg"), but not where the report sends someone there ("in Reston").
    diseases = {doc.text[s:e] for s, e in spans if _DISEASE_AFTER.match(doc.text, e)}
    for (start, end), place in zip(spans, resolved, strict=True):
        if _timed(doc.text, start, end, times):
            continue  # "in March 2003" is no town March, "Mon Mar 7, 2011 4:12pm EST" no region Mon
        if place is None and not _place_like(doc.text, start, end):
            continue  # "Pawlenty", "Titan": one unknown word the model took for a place
        if doc.text[start:end] in grades:
            continue  # ("Brent shot ahead" after "Brent crude")
        if doc.text[start:end] in diseases and (_DISEASE_AFTER.match(doc.text, end)
                                                or not _IN_TOWN.search(doc.text[max(0, start - 10) : start])):
            continue  # "Marburg hemorrhagic fever", then "an imported case of Marburg"
        if place is not None and place.kind == "landmark" and (
            SPEAKS.match(doc.text, end) or _STAFF_AFTER.match(doc.text, end)
            or _BY_BEFORE.search(doc.text, max(0, start - 10), start)
        ):
            continue  # "the Kremlin said", "a Pentagon source", "selected by the Pentagon": the institution
        while end > start and doc.text[end - 1].isspace():
            end -= 1  # "Misrata ," or "Union 's" (tokenised text): the offsets end with the name
        while start < end and doc.text[start].isspace():
            start += 1
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
