"""Stories: articles about one evolving story, grouped incrementally.

A new article joins the story of the most similar article already placed
(TF-IDF cosine over the names it mentions, at least ``JOIN``) or opens a
story of its own; articles already placed never move, so adding reports does
not recompute the corpus. A near-duplicate joins its original's story. A story
is labelled with the places and parties its articles name most.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import numpy as np

from dateline.assemble.textsim import tfidf
from dateline.store import Store

JOIN = 0.12
_NAME = re.compile(r"\b[A-Z][a-zA-Z-]{2,}\b")
_COMMON = frozenset(["The", "This", "That", "These", "Those", "There", "Their", "They", "When", "What", "While", "After", "Before", "But", "And", "His", "Her", "Its", "Our", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])


def _names(text: str) -> Counter[str]:
    """Who and where a report names: the words of a story that other stories do not share."""
    return Counter(w.lower() for w in _NAME.findall(text) if w not in _COMMON)


def assign_stories(store: Store) -> int:
    """Place every unplaced article in a story; returns how many were placed."""
    rows = store.rows("SELECT id, text, story, duplicate_of FROM articles ORDER BY rowid")
    todo = [i for i, r in enumerate(rows) if r["story"] is None and r["duplicate_of"] is None]
    if not todo:
        _place_duplicates(store)
        return 0
    vecs = tfidf([_names(r["text"]) for r in rows])
    story = [r["story"] for r in rows]
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    c = store.conn
    c.execute("BEGIN IMMEDIATE")
    try:
        for i in todo:
            placed = [j for j, s in enumerate(story) if s is not None and j != i]
            best, sim = None, 0.0
            if placed:
                sims = (vecs[placed] @ vecs[i].T).toarray().ravel()
                k = int(np.argmax(sims))
                best, sim = placed[k], float(sims[k])
            if best is not None and sim >= JOIN:
                story[i] = story[best]
            else:
                story[i] = c.execute("INSERT INTO stories (label, created_at) VALUES (NULL, ?)", (now,)).lastrowid
            c.execute("UPDATE articles SET story = ? WHERE id = ?", (story[i], rows[i]["id"]))
        c.execute("COMMIT")
    except BaseException:
        c.execute("ROLLBACK")
        raise
    _join_new_stories(store, rows, vecs, story, created={story[i] for i in todo})
    _place_duplicates(store)
    _label(store)
    return len(todo)


def _join_new_stories(store: Store, rows: list[dict[str, Any]], vecs: Any, story: list[Any],
                      created: set[int]) -> None:  # fmt: skip
    """Fold each story opened by this batch into the closest story when their centroids are
    alike: an early report of a story may share little with the next one, but much with the
    story as a whole. Stories that existed before the batch are never split or moved."""
    while True:
        ids = sorted({s for s in story if s is not None})
        if len(ids) < 2:
            return
        members = {sid: [i for i, s in enumerate(story) if s == sid] for sid in ids}
        cents = np.vstack([np.asarray(vecs[members[sid]].mean(axis=0)) for sid in ids])
        norms = np.linalg.norm(cents, axis=1)
        norms[norms == 0] = 1.0
        cents = cents / norms[:, None]
        sims = cents @ cents.T
        np.fill_diagonal(sims, 0.0)
        best = None
        for a, sid in enumerate(ids):
            if sid not in created:
                continue
            b = int(np.argmax(sims[a]))
            if sims[a, b] >= JOIN and (best is None or sims[a, b] > best[2]):
                best = (sid, ids[b], float(sims[a, b]))
        if best is None:
            return
        # Fold the newer story into the older one (smaller id), so earlier stories keep their id.
        src, dst = max(best[0], best[1]), min(best[0], best[1])
        for i in members[src]:
            story[i] = dst
        store.conn.execute("UPDATE articles SET story = ? WHERE story = ?", (dst, src))
        store.conn.execute("DELETE FROM stories WHERE id = ?", (src,))
        created.discard(src)


def _place_duplicates(store: Store) -> None:
    store.conn.execute(
        "UPDATE articles SET story = (SELECT o.story FROM articles o WHERE o.id = articles.duplicate_of)"
        " WHERE duplicate_of IS NOT NULL AND story IS NULL"
    )


def _label(store: Store) -> None:
    names: dict[int, Counter[str]] = {}
    for r in store.rows(
        "SELECT a.story, p.name FROM places p JOIN articles a ON a.id = p.article"
        " WHERE p.lat IS NOT NULL AND p.kind NOT IN ('demonym', 'country', 'continent')"
    ):
        names.setdefault(r["story"], Counter())[r["name"]] += 1
    for story, counts in names.items():
        label = " / ".join(n for n, _ in counts.most_common(2))
        store.conn.execute("UPDATE stories SET label = ? WHERE id = ?", (label, story))


def stories(store: Store) -> list[dict[str, Any]]:
    """Every story with its label, size and time span."""
    return store.rows(
        "SELECT s.id, s.label, COUNT(a.id) AS articles, MIN(a.published) AS first, MAX(a.published) AS last"
        " FROM stories s LEFT JOIN articles a ON a.story = s.id GROUP BY s.id ORDER BY s.id"
    )
