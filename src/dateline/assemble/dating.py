"""Dating undated reports from their content and from the other reports of the story.

Three kinds of evidence, combined:

* **The report's own dates.** A report is written on or after the latest past
  date it names ("ISIS captured Mosul in June 2014"); news is mostly written
  within days of the latest day it names. Dates without a year ("Feb. 16")
  take the year that the other evidence points to.
* **Other reports of the same story.** The dated reports most similar in
  wording (TF-IDF cosine) report the same events, so their publication dates
  bracket this one's (a weighted median of the nearest).
* **Another report's account of the same happening.** "began an offensive on
  the western half of Mosul on Sunday" matches a dated report's "four days
  after the offensive on the western half of the city began": that Sunday is
  known, and the report was written within the week after it.

Each undated article gets ``published_inferred`` = ``{earliest, latest, best,
evidence, note}``; bounds the evidence does not give stay ``null``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from typing import Any

import numpy as np

from dateline.assemble import chains
from dateline.assemble.textsim import CONTENT_WORD, STOP_WORDS, tfidf
from dateline.store import Store

TOP_K = 5
MIN_SIMILARITY = 0.12
WEAK_SIMILARITY = 0.04
# Days a report names count as "the news of the day" when they fall this close to what its
# neighbours say (days before, days after); a report whose days are all further off than
# FAR from the neighbours is dated by its own days.
NEAR_BEFORE, NEAR_AFTER, FAR = 30, 3, 60
FORWARD_COST = 3
LAG_DAYS = 6  # chosen on the dev topics: within ±7 days .665 → .694 there
BACKGROUND_DAYS = 365  # named days this long before the neighbours' date are history


def _terms(text: str) -> Counter[str]:
    """Content words and adjacent content-word pairs (pairs name events: "car bomb", "oil spill")."""
    words = [w for w in CONTENT_WORD.findall(text.lower()) if w not in STOP_WORDS]
    terms = Counter(words)
    terms.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return terms


class SimilarityIndex:
    """TF-IDF vectors (hashed, sparse) of a set of texts, for nearest-neighbour lookups."""

    def __init__(self, texts: list[str]):
        # A word in one report only says nothing about the others (in a corpus of any size).
        self.matrix = tfidf([_terms(t) for t in texts], min_df=2 if len(texts) > 20 else 1)

    def similarities(self, i: int) -> np.ndarray:
        """Cosine similarity of text ``i`` to every text."""
        return (self.matrix @ self.matrix[i].T).toarray().ravel()


def _parse(d: str | None) -> dt.date | None:
    return dt.date.fromisoformat(d) if d else None


def neighbour_estimate(
    sims: np.ndarray, dates: list[dt.date | None], exclude: int
) -> tuple[dt.date | None, list[tuple[int, float]]]:
    """Weighted median date of the most similar dated texts, and which texts those were."""
    order = np.argsort(-sims)
    chosen: list[tuple[int, float]] = []
    for floor, k in ((MIN_SIMILARITY, TOP_K), (WEAK_SIMILARITY, 3)):
        for j in order:
            if len(chosen) >= k or sims[j] < floor:
                break
            if j != exclude and dates[j] is not None:
                chosen.append((int(j), float(sims[j])))
        if chosen:
            break  # weakly similar reports are used only when no closer one exists
    if not chosen:
        return None, []
    pairs = sorted(((dates[j], w) for j, w in chosen), key=lambda p: p[0])  # type: ignore[arg-type,return-value]
    half = sum(w for _, w in pairs) / 2
    acc = 0.0
    for d, w in pairs:
        acc += w
        if acc >= half:
            return d, chosen
    return pairs[-1][0], chosen


def content_dates(timexes: list[dict[str, Any]], anchor: dt.date | None) -> list[dict[str, Any]]:
    """Days the report names explicitly, with years filled from ``anchor`` when missing."""
    out = []
    for t in timexes:
        if t["type"] != "DATE":
            continue
        value = t["value"] or ""
        day = None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and not t.get("anchored"):
            day = dt.date.fromisoformat(value)
        elif (m := re.fullmatch(r"XXXX-(\d{2})-(\d{2})", value)) and anchor is not None:
            # The year that puts the day nearest the anchor (looking back rather than forward).
            cands = []
            for y in (anchor.year - 1, anchor.year, anchor.year + 1):
                try:
                    cands.append(dt.date(y, int(m[1]), int(m[2])))
                except ValueError:
                    continue
            # News looks back: a day after the anchor must be three times nearer to win.
            day = min(cands, key=lambda c: (c - anchor).days * (FORWARD_COST if c > anchor else -1)) if cands else None
        if day is not None:
            out.append({"date": day, "text": t["text"], "start": t["start"], "end": t["end"]})
    return out


def _fit_weekdays(estimate: dt.date, timexes: list[dict[str, Any]]) -> dt.date:
    """The day within three of ``estimate`` on which, or the day after which, most of the
    named weekdays fall ("said on Wednesday" is mostly written Wednesday or Thursday).
    """
    named = Counter(
        int(m[1]) - 1 for t in timexes if (m := re.fullmatch(r"XXXX-WXX-([1-7])", t.get("value") or ""))
    )
    if not named:
        return estimate

    def fit(d: dt.date) -> tuple[int, int]:
        return sum(n for w, n in named.items() if (d.weekday() - w) % 7 in (0, 1)), -abs((d - estimate).days)

    return max((estimate + dt.timedelta(days=k) for k in range(-3, 4)), key=fit)


# A page's own date and time line, kept in the text of a scraped or pasted report: "Sun Feb 20 ,
# 2011 6:47 pm EST", "Page last updated at 08:58 GMT , Thursday , 24 June 2010", "Tuesday
# 27 April 2010 23.24 BST".
_CLOCK_ZONE = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:GMT|BST|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CET|CEST)\b"
)
STAMP_CHARS = 400  # the stamp sits in the page's first lines
STAMP_REACH = 60  # characters between the date and its clock time
STAMP_NOTE = "dated by the date line the text carries, not inferred"


def is_stamped(inferred: dict[str, Any]) -> bool:
    """Whether ``published_inferred`` was read from the text's own date line."""
    return inferred.get("note") == STAMP_NOTE


def publication_stamp(text: str, timexes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The date of a date-and-time stamp at the top of the text (a full date with a clock time
    and a time zone beside it), or ``None``. A photo caption's date just before the stamp
    ("… in Mexico City April 27, 2009. GENEVA | Thu Apr 30, 2009 11:39am EDT") loses to the
    date nearest the clock."""
    dates = [t for t in timexes if t["start"] < STAMP_CHARS and t["type"] == "DATE" and not t.get("anchored")
             and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.get("value") or "")]  # fmt: skip
    best: tuple[int, dict[str, Any]] | None = None
    for clock in _CLOCK_ZONE.finditer(text, 0, STAMP_CHARS + STAMP_REACH) if dates else ():
        for t in dates:
            gap = clock.start() - t["end"] if t["end"] <= clock.start() else t["start"] - clock.end()
            if 0 <= gap <= STAMP_REACH and (best is None or gap < best[0]):
                best = (gap, t)
    return best[1] if best else None


def infer_one(
    timexes: list[dict[str, Any]],
    neighbour: dt.date | None,
    neighbours: list[dict[str, Any]],
    text: str | None = None,
) -> dict[str, Any]:
    """Combine a report's own dates with its neighbours' dates into ``published_inferred``;
    a date-and-time stamp at the top of ``text`` is the page's own date and settles it."""
    if text is not None and (stamp := publication_stamp(text, timexes)) is not None:
        return {
            "earliest": stamp["value"], "latest": stamp["value"], "best": stamp["value"],
            "evidence": [{"text": stamp["text"], "start": stamp["start"], "end": stamp["end"], "value": stamp["value"],
                          "reason": "a date and time stamp at the top of the text (the page's own date line)"}],
            "note": STAMP_NOTE,
        }  # fmt: skip
    explicit = [
        t for t in timexes
        if not t.get("anchored") and t["type"] == "DATE" and t.get("earliest") and t.get("latest")
    ]  # fmt: skip
    lower = None
    if explicit:
        # Only past mentions bound the date from below; with neighbours we can tell which
        # mentions are forward-looking (well after the story's time).
        usable = [
            t for t in explicit
            if neighbour is None or _parse(t["earliest"]) <= neighbour + dt.timedelta(days=45)  # type: ignore[operator]
        ]  # fmt: skip
        if usable:
            lower = max(_parse(t["earliest"]) for t in usable)  # type: ignore[type-var]
    days = content_dates(timexes, neighbour)
    if neighbour is not None and days:
        near = [d for d in days if -NEAR_BEFORE <= (d["date"] - neighbour).days <= NEAR_AFTER]
        published = sorted(_parse(n["published"]) for n in neighbours if n.get("published"))
        agree = bool(published) and (published[-1] - published[0]).days <= FAR  # type: ignore[operator]
        if near:
            days = near  # days around the story's time: the news of the day
        elif (agree or min(abs((d["date"] - neighbour).days) for d in days) <= FAR
              or all((neighbour - d["date"]).days > BACKGROUND_DAYS for d in days)):  # fmt: skip
            days = []  # background dates, announcements, history: the neighbours know better
        # else: scattered neighbours far from everything the report says: trust the report
    evidence: list[dict[str, Any]] = []
    best = None
    if days:
        latest_day = max(days, key=lambda d: d["date"])
        best = latest_day["date"]
        evidence.append({"text": latest_day["text"], "start": latest_day["start"], "end": latest_day["end"],
                         "value": best.isoformat(),
                         "reason": "the latest day the report names: reports are mostly written within days of it"})  # fmt: skip
        if neighbour is not None and (neighbour - best).days > LAG_DAYS:
            # Similar reports came out well after that day: this one was written a few days after it too.
            best += dt.timedelta(days=LAG_DAYS)
            evidence.append({"reason": f"moved {LAG_DAYS} days later, toward the date of the similar reports"})
    elif neighbour is not None:
        best = _fit_weekdays(neighbour, timexes)
        if best != neighbour:
            evidence.append({"reason": "moved to fit the weekdays the report names (news is written "
                             "on the day, or the day after, of the weekday it reports)"})  # fmt: skip
    if best is not None and lower is not None and best < lower:
        best = lower
    if neighbours:
        evidence.append({"reason": "dated reports of the same story with the most similar wording",
                         "articles": neighbours})  # fmt: skip
    for t in sorted(explicit, key=lambda t: t["earliest"], reverse=True)[:3]:
        evidence.append({"text": t["text"], "start": t["start"], "end": t["end"], "value": t["value"],
                         "reason": "a date the report names: it was written on or after its start"})  # fmt: skip
    latest = None
    if neighbours:
        latest = max(n["published"] for n in neighbours)
        latest = max(latest, best.isoformat()) if best else latest
    note = None
    if best is None and lower is not None:
        note = (f"the report names no day, only dates before it was written (so it is from "
                f"{lower.isoformat()} or later), and no dated report of the same story is in the "
                "store: its season and year cannot be fixed")  # fmt: skip
    elif best is None:
        note = ("no explicit dates in the text and no dated report of the same story: "
                "relative expressions need a dated anchor")  # fmt: skip
    elif not neighbours:
        note = "from the report's own dates only; no similar dated report to compare with"
    return {
        "earliest": lower.isoformat() if lower else None,
        "latest": latest,
        "best": best.isoformat() if best else None,
        "evidence": evidence,
        "note": note,
    }


ANCHOR_MAX_SHIFT = 14  # days; chosen on the dev topics (±7 d .694 → .709, ±31 d .836 → .835)


def strong_estimate(estimate: dt.date | None, chosen: list[tuple[int, float]]) -> dt.date | None:
    """The neighbours' date when they are closely similar reports (else ``None``)."""
    return estimate if chosen and max(sim for _, sim in chosen) >= MIN_SIMILARITY else None


def with_anchor(inferred: dict[str, Any], anchor: dict[str, Any], estimate: dt.date | None = None,
                bound: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """Narrow ``published_inferred`` to the days an event anchor allows, unless the other
    evidence rules them out (then the anchor is reported but not used): the report's own
    dates (its ``earliest``), a chain of reasoning's upper ``bound``, or similar reports
    (``estimate``) more than ``ANCHOR_MAX_SHIFT`` days away — a weekly event ("Friday
    prayers") matches the wrong week as easily as the right one."""
    out = dict(inferred)
    lo, hi = anchor["earliest"], anchor["latest"]
    own_lo, own_hi = _parse(out.get("earliest")), _parse(out.get("latest"))
    far = estimate is not None and abs((anchor["best"] - estimate).days) > ANCHOR_MAX_SHIFT
    if far or (own_lo and hi < own_lo) or (bound and lo > bound):
        out["evidence"] = [*out["evidence"], {**anchor["evidence"], "reason": anchor["evidence"]["reason"]
                                              + "; not used: the report's own dates rule it out"}]  # fmt: skip
        return out
    best = _parse(out.get("best"))
    out["best"] = (best if best and lo <= best <= hi else anchor["best"]).isoformat()
    out["earliest"] = max(lo, own_lo).isoformat() if own_lo else lo.isoformat()
    # The neighbours' latest date is no bound of its own: it narrows the anchor only where they overlap.
    out["latest"] = own_hi.isoformat() if own_hi is not None and lo <= own_hi < hi else hi.isoformat()
    out["evidence"] = [anchor["evidence"], *out["evidence"]]
    out["note"] = f"dated by another report's account of the same happening: between {lo} and {hi}"
    return out


def infer_publication_dates(store: Store) -> int:
    """Fill ``published_inferred`` for every undated original article; returns how many."""
    undated = store.rows(
        "SELECT id FROM articles WHERE published IS NULL AND duplicate_of IS NULL AND analysed_at IS NOT NULL"
    )
    store.conn.execute(
        "UPDATE articles SET published_inferred = NULL WHERE published IS NOT NULL AND published_inferred IS NOT NULL"
    )
    if not undated:
        return 0
    rows = store.rows(
        "SELECT id, text, published, title, story FROM articles WHERE duplicate_of IS NULL ORDER BY rowid"
    )
    index = SimilarityIndex([r["text"] for r in rows])
    dates = [_parse(r["published"]) for r in rows]
    position = {r["id"]: i for i, r in enumerate(rows)}
    undated_ids = {u["id"] for u in undated}
    stories = {r["story"] for r in rows if r["id"] in undated_ids}
    timexes = _timexes_of(store, {r["id"] for r in rows if r["id"] in undated_ids or r["story"] in stories - {None}})
    chained = _chain_results(rows, undated_ids, timexes)
    found_by_story: dict[Any, list[chains.Happening]] = {}
    for r in rows:
        if r["published"] and r["id"] in timexes:
            found_by_story.setdefault(r["story"], []).extend(chains.happenings(r["id"], r["text"], timexes[r["id"]]))
    anchor_index = {story: chains.HappeningIndex(found) for story, found in found_by_story.items() if story is not None}
    for u in undated:
        i = position[u["id"]]
        estimate, chosen = neighbour_estimate(index.similarities(i), dates, i)
        neighbours = [
            {"article": rows[j]["id"], "title": rows[j]["title"], "published": rows[j]["published"],
             "similarity": round(sim, 3)}
            for j, sim in chosen
        ]  # fmt: skip
        own = timexes.get(u["id"], [])
        inferred = infer_one(own, estimate, neighbours, rows[i]["text"])
        stamped = is_stamped(inferred)
        if u["id"] in chained and not stamped:
            inferred = with_chain(inferred, chained[u["id"]], own)
        story = rows[i]["story"]
        if not stamped and story in anchor_index and (anchor := anchor_index[story].anchor(chains.day_mentions(rows[i]["text"], own))):
            chain = chained.get(u["id"])
            bound = _parse(chain["latest"]) if chain and chain["bounded"] else None
            inferred = with_anchor(inferred, anchor, strong_estimate(estimate, chosen), bound)
        store.set_published_inferred(u["id"], inferred)
    return len(undated)


def _timexes_of(store: Store, ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Each article's time expressions, in text order, read in one pass."""
    out: dict[str, list[dict[str, Any]]] = {}
    for t in sorted(store.rows_in("SELECT * FROM timexes WHERE article IN ({})", ids), key=lambda t: t["start"]):
        out.setdefault(t["article"], []).append(t)
    return out


def _chain_results(rows: list[dict[str, Any]], undated: set[str],
                   timexes: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:  # fmt: skip
    """Run the story-wide chain reasoning (:mod:`dateline.assemble.chains`) for every story
    holding an undated report."""
    story_of = {r["id"]: r["story"] for r in rows}
    out: dict[str, dict[str, Any]] = {}
    for story in {story_of[a] for a in undated}:
        members = [r for r in rows if r["story"] == story or (story is None and r["id"] in undated)]
        dated = {r["id"]: chains.explicit_events(r["text"], timexes.get(r["id"], [])) for r in members}
        events = [e for found in dated.values() for e in found]
        background = [e[0] for rid, found in dated.items() if rid in undated for e in found]
        reports = [chains.Report(r["id"], _parse(r["published"]),
                                 chains.constraints_of(r["id"], r["text"], timexes.get(r["id"], []), events))
                   for r in members]  # fmt: skip
        out.update(chains.solve(reports, max(background) if background else None))
    return out


def with_chain(inferred: dict[str, Any], chain: dict[str, Any], timexes: list[dict[str, Any]]) -> dict[str, Any]:
    """Narrow ``published_inferred`` with the chain reasoning's interval; when the report's
    own days and neighbours gave no best day, a bounded chain interval supplies one."""
    out = dict(inferred)
    lo, hi = _parse(chain["earliest"]), _parse(chain["latest"])
    own_lo = _parse(out["earliest"])
    if lo and (own_lo is None or lo > own_lo):
        out["earliest"] = lo.isoformat()
    best = _parse(out["best"])
    if hi and chain["bounded"]:
        out["latest"] = hi.isoformat() if out["latest"] is None else min(out["latest"], hi.isoformat())
        if best is None or not (lo <= best <= hi):  # type: ignore[operator]
            mid = lo + (hi - lo) / 2  # type: ignore[operator]
            best = min(max(_fit_weekdays(mid, timexes), lo), hi)  # type: ignore[type-var]
            out["best"] = best.isoformat()
    out["evidence"] = [*out["evidence"], *({**c, "reason": c["reason"]} for c in chain["constraints"]),
                       *({**c, "reason": "another report of the story: " + c["reason"]}
                         for c in chain["story_constraints"])]  # fmt: skip
    if chain["bounded"]:
        out["note"] = (f"dated by a chain of reasoning across the story's reports: between "
                       f"{chain['earliest']} and {chain['latest']}")  # fmt: skip
    elif out["best"] is None:
        season = ""
        if chain.get("season"):
            a, b = (dt.date.fromisoformat(f"2000-{md}") for md in chain["season"])
            season = f"between {a.day} {a:%B} and {b.day} {b:%B} of a year "
        since = f"from {chain['earliest'][:4]} on" if chain["earliest"] else "not fixed by the text"
        out["note"] = (f"the report can be placed {season or 'in a year '}{since}, but no report of the "
                       "story ties the campaign to a year, so the year cannot be fixed")  # fmt: skip
    return out
