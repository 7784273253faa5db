"""Shared fixtures: real files, real databases in temp dirs, the spaCy model loaded once."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dateline.build import build
from dateline.store import Store

from .pgserver import TempServer, server_bin

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEMO = ROOT / "examples" / "mosul"
SEED_NOV = "002_096ed357650340ff.txt"  # Iraqi forces enter Mosul (published 2016-11-03)
SEED_JUL = "000_5bfd127de2a15396.txt"  # the last enclave is surrounded (published 2017-07-06)


def need_seeds() -> Path:
    if not (SEEDS / SEED_NOV).exists() or not (SEEDS / SEED_JUL).exists():
        pytest.skip(f"seed reports not found in {SEEDS} (../shared is absent): seed tests skipped")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_dated(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Both seeds built once with their publication dates, given through JSONL."""
    seeds = need_seeds()
    tmp = tmp_path_factory.mktemp("seeds_dated")
    jsonl = tmp / "seeds.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for name, date, aid in ((SEED_NOV, "2016-11-03", "nov"), (SEED_JUL, "2017-07-06", "jul")):
            text = (seeds / name).read_text(encoding="utf-8")
            fh.write(json.dumps({"id": aid, "text": text, "published": date}) + "\n")
    db = tmp / "seeds.db"
    summary = build([str(jsonl)], str(db), workers=1, progress=False)
    assert summary.failed == 0 and summary.analysed == 2
    return Store(db)


@pytest.fixture(scope="session")
def seeds_undated(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Both seeds built once as undated .txt files."""
    seeds = need_seeds()
    tmp = tmp_path_factory.mktemp("seeds_undated")
    for name in (SEED_NOV, SEED_JUL):
        shutil.copy(seeds / name, tmp / name)
    db = tmp / "seeds.db"
    summary = build([str(tmp / SEED_NOV), str(tmp / SEED_JUL)], str(db), workers=1, progress=False)
    assert summary.failed == 0 and summary.analysed == 2
    return Store(db)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The bundled demo corpus, built once."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = build([str(DEMO)], str(db), workers=1, progress=False)
    assert summary.failed == 0, summary.errors
    return Store(db)


def write_jsonl(path: Path, *records: dict[str, str]) -> Path:
    """Write one JSON object per line (the JSON Lines input format) and return ``path``."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def article_id_by_path(store: Store, name: str) -> str:
    rows = store.rows("SELECT id FROM articles WHERE path LIKE ?", (f"%{name}",))
    assert rows, name
    return rows[0]["id"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[TempServer]:
    """A PostgreSQL server of our own for the session (skipped when none can be started)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'dateline[postgres]'): PostgreSQL tests skipped")
    bindir = server_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server programs not found (apt-get install postgresql): PostgreSQL tests skipped")
    root = Path(tempfile.mkdtemp(prefix="dateline-pg-"))
    server = TempServer(root, bindir, port=50000 + os.getpid() % 10000)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_db(postgres_server: TempServer) -> Callable[[str], str]:
    """Make a fresh, empty database on the session's server; returns its URL."""
    import psycopg

    def make(name: str) -> str:
        with psycopg.connect(postgres_server.url("postgres"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        return postgres_server.url(name)

    return make
