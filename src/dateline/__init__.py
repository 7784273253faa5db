"""dateline: a sourced, dated, placed record of what happened, built from news reports.

Data flows one way: ingest → analyse → assemble → store → present.
The library comes first; the CLI, web UI and exports are thin layers over it::

    import dateline
    summary = dateline.build(["reports/"], db="story.db")
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Document", "__version__", "build"]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing a stage module does not load the whole system.
    if name == "build":
        from dateline.build import build

        return build
    if name == "Document":
        from dateline.doc import Document

        return Document
    raise AttributeError(name)
