"""The seed reports, end to end: concrete items an analyst reads off the text by hand.

Skipped with a message when ../shared/seeds is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dateline.build import build
from dateline.present import export
from dateline.store import Store

from .conftest import SEED_JUL, SEED_NOV, need_seeds

pytestmark = pytest.mark.seeds


def _by(items: list[dict[str, Any]], **kw: Any) -> list[dict[str, Any]]:
    return [i for i in items if all(i.get(k) == v for k, v in kw.items())]


def test_thursday_resolves_with_publication_date(seeds_dated: Store) -> None:
    tx = _by(export.timexes(seeds_dated), article="nov", text="Thursday")
    assert tx and tx[0]["value"] == "2016-11-03" and tx[0]["type"] == "DATE"
    jul = {t["text"]: t for t in export.timexes(seeds_dated) if t["article"] == "jul"}
    assert jul["next week"]["value"] == "2017-W28"
    assert jul["Tuesday"]["value"] == "2017-07-04"
    assert jul["January"]["value"] == "2017-01"  # "liberated in January": the past January
    assert jul["June 2014"]["value"] == "2014-06"
    assert jul["nearly nine-month"]["value"] == "P9M" and jul["nearly nine-month"]["mod"] == "APPROX"
    assert jul["each day"]["type"] == "SET" and jul["each day"]["value"] == "P1D"
    nov = {t["text"]: t for t in export.timexes(seeds_dated) if t["article"] == "nov"}
    assert nov["more than two years"]["value"] == "P2Y" and nov["more than two years"]["mod"] == "MORE_THAN"
    assert not any("9th" in t["text"] for t in export.timexes(seeds_dated))


def test_places_have_coordinates(seeds_dated: Store) -> None:
    places = export.places(seeds_dated)
    mosul = _by(places, name="Mosul")
    assert len(mosul) >= 10
    assert all(abs(p["lat"] - 36.34) < 0.2 and abs(p["lon"] - 43.13) < 0.2 for p in mosul)
    assert mosul[0]["country"] == "IQ" and mosul[0]["kind"] == "city"
    names = {p["name"] for p in places}
    assert {"al Intisar", "al Khames bridge", "Old City", "Tigris", "Raqqa" if "Raqqa" in names else "Ar Raqqah"} <= names
    old_city = _by(places, name="Old City")[0]
    assert old_city["kind"] == "neighbourhood" and abs(old_city["lat"] - 36.34) < 0.05


def test_figures_with_ranges_rates_and_attribution(seeds_dated: Store) -> None:
    figs = export.figures(seeds_dated)
    flee = [f for f in figs if f["low"] == 2000 and f["high"] == 3500]
    assert len(flee) == 1
    f = flee[0]
    assert f["value"] is None and f["per"] == "day"
    assert f["counted"] == "people fleeing the violence"
    assert f["attributed_to"]["speaker"] == "United Nations"
    three_hundred = next(f for f in figs if f["value"] == 300)
    assert three_hundred["approx"] and three_hundred["counted"] == "ISIS militants"
    assert three_hundred["as_of"] == {"earliest": "2017-07-06", "latest": "2017-07-06"}
    five_k = next(f for f in figs if f["value"] == 5000)
    assert five_k["approx"] and five_k["counted"] == "ISIS members"
    area = next(f for f in figs if f["unit"] == "square yards")
    assert area["high"] == 600 and area["low"] is None and area["qualifier"] == "less_than"
    trapped = next(f for f in figs if f["high"] == 20000)
    assert trapped["qualifier"] == "up_to" and trapped["counted"] == "civilians trapped"
    displaced = next(f for f in figs if f["value"] == 87000)
    assert displaced["counted"] == "people displaced"
    assert displaced["as_of"]["latest"] == "2017-07-06"  # "has displaced": up to the report, not October
    assert five_k["attributed_to"] is None  # "Addressing the estimated 5,000…, al-Baghdadi said": not his claim
    assert next(f for f in figs if f["value"] == 100000)["counted"] == "forces in an Iraqi-led coalition"
    # Not figures: the ordinal in a unit's name, a multiplier, years.
    texts = " | ".join(f["text"] for f in figs)
    assert "9th" not in texts and "thousand times" not in texts and "2014" not in texts


def test_events_who_did_what_where_when(seeds_dated: Store) -> None:
    events = export.events(seeds_dated)
    hit = next(e for e in events if e["trigger"] == "hit")
    assert hit["acled_sub_event_type"] == "Air/drone strike"
    assert hit["actors"] == ["US-led coalition"] and "ISIS" in hit["targets"]
    assert hit["place"]["name"] == "al Khames bridge"
    assert hit["attributed_to"] == {"speaker": "witnesses inside Mosul", "outlet": "CNN"}
    entered = next(e for e in events if e["trigger"] == "entered" and e["mentions"][0]["article"] == "nov")
    assert entered["actors"] == ["Iraqi forces"] and entered["targets"] == ["Mosul"]
    assert entered["date"]["latest"] == "2016-11-03" and entered["modality"] == "asserted"
    stormed = next(e for e in events if e["trigger"] == "stormed")
    assert stormed["place"]["name"] == "al Intisar"
    assert stormed["attributed_to"] == {"speaker": "Tahsin Ibrahim", "outlet": "CNN"}
    captured = next(e for e in events if e["trigger"] == "captured")
    assert captured["actors"] == ["ISIS"]
    assert captured["acled_sub_event_type"] == "Non-state actor overtakes territory"
    assert captured["date"]["value"] == "2014-06"
    liberated = next(e for e in events if e["trigger"] == "liberated")
    assert liberated["date"]["value"] == "2017-01"
    # "cut off the main access road used by ISIS to flee to Syria through western Iraq": Syria is
    # where the fleeing heads, not where the road was cut.
    cut = next(e for e in events if e["trigger"] == "cut")
    assert cut["place"]["name"] == "Iraq", cut["place"]


def test_predictions_and_hypotheses_are_not_facts(seeds_dated: Store) -> None:
    events = export.events(seeds_dated)
    eradicated = next(e for e in events if e["trigger"] == "eradicated")
    assert eradicated["modality"] == "future"
    # "by next week": from the report's day (Thursday 6 July) to the end of next week, not next week
    d = eradicated["date"]
    assert (d["earliest"], d["latest"], d["value"]) == ("2017-07-06", "2017-07-16", None), d
    assert "ISIS" in eradicated["targets"]
    fall = [e for e in events if e["trigger"] == "fall" and "would" in _sentence(seeds_dated, e)]
    assert fall and fall[0]["modality"] == "hypothetical"
    fighting = next(e for e in events if e["trigger"] == "fighting" and e["mentions"][0]["article"] == "nov")
    assert fighting["modality"] == "future"  # "will likely trigger the fiercest fighting"
    # "It's not like as soon as Mosul falls we're downing tools": a condition, not a fall.
    falls = next(e for e in events if e["trigger"] == "falls")
    assert falls["modality"] == "future"
    # Goals are not outcomes: "an operation to free the key city", "the offensive to retake".
    free = next(e for e in events if e["trigger"] == "free")
    assert free["modality"] == "planned"
    retake = [e for e in events if e["trigger"] == "retake"]
    assert retake and all(e["modality"] == "planned" for e in retake)
    # ...but "have struggled to push through ISIS snipers, IEDs, suicide attacks" did happen.
    ieds = next(e for e in events if e["trigger"] == "IEDs")
    assert ieds["modality"] == "asserted"
    timeline_events = {eid for entry in export.build_timeline(seeds_dated) for eid in entry["events"]}
    for e in (eradicated, fighting, falls, free, *retake):
        assert e["id"] not in timeline_events, e["trigger"]


def _sentence(store: Store, event: dict[str, Any]) -> str:
    m = event["mentions"][0]
    text = store.article(m["article"])["text"]  # type: ignore[index]
    return text[m["sentence"][0] : m["sentence"][1]]


def test_every_offset_slices_the_original_text(seeds_dated: Store, seeds_undated: Store) -> None:
    for store in (seeds_dated, seeds_undated):
        data = export.export_data(store)
        texts = {a["id"]: store.article(a["id"])["text"] for a in data["articles"]}  # type: ignore[index]
        assert len(texts) == 2
        for table in ("timexes", "places", "figures"):
            assert data[table], table
            for item in data[table]:
                assert texts[item["article"]][item["start"] : item["end"]] == item["text"]
        assert data["events"]
        for ev in data["events"]:
            for m in ev["mentions"]:
                assert texts[m["article"]][m["start"] : m["end"]] == m["details"]["trigger"]


def test_undated_seeds_are_placed_by_a_chain_of_reasoning(seeds_undated: Store) -> None:
    """Both seeds undated, nothing else: "for the first time in more than two years" after the
    June 2014 capture (told by the July report), the offensive "launched more than two weeks
    ago", which "began in October" and has run "nearly nine months": November 2016 and July 2017."""
    arts = export.articles(seeds_undated)
    assert len(arts) == 2 and all(a["published"] is None for a in arts)
    by_name = {a["path"].rsplit("/", 1)[-1]: a for a in arts}
    nov = by_name[SEED_NOV]["published_inferred"]
    assert "2016-10-15" <= nov["earliest"] <= nov["best"] <= nov["latest"] <= "2016-11-30"
    texts = {e.get("text") for e in nov["evidence"]}
    assert {"more than two years", "more than two weeks ago", "October", "nearly nine-month"} <= texts
    jul = by_name[SEED_JUL]["published_inferred"]
    assert "2017-06-01" <= jul["earliest"] <= jul["best"] <= jul["latest"] <= "2017-08-15"
    assert any(e.get("text") == "June 2014" for e in jul["evidence"])
    # Their relative dates rest on inferred days: the timeline states only the date they give
    # outright (June 2014); what they tell relative to their own day goes under the month of
    # the inferred date, marked approximate, with the inferred date's uncertainty.
    tl = export.build_timeline(seeds_undated)
    # (the offensive, "launched more than two weeks ago", began in October)
    assert [(e["date"], e["approximate"]) for e in tl] == [
        ("2014-06", False), ("2016-10", True), ("2016-11", True), ("2017-01", True), ("2017-07", True)]
    assert "the offensive, launched more than two weeks ago" in tl[1]["summary"]
    assert "have entered ISIS-held Mosul" in tl[2]["summary"] and "final enclave" in tl[4]["summary"]
    assert tl[2]["earliest"] <= nov["earliest"] and tl[2]["latest"] == nov["latest"]
    assert tl[4]["earliest"] <= jul["earliest"] and tl[4]["latest"] >= jul["latest"]


def test_one_undated_seed_alone_gets_its_season_and_a_plain_reason(tmp_path: Path) -> None:
    src = need_seeds() / SEED_JUL
    (tmp_path / SEED_JUL).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "jul.db"
    build([str(tmp_path / SEED_JUL)], str(db), workers=1, progress=False)
    with Store(db) as store:
        jul = export.articles(store)[0]["published_inferred"]
    assert jul["best"] is None and jul["latest"] is None and jul["earliest"] >= "2015-06-01"
    assert "June" in jul["note"] and "August" in jul["note"] and "year cannot be fixed" in jul["note"]


def test_demonyms_are_country_signals_not_event_places(seeds_dated: Store) -> None:
    iraqi = [p for p in export.places(seeds_dated) if p["text"] == "Iraqi"]
    assert iraqi and all(p["kind"] == "demonym" and p["country"] == "IQ" for p in iraqi)
    # "Iraqi commanders told the AP … suicide attacks": the sentence names no place.
    attacks = [e for e in export.events(seeds_dated) if e["trigger"] == "suicide attacks"
               and e["mentions"][0]["article"] == "jul"]  # fmt: skip
    assert attacks and attacks[0]["place"] is None


def test_figure_series_across_reports(seeds_dated: Store) -> None:
    series = {s["key"]: s for s in export.export_data(seeds_dated)["figure_series"]}
    fighters = series["ISIS fighters"]
    assert [(p["value"], p["as_of"]["latest"]) for p in fighters["points"]] == [(5000, "2016-11-03"), (300, "2017-07-06")]
    assert fighters["conflicts"] == []
