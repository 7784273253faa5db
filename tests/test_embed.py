"""MiniLM embeddings: offline model, cache in the store, use in stories."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from dateline.assemble.embed import LEAD_CHARS, MODEL_ID, cached_vectors, embedder, lead
from dateline.assemble.series import figure_series
from dateline.assemble.stories import StorySpace, place, stories
from dateline.assemble.timeline import build_timeline
from dateline.build import build
from dateline.present.cli import main
from dateline.present.export import export_data
from dateline.present.report import render_report
from dateline.store import Store

from .conftest import write_jsonl

DEMO = Path(__file__).resolve().parents[1] / "examples" / "mosul"

needs_model = pytest.mark.skipif(embedder() is None, reason="embedding model packages not installed")


@needs_model
def test_paraphrases_are_closer_than_other_news() -> None:
    model = embedder()
    assert model is not None
    v = model.encode(["Iraqi troops entered Mosul on Tuesday.", "Iraqi forces pushed into the city of Mosul.",
                      "Apple shares rose after the quarterly results."])  # fmt: skip
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > 0.6 > v[0] @ v[2]
    # Batching and padding do not change a text's vector.
    alone = model.encode(["Apple shares rose after the quarterly results."])
    assert np.allclose(alone[0], v[2], atol=1e-4)


@needs_model
def test_vectors_are_cached_and_dropped_with_new_text(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    build([str(DEMO)], str(db), workers=1, progress=False)
    with Store(db) as store:
        n = store.rows("SELECT COUNT(*) AS n FROM vectors WHERE model = ?", (MODEL_ID,))[0]["n"]
        assert n >= 10  # one lead per report at least
        art = store.rows("SELECT id, text FROM articles WHERE duplicate_of IS NULL LIMIT 1")[0]
        key = (art["id"], -LEAD_CHARS, 0)  # a report's lead, keyed by its length
        cached = store.vectors([key], MODEL_ID)[key]
        again = cached_vectors(store, [(*key, "a different text that must not be embedded")])
        assert again is not None and np.array_equal(again[0], cached)  # served from the cache


@needs_model
def test_reports_of_another_story_open_a_new_story(tmp_path: Path) -> None:
    other = write_jsonl(
        tmp_path / "quake.jsonl",
        {"id": "q1", "published": "2010-01-13", "text": "A magnitude 7.0 earthquake struck Haiti near "
         "Port-au-Prince on Tuesday, collapsing buildings and killing thousands, the Red Cross said. "
         "Some 50,000 people were displaced, aid groups said."},
        {"id": "q2", "published": "2010-01-15", "text": "Rescue teams dug through the rubble of "
         "Port-au-Prince as aid flights landed in Haiti after the earthquake. About 300,000 people "
         "have been displaced, the United Nations said."},
    )  # fmt: skip
    db = tmp_path / "d.db"
    build([str(DEMO), str(other)], str(db), workers=1, progress=False)
    with Store(db) as store:
        rows = store.rows("SELECT id, story FROM articles WHERE duplicate_of IS NULL")
        quake = {r["story"] for r in rows if r["id"] in ("q1", "q2")}
        mosul = {r["story"] for r in rows if r["id"] not in ("q1", "q2")}
        assert len(quake) == 1 and len(mosul) == 1 and quake != mosul
        # One story's timeline holds only its own reports.
        (q,) = quake
        haiti = build_timeline(store, story=q)
        assert haiti and all(s["article"] in ("q1", "q2") for e in haiti for s in e["sources"])
        listed = {r["id"]: r for r in stories(store)}
        assert listed[q]["articles"] == 2
        assert '<h2 id="stories">' in render_report(store)  # the report lists them
        displaced = [x for x in figure_series(store) if x["key"] == "people displaced"]
        assert {x["story"] for x in displaced} == set(listed)  # one series per story
        haiti_series = next(x for x in displaced if x["story"] == q)
        assert {p["article"] for p in haiti_series["points"]} == {"q1", "q2"}
        assert f"people displaced <span class=\"muted\">(story {q})</span>" in render_report(store)
    runner = CliRunner()
    r = runner.invoke(main, ["timeline", "--db", str(db), "--story", "999"])
    assert r.exit_code == 1 and "E302" in r.output
    r = runner.invoke(main, ["timeline", "--db", str(db), "--max-dates", "2"])  # the stories mixed: said on stderr
    assert r.exit_code == 0 and "mixes 2 stories" in r.stderr and "mixes" not in r.stdout
    r = runner.invoke(main, ["timeline", "--db", str(db), "--story", str(q), "--format", "json"])
    assert r.exit_code == 0 and not r.stderr and json.loads(r.stdout)
    # One story's record: its reports, what was found in them, its series and timeline.
    r = runner.invoke(main, ["export", "--db", str(db), "--story", str(q)])
    one = json.loads(r.stdout)
    assert r.exit_code == 0 and one["meta"]["story"] == q and [s["id"] for s in one["stories"]] == [q]
    assert {a["id"] for a in one["articles"]} == {"q1", "q2"}
    assert one["places"] and {p["article"] for p in one["places"]} <= {"q1", "q2"}
    with Store(db) as again:
        assert one["timeline"] == build_timeline(again, story=q)
        # Each story's tables, read for that story alone, are the whole record's rows of it.
        whole = export_data(again)
        for sid in (q, *mosul):
            part, ids = export_data(again, sid), {a["id"] for a in whole["articles"] if a["story"] == sid}
            assert part["articles"] == [a for a in whole["articles"] if a["id"] in ids] and ids
            for table in ("timexes", "places", "figures"):
                assert part[table] == [r for r in whole[table] if r["article"] in ids]
            assert part["events"] == [e for e in whole["events"] if any(m["article"] in ids for m in e["mentions"])]
            assert part["figure_series"] == [x for x in whole["figure_series"] if x["story"] == sid]
            assert part["events"] and part["figure_series"]
    assert {x["story"] for x in one["figure_series"]} == {q}
    r = runner.invoke(main, ["export", "--db", str(db), "--story", "999", "--format", "csv"])
    assert r.exit_code == 1 and "E302" in r.stderr
    page = tmp_path / "haiti.html"
    r = runner.invoke(main, ["report", "--db", str(db), "--story", str(q), "--out", str(page)])
    html = page.read_text(encoding="utf-8")
    assert r.exit_code == 0 and f"story {q}" in html and "Port-au-Prince" in html and "Mosul" not in html
    from fastapi.testclient import TestClient

    from dateline.present.web import create_app

    client = TestClient(create_app(str(db)))
    assert f'href="/?story={q}"' in client.get("/").text  # the store's page links each story's
    assert client.get(f"/?story={q}").text.count("Mosul") == 0
    assert client.get("/?story=999").status_code == 404
    assert {a["id"] for a in client.get(f"/api/export?story={q}").json()["articles"]} == {"q1", "q2"}
    r = runner.invoke(main, ["stories", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0 and len(json.loads(r.output)) == 2
    r = runner.invoke(main, ["stories", "--db", str(db), "--min-reports", "3"])
    assert r.exit_code == 0 and f"\n{q:>5}" not in r.output and "(1 story of fewer than 3 reports not listed)" in r.output
    assert "Mosul" in r.output


class _Space:
    """A story space with given similarities (``sims[i][j]``), for the placing rule alone."""

    def __init__(self, sims: list[list[float]]) -> None:
        self.sims, self.join, self.mean_join = np.array(sims), 0.25, 0.1

    def similar_to_all(self, rows: list[int]) -> np.ndarray:
        return self.sims[rows]

    def centroid_similarities(self, groups: list[list[int]]) -> np.ndarray:
        return np.zeros((len(groups), len(groups)))


def test_one_close_report_does_not_chain_two_stories() -> None:

    # Reports 0-3 are one story. Report 4 is close to report 0 only (a shared byline, a
    # region's names) and unlike the rest: a story of its own. Report 5 is alike them all.
    sims = [[1, .6, .6, .6, .3, .5], [.6, 1, .6, .6, 0, .5], [.6, .6, 1, .6, 0, .5],
            [.6, .6, .6, 1, 0, .5], [.3, 0, 0, 0, 1, 0], [.5, .5, .5, .5, 0, 1]]  # fmt: skip
    story: list[int | None] = [1, 1, 1, 1, None, None]
    ids = iter(range(2, 10))
    place(_Space(sims), story, [4, 5], lambda: next(ids))  # type: ignore[arg-type]
    assert story[4] not in (1, None) and story[5] == 1


@needs_model
def test_reports_years_apart_are_two_stories() -> None:
    # Falluja was fought over in 2004 and again in 2016: alike in words, not one story.
    reports = [
        ("2004-11-08", "US Marines and Iraqi troops pushed into Falluja from the north on Monday, "
         "fighting insurgents street by street in the city west of Baghdad."),
        ("2004-11-13", "American and Iraqi forces said they held most of Falluja after five days "
         "of street fighting against insurgents west of Baghdad."),
        ("2016-06-17", "Iraqi troops pushed into the centre of Falluja, west of Baghdad, and raised "
         "the flag over the government compound after weeks of street fighting with insurgents."),
    ]  # fmt: skip
    texts = [t for _, t in reports]
    model = embedder()
    emb = model.encode([lead({"text": t, "title": None}) for t in texts]) if model else None

    def grouped(days: list[dt.date | None]) -> list[int]:
        story: list[int | None] = [None] * len(texts)
        counter = iter(range(1, 100))
        place(StorySpace(texts, emb, days=days), story, [0, 1, 2], lambda: next(counter))
        return [int(s) for s in story]  # type: ignore[arg-type]

    undated = grouped([None, None, None])
    assert undated[0] == undated[1] == undated[2]  # the words alone make them one story
    dated = grouped([dt.date.fromisoformat(d) for d, _ in reports])
    assert dated[0] == dated[1] != dated[2]


# Reports of two uprisings in one season, in the words of this project. The Libya reports
# never name Syria; the Syria reports name Libya now and then, as region-wide reporting does.
_LIBYA = [
    "Rebels in Benghazi said they had pushed Libyan government troops back along the coast road.",
    "Libya's leader vowed to fight on as NATO aircraft struck tanks outside Misrata.",
    "Libyan rebels held the oil port of Brega after a day of shelling, a spokesman said.",
    "Fighting in the Libyan town of Zawiyah left dozens dead, residents of Libya told reporters.",
    "NATO said its jets hit a command centre in Tripoli as Libya's rebels advanced from the east.",
    "Thousands of migrant workers fled Libya across the Tunisian border at Ras Jdir.",
]
_SYRIA = [
    "Syrian security forces fired on protesters in Deraa, Syria, rights groups said.",
    "Protests spread to the Syrian coast as Syrians marched in Latakia and Banias.",
    "Syria's president lifted the emergency law, but Syrian troops kept up arrests in Homs.",
    "Tanks entered the Syrian town of Deraa after weeks of protests, as in Libya before it.",
    "Syrian activists said a dozen people were killed in Hama as Syria's crackdown widened.",
    "Syrian refugees crossed into Turkey, and Syria's army shelled villages near the border.",
]
_REGION = "Uprisings across the Arab world, from Benghazi to Deraa, shook governments in Libya and Syria."


def test_a_story_of_two_countries_that_seldom_name_each_other_splits() -> None:
    """Reports chained into one story (here by a join of 0) split by the country they are about
    when one side's reports seldom name the other's country; the largest part keeps the id, and
    a report about both goes with the part it is most alike."""
    texts = [*_LIBYA, _REGION, *_SYRIA, "Libya's rebels took the airport in Misrata."]
    space = StorySpace(texts, None)
    story: list[int | None] = [None] * len(texts)
    ids = iter(range(1, 100))
    place(space, story, list(range(len(texts))), lambda: next(ids), join=0.0)
    libya = {story[i] for i in [*range(6), len(texts) - 1]}
    syria = {story[i] for i in range(7, 13)}
    assert len(libya) == 1 and len(syria) == 1 and libya != syria
    assert libya == {1}  # the larger part keeps the story's id
    assert story[6] in libya | syria


def test_a_story_whose_countries_name_each_other_stays_whole() -> None:
    """A war's reports mostly about Iraq and those mostly about America's part in it name each
    other's country: one story."""
    iraq = [f"Iraqi troops and Iraqi police cleared a district of Mosul, Iraq, on day {k}; "
            f"American advisers were with them." for k in range(6)]  # fmt: skip
    us = [f"American lawmakers in the United States debated the cost of the war in Iraq, "
          f"said US officials, Americans and the U.S. Senate, session {k}." for k in range(6)]  # fmt: skip
    texts = iraq + us
    story: list[int | None] = [None] * len(texts)
    ids = iter(range(1, 100))
    place(StorySpace(texts, None), story, list(range(len(texts))), lambda: next(ids), join=0.0)
    assert set(story) == {1}


def test_a_part_split_off_joins_its_countrys_older_story_never_the_one_it_left() -> None:
    """Story 3 was just split off story 1 (which it still resembles most); story 2 is the same
    country's story, split off by an earlier build: 3 folds into 2."""
    from dateline.assemble.stories import _fold

    class Space:
        def centroid_similarities(self, groups: list[list[int]]) -> np.ndarray:
            return np.array([[0, .3, .9], [.3, 0, .5], [.9, .5, 0]])  # fmt: skip

    story = [1, 1, 2, 2, 3, 3]
    _fold(Space(), story, {3}, 0.25, {3: {1}})  # type: ignore[arg-type]
    assert story == [1, 1, 2, 2, 2, 2]
    story = [1, 1, 2, 2, 3, 3]
    _fold(Space(), story, {3}, 0.25)  # type: ignore[arg-type]
    assert story == [1, 1, 2, 2, 1, 1]  # (without the rule it would go back to 1)


def test_the_store_keeps_each_checked_reports_countries(demo_store: Store) -> None:
    """Migration 9: the countries a report names are counted once, when its story is first
    checked for a split, and kept, so that later builds read them rather than the texts."""
    rows = demo_store.rows("SELECT countries FROM articles WHERE duplicate_of IS NULL")
    assert rows and all(r["countries"] for r in rows)
    assert all("IQ" in json.loads(r["countries"]) for r in rows)  # every demo report names Iraq
