"""Stories: articles about one evolving story, grouped incrementally.

A new article joins the story of the most similar article already placed
(a blend of TF-IDF cosine over the names it mentions and the cosine of MiniLM
embeddings of the reports' leads, less for reports more than a year apart, at
least ``JOIN``), when it is also alike that
story's reports on average (``MEAN_JOIN``: one close pair must not chain two
stories into one), or opens a story of its own. Articles already placed stay where
they are, so adding reports does not recompute the corpus, except that a story the
new reports joined splits when its reports turn out to be about countries one side
seldom names (:func:`split_by_country`). A near-duplicate joins its original's
story. A story is labelled with the places and parties its articles name most.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import sparse

from dateline.analyse.gazetteer import country_words
from dateline.assemble.embed import LEAD_CHARS, cached_vectors, lead
from dateline.assemble.textsim import tfidf
from dateline.store import Store

# Chosen on the dev topics of ``dateline eval stories`` (mean B-cubed F1 over three samples .764
# with embeddings of 600-character leads;
# names alone .601 at their own best threshold).
JOIN = 0.25
JOIN_NAMES_ONLY = 0.16
EMB_WEIGHT = 0.5
# A report joins a story only if it is also alike the story's reports on average. Chosen on the
# dev topics with all their articles (B-cubed F1 .600 -> .757; 40 a source, .798 -> .795).
MEAN_JOIN = 0.1
# Reports further apart in time than TIME_WINDOW days are less alike the further they are: the
# likeness decays by e for every TIME_SCALE days beyond the window (an undated report: no decay).
TIME_WINDOW, TIME_SCALE = 365.0, 365.0
PLACE_BLOCK = 256  # reports compared with all others in one product (memory: 256 rows of floats)
_NAME = re.compile(r"\b[A-Z][a-zA-Z-]{2,}\b")
_COMMON = frozenset(["The", "This", "That", "These", "Those", "There", "Their", "They", "When", "What", "While", "After", "Before", "But", "And", "His", "Her", "Its", "Our", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])


# A story splits when the countries its reports are mostly about form groups that seldom name
# each other: a group of at least SPLIT_MIN reports and SPLIT_SHARE of the story whose reports,
# or the largest group's, name the other's country in fewer than SPLIT_NAMING of them.
SPLIT_MIN, SPLIT_SHARE, SPLIT_NAMING = 5, 0.1, 0.15
_CAPS = re.compile(r"\b[A-Z][\w.-]*(?:\s+(?:of\s+)?[A-Z][\w.-]*)*")  # ("Libya's": "Libya")


def country_counts(text: str) -> Counter[str]:
    """How often a text names each country, by name, alias or people ("Libya", "Libyans")."""
    words = country_words()
    found: Counter[str] = Counter()
    for m in _CAPS.finditer(text):
        toks = [t if t in words else t.rstrip(".") for t in m[0].split()]  # ("U.S." but "Libya.")
        k = 0
        while k < len(toks):  # the longest country name at each word ("United States", not "United")
            for n in range(min(len(toks) - k, 5), 0, -1):
                iso = words.get(" ".join(toks[k : k + n]))
                if iso:
                    found[iso] += 1
                    k += n
                    break
            else:
                k += 1
    return found


def _names(text: str) -> Counter[str]:
    """Who and where a report names: the words of a story that other stories do not share."""
    return Counter(w.lower() for w in _NAME.findall(text) if w not in _COMMON)


class StorySpace:
    """How alike reports are: the names they share (TF-IDF cosine) blended with what they are
    about (cosine of MiniLM embeddings of their leads, when embeddings are on)."""

    def __init__(self, texts: list[str], emb: np.ndarray | None, weight: float = EMB_WEIGHT,
                 days: list[dt.date | None] | None = None,
                 countries: list[Counter[str] | None] | None = None) -> None:  # fmt: skip
        self.texts = texts
        # The countries each report names, when already counted (a store keeps them).
        self._countries: dict[int, Counter[str]] = {i: c for i, c in enumerate(countries or []) if c is not None}
        self.counted: list[int] = []  # reports whose countries this space counted
        self.names = tfidf([_names(t) for t in texts])
        self.days = np.array([np.nan if d is None else float(d.toordinal()) for d in (days or [None] * len(texts))])
        self.emb = emb
        self.weight = weight if emb is not None else 0.0
        self.join = JOIN if self.weight else JOIN_NAMES_ONLY
        self.mean_join = MEAN_JOIN if self.weight else 0.0  # (names alone: not chosen, not used)

    def similar_to_all(self, rows: list[int], cols: list[int] | None = None) -> np.ndarray:
        """Similarity of each report in ``rows`` to every report (or to those in ``cols``): one
        row per report."""
        cols_ = slice(None) if cols is None else cols
        # One sparse product for the whole block (per report, the product's setup costs more).
        sims = (self.names[rows] @ self.names[cols_].T).toarray()
        if self.emb is not None and self.weight:
            sims = (1 - self.weight) * sims + self.weight * (self.emb[rows] @ self.emb[cols_].T)
        return sims * time_factor(np.abs(self.days[rows][:, None] - self.days[cols_][None, :]))

    def countries(self, i: int) -> Counter[str]:
        """The countries report ``i`` names (counted once, when first asked)."""
        if i not in self._countries:
            self._countries[i] = country_counts(self.texts[i])
            self.counted.append(i)
        return self._countries[i]

    def centroid_similarities(self, groups: list[list[int]]) -> np.ndarray:
        """Cosine between the groups' centroids (diagonal zeroed)."""
        n = self.names.shape[0]
        rows = [k for k, g in enumerate(groups) for _ in g]
        cols = [i for g in groups for i in g]
        member = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(groups), n))
        cent = member @ self.names  # sums; the cosine below ignores the scale
        norms = np.sqrt(cent.multiply(cent).sum(axis=1)).A1
        norms[norms == 0] = 1.0
        cent = sparse.diags(1.0 / norms) @ cent
        sims = (cent @ cent.T).toarray()
        if self.emb is not None and self.weight:
            emb = _cosines(np.vstack([self.emb[g].mean(axis=0) for g in groups]))
            sims = (1 - self.weight) * sims + self.weight * emb
        spans = np.array([(np.nanmin(d), np.nanmax(d)) if not np.isnan(d).all() else (np.nan, np.nan)
                          for d in (self.days[g] for g in groups)])  # fmt: skip
        lo, hi = spans[:, 0], spans[:, 1]
        gaps = np.maximum(np.maximum(lo[:, None] - hi[None, :], lo[None, :] - hi[:, None]), 0.0)
        sims = sims * time_factor(gaps)
        np.fill_diagonal(sims, 0.0)
        return sims


def time_factor(gaps: np.ndarray) -> np.ndarray:
    """How much of their likeness two reports (or stories) ``gaps`` days apart keep: all of it
    within ``TIME_WINDOW``, then less by e every ``TIME_SCALE`` days; an unknown gap (NaN) keeps it."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(gaps), 1.0, np.exp(-np.maximum(np.nan_to_num(gaps) - TIME_WINDOW, 0.0) / TIME_SCALE))


def _cosines(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1)
    norms[norms == 0] = 1.0
    m = m / norms[:, None]
    return m @ m.T


def place(space: StorySpace, story: list[Any], todo: list[int], new_story: Callable[[], Any],
          join: float | None = None) -> None:  # fmt: skip
    """Give each report in ``todo`` (in order) the story of its most similar placed report, or a
    new story; then fold the stories this call opened into older ones they resemble, split the
    stories it added to when they hold two countries' stories (:func:`split_by_country`), and
    fold each part split off into an older story it resembles."""
    join = space.join if join is None else join
    created = set()
    # Stories as small integers (-1: not placed yet), so that a story's members are one mask.
    codes: dict[Any, int] = {}
    label = np.array([-1 if s is None else codes.setdefault(s, len(codes)) for s in story])
    for b in range(0, len(todo), PLACE_BLOCK):
        block = todo[b : b + PLACE_BLOCK]
        block_sims = space.similar_to_all(block)
        for i, sims in zip(block, block_sims, strict=True):
            label[i] = -1  # (a report is not its own neighbour)
            placed = label >= 0
            if placed.any():
                k = int(np.argmax(np.where(placed, sims, -np.inf)))
                target = label[k]
                # ... and alike the story as a whole: one close pair does not chain two stories together
                if sims[k] >= join and sims[label == target].mean() >= space.mean_join:
                    story[i], label[i] = story[k], target
                    continue
            story[i] = new_story()
            created.add(story[i])
            label[i] = codes.setdefault(story[i], len(codes))
    _fold(space, story, created, join)
    apart: dict[Any, set[Any]] = {}
    for sid in sorted({story[i] for i in todo}, key=str):
        apart.update(split_by_country(space, story, sid, new_story))
    # A part split off joins an older story it resembles (the same country's story, split off
    # by an earlier build), never the story it left.
    _fold(space, story, set(apart), join, apart)


def split_by_country(space: StorySpace, story: list[Any], sid: Any,
                     new_story: Callable[[], Any]) -> dict[Any, set[Any]]:  # fmt: skip
    """Split story ``sid`` when it holds reports about countries that seldom name each other
    (Libya's war and Syria's uprising, chained by the reports that name both): each such
    country's reports become a story of their own, and the reports mostly about some other
    country, or none, go with the part they are most alike on average. The largest part keeps
    the story's id. Returns each new story with the stories it was split from or beside."""
    members = [i for i, s in enumerate(story) if s == sid]
    if len(members) < 2 * SPLIT_MIN:
        return {}
    counts = {i: space.countries(i) for i in members}
    main = {}
    for i, c in counts.items():
        top = c.most_common(2)
        if top and (len(top) == 1 or top[0][1] > top[1][1]):
            main[i] = top[0][0]  # (a tie: about no one country)
    groups = Counter(main.values()).most_common()
    if len(groups) < 2:
        return {}
    first = groups[0][0]
    parts = {first: [i for i in members if main.get(i) == first]}
    for country, n in groups[1:]:
        if n < max(SPLIT_MIN, SPLIT_SHARE * len(members)):
            break
        group = [i for i in members if main.get(i) == country]
        naming = min(np.mean([counts[i][country] > 0 for i in parts[first]]),
                     np.mean([counts[i][first] > 0 for i in group]))  # fmt: skip
        if naming < SPLIT_NAMING:
            parts[country] = group
    if len(parts) < 2:
        return {}
    placed = {i for g in parts.values() for i in g}
    rest = [i for i in members if i not in placed]
    order = list(parts)
    cols = [i for c in order for i in parts[c]]
    bounds = np.cumsum([0] + [len(parts[c]) for c in order])
    rest_part: dict[int, str] = {}  # (each compared with the country groups alone)
    for b in range(0, len(rest), PLACE_BLOCK):
        block = rest[b : b + PLACE_BLOCK]
        sims = space.similar_to_all(block, cols)
        for i, row in zip(block, sims, strict=True):
            means = [row[bounds[k] : bounds[k + 1]].mean() for k in range(len(order))]
            rest_part[i] = order[int(np.argmax(means))]
    for i, country in rest_part.items():
        parts[country].append(i)
    keep = max(order, key=lambda c: len(parts[c]))
    ids = {country: sid if country == keep else new_story() for country in order}
    for country in order:
        for i in parts[country]:
            story[i] = ids[country]
    return {ids[c]: set(ids.values()) - {ids[c]} for c in order if c != keep}


def _fold(space: StorySpace, story: list[Any], created: set[Any], join: float,
          apart: dict[Any, set[Any]] | None = None) -> None:  # fmt: skip
    """Fold each story opened by this batch into the closest story when their centroids are
    alike: an early report of a story may share little with the next one, but much with the
    story as a whole. Stories that existed before the batch are never moved here; a story
    is never folded into those ``apart`` names for it."""
    while True:
        ids = sorted({s for s in story if s is not None})
        if len(ids) < 2 or not created:
            return
        members: dict[Any, list[int]] = {sid: [] for sid in ids}
        for i, sid in enumerate(story):
            if sid is not None:
                members[sid].append(i)
        sims = space.centroid_similarities([members[sid] for sid in ids])
        folds = []
        for a, sid in enumerate(ids):
            if sid in created:
                row = sims[a].copy()
                row[a] = -np.inf  # (not itself)
                for other in (apart or {}).get(sid, ()):
                    if other in members:
                        row[ids.index(other)] = -np.inf
                b = int(np.argmax(row))
                if row[b] >= join:
                    folds.append((float(row[b]), sid, ids[b]))
        if not folds:
            return
        # The most alike pairs first; a story takes part in one fold per round, so each round
        # is what folding one pair at a time would do, without recomputing after every pair.
        touched: set[Any] = set()
        for _, x, y in sorted(folds, key=lambda f: -f[0]):
            if x in touched or y in touched:
                continue
            touched.update((x, y))
            # Fold the newer story into the older one (smaller id), so earlier stories keep their id.
            src, dst = max(x, y), min(x, y)
            for i in members[src]:
                story[i] = dst
            created.discard(src)


def assign_stories(store: Store) -> int:
    """Place every unplaced article in a story; returns how many were placed."""
    rows = store.rows("SELECT id, title, text, published, story, duplicate_of, countries FROM articles ORDER BY rowid")
    todo = [i for i, r in enumerate(rows) if r["story"] is None and r["duplicate_of"] is None]
    if not todo:
        _place_duplicates(store)
        return 0
    keep = [i for i, r in enumerate(rows) if r["duplicate_of"] is None]
    rows = [rows[i] for i in keep]
    position = {old: new for new, old in enumerate(keep)}
    todo = [position[i] for i in todo]
    # (keyed by the lead's length, as a negative start no sentence has: a new length re-embeds)
    emb = cached_vectors(store, [(r["id"], -LEAD_CHARS, 0, lead(r)) for r in rows])
    # (an undated report's date is inferred after, from its story: it is compared as undated)
    days = [_day(r["published"]) for r in rows]
    known = [None if r["countries"] is None else Counter(json.loads(r["countries"])) for r in rows]
    space = StorySpace([r["text"] for r in rows], emb, days=days, countries=known)
    story = [r["story"] for r in rows]
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    c = store.conn
    with store.transaction():
        place(space, story, todo,
              lambda: c.execute("INSERT INTO stories (label, created_at) VALUES (NULL, ?) RETURNING id",
                                (now,)).fetchone()[0])  # fmt: skip
        for i, r in enumerate(rows):
            if story[i] != r["story"]:
                c.execute("UPDATE articles SET story = ? WHERE id = ?", (story[i], r["id"]))
        for i in space.counted:
            c.execute("UPDATE articles SET countries = ? WHERE id = ?",
                      (json.dumps(dict(sorted(space.countries(i).items()))), rows[i]["id"]))  # fmt: skip
        c.execute("DELETE FROM stories WHERE id NOT IN (SELECT story FROM articles WHERE story IS NOT NULL)")
    _place_duplicates(store)
    _label(store)
    return len(todo)


def _day(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


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


def has_story(store: Store, story: int) -> bool:
    """Whether the store holds a story with this id."""
    return bool(store.rows("SELECT 1 FROM stories WHERE id = ?", (story,)))


def stories(store: Store) -> list[dict[str, Any]]:
    """Every story with its label, size and time span."""
    return store.rows(
        "SELECT s.id, s.label, COUNT(a.id) AS articles, MIN(a.published) AS first, MAX(a.published) AS last"
        " FROM stories s LEFT JOIN articles a ON a.story = s.id GROUP BY s.id ORDER BY s.id"
    )
