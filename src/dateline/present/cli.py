"""The ``dateline`` command: a thin layer over the library.

Domain errors become one-line messages on stderr; the exit status is 1 when
anything failed, 2 for usage errors, and 0 when the reader of the output stops
early (``dateline timeline | head``).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
import textwrap
import time
from collections.abc import Iterable
from typing import Any

import click

from dateline import __version__
from dateline.errors import DatelineError

# spaCy's small matrices run fastest on one BLAS thread per process (one process per
# core does the rest); this must be set before numpy is first imported. A user's own
# setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DB_OPTION = click.option(
    "--db",
    default=lambda: os.environ.get("DATELINE_DB", "dateline.db"),
    show_default="dateline.db or $DATELINE_DB",
    help="SQLite database file, or a PostgreSQL URL (postgresql://USER:PASS@HOST/DBNAME).",
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


class _Quiet(click.Group):
    """A group whose commands stop quietly when their reader does: ``dateline timeline | head``
    exits 0, without a traceback, once ``head`` has read what it wants."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            # Python flushes stdout again on exit: point it at nothing, so that flush is silent.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)


@click.group(cls=_Quiet, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dateline")
def main() -> None:
    """dateline: a sourced, dated, placed record of what happened, from news reports."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that have none.")
@click.option("--workers", type=int, default=None, help="Analysis processes (default: one per core).")
@click.option("--stages", default=None, help="Comma-separated analysis stages (default: all).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal, for long runs).")
@click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Your own places (CSV: name,lat,lon,kind,country,alternate_names with | between names); repeatable.")  # fmt: skip
@click.option("--dask", "scheduler", default=None, metavar="local|ADDRESS",
              help="Analyse on Dask: 'local' starts --workers processes here; tcp://HOST:8786 uses a running cluster.")  # fmt: skip
@click.option("--keep-outdated", is_flag=True,
              help="Do not analyse again the stored articles analysed by other stages or stage versions.")
def build(inputs: tuple[str, ...], db: str, published: dt.date | None, workers: int | None,
          stages: str | None, progress: bool | None, gazetteers: tuple[str, ...],
          scheduler: str | None, keep_outdated: bool) -> None:  # fmt: skip
    """Read INPUTS (files or folders of .txt, .html, .jsonl, .json, .rss/.atom/.xml), analyse, store."""
    from dateline.analyse import DEFAULT_STAGES
    from dateline.build import build as run_build

    if gazetteers:  # read by every analysis process when it loads the gazetteer
        from dateline.analyse.gazetteer import load_gazetteer

        os.environ["DATELINE_GAZETTEER"] = os.pathsep.join(os.path.abspath(g) for g in gazetteers)
        load_gazetteer.cache_clear()

    start = time.perf_counter()
    try:
        summary = run_build(
            list(inputs), db, published=published, workers=workers, progress=progress,
            stages=tuple(stages.split(",")) if stages else DEFAULT_STAGES,
            on_error=lambda line: click.echo(line, err=True), scheduler=scheduler,
            reanalyse_outdated=not keep_outdated,
        )  # fmt: skip
    except DatelineError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(1)
    click.echo(f"{summary.line()} in {time.perf_counter() - start:.1f}s → {db}", err=True)
    if summary.failed:
        sys.exit(1)


STORY_OPTION = click.option("--story", type=int, default=None, help="Only the reports of this story (see `dateline stories`).")


def _check_story(store: Any, db: str, story: int | None) -> None:
    """A one-line error, exit 1, when ``story`` is given and the store has no such story."""
    from dateline.assemble.stories import has_story

    if story is not None and not has_story(store, story):
        click.echo(f"[E302] {db}: no story {story} (run `dateline stories` to list them)", err=True)
        sys.exit(1)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "geojson", "timelinejs"]), default="json",
              show_default=True)  # fmt: skip
@click.option("--table", type=click.Choice(["articles", "timexes", "places", "figures", "figure_series", "events", "timeline"]),
              default="events", show_default=True,
              help="Table to write with --format csv; with --format geojson, events or places.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None, help="Output file (default: stdout).")
@STORY_OPTION
def export(db: str, fmt: str, table: str, out: str | None, story: int | None) -> None:
    """Export the record: JSON (the documented contract), JSONL, CSV, GeoJSON, TimelineJS.

    GeoJSON holds the placed events (or, with --table places, each place with its mentions);
    TimelineJS holds the timeline, one slide per date, for Knight Lab's TimelineJS3 viewer.
    """
    from dateline.present import export as ex

    if fmt == "geojson" and table not in ex.GEOJSON_TABLES:
        raise click.BadParameter(f"GeoJSON holds events or places, not {table}", param_hint="--table")
    store = _open(db)
    _check_story(store, db, story)
    if fmt in ("json", "jsonl"):  # written as it is read, a table at a time
        _write(ex.json_chunks(store, story) if fmt == "json"
               else (line + "\n" for line in ex.jsonl_lines(store, story)), out)  # fmt: skip
        return
    writers = {"csv": lambda s: ex.to_csv(s, table, story), "geojson": lambda s: ex.to_geojson(s, table, story),
               "timelinejs": lambda s: ex.to_timelinejs(s, story)}  # fmt: skip
    _write([writers[fmt](store)], out)


@main.command()
@DB_OPTION
@click.option("--max-dates", type=int, default=None, help="Keep the L most important dates.")
@click.option("--per-date", type=int, default=2, show_default=True, help="Sentences per date.")
@click.option("--start", default=None, help="First date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--end", default=None, help="Last date.")
@click.option("--query", default=None, help="Only lines that have one of these words.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--method", type=click.Choice(["combined", "events", "sentences"]), default="combined", show_default=True,
              help="combined: the days reports name most, told by their best sentences, with the events "
                   "placed on them and the months and undated reports' events only events know; "
                   "events: asserted events alone; sentences: dated reports' sentences alone.")  # fmt: skip
@STORY_OPTION
def timeline(db: str, max_dates: int | None, per_date: int, start: str | None, end: str | None,
             query: str | None, fmt: str, method: str, story: int | None) -> None:  # fmt: skip
    """Print the timeline: the most important dates and what happened on each."""
    from dateline.assemble.timeline import build_timeline

    store = _open(db)
    _check_story(store, db, story)
    entries = build_timeline(store, max_dates=max_dates, per_date=per_date, start=start, end=end, query=query,
                             story=story, method=method)  # fmt: skip
    if story is None:
        _hint_stories(store)
    if fmt == "json":
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo("(no dated events: give publication dates with --published or in the input)")
    width = 100
    for e in entries:
        srcs = "; ".join(sorted({s["title"] or s["article"] for s in e["sources"]}))  # title or file
        body = textwrap.fill(e["summary"], width=width - 13, subsequent_indent=" " * 13)
        click.echo(f"{('~' if e.get('approximate') else '') + e['date']:<12} {body}")
        click.echo(" " * 13 + click.style(f"[{srcs}]", dim=True))


def _hint_stories(store: Any) -> None:
    """On stderr, when the store holds several sizeable stories: the timeline mixes them."""
    from dateline.assemble.stories import stories

    every = stories(store)
    total = sum(r["articles"] for r in every)
    big = [r for r in every if r["articles"] >= max(2, 0.1 * total)]
    if len(big) > 1:
        listed = ", ".join(f"{r['id']} ({r['label'] or 'no label'}, {r['articles']} reports)" for r in big[:5])
        click.echo(f"note: this timeline mixes {len(big)} stories: {listed}. `--story N` gives one "
                   "(`dateline stories` lists them all).", err=True)  # fmt: skip


@main.command("stories")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--min-reports", type=click.IntRange(min=1), default=1, show_default=True,
              help="List only stories of at least this many reports.")  # fmt: skip
def stories_cmd(db: str, fmt: str, min_reports: int) -> None:
    """List the stories: the groups of reports about one evolving story."""
    from dateline.assemble.stories import stories

    every = stories(_open(db))
    rows = [r for r in every if r["articles"] >= min_reports]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'story':>5}  {'reports':>7}  {'first':<10}  {'last':<10}  label")
    for r in rows:
        click.echo(f"{r['id']:>5}  {r['articles']:>7}  {(r['first'] or '—')[:10]:<10}  {(r['last'] or '—')[:10]:<10}  "
                   f"{r['label'] or '—'}")  # fmt: skip
    if len(rows) < len(every):
        hidden = len(every) - len(rows)
        click.echo(f"({hidden} {'story' if hidden == 1 else 'stories'} of fewer than {min_reports} reports not listed)")


@main.command()
@DB_OPTION
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default="report.html", show_default=True)
@STORY_OPTION
def report(db: str, out: str, story: int | None) -> None:
    """Write a self-contained HTML report (works offline, runs no script)."""
    from dateline.present.report import render_report

    store = _open(db)
    _check_story(store, db, story)
    _write([render_report(store, story=story)], out)
    click.echo(f"report written to {out}", err=True)


@main.command()
@DB_OPTION
@click.option("--port", type=int, default=8000, show_default=True)
def serve(db: str, port: int) -> None:
    """Serve the web UI and JSON API on 127.0.0.1."""
    import uvicorn

    from dateline.present.web import create_app

    _open(db).close()
    uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="warning")


@main.command()
def stages() -> None:
    """List the registered analysis stages."""
    from dateline.analyse import REGISTRY, Pipeline

    Pipeline()  # registers the built-in stages
    for info in REGISTRY.values():
        click.echo(f"{info.name:<9} v{info.version}  needs {', '.join(info.requires) or '—'}; "
                   f"adds {', '.join(info.assigns)}  — {info.doc.splitlines()[0] if info.doc else ''}")  # fmt: skip
    from dateline.assemble.embed import status

    click.echo(f"cross-report steps (stories, event merging): {status()}")


def _open(db: str):  # type: ignore[no-untyped-def]
    from dateline.store import Store, is_server_url

    if db != ":memory:" and not is_server_url(db) and not os.path.exists(db):
        click.echo(f"[E301] {db}: no such database (run `dateline build` first)", err=True)
        sys.exit(1)
    try:
        return Store(db)
    except DatelineError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(1)


def _write(chunks: Iterable[str], out: str | None) -> None:
    """Write pieces of text to standard output, or to the file ``out``: written beside it under
    a temporary name and renamed when complete, so a failure never leaves half a file in place
    of an earlier export."""
    if out is None or out == "-":
        sys.stdout.writelines(chunks)
        sys.stdout.flush()
        return
    part = f"{out}.part"
    try:
        with open(part, "w", encoding="utf-8") as fh:
            fh.writelines(chunks)
        os.replace(part, out)
    except OSError as e:
        click.echo(f"[E303] {out}: cannot write the file ({e.strerror or e})", err=True)
        sys.exit(1)
    finally:
        if os.path.exists(part):
            os.remove(part)


from dateline.present.eval_cli import eval_group  # noqa: E402

main.add_command(eval_group)

if __name__ == "__main__":
    main()
