"""Figure series: the same measure reported over time, across reports.

"the estimated 5,000 ISIS members" (November 2016) and "roughly 300 ISIS
militants" (July 2017) are two points of one series, *ISIS fighters*: what
is counted is reduced to a key — the canonical actor named in it, a class for
its head noun (members, militants and fighters are all fighters) and the
state it describes (trapped, fleeing, displaced, killed, captured, defected).
A count of what some of a force did or underwent ("20 police confronted the
crowd", "three officers accused") is an incident's, not a measure of that
force, and a class word that only qualifies another noun ("police stations")
counts nothing; nor are a few fighters or troops in no state ("three British soldiers")
a measure of their force's strength. People, children, families and bodies are counted only in a
state: "6,000 people" alone is no measure, nor "1,500 bodies" at a morgue.
Points are ordered by their as-of date; two points from different reports that
claim the same thing and whose values cannot both be true (ranges and bounds
that do not meet) are flagged as a conflict, and both are kept; values ten times apart count
different things (a rescue, the rescues), not one. They claim the same thing when
both are for the same days (a toll "on Sunday"; an open-ended date closes on the
report's day), or both are running totals ("killed since March") as of the same
day: a day's toll is never held against a total, nor a total against one told
weeks later.

A measure is also a place: the dead of Misrata are not the dead of Tripoli. When
the points of a measure lie in towns more than ``SAME_AREA_KM`` apart, each area
becomes a series of its own ("people killed in Misratah"), and the points that
name no town (or only the country) stay in the story-wide one, where no conflict
is flagged: two tolls that name no town may be two places. The Old City and
western Mosul are one area, so a story about one city keeps one series. Points
that name only a country, when they name several, make one series per country
("British soldiers killed in Iraq", "... in Afghanistan"), with no conflicts
flagged either; there a point that names no place joins the country its report
is about ("3,000 people have been killed", in a report from Syria). In those
series of several places, a toll (killed, wounded, missing, detained) keeps
only its running totals: the dead of one ambush and of
another town's shelling are two incidents, not two points of one measure. In a
country's series, a toll told within a month of one five times larger is an
incident's ("13 protesters killed" beside "2,200 people killed"). A count
as of more than a year before the story's first report is history the report
recalls, not a point of the story's measure.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from typing import Any

from dateline.analyse.events import actor_table
from dateline.analyse.gazetteer import distance_km, load_gazetteer
from dateline.assemble.merge import one_spelling
from dateline.assemble.stories import country_counts
from dateline.assemble.timeline import (
    HISTORY_DAYS,  # (as the timeline: a year before the story is history)
)
from dateline.store import Store

HEAD_CLASSES = {
    "fighters": {"fighters", "militants", "members", "jihadists", "insurgents", "gunmen", "rebels"},
    "troops": {"troops", "soldiers", "forces", "personnel", "police", "officers", "policemen", "servicemen", "marines"},
    "people": {"people", "civilians", "residents", "persons", "individuals"},
    "children": {"children", "kids", "orphans"},
    "families": {"families", "households"},
    "refugees": {"refugees", "migrants"},
    "displaced": {"displaced"},
    "dead": {"dead", "deaths", "killed", "fatalities"},
    "bodies": {"bodies", "corpses"},
    "wounded": {"wounded", "injured", "casualties"},
}  # fmt: skip
STATES = ("trapped", "fleeing", "fled", "displaced", "killed", "died", "dead", "wounded", "injured", "missing",
          "homeless", "stranded", "detained", "arrested", "evacuated", "remaining", "holed", "living", "affected",
          "rescued", "saved", "pulled", "relocated", "moved", "buried", "recovered", "collected", "found", "treated",
          "captured", "hurt", "die", "dies", "defected", "deserted", "defecting")  # fmt: skip
_STATE_NAMES = {"fled": "fleeing", "injured": "wounded", "died": "killed", "dead": "killed", "saved": "rescued",
                "pulled": "rescued", "moved": "relocated", "collected": "recovered", "found": "recovered",
                "stranded": "trapped", "holed": "trapped", "hurt": "wounded", "die": "killed",
                "dies": "killed", "deserted": "defected", "defecting": "defected"}  # fmt: skip
# The dead, the wounded and the displaced are people in a state: "50 dead" and "50 people killed"
# are one measure.
_AS_PEOPLE = {"dead": "killed", "wounded": "wounded", "displaced": "displaced"}
# Whose forces: a name before an armed head ("Gaddafi troops", "British soldiers").
_ARMED_CLASSES = ("fighters", "troops")
_ARMED_KINDS = ("armed-nonstate", "state-forces")
# What may follow an armed body's head and leave a count of that body: a state, a place, or its
# posting. What else the count did or underwent makes it an incident's count, not the body's
# strength: "20 armed police confronted" the crowd, "three officers accused", "soldiers convicted".
_POSTED = frozenset({"deployed", "stationed", "based", "serving", "served", "sent", "massed", "amassed",
                     "positioned", "gathered", "installed", "fighting", "remain", "remained", "left", "loyal",
                     "there", "total", "inside", "outside", "near", "around", "across", "along", "under",
                     "involved", "taking", "backed", "led", "armed", "equipped", "trained", "moving",
                     "advancing", "heading", "marching", "arriving", "arrived", "pouring", "guarding",
                     "defending", "surrounding", "besieging"})  # fmt: skip
# A toll named by a noun after the head: "US service personnel fatalities".
_TOLL_NOUNS = {"deaths": "killed", "fatalities": "killed", "casualties": "wounded"}
# A count of these is a measure only with what happened to them: "12,000 people" alone is not one,
# nor "1,500 bodies" (stacked at a morgue, lying in a street); "people rescued", "bodies buried" are.
_NEEDS_STATE = ("people", "children", "families", "bodies")
# Words that make the class word something else's: "armoured personnel carriers", "military cars
# carrying armed personnel", "dead birds".
_NOT_A_HEAD = frozenset({"carriers", "carrier", "vehicles", "cars", "trucks", "tanks", "aircraft", "birds", "fish",
                         "animals", "turtles", "dolphins", "whales", "crabs", "pelicans", "cattle", "livestock",
                         "dogs", "sheep", "goats", "pigs", "hogs", "swine", "foxes", "horses", "cows", "poultry",
                         "chickens", "hens", "ducks", "geese", "camels", "donkeys", "monkeys", "rats", "bats", "deer",
                         "seals"})  # fmt: skip
# What kills or wounds, counted before a toll word: "two car bombs killed" scores, "mortar blasts
# injured" dozens: the bombs are counted, not the dead.
_CAUSES = frozenset({"bombs", "bombings", "blasts", "explosions", "attacks", "strikes", "airstrikes", "shells",
                     "rockets", "mortars", "missiles", "mines", "grenades", "raids", "clashes", "ambushes",
                     "shootings", "crashes", "accidents", "earthquakes", "quakes", "storms", "floods", "fires",
                     "election", "elections"})  # fmt: skip
# A class word after a preposition belongs to another noun's phrase.
_LINKING = frozenset({"of", "for", "in", "with", "from", "on", "to", "by", "at", "against", "about"})
SAME_AREA_KM = 50.0  # towns closer than this are one area ("Old City", "western Mosul", "Mosul")
_AREA_KINDS = ("city", "neighbourhood", "landmark")  # a country or a province is not one area
_CLASS_OF = {w: cls for cls, words in HEAD_CLASSES.items() for w in words}
CONFLICT_RATIO = 0.25
# Two counts of one measure more than this many times apart count different things (a rescue and
# the day's rescues, a town's dead and the country's), not two accounts of one thing.
SCOPE_RATIO = 10.0
# A force's strength is counted in its fifties at least: a smaller count of fighters or troops, in
# no state ("three British soldiers", "four gunmen", "seven officers"), is an incident's party.
FORCE_MIN = 50
# A report is about the country whose places it names this many times as often as the next
# country's, and this share of all its places.
REPORT_LEAD, REPORT_SHARE = 2.0, 1 / 3
SHORT_DAYS = 7  # a figure for up to a week of days is a toll for those days; longer, a running total
TOLLS = ("killed", "wounded", "missing", "detained", "arrested", "captured")  # what each incident adds to
_CLASS_HEADS = set(HEAD_CLASSES)


def series_key(counted: str | None, unit: str | None, per: str | None) -> str | None:
    """The measure a figure belongs to, or ``None`` when it cannot be told."""
    if not counted or unit:
        return None
    words = re.findall(r"[A-Za-z][\w'-]*", counted)
    if not words:
        return None
    actors = actor_table()["actors"]
    aliases = {a.lower(): canon for canon, info in actors.items() for a in info["aliases"]}
    actor = next((aliases[w.lower()] for w in words if w.lower() in aliases), None)
    at = next((i for i, w in enumerate(words) if w.lower() in _CLASS_OF), None)
    if at is None:
        return None
    if any(w in _LINKING for w in words[:at]):
        return None  # "a website for missing persons", "air strikes on Gaddafi's forces"
    if any(w.lower() in _NOT_A_HEAD for w in words[: at + 2]) or any(w.lower() in _CAUSES for w in words[:at]):
        return None  # "sea birds killed", "dead birds", "armoured personnel carriers", "car bombs killed"
    while at + 1 < len(words) and _CLASS_OF.get(words[at + 1].lower()) == _CLASS_OF[words[at].lower()]:
        at += 1  # "police officers": the last of a run of one class heads it
    head = _CLASS_OF[words[at].lower()]
    if head in _AS_PEOPLE:  # "wounded fighters", "dead rebels", "wounded Iraqi insurgents": a class in that state
        named = next((i for i in range(at + 1, min(at + 3, len(words)))
                      if _CLASS_OF.get(words[i].lower()) not in (None, *_AS_PEOPLE)), None)  # fmt: skip
        if named is not None:
            at, head = named, _CLASS_OF[words[named].lower()]
    after = [w.lower() for w in words[at + 1 :]]
    if any(_plural_noun(w) and any(v.islower() and v.endswith(("ing", "ed")) for v in words[i + 1 : at])
           for i, w in enumerate(words[:at])):
        return None  # "separate incidents involving British soldiers": the incidents are counted
    if after and _plural_noun(after[0]) and head not in _AS_PEOPLE and after[0] not in _TOLL_NOUNS:
        return None  # "police stations", "missing persons cases": the class word is a modifier
    if head in _ARMED_CLASSES and after and after[0] not in _POSTED and after[0] not in _LINKING \
            and after[0] not in _TOLL_NOUNS and after[0] not in STATES:
        return None  # "officers accused", "soldiers convicted", "police confronted"
    if words[at].lower() == "members" and (actor is None or actors[actor]["kind"] not in _ARMED_KINDS):
        return None  # "council members", "crew members": fighters only as members of a known armed group
    if actor is None and head in _ARMED_CLASSES:
        tokens = counted.split()
        end = next((i for i, t in enumerate(tokens) if t.lower().strip(".,'\"") == words[at].lower()), 0)
        actor = " ".join(t for t in tokens[:end] if t[0].isupper()) or None  # "Gaddafi troops", "U.N. forces"
    lower = counted.lower()
    state = next((s for s in STATES if re.search(rf"\b{s}\b", lower)), None)
    state = _STATE_NAMES.get(state, state) if state else None
    state = state or next((_TOLL_NOUNS[w] for w in after if w in _TOLL_NOUNS), None)
    if head in _ARMED_CLASSES and state in ("remaining", "trapped"):
        state = None  # fighters remaining, holed up or trapped in a city are its fighters
    if head in _AS_PEOPLE:
        head, state = "people", _AS_PEOPLE[head]  # "the dead", "the wounded"
    if head in _NEEDS_STATE and state is None:
        return None
    parts = [actor, head, state, f"per {per}" if per else None]
    return " ".join(p for p in parts if p)


def _largest(f: dict[str, Any]) -> float:
    """The largest value a figure allows (its upper bound, its value, or its lower bound)."""
    return max((v for v in (f["high"], f["value"], f["low"]) if v is not None), default=0.0)


def _plural_noun(word: str) -> bool:
    """A lowercase word that reads as a plural common noun other than a class word or a state
    ("stations", "incidents", "cases")."""
    w = word.lower()
    return (word.islower() and len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous"))
            and w not in _CLASS_OF and w not in STATES)


def _when(f: dict[str, Any]) -> tuple[str, str]:
    """The days a figure describes; an open side closes on the report's day ("more than 5,000
    fighters remain", said on 17 October, describes 17 October, not all time after it)."""
    lo, hi = f["as_of_earliest"], f["as_of_latest"]
    day = (f["published"] or "")[:10] or None
    lo = lo or hi or day or "0000"
    hi = hi or (max(lo, day) if day else None) or "9999"
    return lo, hi


def _comparable(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures claim the same thing: both for the same days (a toll "on Sunday"),
    or both running totals as of the same day ("killed since March", told on one day). A day's
    toll and a total since March are not compared, nor are two totals told weeks apart, nor a
    day's toll and the week's ("109 killed over the past week", "11 killed on Wednesday")."""
    (alo, ahi), (blo, bhi) = _when(a), _when(b)
    long_a, long_b = _days(alo, ahi) > SHORT_DAYS, _days(blo, bhi) > SHORT_DAYS
    if long_a != long_b:
        return False
    if long_a:
        return abs(_days(ahi, bhi)) <= 1
    # Tolls for overlapping days, over spans of a like length: a week's dead are not a day's.
    return max(alo, blo) <= min(ahi, bhi) and abs(_days(alo, ahi) - _days(blo, bhi)) <= 1


def _days(lo: str, hi: str) -> int:
    try:
        return (dt.date.fromisoformat(hi[:10]) - dt.date.fromisoformat(lo[:10])).days
    except ValueError:  # an unknown side ("0000", "9999"): as long as can be
        return 10_000


def _bounds(f: dict[str, Any]) -> tuple[float, float] | None:
    """The values a figure allows: a range, a bound ("fewer than 1,000": up to 1,000), or one
    value, widened by ``CONFLICT_RATIO`` when it is approximate or a bound."""
    lo, hi = f["low"], f["high"]  # a bound leaves one side open ("fewer than 1,000")
    if lo is None and hi is None:
        if f["value"] is None:
            return None
        lo = hi = f["value"]
    lo = 0.0 if lo is None else float(lo)
    hi = float("inf") if hi is None else float(hi)
    slack = CONFLICT_RATIO if f["approx"] else 0.0
    return lo * (1 - slack), hi * (1 + slack)


def _disagree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures cannot both be right: the values they allow do not meet, and
    their centres differ by more than ``CONFLICT_RATIO`` but less than ``SCOPE_RATIO`` times."""
    ba, bb = _bounds(a), _bounds(b)
    va, vb = central_value(a), central_value(b)
    if ba is None or bb is None or va is None or vb is None:
        return False
    if max(ba[0], bb[0]) <= min(ba[1], bb[1]):
        return False
    if min(va, vb) <= 0 or max(va, vb) / min(va, vb) > SCOPE_RATIO:
        return False  # two people pulled from one house, 122 rescued in all: not one count
    return abs(va - vb) > CONFLICT_RATIO * max(va, vb)


def central_value(f: dict[str, Any]) -> float | None:
    """A figure's one value: its own, else the middle of its range, else its one bound."""
    if f["value"] is not None:
        return float(f["value"])
    if f["low"] is not None and f["high"] is not None:
        return (f["low"] + f["high"]) / 2
    return f["low"] if f["low"] is not None else f["high"]


def figure_series(store: Store, story: int | None = None) -> list[dict[str, Any]]:
    """Every measure reported at least twice, its points in time order, and conflicts (of one
    ``story`` alone, when given: only its reports are read)."""
    # One series per story and measure: Haiti's displaced are not Mosul's.
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    where, nations, per_country = _towns_and_countries(store, story)
    in_story, params = ("", ()) if story is None else (" AND a.story = ?", (story,))
    for f in store.rows(
        "SELECT f.*, a.published, a.published_inferred, COALESCE(a.story, 0) AS story"
        " FROM figures f JOIN articles a ON a.id = f.article"
        " WHERE (f.modality IN ('asserted', 'reported-uncertain') OR f.modality IS NULL)" + in_story,
        params,
    ):
        f["point"] = where.get((f["article"], f["place"])) if f["place"] else None
        inferred = f.pop("published_inferred")
        if f["published"] is None and inferred:
            f["published"] = json.loads(inferred).get("best")
        key = series_key(f["counted"], f["unit"], f["per"])
        if key and key.rsplit(" ", 1)[-1] in _ARMED_CLASSES and _largest(f) < FORCE_MIN:
            continue  # "three British soldiers", "four gunmen": who took part in an incident
        if key:
            groups[(f["story"], key)].append(f)
    first = {r["story"]: r["first"] for r in store.rows(
        "SELECT COALESCE(story, 0) AS story, MIN(published) AS first FROM articles"
        + ("" if story is None else " WHERE story = ?") + " GROUP BY COALESCE(story, 0)", params)}
    # "1,000 militants" in a story whose only militants are ISIS's joins the ISIS series; only a
    # known actor's ("British soldiers killed", told of another war, do not own a story's dead soldiers).
    # One measure however the reports spell its actor ("Gadhafi troops", "Gaddafi troops").
    for story in {k[0] for k in groups}:
        spelled = one_spelling(Counter({k[1]: len(v) for k, v in groups.items() if k[0] == story}))
        for key, head in spelled.items():
            groups[(story, head)].extend(groups.pop((story, key)))
    implied = _ImpliedCountry(store, per_country)
    known = actor_table()["actors"]
    for story, key in [k for k in groups if " " not in k[1] or k[1].split(" ")[0] in _CLASS_HEADS]:
        owners = [k for k in groups if k[0] == story and k[1] != key and k[1].split(" ", 1)[-1] == key]
        if len(owners) == 1 and owners[0][1].split(" ", 1)[0] in known:
            groups[owners[0]].extend(groups.pop((story, key)))
    # Series where no conflict is flagged: what is left of a measure found in several areas,
    # and a measure told of a whole country (two tolls there may be two places).
    unflagged: set[tuple[int, str]] = set()
    national: dict[tuple[int, str], str] = {}  # a country's series → its measure
    for (story, key) in list(groups):
        for area, points in _by_area(groups[(story, key)]).items():
            unflagged.add((story, key))
            groups[(story, f"{key} in {area}")] = points
            for f in points:
                groups[(story, key)].remove(f)
        # The rest, told of whole countries: one series per country when they name several
        # ("British soldiers killed": 179 in Iraq, hundreds in Afghanistan).
        by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
        why: dict[int, str] = {}  # id of a point placed by its report → "report" | "sentence"
        # A region joins its country (Helmand: Afghanistan), and so does a point that names no
        # place (see _ImpliedCountry), when it says when it holds: "up to 30,000 people were
        # killed", with no day of its own after "in 1982", is history a report recalls.
        for f in groups[(story, key)]:
            country = nations.get((f["article"], f["place"]))
            if country is not None and (country == f["place"] or f["as_of_earliest"]):
                by_country[country].append(f)
        if by_country:
            for f in groups[(story, key)]:
                if f["place"] is None and f["as_of_earliest"] and (found := implied(f)) is not None:
                    why[id(f)] = found[1]
                    by_country[found[0]].append(f)
        if len(by_country) > 1:
            unflagged.add((story, key))
            for country, points in by_country.items():
                groups[(story, f"{key} in {country}")] = points
                unflagged.add((story, f"{key} in {country}"))
                national[(story, f"{key} in {country}")] = key
                for f in points:
                    groups[(story, key)].remove(f)
                    if id(f) in why:
                        f["placed_by"] = why[id(f)]
    out = []
    for (story, key), points in sorted(groups.items()):
        if first.get(story):
            # A count long before the story's first report is history recalled ("28 people killed
            # in August 2009", in a story of 2011), not a point of the story's measure.
            start = dt.date.fromisoformat(first[story][:10]) - dt.timedelta(days=HISTORY_DAYS)
            points = [f for f in points if not f["as_of_latest"] or f["as_of_latest"][:10] >= start.isoformat()]
        if (story, key) in national:
            if national[(story, key)].rsplit(" ", 1)[-1] in TOLLS:
                points = _totals(points)  # a country's dead: its running total, not each town's day
        elif (story, key) in unflagged and key.rsplit(" ", 1)[-1] in TOLLS:
            # Tolls of unknown or several places: each incident's toll is the incident's, not a
            # point of one measure; the story's running totals ("3,500 killed since March") are.
            points = [f for f in points if _days(*_when(f)) > SHORT_DAYS]
        if len(points) < 2:
            continue
        points.sort(key=lambda f: (f["as_of_earliest"] or f["as_of_latest"] or "9999", f["article"]))
        conflicts = []
        # (none where no town is named, in a story of several: two tolls may be two places)
        for i, a in enumerate([] if (story, key) in unflagged else points):
            for j in range(i + 1, len(points)):
                b = points[j]
                if a["article"] != b["article"] and _comparable(a, b) and _disagree(a, b):
                    conflicts.append([i, j])
        out.append({
            "key": key,
            "story": story or None,
            "points": [
                {"article": f["article"], "start": f["start"], "end": f["end"], "text": f["text"],
                 "counted": f["counted"], "value": _num(f["value"]), "low": _num(f["low"]),
                 "high": _num(f["high"]), "approx": bool(f["approx"]),
                 "as_of": {"earliest": f["as_of_earliest"], "latest": f["as_of_latest"]},
                 "place": f["place"], "placed_by": f.get("placed_by"),
                 "attributed_to": json.loads(f["attributed_to"]) if f["attributed_to"] else None}
                for f in points
            ],
            "conflicts": conflicts,
        })  # fmt: skip
    return out


DWARF_RATIO, DWARF_DAYS = 5.0, 30  # a toll this many times smaller than one told within so many days


def _totals(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A country's tolls without those of single incidents: a toll told within ``DWARF_DAYS``
    of one ``DWARF_RATIO`` times larger is a day's or a town's ("13 protesters killed", beside
    "2,200 people killed" since the uprising began), not a point of the country's count. The
    running total is often told in the present perfect ("3,000 people have been killed"), whose
    as-of days are few, so the length of its days cannot tell it from a day's toll."""
    def known(day: str) -> bool:
        return day[:1].isdigit() and not day.startswith(("0000", "9999"))

    told = [(f, central_value(f), day) for f in points if known(day := _when(f)[1][:10])]
    dwarfed = {id(f) for f, value, day in told if value is not None and any(
        g is not f and v is not None and v >= DWARF_RATIO * max(value, 1.0) and abs(_days(day, d)) <= DWARF_DAYS
        for g, v, d in told)}  # fmt: skip
    return [f for f in points if id(f) not in dwarfed]


class _ImpliedCountry:
    """The country a figure that names no place is told of: the country its report is about,
    the one whose places it names at least ``REPORT_LEAD`` times as often as any other's, and
    ``REPORT_SHARE`` of all its places (a digest of the world's news is about no one country):
    "the crackdown has killed 1,300 civilians", in a report naming 24 places in Syria, 6 in the
    U.S. and 14 elsewhere. Unless the figure's sentence names other countries and not that one
    ("four rebels were wounded, a French doctor said" is no count of Libya for sure). A report
    about no one country lends its figures none: the country a sentence names is as often whose
    people are counted, or who counts them ("1,500 US service personnel", "a U.S. general
    said"), as where they are. Sentences are read once per report, when first asked for."""

    def __init__(self, store: Store, places: dict[str, Counter[str]]) -> None:
        self.store = store
        self.places = places
        self.read: dict[str, tuple[str, list[tuple[int, int]]]] = {}

    def __call__(self, f: dict[str, Any]) -> tuple[str, str] | None:
        """``(country name, "sentence" | "report")``, or ``None`` when nothing tells."""
        counts = self.places.get(f["article"], Counter())
        top = counts.most_common(2)
        lead = None
        if top and top[0][1] >= max(REPORT_LEAD * (top[1][1] if len(top) > 1 else 1),
                                    REPORT_SHARE * sum(counts.values())):
            lead = top[0][0]
        if lead is None:
            return None
        named = self._sentence_countries(f)
        if named:
            return (_country_name(lead), "sentence") if lead in named else None
        return _country_name(lead), "report"

    def _sentence_countries(self, f: dict[str, Any]) -> Counter[str]:
        if f["article"] not in self.read:
            text = self.store.rows("SELECT text FROM articles WHERE id = ?", (f["article"],))[0]["text"]
            spans = [(r["start"], r["end"]) for r in self.store.rows(
                "SELECT start, end FROM sentences WHERE article = ? ORDER BY start", (f["article"],))]  # fmt: skip
            self.read[f["article"]] = (text, spans)
        text, spans = self.read[f["article"]]
        span = next(((a, b) for a, b in spans if a <= f["start"] < b), None)
        return country_counts(text[span[0] : span[1]]) if span else Counter()


def _country_name(iso: str) -> str:
    """The gazetteer's name of the country with ISO code ``iso``."""
    place = load_gazetteer().countries.get(iso)
    return place.name if place is not None else iso


def _towns_and_countries(
    store: Store, story: int | None = None
) -> tuple[dict[tuple[str, str], tuple[float, float]], dict[tuple[str, str], str], dict[str, Counter[str]]]:
    """Where each article's towns lie, (article, name) → (lat, lon), for town-sized places;
    the country of every country and region an article names as a place, (article, name) →
    the country's name; and how many of each article's place mentions lie in each country (ISO
    code). One read of the places (of one ``story``'s reports, when given)."""
    towns: dict[tuple[str, str], tuple[float, float]] = {}
    countries: dict[tuple[str, str], str] = {}
    per_country: dict[str, Counter[str]] = defaultdict(Counter)
    sql = "SELECT article, name, lat, lon, kind, country FROM places WHERE lat IS NOT NULL"
    if story is not None:
        sql += " AND article IN (SELECT id FROM articles WHERE story = ?)"
    for p in store.rows(sql, () if story is None else (story,)):
        if p["country"]:
            per_country[p["article"]][p["country"]] += 1
        if p["kind"] in _AREA_KINDS:
            towns.setdefault((p["article"], p["name"]), (p["lat"], p["lon"]))
        elif p["kind"] == "country":
            countries[(p["article"], p["name"])] = p["name"]
        elif p["country"] and p["kind"] not in ("demonym", "continent", "sea", "river"):
            countries.setdefault((p["article"], p["name"]), _country_name(p["country"]))
    return towns, countries, per_country


def _by_area(points: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The points of one measure in areas of their own, named by their most cited town, when
    they lie in more than one area (towns joined when within ``SAME_AREA_KM`` of each other);
    ``{}`` when they lie in one area or none."""
    located = [f for f in points if f["point"] is not None]
    areas: list[list[dict[str, Any]]] = []
    for f in located:
        near = [a for a in areas if any(distance_km(*f["point"], *g["point"]) <= SAME_AREA_KM for g in a)]
        merged = [f] + [g for a in near for g in a]
        areas = [a for a in areas if a not in near] + [merged]
    if len(areas) < 2:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for area in areas:
        names = Counter(f["place"] for f in area)
        out.setdefault(max(sorted(names), key=lambda n: names[n]), []).extend(area)
    return out


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v
