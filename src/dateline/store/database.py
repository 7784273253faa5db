"""The store: one schema (see :mod:`~dateline.store.migrations`), one writer at a time.

Everything the rest of the system needs from a database goes through
:class:`Store`, on SQLite (a file, the default) or PostgreSQL (a URL); see
:mod:`~dateline.store.backends`. Writes for one article happen in one
transaction: re-analysing a document replaces all of its annotations or none.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import numpy as np

from dateline.doc import Document
from dateline.errors import StoreError
from dateline.store.backends import connect, display_name
from dateline.store.migrations import MIGRATIONS

ANNOTATION_TABLES = ("sentences", "timexes", "places", "figures", "event_mentions")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _json(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False)


class Store:
    """A dateline database: a SQLite file, ``:memory:`` or a ``postgresql://`` URL."""

    def __init__(self, path: str | Path = "dateline.db"):
        self.path = str(path)
        self.name = display_name(path)  # for messages: no password
        self.conn = connect(path)
        self.dialect = self.conn.dialect
        try:
            self.migrate()
        except Exception as exc:
            self.conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot open database: {exc}", path=self.name) from exc

    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction: everything inside is stored, or nothing."""
        return self.conn.transaction()

    # -- schema ---------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply pending migrations; returns the numbers applied."""
        c = self.conn
        with c.transaction():  # two processes opening a new database at once: one creates it
            c.execute(
                "CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " applied_at TEXT NOT NULL)"
            )
        applied = []
        for number, name, func in MIGRATIONS:
            if number in self._applied():
                continue
            with c.transaction():
                if number in self._applied():  # another process got there first
                    continue
                func(c)
                c.execute("INSERT INTO migrations VALUES (?, ?, ?)", (number, name, _now()))
            applied.append(number)
        return applied

    def _applied(self) -> set[int]:
        return {int(r[0]) for r in self.conn.execute("SELECT id FROM migrations").fetchall()}

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(id) FROM migrations").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -------------------------------------------------------------
    def has_article(self, art_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (art_id,)).fetchone() is not None

    def add_article(
        self,
        doc: Document,
        *,
        text_hash: str,
        minhash: np.ndarray | None,
        line: int | None = None,
        duplicate_of: str | None = None,
        similarity: float | None = None,
    ) -> None:
        """Insert a new article row (no annotations yet)."""
        self.conn.execute(
            "INSERT INTO articles (id, text, text_hash, title, source, url, path, line, published,"
            " duplicate_of, similarity, minhash, words, added_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (id) DO NOTHING",  # another build sharing the database stored it first
            (
                doc.id, doc.text, text_hash, doc.title, doc.source, doc.url, doc.path, line,
                doc.published.isoformat() if doc.published else None, duplicate_of, similarity,
                minhash.tobytes() if minhash is not None else None, len(doc.text.split()), _now(),
            ),
        )  # fmt: skip

    def replace_article(self, doc: Document, *, text_hash: str, minhash: np.ndarray | None) -> None:
        """New text (and metadata) for an existing id; its annotations are dropped until re-analysed."""
        c = self.conn
        with c.transaction():
            for table in ANNOTATION_TABLES:
                c.execute(f"DELETE FROM {table} WHERE article = ?", (doc.id,))
            c.execute("DELETE FROM events WHERE id NOT IN (SELECT DISTINCT event FROM event_mentions)")
            c.execute("DELETE FROM vectors WHERE article = ?", (doc.id,))
            c.execute(
                "UPDATE articles SET text=?, text_hash=?, title=?, source=?, url=?, published=?,"
                " minhash=?, words=?, analysed_at=NULL, published_inferred=NULL WHERE id=?",
                (doc.text, text_hash, doc.title, doc.source, doc.url,
                 doc.published.isoformat() if doc.published else None,
                 minhash.tobytes() if minhash is not None else None, len(doc.text.split()), doc.id),
            )  # fmt: skip

    def set_published(self, art_id: str, published: dt.date) -> None:
        self.conn.execute(  # a newly dated report is compared with the others again
            "UPDATE articles SET published = ?, merged_at = NULL WHERE id = ?", (published.isoformat(), art_id)
        )

    def set_published_inferred(self, art_id: str, inferred: dict[str, Any] | None) -> None:
        self.conn.execute(
            "UPDATE articles SET published_inferred = ? WHERE id = ?", (_json(inferred), art_id)
        )

    def signatures(self) -> Iterator[tuple[str, str, np.ndarray | None]]:
        """(id, text hash, MinHash signature) of every original (non-duplicate) article."""
        for row in self.conn.execute(
            "SELECT id, text_hash, minhash FROM articles WHERE duplicate_of IS NULL ORDER BY rowid"
        ):
            sig = np.frombuffer(row["minhash"], dtype=np.uint64) if row["minhash"] else None
            yield row["id"], row["text_hash"], sig

    def article(self, art_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (art_id,)).fetchone()
        return _article_dict(row) if row else None

    def articles(self, story: int | None = None) -> list[dict[str, Any]]:
        """Every stored article (or one ``story``'s), by publication date then insertion order."""
        where, params = ("", ()) if story is None else (" WHERE story = ?", (story,))
        rows = self.conn.execute(f"SELECT * FROM articles{where} ORDER BY COALESCE(published, '9999'), rowid", params)
        return [_article_dict(r) for r in rows]

    def load_document(self, art_id: str) -> Document:
        """The stored article as a :class:`Document` (text and metadata, no layers)."""
        a = self.article(art_id)
        if a is None:
            raise KeyError(art_id)
        return Document(
            id=a["id"], text=a["text"], title=a["title"], source=a["source"], url=a["url"],
            path=a["path"],
            published=dt.date.fromisoformat(a["published"]) if a["published"] else None,
        )  # fmt: skip

    def stale_inferred(self) -> list[tuple[str, dt.date]]:
        """Undated articles whose inferred date differs from the one their analysis used."""
        out = []
        for r in self.conn.execute(
            "SELECT id, published_inferred, analysed_dct FROM articles WHERE published IS NULL"
            " AND duplicate_of IS NULL AND analysed_at IS NOT NULL AND published_inferred IS NOT NULL"
        ):
            best = json.loads(r["published_inferred"]).get("best")
            if best and best != r["analysed_dct"]:
                out.append((r["id"], dt.date.fromisoformat(best)))
        return out

    def unanalysed(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE analysed_at IS NULL AND duplicate_of IS NULL ORDER BY rowid"
        )
        return [r[0] for r in rows]

    def outdated(self, versions: dict[str, str]) -> list[str]:
        """Analysed original articles whose stored analysis was made by other stages or other
        stage versions than ``versions`` (a newer dateline, or a build with other ``--stages``)."""
        rows = self.conn.execute(
            "SELECT id, pipeline FROM articles WHERE analysed_at IS NOT NULL AND duplicate_of IS NULL ORDER BY rowid"
        )
        return [r[0] for r in rows if json.loads(r[1] or "{}") != versions]

    # -- annotations ----------------------------------------------------------
    def save_analysis(self, doc: Document, versions: dict[str, str]) -> None:
        """Replace all annotations of ``doc`` in one transaction."""
        c = self.conn
        with c.transaction():
            for table in ANNOTATION_TABLES:
                c.execute(f"DELETE FROM {table} WHERE article = ?", (doc.id,))
            c.execute(
                "DELETE FROM events WHERE id NOT IN (SELECT DISTINCT event FROM event_mentions)"
            )
            self._insert_layers(doc)
            c.execute(
                "UPDATE articles SET analysed_at = ?, pipeline = ?, warnings = ?, analysed_dct = ?, merged_at = NULL"
                " WHERE id = ?",
                (_now(), _json(versions), _json(doc.warnings or None),
                 doc.dct.isoformat() if doc.dct else None, doc.id),
            )  # fmt: skip

    def _insert_layers(self, doc: Document) -> None:
        c = self.conn
        c.executemany(
            "INSERT INTO sentences VALUES (?,?,?) ON CONFLICT DO NOTHING",
            [(doc.id, s.start, s.end) for s in doc.layers.get("sentences", [])],
        )
        c.executemany(
            "INSERT INTO timexes (article, start, end, text, type, value, mod, earliest, latest,"
            " anchored, stage, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (doc.id, t.start, t.end, t.text, t.label, t.attrs["value"], t.attrs.get("mod"),
                 t.attrs.get("earliest"), t.attrs.get("latest"), int(bool(t.attrs.get("anchored"))),
                 t.stage, t.version)
                for t in doc.layers.get("timexes", [])
            ],
        )  # fmt: skip
        c.executemany(
            "INSERT INTO places (article, start, end, text, name, lat, lon, country, kind,"
            " geonameid, parent, stage, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (doc.id, p.start, p.end, p.text, p.attrs.get("name"), p.attrs.get("lat"),
                 p.attrs.get("lon"), p.attrs.get("country"), p.attrs.get("kind"),
                 p.attrs.get("geonameid"), p.attrs.get("parent"), p.stage, p.version)
                for p in doc.layers.get("places", [])
            ],
        )  # fmt: skip
        c.executemany(
            "INSERT INTO figures (article, start, end, text, value, low, high, approx, qualifier,"
            " counted, unit, per, place, as_of_earliest, as_of_latest, attributed_to, modality,"
            " stage, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (doc.id, f.start, f.end, f.text, f.attrs.get("value"), f.attrs.get("low"),
                 f.attrs.get("high"), int(bool(f.attrs.get("approx"))), f.attrs.get("qualifier"),
                 f.attrs.get("counted"), f.attrs.get("unit"), f.attrs.get("per"),
                 f.attrs.get("place"), (f.attrs.get("as_of") or {}).get("earliest"),
                 (f.attrs.get("as_of") or {}).get("latest"), _json(f.attrs.get("attributed_to")),
                 f.attrs.get("modality"), f.stage, f.version)
                for f in doc.layers.get("figures", [])
            ],
        )  # fmt: skip
        for e in doc.layers.get("events", []):
            a = e.attrs
            place = a.get("place") or {}
            date = a.get("date") or {}
            c.execute(
                "INSERT INTO events (id, type, mode, acled_event_type,"
                " acled_sub_event_type, trigger, actors, targets, place_name, lat, lon, place_kind,"
                " place_country, date_earliest, date_latest, date_value, modality, attributed_to, stage,"
                " version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                # An upsert, not REPLACE: REPLACE would cascade-delete other articles' mentions.
                " ON CONFLICT(id) DO UPDATE SET type=excluded.type, mode=excluded.mode,"
                " acled_event_type=excluded.acled_event_type,"
                " acled_sub_event_type=excluded.acled_sub_event_type, trigger=excluded.trigger,"
                " actors=excluded.actors, targets=excluded.targets, place_name=excluded.place_name,"
                " lat=excluded.lat, lon=excluded.lon, place_kind=excluded.place_kind,"
                " place_country=excluded.place_country, date_earliest=excluded.date_earliest,"
                " date_latest=excluded.date_latest, date_value=excluded.date_value,"
                " modality=excluded.modality, attributed_to=excluded.attributed_to,"
                " stage=excluded.stage, version=excluded.version",
                (a["id"], a["type"], a.get("mode"), a.get("acled_event_type"),
                 a.get("acled_sub_event_type"), a["trigger"], _json(a.get("actors") or []),
                 _json(a.get("targets") or []), place.get("name"), place.get("lat"),
                 place.get("lon"), place.get("kind"), place.get("country"), date.get("earliest"), date.get("latest"), date.get("value"),
                 a.get("modality") or "asserted", _json(a.get("attributed_to")), e.stage,
                 e.version),
            )  # fmt: skip
            sent = a.get("sentence") or [None, None]
            details = {k: a.get(k) for k in ("type", "trigger", "verbal", "actors", "targets", "place", "date",
                                              "modality", "attributed_to")}  # fmt: skip
            if a.get("outcome_of"):
                details["outcome_of"] = a["outcome_of"]
            c.execute(
                "INSERT INTO event_mentions (event, article, start, end, sentence_start,"
                " sentence_end, details) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                (a["id"], doc.id, e.start, e.end, sent[0], sent[1], _json(details)),
            )

    # -- embedding cache ------------------------------------------------------
    def vectors(self, keys: Iterable[tuple[str, int, int]], model: str) -> dict[tuple[str, int, int], np.ndarray]:
        """Cached vectors of ``(article, start, end)`` spans embedded by ``model``."""
        wanted = set(keys)
        rows = self.rows_in("SELECT article, start, end, vec FROM vectors WHERE model = ? AND article IN ({})",
                            {k[0] for k in wanted}, (model,))  # fmt: skip
        return {
            (r["article"], r["start"], r["end"]): np.frombuffer(r["vec"], dtype=np.float32)
            for r in rows if (r["article"], r["start"], r["end"]) in wanted
        }

    def save_vectors(self, rows: Iterable[tuple[str, int, int, np.ndarray]], model: str) -> None:
        """Add vectors to the cache (one transaction)."""
        c = self.conn
        with c.transaction():
            c.executemany(
                "INSERT INTO vectors VALUES (?,?,?,?,?)"
                " ON CONFLICT (article, start, end, model) DO UPDATE SET vec = excluded.vec",
                [(a, s, e, model, np.asarray(v, dtype=np.float32).tobytes()) for a, s, e, v in rows],
            )

    # -- failures -------------------------------------------------------------
    def record_failure(self, path: str, line: int | None, code: str, message: str) -> None:
        self.conn.execute(
            "INSERT INTO failures VALUES (?,?,?,?,?) ON CONFLICT (path, line)"
            " DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at",
            (path, line or 0, code, message, _now()),
        )

    def clear_failure(self, path: str, line: int | None) -> None:
        self.conn.execute("DELETE FROM failures WHERE path = ? AND line = ?", (path, line or 0))

    # -- reading --------------------------------------------------------------
    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Run a read-only query and return plain dicts."""
        return [dict(r) for r in self.conn.execute(sql, tuple(params)).fetchall()]

    def rows_in(self, sql: str, values: Iterable[Any], params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Run ``sql`` whose ``IN ({})`` takes ``values``, in chunks that SQLite accepts; ``params``
        go before them."""
        ordered = sorted(set(values))
        out: list[dict[str, Any]] = []
        for b in range(0, len(ordered), 500):
            chunk = ordered[b : b + 500]
            out += self.rows(sql.format(",".join("?" * len(chunk))), (*params, *chunk))
        return out

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "timexes", "places", "figures", "events", "event_mentions", "failures"):
            out[table] = int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return out


def _article_dict(row: Any) -> dict[str, Any]:
    d = dict(row)
    d.pop("minhash", None)
    d.pop("rowid", None)  # PostgreSQL's explicit insertion order
    for key in ("published_inferred", "pipeline", "warnings"):
        if d.get(key):
            d[key] = json.loads(d[key])
    return d


def open_store(path: str | Path = "dateline.db") -> Store:
    """Open (creating and migrating as needed) the store at ``path`` (a file or a URL)."""
    return Store(path)
