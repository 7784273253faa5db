"""``dateline eval tls``: timeline summarisation on Timeline17 with the protocol of
Gholipour Ghalandari & Ifrim (2020) and the metrics of ``tilse``.

Per gold timeline: articles published outside the gold timeline's first and
last date are removed; L (dates) and K (sentences per date) come from the
gold timeline. Nothing is learned, so no cross-validation is needed. tilse
runs in a separate environment (``.venv-peers``) installed by this command:
it is an evaluation peer, not a dependency of dateline.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from dateline.analyse.nlp import TITLE_ABBREVIATIONS, split_entries
from dateline.analyse.timex import tag
from dateline.assemble.dating import publication_stamp
from dateline.assemble.tls import (
    NAMED_WITHIN_DAYS,
    DatedSentence,
    is_dated_caption,
    summarise,
    too_short,
)
from dateline.eval.dating import timex_rows
from dateline.eval.peers import ensure_peer
from dateline.ingest.clean import strip_comment_thread

_SENT = re.compile(r"(?<=[.!?])\s+(?=[`'\"A-Z(-])|(?<=[.!?] '')\s+|\s{2,}")


# A full stop that ends these does not end the sentence ("Lt. Gen. Charles Bouchard").
_TITLES = frozenset(t.lower() for t in TITLE_ABBREVIATIONS) | {"i.e", "e.g", "rd"}
# After "U.S." or "10 a.m." a new sentence starts with one of these, not with a name or a day.
_STARTERS = frozenset({
    "the", "a", "an", "in", "he", "she", "it", "they", "we", "i", "but", "and", "on", "at", "this", "that",
    "these", "those", "his", "her", "their", "its", "there", "as", "after", "when", "while", "meanwhile",
    "however", "some", "many", "most", "if", "for", "by", "also", "since", "with", "earlier", "later",
    "according",
})  # fmt: skip


def _ends_sentence(before: str, after: str) -> bool:
    """Whether the full stop closing the word ``before`` ends a sentence, given the next word."""
    word = before.lower().rstrip(".")
    if word in _TITLES:
        return False  # "Gen. Charles Bouchard"
    if word in ("u.s", "u.n", "u.k", "e.u", "d.c", "u.s.a", "a.m", "p.m") or re.fullmatch(r"(?:[A-Z]\.){3,}", before):
        return after.lower() in _STARTERS  # "left the U.S. The next day", not "the U.N. Security Council"
    return not re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)?", before)  # initials: "George W. Bush", "P.J. Crowley"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of Timeline17's tokenised text (spaCy would be too slow for 4,000 articles)."""
    spans, start = [], 0
    for m in _SENT.finditer(text):
        if text[m.start() - 1] == "." and not _ends_sentence(
            text[text.rfind(" ", 0, m.start()) + 1 : m.start()], text[m.end() :].split(" ", 1)[0]
        ):
            continue
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    spans = [piece for s, e in spans for piece in split_entries(text, s, e)]  # as a build splits them
    return [(s, e) for s, e in spans if not too_short(text[s:e])]


def dated_sentences(articles: list[dict[str, Any]]) -> list[DatedSentence]:
    """Sentences with the days they name (relative ones resolved against the report's date)."""
    out = []
    for a in articles:
        text, pub = strip_comment_thread(a["text"])[0], dt.date.fromisoformat(a["dct"])  # as a build stores it
        days: dict[int, list[dt.date]] = {}
        spans = split_sentences(text)
        starts = [s for s, _ in spans]
        found = tag(text, pub)
        stamp = publication_stamp(text, timex_rows(found))
        for t in found:
            if t.type != "DATE" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value):
                continue
            if stamp is not None and t.start == stamp["start"]:
                continue  # the page's date line is not the report naming a day
            d = dt.date.fromisoformat(t.value)
            if abs((d - pub).days) > NAMED_WITHIN_DAYS:
                continue
            i = max((k for k, s in enumerate(starts) if s <= t.start), default=0)
            days.setdefault(i, []).append(d)
        for k, (s, e) in enumerate(spans):
            named = None if is_dated_caption(text[s:e]) else days.get(k)  # (a picture's day)
            for d in sorted(set(named)) if named else [pub]:
                out.append(DatedSentence(text[s:e], a["uid"], pub, d, bool(named), s, e, k))
    return out


def gold_timeline(path: Path) -> dict[str, list[str]]:
    tl: dict[str, list[str]] = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        sents = [x.strip() for x in re.split(r"(?<=\s[.!?])\s+", item["text"].strip()) if x.strip()]
        tl.setdefault(item["date"], []).extend(sents)
    return tl


def tasks(path: str | Path) -> list[tuple[Path, Path]]:
    """(articles.json, gold timeline) for every runnable task."""
    out = []
    for art in sorted(Path(path).glob("*/articles.json")):
        for tl in sorted(art.parent.glob("*.timeline.json")):
            out.append((art, tl))
    return out


def cross_tasks(path: str | Path) -> list[tuple[Path, Path]]:
    """(articles.json, gold timeline) pairing each outlet's reports with every *other* outlet's
    gold timeline of the same topic ("bpoil_bbc" reports, "bpoil_guardian" timeline): how a
    timeline fares against editors who did not write from these reports. A topic is the folder
    name up to its first underscore; a folder with several timelines is paired once per timeline."""
    pairs = tasks(path)
    topic = lambda p: p.parent.name.split("_", 1)[0]  # noqa: E731
    folders = sorted({art for art, _ in pairs})
    return [(art, tl) for art in folders for other, tl in pairs if topic(other) == topic(art) and other != art]


def predict(articles_path: Path, gold: dict[str, list[str]]) -> dict[str, list[str]]:
    dates = sorted(gold)
    first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])
    articles = [a for a in json.loads(articles_path.read_text(encoding="utf-8"))
                if first <= dt.date.fromisoformat(a["dct"]) <= last]  # fmt: skip
    n_dates = len(gold)
    per_date = max(1, round(sum(len(v) for v in gold.values()) / n_dates))
    sents = dated_sentences(articles)
    timeline = summarise(sents, n_dates, per_date, start=first, end=last)
    return {d.isoformat(): [s.text for s in chosen] for d, chosen in timeline}


TILSE_RUNNER = r"""
import json, sys, datetime as dt
from tilse.data.timelines import Timeline, GroundTruth
from tilse.evaluation import rouge, dates as tdates
jobs = json.load(sys.stdin)
mode = jobs["rouge"]
ev = rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation=mode)
out = []
def tl(d):
    return Timeline({dt.datetime.strptime(k, "%Y-%m-%d").date(): v for k, v in d.items()})
for job in jobs["tasks"]:
    pred, ref = tl(job["pred"]), GroundTruth([tl(job["gold"])])
    ar = ev.evaluate_align_date_content_costs_many_to_one(pred, ref)
    df = tdates.evaluate_dates(pred, ref)
    out.append({"ar1": ar["rouge_1"]["f_score"], "ar2": ar["rouge_2"]["f_score"], "date_f1": df["f_score"]})
json.dump(out, sys.stdout)
"""


def ensure_tilse() -> Path:
    return ensure_peer("tilse, pyrouge", "tilse==0.2.1", "pyrouge")


def perl_rouge_works(python: Path) -> bool:
    """The original ROUGE-1.5.5 needs Perl's XML::Parser (Debian: libxml-parser-perl)."""
    return subprocess.run(["perl", "-MXML::Parser", "-e", "1"], capture_output=True).returncode == 0


def score(jobs: list[dict[str, Any]]) -> tuple[list[dict[str, float]], str]:
    python = ensure_tilse()
    mode = "original" if perl_rouge_works(python) else "reimpl"
    run = subprocess.run([str(python), "-c", TILSE_RUNNER], input=json.dumps({"rouge": mode, "tasks": jobs}),
                         capture_output=True, text=True)  # fmt: skip
    if run.returncode != 0:
        raise RuntimeError(f"tilse failed: {run.stderr.strip().splitlines()[-1] if run.stderr else run.returncode}")
    return json.loads(run.stdout), mode
