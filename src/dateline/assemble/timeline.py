"""The timeline: the most important dates and, for each, the sentences that say what happened.

Only events that the text asserts (or reports with hedging) are placed on
the timeline; predictions, hypotheses and denials are not facts. An event
goes on the day its date interval names, at the granularity the text gives
(``2017-01`` for "in January"), or on the report's day when it happened
"shortly before" it. In an undated report, an event dated only relative to
the report goes under the month of its estimate, marked approximate, with the
interval that the uncertainty of the report's inferred date allows. Dates are
ranked by the weight of their events (how complete they are, how many
independent reports carry them) and shown in calendar order; a line two reports print near word for word is told once, and
a day's further lines are its own news (a sentence that also tells another
day's event goes first to the day of its weightiest one). A
line that names nothing of the story's subject (a headline box from another
story), that captions a photograph, or that starts inside a quotation or
mid-phrase weighs less; what a web page prints before a wire's dateline (its
headline, links to other stories) is not the report's news. History that a
report recalls in passing (a date more than a year before the story's first
report) is on the timeline only when its line names the story's subject.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from typing import Any

from dateline.analyse.timecal import value_interval
from dateline.assemble.tls import (
    display_cut,
    display_end,
    is_caption,
    is_dated_caption,
    is_fragment,
    is_stamp,
    join_lines,
    name_counts,
    names_in,
    sentence_entry,
    sentence_timeline,
    source_label,
    weighted_days,
    wire_header_end,
)
from dateline.store import Store

FACTUAL = ("asserted", "reported-uncertain")
TYPE_WEIGHT = {"FIGHT": 1.0, "ASSAULT": 1.0, "COERCE": 0.6, "AID": 0.6, "RETREAT": 0.6}
_KEY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
SHORT_SPAN_DAYS = 3


def timeline_key(value: str | None, earliest: str | None, latest: str | None) -> str | None:
    """The calendar key an event is shown under, or ``None`` when it is too vague."""
    if value and _KEY.match(value):
        return value
    if value and _KEY.match(value.split("T")[0]) and "T" in value:
        return value.split("T")[0]  # a time of day ("2016-11-06TNI": that night) goes on its day
    if earliest and latest:
        lo, hi = dt.date.fromisoformat(earliest), dt.date.fromisoformat(latest)
        if (hi - lo).days <= SHORT_SPAN_DAYS:
            return hi.isoformat()
    return None


def within(key: str, start: str | None, end: str | None) -> bool:
    """Whether a calendar key falls in a window whose bounds may be a year, month or day: a key
    and a bound are compared at the coarser of the two granularities, so ``--end 2017-02``
    keeps 2017-02-23 and a ``2017`` entry overlaps a window starting in 2017-02."""
    if start and key[: len(start)] < start[: len(key)]:
        return False
    return not (end and key[: len(end)] > end[: len(key)])


def inferred_key(row: dict[str, Any], inferred: dict[str, dict[str, Any]]) -> tuple[str | None, tuple[str, str] | None]:
    """Where an undated report's event goes when only its inferred publication date dates it.

    The event's interval was resolved against the inferred ``best`` day; the report may have
    been written on any day from ``earliest`` to ``latest``, so the interval widens by as much
    on each side. A report dated by its own date-and-time line (one possible day) is as good
    as dated. Otherwise the event goes, marked approximate, under the month of its own
    estimate, when the widened interval is short enough to say something
    (``APPROX_MAX_DAYS``). Returns ``(key, (earliest, latest))``, with ``None`` for
    the interval when the key is exact, and ``(None, None)`` when the event stays off."""
    pub = inferred.get(row["article"])
    lo_s, hi_s = row["date_earliest"], row["date_latest"]
    if not pub or not (pub.get("earliest") and pub.get("latest") and pub.get("best")) or not (lo_s and hi_s):
        return None, None
    first, best, last = (dt.date.fromisoformat(pub[k]) for k in ("earliest", "best", "latest"))
    if first == last:
        return timeline_key(row["date_value"], lo_s, hi_s), None
    lo, hi = dt.date.fromisoformat(lo_s), dt.date.fromisoformat(hi_s)
    wide_lo, wide_hi = lo - (best - first), hi + (last - best)
    if (wide_hi - wide_lo).days > APPROX_MAX_DAYS:
        return None, None
    return (lo + (hi - lo) / 2).strftime("%Y-%m"), (wide_lo.isoformat(), wide_hi.isoformat())


def _event_rows(store: Store, story: int | None = None) -> list[dict[str, Any]]:
    return store.rows(
        f"""
        SELECT e.*, m.article, m.start, m.end, m.sentence_start, m.sentence_end,
               a.title, a.source, a.url, a.path, a.published, a.published_inferred, a.text
        FROM events e
        JOIN event_mentions m ON m.event = e.id
        JOIN articles a ON a.id = m.article
        {"WHERE a.story = ?" if story is not None else ""}
        ORDER BY a.published, m.article, m.start
        """,
        () if story is None else (story,),
    )


METHODS = ("combined", "events", "sentences")


def build_timeline(
    store: Store,
    *,
    max_dates: int | None = None,
    per_date: int = 2,
    start: str | None = None,
    end: str | None = None,
    query: str | None = None,
    story: int | None = None,
    method: str = "combined",
) -> list[dict[str, Any]]:
    """The timeline as a list of ``{date, summary, events, sources}`` in calendar order (of
    one story's reports when ``story`` is given).

    ``combined`` (the default): the days that dated reports name and publish most, each told
    by the sentences that best say what happened (``tls.weighted_days``) and listing the events
    placed on it, plus what only the events know: a month or a year the text gives without a
    day, and undated reports' events (approximate). A line is told once, under the weightiest
    day it could tell (a report's lead speaks for its day and the day before; a line telling an
    event, under that event's day). ``events``: the events alone;
    ``sentences``: the dated reports' sentences alone."""
    if method == "events":
        return event_timeline(store, max_dates=max_dates, per_date=per_date, start=start, end=end, query=query,
                              story=story)  # fmt: skip
    if method == "sentences":
        return sentence_timeline(store, max_dates=max_dates, per_date=per_date, start=start, end=end,
                                 query=query, story=story)  # fmt: skip
    if method != "combined":
        raise ValueError(f"unknown timeline method {method!r} (one of {', '.join(METHODS)})")
    home: dict[tuple[str, int], str] = {}  # the day each event-telling sentence is told under
    told = event_timeline(store, per_date=per_date, start=start, end=end, query=query, story=story, placed=home)
    by_key = {(e["date"], e["approximate"]): e for e in told}
    titles = {r["id"]: r for r in store.rows("SELECT id, title, source, url, path FROM articles")}
    entries = []
    # A line is told once, under its most important day (and so is another report's near
    # word-for-word copy of it).
    told_words: list[set[str]] = []
    # (a spare line or two per day, for the lines told under another day)
    days, lines = weighted_days(store, per_date=per_date + 2, start=start, end=end, query=query, story=story,
                                only_query=True)  # fmt: skip
    told_days = 0
    for n, (day, score) in enumerate(days):  # weightiest first
        if max_dates is not None and told_days >= max_dates:
            # The days left weigh no more than the ones told: none would be kept. Their events
            # are theirs all the same, not entries of their own.
            for later, _ in days[n:]:
                by_key.pop((later.isoformat(), False), None)
            break
        key = day.isoformat()
        own = by_key.pop((key, False), None)
        picked = lines(day)
        if own is None:
            homes = {home[p.article, p.start] for p in picked[:per_date] if (p.article, p.start) in home}
            names_it = any(p.named and (p.article, p.start) not in home for p in picked[:per_date])
            if homes and key not in homes and not names_it:
                continue  # a report's lead about the day before: its events are told under their own day
            if not any(p.named for p in picked[:per_date]):
                continue  # only a publication day: no line names it, no event is placed on it
        # A line whose weightiest event is placed on another day is told there, not here.
        picked = [p for p in picked if home.get((p.article, p.start), key) == key
                  and not _retold(_words(p.text), told_words)][:per_date]
        told_words.extend(_words(p.text) for p in picked)
        if picked:
            entries.append(sentence_entry(day, score, picked, titles, own["events"] if own else None))
            told_days += 1
        elif own is not None:
            entries.append({**own, "score": round(score, 3)})  # the events' own lines
            told_days += 1
    for e in by_key.values():  # a month, a year, an undated report's events, a day no dated report names
        entries.append({**e, "score": round(e["score"] * EVENT_SCORE_SCALE, 3)})
    if max_dates is not None:
        entries = sorted(entries, key=lambda e: -e["score"])[:max_dates]
    return sorted(entries, key=lambda e: (e["date"], e["approximate"]))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _retold(words: set[str], told: list[set[str]]) -> bool:
    """A sentence with these words is (near) word for word one already told (``RETOLD``)."""
    return any(len(words & t) >= RETOLD * min(len(words), len(t)) for t in told)


def event_timeline(
    store: Store,
    *,
    max_dates: int | None = None,
    per_date: int = 2,
    start: str | None = None,
    end: str | None = None,
    query: str | None = None,
    story: int | None = None,
    placed: dict[tuple[str, int], str] | None = None,
) -> list[dict[str, Any]]:
    """The timeline of asserted events alone, as ``build_timeline`` returns it. ``placed``, when
    given, is filled with the exact date each sentence telling an event is told under (by
    ``(article, sentence start)``): the date of its weightiest event."""
    terms = [t.lower() for t in re.findall(r"\w+", query or "")]
    by_date: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)  # (key, approximate)
    # Undated reports: the dates the text states outright are facts; their relative dates rest
    # on an inferred publication date, and place an event only approximately (inferred_key).
    explicit: dict[str, set[str]] = defaultdict(set)
    for t in store.rows(
        "SELECT t.article, t.value FROM timexes t JOIN articles a ON a.id = t.article"
        " WHERE a.published IS NULL AND t.anchored = 0"
    ):
        explicit[t["article"]].add(t["value"])
    rows_all = _event_rows(store, story)
    inferred = {art: json.loads(v) for art, v in {(r["article"], r["published_inferred"]) for r in rows_all
                                                   if r["published"] is None and r["published_inferred"]}}  # fmt: skip
    subject = story_names({r["article"]: r["text"] for r in rows_all})
    headers: dict[str, int] = {}
    for row in rows_all:
        if row["modality"] not in FACTUAL:
            continue
        if row["article"] not in headers:
            headers[row["article"]] = wire_header_end(row["text"])
        if row["start"] < headers[row["article"]]:
            continue  # in a web page's head, before the wire's dateline: a headline or a link to another story
        approx: tuple[str, str] | None = None
        if row["published"] is None and row["date_value"] not in explicit[row["article"]]:
            key, approx = inferred_key(row, inferred)
        else:
            key = timeline_key(row["date_value"], row["date_earliest"], row["date_latest"])
        if key is None:
            continue
        if not within(key, start, end):
            continue
        s0, s1 = row["sentence_start"], row["sentence_end"]
        raw = s0  # the sentence's own start, before display_cut
        if s0 is not None:
            s0 += display_cut(row["text"][s0:s1])
        sentence = (row["text"][s0 : s0 + display_end(row["text"][s0:s1])] if s0 is not None  # (to a dateline ending it)
                    else row["text"][row["start"] : row["end"]])  # fmt: skip
        if raw is not None and is_stamp(row["text"][raw:s1]):
            continue  # a page's stamp, credit or link the sentence split left alone: nothing to tell
        if terms and not any(t in sentence.lower() for t in terms):
            continue
        if row["title"] and _clean(sentence) == _clean(row["title"]):
            continue  # the headline restates the lead (and its present tense misdates it)
        actors, targets = json.loads(row["actors"]), json.loads(row["targets"])
        weight = TYPE_WEIGHT.get(row["type"], 0.4)
        weight += 0.5 * bool(actors) + 0.3 * bool(targets) + 0.4 * bool(row["place_name"])
        weight += 0.3 * bool(row["date_value"])  # dated by the text itself, not by the report
        weight += 0.3 * (row["trigger"][:1].islower() and row["trigger"].endswith("ed"))  # a past verb
        weight += 0.2 * bool(row["attributed_to"])
        if s0 is not None and s0 < 0.15 * len(row["text"]):
            weight += 0.5  # the lead says what happened
        if (s1 is not None and is_caption(row["text"], s1)) or is_dated_caption(sentence):
            weight *= CAPTION  # a photograph's caption: what a picture shows, dated by the report
        if is_fragment(sentence):
            weight *= FRAGMENT  # the end of someone's words, or half a sentence
        if subject and not subject & names_in(sentence):
            weight *= OFF_SUBJECT  # names nothing of the story: another story's news in a sidebar
        by_date[key, approx is not None].append(
            {**row, "sentence": sentence, "sentence_start": s0, "raw_start": raw, "weight": weight, "approx": approx})

    # A sentence telling events of several days belongs first to the day of its weightiest one.
    # (by the sentence's own start, before display_cut: as the sentence layer and tls know it)
    home: dict[tuple[str, int], tuple[float, tuple[str, bool]]] = {}
    for day, rows in by_date.items():
        for r in rows:
            sk = (r["article"], r["raw_start"])
            if sk not in home or r["weight"] > home[sk][0]:
                home[sk] = (r["weight"], day)
    entries = []
    first_report = min((r["published"] for r in rows_all if r["published"]), default=None)
    own_names = subject - TITLES
    for (key, approximate), rows in by_date.items():
        if own_names and _history(key, first_report):
            # History recalled in passing ("Just as in 1898 we liberated Cuba"): only what
            # names the story's subject is its background (Gaddafi's coup of 1969).
            rows = [r for r in rows if own_names & names_in(r["sentence"])]
            if not rows:
                continue
        articles = {r["article"] for r in rows}
        score = sum(r["weight"] for r in rows) + 1.5 * len(articles)
        if approximate:
            score *= APPROX_WEIGHT  # dated only through an inferred publication date
        # Best sentences first: one per sentence and one report per event (another report of a
        # merged event adds a source, not a second telling of it; the same report's next
        # sentence about it adds what happened next).
        seen: set[tuple[str, int]] = set()
        told: list[set[str]] = []  # a sentence two reports print (near) word for word is told once
        chosen: list[dict[str, Any]] = []
        for r in sorted(rows, key=lambda r: -r["weight"]):
            sk = (r["article"], r["sentence_start"])
            if sk in seen or any(c["id"] == r["id"] and c["article"] != r["article"] for c in chosen):
                continue
            if chosen and home[r["article"], r["raw_start"]][1] != (key, approximate):
                continue  # a day's further line is its own news, not a line told under another day
            seen.add(sk)
            words = _words(r["sentence"])
            if _retold(words, told):
                continue
            told.append(words)
            chosen.append(r)
            if len(chosen) >= per_date:
                break
        ids = {c["id"] for c in chosen}
        also = [r for r in rows if r["id"] in ids and (r["article"], r["sentence_start"]) not in seen]
        cited: list[dict[str, Any]] = []
        for r in chosen + also:
            if all(c["article"] != r["article"] for c in cited):
                cited.append(r)
        entries.append(
            {
                "date": key,
                "approximate": approximate,
                "earliest": min(r["approx"][0] for r in rows) if approximate else None,
                "latest": max(r["approx"][1] for r in rows) if approximate else None,
                "score": round(score, 3),
                "summary": join_lines(r["sentence"] for r in chosen),
                "events": sorted({r["id"] for r in rows}),
                "sources": [
                    {"article": r["article"], "title": r["title"] or source_label(r["path"], r["article"]), "source": r["source"],
                     "url": r["url"], "start": r["sentence_start"], "end": r["sentence_end"]}
                    for r in cited
                ],
            }
        )
    if max_dates is not None:
        entries = sorted(entries, key=lambda e: -e["score"])[:max_dates]
    if placed is not None:
        placed.update({sk: day for sk, (_, (day, approximate)) in home.items() if not approximate})
    return sorted(entries, key=lambda e: (e["date"], e["approximate"]))


OFF_SUBJECT = 0.5
# An events-only entry's score (its events' weights, plus 1.5 a report) brought to the scale of
# a day's (about 1 a report naming it), so that ``max_dates`` can rank both kinds together.
EVENT_SCORE_SCALE = 0.2
APPROX_WEIGHT = 0.5  # a date resting on an inferred publication date ranks below a stated one
APPROX_MAX_DAYS = 92  # widest interval an approximate entry may stand for (about a season)
CAPTION = 0.3
FRAGMENT = 0.5
RETOLD = 0.8  # share of the shorter sentence's words that makes two sentences one telling


def _history(key: str, first_report: str | None) -> bool:
    """The calendar key ends more than ``HISTORY_DAYS`` before the story's first dated report."""
    iv = value_interval(key)
    return bool(first_report and iv and (dt.date.fromisoformat(first_report[:10]) - iv[1]).days > HISTORY_DAYS)


HISTORY_DAYS = 366
# Names frequent in any story's reports that say nothing of its subject: titles, wire services.
TITLES = frozenset(["president", "minister", "prime", "secretary", "general", "council", "united", "nations",
                    "states", "government", "officials", "reuters", "press", "associated", "news"])  # fmt: skip


def story_names(texts: dict[str, str], n: int = 6) -> set[str]:
    """The story's subject: the names found in the most of its reports ("mosul", "iraqi")."""
    if len(texts) < 3:
        return set()  # too few reports to tell the subject from a sidebar
    floor = max(2, 0.3 * len(texts))  # a name of the subject is in many of its reports
    return {w for w, k in name_counts(texts.values()).most_common(n) if k >= floor}


def _clean(sentence: str) -> str:
    return re.sub(r"\s+", " ", sentence).strip()
