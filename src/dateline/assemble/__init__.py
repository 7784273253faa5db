"""Assemble: cross-document work over the store (dating undated reports, the timeline)."""

from __future__ import annotations

from dateline.assemble.dating import infer_publication_dates
from dateline.assemble.merge import merge_events
from dateline.assemble.stories import assign_stories
from dateline.assemble.timeline import build_timeline
from dateline.store import Store

__all__ = ["assemble", "assign_stories", "build_timeline", "infer_publication_dates", "merge_events"]


def assemble(store: Store) -> None:
    """Run every cross-document step that the store's current contents call for, in one
    transaction: a build running at the same time cannot store analyses between the steps'
    reads and writes (its own assembly, after them, sees them all)."""
    with store.transaction():
        assign_stories(store)
        infer_publication_dates(store)
        merge_events(store)
