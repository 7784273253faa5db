"""Exports: the public JSON contract (see ``docs/export.md``), JSON Lines and CSV, and two
formats other tools read: GeoJSON (events or places on a map) and TimelineJS (the timeline).

Every item carries its provenance: the article id and character offsets into
the article's original text, and the stage name and version that produced it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from dateline import __version__
from dateline.assemble.merge import one_spelling
from dateline.assemble.series import figure_series
from dateline.assemble.stories import stories
from dateline.assemble.timeline import build_timeline
from dateline.store import Store


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def _loads(v: str | None) -> Any:
    return json.loads(v) if v else None


# Rows of one story's reports: what the readers below add to their query for ``story``.
_OF_STORY = " WHERE article IN (SELECT id FROM articles WHERE story = ?)"


def _of(story: int | None) -> tuple[str, tuple[int, ...]]:
    """The WHERE clause and parameters that keep the rows of one ``story``'s reports (none for all)."""
    return ("", ()) if story is None else (_OF_STORY, (story,))


def articles(store: Store, story: int | None = None) -> list[dict[str, Any]]:
    out = []
    for a in store.articles(story):
        inferred = a.get("published_inferred")
        out.append({
            "id": a["id"], "title": a["title"], "source": a["source"], "url": a["url"],
            "path": a["path"], "line": a["line"], "published": a["published"],
            "published_inferred": inferred, "duplicate_of": a["duplicate_of"],
            "similarity": a["similarity"], "words": a["words"], "warnings": a["warnings"],
            "pipeline": a["pipeline"], "analysed_dct": a.get("analysed_dct"), "story": a.get("story"),
        })  # fmt: skip
    return out


def timexes(store: Store, story: int | None = None) -> list[dict[str, Any]]:
    where, params = _of(story)
    return [
        {"article": r["article"], "start": r["start"], "end": r["end"], "text": r["text"],
         "type": r["type"], "value": r["value"], "mod": r["mod"], "earliest": r["earliest"],
         "latest": r["latest"], "anchored": bool(r["anchored"]), "stage": r["stage"],
         "version": r["version"]}
        for r in store.rows(f"SELECT * FROM timexes{where} ORDER BY article, start", params)
    ]  # fmt: skip


def places(store: Store, story: int | None = None) -> list[dict[str, Any]]:
    where, params = _of(story)
    return [
        {"article": r["article"], "start": r["start"], "end": r["end"], "text": r["text"],
         "name": r["name"], "lat": r["lat"], "lon": r["lon"], "country": r["country"],
         "kind": r["kind"], "geonameid": r["geonameid"], "parent": r["parent"],
         "stage": r["stage"], "version": r["version"]}
        for r in store.rows(f"SELECT * FROM places{where} ORDER BY article, start", params)
    ]  # fmt: skip


def figures(store: Store, story: int | None = None) -> list[dict[str, Any]]:
    where, params = _of(story)
    return [
        {"article": r["article"], "start": r["start"], "end": r["end"], "text": r["text"],
         "value": _num(r["value"]), "low": _num(r["low"]), "high": _num(r["high"]),
         "approx": bool(r["approx"]), "qualifier": r["qualifier"], "counted": r["counted"],
         "unit": r["unit"], "per": r["per"], "place": r["place"],
         "as_of": {"earliest": r["as_of_earliest"], "latest": r["as_of_latest"]},
         "attributed_to": _loads(r["attributed_to"]), "modality": r["modality"],
         "stage": r["stage"], "version": r["version"]}
        for r in store.rows(f"SELECT * FROM figures{where} ORDER BY article, start", params)
    ]  # fmt: skip


def spellings(store: Store) -> dict[str, str]:
    """Each actor's or target's name → the record's most used spelling of it, where outlets
    spell one name several ways ("Gadhafi forces" → "Gaddafi forces", "Moammar Gadhafi" →
    "Muammar Gaddafi"; see ``merge.one_spelling``). Counted over the whole record, so that a
    story's export names its actors as the whole export does."""
    counts: Counter[str] = Counter()
    for r in store.rows("SELECT actors, targets FROM events"):
        counts.update(set(_loads(r["actors"]) or []) | set(_loads(r["targets"]) or []))
    return one_spelling(counts)


def events(store: Store, story: int | None = None) -> list[dict[str, Any]]:
    """The events, each with all its mentions; with ``story``, the events that any of the
    story's reports tells (with their mentions in other stories too). An event's actors and
    targets are written as the record most often spells them (``spellings``); its mentions keep
    each report's own words."""
    spelled = spellings(store)
    of_story, params = _of(story)
    told = f"(SELECT event FROM event_mentions{of_story})"  # the events the story's reports tell
    event_of, id_of = ("", "") if story is None else (f" WHERE event IN {told}", f" WHERE id IN {told}")
    mentions: dict[str, list[dict[str, Any]]] = {}
    for m in store.rows(f"SELECT * FROM event_mentions{event_of} ORDER BY article, start", params):
        mentions.setdefault(m["event"], []).append(
            {"article": m["article"], "start": m["start"], "end": m["end"],
             "sentence": [m["sentence_start"], m["sentence_end"]], "details": _loads(m.get("details"))}
        )  # fmt: skip
    out = []
    for r in store.rows(f"SELECT * FROM events{id_of} ORDER BY COALESCE(date_earliest, date_latest), id", params):
        place = None
        if r["place_name"]:
            place = {"name": r["place_name"], "lat": r["lat"], "lon": r["lon"], "kind": r["place_kind"],
                     "country": r["place_country"]}  # fmt: skip
        out.append({
            "id": r["id"], "type": r["type"], "mode": r["mode"],
            "acled_event_type": r["acled_event_type"],
            "acled_sub_event_type": r["acled_sub_event_type"], "trigger": r["trigger"],
            "actors": _spelled(_loads(r["actors"]), spelled), "targets": _spelled(_loads(r["targets"]), spelled),
            "place": place,
            "date": {"earliest": r["date_earliest"], "latest": r["date_latest"],
                     "value": r["date_value"]},
            "modality": r["modality"], "attributed_to": _loads(r["attributed_to"]),
            "mentions": mentions.get(r["id"], []),
            "sources": len({m["article"] for m in mentions.get(r["id"], [])}),
            "stage": r["stage"], "version": r["version"],
        })  # fmt: skip
    return out


def _spelled(names: list[str] | None, spelled: dict[str, str]) -> list[str]:
    out: list[str] = []
    for name in names or []:
        if (name := spelled.get(name, name)) not in out:
            out.append(name)  # ("Gadhafi forces" and "Gaddafi forces" in one event: one party)
    return out


def _timeline(store: Store, story: int | None = None) -> list[dict[str, Any]]:
    return build_timeline(store, story=story)


# The function that reads each exported table from a store, by table name, in export order;
# each takes the store and, optionally, the story whose reports alone it reads.
READERS: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "articles": articles, "timexes": timexes, "places": places, "figures": figures,
    "figure_series": figure_series, "events": events, "timeline": _timeline,
}  # fmt: skip
TABLES = tuple(READERS)


def readers(store: Store, story: int | None = None) -> dict[str, Callable[[Store], list[dict[str, Any]]]]:
    """The function that reads each table, as :data:`READERS`; with ``story``, of that story's
    reports alone: its articles and what was found in them, the events any of them tells (with
    all their mentions), the story's figure series and its timeline. Each reads only what it
    returns, so one story of a large store costs about what the story holds."""
    if story is None:
        return READERS
    return {name: functools.partial(read, story=story) for name, read in READERS.items()}


def _parts(store: Store, story: int | None = None) -> Iterator[tuple[str, Callable[[Store], Any]]]:
    """The export's top-level keys, in order, each with the function that reads its value."""
    yield "meta", lambda s: {
        "dateline_version": __version__,
        "schema_version": s.schema_version,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **({"story": story} if story is not None else {}),
    }
    yield "stories", stories if story is None else (lambda s: [r for r in stories(s) if r["id"] == story])
    yield from readers(store, story).items()


def export_data(store: Store, story: int | None = None) -> dict[str, Any]:
    """Everything in the store (or in one ``story``: see :func:`readers`), in the public JSON
    shape."""
    return {key: read(store) for key, read in _parts(store, story)}


def json_chunks(store: Store, story: int | None = None) -> Iterator[str]:
    """The JSON export as pieces of text that join into what ``json.dumps(export_data(store),
    indent=2)`` writes; one table is read at a time and written a record at a time, so a large
    store is exported without holding all of it, or all of its text."""
    yield "{"
    for k, (key, read) in enumerate(_parts(store, story)):
        value = read(store)
        yield ("," if k else "") + f"\n  {json.dumps(key)}: "
        if not isinstance(value, list) or not value:
            yield _nested(value, 2)
            continue
        yield "["
        for i, rec in enumerate(value):
            yield ("," if i else "") + "\n    " + _nested(rec, 4)
        yield "\n  ]"
    yield "\n}"


def _nested(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it ``depth`` spaces deep (its first line
    unindented: it follows a key or a list's indent)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * depth)


def to_json(store: Store, story: int | None = None) -> str:
    """The whole JSON export as one text (see :func:`json_chunks`)."""
    return "".join(json_chunks(store, story))


RECORD_NAMES = {"articles": "article", "timexes": "timex", "places": "place", "figures": "figure",
                "figure_series": "figure_series", "events": "event", "timeline": "timeline"}  # fmt: skip


def jsonl_lines(store: Store, story: int | None = None) -> Iterator[str]:
    """One record a line (without its newline), each with a ``record`` (article, timex, place,
    figure, figure_series, event, timeline); one table is read at a time, so a large store is
    written without holding all of it."""
    for table, read in readers(store, story).items():
        for rec in read(store):
            yield json.dumps({"record": RECORD_NAMES[table], **rec}, ensure_ascii=False)


def to_jsonl(store: Store, story: int | None = None) -> str:
    """The records of :func:`jsonl_lines`, one a line."""
    return "".join(line + "\n" for line in jsonl_lines(store, story))


def to_csv(store: Store, table: str = "events", story: int | None = None) -> str:
    """One table (of one ``story``, when given) as CSV; nested fields (lists, objects) are JSON
    strings."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    data = readers(store, story)[table](store)  # (that table alone)
    buf = io.StringIO()
    if not data:
        return ""
    fields = list(dict.fromkeys(k for rec in data for k in rec))  # every record's fields, in order
    writer = csv.DictWriter(buf, fieldnames=fields)
    writer.writeheader()
    for rec in data:
        writer.writerow({
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
            for k, v in rec.items()
        })  # fmt: skip
    return buf.getvalue()


GEOJSON_TABLES = ("events", "places")


def to_geojson(store: Store, table: str = "events", story: int | None = None) -> str:
    """A GeoJSON FeatureCollection (RFC 7946, longitude first) of the placed events, or of the
    places, one feature per resolved place with every mention of it (of one ``story``, when
    given)."""
    if table not in GEOJSON_TABLES:
        raise ValueError(f"GeoJSON holds events or places, not {table!r}")
    read = readers(store, story)[table]
    features = _event_features(read(store)) if table == "events" else _place_features(store, read(store))
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)  # one feature a line
    return '{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n"


def _point(lat: float, lon: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}


def _event_features(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for ev in found:
        place = ev["place"]
        if not place or place["lat"] is None or place["lon"] is None:
            continue  # an event without a place has no point on a map
        props = {k: v for k, v in ev.items() if k not in ("place", "date", "stage", "version")}
        props |= {"place": place["name"], "place_kind": place["kind"], "place_country": place["country"],
                  "date_value": ev["date"]["value"],
                  "date_earliest": ev["date"]["earliest"], "date_latest": ev["date"]["latest"],
                  "mentions": [{k: m[k] for k in ("article", "start", "end")} for m in ev["mentions"]]}  # fmt: skip
        out.append({"type": "Feature", "id": ev["id"], "geometry": _point(place["lat"], place["lon"]),
                    "properties": props})  # fmt: skip
    return out


def _place_features(store: Store, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    published = {r["id"]: r["published"] for r in store.rows("SELECT id, published FROM articles")}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for p in found:
        if p["lat"] is not None and p["lon"] is not None and p["kind"] != "demonym":  # "Iraqi" is not a place
            groups[p["geonameid"] or p["name"], p["name"], p["lat"], p["lon"]].append(p)
    out = []
    for (_, name, lat, lon), found in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][1])):
        days = sorted(d for d in {published.get(p["article"]) for p in found} if d)
        out.append({"type": "Feature", "geometry": _point(lat, lon), "properties": {
            "name": name, "country": found[0]["country"], "kind": found[0]["kind"],
            "geonameid": found[0]["geonameid"], "mentions": len(found),
            "articles": len({p["article"] for p in found}),
            "first_published": days[0] if days else None, "last_published": days[-1] if days else None,
            "texts": sorted({p["text"] for p in found}),
            "provenance": [{k: p[k] for k in ("article", "start", "end", "text")} for p in found],
        }})  # fmt: skip
    return out


def to_timelinejs(store: Store, story: int | None = None) -> str:
    """The timeline (of one ``story``, when given) as TimelineJS3 JSON: a title slide and one
    slide per date, each with the sentences that say what happened and links to their sources."""
    entries = build_timeline(store, story=story)
    story_rows = [r for r in stories(store) if story is None or r["id"] == story]
    reports = store.counts()["articles"] if story is None else story_rows[0]["articles"] if story_rows else 0
    label = story_rows[0]["label"] if len(story_rows) == 1 and story_rows[0]["label"] else None
    title = {"text": {"headline": _esc(label or "dateline timeline"),
                      "text": _esc(f"{len(entries)} dates from {reports} reports, built by dateline "
                                          f"{__version__}; every line names its sources.")}}  # fmt: skip
    slides = []
    for e in entries:
        slide: dict[str, Any] = {"start_date": _tl_date(e["earliest"] if e["approximate"] else e["date"]),
                                 "text": {"headline": _esc(_headline(e["summary"])),
                                          "text": _tl_body(e)},
                                 "unique_id": f"d{e['date']}" + ("-approx" if e["approximate"] else "")}  # fmt: skip
        if e["approximate"]:
            slide["end_date"] = _tl_date(e["latest"])
            slide["display_date"] = f"c. {e['date']} ({e['earliest']} to {e['latest']}, undated report)"
        slides.append(slide)
    return json.dumps({"title": title, "events": slides, "scale": "human"}, ensure_ascii=False, indent=1)


def _tl_date(key: str) -> dict[str, int]:
    return dict(zip(("year", "month", "day"), (int(part) for part in key.split("-")), strict=False))


def _headline(summary: str, limit: int = 90) -> str:
    """The summary's first sentence, cut at a word when it is long."""
    first = summary.split(". ", 1)[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _tl_body(entry: dict[str, Any]) -> str:
    links = []
    for src in entry["sources"]:
        name = _esc(src["title"] or src["article"]) + (f" ({_esc(src['source'])})" if src["source"] else "")
        web = (src["url"] or "").lower().startswith(("http://", "https://"))  # never a javascript: link
        links.append(f'<a href="{html.escape(src["url"])}">{name}</a>' if web else name)
    return f"<p>{_esc(entry['summary'])}</p><p>Sources: {'; '.join(links)}</p>"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)  # TimelineJS shows its text fields as HTML
