"""Finding place names in a report's text: the spans that may name a place, before any is
resolved.

Spans come from spaCy's GPE, LOC and FAC entities; from the curated supplement's names
(neighbourhoods, landmarks, rivers the model misses) and the user's gazetteer; from
demonyms, kept as country signals; from roads, legislators' districts ("R-Elbow Lake"),
datelines ("COLUMBUS, Ohio (AP) —") and lists of counties; from places inside the names of
bodies ("Gainesville Police", "the University of Rochester"); and from a name found as a
place used again on its own. ``candidates`` says what a name may refer to in the gazetteer.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from itertools import accumulate

from dateline.analyse.gazetteer import Gazetteer, Place, _data_file, load_gazetteer, normalise
from dateline.doc import Document
from dateline.ingest.clean import WIRE_BRACKET

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_PREFIXES = re.compile(r"^(?:the\s+)?(?:city|town|village|province|region|state)\s+of\s+", re.I)


@lru_cache(maxsize=1)
def _supplement_pattern() -> re.Pattern[str]:
    names: set[str] = set()
    with open(_data_file("places_supplement.csv"), newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.add(row["name"])
            names.update(a for a in row["alternate_names"].split("|") if a)
    return _names_pattern(tuple(sorted(names)))


def person_surnames(doc: Document) -> set[str]:
    """The last names of the people a report names in full ("Carney" for "Jay Carney")."""
    return {e.text.split()[-1] for e in doc.layers.get("entities", []) if e.label == "PERSON" and " " in e.text.strip()}


_FIRM_WORD = re.compile(
    r"\s+(?:Operating|Foundation|Inc\.?|Corp\.?|Corporation|Co\.|Company|Group|Holdings|LLC|Ltd\.?|Industries|"
    r"Enterprises|Partners|Energy|Oil|Motors|Airlines|Brands|Stores)$")
# A carrier or a maker whose name opens with a place: the name says nothing of where.
_BRAND = re.compile(r"\s+(?:Airlines|Air\s+Lines|Airways|Instruments)$")


def firm_names(doc: Document) -> set[str]:
    """The names that open the report's firms and foundations ("Titan" of "Titan Operating")."""
    out = set()
    for e in doc.layers.get("entities", []):
        if e.label == "ORG" and (m := _FIRM_WORD.search(e.text)):
            out.add(re.sub(r"^[Tt]he\s+", "", e.text[: m.start()]))
    return out


def _big_place(gaz: Gazetteer, name: str, city: int = 100_000, own_name: bool = False) -> bool:
    """A country, region or city of ``city`` people by this name: "Washington" stays a place
    though the report names George Washington (with ``own_name``, a city not by one of its
    other names: "St. John" is not St. John's)."""
    return any(c.kind in ("country", "region", "continent", "sea")
               or (c.population >= city and (not own_name or c.name.lower() == name.strip().lower()))
               for c in candidates(gaz, name))  # fmt: skip


# A surname of the report's people is a place only when a city this large bears it ("Houston"
# beside Whitney Houston), not a mid-sized one ("Fairfield" in the trial of Elizabeth Fairfield).
SURNAME_CITY = 250_000
_LEADING_THE = re.compile(r"^the\s+", re.I)
_METRO = re.compile(r"(?:[Tt]he\s+)?(?:Metro|Greater)\s+")
_AFTER_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*\s+$")
_AT_TOWN = re.compile(r"\b(?:in|near|outside|at)\s+$")
_KIN_BEFORE = re.compile(r"\b(?:sons?|daughters?|brothers?|sisters?|wife|husband|nephews?|nieces?|cousins?)\s+"
                         r"(?:[A-Z][\w'’-]+\s*,?\s+(?:and\s+)?)?$")
_SAID_AFTER = re.compile(r"\s+(?:said|says|told)\b")
_OF_OR_AT = re.compile(r"\b(?:in|near|outside|at|of|from|for)\s+(?:the\s+)?$")
# An office or a term named by a word that some town bears: "Justice Minister", "the Clinton years".
OFFICE_AFTER = re.compile(r"\s+(?:Minister|Ministry|Secretary|Department|[Aa]dministrations?|years|era|presidency)\b")
# A ruler's title and name ("Sultan Hassanal Bolkiah", "Emir Tamim"), unless the name is a
# place's named after him ("King Fahd Causeway", "Queen Anne's County").
_RULER = re.compile(r"(?:Sultan|Emir|Sheikh?|King|Queen|Prince|Princess|Pope|Imam|Ayatollah|Shah)\s+[A-Z]")
_NAMED_AFTER = re.compile(r"\b(?:Airport|Causeway|Bridge|Street|Road|Avenue|Mosque|University|Hospital|Port|City|Park|"
                          r"Square|Stadium|Base|Dam|Canal|Palace|Center|Centre|County|Parish|Court|Island|Islands|Bay|Sound|Lake|"
                          r"River|Valley|School|College|Hall|Hotel|Station)\b")


@lru_cache(maxsize=4)
def _names_pattern(names: tuple[str, ...], joined: bool = False) -> re.Pattern[str]:
    """One pattern for a set of names, longest first, whole words only; with ``joined``, also
    a name hyphened to another word ("Fargo-Moorhead", "Rock Hill-based")."""
    bare = {re.sub(r"^the\s+", "", n) for n in names}  # "the Tigris" is found as "Tigris"
    alts = "|".join(re.escape(n) for n in sorted(bare, key=len, reverse=True))
    edge = r"\w" if joined else r"\w-"
    return re.compile(rf"(?<![{edge}])(?:{alts})(?![{edge}])")


def find_mentions(doc: Document) -> list[tuple[int, int]]:
    """Character spans of place mentions (entities + supplement names), non-overlapping."""
    spans: list[tuple[int, int]] = []
    gaz = load_gazetteer()
    labels = Counter((ent.text, ent.label in PLACE_LABELS) for ent in doc.layers.get("entities", [])
                     if ent.label in PLACE_LABELS or ent.label == "PERSON")  # fmt: skip
    surnames = person_surnames(doc)
    people = {e.text for e in doc.layers.get("entities", []) if e.label == "PERSON" and " " in e.text.strip()}
    firms = firm_names(doc)
    for ent in doc.layers.get("entities", []):
        if ent.label not in PLACE_LABELS or not any(ch.isupper() for ch in ent.text):
            continue  # "the west bank of the Tigris" is a river bank, not the West Bank
        if ent.text in firms and not _big_place(gaz, ent.text):
            continue  # "Titan" where the report names Titan Operating, "Belk" beside the Belk Foundation
        if labels[(ent.text, False)] > labels[(ent.text, True)]:
            continue  # "Obama", a person most times the report names him, is not Obama, Japan
        if ent.text in surnames and not _big_place(gaz, ent.text, SURNAME_CITY) and not _AT_TOWN.search(doc.text[max(0, ent.start - 10) : ent.start]):
            continue  # "Carney told reporters" where the report names Jay Carney
        if " " in ent.text and any(p.endswith(" " + ent.text) for p in people) and not _big_place(gaz, ent.text, own_name=True):
            continue  # "St. John" where the report names Ronald Bruce St. John
        if _KIN_BEFORE.search(doc.text, max(0, ent.start - 40), ent.start) and not _big_place(gaz, ent.text, own_name=True):
            continue  # "sons Hannibal and Mohammed", "his brother Saadi": a person, not Hannibal, Missouri
        if (_SAID_AFTER.match(doc.text, ent.end) and not _big_place(gaz, ent.text, own_name=True)
                and not _OF_OR_AT.search(doc.text, max(0, ent.start - 12), ent.start)):  # ("officials in Winona said")
            continue  # "St. John said": a person, where no big place bears the name ("Washington said")
        if _RULER.match(ent.text) and not _NAMED_AFTER.search(ent.text) and not gaz.lookup(ent.text):
            continue  # "Sultan Hassanal Bolkiah of Brunei": a ruler, not Sultan, Washington
        if OFFICE_AFTER.match(doc.text, ent.end) and not _big_place(gaz, ent.text):
            continue  # "former Justice Minister Mustafa Abdul Jalil": an office, not Justice, Illinois
        if ent.text.lower() in ("west", "east", "the west", "the east"):
            continue  # "the West": a political bloc, not a place
        words = _LEADING_THE.sub("", ent.text).split()
        if len(words) == 1 and words[0].lower() in GENERIC_WORDS and words[0].lower() not in _NAMES_AMONG_GENERIC:
            continue  # "Olympic", "Central": a common word, not a town's name
        if ent.text.isupper() and len(ent.text) > 3 and len(words) == 1 and not _big_place(gaz, ent.text):
            continue  # "NICE to tidy neighborhoods": an acronym (datelines are found below)
        if not TITLE.search(doc.text[max(0, ent.start - 12) : ent.start]):
            start, end = _trim(doc.text, ent.start, ent.end)  # but not "coach Ripley", "Mr. Lincoln"
            if (h := _HYPHENED.match(doc.text, end)) and gaz.lookup(doc.text[start : h.end()]):
                end = h.end()  # "Batesburg-Leesville" (but "Athens-Clarke County" names two places)
            start, end = _facility_head(gaz, doc.text, start, end)
            spans.append((start, end))
    persons = [(e.start, e.end) for e in doc.layers.get("entities", []) if e.label == "PERSON"]
    for m in _supplement_pattern().finditer(doc.text):
        if _NAME_OPENER.search(doc.text[max(0, m.start() - 8) : m.start()]) or any(
            ps <= m.start() and m.end() <= pe and pe - ps > m.end() - m.start() for ps, pe in persons
        ):
            continue  # "Mount Washington", "George Washington"
        spans.append((m.start(), m.end()))
    if gaz.user_names:  # the user's own places, found even where the model sees no entity
        for m in _names_pattern(tuple(sorted(gaz.user_names))).finditer(doc.text):
            spans.append((m.start(), m.end()))
    for ent in doc.layers.get("entities", []):
        if (ent.label in ("NORP", "ORG", "PERSON") and gaz.country_of_demonym(ent.text) and not SPEAKS.match(doc.text, ent.end)
                and (ent.label == "NORP" or not _NAME_GOES_ON.match(doc.text, ent.end))  # "Abkhaz servicemen" (not "American Woodmark")
                and not _LANGUAGE.search(doc.text[max(0, ent.start - 12) : ent.start])
                and not _LANGUAGE_AFTER.match(doc.text, ent.end)):  # fmt: skip
            spans.append((ent.start, ent.end))  # "Iraqi", "Sudanese": a country signal (not "spoke French")
        elif ent.label == "NORP" and "-" in ent.text:  # "Russian-American", "Israeli-Egyptian": each
            parts = list(re.finditer(r"[^\s-]+", ent.text))
            if len(parts) > 1 and all(gaz.country_of_demonym(p.group()) for p in parts):
                spans += [(ent.start + p.start(), ent.start + p.end()) for p in parts]
    for m in _ROAD.finditer(doc.text):
        county = _COUNTY_OF_ROAD.search(doc.text, max(0, m.start() - 40), m.start() + 6)
        if county and m.group().startswith("County") and candidates(gaz, county[1] + " County"):
            spans.append((county.start(1), m.start() + 6))  # "Otter Tail County Road 80": the county
        else:
            spans.append((m.start(), m.end()))  # "Highway 82", "County Road 109", "Interstate 395"
    for m in _PROTECTED_AREA.finditer(doc.text):
        spans.append((m.start(1), m.end()))  # "the Monongahela National Forest", "Dolly Sods Wilderness"
    for m in _NAMED_STREET.finditer(doc.text):
        if m[1].split()[0] not in _NOT_A_STREET_START:
            spans.append((m.start(1), m.end(1)))  # "Governors’ Parkway", "Wichita Drive" (whatever the model says)
    for m in _STREET_ADDRESS.finditer(doc.text):
        spans.append((m.start(1), m.end(1)))  # "of 420 Augusta St.", "lives on Bucknell Drive"
    for m in _DISTRICT.finditer(doc.text):
        spans.append((m.start(1), m.end(1)))  # "Rep. Torrey Westrom, R-Elbow Lake"
    for m in _DATELINE.finditer(doc.text):
        if any(c.lat is not None and (c.kind != "city" or c.population >= DATELINE_TOWN) for c in candidates(gaz, m[1])):
            spans.append((m.start(1), m.end(1)))  # "COLUMBUS, Ohio (AP) —"
    for m in _COUNTIES.finditer(doc.text):
        for name in re.finditer(r"[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*)?", m[1]):
            if not _ORDINAL.fullmatch(name.group()):  # (not "Fourth and Seventh streets": numbers)
                spans.append((m.start(1) + name.start(), m.start(1) + name.end()))  # "Barrow and Jackson counties"
    spans = [_core(doc.text, gaz, s, e) for s, e in _split_pairs(doc.text, spans)]
    kept = _non_overlapping(spans)
    kept += [_core(doc.text, gaz, s, e) for s, e in _embedded(doc, gaz, kept)]
    kept = _non_overlapping(kept)
    kept += same_name_again(doc, gaz, kept)
    return sorted(kept)


# A dateline: a capitalised place opening a paragraph (or following the date line, "March 24,
# 2009 MANSFIELD --"), before the state, the agency, a dash or a colon ("BEIRUT: ").
_DATELINE = re.compile(
    r"(?:^|(?<=\n)|(?<=\. )|(?<=\d{4} ))([A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,2})"
    rf"(?=,\s+[A-Z][\w.]+(?:\s[A-Z][\w.]+)?\s*(?:\(|(?:--|[—–-])\s)|\s*{WIRE_BRACKET}"
    r"|,\s+(?:[A-Z][a-z]{1,4}\.|[A-Z]\.\s?[A-Z][a-z]?\.)\s+[A-Z]"  # "SALINA, Kan. Strong winds"
    r"|\s+-{2,3}\s|\s*[—–]\s*[A-Z]|\s+-\s|:\s)"
)
DATELINE_TOWN = 500  # smallest town taken from a dateline
# "Barrow, Jackson and Madison counties", "Lakeview and Harrison streets": each name is one.
_COUNTY_NAME = r"[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*)?"
_LISTED_KINDS = r"(?:counties|parishes|[Ss]treets|[Rr]oads|[Aa]venues|[Rr]ivers|[Cc]reeks|[Ll]akes|[Dd]rives|[Bb]oulevards|[Ll]anes)\b"
_COUNTIES = re.compile(
    rf"\b((?:{_COUNTY_NAME},\s+)*{_COUNTY_NAME},?\s+(?:and|or|to|&)\s+{_COUNTY_NAME})\s+{_LISTED_KINDS}"
)
_ORDINAL = re.compile(r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth)")
_LIST_TAIL = re.compile(rf"(?:,?\s+(?:and|or|to|&)\s+{_COUNTY_NAME}|,\s+{_COUNTY_NAME})*\s+{_LISTED_KINDS}")


def listed_place(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is one of a list of counties, streets, rivers…
    ("Crabgrass, Owens and Harris roads"): a place even when the gazetteer does not know it."""
    return bool(_LIST_TAIL.match(text, end, end + 200))


def county_hint(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is one of a list followed by "counties"."""
    return bool(re.match(rf"(?:,?\s+(?:and|or)\s+{_COUNTY_NAME}|,\s+{_COUNTY_NAME})*\s+(?:counties|parishes)\b",
                         text[end : end + 200]))  # fmt: skip


def counties_of(text: str, gaz: Gazetteer, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is a county, read from a following "counties"."""
    if not county_hint(text, end) or not candidates(gaz, text[start:end] + " County"):
        return False
    listed = re.search(r"(?:,|\b(?:and|or))\s*$", text[max(0, start - 8) : start]) or re.match(r",|\s+(?:and|or)\b", text[end:])
    return bool(listed) or not any(c.kind in ("region", "country") for c in gaz.lookup(text[start:end]))


_DIRECTION = re.compile(
    r"^(?:(?:North|South|East|West|Central|Northern|Southern|Eastern|Western|Upper|Lower|Greater|Metro|Downtown)"
    r"(?:[- ]?(?:east|west|ern|western|eastern))?|north|south|east|west|central|northern|southern|eastern|"
    r"western|northeast|northwest|southeast|southwest|downtown|metro)\s+", re.I)
# Words that end the name of a street or a natural or built feature.
FEATURE_WORDS = (
    r"Street|Avenue|Road|Drive|Lane|Boulevard|Bay|Island|Islands|Cay|Lake|River|Creek|Park|Valley|Hills?|"
    r"Central|Station|Square|Court|Harbor|Harbour|Beach|Point|Ridge|Heights|Springs?"
)
_FEATURE_WORD = re.compile(rf"(?:{FEATURE_WORDS})")
_GENERIC_PREFIX = re.compile(r"(?:[Tt]he\s+)?(?:City|Town|Village|State|Province|Commonwealth)\s+of\s+")
_GENERIC_SUFFIX = re.compile(r"\s+(?:province|city|City|district|region|municipality)$")


_POSSESSIVE_END = re.compile(r"['’]s?$")
_COURT_AFTER = re.compile(r"\s+(?:Court|Attorney|Judge)\b")
_NUMBER_AFTER = re.compile(r"\s+\d")


def _split_pairs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two streets the model took for one ("Cabin Creek Road and Paint Creek Road"), as two."""
    out = []
    for s, e in spans:
        if (m := _PAIR_OF_STREETS.match(text[s:e])) is not None:
            out += [(s + m.start(1), s + m.end(1)), (s + m.start(2), s + m.end(2))]
        else:
            out.append((s, e))
    return out


def _core(text: str, gaz: Gazetteer, start: int, end: int) -> tuple[int, int]:
    """The place name inside "Northeast Georgia", "Eastern China", "Aceh province", "Fargo city":
    a direction before or a generic word after a known name is not part of it, unless the
    whole is a name of its own ("South Africa", "West Virginia", "Mexico City")."""
    if m := _POSSESSIVE_END.search(text, start, end):
        end = m.start()  # "Clark County’s trailer"
    elif text[end - 3 : end] == " Co" and text[end : end + 1] == ".":
        end += 1  # "Platte Co."
    name = text[start:end]
    if name.endswith(" District") and _COURT_AFTER.match(text, end) and gaz.lookup(name[:-9]):
        return start, end - 9  # "Wyandotte County District Court": the county's court
    if name.endswith(" City") and CITY_BODY.match(text, end) and gaz.lookup(name[:-5]):
        return start, end - 5  # "Dublin City Manager", "Tbilisi City Court": Dublin's, Tbilisi's
    if gaz.lookup(name):
        return start, end
    if (m := _DIRECTION.match(name)) and gaz.lookup(name[m.end() :]) and not _FEATURE_WORD.fullmatch(name[m.end() :]):
        return start + m.end(), end  # (but "North Street" is not the town of Street)
    if (m := _GENERIC_SUFFIX.search(name)) and gaz.lookup(name[: m.start()]):
        return start, start + m.start()
    if name.endswith(" State") and name != "Washington State" and any(c.kind == "region" for c in gaz.lookup(name[:-6])):
        return start, end - 6  # "Kansas State" (a university, a team): Kansas
    if name.endswith(" County Road") and _NUMBER_AFTER.match(text, end):
        return start, end - 5  # "Otter Tail County Road 80": the county names where the road is
    if (m := _GENERIC_PREFIX.match(name)) and gaz.lookup(name[m.end() :]):
        return start + m.end(), end  # "the City of Norfolk", "State of Ohio"
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


class Covered:
    """Which of a fixed set of spans overlap a given span, in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span ``(s, e)`` has ``s < end`` and ``start < e``."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start


EMBEDDED_LABELS = {"ORG", "EVENT", "PERSON"}
_ROAD = re.compile(r"\b(?:(?:U\.?S\.?|State|County|Farm to Market)\s+(?:Highway|Road|Route)|Highway|Interstate|"
                   r"Route|I-)\s?\d{1,4}[A-Z]?\b"
                   # a state's own route: "W.Va. 61", "KY 52"
                   r"|(?<![\w.])(?:W\.\s?Va\.|KY|Ky\.)\s\d{1,4}\b")
# A street in an address or after "on": "420 Augusta St.", "the 200 block of Joanne Lane".
_STREET_ADDRESS = re.compile(
    r"(?:\b\d{1,5}(?:-\d{1,5})?\s+(?:block\s+of\s+)?|\bon\s+|\bblock\s+of\s+)"
    r"((?:[NSEW]\.\s+|(?:North|South|East|West)\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}\s(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Dr\.|Lane|"
    r"Boulevard|Blvd\.|Way|Court|Parkway|Pike))"
)
# A street by its name and kind, anywhere: not "the Wall Street Journal" (a longer name).
# Its words are names, not a possessive ("Rock Hill's Main Street": Main Street) nor a
# person's middle initial ("Virginia L. Lane"); a leading one may be an initial ("E. Walnut Street").
_NAMED_STREET = re.compile(
    r"(?<![\w'’.-])(?![RDI]-|DFL-)((?:[A-Z]\.\s)?(?:[A-Z][\w-]*(?:['’][A-Za-rt-z]\w*)?’?\s){1,3}"
    r"(?:Street|Avenue|Road|Drive|Lane|Boulevard|Parkway|Highway|Pike|Trafficway|"
    # and a natural feature or a named tract: "Freeborn Lake", "Anthony Creek", "Silverado Ranch"
    r"Lake|Creek|River|Bay|Valley|Canyon|Island|Peninsula|Reservoir|Quarry|Ranch))"
    r"(?!\s[A-Z\d])(?![\w-])"
)
_NOT_A_STREET_START = frozenset(["The", "A", "An", "In", "On", "At", "To", "From", "Of", "And", "But"])
_COUNTY_OF_ROAD = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\sCounty$")
# Parks, forests and wildernesses by their kind: "Pictured Rocks National Lakeshore".
_PROTECTED_AREA = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w'’-]*(?<!['’]s)\s){1,3})(?:National\s(?:Forest|Park|Lakeshore|Seashore|Monument|Wildlife\sRefuge|"
    r"Recreation\sArea|Grassland)|State\s(?:Park|Forest)|Wilderness)(?!\s[A-Z])(?![\w-])"
)
# A legislator's home: "R-Elbow Lake", "D-McDowell;", "D-N.D.,", "D-W. Va.,".
PARTY = r"\b(?:R|D|DFL|I)-"  # a legislator's party, before the home state or town: "R-Ky.", "D-Elbow Lake"
_DISTRICT = re.compile(
    PARTY + r"((?:[A-Z]\.\s?)?[A-Z][A-Za-z]+\.?(?:\s[A-Z][a-z]+)?|[A-Z]\.[A-Z]\.)(?=[,);]|\s+[^\w\s])"
)
_INSTITUTION = re.compile(
    r"\s+(?:Police|Fire|Sheriff|City Council|City Hall|Mayor|Schools?|High School|Public|Municipal|"
    r"County|Chamber|Airport|International Airport|Regional|Hospital|Library|Zoo|Parks?|Herald|Water District)\b"
)
CITY_BODY = re.compile(r"\s+(?:Council(?:wo)?m[ae]n|Council|Hall|Schools?|Public Schools|Commission|Manager|Attorney|Clerk|"
                       r"Marshal|Police|Elections|Court|Office)\b")
# Words that end the name of a street: "Decatur Boulevard" is a street, not Decatur.
STREET_WORDS = r"Street|Avenue|Road|Drive|Boulevard|Lane|Parkway|Pike|Trail"
_STREET_AFTER = re.compile(rf"\s(?:{STREET_WORDS})(?!\w)")
_PAIR_OF_STREETS = re.compile(rf"^(.+?\s(?:{STREET_WORDS}))\s+(?:and|&)\s+(.+\s(?:{STREET_WORDS}))$")
_OF_IN = re.compile(r"\S\s+(?:of|in)\s+$")
BIG_CITY = 20_000
GENERIC_WORDS = frozenset(
    ["police", "university", "center", "centre", "bank", "bell", "union", "hall", "park", "church", "college", "school", "hospital", "court", "department", "national", "international", "general", "memorial", "fire", "street", "road", "city", "county", "state", "west", "east", "north", "south", "northwest", "northeast", "southwest", "southeast", "central", "southern", "northern", "eastern", "western", "olympic", "olympics", "new", "old", "great", "united", "federal", "royal", "american", "america", "victoria", "washington", "lincoln", "franklin", "jackson", "madison", "monroe",
     "congress", "parliament", "senate",  # (institutions, not Congress, Arizona)
     "capital", "metro", "commonwealth", "mountain", "nato"]  # ("Barclays Capital", "the Paris Metro")
)

# Names of the heavens and the whole world, which some small towns share: found, never placed.
NOT_ON_EARTH = frozenset(["earth", "moon", "mars", "venus", "jupiter", "heaven", "world", "planet earth", "space"])

_NAMES_AMONG_GENERIC = frozenset(["victoria", "washington", "lincoln", "franklin", "jackson", "madison", "monroe", "america"])


def known_place(gaz: Gazetteer, name: str, named: set[str], big: int = BIG_CITY, institution: bool = False) -> bool:
    """A name that is surely a place when it sits inside another name: a country, region or
    county, a sizeable city (two words or more), or a place the report names on its own."""
    if normalise(name) in named:
        return True
    if name.lower() in GENERIC_WORDS:
        return False
    one_word = " " not in name
    return any(c.kind in ("country", "region", "county")
               or (not one_word and c.population >= big)
               # one word inside an institution's name: a big city by its own name ("Human" in
               # "Federation of Human Rights" is not Uman, which some call Human)
               or (institution and one_word and c.population >= big and normalise(c.name) == normalise(name))
               for c in candidates(gaz, name) if c.lat is not None)  # fmt: skip


_HYPHENED_PAIR = re.compile(r"\b([A-Z][\w.]*(?:\s[A-Z]\w*)?)-([A-Z]\w*(?:\s(?:County|Parish))?)")


def _hyphened_pair(gaz: Gazetteer, text: str) -> list[tuple[int, int]]:
    """Two places joined by a hyphen inside a name, each a sizeable place on its own (not one
    place's name, "Winston-Salem", nor a person's, "Hartsfield-Jackson", nor a virus's,
    "Ebola-Reston")."""
    for m in _HYPHENED_PAIR.finditer(text):
        if gaz.lookup(m.group()):
            continue
        a, b = m.group(1), m.group(2)
        if all(known_place(gaz, x, set(), institution=True) for x in (a, b)) and _one_country(gaz, a, b):
            return [m.span(1), m.span(2)]
    return []


def _one_country(gaz: Gazetteer, a: str, b: str) -> bool:
    """Two towns hyphened into a name lie in one country ("Fargo-Moorhead"), unless one is a
    country or a region: "Moreno-Ocampo" (a prosecutor) joins a town of Argentina to one of
    Mexico."""
    def countries(x: str) -> set[str | None] | None:
        cands = [c for c in candidates(gaz, x) if c.lat is not None and normalise(c.name) == normalise(x)]
        if any(c.kind in ("country", "region", "county") for c in cands):
            return None  # (any country will do)
        return {c.country for c in cands}  # (by their own names: not Villa Ocampo)

    ca, cb = countries(a), countries(b)
    return ca is None or cb is None or bool(ca & cb)


_ENDS_AS_PLACE = re.compile(
    rf"(?:\s(?:{STREET_WORDS}|Way|Court|Highway|Route|Trail|Colony|Area|Bridge|Village|Estates)|{_FEATURE_WORD.pattern}|\d)$")


def _facility_head(gaz: Gazetteer, text: str, start: int, end: int) -> tuple[int, int]:
    """The town at the head of a facility or body the model labelled as a place ("Long Beach
    Airport", "Athens Regional Park", "Springfield City Schools"): the place the report names.
    A name the gazetteer knows whole, and a street or natural feature, stay whole."""
    name = text[start:end]
    if " " not in name or _ENDS_AS_PLACE.search(name) or candidates(gaz, name):
        return start, end
    inner = _place_in_name(gaz, name, set())
    if inner is None or inner[0] != 0 or len(inner[1]) < 4 or _DIRECTIONS_ONLY.fullmatch(inner[1]):
        return start, end
    if not _FACILITY_AFTER.match(name, len(inner[1])):
        return start, end  # ("St. Joseph London" is a school, "Santa Clara Valley" a valley)
    return start, start + len(inner[1])


_DIRECTIONS_ONLY = re.compile(r"(?:(?:North|South|East|West|Central|Mid)\s?)+")
_FACILITY_AFTER = re.compile(
    r"\s+(?:Airport|International Airport|Regional|Medical|Hospital|Herald|City|Police|Schools?|High School|"
    r"Middle School|Elementary|Bar|Jail|Clerk|Court|Council|State|Public|Water District|Library|Museum|Zoo)\b")


_CAPITALISED_WORD = re.compile(r"(?<![\w'’-])[A-Z][\w.'’-]*")  # a word's start: not "Bay" in "eBay"
_POSSESSIVE_OR_COMMA = re.compile(r"\s?(?:['’]s|,)$")  # "Union's", or tokenised "Union 's", "Misrata ,"


def _place_in_name(gaz: Gazetteer, text: str, named: set[str]) -> tuple[int, str] | None:
    """The place a longer name holds, as (offset, name): "Gainesville" in "Gainesville Police",
    "Rochester" in "the University of Rochester", "Decatur Boulevard" in "Decatur Boulevard Bridge"."""
    best = None
    for m in _CAPITALISED_WORD.finditer(text):
        if _NAME_OPENER.search(text[: m.start()]):
            continue  # "Mount Washington" is not Washington
        if _METRO.fullmatch(text, 0, m.start()) and any(
                c.kind == "city" and c.population >= 100_000 for c in candidates(gaz, m.group())):
            best = (m.start(), m.group())  # "Metro Vancouver", "Greater Manchester": the city's area
            break
        if _FEATURE_WORD.fullmatch(m.group()) and _AFTER_NAME_WORD.search(text, 0, m.start()):
            continue  # "Cay" in "the Tega Cay Fire Department" is the end of a name
        words = text[m.start() :].split()
        for n in range(min(3, len(words)), 0, -1):
            cand = _POSSESSIVE_OR_COMMA.sub("", " ".join(words[:n]))
            cand = cand if "." in cand[:-1] else cand.rstrip(".")  # keep "U.S.", drop a full stop
            if len(cand) < 3 and not cand.isupper():
                continue  # "La" in "La Stampa" is an article, not Louisiana ("UK", "LA" are names)
            rest = text[m.start() + len(cand) :]
            if cand.endswith(" City") and CITY_BODY.match(rest):
                continue  # "Dublin City Council" is Dublin's council (not Dublin City, Ireland)
            if street := _STREET_AFTER.match(rest):
                best = (m.start(), cand + street.group())  # "Decatur Boulevard" is a street, not Decatur
                break
            # "Gainesville Police", "the University of Rochester", "a school in Lombard"
            institution = bool(_INSTITUTION.match(rest) or _OF_IN.search(text[: m.start()]))
            if cand and cand != text and not cand.startswith("The ") and known_place(gaz, cand, named, institution=institution):
                if best is None or len(cand) > len(best[1]):
                    best = (m.start(), cand)
                break
    return best


def _embedded(doc: Document, gaz: Gazetteer, kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Places inside the names of organisations and events ("Gainesville Police", "the Minnesota
    Department of Transportation", "Walker County Fair"): where they are is news too."""
    named = {normalise(doc.text[s:e]) for s, e in kept}
    covered = Covered(kept)
    out = []
    for ent in doc.layers.get("entities", []):
        if ent.label not in EMBEDDED_LABELS or covered.overlaps(ent.start, ent.end):
            continue
        text = doc.text[ent.start : ent.end]
        if ent.label == "PERSON" and not re.search(r"\b(?:Sheriff|Mayor|Police|Fire|Parks?|Elementary|Fair)\b", text):
            continue  # a person's name is a place only inside an office's or a body's name
        if ent.label == "ORG" and _BRAND.search(text):
            continue  # "Delta Air Lines", "Singapore Airlines", "Texas Instruments"
        pair = _hyphened_pair(gaz, text)
        if pair:  # "the University of Nebraska-Lincoln", "Springfield-Greene County Health Department"
            out += [(ent.start + a, ent.start + b) for a, b in pair]
            continue
        best = _place_in_name(gaz, text, named)
        if best:
            out.append((ent.start + best[0], ent.start + best[0] + len(best[1])))
    return out


# A town's own bodies and officers: "Winona Police", "Lewisburg Mayor John Manchester".
_LOCAL_BODY = re.compile(
    r"\s+(?:Police|Sheriff|Mayor|Governor|Town Council|City Council|Council|Board|Fire|Volunteer|Selectm[ae]n|First Selectman"
    r"|Chamber|Public|Area|Historical|Township|Village|Borough|Redevelopment|Planning|School|Schools|High|"
    r"Middle|Elementary|Junior|Senior|College|State|University|Hospital|General Hospital|Regional|Memorial)\b")
_OFFICER = re.compile(r"\b(?:coach|officer|deputy|chief|sheriff|mayor)\s+$", re.I)
_COUNTY_AFTER = re.compile(r"\s+(?:County|Parish)\b")
_NAME_GOES_ON = re.compile(r"\s+[A-Z][a-z]")
_CITY_AFTER = re.compile(r"\s+City\b")
_HYPHEN_BEFORE = re.compile(r"([\w.'’]+)-$")
_HYPHEN_AFTER = re.compile(r"-([\w.'’]+)")
_NAME_OPENER = re.compile(r"\b(?:Mount|Mt\.|Lake|Fort|Ft\.|Port|Saint|St\.|San|Santa|New|Upper|Lower|United)\s+$")


def same_name_again(doc: Document, gaz: Gazetteer, kept: list[tuple[int, int]],
                    new: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:  # fmt: skip
    """One name, one sense per report: a name found as a place is a place wherever else the
    report uses it on its own ("Fargo raised its goal"), unless it begins a person's name.
    With ``new``, only the names of those spans are looked for (a second pass)."""
    names = {doc.text[s:e] for s, e in (kept if new is None else new)}
    names |= {n.title() for n in names if n.isupper() and len(n) > 3}  # "LEWISBURG, W.Va. --" then "Lewisburg"
    surnames = person_surnames(doc)
    names = {n for n in names if len(n) > 2 and n[0].isupper() and n.lower() not in GENERIC_WORDS
             and (n not in surnames or _big_place(gaz, n, SURNAME_CITY))
             and (gaz.country_of_demonym(n)  # "Sri Lankan" again, as a country signal
                  or any(c.lat is not None and (c.kind != "city" or c.population >= 5000) for c in candidates(gaz, n)))}  # fmt: skip
    if not names:
        return []
    persons = [(e.start, e.end) for e in doc.layers.get("entities", []) if e.label == "PERSON"]
    covered = Covered(kept)
    out = []
    for m in _names_pattern(tuple(sorted(names)), joined=True).finditer(doc.text):
        s, e = m.start(), m.end()
        if covered.overlaps(s, e):
            continue
        if any(ps <= s and e <= pe and (pe - ps) > (e - s) for ps, pe in persons):
            continue  # "Jackson" in "Andrew Jackson"
        if any(ps <= s and e <= pe for ps, pe in persons) and (
            SPEAKS.match(doc.text, e) or TITLE.search(doc.text[max(0, s - 12) : s])
            or _OFFICER.search(doc.text, max(0, s - 12), s)
        ):
            continue  # "Underwood said", "coach Ripley": a person who shares a town's name
        if _NAME_OPENER.search(doc.text[max(0, s - 8) : s]):
            continue  # the end of a longer name ("Mount Washington", "Lake Jackson")
        if gaz.country_of_demonym(m.group()) and (_LANGUAGE.search(doc.text[max(0, s - 12) : s])
                                                  or _LANGUAGE_AFTER.match(doc.text, e)):  # fmt: skip
            continue  # "spoke only French": a language
        if not _joined_to_place(doc.text, s, e, names, gaz):
            continue  # "Ebola-Reston" is a virus; "Fargo-Moorhead", "Rock Hill-based" are places
        if (county := _COUNTY_AFTER.match(doc.text, e)) is not None:
            e = county.end()  # "Kanawha County", whole
        elif _NAME_GOES_ON.match(doc.text, e) and not _CITY_AFTER.match(doc.text, e) and not _LOCAL_BODY.match(doc.text, e):
            continue  # the start of a longer name ("Jackson Street", "Dublin Scioto High")
        out.append((s, e))
    return out


def _joined_to_place(text: str, start: int, end: int, names: set[str], gaz: Gazetteer) -> bool:
    """Whether the words hyphened to a name, if any, leave it a place: a lower-case ending
    ("-based", "-led") or another place ("Fargo-Moorhead", "Lebanon-Syria")."""
    before = _HYPHEN_BEFORE.search(text, max(0, start - 30), start)
    after = _HYPHEN_AFTER.match(text, end, end + 30)
    for m in (before, after):
        if m is None or m[1].islower():
            continue
        word = m[1].rstrip(".'’")
        if word not in names and not gaz.country_of_demonym(word) and not any(c.lat is not None for c in candidates(gaz, word)):
            return False
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the " and a trailing possessive from an entity span; take in what the
    model left out of the name: an abbreviation's last full stop ("U.S." before a full stop),
    and a feature word ("Wichita Street", "Tennessee Colony", "Midland Trail": not the place
    the first word names)."""
    span = text[start:end]
    if span.lower().startswith("the "):
        start += 4
    if _POSSESSIVE_S.search(text, start, end):
        end -= 2
    elif text[start:end].endswith(("'", "’")):
        end -= 1
    elif _ABBREVIATION_END.search(text, start, end) and text[end : end + 1] == ".":
        end += 1
    elif m := _GOES_ON.match(text, end):
        end = m.end()
    if m := _TRAILING.search(text, start, end):
        end = m.start()  # "Red Bank Road near", "Lake Mary - Highway": the model ran on
    if _STREET_END.search(text, start, end) and (m := _STREET_DIRECTION.match(text, end)):
        end = m.end()  # "Seventh Street Northwest"
    return start, end


_POSSESSIVE_S = re.compile(r"['’]s$")
_ABBREVIATION_END = re.compile(r"\.[A-Za-z]{1,3}$")
_STREET_END = re.compile(rf"\s(?:{STREET_WORDS})$")
_TRAILING = re.compile(r"(?<=\w)(?:\s+(?:near|and|or|to|at|in|from)|\s+-\s+\w+)$")
_STREET_DIRECTION = re.compile(r"\s(?:Northwest|Northeast|Southwest|Southeast|N\.W\.|N\.E\.|S\.W\.|S\.E\.)")


_HYPHENED = re.compile(r"(?:-(?:on-the-|upon-|le-)?[A-Z][a-z]+)+")
_GOES_ON = re.compile(rf"\s(?:{STREET_WORDS}|Woods|Colony|Estates|Heights|Hills|Township|Creek|National Forest|Forest)(?!\w)")


_KIND_SUFFIX = {
    "county": ("county", "district"), "parish": ("county", "district"), "co": ("county", "district"),
    "province": ("region",), "governorate": ("region",), "region": ("region",), "state": ("region",),
    "prefecture": ("region",), "oblast": ("region",),
    "district": ("district", "county", "region"), "river": ("river",), "city": ("city",),
}  # fmt: skip


_SAINT_ABBR = re.compile(r"(St|Ste)\.?\s+(?=[A-Z])")
_KIND_WORD_AFTER = re.compile(
    r"^(.*?)\s+(county|parish|co|province|governorate|prefecture|oblast|region|state|district|river|city)\.?$", re.I
)


def candidates(gaz: Gazetteer, name: str) -> list[Place]:
    """Gazetteer entries for a mention; "X County" or "X River" only match that kind of place."""
    if _LEADING_THE.sub("", name.strip()).lower() in NOT_ON_EARTH:
        return []  # "the greatest place on Earth": a place with no point on the map, not Earth, Texas
    found = gaz.lookup(name)
    if found:
        return found
    if saint := _SAINT_ABBR.match(name.strip()):  # "St. Marc" is Saint-Marc, a town
        full = ("Saint " if saint[1] == "St" else "Sainte ") + name.strip()[saint.end() :]
        if found := [c for c in gaz.lookup(full) if normalise(c.name.replace("-", " ")) == normalise(full)
                     and (c.kind == "country" or (c.kind == "city" and c.population >= 10_000))]:  # fmt: skip
            return found
    m = _KIND_WORD_AFTER.match(name.strip())
    if m:
        kinds = _KIND_SUFFIX[m[2].lower()]
        return [c for c in gaz.lookup(m[1]) if c.kind in kinds]
    bare = _PREFIXES.sub("", name.strip())
    return gaz.lookup(bare) if bare != name.strip() else []


_LANGUAGE = re.compile(r"\b(?:speaks?|spoke|speaking|learn(?:s|ed|ing)?|teach(?:es|ing)?|taught|fluent in|translated (?:in)?to)\s+(?:only\s+)?$", re.I)
# After a demonym, a language or a style, not the country: "French lessons", "Italian food",
# "an Irish pub", "an English cocker spaniel".
_LANGUAGE_AFTER = re.compile(
    r"\s+(?:language|speakers?|immersion|lessons?|classes|class|translation|subtitles|students|teacher|"
    r"food|foods|cuisine|restaurants?|pub|bar|grill|sausages?|bread|cheese|wine|beer|dish|dishes|music|songs?|"
    r"dance|rock|folk|style|fries|toast|cocker|setter|terrier|bulldog|shepherd|marketplace|grocery|deli|"
    r"bakery|cafe|café|jars?|heritage|descent|ancestry)\b",
    re.I,
)
TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|President|Judge|Sheriff|[Cc]oach|[Oo]fficer|[Dd]eputy|Sgt|Lt|Capt)\.?\s+$")
SPEAKS = re.compile(r"\s*(?:,\s*who\b|said|says|told|added|asked|wrote|announced|denied|warned)")
