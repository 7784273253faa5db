"""Beyond one SQLite file: the PostgreSQL store and analysis on Dask give the same record.

A throwaway PostgreSQL server is started for the session (see ``pgserver.py``);
those tests are skipped, with a message, where none can be.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dateline.build import build
from dateline.errors import StoreError
from dateline.present import export
from dateline.present.cli import main
from dateline.present.web import create_app
from dateline.store import Store
from dateline.store.backends import display_name, to_postgres

from .conftest import DEMO, write_jsonl


def _without_clock(data: Any) -> Any:
    """The export minus the wall-clock times of the build (they differ between two builds)."""
    if isinstance(data, dict):
        return {k: _without_clock(v) for k, v in data.items() if not k.endswith("_at") and k != "exported"}
    if isinstance(data, list):
        return [_without_clock(v) for v in data]
    return data


def test_sql_is_rewritten_for_postgres() -> None:
    sql = "SELECT m.end, start FROM t WHERE a = ? AND b LIKE '%x' ORDER BY CASE WHEN a THEN 1 END"
    assert to_postgres(sql) == (
        "SELECT m.\"end\", start FROM t WHERE a = %s AND b LIKE '%%x' ORDER BY CASE WHEN a THEN 1 END"
    )
    ddl = to_postgres("CREATE TABLE x (id INTEGER PRIMARY KEY, n INTEGER, v REAL, b BLOB, end INTEGER)")
    assert ddl == ('CREATE TABLE x (id BIGSERIAL PRIMARY KEY, n BIGINT, v DOUBLE PRECISION, b BYTEA,'
                   ' "end" BIGINT)')  # fmt: skip
    assert display_name("postgresql://me:secret@db:5432/x") == "postgresql://me:***@db:5432/x"


def test_demo_on_postgres_matches_sqlite(demo_store: Store, postgres_db: Callable[[str], str]) -> None:
    url = postgres_db("demo")
    summary = build([str(DEMO)], url, workers=1, progress=False)
    assert summary.failed == 0 and summary.analysed == 11 and summary.duplicates == 1
    with Store(url) as pg:
        assert pg.dialect == "postgresql" and pg.schema_version == demo_store.schema_version
        assert pg.counts() == demo_store.counts()
        ours = _without_clock(json.loads(export.to_json(pg)))
        theirs = _without_clock(json.loads(export.to_json(demo_store)))
        for table in theirs:
            assert ours[table] == theirs[table], table
        assert export.to_csv(pg, "events") == export.to_csv(demo_store, "events")
        # One story's record, read through the story filters, is the same on both stores.
        story = demo_store.rows("SELECT story FROM articles WHERE story IS NOT NULL LIMIT 1")[0]["story"]
        ours = _without_clock(json.loads(export.to_json(pg, story)))
        theirs = _without_clock(json.loads(export.to_json(demo_store, story)))
        assert ours == theirs and theirs["articles"] and theirs["events"]
    api = TestClient(create_app(url))
    assert api.get("/api/events").json() == TestClient(create_app(demo_store.path)).get("/api/events").json()
    again = build([str(DEMO)], url, workers=1, progress=False)  # nothing new: nothing redone
    assert again.analysed == 0 and again.unchanged == 12


def test_postgres_keeps_the_batch_going_and_the_data(tmp_path: Path,
                                                     postgres_db: Callable[[str], str]) -> None:  # fmt: skip
    url = postgres_db("badinput")
    good = write_jsonl(tmp_path / "good.jsonl",
                       {"id": "a1", "text": "Iraqi forces entered Mosul on Tuesday.", "published": "2016-11-01"})  # fmt: skip
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "b1", "text": "Fighting went on in the east of the city on Monday."}\n{"id": oops\n')
    first = build([str(good)], url, workers=1, progress=False)
    assert first.analysed == 1
    second = build([str(bad)], url, workers=1, progress=False)
    assert second.failed == 1 and second.analysed == 1
    assert "bad.jsonl:2: invalid JSON" in second.errors[0]
    with Store(url) as pg:
        assert {a["id"] for a in pg.articles()} == {"a1", "b1"}
        assert pg.rows("SELECT path, line FROM failures") == [{"path": str(bad), "line": 2}]
        assert pg.rows("SELECT value FROM timexes WHERE article = 'a1'") == [{"value": "2016-11-01"}]


def test_cli_reads_a_postgres_url(postgres_db: Callable[[str], str]) -> None:
    url = postgres_db("cli")
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(DEMO), "--db", url, "--workers", "1"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["timeline", "--db", url, "--max-dates", "3", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.output)) == 3


def test_two_builds_at_once_share_one_database(demo_store: Store,
                                               postgres_db: Callable[[str], str]) -> None:  # fmt: skip
    """Two analysts load overlapping corpora into the same PostgreSQL record at the same time."""
    import subprocess
    import sys

    url = postgres_db("together")
    cmd = [sys.executable, "-m", "dateline.present.cli", "build", str(DEMO), "--db", url, "--workers", "1"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    with Store(url) as pg:
        ours, theirs = pg.counts(), demo_store.counts()
        for table in ("articles", "timexes", "places", "figures", "failures"):
            assert ours[table] == theirs[table], table
        assert ({a["id"]: a["published_inferred"] for a in pg.articles()}
                == {a["id"]: a["published_inferred"] for a in demo_store.articles()})  # fmt: skip


def test_unreachable_server_is_one_clear_line(tmp_path: Path) -> None:
    url = f"postgresql://me:secret@/nowhere?host={tmp_path}&port=1"
    with pytest.raises(StoreError) as err:
        Store(url)
    line = err.value.one_line()
    assert "\n" not in line and "me:***@" in line and "secret" not in line and "cannot connect" in line
    res = CliRunner().invoke(main, ["timeline", "--db", url])
    assert res.exit_code == 1 and "cannot connect" in res.output and "secret" not in res.output


def test_dask_analysis_gives_the_same_record(demo_store: Store, tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="dask/distributed not installed: Dask test skipped")
    db = tmp_path / "dask.db"
    summary = build([str(DEMO)], str(db), workers=2, scheduler="local", progress=False)
    assert summary.failed == 0 and summary.analysed == 11
    with Store(db) as store:
        ours = _without_clock(json.loads(export.to_json(store)))
    theirs = _without_clock(json.loads(export.to_json(demo_store)))
    assert ours == theirs
