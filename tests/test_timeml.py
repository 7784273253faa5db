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
