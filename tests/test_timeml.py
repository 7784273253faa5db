"""The TimeML reader and the TempEval-3 scorer on a small hand-made file."""

from __future__ import annotations

from pathlib import Path

from dateline.eval.timeml import normalise_value, read_tml, score

TML = """<?xml version="1.0" ?>
<TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-11-03" functionInDocument="CREATION_TIME">20161103</TIMEX3></DCT>
<TEXT>Troops &amp; police entered the city <TIMEX3 tid="t1" type="DATE" value="2016-11-03">Thursday</TIMEX3>, <EVENT eid="e1">ending</EVENT> <TIMEX3 tid="t2" type="DURATION" value="P2Y" mod="MORE_THAN">more than two years</TIMEX3> of rule.</TEXT>
</TimeML>"""


def test_reader_offsets_and_dct(tmp_path: Path) -> None:
    p = tmp_path / "x.tml"
    p.write_text(TML)
    doc = read_tml(p)
    assert str(doc.dct) == "2016-11-03" and doc.text.startswith("Troops & police")
    assert [(g.text, g.value) for g in doc.timexes] == [("Thursday", "2016-11-03"), ("more than two years", "P2Y")]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.timexes)


def test_scorer_definitions(tmp_path: Path) -> None:
    p = tmp_path / "x.tml"
    p.write_text(TML)
    doc = read_tml(p)
    t1, t2 = doc.timexes
    system = [(t1.start, t1.end, "DATE", "2016-11-03"),  # strict, right value
              (t2.start + 10, t2.end, "DURATION", "P3Y"),  # relaxed only, wrong value
              (0, 6, "DATE", "PRESENT_REF")]  # spurious  # fmt: skip
    c = score([doc], lambda d: system)
    m = c.metrics()
    assert (c.gold, c.system, c.strict, c.relaxed_gold, c.value_ok) == (2, 3, 1, 2, 1)
    assert abs(m["strict_f1"] - 2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2)) < 1e-9
    assert abs(m["relaxed_f1"] - 2 * (2 / 3) * 1 / (2 / 3 + 1)) < 1e-9
    assert normalise_value("2000-W07") == normalise_value("2000-W7")


LINKED = """<?xml version="1.0" ?>
<TimeML><DOCID>y</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-11-04" functionInDocument="CREATION_TIME">20161104</TIMEX3></DCT>
<TEXT>Iraqi troops <EVENT eid="e1">entered</EVENT> Mosul on <TIMEX3 tid="t1" type="DATE" value="2016-11-03">Thursday</TIMEX3>. The city <EVENT eid="e2">remains</EVENT> tense.</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PRESENT" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei2"/>
<TLINK lid="l3" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
</TimeML>"""


def test_reader_links_events_to_times_from_the_events_side(tmp_path: Path) -> None:
    p = tmp_path / "y.tml"
    p.write_text(LINKED)
    doc = read_tml(p)
    assert doc.dct_tid == "t0" and [doc.text[e.start : e.end] for e in doc.events] == ["entered", "remains"]
    assert doc.events[0].links == [("IS_INCLUDED", "t1"), ("BEFORE", "t0")]
    assert doc.events[1].links == [("IS_INCLUDED", "t0")]  # "t0 INCLUDES ei2", read from the event


def test_anchoring_scores_the_dates_the_pipeline_gives(tmp_path: Path) -> None:
    from dateline.eval.anchoring import AnchorCounts, dct_class, score_doc

    p = tmp_path / "y.tml"
    p.write_text(LINKED)
    c = AnchorCounts()
    score_doc(read_tml(p), c)
    # "entered" is dated from "Thursday" (recall 1/1, precision 1/1), and before the DCT;
    # "remains", a present state with no day named, holds on the DCT.
    assert (c.anchored_gold, c.anchored_found, c.linked_choices, c.linked_right) == (1, 1, 1, 1)
    assert c.dct == {("before", "before"): 1, ("around", "around"): 1}
    import datetime as dt

    dct = dt.date(2016, 11, 4)
    assert dct_class({"earliest": None, "latest": "2016-11-04"}, dct) == "before"
    assert dct_class({"earliest": "2016-11-04", "latest": None}, dct) == "after"
    assert dct_class({"earliest": "2016-11-01", "latest": "2016-11-30"}, dct) == "around"
