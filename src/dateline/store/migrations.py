"""Numbered schema migrations. Each runs once, in order, inside a transaction.

Never edit a migration that has shipped: add the next number instead. The
statements are written for SQLite; the PostgreSQL connection translates the
column types (see :mod:`~dateline.store.backends`), and a migration that must
differ between the two asks ``conn.dialect``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = Callable[[Any], None]  # takes a dateline.store.backends connection
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    def register(func: Migration) -> Migration:
        MIGRATIONS.append((number, name, func))
        MIGRATIONS.sort(key=lambda m: m[0])
        return func

    return register


def run_script(conn: Any, sql: str) -> None:
    """Run ``;``-separated statements inside the caller's transaction.

    (``executescript`` would commit first, breaking the one-transaction rule.)
    """
    for statement in sql.split(";"):
        lines = [ln for ln in statement.splitlines() if not ln.strip().startswith("--")]
        body = "\n".join(ln.split(" -- ")[0] if " -- " in ln else ln for ln in lines).strip()
        if body:
            conn.execute(body)


@migration(1, "initial schema")
def m0001_initial(conn: Any) -> None:
    run_script(
        conn,
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            title TEXT,
            source TEXT,
            url TEXT,
            path TEXT,
            line INTEGER,
            published TEXT,
            published_inferred TEXT,      -- JSON {earliest, latest, best, evidence}
            duplicate_of TEXT REFERENCES articles(id),
            similarity REAL,
            minhash BLOB,
            words INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            analysed_at TEXT,
            pipeline TEXT,                -- JSON {stage: version}
            warnings TEXT                 -- JSON list
        );
        CREATE INDEX articles_text_hash ON articles(text_hash);
        CREATE INDEX articles_published ON articles(published);

        CREATE TABLE sentences (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            PRIMARY KEY (article, start)
        );

        CREATE TABLE timexes (
            id INTEGER PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            type TEXT NOT NULL, value TEXT, mod TEXT,
            earliest TEXT, latest TEXT, anchored INTEGER NOT NULL DEFAULT 0,
            stage TEXT NOT NULL, version TEXT NOT NULL
        );
        CREATE INDEX timexes_article ON timexes(article);

        CREATE TABLE places (
            id INTEGER PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            name TEXT, lat REAL, lon REAL, country TEXT, kind TEXT, geonameid INTEGER,
            parent TEXT,
            stage TEXT NOT NULL, version TEXT NOT NULL
        );
        CREATE INDEX places_article ON places(article);

        CREATE TABLE figures (
            id INTEGER PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            value REAL, low REAL, high REAL, approx INTEGER NOT NULL, qualifier TEXT,
            counted TEXT, unit TEXT, per TEXT, place TEXT,
            as_of_earliest TEXT, as_of_latest TEXT,
            attributed_to TEXT,           -- JSON {speaker, outlet} or NULL
            modality TEXT,
            stage TEXT NOT NULL, version TEXT NOT NULL
        );
        CREATE INDEX figures_article ON figures(article);

        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL, mode TEXT,
            acled_event_type TEXT, acled_sub_event_type TEXT,
            trigger TEXT NOT NULL,
            actors TEXT NOT NULL,         -- JSON list
            targets TEXT NOT NULL,        -- JSON list
            place_name TEXT, lat REAL, lon REAL,
            date_earliest TEXT, date_latest TEXT, date_value TEXT,
            modality TEXT NOT NULL,
            attributed_to TEXT,           -- JSON {speaker, outlet} or NULL
            stage TEXT NOT NULL, version TEXT NOT NULL
        );
        CREATE INDEX events_date ON events(date_earliest, date_latest);

        CREATE TABLE event_mentions (
            event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL,
            sentence_start INTEGER, sentence_end INTEGER,
            PRIMARY KEY (event, article, start)
        );
        CREATE INDEX event_mentions_article ON event_mentions(article);

        CREATE TABLE failures (
            path TEXT NOT NULL,
            line INTEGER NOT NULL DEFAULT 0,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (path, line)
        );
        """
    )


@migration(2, "record the reference date each analysis used")
def m0002_analysed_dct(conn: Any) -> None:
    # For undated reports this is the inferred date; relative expressions were resolved
    # against it, so a better inference later calls for re-analysis.
    conn.execute("ALTER TABLE articles ADD COLUMN analysed_dct TEXT")


@migration(3, "keep each mention's own details when events merge across reports")
def m0003_mention_details(conn: Any) -> None:
    # What this report says of the event (date, place, actors, source…), kept side by side
    # with other reports' versions once the mentions are merged into one event.
    conn.execute("ALTER TABLE event_mentions ADD COLUMN details TEXT")


@migration(4, "stories: groups of articles about one evolving story")
def m0004_stories(conn: Any) -> None:
    run_script(
        conn,
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            label TEXT,
            created_at TEXT NOT NULL
        );
        ALTER TABLE articles ADD COLUMN story INTEGER REFERENCES stories(id)
        """,
    )


@migration(5, "cache of sentence embeddings")
def m0005_vectors(conn: Any) -> None:
    # One row per embedded span of an article's text (a report's lead, an event's sentence);
    # the model id is kept so that a different model never mixes with old vectors.
    run_script(
        conn,
        """
        CREATE TABLE vectors (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            model TEXT NOT NULL,
            vec BLOB NOT NULL,
            PRIMARY KEY (article, start, end, model)
        )
        """,
    )


@migration(6, "remember which articles' events have been compared across reports")
def m0006_merged_at(conn: Any) -> None:
    # Event merging compares only mentions of articles not yet merged with the rest, so a
    # new report costs its own comparisons, not the whole store's.
    conn.execute("ALTER TABLE articles ADD COLUMN merged_at TEXT")


@migration(7, "articles keep their insertion order on PostgreSQL too")
def m0007_insertion_order(conn: Any) -> None:
    # SQLite numbers every row (rowid) and the store lists articles in that order;
    # PostgreSQL has no such column, so it gets one.
    if conn.dialect == "postgresql":
        conn.execute("ALTER TABLE articles ADD COLUMN rowid BIGSERIAL")


@migration(8, "an event's place says what kind of place it is, and in which country")
def m0008_event_place_kind(conn: Any) -> None:
    # A country's or a region's centre is not where the event happened: a map user must be
    # able to tell such points from towns. (Events analysed before stay NULL until analysed again.)
    conn.execute("ALTER TABLE events ADD COLUMN place_kind TEXT")
    conn.execute("ALTER TABLE events ADD COLUMN place_country TEXT")


@migration(9, "the countries each article names, kept for story splitting")
def m0009_article_countries(conn: Any) -> None:
    # Counted once per article (names, aliases and peoples of countries, as JSON {"LY": 12}),
    # so that checking a large story does not read all of its reports' texts again.
    conn.execute("ALTER TABLE articles ADD COLUMN countries TEXT")


@migration(10, "articles are found by story")
def m0010_article_story_index(conn: Any) -> None:
    # One story's timeline, export, report and web page read that story's reports alone;
    # without an index each would scan every stored article.
    conn.execute("CREATE INDEX articles_story ON articles(story)")
