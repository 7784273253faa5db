"""Per-document analysis: stages registered by name over one :class:`~dateline.doc.Document`.

A stage is a function ``(doc) -> None`` that reads some layers and adds others.
It is registered with :func:`stage`, declaring what it ``requires`` and
``assigns``; :class:`Pipeline` checks the order before running, so a stage can
be swapped for another implementation (same ``assigns``) or switched off.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from dateline.doc import Document
from dateline.errors import UnknownStage

StageFunc = Callable[[Document], None]
BatchFunc = Callable[[list[Document]], None]


@dataclass
class StageInfo:
    """A registered stage: its name, version (stored as provenance) and contract."""

    name: str
    version: str
    func: StageFunc
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    batch: BatchFunc | None = None
    doc: str = ""


REGISTRY: dict[str, StageInfo] = {}
DEFAULT_STAGES = ("nlp", "timex", "places", "figures", "events")


def stage(
    name: str,
    *,
    version: str,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
) -> Callable[[StageFunc], StageFunc]:
    """Register ``func`` as stage ``name``. A later registration under the same name replaces it."""

    def register(func: StageFunc) -> StageFunc:
        REGISTRY[name] = StageInfo(
            name, version, func, tuple(requires), tuple(assigns), doc=(func.__doc__ or "").strip()
        )
        return func

    return register


def batch_stage(name: str) -> Callable[[BatchFunc], BatchFunc]:
    """Attach a batched implementation (used by :meth:`Pipeline.pipe`) to stage ``name``."""

    def register(func: BatchFunc) -> BatchFunc:
        REGISTRY[name].batch = func
        return func

    return register


BUILTIN_MODULES = ("nlp", "timex", "places", "figures", "events")


def _load_builtin_stages() -> None:
    # Importing the modules registers their stages.
    import importlib

    for name in BUILTIN_MODULES:
        try:
            importlib.import_module(f"dateline.analyse.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"dateline.analyse.{name}":
                raise


@dataclass
class Pipeline:
    """An ordered list of stages. ``Pipeline()`` gives the default stages."""

    names: tuple[str, ...] = DEFAULT_STAGES
    stages: list[StageInfo] = field(init=False)
    # Seconds spent in each stage so far (for benchmarks and profiling).
    timings: dict[str, float] = field(default_factory=dict)
    keep_parse: bool = False  # keep ``doc.spacy`` after the run (by default it is dropped: it is large)

    def __post_init__(self) -> None:
        _load_builtin_stages()
        unknown = [n for n in self.names if n not in REGISTRY]
        if unknown:
            known = ", ".join(sorted(REGISTRY))
            raise UnknownStage(f"unknown stage(s) {', '.join(unknown)}; known: {known}")
        self.stages = [REGISTRY[n] for n in self.names]
        assigned: set[str] = set()
        for info in self.stages:
            missing = [r for r in info.requires if r not in assigned]
            if missing:
                raise UnknownStage(
                    f"stage {info.name!r} requires {', '.join(missing)}, which no earlier stage assigns"
                )
            assigned.update(info.assigns)

    @property
    def versions(self) -> dict[str, str]:
        """Stage name → version, recorded with every stored item."""
        return {s.name: s.version for s in self.stages}

    def __call__(self, doc: Document) -> Document:
        self.pipe_batch([doc])
        return doc

    def pipe_batch(self, docs: list[Document]) -> list[Document]:
        """Run every stage over ``docs`` (batched stages see the whole list at once)."""
        for info in self.stages:
            started = time.perf_counter()
            if info.batch is not None:
                info.batch(docs)
            else:
                for doc in docs:
                    try:
                        info.func(doc)
                    except Exception as exc:  # one bad document must not stop the batch
                        doc.warnings.append(f"[E200] stage {info.name} failed: {exc!r}")
            self.timings[info.name] = self.timings.get(info.name, 0.0) + time.perf_counter() - started
            for doc in docs:
                for layer in info.assigns:
                    for span in doc.layers.get(layer, []):
                        if not span.stage:
                            span.stage, span.version = info.name, info.version
        if not self.keep_parse:
            for doc in docs:
                doc.spacy = None  # parses are large; keep only the layers
        return docs

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
        """Analyse a stream of documents in batches."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self.pipe_batch(batch)
                batch = []
        if batch:
            yield from self.pipe_batch(batch)
