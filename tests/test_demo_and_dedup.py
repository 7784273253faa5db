"""The bundled demo corpus end to end: formats, duplicates, undated reports, the timeline."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from dateline.build import build
from dateline.present import export
from dateline.store import Store

from .conftest import DEMO, article_id_by_path, write_jsonl


def test_demo_reads_every_format(demo_store: Store) -> None:
    arts = export.articles(demo_store)
    assert len(arts) == 12
    exts = {a["path"].rsplit(".", 1)[-1] for a in arts}
    assert exts == {"jsonl", "html", "txt"}
    airport = next(a for a in arts if a["path"].endswith("2017-02-24-airport.html"))
    assert airport["title"] == "Iraqi forces seize Mosul airport"
    assert airport["published"] == "2017-02-24" and airport["source"].lower() == "dateline demo desk"
    assert airport["url"] == "https://example.org/dateline-demo/2017-02-24-airport"
    victory = next(a for a in arts if a["id"] == "dl-2017-07-10-victory")
    assert victory["published"] == "2017-07-10"  # from an ISO datetime


def test_near_duplicate_is_linked_and_not_analysed(demo_store: Store) -> None:
    wire = demo_store.article("dl-2017-01-24-east-liberated-wire")
    assert wire is not None and wire["duplicate_of"] == "dl-2017-01-24-east-liberated"
    assert 0.8 <= wire["similarity"] < 1.0 and wire["analysed_at"] is None
    assert demo_store.rows("SELECT * FROM timexes WHERE article = ?", (wire["id"],)) == []


def test_undated_reports_get_inferred_intervals(demo_store: Store) -> None:
    west = demo_store.article(article_id_by_path(demo_store, "western-offensive.txt"))
    assert west is not None and west["published"] is None
    # The airport report (24 Feb 2017) says the western offensive began four days before Thursday
    # the 23rd: the undated report's "began an offensive … on Sunday" is that Sunday, 19 February.
    inferred = west["published_inferred"]
    assert (inferred["earliest"], inferred["latest"]) == ("2017-02-19", "2017-02-25"), inferred
    anchor = inferred["evidence"][0]
    assert anchor["text"] == "Sunday" and anchor["value"] == "2017-02-19"
    old = demo_store.article(article_id_by_path(demo_store, "old-city-assault.txt"))
    assert old is not None and old["published_inferred"]["earliest"] == "2016-10-01"


def test_timeline_spans_the_battle(demo_store: Store) -> None:
    tl = export.build_timeline(demo_store)
    dates = [e["date"] for e in tl]
    assert dates == sorted(dates)
    assert "2016-10-17" in dates and "2017-01-24" in dates and "2017-07-10" in dates
    # "the militants had withdrawn toward the city overnight", in Monday's report: Sunday night;
    # Monday's further line is Monday's own news, not that line told again
    night = next(e for e in tl if e["date"] == "2016-11-06")
    assert "withdrawn toward the city overnight" in night["summary"]
    monday = next(e for e in tl if e["date"] == "2016-11-07")
    assert "overnight" not in monday["summary"] and "Engineers began clearing" in monday["summary"]
    thursday = [e for e in tl if e["date"] == "2017-02-23"]
    assert thursday and "stormed Mosul airport" in thursday[0]["summary"]
    assert all(e["sources"] for e in tl)
    top3 = export.build_timeline(demo_store, max_dates=3, per_date=1)
    assert len(top3) == 3 and all(e["summary"].count(". ") <= 1 for e in top3)
    only_2017 = export.build_timeline(demo_store, start="2017-01-01", end="2017-03-31")
    assert only_2017 and all("2017-01" <= e["date"][:7] <= "2017-03" for e in only_2017)
    mosque = export.build_timeline(demo_store, query="mosque")
    assert mosque and all("mosque" in e["summary"].lower() for e in mosque)


def test_combined_timeline_tells_each_day_once(demo_store: Store) -> None:
    """The default timeline: the days the dated reports name, told by their best sentences and
    listing the events placed on them, with the months and the undated report's events that
    only the events know; a report's day that is only its publication day is not a date."""
    tl = export.build_timeline(demo_store)
    by_date = {(e["date"], e["approximate"]): e for e in tl}
    events = {(e["date"], e["approximate"]): e for e in export.build_timeline(demo_store, method="events")}
    # months and the undated report's approximate entry come from the events
    assert {("2016-10", False), ("2017-01", False), ("2017-02", True)} <= set(by_date)
    # the airport report (published the 24th) and the mosque report (the 22nd) tell the day before
    assert ("2017-02-24", False) not in by_date and ("2017-06-22", False) not in by_date
    sentences = {e["date"] for e in export.build_timeline(demo_store, method="sentences", max_dates=20)}
    assert {"2017-02-24", "2017-06-22"} <= sentences  # the sentence method alone keeps them
    # a day's entry lists the events placed on that day
    for key in [("2017-01-24", False), ("2016-11-07", False)]:
        assert by_date[key]["events"] == events[key]["events"] and by_date[key]["events"]
    # no line is told under two days
    lines = [(s["article"], s["start"]) for e in tl for s in e["sources"]]
    assert len(lines) == len(set(lines))
    with pytest.raises(ValueError, match="unknown timeline method"):
        export.build_timeline(demo_store, method="clusters")


def test_a_short_timeline_is_the_top_of_the_whole_one(demo_store: Store) -> None:
    """``--max-dates L`` reads only the weightiest days' lines; it must keep what cutting the
    whole timeline to its L weightiest entries keeps (ties at the cut aside)."""
    whole = export.build_timeline(demo_store)
    scores = sorted((e["score"] for e in whole), reverse=True)
    checked = 0
    for k in range(1, len(whole)):
        if scores[k - 1] == scores[k]:
            continue  # a tie at the cut: either entry may be kept
        top = sorted(whole, key=lambda e: -e["score"])[:k]
        short = export.build_timeline(demo_store, max_dates=k)
        assert short == sorted(top, key=lambda e: (e["date"], e["approximate"]))
        checked += 1
    assert checked >= 5


def test_rebuild_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    first = build([str(DEMO)], str(db), workers=1, progress=False)
    store = Store(db)
    counts = store.counts()
    ids = [a["id"] for a in store.articles()]
    store.close()
    second = build([str(DEMO)], str(db), workers=1, progress=False)
    store = Store(db)
    assert (first.added, second.added, second.unchanged, second.analysed) == (12, 0, 12, 0)
    assert store.counts() == counts and [a["id"] for a in store.articles()] == ids


def test_undated_reports_are_read_against_their_inferred_date(demo_store: Store) -> None:
    west = demo_store.article(article_id_by_path(demo_store, "western-offensive.txt"))
    assert west is not None and west["published_inferred"]["best"]
    assert west["analysed_dct"] is not None  # "on Sunday" was resolved against the inferred date
    sunday = demo_store.rows("SELECT value FROM timexes WHERE article = ? AND text = 'Sunday'", (west["id"],))
    assert sunday and not sunday[0]["value"].startswith("XXXX")
    # ...but an inferred date is not a fact: its explicit "January 2017" goes on the timeline as
    # stated; its Sunday offensive goes under February 2017, marked approximate, with an interval
    # as wide as the inferred date's (written 19-25 February, best the 20th: "on Sunday" is 18-24).
    entries = [e for e in export.build_timeline(demo_store) if any(s["article"] == west["id"] for s in e["sources"])]
    assert {(e["date"], e["approximate"]) for e in entries} == {("2017-01", False), ("2017-02", True)}
    west_feb = next(e for e in entries if e["approximate"])
    assert "western half" in west_feb["summary"]
    assert "2017-02-12" <= west_feb["earliest"] <= "2017-02-19" <= west_feb["latest"] <= "2017-02-26"
    feb = export.build_timeline(demo_store, start="2017-02", end="2017-02")  # the month's days too
    assert [(e["date"], e["approximate"]) for e in feb] == [("2017-02", True), ("2017-02-23", False)]


@pytest.mark.parametrize(("key", "start", "end", "kept"), [
    ("2017-02-23", "2017-02", "2017-02", True),  # a day in the month the window names
    ("2017-02", "2017-02-10", "2017-02-20", True),  # a month overlapping a window of days
    ("2017", "2017-03", None, True),
    ("2017-03-01", None, "2017-02", False),
    ("2017-01-31", "2017-02-01", None, False),
    ("2016", "2017", "2017-12-31", False),
])  # fmt: skip
def test_timeline_window_compares_at_the_coarser_granularity(key: str, start: str | None, end: str | None,
                                                            kept: bool) -> None:  # fmt: skip
    from dateline.assemble.timeline import within

    assert within(key, start, end) is kept


def _undated_event(earliest: str, latest: str, value: str | None = None) -> dict[str, Any]:
    return {"article": "a", "date_earliest": earliest, "date_latest": latest, "date_value": value}


def test_an_event_dated_by_an_inferred_date_gets_its_uncertainty() -> None:
    from dateline.assemble.timeline import inferred_key

    pub = {"a": {"earliest": "2016-10-15", "best": "2016-11-06", "latest": "2016-11-28"}}
    # "have entered": shortly before the inferred day; it may be as early as the report may be
    key, iv = inferred_key(_undated_event("2016-11-03", "2016-11-06"), pub)
    assert key == "2016-11" and iv == ("2016-10-12", "2016-11-28")
    # a text's own date line gives one possible day: the event is placed as in a dated report
    exact = {"a": {"earliest": "2016-11-03", "best": "2016-11-03", "latest": "2016-11-03"}}
    assert inferred_key(_undated_event("2016-11-03", "2016-11-03", "2016-11-03"), exact) == ("2016-11-03", None)
    # a report placed only within a year says nothing a timeline can use; nor does an open interval
    loose = {"a": {"earliest": "2016-01-01", "best": "2016-07-01", "latest": "2016-12-31"}}
    assert inferred_key(_undated_event("2016-06-28", "2016-07-01"), loose) == (None, None)
    assert inferred_key(_undated_event(None, "2016-11-06"), pub) == (None, None)  # type: ignore[arg-type]
    assert inferred_key(_undated_event("2016-11-03", "2016-11-06"), {}) == (None, None)


def test_sentence_timeline(demo_store: Store) -> None:
    from dateline.assemble.tls import sentence_timeline

    tl = sentence_timeline(demo_store, max_dates=5, per_date=1)
    assert len(tl) == 5 and [e["date"] for e in tl] == sorted(e["date"] for e in tl)
    by_date = {e["date"]: e["summary"] for e in tl}
    assert "Hammam al-Alil" in by_date.get("2016-11-07", "")
    texts = {r["id"]: r["text"] for r in demo_store.rows("SELECT id, text FROM articles")}
    for e in tl:
        for s in e["sources"]:
            assert texts[s["article"]][s["start"] : s["end"]] in e["summary"]
    window = sentence_timeline(demo_store, max_dates=10, start="2017", end="2017-02")
    assert window and all("2017-01-01" <= e["date"] <= "2017-02-28" for e in window)


def _built_events(tmp_path: Path, *records: dict[str, str]) -> list[dict[str, Any]]:
    """Build a store from ``records`` (one JSONL file) and export its events."""
    src = write_jsonl(tmp_path / "reports.jsonl", *records)
    db = tmp_path / "reports.db"
    build([str(src)], str(db), workers=1, progress=False)
    return export.events(Store(db))


def test_events_merge_across_reports_and_keep_each_version(tmp_path: Path) -> None:

    events = _built_events(
        tmp_path,
        {"id": "a", "published": "2016-11-04", "text": "Coalition airstrikes hit an ISIS convoy on "
         "the al Khames bridge in Mosul on Thursday, witnesses told reporters."},
        {"id": "b", "published": "2016-11-05", "text": "On Thursday coalition airstrikes hit an ISIS "
         "convoy crossing the al Khames bridge in central Mosul, a local official said."},
        {"id": "c", "published": "2016-11-20", "text": "Iraqi troops stormed the al Zahraa district "
         "of Mosul on Sunday after days of fighting, officers said."},
    )  # fmt: skip
    hit = next(e for e in events if any(m["details"]["trigger"] == "hit" for m in e["mentions"]))
    assert hit["sources"] == 2 and {m["article"] for m in hit["mentions"]} == {"a", "b"}
    speakers = {m["article"]: (m["details"]["attributed_to"] or {}).get("speaker") for m in hit["mentions"]
                if m["details"]["trigger"] == "hit"}  # fmt: skip
    assert speakers == {"a": "witnesses", "b": "local official"}  # both versions kept
    stormed = next(e for e in events if e["trigger"] == "stormed")
    assert stormed["sources"] == 1  # a different event, weeks later, stays apart


def test_two_outlets_spellings_of_one_party_meet() -> None:
    """CNN writes Gadhafi, Reuters Gaddafi: the same deed on the same day by either is one event's."""
    from dateline.assemble.merge import compatible, party_key

    def told(actor: str, target: str) -> dict[str, Any]:
        return {"type": "FIGHT", "modality": "asserted", "date": {"earliest": "2011-03-20", "latest": "2011-03-20"},
                "place": None, "actors": [actor], "targets": [target]}  # fmt: skip

    assert party_key("Gaddafi forces") == party_key("Gadhafi forces") == party_key("Qaddafi forces")
    assert party_key("Moammar Gadhafi") == party_key("Muammar Gaddafi")
    assert compatible(told("Gaddafi forces", "rebels"), told("Gadhafi forces", "Rebels"))
    assert not compatible(told("Gaddafi forces", "rebels"), told("NATO", "Syrian forces"))


def test_an_events_parties_are_spelled_as_the_record_spells_them_most(tmp_path: Path) -> None:
    """Two outlets' spellings of one name are one name in the events (the most used), and
    each mention keeps its report's own; names that only sound alike stay apart."""
    reports = [
        ("c1", "2011-03-20", "Gadhafi forces shelled Misrata on Sunday, a doctor said."),
        ("r1", "2011-03-22", "Gaddafi forces shelled Zintan on Tuesday, residents said."),
        ("r2", "2011-03-24", "Gaddafi forces attacked Ajdabiya on Thursday, rebels said."),
        ("u1", "2011-03-25", "UK soldiers attacked a checkpoint in Basra on Friday, officials said."),
        ("u2", "2011-03-26", "US soldiers attacked a checkpoint in Falluja on Saturday, officials said."),
        ("i1", "2011-03-27", "Israel bombed Gaza on Sunday, officials said."),
        ("i2", "2011-03-28", "Israel shelled Rafah on Monday, officials said."),
        ("i3", "2011-03-29", "Israelis attacked Palestinians in Hebron on Tuesday, witnesses said."),
    ]
    src = write_jsonl(tmp_path / "s.jsonl", *({"id": i, "published": p, "text": t} for i, p, t in reports))
    build([str(src)], str(tmp_path / "s.db"), workers=1, progress=False)
    events = export.events(Store(tmp_path / "s.db"))
    by_report = {m["article"]: e for e in events for m in e["mentions"]}
    assert by_report["c1"]["actors"] == ["Gaddafi forces"] == by_report["r1"]["actors"]
    assert by_report["c1"]["mentions"][0]["details"]["actors"] == ["Gadhafi forces"]  # (the report's own words)
    assert by_report["u1"]["actors"] == ["UK soldiers"] and by_report["u2"]["actors"] == ["US soldiers"]
    assert by_report["i1"]["actors"] == ["Israel"] and by_report["i3"]["actors"] == ["Israelis"]  # a people


def _built_series(tmp_path: Path, reports: list[tuple[str, str, str]], tail: str) -> list[dict[str, Any]]:
    """Build a store from (id, published, text) reports, each text followed by ``tail``, and
    return its figure series."""
    from dateline.assemble.series import figure_series

    src = write_jsonl(tmp_path / "r.jsonl", *({"id": i, "published": p, "text": t + tail} for i, p, t in reports))
    build([str(src)], str(tmp_path / "r.db"), workers=1, progress=False)
    return figure_series(Store(tmp_path / "r.db"))


def test_a_measure_in_towns_far_apart_is_one_series_per_town(tmp_path: Path) -> None:
    war = " Rebels have fought Moammar Gadhafi's forces across Libya since February, and NATO bombs his army."
    reports = [
        ("m1", "2011-04-10", "Shelling killed 20 people in Misrata on Sunday, a doctor said."),
        ("m2", "2011-04-10", "Government shelling left 31 people dead in Misrata on Sunday, rebels said."),
        ("t1", "2011-04-10", "An air strike killed 3 people in Tripoli on Sunday, officials said."),
        ("t2", "2011-04-11", "On Sunday, an air strike killed 4 people in Tripoli, officials said."),
        ("f1", "2011-04-10", "A ferry carrying 338 people left Benghazi on Sunday."),
        ("f2", "2011-04-11", "A ship with 1,000 people on board left on Monday."),
        ("u1", "2011-04-10", "A car bomb killed 5 people on Sunday, police said."),
        ("u2", "2011-04-10", "Fighting killed 40 people on Sunday, a doctor said."),
        ("r1", "2011-04-11", "More than 1,000 people have been killed since February, the United Nations said."),
        ("r2", "2011-04-20", "About 1,300 people have been killed since February, a rights group said."),
    ]
    series = {s["key"]: s for s in _built_series(tmp_path, reports, war)}
    assert len({s["story"] for s in series.values()}) == 1, series.keys()  # one war
    misrata, tripoli = series["people killed in Misratah"], series["people killed in Tripoli"]
    assert {p["article"] for p in misrata["points"]} == {"m1", "m2"} and misrata["conflicts"] == [[0, 1]]
    assert {p["article"] for p in tripoli["points"]} == {"t1", "t2"} and tripoli["conflicts"] == []
    # Misrata's dead do not contradict Tripoli's. Tolls that name no town may be two places, and
    # the day's tolls of a car bomb and of a battle are two incidents, not one measure: what
    # stays of the story's dead is their running total.
    assert {p["article"] for p in series["people killed"]["points"]} == {"r1", "r2"}
    assert series["people killed"]["conflicts"] == []
    assert not [k for k in series if k.startswith("people") and "killed" not in k]  # head counts are no measure


def test_a_measure_told_of_several_countries_is_one_series_per_country(tmp_path: Path) -> None:
    war = " Britain has sent jets to patrol a no-fly zone over Libya."
    reports = [
        ("i1", "2011-03-21", "The Defence Ministry's records show that 179 British soldiers were killed in Iraq."),
        ("i2", "2011-03-22", "Some 179 British soldiers were killed in Iraq, the ministry said."),
        ("a1", "2011-03-21", "More than 350 British soldiers have been killed in Afghanistan since 2001."),
        ("a2", "2011-03-23", "Since 2001, 360 British soldiers have been killed in Afghanistan."),
    ]
    series = {s["key"]: s for s in _built_series(tmp_path, reports, war)}
    iraq, afghanistan = (series[f"British troops killed in {c}"] for c in ("Iraq", "Afghanistan"))
    assert {p["article"] for p in iraq["points"]} == {"i1", "i2"}
    assert {p["article"] for p in afghanistan["points"]} == {"a1", "a2"}
    assert afghanistan["conflicts"] == []  # (a whole country's tolls may count different places)
    assert "British troops killed" not in series  # no series mixing the two wars' dead


def test_a_countrys_dead_are_its_running_total_not_each_incidents(tmp_path: Path) -> None:
    tail = " Protests against Assad's rule began in Syria in March, and the region is watching."
    reports = [
        ("s1", "2011-08-12", "Security forces killed 13 protesters in Syria on Friday, activists said."),
        ("s2", "2011-08-22", "More than 2,200 people have been killed in Syria since March, the United Nations said."),
        ("s3", "2011-10-17", "About 3,000 people have been killed in Syria, the United Nations said."),
        ("s4", "2011-10-20", "Troops killed 11 people in Syria on Thursday, activists said."),
        ("a1", "2011-07-14", "Some 1,462 civilians were killed in Afghanistan in the first half of the year, the UN said."),
        ("a2", "2011-07-29", "A suicide bomber killed 19 people in Afghanistan on Friday, police said."),
    ]
    series = {s["key"]: s for s in _built_series(tmp_path, reports, tail)}
    syria = [k for k in series if k.endswith("killed in Syria")]
    assert len(syria) == 1, series.keys()
    assert {p["article"] for p in series[syria[0]]["points"]} == {"s2", "s3"}  # not the day's 13 and 11 dead


def test_a_count_that_names_no_place_joins_the_country_its_report_is_about(tmp_path: Path) -> None:
    tail = " Protests against Assad's rule began in Syria in March; troops have stormed Homs, Hama and Deraa."
    reports = [
        ("s1", "2011-08-22", "More than 2,200 people have been killed in Syria since March, the United Nations said."),
        ("s2", "2011-10-17", "About 3,000 people have been killed since the uprising began, the United Nations said."),
        ("s3", "2011-11-18", "More than 3,500 people have been killed since March, the United Nations said."),
        ("a1", "2011-07-14", "Some 1,462 civilians were killed in Afghanistan in the first half of the year, the UN said."),
        ("a2", "2011-07-20", "About 1,500 civilians have been killed in Afghanistan this year, the UN said."),
        ("a3", "2011-07-28", "Some 1,600 civilians have been killed in Helmand and beyond this year, the UN said."),
        ("t1", "2011-09-01", "Some 2,000 people have been killed since March, a Turkish official said."),
        ("d1", "2011-09-02", "Crowds marched in Kabul, Baghdad, Benghazi, Cairo, Tunis, Amman, Beirut and "
                             "Riyadh. At least 2,600 people have been killed since March, officials said."),
        ("h1", "2011-09-03", "Syrian forces razed the old quarter of Hama in 1982. Up to 30,000 people were "
                             "killed, and Assad's son faces the same anger now."),
    ]
    series = {s["key"]: s for s in _built_series(tmp_path, reports, tail)}
    syria = series["people killed in Syria"]
    placed = {p["article"]: p["placed_by"] for p in syria["points"]}
    # The two totals that name no place are the Syrian reports' own; the Turkish official's
    # count, told in a sentence that names Turkey alone, is left where it was: unplaced; so is
    # the count of a digest of the region's news, which is about no one country; and so is a
    # count with no day of its own, told after "in 1982" (history, not this measure).
    assert placed == {"s1": None, "s2": "report", "s3": "report"}, series.keys()
    # (a region is its country's: Helmand, Afghanistan)
    assert {p["article"] for p in series["people killed in Afghanistan"]["points"]} == {"a1", "a2", "a3"}
    assert "t1" not in {p["article"] for s in series.values() if s["key"].endswith(" in Syria") for p in s["points"]}
    from dateline.present.report import render_report

    assert "(Syria, by the report)" in render_report(Store(tmp_path / "r.db"))  # the report says why


def test_one_measure_however_the_reports_spell_its_actor(tmp_path: Path) -> None:
    tail = " Rebels hold the port."
    reports = [
        ("c1", "2011-04-10", "About 5,000 Gadhafi troops surround Misrata, rebels said on Sunday."),
        ("r1", "2011-04-12", "Some 6,000 Gaddafi troops surround Misrata, rebels said on Tuesday."),
        ("r2", "2011-04-14", "Around 7,000 Gaddafi troops surround Misrata, rebels said on Thursday."),
    ]
    series = {s["key"]: s for s in _built_series(tmp_path, reports, tail)}
    assert "Gadhafi troops" not in series, series.keys()
    assert {p["article"] for p in series["Gaddafi troops"]["points"]} == {"c1", "r1", "r2"}


def test_a_count_long_before_the_story_is_no_point_of_its_series(tmp_path: Path) -> None:
    tail = " Protests against Assad's rule began in Syria in March."
    reports = [
        ("s1", "2011-06-12", "About 1,300 people have been killed since March, activists said."),
        ("s2", "2011-11-18", "More than 3,500 people have been killed since March, the United Nations said."),
        ("s3", "2011-11-20", "In August 2009, 28 people were killed in a raid on a mosque in Rafah."),
    ]
    series = {s["key"]: s for s in _built_series(tmp_path, reports, tail)}
    assert {p["article"] for p in series["people killed"]["points"]} == {"s1", "s2"}


def test_a_few_soldiers_in_an_incident_are_no_measure_of_the_force(tmp_path: Path) -> None:
    tail = " The force has served there since 2003."
    reports = [
        ("a", "2005-06-20", "About 8,500 British troops are stationed there, the ministry said."),
        ("b", "2005-07-20", "Some 8,000 British soldiers remain there, officials said."),
        ("c", "2005-12-28", "A court martial heard the case of three British soldiers on Tuesday."),
        ("d", "2005-12-29", "Police questioned eight British troops about the incident, officials said."),
    ]
    series = {s["key"]: s for s in _built_series(tmp_path, reports, tail)}
    assert {p["article"] for p in series["British troops"]["points"]} == {"a", "b"}


def test_counts_of_different_things_are_not_one_measure(tmp_path: Path) -> None:
    """A measure says what happened to whom: "6,000 people" alone is none; children, families and
    bodies at a morgue are not "people"; one rescue is not the day's rescues."""
    quake = " The earthquake struck Haiti on January 12."
    reports = [
        ("a", "2010-01-22", "Some 6,000 people queued for water in Port-au-Prince on Friday."),
        ("b", "2010-01-22", "A million people live in camps, and 130,000 families were moved, officials said."),
        ("c", "2010-01-22", "At least 122 people have been rescued from the rubble since the quake, the UN said."),
        ("d", "2010-01-22", "Two people were pulled from the rubble of a hotel, rescuers said."),
        ("e", "2010-01-22", "About 90 people have been rescued from the rubble since the quake, officials said."),
        ("f", "2010-01-22", "Some 1,500 bodies were stacked at the morgue, and dead birds lay on the beach."),
        ("g", "2010-01-22", "Thousands of people remained stranded at the airport."),
    ]
    series = {s["key"]: s for s in _built_series(tmp_path, reports, quake)}
    rescued = series["people rescued"]
    assert {p["article"] for p in rescued["points"]} == {"c", "d", "e"}
    order = [p["article"] for p in rescued["points"]]
    # 122 and 90 rescued in all disagree; the two pulled from a hotel are another count
    assert sorted(tuple(sorted((order[i], order[j]))) for i, j in rescued["conflicts"]) == [("c", "e")]
    assert not [k for k in series if k.split(" in ")[0] in ("people", "families", "bodies", "people killed")]


def test_one_sentence_naming_an_event_twice_gives_one_event(tmp_path: Path) -> None:
    """A noun and a verb of one type in one sentence are one event; two verbs are two deeds, and
    so are two places."""
    text = ("Rebels captured the town of Brega on Monday after a fierce battle with Gaddafi's forces. "
            "Gaddafi's forces shelled Misrata and bombarded Zintan on Tuesday.")  # fmt: skip
    events = _built_events(tmp_path, {"id": "a", "published": "2011-04-06", "text": text})
    by_trigger = {m["details"]["trigger"]: e for e in events for m in e["mentions"]}
    assert by_trigger["battle"] is by_trigger["captured"]
    assert len(by_trigger["captured"]["mentions"]) == 2 and by_trigger["captured"]["sources"] == 1
    assert by_trigger["shelled"] is not by_trigger["bombarded"]


def test_a_deed_and_its_toll_are_one_event(tmp_path: Path) -> None:
    """"shelled Misrata, killing 12 people": the killing is the shelling's toll, one event whose
    targets include the dead; "captured Zawiyah and killed 10 soldiers" are two deeds."""
    text = ("A NATO air strike hit a house in Zlitan on Monday, killing 85 civilians, officials said. "
            "Gaddafi forces shelled Misrata on Sunday, killing at least 12 people. "
            "Rebels captured Zawiyah and killed 10 soldiers.")  # fmt: skip
    events = _built_events(tmp_path, {"id": "a", "published": "2011-08-10", "text": text})
    by_trigger = {(m["details"]["trigger"], m["start"]): e for e in events for m in e["mentions"]}
    hits = {t: e for (t, start), e in by_trigger.items() if start < text.index("Gaddafi")}
    assert hits["hit"] is hits["killing"] and hits["hit"]["type"] == "FIGHT" and "civilians" in hits["hit"]["targets"]
    killing = next(m for m in hits["hit"]["mentions"] if m["details"]["trigger"] == "killing")
    assert text[slice(*killing["details"]["outcome_of"])] == "hit"
    rest = {t: e for (t, start), e in by_trigger.items() if start > text.index("Gaddafi")}
    assert rest["shelled"] is rest["killing"] and rest["captured"] is not rest["killed"]
    assert len(events) == 4


def test_a_chronology_line_two_reports_reprint_is_told_once(tmp_path: Path) -> None:
    """Two wire reports carry the same background line (a word changed); dated to a year, the two
    events are not merged, yet the timeline tells the line once and turns to other news."""
    line = "In 2011, rebels seized the port city of Misrata after weeks of {} fighting, residents said."
    reports = [
        {"id": "a", "published": "2012-03-01", "text": line.format("heavy") + " Traders reopened the souk."},
        {"id": "b", "published": "2012-03-02", "text": line.format("fierce") + " Schools stayed closed."},
        {"id": "c", "published": "2012-03-03", "text": "In 2011, NATO aircraft struck tanks outside Misrata, officials said."},
    ]  # fmt: skip
    src = write_jsonl(tmp_path / "r.jsonl", *reports)
    build([str(src)], str(tmp_path / "r.db"), workers=1, progress=False)
    day = next(e for e in export.build_timeline(Store(tmp_path / "r.db"), per_date=2) if e["date"] == "2011")
    assert day["summary"].count("rebels seized the port city") == 1, day["summary"]
    assert "NATO aircraft struck tanks" in day["summary"]


def test_a_background_sentence_repeated_next_day_is_one_event(tmp_path: Path) -> None:
    # A wire update carries the day before's background paragraph; neither copy dates it, so
    # each takes its own report's day. Word for word the same: one event, both days kept.
    background = "NATO air strikes are targeting the army's tanks near Misrata to protect civilians."
    events = _built_events(
        tmp_path,
        {"id": "mon", "published": "2011-04-04", "text": "Rebels held the port of Misrata on Monday. " + background},
        {"id": "tue", "published": "2011-04-05", "text": "Shelling resumed in Misrata on Tuesday. " + background},
        {"id": "wed", "published": "2011-04-06", "text": "NATO air strikes are hitting Gaddafi's tanks "
         "in the desert south of Misrata, the alliance says."},
    )  # fmt: skip
    strikes = [e for e in events if any(m["details"]["trigger"] == "targeting" for m in e["mentions"])]
    assert len(strikes) == 1 and {m["article"] for m in strikes[0]["mentions"]} == {"mon", "tue"}
    assert {m["details"]["date"]["value"] for m in strikes[0]["mentions"]} == {"2011-04-04", "2011-04-05"}
    hitting = [e for e in events if any(m["details"]["trigger"] == "hitting" for m in e["mentions"])]
    assert hitting and all({m["article"] for m in e["mentions"]} == {"wed"} for e in hitting)  # other words


def test_stories_group_reports_incrementally(tmp_path: Path) -> None:

    from dateline.assemble.stories import stories

    db = tmp_path / "s.db"
    build([str(DEMO)], str(db), workers=1, progress=False)
    first = Store(db)
    before = {a["id"]: a["story"] for a in first.articles()}
    assert len(set(before.values())) == 1  # the Mosul dispatches are one story
    first.close()
    other = write_jsonl(
        tmp_path / "other.jsonl",
        {"id": "spill-1", "published": "2010-04-22", "text": "The Deepwater Horizon rig sank in the "
         "Gulf of Mexico, BP said, and oil is leaking off the coast of Louisiana."},
        {"id": "spill-2", "published": "2010-04-30", "text": "Oil from the BP well reached the "
         "Louisiana coast as crews in the Gulf of Mexico fought the Deepwater Horizon spill."},
        {"id": "mosul-x", "published": "2017-07-11", "text": "Iraqi forces cleared the last streets "
         "of Mosul's Old City near the Tigris, a day after Haider al-Abadi declared victory in Mosul."},
    )  # fmt: skip
    build([str(other)], str(db), workers=1, progress=False)
    store = Store(db)
    after = {a["id"]: a["story"] for a in store.articles()}
    assert all(after[k] == v for k, v in before.items())  # placed articles never move
    assert after["mosul-x"] == before["dl-2016-10-17-offensive"]
    assert after["spill-1"] == after["spill-2"] != after["mosul-x"]
    labels = {s["id"]: s["label"] for s in stories(store)}
    assert "Mosul" in labels[after["mosul-x"]]


def test_one_event_told_by_two_desks_is_merged(demo_store: Store) -> None:
    rows = demo_store.rows(
        "SELECT m.event, m.article FROM event_mentions m WHERE m.article IN"
        " ('dl-2017-06-21-nuri', 'dl-2017-06-22-nuri-regional')"
    )
    by_event: dict[str, set[str]] = {}
    for r in rows:
        by_event.setdefault(r["event"], set()).add(r["article"])
    merged = [e for e, arts in by_event.items() if len(arts) == 2]
    assert len(merged) == 1  # the mosque's destruction; the other events of the two reports differ
    entry = next(e for e in export.build_timeline(demo_store) if e["date"] == "2017-06-21")
    assert {s["article"] for s in entry["sources"]} == {"dl-2017-06-21-nuri", "dl-2017-06-22-nuri-regional"}
    assert entry["summary"].count("al-Nuri") == 1  # told once, cited twice


def test_two_estimates_of_the_same_day_conflict_and_compatible_ones_do_not(demo_store: Store) -> None:
    series = {s["key"]: s for s in export.export_data(demo_store)["figure_series"]}
    fighters = series["ISIS fighters"]
    texts = [p["text"] for p in fighters["points"]]
    assert texts[0] == "between 3,000 and 5,000"  # October 2016 first
    # "fewer than 1,000" (Iraqi officials) and "about 2,000" (coalition) for the same days.
    clash = [{texts[i], texts[j]} for i, j in fighters["conflicts"]]
    assert clash == [{"fewer than 1,000", "about 2,000"}]


def test_adding_a_report_merges_only_its_own_mentions(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    build([str(DEMO)], str(db), workers=1, progress=False)
    extra = write_jsonl(tmp_path / "late.jsonl", {"id": "late", "published": "2017-06-22", "source": "third desk",
        "text": "ISIS militants blew up the Great Mosque of al-Nuri in Mosul's Old City on Wednesday night as "
                "Iraqi troops closed in, the Iraqi military said on Thursday."})  # fmt: skip
    with Store(db) as store:
        assert store.rows("SELECT COUNT(*) AS n FROM articles WHERE merged_at IS NULL AND analysed_at IS NOT NULL")[0]["n"] == 0
    build([str(extra)], str(db), workers=1, progress=False)
    with Store(db) as store:
        by_article: dict[str, set[str]] = {}
        for r in store.rows("SELECT event, article FROM event_mentions"):
            by_article.setdefault(r["event"], set()).add(r["article"])
        three = [arts for arts in by_article.values() if "late" in arts and len(arts) == 3]
        assert three == [{"dl-2017-06-21-nuri", "dl-2017-06-22-nuri-regional", "late"}]


def test_sentence_timeline_tells_what_happened_before_what_will() -> None:
    import datetime as dt

    from dateline.assemble.tls import DatedSentence, summarise

    day = dt.date(2017, 7, 6)
    texts = ["The militant group will be driven out of Mosul's Old City by next week, a general said Thursday.",
             "Iraqi forces surrounded the militant group's final enclave in Mosul's Old City on Thursday."]  # fmt: skip
    sents = [DatedSentence(t, f"a{i}", day, day, True, 0, len(t), 0) for i, t in enumerate(texts)]
    ((when, picked),) = summarise(sents, max_dates=1, per_date=1)
    assert when == day and picked[0].text == texts[1]


def test_chronology_entries_lead_and_print_without_their_date_or_wire_line() -> None:
    """A report's own chronology ("March 19 - ...") is an editor's line for that day: it is
    preferred, raises its day, and is shown without the date the timeline already prints."""
    import datetime as dt

    from dateline.assemble.tls import DatedSentence, rank_dates, summarise

    d19, d20 = dt.date(2011, 3, 19), dt.date(2011, 3, 20)
    texts = [
        ("BENGHAZI | Sun Mar 20, 2011 BENGHAZI (Reuters) - Rebels in Benghazi said on Saturday that air strikes"
         " had halted the advance of Gaddafi's forces on the city.", d19, d20),
        ("March 19 - The first air strikes halt the advance of Gaddafi's forces on Benghazi and target"
         " Libya's air defences.", d19, d20),
        ("Residents queued for bread and fuel in Tripoli on Sunday as the capital waited for news.", d20, d20),
    ]  # fmt: skip
    sents = [DatedSentence(t, f"a{i}", pub, day, day == d19, 0, len(t), 0) for i, (t, day, pub) in enumerate(texts)]
    more = [DatedSentence(f"Shops in Tripoli opened late on day {i}.", f"b{i}", d20, d20, False, 0, 30, 0) for i in range(2)]
    # Two reports name the 19th, one in its chronology; five were published on the 20th.
    assert rank_dates(sents + more)[0][0] == d19
    ((when, picked),) = summarise(sents[:2], max_dates=1, per_date=1)
    assert when == d19
    assert picked[0].text.startswith("The first air strikes halt") and picked[0].start == len("March 19 - ")
    ((_, both),) = summarise(sents[:1], max_dates=1, per_date=1)
    assert both[0].text.startswith("Rebels in Benghazi said")  # the filing line is cut, the offsets follow


def test_a_line_that_starts_inside_a_quotation_is_a_fragment() -> None:
    from dateline.assemble.tls import is_fragment

    assert is_fragment("Brega , and Gaddafi is destroying Misrata completely , '' said a resident .")
    assert is_fragment("and then the town fell.") and is_fragment("ended,\u201d he said.")
    for whole in ("He said : `` We will win , '' and left .", "\u201cWe will win,\u201d he said.",
                  "eBay shares rose.", "42 people died.", "Rebels took Brega on Monday."):  # fmt: skip
        assert not is_fragment(whole), whole


def test_a_day_recalled_weeks_later_outranks_one_named_only_on_the_day() -> None:
    """Two reports naming a day on the day itself weigh less than two reports that still name
    it a fortnight later: the day stayed news."""
    import datetime as dt

    from dateline.assemble.tls import DatedSentence, rank_dates

    d1, d2 = dt.date(2011, 3, 1), dt.date(2011, 3, 2)
    later = dt.date(2011, 3, 16)

    def named(article: str, day: dt.date, published: dt.date) -> DatedSentence:
        text = f"Report {article} names {day:%B %d}."
        return DatedSentence(text, article, published, day, True, 0, len(text), 3)

    sents = [named("a", d2, d2), named("b", d2, d2), named("c", d1, later), named("d", d1, later)]
    ranked = dict(rank_dates(sents))
    assert ranked[d1] > ranked[d2]
    # the same two mentions made on the day itself would tie with the 2nd's
    on_the_day = dict(rank_dates([*sents[:2], named("c", d1, d1), named("d", d1, d1)]))
    assert on_the_day[d1] == on_the_day[d2]


def test_t17_sentences_do_not_end_at_titles_initials_or_abbreviations() -> None:
    from dateline.eval.tls import split_sentences

    text = ("Lt. Gen. Charles Bouchard , commander of the mission , said NATO was enforcing the embargo . "
            "The U.N. Security Council met at 10 a.m. Tuesday in New York . George W. Bush spoke . "
            "Troops left the U.S. The next day they landed .")  # fmt: skip
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got[0].startswith("Lt. Gen. Charles Bouchard") and got[0].endswith("embargo .")
    assert got[1] == "The U.N. Security Council met at 10 a.m. Tuesday in New York ."
    assert got[2:] == ["George W. Bush spoke .", "Troops left the U.S.", "The next day they landed ."]


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("MOSUL, Iraq (Reuters) - Troops entered the city.", "Troops entered the city."),
        ("(Update 4:38 p.m. Cairo, 9:38 a.m. ET) Tear gas was fired near the square.",
         "Tear gas was fired near the square."),
        ("(8:48 a.m. ET, 2:28 p.m. in Libya) The government declared a ceasefire.",
         "The government declared a ceasefire."),
        ("Soldier wins medal Friday 18 March 2005 12.47 GMT A private was awarded the cross.",
         "A private was awarded the cross."),
        ("ANDERSON COOPER, CNN ANCHOR: We are live in Cairo.", "We are live in Cairo."),
        ("March 19 - The first air strikes halt the advance.", "The first air strikes halt the advance."),
        ("NATO: no change in the mission today.", "NATO: no change in the mission today."),
        ("March 19 was the day the strikes began.", "March 19 was the day the strikes began."),
        ("Photograph : Gerald Herbert\\/AP Underwater robots dived to the well.", "Underwater robots dived to the well."),
        ("Page last updated at 23:19 GMT , Tuesday , 19 January 2010 Aid reached the town.", "Aid reached the town."),
        ("-- Rebels say they have captured Garyan.", "Rebels say they have captured Garyan."),
        ("January 27 , 2011 | By Tim Lister and Emily Smith , CNN Protesters used social media.",
         "Protesters used social media."),
        ("ET -RRB- A group of protesters held a human chain.", "A group of protesters held a human chain."),
        ("Rebels (and others) took the town.", "Rebels (and others) took the town."),
        ("UPDATE 3-Dutch marines freed by Libya flown out to Greece", "Dutch marines freed by Libya flown out to Greece"),
        ("RPT-UPDATE 1-Risk to Libyan oil output lasts months", "Risk to Libyan oil output lasts months"),
        ("UK-based monitors counted the dead.", "UK-based monitors counted the dead."),
        ("Sat Oct 15 , 2011 9:10 am EDT TRIPOLI The fund no longer provides emergency cash .",
         "The fund no longer provides emergency cash ."),
        ("Fri Nov 18 , 2011 9:19 am GMT NEW DELHI -LRB- AlertNet -RRB- - Three million people face hunger .",
         "Three million people face hunger ."),
        ("Mon Jun 13 , 2011 4:16 am BST NATO forces struck Tripoli .", "NATO forces struck Tripoli ."),
        ("updated : Wed Jun 06 2012 23:03:00 CNN 's reporter tells of the strike .", "CNN 's reporter tells of the strike ."),
        ("Jerry Lampen\\/Reuters `` By the waters of Babylon '' , goes the song .", "`` By the waters of Babylon '' , goes the song ."),
        ("Full Article Libya rebel official aims for oil export in 2-3 months TRIPOLI The rebel government hopes to export oil .",
         "The rebel government hopes to export oil ."),
        ("Full Article Gaddafi forces hold Brega BENGHAZI , Libya | Fri Aug 12 , 2011 6:37 pm IST BENGHAZI , Rebels hold the port .",
         "Rebels hold the port ."),
        ("\\* Vietnam says drills routine \\* China , neighbors trade accusations -LRB- Adds comments -RRB- HANOI , June 13 "
         "-LRB- Reuters -RRB- - Vietnam 's navy held drills .", "Vietnam 's navy held drills ."),
        ("February 26th , 2011 4:06 pm ET From the shores of Tripoli I write .", "From the shores of Tripoli I write ."),
        ("By Pam Benson , CNN National Security Producer Khamis Gadhafi was seen on TV .", "Khamis Gadhafi was seen on TV ."),
        ("By Chris Lawrence and Pam Benson , CNN Libyans gather at a site .", "Libyans gather at a site ."),
        ("By Monday , CNN had learned of the strike .", "By Monday , CNN had learned of the strike ."),
    ],
)  # fmt: skip
def test_timeline_lines_drop_filing_lines_stamps_and_speakers(line: str, shown: str) -> None:
    from dateline.assemble.tls import display_cut

    assert line[display_cut(line) :] == shown


def test_a_dateline_that_ends_a_line_is_cut_and_a_headline_gets_its_full_stop() -> None:
    """What a page prints before its dateline is furniture however long its headlines run; a
    dateline closing a headline is the next report's; a headline joined to the next line ends."""
    from dateline.assemble.tls import display_cut, display_end, join_lines

    line = "Eight people are killed and 22 injured in Misrata , an eyewitness says Ras Lanuf , Libya -LRB- CNN -RRB- --"
    assert line[: display_end(line)] == "Eight people are killed and 22 injured in Misrata , an eyewitness says"
    assert display_end("He spoke to CNN (CNN)") == len("He spoke to CNN (CNN)")  # no dash: no dateline
    line = "Eight people are killed , an eyewitness says Ras Lanuf , Libya -LRB- CNN -RRB-"  # (the dash split off)
    assert line[: display_end(line)] == "Eight people are killed , an eyewitness says"
    line = "The toll rose , officials said WASHINGTON -LRB- Reuters -RRB- -"
    assert line[: display_end(line)] == "The toll rose , officials said"
    highlights = " ".join(["Rebels claim key gains in the east of the country"] * 6)  # over 200 characters
    line = f"{highlights} Ras Lanuf , Libya -LRB- CNN -RRB- -- Opposition fighters marched west ."
    assert line[display_cut(line) :] == "Opposition fighters marched west ."
    assert join_lines(["An eyewitness says", "Rebels pulled back."]) == "An eyewitness says. Rebels pulled back."
    assert join_lines(["Rebels took Brega , a witness says", "NATO struck ."]) == "Rebels took Brega , a witness says . NATO struck ."
    assert join_lines(["He said `` we won . ''", "Next"]) == "He said `` we won . '' Next"


@pytest.mark.parametrize(
    "unit",
    ["Mon Aug 22 , 2011 1:18 pm EDT LONDON , Aug 22", "TRIPOLI | Tue Sep 13 , 2011 7:57 am BST TRIPOLI",
     "REUTERS\\/Social Media Website via Reuters TV TRIPOLI", "TRIPOLI\\/OUTSIDE BANI WALID , Libya | Sun",
     "Full Article U.N. Security Council eases sanctions on Libya UNITED NATIONS |",
     "Full Article Gaddafi forces hold Brega BENGHAZI , Libya | Fri Aug 12 , 2011 6:37 pm IST BENGHAZI ,",
     "Fri Jun 10 , 2011 11:51 pm"],
)  # fmt: skip
def test_a_pages_stamp_credit_or_link_alone_is_no_sentence(unit: str) -> None:
    """What a sentence split leaves of a page's furniture is never a line, nor a sentence that dates."""
    from dateline.assemble.tls import is_stamp, too_short

    assert is_stamp(unit) and too_short(unit)
    assert not is_stamp("NATO said it struck Tripoli on Monday .") and not too_short("Rebels took Brega on Monday .")




def test_a_timeline_day_prefers_a_fact_to_a_prediction_or_a_quote() -> None:
    import datetime as dt

    from dateline.assemble.tls import DatedSentence, summarise

    day = dt.date(2017, 7, 6)
    # One report: the sentence naming the day is a prediction; its lead, naming no day, a fact.
    guess = "The militant group will be driven out of Mosul by next week, a general said Thursday."
    lead = "Iraqi forces have surrounded the militant group's last enclave in Mosul's Old City."
    sents = [DatedSentence(guess, "a", day, day, True, 0, len(guess), 1),
             DatedSentence(lead, "a", day, day, False, 0, len(lead), 0)]  # fmt: skip
    assert summarise(sents, max_dates=1, per_date=1)[0][1][0].text == lead
    # Three reports name the day; the one that says most of what they share is a quotation.
    said = '"Iraqi forces have surrounded the militants in the Old City of Mosul," a general said on Thursday.'
    fact = "Iraqi forces surrounded the militants in the Old City of Mosul on Thursday, officials said."
    also = "Iraqi forces have surrounded the Old City of Mosul, the general said on Thursday."
    sents = [DatedSentence(t, a, day, day, True, 0, len(t), 1) for t, a in ((said, "a"), (fact, "b"), (also, "c"))]
    assert summarise(sents, max_dates=1, per_date=1)[0][1][0].text != said
    # A line that needs the sentence before it gives way to one that stands alone.
    lean = "But Iraqi forces surrounded the militants in the Old City of Mosul on Thursday, officials said."
    fact = "Iraqi forces surrounded the militants in the Old City on Thursday, officials said."
    other = "Iraqi forces surrounded the militants in Mosul on Thursday, the general said."
    sents = [DatedSentence(t, a, day, day, True, 0, len(t), 1) for t, a in ((lean, "a"), (fact, "b"), (other, "c"))]
    assert summarise(sents, max_dates=1, per_date=1)[0][1][0].text == fact  # "lean" has the most in common


def test_a_timeline_day_skips_a_sidebar_from_another_story_and_a_caption(tmp_path: Path) -> None:
    """A headline box from another story ("French troops fight militias in Mali") and a photograph's
    caption lose to the report's own news of the day."""
    quake = " Haiti's government said the quake had killed thousands in Port-au-Prince."
    reports = [
        ("h1", "2010-01-15", "French troops fight militias in Mali streets on Friday. Rescuers in Haiti pulled "
                             "a girl from the rubble of a school in Port-au-Prince on Friday."),
        ("h2", "2010-01-15", "Soldiers clash with gangs in Port-au-Prince on Friday. Photograph : AP "
                             "Haitian police arrested looters in Port-au-Prince on Friday."),
        ("h3", "2010-01-14", "Aid flights landed in Haiti on Thursday."),
    ]
    src = write_jsonl(tmp_path / "r.jsonl", *({"id": i, "published": p, "text": t + quake} for i, p, t in reports))
    build([str(src)], str(tmp_path / "r.db"), workers=1, progress=False)
    store = Store(tmp_path / "r.db")
    day = next(e for e in export.build_timeline(store, per_date=1, method="events") if e["date"] == "2010-01-15")
    assert day["summary"] == "Haitian police arrested looters in Port-au-Prince on Friday."


def test_a_photographs_caption_gives_its_day_no_timeline_entry(tmp_path: Path) -> None:
    """A caption ends with the full date the picture was taken: that day is not the report's news."""
    from dateline.assemble.tls import is_dated_caption

    caption = "Rebels sit on a sofa at a checkpoint in Ajdabiyah , March 15 , 2011 ."
    assert is_dated_caption(caption)
    assert not is_dated_caption("Rebels retook Ajdabiyah from Gaddafi's forces on March 15 , 2011 .")
    text = caption + " Rebels retook the oil town of Brega from Gaddafi's forces on Monday, a spokesman said."
    src = write_jsonl(tmp_path / "r.jsonl", {"id": "c1", "published": "2011-03-22", "text": text})
    build([str(src)], str(tmp_path / "r.db"), workers=1, progress=False)
    dates = [e["date"] for e in export.build_timeline(Store(tmp_path / "r.db"))]
    assert dates == ["2011-03-21"], dates


def test_a_days_toll_and_a_running_total_do_not_conflict(tmp_path: Path) -> None:
    war = " Rebels have fought Moammar Gadhafi's forces in Misrata since February."
    reports = [
        ("d1", "2011-04-11", "Shelling killed 20 people in Misrata on Sunday, a doctor said."),
        ("t1", "2011-04-11", "More than 1,000 people have been killed in Misrata since February, a doctor said."),
        ("t2", "2011-04-11", "About 300 people have been killed in Misrata since February, officials said."),
        ("t3", "2011-05-20", "About 2,000 people have been killed in Misrata since February, a doctor said."),
    ]
    series = next(s for s in _built_series(tmp_path, reports, war) if s["key"].startswith("people killed"))
    order = [p["article"] for p in series["points"]]
    # Only the two totals told the same day disagree: not the day's toll, not the later total.
    assert sorted(tuple(sorted((order[i], order[j]))) for i, j in series["conflicts"]) == [("t1", "t2")]


def test_a_wire_pages_head_gives_no_timeline_line(tmp_path: Path) -> None:
    """A page's headline and links to other stories come before the wire's dateline: the
    events they name ("Rebels push west") are not the report's news."""
    text = ("Full Article Rebels push west before crisis talks NAWFALIYAH , Libya (Reuters) - Libyan rebels "
            "captured the town of Nawfaliyah on Monday, a rebel spokesman said.")  # fmt: skip
    src = write_jsonl(tmp_path / "r.jsonl", {"id": "w1", "published": "2011-03-29", "text": text})
    build([str(src)], str(tmp_path / "r.db"), workers=1, progress=False)
    store = Store(tmp_path / "r.db")
    assert {r["trigger"] for r in store.rows("SELECT trigger FROM events")} >= {"push", "captured"}
    lines = export.build_timeline(store)
    assert [e["date"] for e in lines] == ["2011-03-28"] and "push" not in lines[0]["summary"]


def test_a_cry_is_no_timeline_line(tmp_path: Path) -> None:
    """A sentence of fewer than three words once its dateline is cut ("`` Down !") tells nothing."""
    from dateline.assemble.tls import store_sentences, too_short

    assert too_short("Ras Lanuf , Libya -LRB- CNN -RRB- -- `` Down !") and not too_short("Rebels held the port.")
    text = ("BREGA , Libya , March 14 -LRB- Reuters -RRB- - Rebels held the oil port of Brega on Monday after "
            "a day of shelling , a rebel spokesman said . `` Down ! '' Gaddafi 's jets struck the port 's fuel "
            "depot on Monday , residents said .")  # fmt: skip
    src = write_jsonl(tmp_path / "r.jsonl", {"id": "u2", "published": "2011-03-14", "text": text})
    build([str(src)], str(tmp_path / "r.db"), workers=1, progress=False)
    store = Store(tmp_path / "r.db")
    told = [s.text for s in store_sentences(store)]
    assert len(told) == 2 and not [t for t in told if "Down" in t], told
    lines = " ".join(e["summary"] for e in export.build_timeline(store, method="sentences", per_date=3))
    assert "Rebels held the oil port of Brega" in lines and "Down" not in lines


def test_a_line_is_told_under_one_day_only(tmp_path: Path) -> None:
    # A report's lead speaks for its day and the day before (news of a day is printed the next
    # morning); when both days are on the timeline, the lead is told under the weightier one.
    src = write_jsonl(
        tmp_path / "reports.jsonl",
        {"id": "mon", "published": "2011-03-14", "text": "Rebels pulled back from Brega on Monday as "
         "government troops shelled the town, residents said. Libya's rebels asked for air cover."},
        {"id": "tue", "published": "2011-03-15", "text": "The U.N. Security Council is weighing a "
         "no-fly zone over Libya and new sanctions against Gaddafi's government. Diplomats in New "
         "York said the talks on Libya were difficult."},
        {"id": "tue-2", "published": "2011-03-15", "text": "Gaddafi's forces pushed toward Ajdabiya "
         "on Tuesday, rebels in Libya said. The rebels in Libya asked the Security Council for a "
         "no-fly zone."},
    )  # fmt: skip
    db = tmp_path / "reports.db"
    build([str(src)], str(db), workers=1, progress=False)
    tl = export.build_timeline(Store(db), per_date=2)
    lines = [(s["article"], s["start"]) for e in tl for s in e["sources"]]
    assert {e["date"] for e in tl} >= {"2011-03-14", "2011-03-15"}
    assert len(lines) == len(set(lines)), tl


def test_history_recalled_in_passing_is_no_timeline_entry(tmp_path: Path) -> None:
    """A date long before the story's reports stays on its timeline only when its line names the
    story's subject: the town's last revolt, not another country's war."""
    tail = " Fighting in Darnel has forced thousands to flee."
    reports = [
        ("d1", "2019-03-04", "Rebels captured Darnel on Sunday, residents said."),
        ("d2", "2019-03-05", "Army troops shelled Darnel on Monday. The army last stormed Darnel in 1987, "
                             "when it crushed a revolt."),
        ("d3", "2019-03-06", "Troops attacked rebel posts near Darnel on Tuesday. In 1957, French "
                             "paratroopers attacked Algiers."),
    ]  # fmt: skip
    src = write_jsonl(tmp_path / "r.jsonl", *({"id": i, "published": p, "text": t + tail} for i, p, t in reports))
    build([str(src)], str(tmp_path / "r.db"), workers=1, progress=False)
    store = Store(tmp_path / "r.db")
    assert {"1957", "1987"} <= {e["date"]["value"] for e in export.events(store)}  # both stay events
    for method in ("combined", "events"):
        dates = [e["date"] for e in export.build_timeline(store, method=method)]
        assert "1987" in dates and "1957" not in dates and "2019-03-03" in dates, (method, dates)


def test_the_story_names_do_not_depend_on_the_hash_seed() -> None:
    # Names found in equally many reports are taken in a fixed order: with Python's string
    # hashing left random, the same store once gave its timeline's lines in another order.
    import subprocess
    import sys

    code = (
        "import datetime as dt\n"
        "from dateline.assemble.tls import DatedSentence, topic_keywords\n"
        "day = dt.date(2017, 7, 6)\n"
        "texts = ['Mosul Anderson Tigris Nineveh Abadi Raqqa Baghdad Erbil', 'Mosul Intisar Kurdish Hamdaniya']\n"
        "sents = [DatedSentence(t, str(i), day, day, False) for i, t in enumerate(texts)]\n"
        "print(sorted(topic_keywords(sents)))\n"
    )
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}  # fmt: skip
    assert len(seen) == 1, seen


def test_one_reports_lines_on_a_day_read_in_its_order() -> None:
    import datetime as dt

    from dateline.assemble.tls import DatedSentence, in_report_order

    day = dt.date(2017, 7, 6)

    def line(article: str, start: int, text: str) -> DatedSentence:
        return DatedSentence(text, article, day, day, True, start, start + len(text))

    dwindling = line("jul", 900, "Anderson suggested the number is likely dwindling.")
    other = line("wire", 10, "Troops cleared two more streets of the Old City.")
    roughly = line("jul", 700, "Roughly 300 ISIS militants are estimated to remain in Mosul.")
    # ranked: dwindling, other, roughly -> the July report's two lines swap places, the wire's stays
    assert in_report_order([dwindling, other, roughly]) == [roughly, other, dwindling]
    assert in_report_order([other, roughly]) == [other, roughly]
