"""What each kind of time expression means: the vocabulary, the patterns and one handler per
pattern, turning a match into a TIMEX3 type, value and modifier given the DCT and tense.

Each handler takes ``(match, ctx)`` and returns ``(type, value, mod, anchored)`` or ``None``
to reject the match. :mod:`dateline.analyse.timex` runs the patterns over a text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from dateline.analyse.timecal import shift, value_at

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "thousand": 1000, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12,
    "dozen": 12, "half a": 0.5, "a couple of": 2, "a couple": 2, "couple of": 2,
    "a quarter of a": 0.25, "a quarter of an": 0.25, "a quarter": 0.25, "quarter of a": 0.25,
}  # fmt: skip
VAGUE_NUMBERS = {"several", "a few", "few", "many", "some", "recent", "the coming", "coming"}
UNITS = {
    "second": ("S", "second"), "minute": ("M", "minute"), "hour": ("H", "hour"),
    "day": ("D", "day"), "night": ("D", "day"), "week": ("W", "week"),
    "fortnight": ("W", "week"), "month": ("M", "month"), "year": ("Y", "year"),
    "decade": ("DE", "decade"), "century": ("CE", "century"), "quarter": ("Q", "quarter"),
}  # fmt: skip
TIME_UNITS = {"second", "minute", "hour"}
MODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "APPROX", "almost": "APPROX", "more than": "MORE_THAN",
    "over": "MORE_THAN", "just over": "MORE_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "just under": "LESS_THAN", "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "late": "END", "the end of": "END", "the close of": "END", "mid": "MID",
    "the middle of": "MID", "the first days of": "START", "the last days of": "END",
}  # fmt: skip
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_num_word = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_vague = "|".join(sorted((re.escape(w) for w in VAGUE_NUMBERS), key=len, reverse=True))
_num_word_b = "|".join(
    sorted((re.escape(w) for w in NUMBER_WORDS if w not in ("a", "an", "half a") and "quarter" not in w),
           key=len, reverse=True)
)
NUM = (
    rf"(?:an?\s+quarter(?:\s+of\s+an?)?(?=[\s-](?:century|centuries|hour)\b)"  # "a quarter of a century": 25 years
    rf"|\d+(?:\.\d+)?(?:\s+\d/\d)?"
    rf"|(?:an?\s+(?:hundred|thousand|dozen|couple\s+of|couple)|{_num_word_b})(?:[\s-](?:{_num_word_b}|and\s+a\s+half))*"
    rf"|an?|half\s+an?)"
)
NUM_OR_VAGUE = rf"(?:{NUM}(?:\s*(?:or|to|-)\s*{NUM})?|{_vague})"
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century|centurie|quarter)"
# Months must be capitalised: "may" and "march" are also verbs.
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Jan|Feb|Aug|Sept|Oct|Nov|Dec)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Before a date, a weekday may be cut short ("Mon Mar 7 , 2011", a wire's filing line).
WEEKDAY_OR_SHORT = rf"(?:{WEEKDAY}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?)"
# A clock time's zone: "18:00 UTC", "4 a.m. EDT", "6:40 p.m. (GMT +8)" (not "(0735 GMT)").
ZONE = (r"(?:\s*(?P<tz>UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST)\b(?!\s*[+-]\s*\d)"
        r"|\s*\(\s*(?:GMT|UTC)\s*(?P<off>[+-])\s*(?P<offh>\d{1,2})\s*\))?")
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
# What a number before it counts, so that the number is no year ("2000 people", "1999 tons").
COUNTED_AFTER = r"\s*(?:percent|%|people|troops|soldiers|fighters|militants|civilians|residents|dead|deaths|killed|square|yards|miles|km|kilometers|meters|feet|tons|barrels|dollars|units)\b"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# The second day of a span of days: "Feb 15-16, 2011", "15/16 February" (a tokenised "15 \/ 16")
DAY_TO = r"(?:(?:-|\u2013|\s*\\?/\s*)(?P<d2>(?:[12]\d|3[01]|0?[1-9]))(?![\d/\\]))?"
MOD_PREFIX = (
    r"(?:(?P<mod>about|around|approximately|roughly|some|nearly|almost|more than|just over|over(?!\s+the\b)|"
    r"less than|just under|under|at least|up to|no more than|at most|early|late|"
    r"the beginning of|the start of|the end of|the close of|the middle of|mid-?)\s*)?"
)


def _num(word: str) -> float | None:
    """A number in digits, words or both: "24", "5 1/2", "twenty four", "a hundred"."""
    w = word.lower().strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if m := re.fullmatch(r"(\d+)\s+(\d)/(\d)", w):
        return int(m[1]) + int(m[2]) / int(m[3])
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    total = 0.0
    current = 0.0
    for part in re.split(r"[\s-]+", w.replace("and a half", "half")):
        if part == "half":
            current += 0.5
        elif part == "hundred":
            current = max(current, 1) * 100
        elif part == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif part in NUMBER_WORDS and part not in ("a", "an"):
            current += NUMBER_WORDS[part]
        elif part in ("a", "an", "and"):
            continue
        else:
            return None
    return total + current or None


def number_range(text: str) -> float | None:
    """The number in ``text``; for "two or three" the larger; None when vague."""
    t = text.strip().lower()
    if (whole := _num(t)) is not None:
        return whole
    parts = re.split(r"\s+(?:or|to)\s+|\s*-\s*(?=\d)", t)
    values = [_num(p) for p in parts if p]
    values = [v for v in values if v is not None]
    return max(values) if values else None


def unit_of(word: str) -> str:
    w = word.lower().rstrip("s")
    if w.endswith("centurie"):
        return "century"
    return w


def _duration_value(n: float | None, unit: str) -> str:
    letter = UNITS[unit][0]
    prefix = "PT" if unit in TIME_UNITS else "P"
    if n is None:
        return f"{prefix}X{letter}"
    if unit == "fortnight":
        n *= 2
    if letter == "DE":
        return f"P{n * 10:g}Y"  # "a decade and a half": P15Y
    if letter == "CE":
        return f"P{n * 100:g}Y"  # "a quarter of a century": P25Y
    if letter == "Q":
        return f"P{int(n * 3)}M"
    if n != int(n) and unit in _SMALLER:
        # "2 1/2 years" → P2Y6M, "a minute and a half" → PT1M30S, as TimeML writes them
        per, smaller = _SMALLER[unit]
        whole, part = int(n), round((n - int(n)) * per)
        head = f"{whole}{letter}" if whole else ""
        if unit == "day":
            return f"P{head}T{part}H"
        return f"{prefix}{head}{part}{smaller}"
    if n != int(n):
        return f"{prefix}{n:g}{letter}"  # "one and a half weeks" → P1.5W: legal TimeML
    return f"{prefix}{int(n)}{letter}"


# A fraction of a unit in the next smaller one: (how many, its letter).
_SMALLER = {"year": (12, "M"), "day": (24, "H"), "night": (24, "H"), "hour": (60, "M"), "minute": (60, "S")}


class Context:
    """What a handler needs: the DCT and the tense of the expression's clause."""

    def __init__(self, dct: dt.date | None, tense: str, sentence: str = "", before: int | None = None):
        self.dct = dct
        self.tense = tense
        self.sentence = sentence  # the text around the expression
        self.before = sentence[:before] if before is not None else ""  # the text just before it


# ---------------------------------------------------------------------------
# Handlers: each takes (match, ctx) and returns (type, value, mod, anchored) or None.


def _year_month_for(month: int, ctx: Context) -> int | None:
    """The year of a month named without one, from the DCT and the tense."""
    if ctx.dct is None:
        return None
    y = ctx.dct.year
    if ctx.tense == "future":
        return y if month >= ctx.dct.month else y + 1
    if ctx.tense == "past":
        return y if month <= ctx.dct.month else y - 1
    # Present or unknown: news mostly looks back; a month up to three ahead is still to come.
    ahead = (month - ctx.dct.month) % 12
    if ahead <= 3:
        return y if month >= ctx.dct.month else y + 1
    return y if month < ctx.dct.month else y - 1


def _year_for_day(month: int, day: int, ctx: Context) -> int | None:
    """The year of a day named without one: a day up to ``SOON_DAYS`` ahead of the DCT is the
    coming one whatever the tense ("the offer was extended to Nov. 16", said on 30 October);
    otherwise as for a month."""
    if ctx.dct is None:
        return None
    for y in (ctx.dct.year, ctx.dct.year + 1):
        try:
            ahead = (dt.date(y, month, day) - ctx.dct).days
        except ValueError:
            continue
        if 0 < ahead <= SOON_DAYS:
            return y
    return _year_month_for(month, ctx)


SOON_DAYS = 60


def _weekday_date(wd: int, ctx: Context, rel: str | None) -> dt.date | None:
    if ctx.dct is None:
        return None
    delta = wd - ctx.dct.weekday()
    if rel is None and delta == 0:  # a report names its own day: "said Friday" on a Friday
        return ctx.dct
    if rel == "next" or (rel is None and ctx.tense == "future"):
        return ctx.dct + dt.timedelta(days=delta if delta > 0 else delta + 7)
    if rel == "last":  # "last Monday" said on a Monday is a week ago
        return ctx.dct + dt.timedelta(days=delta if delta < 0 else delta - 7)
    if rel is None:
        # Past or present: the most recent such day, the DCT itself included.
        return ctx.dct + dt.timedelta(days=delta if delta <= 0 else delta - 7)
    if rel == "this":
        return ctx.dct + dt.timedelta(days=delta)
    return None


def _mod(m: re.Match[str]) -> str | None:
    word = m.groupdict().get("mod")
    if not word:
        return None
    word = word.lower().rstrip("-")
    return MODS.get(word)


def h_iso(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    return "DATE", f"{m['y']}-{int(m['mo']):02d}-{int(m['d']):02d}", None, False


def h_nine_eleven(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """"9/11": the attacks' day, once it is history."""
    if ctx.dct is not None and ctx.dct.year <= 2001:
        return None
    return "DATE", "2001-09-11", None, False


def h_numeric(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if y < 100:
        y += 2000 if y < 50 else 1900
    month, day = (a, b) if a <= 12 else (b, a)
    if month > 12 or day > 31:
        return None
    return "DATE", f"{y:04d}-{month:02d}-{day:02d}", None, False


def h_month_day(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    month = MONTHS[m["mon"].lower().rstrip(".")]
    day = int(re.sub(r"\D", "", m["d"]))
    year = m.groupdict().get("y")
    anchored = False
    if year:
        y = int(year)
    else:
        anchored = True
        yy = _year_for_day(month, day, ctx)
        if yy is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}", _mod(m), True
        y = _year_of_weekday(m[0], month, day, yy)
        if (month, day) == (9, 11) and ctx.dct and ctx.dct.year > 2001 and (
            _ATTACKS_BEFORE.search(ctx.before) or _ATTACKS_AFTER.match(ctx.sentence, len(ctx.before) + len(m[0]))
            or abs((dt.date(y, 9, 11) - ctx.dct).days) > NINE_ELEVEN_NEAR_DAYS
        ):
            y = 2001  # "the attacks of September 11", "the Sept. 11 attacks", "after September 11" in March
    try:
        dt.date(y, month, day)
    except ValueError:
        return None
    return "DATE", f"{y:04d}-{month:02d}-{day:02d}", _mod(m), anchored


# "September 11" with no year, far from the report's own day, is the day of the attacks.
NINE_ELEVEN_NEAR_DAYS = 60
_ATTACKS_BEFORE = re.compile(r"\b(?:attacks?|atrocit(?:y|ies)|bombings?)\s+(?:of|on)\s+$", re.I)
_ATTACKS_AFTER = re.compile(r"\s*(?:terror(?:ist)?\s+)?(?:attacks?|hijack(?:ers|ings?)?|commission)\b", re.I)


def _year_of_weekday(text: str, month: int, day: int, guess: int) -> int:
    """"Thursday 17 June" with no year: of the years next to ``guess``, the one in which that
    day is a Thursday (``guess`` itself when it is, or when no weekday is named)."""
    wd = re.match(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)", text)
    if not wd:
        return guess
    target = next(v for k, v in WEEKDAYS.items() if k.startswith(wd[1].lower()))
    for y in (guess, guess + 1, guess - 1):
        try:
            if dt.date(y, month, day).weekday() == target:
                return y
        except ValueError:
            continue
    return guess


def h_month_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    month = MONTHS[m["mon"].lower().rstrip(".")]
    return "DATE", f"{m['y']}-{month:02d}", _mod(m), False


def h_month(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    month = MONTHS[m["mon"].lower().rstrip(".")]
    rel = (m.groupdict().get("rel") or "").lower()
    yrel = m.groupdict().get("yrel")
    if ctx.dct is None:
        return "DATE", f"XXXX-{month:02d}", _mod(m), True
    if yrel:  # "June last year"
        y = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[yrel]
    elif rel == "last":
        y = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif rel == "next":
        y = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif rel == "this":
        y = ctx.dct.year
    elif _DEADLINE.search(ctx.before) and 0 < (month - ctx.dct.month) % 12 <= 3:
        # "gave them until mid-November", "extended through January": a term that runs on
        y = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif _AS_OF.search(ctx.before):  # "as of February, the store accounts for...": a state so far
        y = ctx.dct.year if month <= ctx.dct.month else ctx.dct.year - 1
    else:
        y = _year_month_for(month, ctx) or ctx.dct.year
    return "DATE", f"{y:04d}-{month:02d}", _mod(m), True


_DEADLINE = re.compile(r"\b(?:until|till|through|by)\s+(?:early\s+|late\s+|mid-?|the\s+end\s+of\s+)?$", re.I)
_AS_OF = re.compile(r"\bas\s+of\s+(?:early\s+|late\s+|mid-?|the\s+end\s+of\s+)?$", re.I)


def h_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    return "DATE", m["y"], _mod(m), False


def h_decade(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    return "DATE", m["dec"][:3], _mod(m), False


DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}  # fmt: skip


def h_decade_word(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """"the nineties", "the early seventies": the latest such decade that has begun by the DCT
    (else the 1900s). Without "the" ("in their forties") it is an age."""
    if "the" not in m[0].lower().split():
        return None
    d = DECADE_WORDS[m["dw"].lower()]
    century = 19
    if ctx.dct is not None and 2000 + d * 10 <= ctx.dct.year:
        century = 20
    return "DATE", f"{century}{d}", _mod(m), False


def h_century(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    n = ORDINALS.get(m["n"].lower()) or int(re.sub(r"\D", "", m["n"]) or 0)
    if not n:
        return None
    return "DATE", f"{n - 1:02d}", _mod(m), False


def h_weekday(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    wd = WEEKDAYS[m["wd"].lower()]
    rel = re.sub(r"\s+", " ", (m.groupdict().get("rel") or "").lower()) or None
    rel = {"the previous": "last", "the following": "next", "this coming": "next"}.get(rel or "", rel)
    d = _weekday_date(wd, ctx, rel)
    day = d.isoformat() if d else f"XXXX-WXX-{wd + 1}"
    pre = (m.groupdict().get("pre") or "").lower()
    if pre in ("noon", "midnight"):  # "noon Saturday"
        return "TIME", f"{day}T{'12:00' if pre == 'noon' else '24:00'}", None, True
    # "Friday night" is in the extent, but scored against TimeBank the day alone does as well
    # as the day with its part (2000-01-07TNI): annotators split, and often tag "Friday" only.
    # (Measured again: writing the part loses value F1 on dev, .827 to .823.)
    return "DATE", day, {"early": "START", "late": "END"}.get(pre), True


def h_weekday_set(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    """Weekdays in the plural are a set: "on Mondays" (XXXX-WXX-1), "Tuesday nights"."""
    wd = WEEKDAYS[m["wd"].lower()]
    part = (m["part"] or m["part2"] or "").lower()
    return "SET", f"XXXX-WXX-{wd + 1}" + (f"T{PARTS_OF_DAY[part]}" if part else ""), None, False


def h_relday(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    word = m["rd"].lower()
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}[word]
    part = (m.groupdict().get("part") or "").lower()
    if ctx.dct is None:
        value = {"today": "PRESENT_REF", "tonight": "PRESENT_REF"}.get(word, "XXXX-XX-XX")
        return ("TIME" if part or word == "tonight" else "DATE"), value, None, True
    d = ctx.dct + dt.timedelta(days=offset)
    mod = {"early": "START", "late": "END"}.get((m.groupdict().get("pre") or "").lower())
    if word == "tonight":
        return "DATE", d.isoformat(), mod, True
    if part:
        return "TIME", f"{d.isoformat()}T{PARTS_OF_DAY[part]}", mod, True
    return "DATE", d.isoformat(), mod, True


# "Overnight" as a figure of speech, not a night: "did not happen overnight", "an overnight success".
_OVERNIGHT_IDIOM_BEFORE = re.compile(
    r"\b(?:happen(?:s|ed|ing)?|change[sd]?|changing|disappear(?:s|ed)?|vanish(?:es|ed)?|transform(?:s|ed)?|"
    r"become|became|turn(?:s|ed)?|rich|famous|solved?|fixed)\s+(?:\w+\s+)?$", re.I)
_OVERNIGHT_IDIOM_AFTER = re.compile(r"\s+(?:success|sensation|star|celebrity|millionaire|hit|fame)\b", re.I)


def h_overnight(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """"Struck overnight", "overnight shelling": the night before the report (the coming night in
    a clause about the future), as TimeML writes a night (``2016-11-06TNI``)."""
    after = ctx.sentence[len(ctx.before) + len(m[0]) :]
    if _OVERNIGHT_IDIOM_BEFORE.search(ctx.before) or _OVERNIGHT_IDIOM_AFTER.match(after):
        return None
    if ctx.dct is None:
        return "TIME", "XXXX-XX-XXTNI", None, True
    night = ctx.dct if ctx.tense == "future" else ctx.dct - dt.timedelta(days=1)
    return "TIME", f"{night.isoformat()}TNI", None, True


def h_this_unit(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """this/last/next/earlier this/later this + week/month/year/quarter/weekend."""
    rel = m["rel"].lower()
    unit = unit_of(m["unit"])
    mod = None
    if rel.startswith("earlier"):
        mod, rel = "START", "this"
    elif rel.startswith("later"):
        mod, rel = "END", "this"
    if pre := (m.groupdict().get("pre") or "").lower():  # "early this week", "late last year"
        mod = "START" if pre == "early" else "END"
    step = {"this": 0, "the current": 0, "last": -1, "past": -1, "previous": -1, "next": 1,
            "coming": 1, "the coming": 1}.get(rel, 0)  # fmt: skip
    if unit == "weekend":
        if ctx.dct is None:
            return "DATE", "XXXX-WXX-WE", mod, True
        d = shift(ctx.dct, "week", step)
        return "DATE", f"{value_at(d, 'week')}-WE", mod, True
    if unit not in ("week", "month", "year", "quarter", "decade", "century"):
        return None
    if unit == "decade" and rel == "past":
        return None  # "past decade" is a span of ten years: h_past_n's reading of the same words
    if ctx.dct is None:
        return "DATE", {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}.get(
            unit, "XXXX"
        ), mod, True
    return "DATE", value_at(shift(ctx.dct, unit, step), unit), mod, True


def h_ago(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    """"two weeks ago", "more than two years ago", "three days later/earlier"."""
    n = number_range(m["n"]) if m["n"].lower() not in VAGUE_NUMBERS else None
    if n is not None and m.groupdict().get("half"):
        n += 0.5  # "a year and a half ago"
    unit = unit_of(m["unit"])
    mod = _mod(m)
    direction = -1
    if ctx.dct is None or n is None:
        return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", mod, True
    if unit in TIME_UNITS:  # "two hours ago": still the report's day, at this granularity
        return "DATE", ctx.dct.isoformat(), mod, True
    if unit == "year" and n != int(n):  # "two and a half years ago": the month, 30 months back
        return "DATE", value_at(shift(ctx.dct, "month", -round(n * 12)), "month"), mod, True
    if unit in ("decade", "century"):  # "half a century ago": the 1960s; "a century ago": the 1900s
        years = round(n * (10 if unit == "decade" else 100))
        d = shift(ctx.dct, "year", -years)
        return "DATE", value_at(d, "century" if years % 100 == 0 else "decade" if years % 10 == 0 else "year"), mod, True
    d = shift(ctx.dct, "day" if unit in ("night", "fortnight") else unit,
              int(direction * n * (14 if unit == "fortnight" else 1)))  # fmt: skip
    gran = unit if unit in ("day", "week", "month", "year", "decade") else "day"
    if unit == "year" and n == 1:
        gran = "month"  # "a year ago": TimeML writes the month a year back
        if re.search(r"quarter", ctx.sentence, re.I):  # ...or the quarter, in results
            y, q = _quarter_of(ctx.dct - dt.timedelta(days=45))
            return "DATE", f"{y - 1}-Q{q}", mod, True
    return "DATE", value_at(d, gran), mod, True


def h_duration(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    n_text = m["n"].lower()
    n = None if n_text in VAGUE_NUMBERS else number_range(n_text)
    if n is not None and m.groupdict().get("half"):
        n += 0.5  # "a minute and a half"
    unit = unit_of(m["unit"])
    return "DURATION", _duration_value(n, unit), _mod(m), False


def h_the_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    """"the year ended Sept. 30": a fiscal year as a duration."""
    return "DURATION", "P1Y", None, False


def _quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def h_fin_period(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """Business reporting periods: "the quarter", "the latest quarter", "third-quarter",
    "the year-earlier period". The period reported on is the last completed quarter when
    the report comes early in a quarter.
    """
    rel = (m.groupdict().get("rel") or "").lower()
    q_word = (m.groupdict().get("q") or (rel if rel in ORDINALS else "")).lower()
    unit = (m.groupdict().get("unit") or "quarter").lower()
    if not m.groupdict().get("unit") and rel in ("year-earlier", "year-ago"):
        if ctx.dct is None:
            return "DATE", "XXXX", None, True
        if not re.search(r"quarter", ctx.sentence, re.I):
            return "DATE", str(ctx.dct.year - 1), None, True
    if (not rel and not q_word and unit == "period") or (unit == "period" and rel in ORDINALS):
        return None  # "the period" alone is not a time expression
    if ctx.dct is None:
        return "DATE", f"XXXX-Q{ORDINALS[q_word]}" if q_word else "XXXX-QX", None, True
    y, q = _quarter_of(ctx.dct - dt.timedelta(days=45))
    if q_word:
        q = ORDINALS[q_word]
        y = ctx.dct.year if q <= _quarter_of(ctx.dct)[1] else ctx.dct.year - 1
    if rel in ("previous", "last", "past"):
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    if rel in ("year-earlier", "year-ago", "comparable", "same"):
        y -= 1
    return "DATE", f"{y}-Q{q}", None, True


def h_weekend(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    rel = (m.groupdict().get("rel") or "").lower()
    if ctx.dct is None:
        return "DATE", "XXXX-WXX-WE", None, True
    d = ctx.dct
    if rel in ("next", "coming") or (not rel and ctx.tense == "future"):
        d = d + dt.timedelta(days=7) if d.weekday() >= 5 else d
    elif rel in ("past", "last") or (not rel and ctx.tense == "past" and d.weekday() < 5):
        d = d - dt.timedelta(days=7)
    return "DATE", f"{value_at(d, 'week')}-WE", None, True


def h_past_n(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    """"the past month", "the last three years", "recent days", "the coming weeks"."""
    n_text = (m.groupdict().get("n") or "").lower()
    rel = (m.groupdict().get("rel") or "").lower()
    unit = unit_of(m["unit"])
    plural = m["unit"].lower().endswith("s")
    if not n_text and not plural and rel == "past" and unit == "decade":
        return "DURATION", "P10Y", _mod(m), True  # "the past decade": the ten years up to now
    if not n_text and not plural and rel in ("past", "last", "previous") and unit in (
        "week", "month", "year", "decade", "quarter"
    ):
        # "the past year": the previous calendar unit, as TimeBank annotates it.
        if ctx.dct is None:
            return "DATE", "PAST_REF", _mod(m), True
        return "DATE", value_at(shift(ctx.dct, unit, -1), unit), _mod(m), True
    if not n_text and not plural and rel in ("next", "coming") and unit in ("week", "month", "year", "quarter"):
        if ctx.dct is None:
            return "DATE", "FUTURE_REF", _mod(m), True
        return "DATE", value_at(shift(ctx.dct, unit, 1), unit), _mod(m), True
    # "recent days", "the coming weeks": a plural with no number is an unspecified span (PXD).
    n = number_range(n_text) if n_text else (None if plural else 1)
    return "DURATION", _duration_value(n, unit), _mod(m), True


def h_set(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    word = (m.groupdict().get("unit") or m.groupdict().get("adv") or "").lower()
    adv = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year",
           "annually": "year", "hourly": "hour", "nightly": "day"}  # fmt: skip
    unit = adv.get(word) or unit_of(word)
    if unit in WEEKDAYS:
        part = PARTS_OF_DAY.get((m.groupdict().get("part") or "").lower(), "")
        return "SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}{'T' + part if part else ''}", None, False
    if m.groupdict().get("part"):
        return None  # "spent a second night in the open": an ordinal, not a set
    n = m.groupdict().get("n")
    count = _num(n) if n else 1
    return "SET", _duration_value(count, unit), None, False


def h_set_month(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    return "SET", f"XXXX-{MONTHS[m['mon'].lower()]:02d}", None, False


def h_season(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    season = SEASONS[m["season"].lower()]
    y = m.groupdict().get("y")
    rel = (m.groupdict().get("rel") or "").lower()
    if y:
        return "DATE", f"{y}-{season}", _mod(m), False
    if ctx.dct is None:
        return "DATE", f"XXXX-{season}", _mod(m), True
    if not rel:  # "in the spring": this year's, or the nearest one the tense points to
        year = _year_month_for(SEASON_MONTH[season], ctx) or ctx.dct.year
        return "DATE", f"{year}-{season}", _mod(m), True
    if rel.startswith("this ") :  # "this past spring": the latest one before the DCT
        year = ctx.dct.year if SEASON_MONTH[season] < ctx.dct.month else ctx.dct.year - 1
    else:
        year = ctx.dct.year + {"last": -1, "next": 1}.get(rel, 0)
    return "DATE", f"{year}-{season}", _mod(m), True


SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def h_quarter(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    q = ORDINALS.get(m["q"].lower())
    y = m.groupdict().get("y")
    if not q:
        return None
    if y:
        return "DATE", f"{y}-Q{q}", None, False
    if ctx.dct is None:
        return "DATE", f"XXXX-Q{q}", None, True
    year = ctx.dct.year if q <= _quarter_of(ctx.dct)[1] or ctx.tense == "future" else ctx.dct.year - 1
    return "DATE", f"{year}-Q{q}", None, True


def h_year_quarter(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """A quarter (or a reporting period) of a named year: "this year's third quarter", "next
    year's first quarter", "last year's quarter", "the year-ago third quarter", "the 1988
    period". Without an ordinal, the quarter is the one the report is about (the last ended)."""
    q_word = (m["q"] or "").lower()
    rel, year = (m["rel"] or "").lower(), m["y"]
    if year is None and ctx.dct is None:
        return "DATE", f"XXXX-Q{ORDINALS[q_word]}" if q_word else "XXXX-QX", None, True
    if q_word:
        q = ORDINALS[q_word]
    elif ctx.dct is not None:
        q = _quarter_of(ctx.dct - dt.timedelta(days=45))[1]
    else:
        q = 0
    if year:
        y = int(year)
        if not q or ((m["unit"] or "").lower() == "period" and not re.search(r"\bquarter", ctx.sentence, re.I)):
            return "DATE", year, None, False  # "the 1988 period" of a yearly report
    elif rel:
        y = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[rel]
    else:  # "the year-ago third quarter" (the pattern's third choice): that quarter, a year before the latest such
        y = (ctx.dct.year if q <= _quarter_of(ctx.dct)[1] else ctx.dct.year - 1) - 1
    return "DATE", f"{y}-Q{q}", None, not year


def h_half(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    g = m.groupdict()
    if g.get("hn") or g.get("hn2"):  # "H1 2017", "2017 H2"
        return "DATE", f"{g.get('y') or g.get('y2')}-H{g.get('hn') or g.get('hn2')}", None, False
    h = 1 if m["h"].lower() == "first" else 2
    y = m.groupdict().get("y")
    if y:
        return "DATE", f"{y}-H{h}", None, False
    if ctx.dct is None:
        return "DATE", f"XXXX-H{h}", None, True
    return "DATE", f"{ctx.dct.year}-H{h}", None, True


def h_fiscal(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    y = m["y"]
    y = y.lstrip("'")
    if len(y) == 2:
        y = ("20" if int(y) < 50 else "19") + y
    return "DATE", f"FY{y}", None, False  # TimeML guidelines (TimeBank sometimes writes the year)


def h_week_of(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    r = h_month_day(m, ctx)
    if r is None or "X" in r[1]:
        return r
    d = dt.date.fromisoformat(r[1])
    return "DATE", value_at(d, "week"), None, r[3]


_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
         "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
_UNITS_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9}  # fmt: skip
SPELLED_YEAR = (
    r"(?P<cent>nineteen|twenty)[\s-](?P<tens>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?P<unit>one|two|three|"
    r"four|five|six|seven|eight|nine))?|the\s+year\s+two\s+thousand(?:\s+and\s+(?P<unit2>one|two|three|"
    r"four|five|six|seven|eight|nine|ten))?"
)


def _spelled_year(m: re.Match[str]) -> int:
    if m.groupdict().get("cent"):
        century = 1900 if m["cent"].lower() == "nineteen" else 2000
        return century + _TENS[m["tens"].lower()] + _UNITS_WORDS.get((m["unit"] or "").lower(), 0)
    u2 = (m.groupdict().get("unit2") or "").lower()
    return 2000 + (_UNITS_WORDS.get(u2) or (10 if u2 == "ten" else 0))


def h_spelled_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    """"nineteen ninety-six", "January nineteen ninety-seven", "the year two thousand" (transcripts)."""
    year = _spelled_year(m)
    if m.groupdict().get("mon"):
        return "DATE", f"{year}-{MONTHS[m['mon'].lower().rstrip('.')]:02d}", None, False
    return "DATE", str(year), None, False


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lt = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lt) // 451
    month, day = divmod(h + lt - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _holiday(name: str, year: int) -> dt.date:
    if name.startswith("thanksgiving"):  # the fourth Thursday of November (US)
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name.startswith("easter"):
        return _easter(year)
    fixed = {"christmas eve": (12, 24), "christmas": (12, 25), "new year's eve": (12, 31),
             "new year's": (1, 1), "independence day": (7, 4), "halloween": (10, 31),
             "valentine's day": (2, 14)}  # fmt: skip
    for key, (mo, d) in fixed.items():
        if name.startswith(key):
            return dt.date(year, mo, d)
    raise ValueError(name)


def h_holiday(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """Christmas, New Year's Day, Thanksgiving, Easter…: the nearest one the tense points to."""
    name = re.sub(r"\s+", " ", m["hol"].lower()).replace("\u2019", "'")
    rel = (m.groupdict().get("rel") or "").lower()
    if m.groupdict().get("y"):
        return "DATE", _holiday(name, int(m["y"])).isoformat(), None, False
    if ctx.dct is None:
        return None
    this = _holiday(name, ctx.dct.year)
    if rel == "last":
        year = ctx.dct.year if this < ctx.dct else ctx.dct.year - 1
    elif rel == "next":
        year = ctx.dct.year if this > ctx.dct else ctx.dct.year + 1
    elif rel == "this":
        year = ctx.dct.year
    elif ctx.tense == "past":
        year = ctx.dct.year if this <= ctx.dct else ctx.dct.year - 1
    elif ctx.tense == "future":
        year = ctx.dct.year if this >= ctx.dct else ctx.dct.year + 1
    else:  # the nearest one
        year = min((ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1),
                   key=lambda y: abs((_holiday(name, y) - ctx.dct).days))  # fmt: skip
    return "DATE", _holiday(name, year).isoformat(), None, True


def h_clock(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    hour = int(m["h"])
    minute = int(m.groupdict().get("mi") or 0)
    ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    day = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    if m.groupdict().get("wd"):
        wd = WEEKDAYS[m["wd"].lower()]
        d = _weekday_date(wd, ctx, (m.groupdict().get("rel") or "").lower() or None)
        day = d.isoformat() if d else f"XXXX-WXX-{wd + 1}"
    zone = ""
    if (m.groupdict().get("tz") or "") in ("UTC", "GMT"):
        zone = "Z"
    elif m.groupdict().get("off"):
        zone = f"{m['off']}{int(m['offh']):02d}"
    seconds = f":{m['se']}" if m.groupdict().get("se") else ""
    return "TIME", f"{day}T{hour:02d}:{minute:02d}{seconds}{zone}", None, True


_CLOCK_PREP = re.compile(r"\b(?:at|by|until|till|from|before|after|around)\s+$", re.I)


def h_wire_clock(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """Clock times of wires and armies: "at 0735 GMT", "0910 local time", "by 1800 hours" (after a
    preposition; else 1,800 hours), "2 o'clock". A GMT conversion in brackets after a local time,
    "(0735 GMT)", stays untagged, as TimeBank leaves it."""
    if m.groupdict().get("mil") and not _CLOCK_PREP.search(ctx.before[-12:]):
        return None
    if m.groupdict().get("tz") and ctx.before.rstrip(" ").endswith("("):
        return None
    return h_clock(m, ctx)


def h_noon(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    day = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    return "TIME", f"{day}T{'24:00' if m[0].lower() == 'midnight' else '12:00'}", None, True


def h_bare_plural(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    """"for years", "within weeks": an unspecified number of units."""
    return "DURATION", _duration_value(None, unit_of(m["unit"])), None, False


def h_year_end(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    if ctx.dct is None:
        return "DATE", "XXXX-12-31", None, True
    year = ctx.dct.year - 1 if ctx.tense == "past" or "since" in ctx.before[-10:] else ctx.dct.year
    return "DATE", f"{year}-12-31", None, True


def h_full_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    return "DATE", str(ctx.dct.year) if ctx.dct else "XXXX", None, ctx.dct is not None


def h_ref(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    word = m["ref"].lower()
    if word == "current":
        return "DATE", "PRESENT_REF", None, True
    if word == "recent":
        return "DATE", "PAST_REF", None, True
    if word in ("now", "currently", "at present", "at the moment", "present", "nowadays"):
        return "DATE", "PRESENT_REF", None, True
    if word == "soon" or word.endswith(("future", "near term")):
        return "DATE", "FUTURE_REF", None, True  # "the near future", "the foreseeable future", "the near term"
    return "DATE", "PAST_REF", None, True


def h_mid_part(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    """"mid-afternoon", "mid morning": the middle of that part of the report's day."""
    ttype, value, _, anchored = h_part_of_day(m, ctx)
    return ttype, value, "MID", anchored


def h_part_of_day(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    part = PARTS_OF_DAY[m["part"].lower()]
    rel = (m.groupdict().get("rel") or "this").lower()
    if ctx.dct is None:
        return "TIME", f"XXXX-XX-XXT{part}", None, True
    d = ctx.dct + dt.timedelta(days=-1 if rel in ("last", "yesterday") else 0)
    return "TIME", f"{d.isoformat()}T{part}", None, True


def h_adj_duration(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    """"the nearly nine-month battle", "a two-year-old war" (the adjective alone)."""
    n = _num(m["n"])
    unit = unit_of(m["unit"])
    return "DURATION", _duration_value(n, unit), _mod(m), False


def _quarter_compact(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool]:
    q = m["q"] or m["q2"]
    y = m["y"] or m["y2"]
    return "DATE", f"{y}-Q{q}", None, False


# Order matters only for equal-length overlaps: earlier patterns win.
_P = MOD_PREFIX
def h_anaphoric(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, bool] | None:
    """"that year", "that same day", "the following month", "the next morning", "earlier that
    day": a time counted from the last date the text named. The value here is a marker,
    ``ANAPHOR:<step>:<unit>``, that the time stage resolves against that date (else the DCT)."""
    unit = m["unit"].lower()
    unit = "day" if unit in ("morning", "afternoon", "evening", "night") else unit
    rel = (m["rel"] or "that").lower()
    step = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(rel, 0)
    return "DATE", f"ANAPHOR:{step}:{unit}", None, True


PATTERNS: list[tuple[re.Pattern[str], Callable[..., Any]]] = [
    # "that year", "that same day", "the following month", "the next morning", "Earlier that day"
    (re.compile(r"\b(?:(?:[Ee]arlier|[Ll]ater)\s+)?(?:[Tt]hat\s+(?:same\s+)?|[Tt]he\s+(?P<rel>next|following|previous|preceding)\s+)"
                r"(?P<unit>morning|afternoon|evening|night|day|week|month|year)\b(?!\s+(?:before|after|of)\b)"), h_anaphoric),
    (re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"), h_iso),
    # (a slash escaped by a JSON export, "1\/26\/11", is a slash)
    (re.compile(r"\b(?P<a>\d{1,2})\\?/(?P<b>\d{1,2})\\?/(?P<y>\d{4}|\d{2})\b"), h_numeric),
    (re.compile(r"(?<![\d/\\])9\\?/11(?![\d/\\])"), h_nine_eleven),
    # "21.03.2011": day first, as every country that writes dates with dots does
    (re.compile(r"(?<![\d.])(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<mo>0?[1-9]|1[0-2])\.(?P<y>(?:19|20)\d\d)\b(?!\.\d)"), h_iso),
    (re.compile(rf"\bH(?P<hn>[12])\s+(?P<y>{YEAR})\b|\b(?P<y2>{YEAR})\s+H(?P<hn2>[12])\b"), h_half),
    (re.compile(rf"\b{_P}(?P<mon>{MONTH}|Mar|Apr|Jun|Jul)\s+(?P<d>{DAYNUM}){DAY_TO}(?:\s*,?\s+(?P<y>{YEAR}))?\b"), h_month_day),
    (re.compile(rf"\b{_P}(?:the\s+)?(?P<d>{DAYNUM}){DAY_TO}\s+(?:of\s+)?(?P<mon>{MONTH})(?:\s*,?\s+(?P<y>{YEAR}))?\b"), h_month_day),
    (re.compile(rf"\b{_P}(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR})\b"), h_month_year),
    (re.compile(rf"\b{_P}(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<mon>January|February|April|June|July|August|September|October|November|December|Sept\.|Oct\.|Nov\.|Dec\.|Jan\.|Feb\.|Aug\.)(?:\s+(?P<yrel>last|this|next)\s+year)?\b(?!\s+\d)"), h_month),
    (re.compile(rf"\b{_P}(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<mon>March|May)(?:\s+(?P<yrel>last|this|next)\s+year)?\b(?=\s*(?:[,.;:]|$|\s+(?:and|or|to|when|after|before|as|in|the|this|last|next)\b))"), h_month),
    (re.compile(rf"\b{_P}(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{YEAR})\b", re.I), h_season),
    (re.compile(r"\b(?P<rel>this\s+past|this|last|next)\s+(?P<season>spring|summer|autumn|fall|winter)\b", re.I), h_season),
    # "in the spring": the extent is "the spring" (the preposition stays outside); not "the fall of Mosul".
    (re.compile(r"(?:(?<=\bin )|(?<=\bduring )|(?<=\bby )|(?<=\buntil )|(?<=\bsince )|(?<=\bthrough )|(?<=\bover )|(?<=\bthroughout ))(?:the\s+)(?P<season>spring|summer|autumn|fall|winter)\b(?!\s+of\b)", re.I), h_season),
    (re.compile(rf"\b(?:the\s+)?(?:fiscal\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter(?:\s+(?:of\s+)?(?P<y>{YEAR}))?\b", re.I), h_quarter),
    (re.compile(rf"\b(?:(?P<rel>[Tt]his|[Ll]ast|[Nn]ext)\s+year['\u2019]s|(?:the\s+)?(?P<ago>year-ago|year-earlier)|the\s+(?P<y>{YEAR}))\s+(?:(?P<q>first|second|third|fourth)[\s-]+(?:fiscal\s+)?(?P<u1>quarter)|(?:fiscal\s+)?(?P<unit>quarter|period))\b"), h_year_quarter),
    (re.compile(rf"\b(?P<q>[1-4])Q\s*(?P<y>{YEAR})\b|\bQ(?P<q2>[1-4])\s+(?P<y2>{YEAR})\b"), _quarter_compact),
    (re.compile(rf"\b(?:the\s+)?(?P<h>first|second|last)\s+half\s+of\s+(?:(?P<y>{YEAR})|the\s+year|this\s+year)\b", re.I), h_half),
    (re.compile(r"\b(?:fiscal(?:\s+year)?|FY)\s*(?P<y>(?:19|20)\d\d|'?\d\d)\b"), h_fiscal),
    (re.compile(rf"\b(?:the\s+(?=early|late|mid))?{_P}(?:the\s+)?(?P<dec>(?:1[6-9]|20)\d0)'?s\b"), h_decade),
    (re.compile(rf"\b{_P}the\s+(?P<n>\w+)\s+century\b", re.I), h_century),
    (re.compile(rf"\b(?:the\s+(?=early|late|mid))?{_P}(?:the\s+)?(?P<dw>{'|'.join(DECADE_WORDS)})\b", re.I), h_decade_word),
    (re.compile(rf"\b(?:(?P<pre>[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater|noon|midnight)\s+)?(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|the\s+previous|the\s+following|this\s+coming)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?\b"), h_weekday),
    (re.compile(rf"\b(?P<wd>{WEEKDAY})(?:s(?:\s+(?P<part>morning|afternoon|evening|night)s)?|\s+(?P<part2>morning|afternoon|evening|night)s)\b"), h_weekday_set),
    (re.compile(rf"\b{WEEKDAY_OR_SHORT},?\s+(?:the\s+)?{_P}(?P<mon>{MONTH}|Mar|Apr|Jun|Jul)\s+(?P<d>{DAYNUM})(?:\s*,?\s+(?P<y>{YEAR}))?\b"), h_month_day),
    (re.compile(rf"\b{WEEKDAY_OR_SHORT},?\s+(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MONTH})(?:\s*,?\s+(?P<y>{YEAR}))?\b"), h_month_day),
    (re.compile(rf"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b){ZONE}\s+(?:on\s+)?(?:(?P<rel>last|next|this)\s+)?(?P<wd>{WEEKDAY})\b", re.I), h_clock),
    (re.compile(rf"\bthe\s+week\s+of\s+(?P<mon>{MONTH})\s+(?P<d>{DAYNUM})(?:\s*,?\s+(?P<y>{YEAR}))?\b"), h_week_of),
    (re.compile(r"\bovernight\b", re.I), h_overnight),
    (re.compile(r"\b(?:(?P<pre>early|late|earlier|later)\s+)?(?P<rd>today|yesterday|tomorrow|tonight)(?:\s+(?P<part>morning|afternoon|evening|night))?\b", re.I), h_relday),
    (re.compile(r"\b(?P<rel>last|this|yesterday|tomorrow)\s+(?P<part>morning|afternoon|evening|night)\b", re.I), h_part_of_day),
    (re.compile(r"\bmid[- ]?(?P<part>morning|afternoon|evening)\b", re.I), h_mid_part),
    (re.compile(r"\b(?:(?P<pre>early|late)\s+(?=this|last|next))?(?P<rel>earlier this|later this|this|last|next|the current|the coming|previous|past)\s+(?P<unit>week|month|year|quarter|decade|century|weekend)\b", re.I), h_this_unit),
    # "by 1800 hours": a military clock, not 1,800 hours
    (re.compile(r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s+(?P<mil>hours)\b", re.I), h_wire_clock),
    (re.compile(rf"\b{_P}(?P<n>{NUM_OR_VAGUE})(?:\s+|(?<=quarter)-)(?P<unit>{UNIT}s?)(?:\s+or\s+(?:so|two|three|more)|(?P<half>\s+and\s+a\s+half))?\s+(?P<dir>ago|earlier)\b", re.I), h_ago),
    (re.compile(rf"\b{_P}(?:the\s+)?(?P<rel>past|last|next|coming|previous|recent|final|first)\s+(?:(?P<n>{NUM_OR_VAGUE})\s+)?(?P<unit>{UNIT}s?)(?:\s+or\s+(?:so|two|three|more))?\b", re.I), h_past_n),
    (re.compile(rf"\b(?:in\s+)?(?P<rel>recent)\s+(?P<unit>{UNIT}s)\b", re.I), h_past_n),
    (re.compile(rf"\b{_P}(?:the\s+)?(?P<n>{NUM_OR_VAGUE})(?:\s+|(?<=quarter)-)(?:more\s+|additional\s+|further\s+|extra\s+)?(?P<unit>{UNIT}s?)(?:\s+or\s+(?:so|two|three|more)|(?P<half>\s+and\s+a\s+half))?\b(?!\s+(?:ago|earlier|old|and\s+a\s+half)\b)", re.I), h_duration),
    (re.compile(r"\b(?:the\s+)?(?P<unit>year|fiscal year)\b(?=\s+(?:ended|ending|to date|through)\b)", re.I), h_the_year),
    # "results for the year", "lower earnings for the fiscal year": the current (fiscal) year
    (re.compile(r"(?:(?<=\b[Ff]or )|(?<=\b[Ii]n ))the\s+(?:fiscal\s+)?year\b(?!\s*(?:['\u2019]s|ended|ending|to|through|before|after|earlier|ago|of|that|when|in\s+which|\d))"), h_full_year),
    (re.compile(r"\b(?:the\s+)?(?:(?P<rel>latest|current|first|second|third|fourth|previous|last|past|year-earlier|year-ago|comparable|same)[\s-]+)?(?P<unit>quarter|period)\b(?!-(?:century|to|on|point|final|mile|inch))(?!\s+(?:of|century)\b)", re.I), h_fin_period),
    (re.compile(r"\b(?P<q>first|second|third|fourth)-quarter\b", re.I), h_fin_period),
    (re.compile(r"\b(?P<rel>year-earlier|year-ago)\b(?!\s+(?:quarter|period)\b)", re.I), h_fin_period),
    (re.compile(r"\b(?:the\s+)?(?:this\s+(?=past\b))?(?P<rel>past|last|this|next|coming)?\s*weekend\b", re.I), h_weekend),
    (re.compile(rf"\b{_P}(?:an?\s+)?(?P<n>\d+|{_num_word})[\s-](?P<unit>second|minute|hour|day|week|month|year|decade)(?=[\s-](?!old\b)[a-z])", re.I), h_adj_duration),
    (re.compile(rf"\b(?:each|every|per|a(?!\s+{WEEKDAY}\s+(?-i:[a-z])))\s+(?:(?P<n>{NUM})\s+)?(?P<unit>{UNIT}s?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?:\s+(?P<part>morning|afternoon|evening|night)\b)?", re.I), h_set),
    (re.compile(r"\b(?P<adv>daily|weekly|monthly|yearly|hourly|nightly)\b", re.I), h_set),
    (re.compile(r"(?<![Tt]he )\b(?P<ref>current|recent)\b(?=\s+(?!(?:days|weeks|months|years|quarters|decades)\b)[a-z])"), h_ref),
    (re.compile(r"(?:(?<=\b[Ff]or )|(?<=\b[Ii]n )|(?<=\b[Ww]ithin ))(?P<unit>days|weeks|months|years|decades|centuries)\b"), h_bare_plural),
    # "in the days before the shooting", "in the years that followed", "days after the attack"
    (re.compile(r"(?P<unit>days|weeks|months|years)\b(?=\s+(?:before|after|that\s+followed|following|leading\s+up)\b)"), h_bare_plural),
    # "over the years", "in the early years": the span of them
    (re.compile(r"(?:(?<=\b[Oo]ver )|(?<=\b[Ii]n ))the\s+(?:early\s+|last\s+|past\s+)?(?P<unit>years)\b(?!\s+(?:of|to|since|before|after|that)\b)"), h_bare_plural),
    (re.compile(r"\b(?:the\s+)?year[- ]end\b", re.I), h_year_end),
    (re.compile(r"\bthe\s+full\s+year\b", re.I), h_full_year),
    (re.compile(r"\b(?:each|every)\s+(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\b"), h_set_month),
    (re.compile(rf"\b(?:the\s+)?(?P<y>{YEAR})\s+(?P<q>first|second|third|fourth)[\s-]quarter\b", re.I), h_quarter),
    (re.compile(rf"\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b){ZONE}", re.I), h_clock),
    (re.compile(rf"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<se>[0-5]\d))?\b(?!\s*(?:[ap]\.?m)){ZONE}"), h_clock),
    # A wire's clock: "at 0735 GMT", "1400GMT", "0910 local time", "2 o'clock"
    (re.compile(r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?:\s*(?P<tz>GMT|UTC)\b|(?=\s+local\s+time\b))"), h_wire_clock),
    (re.compile(r"\b(?P<h>1[0-2]|0?[1-9])\s+o'clock\b(?:\s*(?P<ampm>[ap]\.m\.|[ap]m\b))?", re.I), h_wire_clock),
    # "17.02 BST": a dotted clock time only with its zone (else "17.02" is a number)
    (re.compile(r"\b(?P<h>[01]?\d|2[0-3])\.(?P<mi>[0-5]\d)\s*(?P<tz>UTC|GMT|BST|CET|CEST)\b"), h_clock),
    (re.compile(r"\b(?:noon|midnight|midday|mid-day)\b", re.I), h_noon),
    (re.compile(rf"\b(?:(?P<mon>{MONTH})\s+)?(?:{SPELLED_YEAR})\b", re.I), h_spelled_year),
    (re.compile(rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<hol>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['\u2019]s(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|Independence\s+Day|Halloween|Valentine['\u2019]s\s+Day)(?:,?\s+(?P<y>{YEAR}))?\b(?!\s+Islands?\b)"), h_holiday),
    (re.compile(r"(?<!\bas )\b(?P<ref>now|currently|at present|at the moment|nowadays|recently|the past|the (?:near |foreseeable |immediate )?future|the near term|lately)\b", re.I), h_ref),
    (re.compile(rf"\b{_P}(?:(?<=mid-)|(?<=\d\d\d\d[-–])|(?<![-/$£€\d.,]))(?P<y>{YEAR})\b(?![/,.]?\d|[-–](?!(?:{YEAR}|\d\d)\b)\d)(?!{COUNTED_AFTER})"), h_year),
]  # fmt: skip
