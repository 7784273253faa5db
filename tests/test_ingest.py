"""Bad input: one clear line per problem, the batch goes on, the database stays consistent."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from dateline.build import build
from dateline.ingest import read_inputs
from dateline.ingest.readers import RawArticle
from dateline.store import Store

GOOD = "Iraqi forces entered Mosul on Thursday, officials said. Around 100,000 troops took part.\n"


def _errors(paths: list[str]) -> list[str]:
    return [x.one_line() for x in read_inputs(paths) if not isinstance(x, RawArticle)]


def test_missing_path() -> None:
    (line,) = _errors(["/nonexistent/report.txt"])
    assert line.startswith("[E101] /nonexistent/report.txt:") and "no such file" in line


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (line,) = _errors([str(p)])
    assert line.startswith("[E103]") and "photo.txt" in line and "binary" in line


def test_invalid_utf8(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Mosul caf\xe9 reopened.".encode("latin-1"))
    (line,) = _errors([str(p)])
    assert line.startswith("[E104]") and "latin1.txt" in line and "UTF-8" in line


def test_empty_text(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n ")
    (line,) = _errors([str(p)])
    assert line.startswith("[E105]") and "empty.txt" in line


def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "locked.txt"
    if os.geteuid() == 0:
        # root reads any file: point at a file that fails at read time instead
        p.symlink_to("/proc/self/mem")
    else:
        p.write_text(GOOD)
        p.chmod(0)
    (line,) = _errors([str(p)])
    assert line.startswith("[E102]") and "locked.txt" in line


def test_malformed_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "batch.jsonl"
    p.write_text(
        json.dumps({"text": GOOD, "published": "2016-11-03"}) + "\n"
        + '{"text": "broken\n'
        + json.dumps({"text": GOOD + " More.", "published": "3rd of November"}) + "\n"
        + json.dumps({"title": "no text"}) + "\n"
        + json.dumps({"text": GOOD + " Again.", "published": "2016-11-04T10:00:00Z"}) + "\n"
    )  # fmt: skip
    items = list(read_inputs([str(p)]))
    good = [i for i in items if isinstance(i, RawArticle)]
    bad = [i.one_line() for i in items if not isinstance(i, RawArticle)]
    assert [g.line for g in good] == [1, 5]
    assert str(good[1].published) == "2016-11-04"
    assert bad[0].startswith(f"[E106] {p}:2: invalid JSON")
    assert bad[1].startswith(f"[E108] {p}:3:") and "3rd of November" in bad[1]
    assert bad[2].startswith(f"[E105] {p}:4:")


def test_broken_html_and_xml(tmp_path: Path) -> None:
    html = tmp_path / "broken.html"
    html.write_text("just words, no markup at all")
    feed = tmp_path / "broken.xml"
    feed.write_text("<rss><channel><item><title>half")
    lines = _errors([str(html), str(feed)])
    assert lines[0].startswith("[E106]") and "broken.html" in lines[0]
    assert lines[1].startswith("[E106]") and "broken.xml" in lines[1]


def test_html_without_date_is_undated(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(f"<html><head><title>Report</title></head><body><article><p>{GOOD}</p>"
                 f"<p>{GOOD}</p></article></body></html>")  # fmt: skip
    (art,) = list(read_inputs([str(p)]))
    assert isinstance(art, RawArticle) and art.published is None and art.title == "Report"


def test_rss_feed(tmp_path: Path) -> None:
    p = tmp_path / "feed.rss"
    p.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Demo Wire</title>
        <item><title>Forces enter Mosul</title><link>https://example.org/1</link>
        <pubDate>Thu, 03 Nov 2016 10:00:00 GMT</pubDate>
        <description>&lt;p&gt;Iraqi forces entered Mosul on Thursday.&lt;/p&gt;</description></item>
        </channel></rss>"""
    )
    (art,) = list(read_inputs([str(p)]))
    assert isinstance(art, RawArticle)
    assert art.text == "Iraqi forces entered Mosul on Thursday."
    assert str(art.published) == "2016-11-03" and art.source == "Demo Wire"


def test_mixed_directory_batch_goes_on_and_db_stays_consistent(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    (src / "b.txt").write_bytes(b"\xff\xfe\x00bad")
    (src / "c.png").write_bytes(b"\x89PNG")
    (src / "d.jsonl").write_text(json.dumps({"id": "d1", "text": "Troops stormed al Intisar on Monday."}) + "\n{oops\n")
    (src / ".hidden.txt").write_text(GOOD)
    db = tmp_path / "x.db"
    errors: list[str] = []
    s = build([str(src), str(tmp_path / "missing")], str(db), workers=1, progress=False, on_error=errors.append)
    assert (s.read, s.added, s.failed) == (2, 2, 4)
    assert len(errors) == 4 and all(e.startswith("[E1") for e in errors)
    assert any("c.png" in e for e in errors) and any("d.jsonl:2" in e for e in errors)
    store = Store(db)
    assert store.counts()["articles"] == 2 and store.counts()["failures"] == 4
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store.close()
    # A second run changes nothing.
    s2 = build([str(src)], str(db), workers=1, progress=False)
    assert (s2.added, s2.unchanged, s2.analysed) == (0, 2, 0)


def test_failed_write_leaves_previous_annotations(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    (tmp_path / "a.txt").write_text(GOOD)
    build([str(tmp_path / "a.txt")], str(db), workers=1, progress=False)
    store = Store(db)
    before = store.counts()
    art = store.articles()[0]["id"]
    doc = store.load_document(art)
    doc.add("timexes", 0, 5, "DATE")  # missing "value": the insert fails half-way
    with pytest.raises(KeyError):
        store.save_analysis(doc, {})
    assert store.counts() == before


def test_published_option_dates_only_undated_inputs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "published": "2017-07-06", "text": "The general said on Thursday that the enclave was surrounded."}) + "\n")
    db = tmp_path / "p.db"
    import datetime as dt

    build([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")], str(db), workers=1, progress=False,
          published=dt.date(2016, 11, 3))  # fmt: skip
    store = Store(db)
    dates = {a["path"].rsplit("/", 1)[-1]: a["published"] for a in store.articles()}
    assert dates == {"a.txt": "2016-11-03", "b.jsonl": "2017-07-06"}
    thursday = store.rows("SELECT value FROM timexes WHERE text = 'Thursday'")
    assert {r["value"] for r in thursday} == {"2016-11-03", "2017-07-06"}


def test_store_refuses_a_non_database(tmp_path: Path) -> None:
    p = tmp_path / "notes.db"
    p.write_text("this is not sqlite" * 100)
    from dateline.errors import StoreError

    with pytest.raises(StoreError) as exc:
        Store(p)
    assert exc.value.one_line().startswith("[E300]")
    assert sqlite3.sqlite_version


def test_same_id_in_another_file_is_another_article(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "235", "text": "Police clashed with protesters in Benghazi on Wednesday."}) + "\n")
    b.write_text(json.dumps({"id": "235", "text": "Oil reached the Louisiana coast on Friday, officials said."}) + "\n")
    db = tmp_path / "ids.db"
    s = build([str(a), str(b)], str(db), workers=1, progress=False)
    assert (s.added, s.analysed) == (2, 2)
    texts = sorted(r["text"] for r in Store(db).articles())
    assert texts[0].startswith("Oil") and texts[1].startswith("Police")  # nothing overwritten
    a.write_text(json.dumps({"id": "235", "text": "Police clashed with protesters in Benghazi on Thursday."}) + "\n")
    build([str(a)], str(db), workers=1, progress=False)  # same file, same id, new text: an update
    store = Store(db)
    assert store.article("235")["text"].endswith("Thursday.") and store.counts()["articles"] == 2  # type: ignore[index]
    store.close()
    # Timeline17 names every topic's file articles.json: a file of the same name in another
    # folder is another file, not an update of the first
    for topic, text in (("libya", "Rebels entered Brega on Sunday, a spokesman said."),
                        ("haiti", "Rescuers pulled a girl from the rubble on Friday.")):  # fmt: skip
        (tmp_path / topic).mkdir()
        (tmp_path / topic / "articles.json").write_text(json.dumps([{"uid": "7", "dct": "2011-03-01", "text": text}]))
    s = build([str(tmp_path / "libya"), str(tmp_path / "haiti")], str(db), workers=1, progress=False)
    assert (s.added, s.analysed) == (2, 2)
    assert Store(db).counts()["articles"] == 4


def test_a_file_is_the_same_file_from_another_folder() -> None:
    from dateline.build import same_file

    assert same_file("a.jsonl", "reports/a.jsonl") and same_file("/data/reports/a.jsonl", "reports/a.jsonl")
    assert not same_file("libya/articles.json", "haiti/articles.json")
    assert not same_file("/data/libya/articles.json", "/data/haiti/articles.json")
    assert not same_file(None, "a.jsonl") and not same_file("a.jsonl", "b.jsonl")


def test_articles_analysed_by_older_stage_versions_are_analysed_again(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    db = str(tmp_path / "v.db")
    assert build([str(tmp_path / "a.txt")], db, workers=1, progress=False).analysed == 1
    store = Store(db)
    (art,) = [r["id"] for r in store.rows("SELECT id FROM articles")]
    current = json.loads(store.rows("SELECT pipeline FROM articles")[0]["pipeline"])
    older = {**current, "places": "0"}  # as stored by an earlier dateline
    with store.conn.transaction():
        store.conn.execute("UPDATE articles SET pipeline = ? WHERE id = ?", (json.dumps(older), art))
        store.conn.execute("DELETE FROM places WHERE article = ?", (art,))
    store.close()
    kept = build([str(tmp_path / "a.txt")], db, workers=1, progress=False, reanalyse_outdated=False)
    assert (kept.analysed, kept.reanalysed, kept.unchanged) == (0, 0, 1)
    again = build([str(tmp_path / "a.txt")], db, workers=1, progress=False)
    assert (again.analysed, again.reanalysed, again.unchanged) == (1, 1, 1)
    assert "1 again" in again.line()
    store = Store(db)
    assert json.loads(store.rows("SELECT pipeline FROM articles")[0]["pipeline"]) == current
    assert {r["name"] for r in store.rows("SELECT name FROM places")} >= {"Mosul"}
    store.close()
    assert build([str(tmp_path / "a.txt")], db, workers=1, progress=False).analysed == 0


def test_comment_signatures_with_two_clocks_are_a_thread() -> None:
    from dateline.ingest.clean import strip_comment_thread

    article = "NATO jets struck Gaddafi's tanks near Ajdabiya on Saturday, rebels said."
    thread = (
        " Keep out of it. February 24 , 2011 03:14 pm at 3:14 pm | Nobody asked the Senate."
        " February 24 , 2011 03:18 pm at 3:18 pm | Arm the rebels now."
    )
    kept, cut = strip_comment_thread(article + thread)
    assert kept == article + " Keep out of it." and cut == len(article + thread) - len(kept)
    one = article + " The raid began on February 24 , 2011 03:14 pm at 3:14 pm | local time."
    assert strip_comment_thread(one) == (one, 0)  # one signature is no thread


def test_reader_comment_thread_is_cut_and_the_id_kept(tmp_path: Path) -> None:
    thread = (
        " Stay out of Libya, I say. March 21 , 2011 at 6:01 pm | Report abuse | The UN asked for this."
        " 300 more jets will not help. March 21 , 2011 at 6:57 pm | Reply Why bomb at all?"
    )
    (tmp_path / "blog.txt").write_text(GOOD + thread)
    (tmp_path / "plain.txt").write_text("Rebels said on March 21, 2011 at 6:01 pm | the town fell.\n")  # one stamp: kept
    db = str(tmp_path / "c.db")
    s = build([str(tmp_path)], db, workers=1, progress=False)
    assert s.trimmed == 1 and "reader comments cut from 1" in s.line()
    store = Store(db)
    texts = {r["path"].rsplit("/", 1)[-1]: r["text"] for r in store.articles()}
    assert texts["blog.txt"].endswith("Stay out of Libya, I say.")  # the comment before the first stamp stays
    assert texts["plain.txt"].endswith("the town fell.\n")
    figures = [r["text"] for r in store.rows("SELECT text FROM figures")]
    assert "300" not in " ".join(figures) and any("100,000" in f for f in figures)
    # An older store holding the raw text: the same id, cleaned and analysed again.
    from dateline.ingest import article_id

    raw_id = article_id(GOOD + thread, "file:blog.txt")
    assert raw_id in {r["id"] for r in store.articles()}
    again = build([str(tmp_path)], db, workers=1, progress=False)
    assert (again.added, again.unchanged) == (0, 2)


def test_comment_signatures_before_the_comment() -> None:
    from dateline.ingest.clean import strip_comment_thread

    text = GOOD + "At 2:34 pm on 19 Jan 2010 , Ann wrote : Send more planes. At 3:01 pm on 19 Jan 2010 , Bo wrote : No."
    assert strip_comment_thread(text) == (GOOD.rstrip(), len(text) - len(GOOD.rstrip()))
    assert strip_comment_thread("At 2:34 pm on 19 Jan 2010 , Ann wrote : only comments") [1] == 0
