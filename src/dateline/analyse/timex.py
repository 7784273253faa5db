"""Stage ``timex``: recognise time expressions and normalise them to TIMEX3 values and intervals.

Pure Python, rule based. :func:`tag` works on plain text and a document
creation time (DCT): it runs the patterns of :mod:`dateline.analyse.timex_rules`,
keeps the longest non-overlapping matches and gives each a calendar interval; the
stage adds tense from the spaCy parse (:mod:`dateline.analyse.tense`) so that
"on Thursday" lands before or after the DCT as the verb says. Expressions that need
an anchor get underspecified values (``XXXX-10``) when the DCT is unknown, and no
interval.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dateline.analyse import stage
from dateline.analyse.tense import TenseFn, clause_tense
from dateline.analyse.timecal import shift, value_at, value_interval
from dateline.analyse.timex_rules import (
    COUNTED_AFTER,
    PATTERNS,
    Context,
    _quarter_compact,
    h_adj_duration,
    h_ago,
    h_anaphoric,
    h_bare_plural,
    h_century,
    h_clock,
    h_decade,
    h_decade_word,
    h_duration,
    h_fin_period,
    h_fiscal,
    h_full_year,
    h_half,
    h_holiday,
    h_iso,
    h_mid_part,
    h_month,
    h_month_day,
    h_month_year,
    h_nine_eleven,
    h_noon,
    h_numeric,
    h_overnight,
    h_part_of_day,
    h_past_n,
    h_quarter,
    h_ref,
    h_relday,
    h_season,
    h_set,
    h_set_month,
    h_spelled_year,
    h_the_year,
    h_this_unit,
    h_week_of,
    h_weekday,
    h_weekday_set,
    h_weekend,
    h_wire_clock,
    h_year,
    h_year_end,
    h_year_quarter,
)
from dateline.doc import Document


@dataclass(slots=True)
class Timex:
    """A recognised time expression (offsets into the text it was tagged in)."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    anchored: bool = False  # value depends on the DCT

    def attrs(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "anchored": self.anchored,
        }



# Words before a bare year that make it a date ("in 2014"); a bare year elsewhere
# ("2014 people") is left alone unless the sentence gives it a date context.
_YEAR_CUE = re.compile(
    r"(?:\b(?:in|since|by|of|until|till|before|after|during|from|through|to|between|and|or|"
    r"early|late|mid|year|summer|spring|autumn|fall|winter|the|[A-Z][a-z]+'s)\s+|[(,]\s*|mid-)$"
)
_NOT_YEAR_BEFORE = re.compile(
    r"(?:[$#£€]|\b(?:No\.?|number|flight|route|model|Boeing|Airbus|Highway|Interstate|Room|Suite|Box|"
    r"resolutions?|article|section|chapter|paragraph|page|Apollo|exit|gate|channel|squadron|battalion|"
    r"brigade|regiment|platform|terminal|checkpoint|sector|zone))\s*$",  # "Resolution 1973"
    re.I,
)
_PAIRED_BEFORE = re.compile(r"(?<![\d,.])(?P<n>\d[\d,]*\d\d)\s+(?:and|or|to)\s+$")  # a number of 3+ digits
_PAIRED_AFTER = re.compile(r"\s+(?:and|or|to)\s+(?P<n>\d[\d,]*\d\d)(?![\d.])")
_NOT_YEAR_AFTER = re.compile(r"\s*(?:[a-z]+s\b(?<!'s)(?<!ss)|per\s*cent|percent|%|[-–]\s*\d)", re.I)


def _leads() -> dict[Callable[..., Any], re.Pattern[str]]:
    """Leading words TimeBank leaves out of an extent, by pattern handler."""
    return {
        h_past_n: re.compile(r"in\s+", re.I),
        h_adj_duration: re.compile(r"(?:an?|the)\s+", re.I),
        h_fin_period: re.compile(r"the\s+(?=\w+-quarter\b)", re.I),
    }


_LEADS = _leads()
# Approximators TimeBank leaves outside the extent (the mod attribute keeps them).
_MODS_OUTSIDE = {"about", "almost", "over", "around", "just over", "just under", "approximately", "roughly"}


# Patterns that cannot match without a given word are run only in windows around it: most
# of a text has no time unit, season or spelled-out year in it.
# An anchor that ignores case is written in lower case and searched in the lowered text (a
# case-insensitive search is several times slower in Python's ``re``).
_MONTH_WORD = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_UNIT_WORD = re.compile(r"(?<![a-z])(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur|quarter)", re.I)
_YEAR_WORD = re.compile(r"year", re.I)
_DAY_PART = re.compile(r"morning|afternoon|evening|night", re.I)
_SLASHED = re.compile(r"\d\\?/\d")
_ANCHORS: dict[Callable[..., Any], re.Pattern[str]] = {
    h_duration: _UNIT_WORD, h_ago: re.compile(r"\b(?:ago|earlier)\b", re.I), h_past_n: _UNIT_WORD, h_adj_duration: _UNIT_WORD,
    h_century: re.compile(r"century", re.I), h_season: re.compile(r"spring|summer|autumn|fall|winter", re.I),
    h_spelled_year: re.compile(r"nineteen|twenty|thousand", re.I),
    # (a month, a weekday, a year or a decade by name or number: written with a capital or digits)
    h_month_day: _MONTH_WORD, h_month_year: _MONTH_WORD, h_month: _MONTH_WORD, h_week_of: _MONTH_WORD,
    h_weekday: re.compile(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"),
    h_weekday_set: re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"),
    h_year: re.compile(r"(?:1[6-9]|20)\d\d"), h_decade: re.compile(r"\d0'?s\b"),
    h_fin_period: re.compile(r"quarter|period|year-(?:earlier|ago)", re.I), h_year_quarter: re.compile(r"quarter|period", re.I),
    h_weekend: re.compile(r"weekend", re.I), h_bare_plural: re.compile(r"(?:day|week|month|year|decade)s|centuries", re.I),
    h_wire_clock: re.compile(r"gmt|utc|local time|hours|o'clock", re.I),
    # (words every match of these holds: "the nineties", "earlier today", "this week", "in the
    # year", "the third quarter", "2016-11-03" or "3.11.2016", "now", "the recent past")
    h_decade_word: re.compile(r"ties\b", re.I), h_relday: re.compile(r"to(?:day|morrow|night)|yesterday", re.I),
    h_this_unit: _UNIT_WORD, h_quarter: re.compile(r"quarter", re.I),
    h_iso: re.compile(r"\d[-.]\d"),
    h_ref: re.compile(r"now|current|present|moment|recent|past|future|near term|lately", re.I),
    # (and the word, or the digits, near the end of every match of the others)
    h_anaphoric: re.compile(r"[Tt]hat|next|following|previous|preceding"),
    h_numeric: _SLASHED, h_nine_eleven: _SLASHED, h_half: re.compile(r"h[12]|half", re.I),
    _quarter_compact: re.compile(r"\dQ|Q\d"), h_fiscal: re.compile(r"fiscal|FY"),
    h_clock: re.compile(r"\d\s*[ap]\.?m|\d:\d|\d\.\d\d\s*(?:utc|gmt|bst|cet|cest)", re.I),
    h_overnight: re.compile(r"overnight", re.I), h_part_of_day: _DAY_PART, h_mid_part: _DAY_PART,
    h_the_year: _YEAR_WORD, h_full_year: _YEAR_WORD, h_year_end: _YEAR_WORD,
    h_set: re.compile(r"second|minute|hour|day|night|week|month|year|decade|centur|quarter|daily", re.I),
    h_set_month: re.compile(r"each|every"), h_noon: re.compile(r"noon|midnight|midday|mid-day", re.I),
    h_holiday: re.compile(r"Christmas|Year|Thanksgiving|Easter|Independence|Halloween|Valentine"),
}  # fmt: skip
# The same anchors, case-sensitive, for the lowered text.
_LOWERED = {a: re.compile(a.pattern) for a in _ANCHORS.values() if a.flags & re.I}
WINDOW_BEFORE, WINDOW_AFTER = 100, 40


def _windows(anchor: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Merged spans of text around each occurrence of ``anchor``."""
    out: list[tuple[int, int]] = []
    for m in anchor.finditer(text):
        lo, hi = max(0, m.start() - WINDOW_BEFORE), min(len(text), m.end() + WINDOW_AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _is_year(text: str, start: int, end: int, around: tuple[int, int] | None = None) -> bool:
    """A bare four-digit number is a year unless what surrounds it (``around`` it: a span of
    years it ends, else itself) says it is a quantity."""
    value = int(text[start:end])
    start, end = around or (start, end)
    before = text[max(0, start - 20) : start]
    # "between 1000 and 2000", "2,000 to 3,000": paired with a number that is no year, a quantity
    paired = _PAIRED_BEFORE.search(before) or _PAIRED_AFTER.match(text, end)
    if paired and not 1900 <= int(re.sub(r"\D", "", paired["n"]) or 0) <= 2039:
        return False
    if _YEAR_CUE.search(before):
        return True
    if _NOT_YEAR_BEFORE.search(before):
        return False
    after = text[end : end + 20]
    if _NOT_YEAR_AFTER.match(after) and not re.match(r"\s*(?:was|has|is|saw|marks)\b", after):
        return False
    return 1900 <= value <= 2039


_RANGE_AFTER = re.compile(r"[-–](\d{4}|\d\d)\b")
_RANGE_BEFORE = re.compile(r"(?<![\d.,-])(\d{4})[-–]$")
RANGE_YEARS = 30  # "2007-2008", "1998-99": a span of years, no longer than this


def _year_range(text: str, start: int, end: int) -> bool | None:
    """Whether the year at ``start:end`` is one end of a span of years ("Kenya's 2007-2008
    election", "the 1998-99 season"): ``None`` when no number is joined to it by a dash, else
    whether the two read as one (the later year after the earlier, at most ``RANGE_YEARS`` on)
    and the span as a time where it stands ("the 2007-2008 election", not "1990-2000 people")."""
    year = int(text[start:end])
    after = _RANGE_AFTER.match(text, end)
    before = _RANGE_BEFORE.search(text, max(0, start - 6), start)
    if after is None and before is None:
        return None
    if after is not None:
        first, later, span = year, int(after[1]), (start, after.end())
        if len(after[1]) == 2:
            later += year - year % 100 + (100 if later <= year % 100 else 0)
    else:
        first, later, span = int(before[1]), year, (before.start(1), end)
    counted = re.match(COUNTED_AFTER, text[span[1] : span[1] + 20])  # "1990-2000 people"
    return first < later <= min(first + RANGE_YEARS, 2039) and not counted and _is_year(text, start, end, around=span)


_ORDINAL_NAME = re.compile(r"\b\d+(?:st|nd|rd|th)\s+[A-Z]")


# A live page's entry opens with its clock time, four figures ("2032 Gen Douglas Fraser says ...").
_CLOCK_STAMP_BEFORE = re.compile(r"(?:^|[.!?'\"]\s*|\n\s*|\s{2,})$")
_CLOCK_STAMP_AFTER = re.compile(r"\s+(?:[A-Z][\w'-]*|``)")
CLOCK_YEARS_AHEAD = 5


def _a_clock_stamp(text: str, start: int, end: int, dct: dt.date | None) -> bool:
    """A bare four-figure number before a capitalised word is a live page's clock time (20:32),
    not the year, when it reads as a time of day and as a year after the report's own, and it
    opens a sentence (". 2032 Gen Douglas Fraser says ...", told in 2010), or follows a word
    without a stop and is more than ``CLOCK_YEARS_AHEAD`` years ahead ("250,000 injured 2032
    Gen Douglas Fraser": not "analysts saw 2012 Brent prices", told in 2011)."""
    number = text[start:end]
    if dct is None or not re.fullmatch(r"\d{4}", number) or int(number) <= dct.year:
        return False
    if int(number[:2]) > 23 or int(number[2:]) > 59 or not _CLOCK_STAMP_AFTER.match(text, end):
        return False
    before = text[max(0, start - 20) : start]
    if _CLOCK_STAMP_BEFORE.search(before[-3:]):
        return True
    return int(number) > dct.year + CLOCK_YEARS_AHEAD and bool(re.search(r"\b[a-z]+\s+$", before)) and not (
        _YEAR_CUE.search(before))


# A time word inside a name: a newspaper ("the Daily Telegraph", "China Daily", "the Sunday
# Times", "the Mail on Sunday"), a city's quarter ("the French Quarter"), a named day that is
# not a date ("Bloody Sunday").
_NAME_WORD = re.compile(r"(?:Daily|Weekly|Monthly|Quarter|Sunday)$")
_PAPER_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Mail|Post|Tribune|Independent|Star|News|Monitor|"
    r"Standard|Beast|Show|Briefing|Planet|Record|Sport|Observer)\b"
)
_NAME_BEFORE = re.compile(
    r"(?:\b(?:the|The)\s+|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+|\b[A-Z][a-z]*\s+'s\s+|[A-Z][a-z]*'s\s+)$"
)
_ON_SUNDAY = re.compile(r"\b(?:Mail|Independent|Scotland|Observer)\s+on\s+$")
_ORDINAL_WORD = re.compile(r"(?:First|Second|Third|Fourth|Final|Last|Next|This|Each|Every)\s+$")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """The capitalised time word at ``start:end`` is part of a name, not a time."""
    word = text[start:end]
    if not _NAME_WORD.match(word):
        return False
    before = text[max(0, start - 40) : start]
    if word == "Sunday":
        return bool(_PAPER_AFTER.match(text, end) or _ON_SUNDAY.search(before) or before.endswith("Bloody "))
    if word == "Quarter":
        return bool(re.search(r"\b[A-Z][a-z]+\s+$", before)) and not _ORDINAL_WORD.search(before)
    # Daily / Weekly / Monthly: an adverb or a set unless a name runs into it or on from it
    if _CAPITALISED_RUN.match(text, end):
        return True  # "Daily Mail columnist"
    sentence_start = not before.strip() or before.rstrip()[-1] in ".!?\n"
    return not sentence_start and bool(_NAME_BEFORE.search(before))  # "China Daily", "the Daily"


# "the Israeli daily Haaretz", "a Coptic weekly, adding": the noun, a newspaper.
_PAPER_KIND = re.compile(
    r"(?:\b(?:the|an?)\s+|\b[A-Z][a-z]*(?:i|an|ese|ic|ish|ch)\s+|\b(?:pan-Arab|state-run|state-owned|independent|"
    r"opposition|government|pro-government|business|financial|leading|popular|influential|tabloid|official|"
    r"[A-Za-z]+-based|[A-Za-z]+-language)\s+)$"
)
_PAPER_NAMED = re.compile(r"\s*(?:[,;:)]|\.(?!\w)|\s+(?:said|reported|quoted|wrote|cited|published)\b)|\s+[A-Z]")
_CAPITALISED_RUN = re.compile(r"\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*")
_PLURAL_NOUN = re.compile(r"\s+(?!says\b|reports\b)[a-z]+s\b")


def _a_newspaper(text: str, start: int, end: int) -> bool:
    """A lower-case "daily" or "weekly" used as the noun: a newspaper."""
    if text[start:end] not in ("daily", "weekly"):
        return False
    before = text[max(0, start - 40) : start]
    if not _PAPER_KIND.search(before) or not _PAPER_NAMED.match(text, end):
        return False
    name = _CAPITALISED_RUN.match(text, end)
    # "the daily Al-Ahram", but not "the daily Israeli raids": there the name is an adjective
    return not (name and _PLURAL_NOUN.match(text, name.end()))


# "last" as a verb before a duration: "expected to last several days", "could last 12 hours".
_LAST_AS_VERB = re.compile(r"last\s+(?=(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|several|\d+|a\s+few|many|up)\b)")
_VERB_CONTEXT = re.compile(
    r"\b(?:to|will|would|could|can|may|might|should|must|not|n't|'ll|cannot|usually|often|typically|"
    r"generally|normally)\s+$"
)
_A_SECOND = re.compile(r"an?\s+second", re.I)
_A_PLURAL = re.compile(r"an?\s+(?:second|minute|hour|day|week|month|year|decade)s\b", re.I)
_A_QUARTER_OF = re.compile(r"(?:^|\s)(?:an?|one|three)[\s-]quarters?$", re.I)
# "a third or a quarter as many", "about a quarter, or $50 billion", "a quarter-point cut": a share
_A_SHARE_AFTER = re.compile(
    r"\s+as\s+(?:many|much)\b|\s*,?\s+or\s+(?:\$|\d|about|some|nearly|almost)|-(?:point|mile|inch|percent|pound|final)"
)
_OF_A_THING = re.compile(r"\s+of\s+(?!(?:an?\s+)?(?:century|year|hour|mile)\b)", re.I)
_ORDINAL_AFTER = re.compile(
    r"\s+(?!(?:or|and|later|earlier|after|before|ago|of|in|to|too|longer|per|each|the|for|when|then)\b)\w"
)
# A chronology entry opens with its date: "Feb. 15 - The arrest of a lawyer sets off a riot."
_ENTRY_DASH = re.compile(r"(?:\s*,?\s*\d{4})?\s*(?:-{1,2}|:|\u2013|\u2014)\s+\S")
_ENTRY_FUTURE = re.compile(r"\b(?:will|'ll|shall|is\s+to|are\s+to|to\s+be|due\s+to|scheduled)\b", re.I)


def chronology_entry(text: str, start: int, end: int) -> bool:
    """The span opens a line (or sentence) of a chronology, and the entry does not speak of
    the future: its present tense is the historical present of a list of past events."""
    head = text[max(0, start - 40) : start].rstrip(" \t*\u2022")
    if head and head[-1] not in "\n.!?:" and not head.endswith("''"):  # "Key dates: Feb. 15 - ..."
        return False
    if not _ENTRY_DASH.match(text, end):
        return False
    line_end = text.find("\n", end)
    return not _ENTRY_FUTURE.search(text, end, line_end if line_end >= 0 else min(len(text), end + 300))


def _overlaps_excluded(start: int, end: int, excluded: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in excluded)


def tag(
    text: str,
    dct: dt.date | None,
    tense: TenseFn | None = None,
    excluded: list[tuple[int, int]] | None = None,
) -> list[Timex]:
    """Find and normalise the time expressions in ``text`` relative to ``dct``.

    ``tense(start, end)`` tells the tense of the clause governing a span
    ("past", "present", "future" or ""); ``excluded`` spans (e.g. entity names
    such as "9th Armored Division") are never tagged.
    """
    excluded = excluded or []
    candidates: list[tuple[int, int, int, re.Match[str], Callable[..., Any]]] = []
    windows: dict[re.Pattern[str], list[tuple[int, int]]] = {}
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = ""  # (a letter that lowers to two, "İ": the anchors search the text as it is)
    for order, (pattern, handler) in enumerate(PATTERNS):
        anchor = _ANCHORS.get(handler)
        if anchor is None:
            spans = [(0, len(text))]
        else:  # scan only around the word the pattern cannot do without (a unit, a season…)
            if anchor not in windows:
                caseless = _LOWERED.get(anchor) if lowered else None
                windows[anchor] = _windows(caseless, lowered) if caseless else _windows(anchor, text)
            spans = windows[anchor]
        for lo, hi in spans:
            for m in pattern.finditer(text, lo, hi):
                if m.end() == m.start():
                    continue
                candidates.append((m.start(), m.end(), order, m, handler))
    # Longest first, then earliest pattern; keep non-overlapping.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[Timex] = []
    clocks: list[Timex] = []  # clock times that name no day: they take the DCT's, or their sentence's
    for start, end, _order, m, handler in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        if _overlaps_excluded(start, end, excluded):
            continue
        in_range = _year_range(text, m.start("y"), m.end("y")) if handler is h_year else None
        if in_range is False:
            continue
        if handler is h_year and in_range is None and not m.groupdict().get("mod") and not _is_year(text, start, end):
            continue
        if handler is h_year and _a_clock_stamp(text, start, end, dct):
            continue
        if _in_a_name(text, start, end) or _a_newspaper(text, start, end):
            taken.append((start, end))  # nor is any part of it a time
            continue  # "the Daily Telegraph", "the French Quarter", "the Sunday Times", "the daily Haaretz"
        if _A_SECOND.fullmatch(m[0]) and _ORDINAL_AFTER.match(text, end):
            continue  # "a second A380", "a second term": the ordinal, not one second
        if _A_PLURAL.match(m[0]):
            continue  # "a years-old slump": not "a year"
        if _A_QUARTER_OF.search(m[0]) and (_OF_A_THING.match(text, end) or _A_SHARE_AFTER.match(text, end)):
            taken.append((start, end))
            continue  # "a quarter of the fighters": a share, not three months
        lo = max(0, start - 600)
        clause = "past" if chronology_entry(text, start, end) else tense(start, end) if tense else ""
        ctx = Context(dct, clause, text[lo : end + 600], start - lo)
        try:
            result = handler(m, ctx)
        except (ValueError, OverflowError):
            continue  # a value outside the calendar ("year 99999") is not a time expression
        if result is None:
            continue
        ttype, value, mod, anchored = result
        # Extents as TimeML annotates them: "past 20 years", "week" (not "a week").
        mod_word = (m.groupdict().get("mod") or "").lower()
        if mod_word in _MODS_OUTSIDE and m.start("mod") == start:
            start = m.end("mod")
            while start < end and text[start].isspace():
                start += 1
        if _LAST_AS_VERB.match(text, start) and _VERB_CONTEXT.search(text, max(0, start - 30), start):
            start += len(_LAST_AS_VERB.match(text, start)[0])  # "supplies to last five days": the verb
        trim = _LEADS.get(handler)
        lead = trim.match(text, start, end) if trim else None
        if lead and lead.end() < end:
            start = lead.end()
        taken.append((start, end))
        tx = Timex(start, end, text[start:end], ttype, value, mod, anchored=anchored)
        _set_interval(tx, dct)
        if m.groupdict().get("d2"):
            _span_days(tx, int(m["d2"]))
        out.append(tx)
        if handler in (h_clock, h_wire_clock, h_noon) and not m.groupdict().get("wd"):
            clocks.append(tx)
    for tx in clocks:
        _date_clock(tx, out, text, dct)
    out.sort(key=lambda t: t.start)
    for i, tx in enumerate(out):
        if tx.value.startswith("ANAPHOR:"):
            _resolve_anaphor(tx, out[:i], dct)
    _year_named_after(out, text, dct)
    _day_named_before(out, dct)
    return out


_WRITTEN_YEAR = re.compile(r"\d{4}|'\d\d\b")
_IN_THE_YEAR = re.compile(r"\s+(?:in|of)\s+$")
_GUESSED_YEAR = re.compile(r"\d{4}-(?:\d\d(?:-\d\d)?|SP|SU|FA|WI)")


def _guessed_year(tx: Timex) -> bool:
    """A calendar date whose year the text does not write ("March 7", "Christmas")."""
    return tx.type == "DATE" and bool(_GUESSED_YEAR.fullmatch(tx.value)) and not _WRITTEN_YEAR.search(tx.text)


def _year_named_after(out: list[Timex], text: str, dct: dt.date | None) -> None:
    """"Christmas in 2003", "March of 1998": the year told right after is the date's year
    (two expressions, as TimeML marks them; the first is read as if it were "Christmas 2003")."""
    for tx, year in itertools.pairwise(out):
        if not (_guessed_year(tx) and year.type == "DATE" and re.fullmatch(r"\d{4}", year.value)):
            continue
        if not _IN_THE_YEAR.fullmatch(text, tx.end, year.start):
            continue
        joined = [t for t in tag(f"{tx.text} {year.text}", dct) if t.type == "DATE"]
        if len(joined) == 1 and joined[0].value[:4] == year.value and len(joined[0].value) == len(tx.value):
            tx.value = joined[0].value
            _set_interval(tx, dct)


def _day_named_before(out: list[Timex], dct: dt.date | None) -> None:
    """"the advice given on March 7 2003 ... On March 7, the day ...": a month and day without a
    year, named earlier in the text with one, is that day again. Only a day named by its month
    moves: a weekday or "yesterday" is counted from the report's date, whatever came before."""
    named: dict[str, str] = {}
    for tx in out:
        if tx.type != "DATE" or not _DAY_VALUE.fullmatch(tx.value):
            continue
        if _guessed_year(tx):
            if not _MONTH_WORD.search(tx.text):
                continue
            earlier = named.get(tx.value[5:])
            if earlier and earlier != tx.value:
                tx.value = earlier
                _set_interval(tx, dct)
        else:
            named[tx.value[5:]] = tx.value


_CALENDAR_VALUE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


def _resolve_anaphor(tx: Timex, before: list[Timex], dct: dt.date | None) -> None:
    """ "that year", "the following month", "the next morning": counted from the last date the
    text named before it that is fine enough for the unit, else from the DCT."""
    _, step_text, unit = tx.value.split(":")
    step = int(step_text)
    need = {"year": 1, "month": 2, "week": 3, "day": 3}[unit]
    anchor: tuple[int, int, int] | None = None
    for other in reversed(before):
        m = _CALENDAR_VALUE.fullmatch(other.value.split("T")[0]) if other.type in ("DATE", "TIME") else None
        if m and sum(g is not None for g in m.groups()) >= need:
            anchor = (int(m[1]), int(m[2] or 1), int(m[3] or 1))
            break
    if anchor is None and dct is not None:
        anchor = (dct.year, dct.month, dct.day)
    if anchor is None:
        tx.value = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "day": "XXXX-XX-XX"}[unit]
        return
    tx.value = value_at(shift(dt.date(*anchor), unit, step), unit)
    _set_interval(tx, dct)


_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z])|\n")


def _date_clock(tx: Timex, found: list[Timex], text: str, dct: dt.date | None) -> None:
    """A clock time on the day its sentence names ("10:35 a.m. ... Friday"), else on the DCT."""
    best: Timex | None = None
    for other in found:
        if other.type != "DATE" or not _DAY_VALUE.fullmatch(other.value):
            continue
        lo, hi = (other.end, tx.start) if other.end <= tx.start else (tx.end, other.start)
        if _SENTENCE_BREAK.search(text, lo, hi):
            continue
        if best is None or abs(other.start - tx.start) < abs(best.start - tx.start):
            best = other
    if best is None:
        return
    tx.value = best.value + tx.value[tx.value.index("T"):]
    _set_interval(tx, dct)


def _span_days(tx: Timex, last: int) -> None:
    """"Feb 15-16, 2011": the value is the first day (TIMEX3 has one value), the interval runs
    to the last."""
    if tx.earliest and tx.earliest == tx.latest and last > tx.earliest.day:
        with contextlib.suppress(ValueError):  # "Feb 28-31" has no 31st
            tx.latest = tx.earliest.replace(day=last)


_BEFORE_OR_AFTER_NOW = re.compile(r"(?:earlier|later)\b", re.I)  # "earlier this month", "later this week"


def _set_interval(tx: Timex, dct: dt.date | None) -> None:
    """Fill ``earliest``/``latest`` from the value, the mod and (for references) the DCT."""
    iv = value_interval(tx.value.split("T")[0] if tx.type == "TIME" else tx.value)
    if iv is None and dct is not None and tx.type == "DATE":
        if tx.value == "PRESENT_REF":
            iv = (dct, dct)
        elif tx.value == "PAST_REF":
            iv = (dct - dt.timedelta(days=30), dct)
        elif tx.value == "FUTURE_REF":
            iv = (dct, dct + dt.timedelta(days=30))
        elif tx.value.endswith("-WE"):
            week = value_interval(tx.value[:-3])
            if week:
                iv = (week[0] + dt.timedelta(days=5), week[1])
    if iv is None and dct is not None and tx.type == "DURATION" and tx.anchored:
        # "the past month" / "recent days": the period just before the DCT ("the coming
        # weeks": just after it).
        m = re.match(r"P(\d+(?:\.\d+)?|X)(D|W|M|Y)", tx.value)
        if m:
            unit = {"D": "day", "W": "week", "M": "month", "Y": "year"}[m[2]]
            n = 3 if m[1] == "X" else max(1, round(float(m[1])))
            ahead = re.search(r"\b(?:coming|next|upcoming)\b", tx.text, re.I)  # "the coming weeks"
            iv = (dct, shift(dct, unit, n)) if ahead else (shift(dct, unit, -n), dct)
    if iv is None:
        return
    lo, hi = iv
    if tx.type == "TIME" and tx.value.endswith("TNI"):
        hi = lo + dt.timedelta(days=1)  # a night runs into the next day
    relative = dct is not None and lo <= dct <= hi and _BEFORE_OR_AFTER_NOW.match(tx.text)
    if relative and tx.mod == "START" and dct is not None:
        # "earlier this month", told on the 26th: any day before it, not the first third
        hi = max(lo, dct - dt.timedelta(days=1))
    elif relative and tx.mod == "END" and dct is not None:
        lo = min(hi, dct + dt.timedelta(days=1))  # "later this year": any day after the report's
    elif tx.mod in ("START",):
        hi = lo + (hi - lo) / 3
    elif tx.mod == "END":
        lo = hi - (hi - lo) / 3
    elif tx.mod == "MID":
        third = (hi - lo) / 3
        lo, hi = lo + third, hi - third
    elif tx.mod in ("MORE_THAN", "EQUAL_OR_MORE") and tx.type == "DATE" and dct and hi < dct:
        # "more than two weeks ago": on or before that point, within as long again.
        span = dct - hi
        lo, hi = hi - span, hi
    tx.earliest, tx.latest = lo, hi



# Entities whose inside never holds a time expression (unit names, products…).
_NO_TIME_LABELS = {"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW"}


@stage("timex", version="21", requires=("sentences",), assigns=("timexes",))
def timex(doc: Document) -> None:
    """Tag time expressions with TIMEX3 type, value, mod and calendar interval."""
    excluded = [
        (e.start, e.end)
        for e in doc.layers.get("entities", [])
        if e.label in _NO_TIME_LABELS and _ORDINAL_NAME.search(e.text)
    ]
    for m in _ORDINAL_NAME.finditer(doc.text):
        excluded.append((m.start(), m.end()))
    tense = clause_tense(doc.spacy) if doc.spacy is not None else None
    for tx in tag(doc.text, doc.dct, tense, excluded):
        doc.add("timexes", tx.start, tx.end, tx.type, **tx.attrs())
