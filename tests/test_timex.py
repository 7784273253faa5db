"""The time tagger on hand-made sentences (no model needed: tense given explicitly)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dateline.analyse.timecal import value_interval
from dateline.analyse.timex import tag

DCT = dt.date(2016, 11, 3)  # a Thursday


def one(text: str, dct: dt.date | None = DCT, tense: str = "") -> tuple[str, str, str | None, str]:
    found = tag(text, dct, (lambda s, e: tense) if tense else None)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    t = found[0]
    assert text[t.start : t.end] == t.text
    return t.text, t.value, t.mod, t.type


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Forces broke through on Thursday.", "past", ("Thursday", "2016-11-03", None, "DATE")),
        ("Last Friday the bridge fell.", "past", ("Last Friday", "2016-10-28", None, "DATE")),
        ("Shelling resumed late yesterday.", "past", ("late yesterday", "2016-11-02", "END", "DATE")),
        ("The convoy left early Tuesday.", "past", ("early Tuesday", "2016-11-01", "START", "DATE")),
        ("The deadline passed at noon Saturday.", "past", ("noon Saturday", "2016-10-29T12:00", None, "TIME")),
        ("The dam was seized in June last year.", "past", ("June last year", "2015-06", None, "DATE")),
        ("Aid arrived before Christmas.", "past", ("Christmas", "2015-12-25", None, "DATE")),
        ("They were held on Christmas Island until Monday.", "past", ("Monday", "2016-10-31", None, "DATE")),
        ("Talks resume after Thanksgiving.", "future", ("Thanksgiving", "2016-11-24", None, "DATE")),
        ("The camp opened in mid-2014.", "past", ("mid-2014", "2014", "MID", "DATE")),
        ("Militias first formed in the early nineties.", "past", ("the early nineties", "199", "START", "DATE")),
        ("No cease-fire is likely in the near future.", "present", ("the near future", "FUTURE_REF", None, "DATE")),
        ("The convoy was hit at midday.", "past", ("midday", "2016-11-03T12:00", None, "TIME")),
        ("Shelling resumed by mid-afternoon.", "past", ("mid-afternoon", "2016-11-03TAF", "MID", "TIME")),
        ("It was built in nineteen ninety-six.", "past", ("nineteen ninety-six", "1996", None, "DATE")),
        ("They fled a week or so ago.", "past", ("a week or so ago", "2016-W43", None, "DATE")),
        ("They have been there since Monday.", "past", ("Monday", "2016-10-31", None, "DATE")),
        ("Talks resume on Monday.", "future", ("Monday", "2016-11-07", None, "DATE")),
        ("ISIS captured the city in June 2014.", "past", ("June 2014", "2014-06", None, "DATE")),
        ("The east was liberated in January.", "past", ("January", "2016-01", None, "DATE")),
        ("Elections are due in January.", "future", ("January", "2017-01", None, "DATE")),
        ("It will be over by next week.", "future", ("next week", "2016-W45", None, "DATE")),
        ("Officials spoke earlier this week.", "past", ("earlier this week", "2016-W44", "START", "DATE")),
        ("It began more than two weeks ago.", "past", ("more than two weeks ago", "2016-W42", "MORE_THAN", "DATE")),
        ("the first time in more than two years", "", ("more than two years", "P2Y", "MORE_THAN", "DURATION")),
        ("the nearly nine-month battle", "", ("nearly nine-month", "P9M", "APPROX", "DURATION")),
        ("3,500 people flee each day", "", ("each day", "P1D", None, "SET")),
        ("Profits fell in the first quarter of 2017.", "past", ("the first quarter of 2017", "2017-Q1", None, "DATE")),
        ("the war since the 1990s", "", ("the 1990s", "199", None, "DATE")),
        ("The budget for fiscal 2017 was cut.", "past", ("fiscal 2017", "FY2017", None, "DATE")),
        ("The blast came at 10:30 a.m.", "past", ("10:30 a.m.", "2016-11-03T10:30", None, "TIME")),
        ("The report was dated Nov. 1, 2016.", "past", ("Nov. 1, 2016", "2016-11-01", None, "DATE")),
        ("TRIPOLI | Mon Mar 7 , 2011 (Reuters)", "", ("Mon Mar 7 , 2011", "2011-03-07", None, "DATE")),
        ("The vote is on Tue., Nov. 8.", "future", ("Tue., Nov. 8", "2016-11-08", None, "DATE")),
        ("It happened on 2016-10-17.", "past", ("2016-10-17", "2016-10-17", None, "DATE")),
        ("They met yesterday.", "past", ("yesterday", "2016-11-02", None, "DATE")),
        ("Fighting raged in recent days.", "past", ("recent days", "PXD", None, "DURATION")),
        ("Protests erupted in the spring.", "past", ("the spring", "2016-SP", None, "DATE")),
        ("Talks may follow in the coming weeks.", "future", ("the coming weeks", "PXW", None, "DURATION")),
        ("Prices rose over the past three months.", "past", ("the past three months", "P3M", None, "DURATION")),
        ("Sales in this year's third quarter rose.", "past", ("this year's third quarter", "2016-Q3", None, "DATE")),
        ("Next year's first quarter will be weak.", "future", ("Next year's first quarter", "2017-Q1", None, "DATE")),
        ("It lost money in the year-ago third quarter.", "past", ("the year-ago third quarter", "2015-Q3", None, "DATE")),
        ("Last year's quarter was worse.", "past", ("Last year's quarter", "2015-Q3", None, "DATE")),
        ("Sales rose in the fiscal first quarter.", "past", ("the fiscal first quarter", "2016-Q1", None, "DATE")),
        ("Budgets for FY'99 were cut.", "past", ("FY'99", "FY1999", None, "DATE")),
        ("The market closes on Mondays.", "", ("Mondays", "XXXX-WXX-1", None, "SET")),
        ("The show airs Tuesday nights.", "", ("Tuesday nights", "XXXX-WXX-2TNI", None, "SET")),
        ("The council meets every Monday morning.", "", ("every Monday morning", "XXXX-WXX-1TMO", None, "SET")),
        ("The decree is dated 21.03.2011.", "past", ("21.03.2011", "2011-03-21", None, "DATE")),
        ("Sales fell in H1 2016.", "past", ("H1 2016", "2016-H1", None, "DATE")),
        ("Clashes resumed this past weekend.", "past", ("this past weekend", "2016-W43-WE", None, "DATE")),
        ("They were given until mid-December to leave.", "past", ("mid-December", "2016-12", "MID", "DATE")),
        ("The truce lasted until mid-May.", "past", ("mid-May", "2016-05", "MID", "DATE")),
        ("The convoy was set to arrive on Thursday.", "future", ("Thursday", "2016-11-03", None, "DATE")),
        ("In a Wednesday briefing, officials spoke.", "past", ("Wednesday", "2016-11-02", None, "DATE")),
        ("Casualties rose over the past decade.", "past", ("the past decade", "P10Y", None, "DURATION")),
        ("As of September, the camp holds 5,000.", "future", ("September", "2016-09", None, "DATE")),
        ("The take-off, at 08:30 UTC, was normal.", "past", ("08:30 UTC", "2016-11-03T08:30Z", None, "TIME")),
        ("It landed at 6:40 p.m. (GMT +8).", "past", ("6:40 p.m. (GMT +8)", "2016-11-03T18:40+08", None, "TIME")),
        ("The strike began at 4 a.m. EDT Tuesday.", "past", ("4 a.m. EDT Tuesday", "2016-11-01T04:00", None, "TIME")),
        ("The page was updated at 17.02 BST.", "past", ("17.02 BST", "2016-11-03T17:02", None, "TIME")),
        ("The blast came at 9.30pm.", "past", ("9.30pm", "2016-11-03T21:30", None, "TIME")),
        ("He was seen in the days before the attack.", "past", ("days", "PXD", None, "DURATION")),
        ("For weeks the town waited.", "past", ("weeks", "PXW", None, "DURATION")),
        ("They will stay for two more weeks.", "future", ("two more weeks", "P2W", None, "DURATION")),
        ("Over the years the camp grew.", "past", ("the years", "PXY", None, "DURATION")),
        ("Earnings fell for the fiscal year.", "past", ("the fiscal year", "2016", None, "DATE")),
        ("Talks stalled early this week.", "past", ("early this week", "2016-W44", "START", "DATE")),
        ("Output fell in the last half of 1989.", "past", ("the last half of 1989", "1989-H2", None, "DATE")),
    ],
)
def test_recognises_and_normalises(text: str, tense: str, expected: tuple[str, str, str | None, str]) -> None:
    assert one(text, tense=tense) == expected


@pytest.mark.parametrize(
    "text",
    [
        "units of the 9th Armored Division entered the city",
        "the commander, a man in his late forties, was wounded",
        "an area spanning less than 600 square yards",
        "a Boeing 737 landed",
        "Roughly 300 ISIS militants remain",
        "the May Day parade was cancelled",
        "A second convoy reached the camp",
        "He won a second term",
        "Kenya hoped to end a years-old slump",
        "unemployment near its quarter-century low",
        "He told the Daily Telegraph and the Israeli daily Haaretz on the record",
        "Fires spread through the French Quarter",
        "the story ran in the Sunday Times and the Mail on Sunday",
        "Thousands spent a second night sleeping in the open",
        "accounting for about a quarter of the output",
        "shares lost about a quarter , or $50 billion",
        "a quarter-point cut",
        "Resolution 1973 = U. N. mandate for bombing",
        "the Security Council passed resolution 1973",
        "the shelling had killed between 1000 and 2000",
        "between 500 and 2,000 people fled",
        "2000 and 3000 fighters remain",
        "the change did not happen overnight",
    ],
)
def test_no_false_hits(text: str) -> None:
    found = tag(text, DCT)
    # "9th" inside a unit name is excluded by the stage through entity spans; here no
    # pattern may fire on any of these texts at all.
    assert [t.text for t in found] == []


def test_without_dct_values_are_underspecified_and_have_no_interval() -> None:
    t = tag("The offensive began in October.", None, lambda s, e: "past")[0]
    assert t.value == "XXXX-10" and t.earliest is None and t.latest is None


def test_intervals_at_granularity() -> None:
    assert value_interval("2016-W44") == (dt.date(2016, 10, 31), dt.date(2016, 11, 6))
    assert value_interval("2017-Q1") == (dt.date(2017, 1, 1), dt.date(2017, 3, 31))
    assert value_interval("2016-WI") == (dt.date(2016, 12, 1), dt.date(2017, 2, 28))
    assert value_interval("199") == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))
    assert value_interval("PRESENT_REF") is None
    t = tag("earlier this week", DCT)[0]
    assert (t.earliest, t.latest) == (dt.date(2016, 10, 31), dt.date(2016, 11, 2))


def test_earlier_and_later_this_month_run_up_to_and_on_from_the_report() -> None:
    """Told on 26 January, "earlier this month" is any day before it (an earthquake on the
    12th), not the month's first third; "later this year" any day after it."""
    dct = dt.date(2010, 1, 26)
    earlier, later = tag("The quake struck earlier this month; elections are due later this year.", dct)
    assert (earlier.value, earlier.mod) == ("2010-01", "START")
    assert (earlier.earliest, earlier.latest) == (dt.date(2010, 1, 1), dt.date(2010, 1, 25))
    assert (later.earliest, later.latest) == (dt.date(2010, 1, 27), dt.date(2010, 12, 31))
    early = tag("The talks began in early January.", dt.date(2010, 3, 1))[0]
    assert (early.earliest, early.latest) == (dt.date(2010, 1, 1), dt.date(2010, 1, 11))  # the first third


def test_a_live_pages_clock_time_is_no_year() -> None:
    """A live page's entries open with a four-figure clock time ("2032 Gen Douglas Fraser says
    ..."): read in a 2010 report, not the year 2032; a year after a preposition still is."""
    text = "Officials said 50,000 had died . 2032 Gen Douglas Fraser says flights land . '' 2024 The BBC reports ."
    assert tag(text, dt.date(2010, 1, 15)) == []
    assert tag("50,000 had died and 250,000 injured 2032 Gen Douglas Fraser says", dt.date(2010, 1, 15)) == []
    assert [t.value for t in tag("analysts saw 2012 Brent prices above $ 100", dt.date(2011, 6, 1))] == ["2012"]
    assert [t.value for t in tag("Elections are due by 2012 . Aid will run to 2015 .", dt.date(2010, 1, 15))] == [
        "2012", "2015"]
    assert [t.value for t in tag("Officials said so . 1931 Omar Mukhtar was hanged .", dt.date(2010, 1, 15))] == [
        "1931"]  # (a past year opening a chronology's line)


def test_a_span_of_years_is_two_years_and_no_count() -> None:
    """ "Kenya's 2007-2008 election" names two years (and no figure of 2,007 to 2,008); a dash
    between years that run backwards, or a span followed by what it counts, is no date."""
    from dateline.analyse import Pipeline
    from dateline.doc import Document

    dct = dt.date(2011, 5, 31)
    text = "violence after Kenya 's 2007-2008 election , in which some 1,200 people were killed ."
    assert [(t.text, t.value) for t in tag(text, dct)] == [("2007", "2007"), ("2008", "2008")]
    assert [t.value for t in tag("during the 1998-99 season", dct)] == ["1998"]
    assert tag("the 2008-2007 label", dct) == [] and tag("between 1990-2000 people died", dct) == []
    doc = Pipeline(("nlp", "timex", "places", "figures"))(Document("t", text, published=dct))
    assert [f.text for f in doc.layers["figures"]] == ["some 1,200"]


def test_unspecified_spans_look_back_or_ahead() -> None:
    recent, coming = tag("In recent days the army advanced; in the coming weeks it will attack.", DCT)
    assert (recent.earliest, recent.latest) == (DCT - dt.timedelta(days=3), DCT)
    assert coming.earliest == DCT and coming.latest is not None and coming.latest > DCT


def test_anchored_ranges_date_events_over_both_ends() -> None:
    from dateline.analyse import Pipeline
    from dateline.doc import Document

    text = "Heavy fighting raged in Mosul between March and May, officials said. After the fall of Mosul, talks began."
    doc = Pipeline()(Document("t", text, published=DCT))
    fighting = next(e for e in doc.layers["events"] if text[e.start : e.end] == "fighting")
    assert fighting.attrs["date"]["value"] == "2016-03/2016-05"
    assert (fighting.attrs["date"]["earliest"], fighting.attrs["date"]["latest"]) == ("2016-03-01", "2016-05-31")
    assert not any("fall" in text[t.start : t.end] for t in doc.layers["timexes"])  # the fall of a city


def test_a_clock_time_takes_the_day_its_sentence_names() -> None:
    found = tag("The blast came at about 10:35 a.m. (0735 GMT) Tuesday, and a second one at 11 a.m. "
                "Rescuers arrived at 2 p.m.", DCT, lambda s, e: "past")  # fmt: skip
    assert [(t.text, t.value) for t in found] == [
        ("10:35 a.m.", "2016-11-01T10:35"), ("Tuesday", "2016-11-01"), ("11 a.m.", "2016-11-01T11:00"),
        ("2 p.m.", "2016-11-03T14:00"),  # the next sentence names no day: the report's own
    ]


def test_that_year_and_the_next_morning_count_from_the_last_date_named() -> None:
    found = tag("The plant opened in 1995. The following year it closed. He was arrested on Feb. 22, 2000. "
                "The next morning he was freed; earlier that day, police spoke. The day before, troops left. "
                "That week was quiet.", DCT, lambda s, e: "past")  # fmt: skip
    assert [(t.text, t.value) for t in found] == [
        ("1995", "1995"), ("The following year", "1996"), ("Feb. 22, 2000", "2000-02-22"),
        ("The next morning", "2000-02-23"), ("earlier that day", "2000-02-23"), ("That week", "2000-W08"),
    ]
    assert [(t.text, t.value) for t in tag("That year, nothing happened.", DCT)] == [("That year", "2016")]


def test_a_chronology_entry_is_in_the_past_whatever_its_present_tense() -> None:
    """A factbox's "Feb. 15 - X sets off a riot" is history; "Dec. 1 - talks will resume" is not."""
    text = ("Here are the main events of the uprising.\nFeb. 15 - The arrest of a lawyer sets off a riot in Benghazi.\n"
            "Dec. 1 - Talks on a new constitution will resume in Tripoli.\nOn Sept. 20 the council meets again.")  # fmt: skip
    dct = dt.date(2011, 10, 21)
    found = tag(text, dct, lambda s, e: "future")  # as the parse reads the news present "sets off"
    assert [(t.text, t.value) for t in found] == [
        ("Feb. 15", "2011-02-15"), ("Dec. 1", "2011-12-01"), ("Sept. 20", "2012-09-20")
    ]


def test_fractions_of_a_unit_are_written_in_the_next_smaller_one() -> None:
    """As TimeBank writes them: "2 1/2 years" is P2Y6M, "a minute and a half" PT1M30S."""
    text = "after 5 1/2 hours of talks, 2 1/2 years of war, a minute and a half, half a day, one and a half weeks"
    assert [(t.text, t.value) for t in tag(text, DCT)] == [
        ("5 1/2 hours", "PT5H30M"), ("2 1/2 years", "P2Y6M"), ("a minute and a half", "PT1M30S"),
        ("half a day", "PT12H"), ("one and a half weeks", "P1.5W"),
    ]  # fmt: skip
    assert [(t.text, t.value) for t in tag("It opened a year and a half ago.", DCT)] == [
        ("a year and a half ago", "2015-05")  # 18 months before the DCT, 2016-11-03
    ]


def test_centuries_and_their_fractions() -> None:
    """"a century ago" is the 1900s (not a day), "half a century ago" the 1960s, "a quarter of
    a century" 25 years."""
    text = ("A century ago the empire fell; half a century ago the war began. It lasted a decade and a half, "
            "and the rule of more than a quarter of a century ended a quarter-century ago.")  # fmt: skip
    dct = dt.date(2011, 6, 1)
    assert [(t.text, t.value, t.mod) for t in tag(text, dct)] == [
        ("A century ago", "19", None), ("half a century ago", "196", None), ("a decade and a half", "P15Y", None),
        ("more than a quarter of a century", "P25Y", "MORE_THAN"), ("a quarter-century ago", "1986", None),
    ]  # fmt: skip


def test_a_weekday_with_a_day_and_month_picks_the_year_it_falls_in() -> None:
    """"Thursday 17 June" said in January 2010 is June 2010 (a Thursday), not June 2009."""
    found = tag("He testifies on Thursday 17 June, at 9am.", dt.date(2010, 1, 22))
    assert [(t.text, t.value) for t in found] == [("Thursday 17 June", "2010-06-17"), ("9am", "2010-06-17T09:00")]


def test_last_as_a_verb_is_not_part_of_the_duration() -> None:
    found = tag("The trial could last two weeks, as in the last two weeks.", DCT)
    assert [t.text for t in found] == ["two weeks", "the last two weeks"]


def test_september_11_is_2001_when_it_names_the_attacks() -> None:
    found = tag("Since 9/11 and the attacks of September 11, he left on September 11 each year.", dt.date(2005, 8, 4))
    assert [(t.text, t.value) for t in found][:3] == [
        ("9/11", "2001-09-11"), ("September 11", "2001-09-11"), ("September 11", "2005-09-11")
    ]


def test_a_span_of_days_is_one_date_with_an_interval() -> None:
    """"Feb 15-16, 2011" is one expression (valued at its first day, TIMEX3 having one value) whose
    interval runs to the last; "March 3 - 4 people" and "May 5 and 9" are not spans."""
    text = ("Talks on March 19-20, 2003 failed . Feb 15 \\/ 16 , 2011 - A riot breaks out . "
            "Clashes on 15-16 February left dozens dead . On March 3 - 4 people were killed . "
            "Votes on May 5 and 9 were held .")  # fmt: skip
    found = [(t.text, t.value, str(t.earliest), str(t.latest)) for t in tag(text, dt.date(2011, 8, 25))]
    assert found == [
        ("March 19-20, 2003", "2003-03-19", "2003-03-19", "2003-03-20"),
        ("Feb 15 \\/ 16 , 2011", "2011-02-15", "2011-02-15", "2011-02-16"),
        ("15-16 February", "2011-02-15", "2011-02-15", "2011-02-16"),
        ("March 3", "2011-03-03", "2011-03-03", "2011-03-03"),
        ("May 5", "2011-05-05", "2011-05-05", "2011-05-05"),
    ]


def test_overnight_is_the_night_before_the_report_unless_a_figure_of_speech() -> None:
    dct = dt.date(2016, 11, 7)
    past = [(t.text, t.type, t.value, str(t.earliest), str(t.latest))
            for t in tag("US planes struck the sites overnight. Overnight shelling killed 12.", dct, lambda s, e: "past")]  # fmt: skip
    assert past == [("overnight", "TIME", "2016-11-06TNI", "2016-11-06", "2016-11-07"),
                    ("Overnight", "TIME", "2016-11-06TNI", "2016-11-06", "2016-11-07")]  # fmt: skip
    assert [t.value for t in tag("Troops will move in overnight.", dct, lambda s, e: "future")] == ["2016-11-07TNI"]
    assert tag("Peace will not happen overnight. He became an overnight success.", dct) == []


def test_a_slash_escaped_by_a_json_export_is_a_slash() -> None:
    text = r"CNN Student News - 1\/26\/11 ; after 9\/11 ; open 24\/7 ; 3\/4 of the city"
    assert [(t.text, t.value) for t in tag(text, dt.date(2011, 1, 26))] == [
        (r"1\/26\/11", "2011-01-26"), (r"9\/11", "2001-09-11")
    ]


def test_wire_and_military_clock_times() -> None:
    text = ("The convoy left at 0735 GMT, the show airs at 0910 local time (1410 GMT), the curfew starts "
            "by 1800 hours, and the order came at 9:16:49 and at 2 o'clock.")  # fmt: skip
    assert [(t.text, t.value) for t in tag(text, DCT)] == [
        ("0735 GMT", "2016-11-03T07:35Z"), ("0910", "2016-11-03T09:10"), ("1800 hours", "2016-11-03T18:00"),
        ("9:16:49", "2016-11-03T09:16:49"), ("2 o'clock", "2016-11-03T02:00"),
    ]  # fmt: skip


def test_september_11_far_from_the_report_is_the_day_of_the_attacks() -> None:
    assert one("The world changed after September 11.", dt.date(2005, 3, 5), "past")[1] == "2001-09-11"
    assert one("Talks resume on September 11.", dt.date(2005, 9, 1), "future")[1] == "2005-09-11"


def test_a_date_without_its_year_takes_the_year_told_after_it() -> None:
    found = tag("Both attempts came at Christmas in 2003, and another at Easter in 1998.", DCT, lambda s, e: "past")
    assert [(t.text, t.value) for t in found] == [
        ("Christmas", "2003-12-25"), ("2003", "2003"), ("Easter", "1998-04-12"), ("1998", "1998"),
    ]
    assert tag("Christmas in 2003", DCT)[0].earliest == dt.date(2003, 12, 25)


def test_a_day_named_again_without_its_year_is_the_same_day() -> None:
    found = tag("The advice was given on March 7 2003. On March 7, the day it was written, the inspectors "
                "reported; on March 9 they left.", DCT, lambda s, e: "past")  # fmt: skip
    assert [(t.text, t.value) for t in found] == [
        ("March 7 2003", "2003-03-07"), ("March 7", "2003-03-07"), ("March 9", "2016-03-09"),
    ]
    # a weekday or "yesterday" is counted from the report's date, not matched to a day named before
    found = tag("The strike of November 2, 2015 was recalled. Yesterday and on Thursday they met.", DCT,
                lambda s, e: "past")  # fmt: skip
    assert [t.value for t in found][1:] == ["2016-11-02", "2016-11-03"]


def test_caseless_anchors_are_written_in_lower_case() -> None:
    """A caseless anchor is searched, case-sensitively, in the lowered text: a capital in it
    would never match there."""
    from dateline.analyse.timex import _ANCHORS, _LOWERED

    for anchor in _ANCHORS.values():
        if anchor.flags & re.IGNORECASE:
            assert anchor.pattern == anchor.pattern.lower(), anchor.pattern
            assert not _LOWERED[anchor].flags & re.IGNORECASE


@pytest.mark.parametrize(
    "text",
    [
        "Shelling RESUMED THREE DAYS AGO, and the CEASE-FIRE held OVERNIGHT until 10 A.M. Monday.",
        "İzmir, " * 100 + "shelling resumed three days ago, and the cease-fire held overnight until 10 A.M. Monday.",
    ],
    ids=["capitals", "dotted-capital-I"],
)
def test_capitals_and_letters_that_lower_to_two_do_not_change_what_is_found(text: str) -> None:
    found = [(t.text, t.value) for t in tag(text, DCT, lambda s, e: "past")]
    assert [v for _, v in found] == ["2016-10-31", "2016-11-02TNI", "2016-10-31T10:00"], found
    assert found[0][0].lower() == "three days ago"
