"""Store: one schema with numbered migrations, on SQLite (default) or PostgreSQL; the interface is :class:`Store`."""

from dateline.store.backends import is_server_url
from dateline.store.database import Store, open_store

__all__ = ["Store", "is_server_url", "open_store"]
