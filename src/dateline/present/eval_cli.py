"""``dateline eval …``: evaluation commands that print our figures beside the published anchors."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "eval"


def _default(sub: str) -> str:
    return str(SHARED / sub)


@click.group("eval")
def eval_group() -> None:
    """Score dateline on the evaluation data (TempEval-3, Timeline17, …)."""


@eval_group.command("timex")
@click.argument("path", default=lambda: _default("tempeval3/TBAQ-cleaned"))
@click.option("--split", type=click.Choice(["heldout", "train", "all"]), default="heldout", show_default=True,
              help="Fixed split of the TimeML files (see docs/evaluation.md).")  # fmt: skip
@click.option("--errors", type=click.Path(dir_okay=False, writable=True), help="Write each error as JSON Lines.")
def eval_timex(path: str, split: str, errors: str | None) -> None:
    """TempEval-3 Task A on TimeML files: strict/relaxed extent P/R/F1, type F1, value F1.

    PATH may also be MEANTIME's folder of CAT XML files: its TIMEX3, scored the same way.
    """
    from dateline.eval.timeml import PUBLISHED, evaluate

    if not Path(path).exists():
        click.echo(f"[E101] {path}: no such file or directory (TimeML .tml files or a folder of them)", err=True)
        sys.exit(1)
    t0 = time.perf_counter()
    meantime = Path(path).is_dir() and not any(Path(path).rglob("*.tml")) and any(Path(path).rglob("*.xml"))
    if meantime:  # MEANTIME's CAT XML: a second corpus, scored whole (it was never split)
        from dateline.eval.meantime import corpus_files, evaluate_timex

        counts, n, split = evaluate_timex(path, errors is not None), len(corpus_files(path)), "whole corpus"
    else:
        counts, n = evaluate(path, split, keep_errors=errors is not None)
    secs = time.perf_counter() - t0
    m = counts.metrics()
    corpus = "MEANTIME (Wikinews)" if meantime else "TempEval-3 Task A"
    part = split if meantime else f"{split} split"
    click.echo(f"{corpus} — {n} documents ({part}), {counts.gold} gold TIMEX3 (DCT excluded), "
               f"{counts.system} found, {secs:.1f}s")  # fmt: skip
    head = f"{'system':<34}{'strict P':>9}{'R':>7}{'F1':>7}{'relaxed P':>11}{'R':>7}{'F1':>7}{'type F1':>9}{'value F1':>10}"
    click.echo(head)
    click.echo(f"{'dateline (this data)':<34}{m['strict_p']:>9.3f}{m['strict_r']:>7.3f}{m['strict_f1']:>7.3f}"
               f"{m['relaxed_p']:>11.3f}{m['relaxed_r']:>7.3f}{m['relaxed_f1']:>7.3f}{m['type_f1']:>9.3f}"
               f"{m['value_f1']:>10.3f}")  # fmt: skip
    for name, pub in PUBLISHED.items():
        label = f"{name} (TE3 test, published)"
        click.echo(f"{label:<34}{'':>9}{'':>7}{pub['strict_f1']:>7.3f}{'':>11}{'':>7}{pub['relaxed_f1']:>7.3f}"
                   f"{'':>9}{pub['value_f1']:>10.3f}")  # fmt: skip
    click.echo("note: published figures are on the TE3 platinum test set, which is not in ../shared; ours are on "
               + ("MEANTIME's English articles." if meantime else f"the TBAQ {split} split."))  # fmt: skip
    if errors:
        with open(errors, "w", encoding="utf-8") as fh:
            for e in counts.errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")


@eval_group.command("anchoring")
@click.argument("path", default=lambda: _default("tempeval3/TBAQ-cleaned"))
@click.option("--split", type=click.Choice(["heldout", "train", "all"]), default="heldout", show_default=True,
              help="Fixed split of the TimeML files (the one `eval timex` uses).")  # fmt: skip
def eval_anchoring(path: str, split: str) -> None:
    """Event dating on TimeML files: does each gold event get the date its TLINKs give it
    (the time expression of its sentence that contains it; before, after or around the DCT)?"""
    from dateline.eval.anchoring import evaluate

    if not list(Path(path).rglob("*.tml")):
        click.echo(f"[E101] {path}: no TimeML (.tml) files found", err=True)
        sys.exit(1)
    t0 = time.perf_counter()
    counts, n = evaluate(path, split)
    m = counts.metrics()
    click.echo(f"Event anchoring — {n} documents ({split} split), {time.perf_counter() - t0:.1f}s")
    click.echo(f"in-sentence anchor: recall {m['anchor_r']:.3f} ({counts.anchored_found}/{counts.anchored_gold} "
               f"events dated from the expression that contains them), precision {m['anchor_p']:.3f} "
               f"({counts.linked_right}/{counts.linked_choices} chosen expressions linked as containing)")  # fmt: skip
    click.echo(f"against the DCT (before/after/around): accuracy {m['dct_acc']:.3f} over "
               f"{sum(counts.dct.values())} events; majority class {m['dct_majority']:.3f}")  # fmt: skip
    click.echo("no published anchor for this protocol (TempEval-2 tasks C and D classify given pairs instead).")


@eval_group.command("dating")
@click.argument("path", default=lambda: _default("timeline17"))
@click.option("--topics", "split", type=click.Choice(["dev", "heldout", "all"]), default="all", show_default=True,
              help="dev = topics named before 'MJ' (tuned on), heldout = the rest.")  # fmt: skip
@click.option("--limit", type=int, default=None, help="At most N articles per topic.")
def eval_dating(path: str, split: str, limit: int | None) -> None:
    """Hide each Timeline17 article's date (leave one out) and infer it from content and the
    other reports: share within ±7 and ±31 days.
    """
    from dateline.eval.dating import evaluate_topic, topic_split, topics

    dirs = [d for d in topics(path) if split == "all" or topic_split(d.name) == split]
    if not dirs:
        click.echo(f"[E101] {path}: no Timeline17 topics (folders with articles.json) found", err=True)
        sys.exit(1)
    click.echo(f"{'topic':<24}{'articles':>9}{'±7 days':>9}{'±31 days':>10}{'no date':>9}{'stamped':>9}"
               f"{'unstamped ±7':>14}{'±31':>7}")  # fmt: skip

    def row(name: str, n: int, w7: int, w31: int, undated: int, stamped: int, r7: int, r31: int) -> str:
        rest = max(n - stamped, 1)
        return (f"{name:<24}{n:>9}{w7 / n:>9.3f}{w31 / n:>10.3f}{undated:>9}{stamped:>9}"
                f"{r7 / rest:>14.3f}{r31 / rest:>7.3f}")  # fmt: skip

    tot = [0] * 7
    for d in dirs:
        r = evaluate_topic(d, limit)
        got = [r.articles, r.within7, r.within31, r.undated, r.stamped, r.rest7, r.rest31]
        tot = [a + b for a, b in zip(tot, got, strict=True)]
        click.echo(row(r.topic, *got))
    click.echo(row(f"all ({split})", *tot))
    click.echo("stamped: articles whose text carries its own date-and-time line (read, not inferred); the "
               "unstamped columns score the others")  # fmt: skip
    click.echo("targets: ≥ 0.60 within 7 days, ≥ 0.80 within 31 days (no published anchor for this task)")


@eval_group.command("geo")
@click.argument("corpus", default=lambda: _default("geoparsing/lgl.xml"))
@click.option("--gold-spans", is_flag=True, help="Resolve the gold toponyms instead of finding them.")
@click.option("--split", type=click.Choice(["heldout", "dev", "all"]), default="all", show_default=True,
              help="Every fifth article is held out (never tuned on); dev is the rest.")  # fmt: skip
@click.option("--limit", type=int, default=None, help="At most N articles.")
def eval_geo(corpus: str, gold_spans: bool, split: str, limit: int | None) -> None:
    """Toponym recognition and resolution on LGL or GeoVirus: P/R/F1, acc@161 km, mean error, AUC."""
    from dateline.eval.geo import PUBLISHED, evaluate

    if not Path(corpus).exists():
        click.echo(f"[E101] {corpus}: no such file (lgl.xml or GeoVirus.xml)", err=True)
        sys.exit(1)
    t0 = time.perf_counter()
    scores = evaluate(corpus, gold_spans=gold_spans, limit=limit, split=split)
    s = scores.summary()
    name = Path(corpus).stem.lower()
    click.echo(f"{Path(corpus).name} — {'gold spans' if gold_spans else 'end to end'}, {split} split, "
               f"{time.perf_counter() - t0:.0f}s")  # fmt: skip
    if not gold_spans:
        click.echo(f"recognition: exact P {s['exact_p']:.3f} R {s['exact_r']:.3f} F1 {s['exact_f1']:.3f} | "
                   f"overlap P {s['overlap_p']:.3f} R {s['overlap_r']:.3f} F1 {s['overlap_f1']:.3f}")  # fmt: skip
        click.echo("demonyms ('Russian', kind demonym): " + ("scored, as this corpus annotates them" if scores.demonyms
                   else "not scored: this corpus never annotates them as toponyms"))  # fmt: skip
    click.echo(f"{'system':<46}{'acc@161':>9}{'AUC':>7}{'mean km':>9}{'median km':>11}{'toponyms':>10}")
    click.echo(f"{'dateline':<46}{100 * s['acc161']:>9.1f}{100 * s['auc']:>7.1f}{s['mean_km']:>9.0f}"
               f"{s['median_km']:>11.1f}{s['resolved']:>10}")  # fmt: skip
    for system, (acc, auc, err) in PUBLISHED.get(name, {}).items():
        label = f"{system} (Gritta et al. 2018)"
        click.echo(f"{label:<46}{acc:>9.1f}{auc:>7.1f}{err * 100:>9.0f}{'':>11}{'':>10}")
    click.echo("note: published figures are over each system's own recognised toponyms (whole corpus); "
               "unresolved toponyms count as 20,039 km here.")  # fmt: skip


def _meantime_files(path: str, split: str) -> list[Path]:
    from dateline.eval.meantime import corpus_files

    files = corpus_files(path)
    # Fixed split: every other file (sorted by name) is held out; tuning used the others.
    return [f for i, f in enumerate(files) if split == "all" or (i % 2 == 1) == (split == "heldout")]


@eval_group.command("figures")
@click.argument("path", default=lambda: _default("meantime/intra-doc_annotation"))
@click.option("--split", type=click.Choice(["heldout", "dev", "all"]), default="all", show_default=True)
def eval_figures(path: str, split: str) -> None:
    """Figure spans against MEANTIME's VALUE markables (QUANTITY, MONEY, PERCENT)."""
    from dateline.eval.meantime import evaluate_figures

    files = _meantime_files(path, split)
    if not files:
        click.echo(f"[E101] {path}: no MEANTIME .xml files found", err=True)
        sys.exit(1)
    r = evaluate_figures(files)
    click.echo(f"MEANTIME figures — {len(files)} articles ({split}), {r['exact']['gold']} gold VALUE spans")
    click.echo(f"{'match':<10}{'P':>7}{'R':>7}{'F1':>7}{'found':>7}")
    for kind in ("exact", "overlap"):
        m = r[kind]
        click.echo(f"{kind:<10}{m['p']:>7.3f}{m['r']:>7.3f}{m['f1']:>7.3f}{m['system']:>7}")
    click.echo("no published anchor for this exact task; target: span F1 ≥ 0.85")


@eval_group.command("events")
@click.argument("path", default=lambda: _default("meantime/intra-doc_annotation"))
@click.option("--split", type=click.Choice(["heldout", "dev", "all"]), default="all", show_default=True)
def eval_events(path: str, split: str) -> None:
    """Event mentions against MEANTIME's EVENT_MENTIONs of the kinds dateline extracts, and
    actor/target agreement with the gold Arg0/Arg1 participants (see docs/evaluation.md)."""
    from dateline.eval.meantime import evaluate_events

    files = _meantime_files(path, split)
    if not files:
        click.echo(f"[E101] {path}: no MEANTIME .xml files found", err=True)
        sys.exit(1)
    r = evaluate_events(files)
    m = r["mentions"]
    click.echo(f"MEANTIME events — {len(files)} articles ({split}); gold mentions in scope: {m['gold']}")
    click.echo(f"mentions (overlap): P {m['p']:.3f} R {m['r']:.3f} F1 {m['f1']:.3f} ({m['system']} found)")
    p = r["participants"]
    click.echo(f"participants of matched events: {p['system']}/{p['gold']} gold Arg0/Arg1 found as our "
               f"actors/targets ({p['p']:.3f})")  # fmt: skip
    click.echo("anchor: TempEval-3 Task B event extraction (all event classes, TE3 test): best F1 0.81 (ATT-1)")


@eval_group.command("tls")
@click.argument("path", default=lambda: _default("timeline17"))
@click.option("--pairing", type=click.Choice(["own", "cross"]), default="own", show_default=True,
              help="own = each outlet's reports against its own gold timeline (the published protocol); "
                   "cross = against the other outlets' timelines of the same topic.")  # fmt: skip
def eval_tls(path: str, pairing: str) -> None:
    """Timeline summarisation on Timeline17 (protocol of Gholipour Ghalandari & Ifrim 2020):
    alignment-based ROUGE-1/2 F1 (many-to-one) and date F1 from tilse, averaged over the tasks."""
    import statistics

    from dateline.eval.dating import topic_split
    from dateline.eval.tls import cross_tasks, gold_timeline, predict, score, tasks

    jobs, names = [], []
    t0 = time.perf_counter()
    for art, tl in (tasks if pairing == "own" else cross_tasks)(path):
        gold = gold_timeline(tl)
        jobs.append({"pred": predict(art, gold), "gold": gold})
        gold_name = tl.name.removesuffix(".timeline.json").removesuffix(".txt")
        names.append(f"{art.parent.name}/{gold_name}" if pairing == "own"
                     else f"{art.parent.name} -> {tl.parent.name}/{gold_name}")  # fmt: skip
    if not jobs:
        click.echo(f"[E101] {path}: no Timeline17 tasks (articles.json + *.timeline.json) found", err=True)
        sys.exit(1)
    results, mode = score(jobs)
    w = max(40, *(len(n) + 2 for n in names))
    click.echo(f"{'task':<{w}}{'AR-1 F1':>9}{'AR-2 F1':>9}{'date F1':>9}")
    for name, r in zip(names, results, strict=True):
        click.echo(f"{name:<{w}}{r['ar1']:>9.3f}{r['ar2']:>9.3f}{r['date_f1']:>9.3f}")
    mean = {k: statistics.mean(r[k] for r in results) for k in ("ar1", "ar2", "date_f1")}
    click.echo(f"{'dateline (mean of ' + str(len(results)) + ' tasks)':<{w}}{mean['ar1']:>9.3f}{mean['ar2']:>9.3f}"
               f"{mean['date_f1']:>9.3f}")  # fmt: skip
    dev = [topic_split(n) == "dev" for n in names]
    for label, want in (("dev", True), ("held-out", False)):
        part = [r for r, is_dev in zip(results, dev, strict=True) if is_dev == want]
        if part:
            m = {k: statistics.mean(r[k] for r in part) for k in ("ar1", "ar2", "date_f1")}
            click.echo(f"{'  ' + label + ' topics (' + str(len(part)) + ' tasks)':<{w}}{m['ar1']:>9.3f}"
                       f"{m['ar2']:>9.3f}{m['date_f1']:>9.3f}")  # fmt: skip
    if pairing == "cross":
        click.echo(f"tilse ROUGE: {mode}; {time.perf_counter() - t0:.0f}s. Each outlet's reports against the other "
                   "outlets' timelines of its topic (topics with one outlet drop out); no published anchor: "
                   "the published figures are for own-outlet pairs (--pairing own).")  # fmt: skip
        return
    for system, (a1, a2, df) in {"DATEWISE (published, 19 tasks)": (0.120, 0.035, 0.544),
                                 "CLUST (published, 19 tasks)": (0.082, 0.020, 0.407)}.items():  # fmt: skip
        click.echo(f"{system:<{w}}{a1:>9.3f}{a2:>9.3f}{df:>9.3f}")
    click.echo(f"tilse ROUGE: {mode}; {time.perf_counter() - t0:.0f}s. Finan_washingtonpost has no articles "
               "here, so ours is the mean over the 18 runnable tasks.")  # fmt: skip


@eval_group.command("stories")
@click.argument("path", default=lambda: _default("timeline17"))
@click.option("--topics", "split", type=click.Choice(["dev", "heldout"]), default="heldout", show_default=True,
              help="dev = topics named before 'MJ' (tuned on), heldout = the rest.")  # fmt: skip
@click.option("--per-source", type=int, default=40, show_default=True, help="Articles sampled from each source.")
def eval_stories(path: str, split: str, per_source: int) -> None:
    """Mix Timeline17 topics into one stream, group it into stories incrementally (batches of
    50), and score B-cubed P/R/F1 against the topics; with and without embeddings."""
    from dateline.assemble.embed import embedder
    from dateline.eval.stories import evaluate

    if not list(Path(path).glob("*/articles.json")):
        click.echo(f"[E101] {path}: no Timeline17 topics (folders with articles.json) found", err=True)
        sys.exit(1)
    click.echo(f"{'similarity':<34}{'articles':>9}{'topics':>8}{'stories':>9}{'B3 P':>7}{'R':>7}{'F1':>7}")
    for label, emb in (("names TF-IDF only", False), ("names + MiniLM embeddings", True)):
        if emb and embedder() is None:
            click.echo("embeddings: off (model packages not installed)")
            continue
        r = evaluate(path, split, per_source, embeddings=emb)
        click.echo(f"{label:<34}{r.articles:>9}{r.gold_stories:>8}{r.stories:>9}{r.precision:>7.3f}"
                   f"{r.recall:>7.3f}{r.f1:>7.3f}")  # fmt: skip
    click.echo(f"{split} topics; no published anchor (story detection on Timeline17 is our own protocol).")
