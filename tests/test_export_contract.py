"""The JSON export is a public contract (docs/export.md): keys, fields and offsets."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from dateline.present import export
from dateline.store import Store

ROOT = Path(__file__).resolve().parent.parent

REQUIRED = {
    "articles": {"id", "title", "source", "url", "path", "published", "published_inferred", "duplicate_of"},
    "timexes": {"article", "start", "end", "text", "type", "value", "mod"},
    "places": {"article", "start", "end", "text", "name", "lat", "lon", "country", "kind", "geonameid"},
    "figures": {"article", "start", "end", "text", "value", "low", "high", "approx", "counted", "unit",
                "per", "place", "as_of", "attributed_to"},
    "events": {"id", "type", "acled_event_type", "acled_sub_event_type", "trigger", "actors", "targets",
               "place", "date", "modality", "attributed_to", "mentions"},
    "timeline": {"date", "summary", "events"},
}  # fmt: skip
PLOVER = {"ASSAULT", "FIGHT", "COERCE", "MOBILIZE", "RETREAT", "AID", "AGREE", "CONSULT", "SUPPORT",
          "THREATEN", "PROTEST", "ACCUSE", "REQUEST", "REJECT", "SANCTION", "CONCEDE", "COOPERATE"}  # fmt: skip


def test_required_keys_and_types(demo_store: Store) -> None:
    data = json.loads(export.to_json(demo_store))
    for table, fields in REQUIRED.items():
        assert data[table], table
        for rec in data[table]:
            assert fields <= rec.keys(), (table, fields - rec.keys())
    for t in data["timexes"]:
        assert t["type"] in {"DATE", "TIME", "DURATION", "SET"}
    for e in data["events"]:
        assert e["type"] in PLOVER and isinstance(e["actors"], list) and e["mentions"]
        assert set(e["date"]) >= {"earliest", "latest", "value"}
        assert e["place"] is None or set(e["place"]) >= {"name", "lat", "lon"}
    for f in data["figures"]:
        assert set(f["as_of"]) == {"earliest", "latest"}
        assert f["value"] is not None or f["low"] is not None or f["high"] is not None
    for a in data["articles"]:
        assert a["published"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["published"])
        inferred = a["published_inferred"]
        assert inferred is None or {"earliest", "latest", "best"} <= inferred.keys()
        assert (a["published"] is None) == (inferred is not None) or a["duplicate_of"]


def test_offsets_slice_original_text(demo_store: Store) -> None:
    data = export.export_data(demo_store)
    texts = {r["id"]: r["text"] for r in demo_store.rows("SELECT id, text FROM articles")}
    for table in ("timexes", "places", "figures"):
        for item in data[table]:
            assert texts[item["article"]][item["start"] : item["end"]] == item["text"]
    for e in data["events"]:
        for m in e["mentions"]:
            assert texts[m["article"]][m["start"] : m["end"]] == m["details"]["trigger"]


def test_jsonl_and_csv(demo_store: Store) -> None:
    lines = export.to_jsonl(demo_store).splitlines()
    kinds = {json.loads(line)["record"] for line in lines}
    assert kinds == {"article", "timex", "place", "figure", "figure_series", "event", "timeline"}
    rows = list(csv.DictReader(io.StringIO(export.to_csv(demo_store, "events"))))
    assert rows and isinstance(json.loads(rows[0]["actors"]), list)
    figs = list(csv.DictReader(io.StringIO(export.to_csv(demo_store, "figures"))))
    assert len(figs) == len(export.figures(demo_store))


def test_docs_list_every_exported_field(demo_store: Store) -> None:
    doc = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    data = export.export_data(demo_store)
    for table in REQUIRED:
        assert f"## `{table}`" in doc, table
        for field in data[table][0]:
            assert f"`{field}`" in doc, (table, field)


def test_geojson_events_are_points_with_their_sources(demo_store: Store) -> None:
    fc = json.loads(export.to_geojson(demo_store))
    assert fc["type"] == "FeatureCollection"
    placed = [e for e in export.events(demo_store) if e["place"] and e["place"]["lat"] is not None]
    assert placed and len(fc["features"]) == len(placed)
    texts = {r["id"]: r["text"] for r in demo_store.rows("SELECT id, text FROM articles")}
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        props = f["properties"]
        assert props["id"] == f["id"] and props["place"] and props["mentions"]
        for m in props["mentions"]:
            assert texts[m["article"]][m["start"] : m["end"]]
    # longitude first (RFC 7946): Mosul is at 36.3 N, 43.1 E
    mosul = next(f for f in fc["features"] if f["properties"]["place"] == "Mosul")
    assert [round(c) for c in mosul["geometry"]["coordinates"]] == [43, 36]
    # a town's point is where it happened; a country's centre is not: the kind tells them apart
    assert mosul["properties"]["place_kind"] == "city" and mosul["properties"]["place_country"] == "IQ"
    kinds = {f["properties"]["place_kind"] for f in fc["features"]}
    assert kinds <= {"city", "region", "country", "neighbourhood", "landmark", "river", "sea", "continent"}


def test_geojson_places_group_mentions_and_skip_demonyms(demo_store: Store) -> None:
    fc = json.loads(export.to_geojson(demo_store, "places"))
    rows = [p for p in export.places(demo_store) if p["lat"] is not None and p["kind"] != "demonym"]
    assert sum(f["properties"]["mentions"] for f in fc["features"]) == len(rows)
    assert all(f["properties"]["kind"] != "demonym" for f in fc["features"])
    texts = {r["id"]: r["text"] for r in demo_store.rows("SELECT id, text FROM articles")}
    for f in fc["features"]:
        for p in f["properties"]["provenance"]:
            assert texts[p["article"]][p["start"] : p["end"]] == p["text"]
    names = [f["properties"]["name"] for f in fc["features"]]
    assert names[0] == "Mosul" and len(names) == len(set(zip(names, (f["properties"]["geonameid"] for f in fc["features"]),
                                                               strict=True)))  # fmt: skip


def test_timelinejs_has_a_slide_per_date_with_links(demo_store: Store) -> None:
    data = json.loads(export.to_timelinejs(demo_store))
    entries = export.build_timeline(demo_store)
    assert data["title"]["text"]["headline"] and len(data["events"]) == len(entries)
    for slide, entry in zip(data["events"], entries, strict=True):
        start = slide["start_date"]
        key = entry["earliest"] if entry["approximate"] else entry["date"]
        assert "-".join(f"{v:02d}" if i else str(v) for i, v in enumerate(start.values())) == key
        assert slide["text"]["headline"] and "<p>" in slide["text"]["text"]
        assert ("end_date" in slide) == entry["approximate"] == ("display_date" in slide)
    airport = next(s for s in data["events"] if s["unique_id"] == "d2017-02-23")
    assert '<a href="https://example.org/dateline-demo/2017-02-24-airport">' in airport["text"]["text"]
    assert len({s["unique_id"] for s in data["events"]}) == len(data["events"])


def test_streamed_json_is_the_documents_json_and_a_failed_export_keeps_the_last_file(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dateline export --format json` writes the document a record at a time: the text is
    what one `json.dumps(..., indent=2)` of the whole export would be, and an export that
    fails part way leaves the file an earlier export wrote, with no half-written file beside it."""
    from click.testing import CliRunner

    from dateline.present.cli import main

    streamed = export.to_json(demo_store)
    assert streamed == json.dumps(json.loads(streamed), ensure_ascii=False, indent=2)
    out = tmp_path / "record.json"
    runner = CliRunner()
    done = runner.invoke(main, ["export", "--db", str(demo_store.path), "--format", "json", "--out", str(out)])
    assert done.exit_code == 0, done.output
    before = out.read_bytes()
    assert json.loads(before)["events"]

    def broken(store: Store) -> list[dict]:
        raise RuntimeError("disk gone")

    missing = runner.invoke(main, ["export", "--db", str(demo_store.path), "--out", str(tmp_path / "no" / "x.json")])
    assert missing.exit_code == 1 and missing.output.strip().count("\n") == 0
    assert missing.output.startswith("[E303]") and "x.json" in missing.output

    monkeypatch.setitem(export.READERS, "events", broken)
    failed = runner.invoke(main, ["export", "--db", str(demo_store.path), "--format", "json", "--out", str(out)])
    assert failed.exit_code != 0
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]
