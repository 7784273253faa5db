"""Dating undated reports: own dates, neighbours, and how they combine."""

from __future__ import annotations

import datetime as dt

from dateline.assemble.dating import SimilarityIndex, infer_one, neighbour_estimate
from dateline.eval.dating import _timex_rows as rows


def test_own_dates_only() -> None:
    text = "ISIS captured Mosul in June 2014. On Nov. 2, 2016, troops reached the city."
    inferred = infer_one(rows(text), None, [])
    assert inferred["best"] == "2016-11-02" and inferred["earliest"] == "2016-11-02"
    assert "own dates only" in inferred["note"]


def test_nothing_to_go_on_says_so() -> None:
    inferred = infer_one(rows("Troops entered the city on Thursday."), None, [])
    assert inferred["best"] is None and "no explicit dates" in inferred["note"]


def test_neighbours_date_a_report_and_resolve_yearless_days() -> None:
    neighbour = dt.date(2017, 7, 6)
    text = "The general said on July 4 that the enclave had been surrounded on Thursday."
    inferred = infer_one(rows(text), neighbour, [{"article": "a", "published": "2017-07-06"}])
    assert inferred["best"] == "2017-07-04"  # the year of "July 4" comes from the story's time
    background = "The city fell on June 10, 2014, and the siege drags on."
    inferred = infer_one(rows(background), neighbour, [{"article": "a", "published": "2017-07-06"}])
    assert inferred["best"] == "2017-07-06"  # an old date recalled for background is not the date
    assert inferred["earliest"] == "2014-06-10"


def test_nearest_reports_by_wording() -> None:
    texts = [
        "Coalition airstrikes hit an ISIS convoy crossing the al Khames bridge in Mosul.",
        "Airstrikes by the coalition struck an ISIS convoy on the al Khames bridge, Mosul.",
        "The oil spill in the Gulf of Mexico reached the Louisiana coast.",
        "BP said the oil spill in the Gulf had been capped.",
    ]
    index = SimilarityIndex(texts)
    dates = [None, dt.date(2016, 11, 3), dt.date(2010, 5, 1), dt.date(2010, 7, 15)]
    estimate, chosen = neighbour_estimate(index.similarities(0), dates, 0)
    assert estimate == dt.date(2016, 11, 3) and chosen[0][0] == 1


def test_series_conflicts_are_flagged_and_kept() -> None:
    from dateline.assemble.series import series_key

    assert series_key("ISIS members", None, None) == series_key("ISIS militants", None, None) == "ISIS fighters"
    assert series_key("civilians trapped", None, None) == "people trapped"
    assert series_key("people fleeing the violence", None, "day") == "people fleeing per day"
    assert series_key("square yards", "square yards", None) is None
    # Whose forces, when no known actor is named; the dead and the wounded are people.
    assert series_key("Gaddafi troops", None, None) == "Gaddafi troops"
    assert series_key("U.N. peacekeeping forces", None, None) == "U.N. troops"
    assert series_key("dead", None, None) == series_key("civilians died", None, None) == "people killed"
    assert series_key("500 policemen killed", None, None) == series_key("marines killed", None, None) == "troops killed"
    assert series_key("displaced people", None, None) == series_key("people displaced", None, None) == "people displaced"
    # Children, families and bodies are their own measures, and only in a state.
    assert series_key("children trapped", None, None) == "children trapped"
    assert series_key("bodies buried", None, None) == "bodies buried"
    assert series_key("bodies stacked", None, None) is series_key("families", None, None) is None
    # Not fighters, troops or people at all.
    for counted in ("council members", "armored personnel carriers", "dead birds", "a website for missing persons"):
        assert series_key(counted, None, None) is None, counted
    # A count of what some of a force did or underwent is an incident's, not the force's strength;
    # a class word that modifies another noun counts nothing ("police stations").
    for counted in ("former Pennsylvania police officers accused", "other officers acquitted", "soldiers convicted",
                    "armed police confronted", "police stations abandoned", "missing persons cases related",
                    "separate incidents involving British soldiers", "major successes preventing pro-government forces"):
        assert series_key(counted, None, None) is None, counted
    assert series_key("Egyptian police officers", None, None) == "Egyptian troops"
    assert series_key("riot police deployed", None, None) == series_key("troops moving", None, None) == "troops"
    assert series_key("US service personnel fatalities", None, None) == series_key("US marines die", None, None) \
        == "US troops killed"
    assert series_key("police officers hurt", None, None) == "troops wounded"
    assert series_key("Gadhafi fighters captured", None, None) == "Gadhafi fighters captured"
    assert series_key("soldiers deserted", None, None) == series_key("troops defected", None, None) == "troops defected"
    assert series_key("others displaced", None, None) == "people displaced"
    assert series_key("wounded survivors", None, None) == "people wounded"
    # What kills or is killed that is not people: the bombs, the foxes.
    for counted in ("car bombs killed", "mortar blasts injured", "foxes killed", "adult pigs killed"):
        assert series_key(counted, None, None) is None, counted
    # A class named after its state: the wounded fighters are fighters.
    assert series_key("wounded Iraqi insurgents", None, None) == "Iraqi fighters wounded"
    assert series_key("wounded fighters", None, None) == "fighters wounded"
    assert series_key("defecting Gadhafi army officers", None, None) == "Gadhafi troops defected"


def test_a_days_toll_is_held_against_the_same_days_not_the_weeks() -> None:
    from dateline.assemble.series import _comparable

    def fig(lo: str | None, hi: str | None, published: str) -> dict[str, str | None]:
        return {"as_of_earliest": lo, "as_of_latest": hi, "published": published}

    wednesday = fig("2011-04-20", "2011-04-20", "2011-04-21")
    assert _comparable(wednesday, fig("2011-04-20", "2011-04-20", "2011-04-20"))  # the same day's toll
    week = fig("2011-03-14", "2011-03-20", "2011-03-20")  # "109 killed over the past week"
    assert not _comparable(week, fig(None, "2011-03-16", "2011-03-16"))  # "11 killed" that day
    assert _comparable(week, fig("2011-03-14", "2011-03-20", "2011-03-21"))  # another count of the week


def test_duration_words_become_day_spans() -> None:
    from dateline.assemble.chains import duration_days

    assert duration_days("more than two weeks ago") == (14, 21)
    lo, hi = duration_days("nearly nine-month")  # type: ignore[misc]
    assert 255 < lo < hi < 275
    assert duration_days("about 100 days") == (99.5, 100.5)
    assert duration_days("recent days") is None


def test_a_dated_report_pins_the_campaign_start_for_an_undated_one() -> None:
    from dateline.assemble.chains import Report, constraints_of, solve

    dated = "Troops reached the river on Monday, 40 days after the offensive began, officers said."
    undated = "Residents fled as the 100-day siege dragged on. The offensive began in October."
    reports = [
        Report("a", dt.date(2021, 11, 25), constraints_of("a", dated, rows(dated, dt.date(2021, 11, 25)), [])),
        Report("b", None, constraints_of("b", undated, rows(undated, None), [])),
    ]
    out = solve(reports)["b"]
    # The start lies 40–48 days before 25 November 2021 (8–16 October), so "b" is 100–101 days later.
    assert out["bounded"] and "2022-01-16" <= out["earliest"] <= out["latest"] <= "2022-01-25"


def test_an_undated_report_is_anchored_on_a_dated_account_of_the_same_happening() -> None:
    from dateline.assemble.chains import day_mentions, event_anchor, happenings

    dated = ("Rebels shelled the port of Misrata on Tuesday, killing 12 people. "
             "A ceasefire was signed in Geneva on Friday.")  # fmt: skip
    undated = "Rebel artillery shelled the port of Misrata on Tuesday, killing at least 12 people, doctors said."
    found = happenings("a", dated, rows(dated, dt.date(2011, 4, 21)))  # a Thursday
    anchor = event_anchor(day_mentions(undated, rows(undated, None)), found)
    assert anchor is not None and anchor["evidence"]["value"] == "2011-04-19"
    assert (anchor["earliest"], anchor["latest"]) == (dt.date(2011, 4, 19), dt.date(2011, 4, 25))
    # The same words on another weekday are another happening.
    other = undated.replace("Tuesday", "Sunday")
    assert event_anchor(day_mentions(other, rows(other, None)), found) is None


def test_a_date_and_time_line_in_the_text_is_the_page_s_own_date() -> None:
    from dateline.assemble.dating import publication_stamp

    text = ("Rebels gather near Ras Lanuf March 7 , 2011 . WASHINGTON | Thu Mar 10 , 2011 5:49 pm EST "
            "WASHINGTON -LRB- Reuters -RRB- - Officials met on Wednesday.")  # fmt: skip
    stamp = publication_stamp(text, rows(text))
    assert stamp is not None and stamp["value"] == "2011-03-10"  # the caption's date is not the stamp
    inferred = infer_one(rows(text), dt.date(2011, 5, 1), [{"article": "a", "published": "2011-05-01"}], text)
    assert inferred["best"] == inferred["earliest"] == "2011-03-10" and "date line" in inferred["note"]
    plain = "Rebels said on March 7, 2011 that the town had fallen."
    assert publication_stamp(plain, rows(plain)) is None  # a date without a clock and zone is not a stamp
