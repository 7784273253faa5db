"""Dating undated reports from their content.

A report cannot predate the latest past event it dates explicitly: an
undated report that says "ISIS captured Mosul in June 2014" was written after
June 2014. Each undated article gets ``published_inferred`` =
``{earliest, latest, best, evidence}``; bounds that the text does not give stay
``null`` rather than guessed, and ``evidence`` lists the expressions used.
"""

from __future__ import annotations

from typing import Any

from dateline.store import Store


def infer_for_article(timexes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Inference from one article's own explicit (not DCT-relative) dates."""
    explicit = [
        t for t in timexes
        if not t["anchored"] and t["type"] == "DATE" and t["earliest"] and t["latest"]
    ]  # fmt: skip
    if not explicit:
        return None
    latest_mention = max(explicit, key=lambda t: t["earliest"])
    evidence = [
        {"text": t["text"], "start": t["start"], "end": t["end"], "value": t["value"],
         "reason": "the report mentions this date, so it was written on or after its start"}
        for t in sorted(explicit, key=lambda t: t["earliest"], reverse=True)[:5]
    ]  # fmt: skip
    return {
        "earliest": latest_mention["earliest"],
        "latest": None,
        "best": None,
        "evidence": evidence,
        "note": "upper bound unknown: the text gives no date after which it cannot have been written",
    }


def infer_publication_dates(store: Store) -> int:
    """Fill ``published_inferred`` for every undated original article; returns how many."""
    rows = store.rows(
        "SELECT id FROM articles WHERE published IS NULL AND duplicate_of IS NULL AND analysed_at IS NOT NULL"
    )
    n = 0
    for row in rows:
        timexes = store.rows("SELECT * FROM timexes WHERE article = ? ORDER BY start", (row["id"],))
        inferred = infer_for_article(timexes)
        if inferred is None:
            inferred = {
                "earliest": None, "latest": None, "best": None, "evidence": [],
                "note": "no explicit dates in the text; relative expressions need a dated anchor",
            }  # fmt: skip
        store.set_published_inferred(row["id"], inferred)
        n += 1
    store.conn.execute(
        "UPDATE articles SET published_inferred = NULL WHERE published IS NOT NULL AND published_inferred IS NOT NULL"
    )
    return n
