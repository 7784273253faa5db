"""Chains of time reasoning across the reports of a story, for reports that name no day.

A report can be dated without naming a day when it measures time from things
the story places elsewhere:

* **The campaign's start.** Sentences about the story's campaign (offensive,
  operation, battle, siege, war, …) say when it began ("began in October":
  the month, year unknown) or how long ago ("launched more than two weeks
  ago"), or how long it has run ("the nearly nine-month battle", "100 days
  after the offensive began"). All reports of one story are taken to speak of
  one campaign, so each of these ties the report's date to the same unknown
  start day.
* **Gaps since a dated event.** "for the first time in more than two years"
  measures from the latest explicitly dated event of the story that shares a
  name with the sentence ("ISIS captured Mosul in June 2014"). "More than two
  years" is read as two to three years: had it been more than three, the
  writer would have said so.

* **Anchors on the same happening.** A report that names only a weekday
  ("began an offensive on the western half of Mosul on Sunday") is matched
  with the days the story's dated reports give to what they tell, sentence by
  sentence (and "four days after the offensive on the western half of the
  city began", counted back): the same words on the same weekday fix the day
  (:class:`HappeningIndex`).

The start day is searched over every day of the years the story's dates allow;
each undated report's feasible days are the union over start days consistent
with every constraint (dated reports pin the start). The result is an interval
and the constraints behind it; when no upper bound exists (the year is never
fixed) the interval is left open and the note says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dateline.analyse.timex_rules import number_range, unit_of
from dateline.assemble.textsim import CONTENT_WORD, STOP_WORDS, tfidf

_CAMPAIGN = r"(?:offensive|operation|battle|campaign|siege|war|assault|uprising|insurgency|invasion|occupation|blockade|protests?|crisis|outbreak)"
_START = r"(?:began|begun|begin|begins|launched|started|start|opened|broke out|erupted|kicked off)"
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30.44, "year": 365.25}
_AGO = re.compile(r"^(?P<q>(?:more than|over|at least|nearly|almost|about|around|some|roughly|less than|under)\s+)?"
                  r"(?P<n>[\w\s-]+?)[\s-]+(?P<unit>days?|weeks?|fortnights?|months?|years?)(?:\s+ago)?$", re.I)  # fmt: skip
_NAME = re.compile(r"\b[A-Z][a-zA-Z]{2,}")
SEARCH_YEARS_AFTER = 12  # how far past the story's latest named year a start day is looked for


@dataclass
class Constraint:
    """``low <= date - start <= high`` (days) for ``kind == "since_start"``; an absolute
    interval of the report's date for ``kind == "window"``; the start's month for
    ``kind == "start_month"``; an absolute interval of the start for ``kind == "start_window"``."""

    kind: str
    low: float = 0.0
    high: float = 0.0
    month: int | None = None
    window: tuple[dt.date, dt.date] | None = None
    text: str = ""
    article: str = ""
    start: int = 0
    end: int = 0
    reason: str = ""

    def evidence(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason}


@dataclass
class Report:
    id: str
    published: dt.date | None
    constraints: list[Constraint] = field(default_factory=list)


def duration_days(text: str) -> tuple[float, float] | None:
    """The span in days a duration's words allow: "more than two weeks" 14–21 days, "nearly
    nine-month" 8.5–9 months, "two years" 2–3 years."""
    m = _AGO.match(text.strip().replace("-", " "))
    if not m:
        return None
    n = number_range(m["n"])
    if n is None:
        return None
    unit = _UNIT_DAYS.get(unit_of(m["unit"]))
    if unit is None:
        return None
    q = (m["q"] or "").strip().lower()
    if q in ("nearly", "almost", "less than", "under"):
        return (n - 0.5) * unit, n * unit
    if q in ("about", "around", "some", "roughly"):
        return (n - 0.5) * unit, (n + 0.5) * unit
    return n * unit, (n + 1) * unit  # "two years", "more than two years": up to the next unit


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span (a light split: constraints only need their clause)."""
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    hi_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return lo + 1 if lo != -1 else 0, min(hi_candidates) if hi_candidates else len(text)


def explicit_events(text: str, timexes: list[dict[str, Any]]) -> list[tuple[dt.date, dt.date, set[str], dict[str, Any]]]:
    """Dated past events of a report: explicit dates with a year, and the names in their sentence."""
    out = []
    for t in timexes:
        if t["type"] != "DATE" or t.get("anchored") or not t.get("earliest") or not t.get("latest"):
            continue
        s0, s1 = sentence_of(text, t["start"], t["end"])
        names = set(_NAME.findall(text[s0:s1]))
        out.append((dt.date.fromisoformat(t["earliest"]), dt.date.fromisoformat(t["latest"]), names, t))
    return out


def constraints_of(article: str, text: str, timexes: list[dict[str, Any]],
                   dated_events: list[tuple[dt.date, dt.date, set[str], dict[str, Any]]]) -> list[Constraint]:  # fmt: skip
    """What a report's time expressions say about its date relative to the campaign's start
    and to the story's dated events."""
    out: list[Constraint] = []
    for t in timexes:
        s0, s1 = sentence_of(text, t["start"], t["end"])
        sentence = text[s0:s1]
        before, after = text[s0 : t["start"]], text[t["end"] : s1]
        campaign_start = re.search(_CAMPAIGN, sentence, re.I) and re.search(rf"\b{_START}\b", sentence, re.I)
        span = duration_days(t["text"])
        common = {"text": t["text"], "start": t["start"], "end": t["end"], "article": article}
        if span and t["text"].lower().endswith("ago") and campaign_start:
            # "the offensive, launched more than two weeks ago"
            out.append(Constraint("since_start", span[0], span[1] + 7,
                                  reason="how long ago the campaign began", **common))  # fmt: skip
        elif t["type"] == "DATE" and campaign_start and re.search(rf"\b{_START}\s+(?:\w+\s+)?$", before, re.I):
            # "began in October", "began and October" (sic), "launched on 17 October 2016"
            # A month without a year (its year, if any, was only inferred from the report's date).
            m = re.fullmatch(r"(?:XXXX|\d{4})-(\d{2})", t["value"] or "")
            if m and (t.get("anchored") or (t["value"] or "").startswith("X")):
                out.append(Constraint("start_month", month=int(m[1]), reason="the month the campaign began", **common))
            elif not t.get("anchored") and t.get("earliest") and t.get("latest"):
                window = (dt.date.fromisoformat(t["earliest"]), dt.date.fromisoformat(t["latest"]))
                out.append(Constraint("start_window", window=window, reason="the date the campaign began", **common))
        elif span and t["type"] == "DURATION" and re.match(rf"\s*(?:-long\s+|old\s+)?{_CAMPAIGN}\b", after, re.I):
            # "the nearly nine-month battle": the campaign has run this long
            out.append(Constraint("since_start", span[0], span[1],
                                  reason="how long the campaign has run", **common))  # fmt: skip
        elif span and t["type"] == "DURATION" and re.match(rf"\s*(?:after|since)\s+the\s+(?:[\w-]+\s+){{0,3}}{_CAMPAIGN}\s+(?:\w+\s+)?{_START}", after, re.I):
            # "100 days after the offensive began" (said about the report's days)
            out.append(Constraint("since_start", span[0], span[1] + 7,
                                  reason="days since the campaign began", **common))  # fmt: skip
        elif span and t["type"] == "DURATION" and re.search(r"\bfor the first time in\s+$", before, re.I):
            names = set(_NAME.findall(sentence))
            prior = [e for e in dated_events if e[2] & names]
            if prior:
                lo_day, hi_day, _, ev = max(prior, key=lambda e: e[1])
                window = (lo_day + dt.timedelta(days=round(span[0])), hi_day + dt.timedelta(days=round(span[1])))
                out.append(Constraint("window", window=window, **common,
                                      reason=f"measured from \"{ev['text']}\", the story's latest dated "
                                             "event naming the same place or party"))  # fmt: skip
    return out


def _feasible(report: Report, start: dt.date) -> tuple[dt.date, dt.date] | None:
    lo, hi = dt.date.min, dt.date.max
    for c in report.constraints:
        if c.kind == "since_start":
            lo = max(lo, start + dt.timedelta(days=int(c.low)))
            hi = min(hi, start + dt.timedelta(days=int(c.high + 0.999)))
        elif c.kind == "window" and c.window:
            lo, hi = max(lo, c.window[0]), min(hi, c.window[1])
    if report.published is not None:
        lo, hi = max(lo, report.published), min(hi, report.published)
    return (lo, hi) if lo <= hi else None


def solve(reports: list[Report], not_before: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """Feasible date intervals of the undated reports that have constraints, from every
    report's constraints. ``not_before``: the campaign began after the story's background
    (its latest explicitly dated event), unless a report says when it began."""
    active = [r for r in reports if r.constraints]
    undated = [r for r in active if r.published is None]
    if not undated:
        return {}
    cons = [c for r in active for c in r.constraints]
    chained = any(c.kind in ("since_start", "start_month", "start_window") for c in cons)
    if not chained:
        # No campaign to chain through: only windows (gaps since dated events) apply.
        out = {}
        for r in undated:
            span = _feasible(r, dt.date.min)
            if span is not None:
                out[r.id] = _result(r, [span], span[1] == dt.date.max, cons)
        return out
    years = [y for c in cons if c.window for y in (c.window[0].year, c.window[1].year)]
    years += [r.published.year for r in active if r.published]
    if not_before is not None:
        years.append(not_before.year)
    if not years:
        return {}  # nothing in the story says which years are possible
    first, last = min(years) - 1, max(years) + SEARCH_YEARS_AFTER
    months = {c.month for c in cons if c.kind == "start_month"}
    windows = [c.window for c in cons if c.kind == "start_window" and c.window]
    if not windows and not_before is not None:
        windows = [(not_before, dt.date.max)]
    found: dict[str, list[tuple[dt.date, dt.date]]] = {r.id: [] for r in undated}
    open_ended = False
    day = dt.date(first, 1, 1)
    while day.year <= last:
        if (not months or day.month in months) and all(w[0] <= day <= w[1] for w in windows):
            spans = [_feasible(r, day) for r in active]
            if all(sp is not None for sp in spans):
                for r, sp in zip(active, spans, strict=True):
                    if r.published is None:
                        found[r.id].append(sp)  # type: ignore[arg-type]
                open_ended = open_ended or day.year >= last
        day += dt.timedelta(days=1)
    return {r.id: _result(r, found[r.id], open_ended, cons) for r in undated if found[r.id]}


def _result(report: Report, spans: list[tuple[dt.date, dt.date]], open_ended: bool,
            cons: list[Constraint]) -> dict[str, Any]:  # fmt: skip
    lo = min(s[0] for s in spans)
    hi = max(s[1] for s in spans)
    bounded = not open_ended and hi != dt.date.max and lo != dt.date.min
    # The days of the year the spans cover when each is short: the season, even without a year.
    short = all((b - a).days < 62 for a, b in spans)
    season = (min((a.month, a.day) for a, _ in spans), max((b.month, b.day) for _, b in spans)) if short else None
    return {
        "earliest": lo.isoformat() if lo != dt.date.min else None,
        "latest": hi.isoformat() if bounded else None,
        "bounded": bounded,
        "season": [f"{m:02d}-{d:02d}" for m, d in season] if season and season[0] <= season[1] else None,
        "constraints": [c.evidence() | {"article": c.article} for c in cons if c.article == report.id],
        "story_constraints": [c.evidence() | {"article": c.article} for c in cons if c.article != report.id],
    }


# -- Anchors: another report's account of the same happening ------------------------------
_TIME_WORDS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
     "tonight", "morning", "afternoon", "evening", "night", "week", "day", "days", "january", "february",
     "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
)  # fmt: skip
_WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_AFTER_BEGAN = re.compile(
    r"\b(?P<n>[\w-]+)\s+(?P<unit>days?|weeks?)\s+after\s+(?P<what>[^,.;]{5,90}?)\s+"
    r"(?:began|started|was launched|opened|erupted|broke out)\b", re.I)  # fmt: skip
ANCHOR_SIMILARITY = 0.4  # cosine of the two sentences' content words
ANCHOR_SHARED = 3  # content words the two sentences must share, at least


@dataclass
class Happening:
    """Something a dated report places on a day: the day and the words that tell it."""

    day: dt.date
    article: str
    text: str
    terms: Counter[str]
    clause: bool = False  # a clause ("the offensive on the western half began"), not a sentence


@dataclass
class DayMention:
    """A day an undated report names only relative to itself ("on Sunday", "yesterday"):
    the report was written ``lag`` days after it (a range), on the given weekday if known."""

    weekday: int | None
    lag: tuple[int, int]
    timex: dict[str, Any]
    terms: Counter[str]


def _clause_terms(text: str) -> Counter[str]:
    # Single words: a paraphrase of the same happening shares them, not their pairs.
    return Counter(w for w in CONTENT_WORD.findall(text.lower()) if w not in STOP_WORDS and w not in _TIME_WORDS)


def happenings(article: str, text: str, timexes: list[dict[str, Any]]) -> list[Happening]:
    """The days a dated report gives to what it tells: each day-precise date with its
    sentence, and "N days after the offensive began" counted back from the sentence's day."""
    out = []
    counted_back: set[int] = set()  # sentences whose "N days after" clauses are already in
    for t in timexes:
        if t["type"] != "DATE" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.get("value") or ""):
            continue
        day = dt.date.fromisoformat(t["value"])
        s0, s1 = sentence_of(text, t["start"], t["end"])
        sentence = text[s0:s1]
        out.append(Happening(day, article, sentence.strip(), _clause_terms(sentence)))
        if s0 in counted_back:
            continue
        counted_back.add(s0)
        for m in _AFTER_BEGAN.finditer(sentence):
            n = number_range(m["n"].replace("-", " "))
            if n is None or n != int(n):
                continue
            back = int(n) * (7 if m["unit"].lower().startswith("week") else 1)
            what = m[0][m.start("what") - m.start() :]
            out.append(Happening(day - dt.timedelta(days=back), article, what.strip(), _clause_terms(what), True))
    return out


def day_mentions(text: str, timexes: list[dict[str, Any]]) -> list[DayMention]:
    """Weekdays, "yesterday" and "today" in a report without a date, with their sentences."""
    out = []
    for t in timexes:
        value, word = t.get("value") or "", (t.get("text") or "").lower()
        named = re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", word)
        if m := re.fullmatch(r"XXXX-WXX-([1-7])", value):
            weekday, lag = int(m[1]) - 1, (0, 6)
        elif named and t.get("anchored") and not re.search(r"\b(?:next|this|coming|last|previous)\b", word):
            # resolved against an inferred date earlier: the weekday is what the text says
            weekday, lag = _WEEKDAY_NAMES.index(named[1]), (0, 6)
        elif "yesterday" in word:
            weekday, lag = None, (1, 1)
        elif word in ("today", "tonight"):
            weekday, lag = None, (0, 0)
        else:
            continue
        s0, s1 = sentence_of(text, t["start"], t["end"])
        out.append(DayMention(weekday, lag, t, _clause_terms(text[s0:s1])))
    return out


class HappeningIndex:
    """The happenings of a story's dated reports, vectorised once (TF-IDF over them) so that
    each undated report's relative days are matched in one sparse product."""

    def __init__(self, found: list[Happening]):
        self.found = found
        self.df: Counter[str] = Counter()
        for h in found:
            self.df.update(h.terms.keys())
        self.matrix = tfidf([h.terms for h in found], df=self.df, n_docs=len(found))
        self.squared = self.matrix.multiply(self.matrix).tocsr()
        self.clause = np.array([h.clause for h in found], dtype=bool)
        self.article = np.array([h.article for h in found], dtype=object)

    def anchor(self, mentions: list[DayMention], exclude: str | None = None) -> dict[str, Any] | None:
        """The best match between an undated report's relative days and the days dated
        reports give to the same happening (similar words, the same weekday):
        ``{"earliest", "latest", "best", "evidence"}`` for the report's date, or ``None``."""
        if not mentions or not self.found:
            return None
        queries = tfidf([m.terms for m in mentions], df=self.df, n_docs=len(self.found))
        sims = (queries @ self.matrix.T).toarray()
        if self.clause.any():
            # A clause is short: how much of it the sentence holds counts, not the cosine.
            held = ((queries > 0).astype(np.float32) @ self.squared.T).toarray()
            sims[:, self.clause] = np.maximum(sims[:, self.clause], held[:, self.clause])
        if exclude is not None:
            sims[:, self.article == exclude] = 0.0
        best: tuple[float, DayMention, Happening] | None = None
        for i, m in enumerate(mentions):
            for j in np.argsort(-sims[i])[:20]:
                h = self.found[j]
                if sims[i, j] < ANCHOR_SIMILARITY:
                    break
                if m.weekday is not None and h.day.weekday() != m.weekday:
                    continue
                if len(set(m.terms) & set(h.terms)) < ANCHOR_SHARED:
                    continue
                if best is None or sims[i, j] > best[0]:
                    best = (float(sims[i, j]), m, h)
                break
        if best is None:
            return None
        sim, m, h = best
        lo, hi = h.day + dt.timedelta(days=m.lag[0]), h.day + dt.timedelta(days=m.lag[1])
        return {
            "earliest": lo, "latest": hi, "best": min(lo + dt.timedelta(days=1), hi),
            "evidence": {"text": m.timex["text"], "start": m.timex["start"], "end": m.timex["end"],
                         "value": h.day.isoformat(), "article": h.article, "similarity": round(sim, 3),
                         "reason": f"another report dates the same happening to {h.day.isoformat()} "
                                   f"(\u201c{h.text[:120]}\u201d)"},
        }  # fmt: skip


def event_anchor(mentions: list[DayMention], found: list[Happening]) -> dict[str, Any] | None:
    """:meth:`HappeningIndex.anchor` for a one-off match."""
    return HappeningIndex(found).anchor(mentions)
