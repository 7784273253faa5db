"""Store: one schema with numbered migrations. SQLite by default; the interface is :class:`Store`."""

from dateline.store.sqlite import Store, open_store

__all__ = ["Store", "open_store"]
