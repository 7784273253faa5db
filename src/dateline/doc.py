"""The document object every analysis stage reads and adds to.

One :class:`Document` per article: the original text, untouched, plus named
layers of spans. Every span carries character offsets into ``Document.text``,
so ``doc.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Span:
    """A stretch of the original text with a label and free attributes.

    ``attrs`` holds what the producing stage knows (a timex value, a place's
    coordinates, a figure's bounds…). ``stage`` and ``version`` record which
    stage produced it (provenance).
    """

    start: int
    end: int
    text: str
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    stage: str = ""
    version: str = ""

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@dataclass
class Document:
    """An article being analysed: metadata, original text and span layers."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    published: dt.date | None = None
    dct_inferred: dt.date | None = None
    layers: dict[str, list[Span]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Runtime-only helpers (the spaCy parse, a sentence index); never stored.
    spacy: Any = None
    _starts: list[int] | None = field(default=None, repr=False)

    @property
    def dct(self) -> dt.date | None:
        """Document creation time used to resolve relative expressions: the publication date,
        else the date inferred for an undated report (``dct_inferred``)."""
        return self.published or self.dct_inferred

    def layer(self, name: str) -> list[Span]:
        """The spans of layer ``name`` (created empty on first access)."""
        return self.layers.setdefault(name, [])

    def add(self, layer: str, start: int, end: int, label: str = "", **attrs: Any) -> Span:
        """Add a span to ``layer``; the text is sliced from the original, never copied in."""
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"span {start}:{end} outside document of length {len(self.text)}")
        span = Span(start, end, self.text[start:end], label, attrs)
        self.layer(layer).append(span)
        return span

    def sentence_of(self, pos: int) -> Span | None:
        """The sentence span containing character ``pos``."""
        sents = self.layers.get("sentences", [])
        if self._starts is None or len(self._starts) != len(sents):
            self._starts = [s.start for s in sents]
        i = bisect.bisect_right(self._starts, pos) - 1
        if 0 <= i < len(sents) and sents[i].start <= pos < sents[i].end:
            return sents[i]
        return None
