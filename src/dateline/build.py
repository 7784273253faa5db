"""``build``: read → analyse → assemble → store, for files and folders of news reports.

The one writer is this process; analysis runs in worker processes (one spaCy
model each, loaded once) when there is enough work to pay for them, or, for
large batch runs, on a Dask cluster (``scheduler``: ``"local"`` or the address
of a running scheduler), whose workers send the annotations back here.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache, partial
from multiprocessing import get_context
from typing import Any

from dateline.analyse import DEFAULT_STAGES, Pipeline
from dateline.doc import Document
from dateline.errors import InputError, MissingExtra
from dateline.ingest import DuplicateIndex, RawArticle, article_id, read_inputs, text_hash
from dateline.ingest.clean import strip_comment_thread
from dateline.ingest.dedup import signature
from dateline.store import Store, open_store

PARALLEL_MIN_DOCS = 16
STALE_ROUNDS = 4
BATCH = 16


@dataclass
class BuildSummary:
    """What a build did: counts and the one-line errors of what failed."""

    read: int = 0
    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    analysed: int = 0
    reanalysed: int = 0  # of ``analysed``: stored articles whose analysis was made by other stage versions
    failed: int = 0
    trimmed: int = 0  # texts whose trailing reader-comment thread was cut
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"read {self.read}, added {self.added}, unchanged {self.unchanged}, "
            f"duplicates {self.duplicates}, analysed {self.analysed}"
            + (f" ({self.reanalysed} again: analysed before by other stage versions)" if self.reanalysed else "")
            + f", failed {self.failed}"
            + (f"; reader comments cut from {self.trimmed}" if self.trimmed else "")
        )


# -- worker side ---------------------------------------------------------------
@lru_cache(maxsize=4)
def _pipeline_for(stages: tuple[str, ...]) -> Pipeline:
    """The pipeline of a worker process (pool or Dask), whose BLAS then runs on one thread."""
    from dateline.analyse.nlp import one_blas_thread

    one_blas_thread()
    return Pipeline(stages)


def _init_worker(stages: tuple[str, ...]) -> None:
    from dateline.analyse.gazetteer import load_gazetteer

    load_gazetteer.cache_clear()  # a SQLite connection must not cross a fork: open our own
    _pipeline_for.cache_clear()
    _pipeline_for(stages)


def _analyse_batch(docs: list[Document], stages: tuple[str, ...]) -> list[Document]:
    """Runs in a worker process (local or Dask): one pipeline (one spaCy model) per process, kept."""
    return _pipeline_for(stages).pipe_batch(docs)


def _batches(items: list[Document], size: int) -> Iterator[list[Document]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _dask_client(scheduler: str, workers: int) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingExtra("Dask runs need dask and distributed: pip install 'dateline[dask]'") from exc
    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
        return Client(cluster), cluster
    return Client(scheduler), None


class _DaskSession:
    """One Dask client for a whole build, started when first needed."""

    def __init__(self, scheduler: str, workers: int):
        self.scheduler, self.workers = scheduler, workers
        self._client: Any = None
        self._cluster: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client, self._cluster = _dask_client(self.scheduler, self.workers)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _analyse_dask(docs: list[Document], stages: tuple[str, ...], workers: int,
                  scheduler: Any) -> Iterator[Document]:  # fmt: skip
    """On a Dask client, or on a new one for ``scheduler`` ("local" or an address), closed after."""
    session = _DaskSession(scheduler, workers) if isinstance(scheduler, str) else None
    client = session.client if session is not None else scheduler
    try:
        # A bounded window of batches in flight: memory stays flat however large the run.
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        pending: list[Any] = []
        batches = _batches(docs, BATCH)
        for batch in batches:
            pending.append(client.submit(_analyse_batch, batch, stages, pure=False))
            if len(pending) >= window:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
    finally:
        if session is not None:
            session.close()


def analyse_documents(
    docs: list[Document],
    stages: tuple[str, ...] = DEFAULT_STAGES,
    workers: int | None = None,
    on_done: Callable[[Document], None] | None = None,
    scheduler: Any = None,
    pool: LocalPool | None = None,
) -> Iterator[Document]:
    """Analyse ``docs``, in parallel worker processes when there are many (those of
    ``pool`` when given, else new ones), or on a Dask cluster when ``scheduler`` is
    given ("local", an address, or a ``distributed.Client``). Yields in order."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if scheduler and docs:
        for doc in _analyse_dask(docs, stages, workers, scheduler):
            if on_done:
                on_done(doc)
            yield doc
        return
    if workers <= 1 or len(docs) < PARALLEL_MIN_DOCS:
        pipeline = Pipeline(stages)
        for batch in _batches(docs, BATCH):
            for doc in pipeline.pipe_batch(batch):
                if on_done:
                    on_done(doc)
                yield doc
        return
    local = pool if pool is not None else LocalPool(workers, stages)
    try:
        for batch in local.executor.map(partial(_analyse_batch, stages=stages), _batches(docs, BATCH)):
            for doc in batch:
                if on_done:
                    on_done(doc)
                yield doc
    finally:
        if pool is None:
            local.close()


class LocalPool:
    """Analysis worker processes on this machine, started when first needed and kept for
    every analysis of a build.

    The workers are forked: the parse model is loaded here once and shared. They
    are forked before this process runs any thread of its own (the embedding
    model's come later in a build), because once a thread has run, C libraries
    stay in their slower thread-safe mode in this process and in every process
    forked from it: the parse then runs about 15% slower (measured with the build
    benchmark). The re-analysis of undated reports reuses the same workers.
    """

    def __init__(self, workers: int, stages: tuple[str, ...]):
        self.workers, self.stages = workers, stages
        self._pool: ProcessPoolExecutor | None = None

    @property
    def executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            from dateline.analyse.nlp import load_model

            load_model()
            ctx = get_context("fork") if sys.platform != "win32" else get_context()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                             initargs=(self.stages,))  # fmt: skip
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


# -- the build -------------------------------------------------------------------
def _doc_from_raw(raw: RawArticle, art_id: str) -> Document:
    return Document(
        id=art_id, text=raw.text, title=raw.title, source=raw.source, url=raw.url,
        path=raw.path, published=raw.published,
    )  # fmt: skip


def same_file(stored: str | None, given: str) -> bool:
    """Whether a stored article's path and a path read now may name the same file: they agree
    on every trailing part both have ("a.jsonl" and "reports/a.jsonl" may, as a build run from
    another folder; "Libya/articles.json" and "Haiti/articles.json" do not)."""
    if not stored:
        return False
    a = os.path.normpath(stored).replace("\\", "/").split("/")
    b = os.path.normpath(given).replace("\\", "/").split("/")
    if os.path.isabs(stored) and os.path.isabs(given):
        return a == b
    n = min(len(a), len(b))
    return a[-n:] == b[-n:]


def build(
    inputs: Iterable[str],
    db: str | Store = "dateline.db",
    *,
    published: dt.date | None = None,
    stages: tuple[str, ...] = DEFAULT_STAGES,
    workers: int | None = None,
    progress: bool | None = None,
    on_error: Callable[[str], None] | None = None,
    scheduler: str | None = None,
    reanalyse_outdated: bool = True,
) -> BuildSummary:
    """Read ``inputs`` (files and folders), store new articles, analyse them, assemble the story.

    ``published`` dates inputs that carry no date of their own. Errors are
    reported through ``on_error`` (one line each) and recorded in the store;
    the batch goes on. ``scheduler`` runs the analysis on Dask: ``"local"``
    starts ``workers`` worker processes here, an address (``tcp://host:8786``)
    uses a running cluster whose workers have dateline installed. Stored articles that
    were analysed by other stages or stage versions (an upgrade of dateline) are analysed
    again, unless ``reanalyse_outdated`` is false.
    """
    store = db if isinstance(db, Store) else open_store(db)
    summary = BuildSummary()

    def fail(err: InputError) -> None:
        summary.failed += 1
        line = err.one_line()
        summary.errors.append(line)
        store.record_failure(err.path or "?", err.line, err.code, err.message)
        if on_error:
            on_error(line)

    dups = DuplicateIndex()
    for sid, thash, sig in store.signatures():
        if sig is not None:
            dups.add(sid, thash, sig)

    new_docs: list[Document] = []
    for item in read_inputs(list(inputs)):
        if isinstance(item, InputError):
            fail(item)
            continue
        summary.read += 1
        if item.published is None and published is not None:
            item.published = published
        # Ids come from the text as read, so that cleaning it never changes an article's id.
        art_id = article_id(item.text, item.key, item.external_id)
        hash_id = article_id(item.text, item.key)
        item.text, cut = strip_comment_thread(item.text)
        summary.trimmed += cut > 0
        store.clear_failure(item.path, item.line)
        existing = store.article(art_id)
        if existing is not None and existing["text"] != item.text and not same_file(existing["path"], item.path):
            # The same id from another file is another article (ids are often per-file, like
            # Timeline17's), not an update: keep both, the newcomer under a content-hash id.
            art_id = hash_id
            existing = store.article(art_id)
        if existing is not None and existing["text"] != item.text:
            # The same id with new text: a corrected or updated article. Replace and re-analyse.
            thash, sig = text_hash(item.text), signature(item.text)
            store.replace_article(_doc_from_raw(item, art_id), text_hash=thash, minhash=sig)
            new_docs.append(store.load_document(art_id))
            summary.added += 1
            continue
        if existing is not None:
            if existing["duplicate_of"] is None and art_id not in dups.sigs:
                # Stored since this build started (another build sharing the database): its
                # copies later in this batch must still be found.
                dups.add(art_id, existing["text_hash"], signature(item.text))
            if existing["published"] is None and item.published is not None:
                store.set_published(art_id, item.published)  # a date given later is kept
                if existing["duplicate_of"] is None:
                    new_docs.append(store.load_document(art_id))
            summary.unchanged += 1
            continue
        thash = text_hash(item.text)
        sig = signature(item.text)
        match = dups.find(thash, sig)
        doc = _doc_from_raw(item, art_id)
        if match is not None:
            store.add_article(doc, text_hash=thash, minhash=sig, line=item.line,
                              duplicate_of=match[0], similarity=round(match[1], 3))  # fmt: skip
            summary.duplicates += 1
            summary.added += 1
            continue
        store.add_article(doc, text_hash=thash, minhash=sig, line=item.line)
        dups.add(art_id, thash, sig)
        summary.added += 1
        new_docs.append(doc)

    # One analysis per id (the last text read wins), plus articles stored by an earlier,
    # interrupted build.
    new_docs = list({d.id: d for d in new_docs}.values())
    pending = {d.id for d in new_docs}
    for art_id in store.unanalysed():
        if art_id not in pending:
            new_docs.append(store.load_document(art_id))
            pending.add(art_id)
    versions = Pipeline(stages).versions
    if reanalyse_outdated:
        for art_id in store.outdated(versions):
            if art_id not in pending:
                new_docs.append(store.load_document(art_id))
                summary.reanalysed += 1

    bar = None
    show = progress if progress is not None else (sys.stderr.isatty() and len(new_docs) > 20)
    if show and new_docs:
        from tqdm import tqdm

        class Bar(tqdm):  # type: ignore[type-arg]
            monitor_interval = 0  # no monitor thread (see LocalPool)

        bar = Bar(total=len(new_docs), unit="article", desc="analysing", file=sys.stderr)
    n_workers = workers or os.cpu_count() or 1
    dask = _DaskSession(scheduler, n_workers) if scheduler else None
    local = LocalPool(n_workers, stages)
    try:
        _analyse_and_assemble(store, new_docs, stages, workers, dask, local, versions, summary, bar)
    finally:
        local.close()
        if dask is not None:
            dask.close()
    if not isinstance(db, Store):
        store.close()
    return summary


def _analyse_and_assemble(store: Store, new_docs: list[Document], stages: tuple[str, ...],
                          workers: int | None, dask: _DaskSession | None, local: LocalPool,
                          versions: dict[str, str], summary: BuildSummary, bar: Any) -> None:  # fmt: skip
    on_dask = dask.client if dask is not None and new_docs else None
    for doc in analyse_documents(new_docs, stages, workers, scheduler=on_dask, pool=local):
        store.save_analysis(doc, versions)
        summary.analysed += 1
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()

    from dateline.assemble import assemble

    assemble(store)
    # Undated reports: resolve their relative expressions ("on Thursday") against the date
    # inferred for them; the inference is then refreshed with the new annotations, until
    # it no longer moves (a fixed point, whatever order concurrent builds stored things in;
    # a date that keeps moving after STALE_ROUNDS rounds is left as the last one found).
    for _round in range(STALE_ROUNDS):
        stale = store.stale_inferred()
        if not stale:
            break
        redo = []
        for art_id, best in stale:
            doc = store.load_document(art_id)
            doc.dct_inferred = best
            redo.append(doc)
        on_dask = dask.client if dask is not None else None
        for doc in analyse_documents(redo, stages, workers, scheduler=on_dask, pool=local):
            store.save_analysis(doc, versions)
        assemble(store)
