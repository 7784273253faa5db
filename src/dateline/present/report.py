"""The HTML report: one self-contained file (no CDN, no script) with the timeline, events with
their source sentences and highlighted triggers, figures, places and sources.

All article text is escaped by the template engine (autoescape); a report
built from hostile HTML runs no script.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from dateline import __version__
from dateline.present import export
from dateline.present.charts import places_map, series_chart
from dateline.store import Store

_env = Environment(
    loader=PackageLoader("dateline.present", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


_PART_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_DAY_PART = re.compile(r"(\d{4}-\d{2}-\d{2})T(MO|AF|EV|NI|DT)")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")


def readable_value(value: str | None) -> str | None:
    """A TimeML value as a reader writes it: "2016-11-06 night" (``2016-11-06TNI``), "week of
    2016-10-17" (``2016-W42``), "weekend of 2016-10-22" (``2016-W42-WE``); others as they are."""
    if not value:
        return value
    if m := _DAY_PART.fullmatch(value):
        return f"{m[1]} {_PART_OF_DAY[m[2]]}"
    if m := _WEEK.fullmatch(value):
        try:
            day = dt.date.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1)
        except ValueError:
            return value
        return f"{'weekend' if m[3] else 'week'} of {day.isoformat()}"
    return value


_env.filters["readable"] = readable_value


def _snippet(text: str, s0: int | None, s1: int | None, t0: int, t1: int) -> dict[str, str]:
    """The sentence around a trigger, split so the template can highlight the trigger."""
    if s0 is None or s1 is None:
        s0, s1 = max(0, t0 - 120), min(len(text), t1 + 120)
    return {"pre": text[s0:t0], "hit": text[t0:t1], "post": text[t1:s1]}


# A page of a large store lists this many events and figures: the ones told by the most
# reports, and the figures of measures reported over time; the JSON export holds them all.
REPORT_ROWS = 1000


def _shown_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events the report lists, in date order: at most ``REPORT_ROWS``, those told by the
    most independent reports (then by most mentions) first."""
    if len(events) <= REPORT_ROWS:
        return events
    ranked = sorted(range(len(events)), key=lambda i: (-events[i]["sources"], -len(events[i]["mentions"]), i))
    return [events[i] for i in sorted(ranked[:REPORT_ROWS])]


def _by_sources(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figure series, those told by the most reports first ("people killed in Syria", from
    50 reports, before a measure two reports gave); the export keeps them by key."""
    return sorted(series, key=lambda s: (-len({p["article"] for p in s["points"]}), s["key"], s["story"] or 0))


def _shown_figures(figures: list[dict[str, Any]], series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures the report lists, in their order: at most ``REPORT_ROWS``, the points of
    figure series first."""
    if len(figures) <= REPORT_ROWS:
        return figures
    in_series = {(p["article"], p["start"]) for s in series for p in s["points"]}
    ranked = sorted(range(len(figures)), key=lambda i: ((figures[i]["article"], figures[i]["start"]) not in in_series, i))
    return [figures[i] for i in sorted(ranked[:REPORT_ROWS])]


def report_context(store: Store, story: int | None = None) -> dict[str, Any]:
    """What the report shows: the whole store's record, or one ``story``'s."""
    data = export.export_data(store, story)
    texts = {r["id"]: r["text"] for r in store.rows("SELECT id, text FROM articles")}
    arts = {a["id"]: a for a in data["articles"]}
    titles = {r["id"]: r["title"] or r["path"] for r in store.rows("SELECT id, title, path FROM articles")}
    events, figures = _shown_events(data["events"]), _shown_figures(data["figures"], data["figure_series"])
    for ev in events:
        # (its first mention in the story's reports: an event may be told in other stories too)
        m = next((m for m in ev["mentions"] if m["article"] in arts), ev["mentions"][0] if ev["mentions"] else None)
        if m:
            s0, s1 = m["sentence"]
            ev["snippet"] = _snippet(texts[m["article"]], s0, s1, m["start"], m["end"])
            ev["article_title"] = titles.get(m["article"])
    sentences = {}
    for r in store.rows("SELECT article, start, end FROM sentences"):
        sentences.setdefault(r["article"], []).append((r["start"], r["end"]))
    for fig in figures:
        sent = next((s for s in sentences.get(fig["article"], []) if s[0] <= fig["start"] < s[1]), None)
        s0, s1 = sent if sent else (None, None)
        fig["snippet"] = _snippet(texts[fig["article"]], s0, s1, fig["start"], fig["end"])
    place_counts = Counter((p["name"], p["kind"], p["country"], p["lat"], p["lon"]) for p in data["places"])
    counts = store.counts() if story is None else {
        "articles": len(data["articles"]), "events": len(data["events"]), "figures": len(data["figures"]),
        "places": len(data["places"]), "timexes": len(data["timexes"])}  # fmt: skip
    return {
        "version": __version__,
        "counts": counts,
        "story": data["stories"][0] if story is not None and data["stories"] else None,
        "timeline": data["timeline"],
        "events": events,
        "figures": figures,
        "places": [
            {"name": k[0], "kind": k[1], "country": k[2], "lat": k[3], "lon": k[4], "mentions": n}
            for k, n in place_counts.most_common()
        ],
        "map": places_map(data["places"]),
        "series": [{**s, "chart": series_chart(s)} for s in _by_sources(data["figure_series"])],
        "articles": data["articles"],
        "stories": data.get("stories", []),
        "article_titles": titles,
    }


def render_report(store: Store, *, api: bool = False, story: int | None = None) -> str:
    """The report as one HTML string, of the whole store or of one ``story`` (``api=True``
    adds links to the JSON API and to each story's page)."""
    return _env.get_template("report.html").render(**report_context(store, story), api=api)
