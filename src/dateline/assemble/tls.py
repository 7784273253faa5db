"""Timeline summarisation over dated sentences (date-wise, in the manner of news-tls DATEWISE).

1. Every sentence is placed on the days it names ("on March 19", "on Friday"
   resolved against its report's date); a sentence that names no day is placed
   on its report's publication day. A sentence of fewer than three words once its
   dateline is cut ("`` Down !") is not read.
2. Days are ranked by how much the reports talk about them: the reports naming
   the day (one naming it a week or more later counts double: the day is still
   news), plus the reports published on it, plus the reports whose own
   chronology lists the day ("March 19 - The first air strikes ...").
3. For each selected day, the candidates are the sentences that name it and
   the leading sentences of the reports published on it or the day after
   (news of a day is printed the next morning). They are ranked by TF-IDF
   cosine to what the two kinds agree on: the words found both in sentences
   naming the day and in those reports' leads (when a day has both, from more
   than one report), which keeps what happened and drops each side's
   background. Chronology entries are preferred (an editor's line for the day);
   a sentence about what will, would or could happen is a last resort (a
   timeline tells what happened), one that opens with a quotation is damped
   (someone's words), and so, less, is one that leans on the sentence before it ("But the
   same day", "He"); query words boost; near-duplicates are skipped. A photograph's
   caption ("Rebels sit on a sofa in Ajdabiyah , March 15 , 2011 .") names the day the
   picture was taken, not news of it: the day gets nothing from it, and it is a last resort.
4. A chosen sentence is shown without what only frames it (a wire lead's
   filing line, a live page's time stamp, a transcript's speaker, the date
   that opens a chronology entry); its offsets move with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from dateline.analyse.timecal import MONTH_NAME, value_interval
from dateline.assemble.dating import publication_stamp
from dateline.assemble.textsim import tfidf
from dateline.ingest.clean import WIRE_BRACKET
from dateline.store import Store

_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(
    ["the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "this", "from", "but", "not", "his", "her", "its", "they", "their", "will", "would", "said", "says", "say", "who", "which", "been", "more", "than", "after", "about", "into", "over", "also", "when", "what", "there", "other", "some", "could", "them", "one", "two", "new", "can", "may", "she", "him", "our", "out", "all", "against", "because", "while", "where", "before", "during", "being", "since", "under", "between", "mr", "mrs", "ms", "lrb", "rrb"]
)
_BOILERPLATE = re.compile(
    r"\?\s*$|\b(?:click|watch|tune in|follow us|e-mail|email|subscribe|photos?|video|wire staff|"
    r"contributed to this report|all rights reserved|have you witnessed|rush transcript|letters for publication|"
    r"student news|for more on this story|this story has been (?:corrected|updated)|posted (?:by|on|at))\b"
    r"|\bfull text\s*:|^[A-Z ,.]{0,30}--",
    re.I,
)
# A filing line left whole ("AJDABIYAH, Libya | Wed Mar 30, 2011 11:32 am EDT"): no sentence at all.
_FILING_LINE = re.compile(r"\|\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\s+[A-Z][a-z]{2,3}\s+\d{1,2}\s*,\s*\d{4}")
_MODAL = re.compile(r"\b(?:will|would|could|might|may|'ll)\b(?!\s+not)", re.I)
MODAL_DAMP = 0.1  # a prediction is a last resort: a timeline tells what happened
QUOTE_DAMP = 0.5
_QUOTE_OPEN = re.compile(r"\s*(?:``|\"|\u201c|')")
# A line that leans on the sentence before it ("But the same day...", "He said...") reads badly alone.
_LEANING_OPEN = re.compile(
    r"\s*(?:But|And|However|Meanwhile|Still|Yet|Also|He|She|It|They|This|That|These|Those|His|Her|Its|Their|"
    r"The same day|That day)\b"
)
LEANING_DAMP = 0.7
OFF_TOPIC_DAMP = 0.6  # a line naming none of the story's most widespread names
MENTION_WEIGHT = 1.0
RECALLED_WEIGHT, RECALL_DAYS = 2.0, 7  # a day named by a report a week or more later
PUBLISHED_WEIGHT = 0.5
REDUNDANCY = 0.5
LEAD = 2  # a report's first sentences make its publication day a candidate day
CLIP, PUB_DAYS = 5, 2  # a report's first CLIP sentences speak for its day and the day before
FRESH_DAYS = 7
SOLE_REPORT_NAMED = 2.0
MIN_WORDS, MAX_WORDS = 8, 40
MIN_SENTENCE_WORDS = 3  # words (not marks): shorter is no sentence to date or to tell
FURNITURE_CHARS = 500  # a page's stamps, credits and links together are shorter than this
# A day named more than a year from the report's own is history, or an embedded page's date
# ("9:51 pm ET February 11, 2013" in a report of 2011), not the story's news.
NAMED_WITHIN_DAYS = 366
CHRONOLOGY_BOOST, CHRONOLOGY_WEIGHT = 2.0, 2.0  # a chronology entry: sentence boost, day score
_DAYS = r"\d{1,2}(?:(?:-|\u2013|\s*\\?/\s*)\d{1,2})?"  # "19", "15-16", "15 \/ 16"
# An entry of a report's own chronology: "March 19 - The first air strikes halt ...".
_CHRONOLOGY = re.compile(
    rf"^(?:[*\u2022-]\s*)?(?:{MONTH_NAME}\s+{_DAYS}|{_DAYS}\s+{MONTH_NAME})(?:\s*,?\s*\d{{4}})?\s*(?:-{{1,2}}|:|\u2013|\u2014)\s+"
)
# A wire report's lead carries its filing line: "BEIRUT | Tue Mar 15, 2011 ... BEIRUT (Reuters) - ";
# a live page's entries their time stamps: "(Update 4:38 p.m. Cairo, 9:38 a.m. ET) ".
_DATELINE = rf"{WIRE_BRACKET}\s*(?:-{{1,2}}|_|:|\u2014|\u2013)\s+"
_PAGE_STAMP = (r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+[A-Z][a-z]{2}\s+\d{1,2}\s*,\s*\d{4}\s+\d{1,2}:\d\d\s*[ap]m\s+"
               r"(?:[A-Z]{2,4}\s+)?")  # (the time zone, when given: "EDT", "BST", "IST")
_DESK_NOTE = r"(?:Adds|Updates|Corrects|Recasts|Changes|Repeats|Refiles|Fixes|Rewrites|Writes through|Releads)\b"
_CAPS_PLACE = r"[A-Z][A-Z.'-]+(?:\s+(?:[A-Z][A-Z.'-]+|OF))*"  # "TRIPOLI", "NORTH OF BANI WALID", "U.N."
_ANY_DATELINE = r"(?:\(|-LRB-)\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s*(?:\)|-RRB-)\s*(?:-{1,2}|\u2014|\u2013)\s+"  # "(AlertNet) - "
_STAFF_TITLE = (r"(?:(?:Senior|Chief|Deputy|National|Security|Foreign|Political|Pentagon|Justice|Medical|Supervising|"
                r"White\s+House|Congressional|Intelligence|Military|International|Special|Investigative|Terrorism|"
                r"State|Department|Legal|Economic|Business|Financial|Global|Radio)\s+)*"
                r"(?:Producer|Correspondent|Writer|Editor|Reporter|Analyst|Contributor|Radio)\b")
_TEXT_NEXT = r"(?=[A-Z][a-z]|[A-Z][A-Z.]+\s+[a-z]|[`'\"*\\]|$)"  # a sentence, a quotation or a bullet; or nothing
_WIRE_HEADER = re.compile(
    rf"^.{{0,600}}?{_DATELINE}"
    r"|^(?:\(|\[|-LRB-)\s*(?:(?:Updated?|Posted)\b|\d{1,2}(?::\d\d)?\s*[ap]\.m\.)[^()\[\]]{0,80}?(?:\)|\]|-RRB-)"
    r"(?:\s*(?:-{1,2}|-RRB-))*\s+"
    # a web page's headline and time line: "Soldier wins first VC Friday 18 March 2005 12.47 GMT "
    r"|^.{0,200}?\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s+\d{1,2}[.:]\d\d\s+"
    r"(?:GMT|BST|UTC|EST|EDT|ET|CET)\s+(?:Photograph\s*:\s*[A-Z][\w/ ]{0,30}?\s+(?=[A-Z]))?"
    # a photograph's credit left at the head of the next sentence: "Photograph: Gerald Herbert/AP "
    r"|^Photo(?:graph)?\s*:\s*(?:[^\s/]+(?:\s+[^\s/]+){0,3}?\s*\\?/\s*[A-Z][\w.-]*|[A-Z][\w.-]*)\s+(?=[A-Z`'\"])"
    # a web page's time line before its text: "Page last updated at 23:19 GMT, Tuesday, 19 January 2010 "
    r"|^Page last updated at \d{1,2}:\d\d\s*(?:GMT|BST)?\s*,\s*[A-Z][a-z]+day\s*,\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s+"
    # a blog post's date line and byline: "January 25 , 2011 | By Amir Ahmed , CNN "
    rf"|^{MONTH_NAME}\s+\d{{1,2}}\s*,\s*\d{{4}}\s*\|\s*By\s+[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|and|de|al-?\w*))*"
    r"\s*,\s*(?:CNN|Reuters|AP|AFP|BBC)\s+(?=[A-Z`'\"])"
    # a byline, with the writer's title: "By Pam Benson , CNN National Security Producer "
    rf"|^By\s+[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|and|de|al-?\w*))*\s+[A-Z][\w.'-]*\s*,\s*(?:CNN|Reuters|AP|AFP|BBC)"
    rf"(?:\s+{_STAFF_TITLE})?\s+(?=[A-Z`'\"])"
    # the tail of a time stamp cut off by the sentence before: "ET -RRB- A group of protesters ..."
    r"|^(?:[AP]M|[A-Z]{2,4})?\s*(?:\)|-RRB-)\s+(?=[A-Z`'\"])"
    # a transcript's speaker: "ANDERSON COOPER, CNN ANCHOR: "
    r"|^[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:\s*,\s*[A-Z][A-Z.' -]+)?\s*:\s+(?=[A-Z`'\"])"
    # a wire page's stamp, its desk's note and its dateline: "TRIPOLI | Tue Sep 13 , 2011 7:57 am BST
    # (Adds quotes) TRIPOLI , Sept 13 (Reuters) - "
    rf"|^(?:[A-Z][A-Z .'-]*\|\s*)?{_PAGE_STAMP}(?:(?:\(|-LRB-)\s*{_DESK_NOTE}[^()]{{0,200}}?(?:\)|-RRB-)\s+)?"
    rf"(?:{_CAPS_PLACE}(?:\s*,\s*{_CAPS_PLACE})?(?:\s*,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?(?:\s*,)?\s+(?:\|\s+)?(?:{_ANY_DATELINE})?)?"
    rf"{_TEXT_NEXT}"
    # a page's dateline left alone by the sentence split: "TRIPOLI/OUTSIDE BANI WALID , Libya | Sun"
    rf"|^{_CAPS_PLACE}(?:\s*\\?/\s*{_CAPS_PLACE})*(?:\s*,\s*[A-Z][a-z]+)?\s*\|\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s*)?$"
    # a wire report's headline points and desk note before its dateline: "* Vietnam says drills
    # routine * China , neighbours trade accusations (Adds senator 's comments) HANOI , June 13 (Reuters) - "
    rf"|^(?:\\?\*\s[^*]{{0,160}}?)+(?:(?:\(|-LRB-)\s*{_DESK_NOTE}[^()]{{0,200}}?(?:\)|-RRB-)\s+)?.{{0,80}}?{_DATELINE}"
    # a blog post's time stamp: "February 26th , 2011 4:06 pm ET "
    rf"|^{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,\s*\d{{4}}\s+\d{{1,2}}:\d\d\s*[ap]m\s+[A-Z]{{2,4}}\s+{_TEXT_NEXT}"
    # a video page's stamp: "updated : Wed Jun 06 2012 23:03:00 "
    r"|^updated\s*:\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d{4}\s+\d{1,2}:\d\d(?::\d\d)?\s+"
    # a photograph's credit: "Jerry Lampen/Reuters ", "REUTERS/Social Media Website via Reuters TV TRIPOLI "
    rf"|^(?:REUTERS\s*\\?/[\w .'-]{{0,60}}?\bvia\s+Reuters\s+TV|(?:[A-Z][\w.'-]*\s+){{0,3}}[A-Z][\w.'-]*\s*\\?/\s*(?:Reuters|AP|AFP|Getty Images))"
    rf"\s+(?:{_CAPS_PLACE}\s+)?{_TEXT_NEXT}"
    # a link to another report, its headline and dateline: "Full Article Libya rebel official aims
    # for oil export in 2-3 months TRIPOLI "
    rf"|^Full Article\s+.{{0,200}}?\s[A-Z][A-Z'-]{{2,}}(?:\s+(?:[A-Z][A-Z.'-]+|OF))*(?:\s*,\s*[A-Z][a-z]+)?\s*\|?\s+{_TEXT_NEXT}"
)


@dataclass
class DatedSentence:
    """One sentence, the report it comes from, and the day it is about."""

    text: str
    article: str
    published: dt.date
    date: dt.date
    named: bool  # the sentence names its day (rather than inheriting the report's date)
    start: int | None = None
    end: int | None = None
    position: int = 0  # index of the sentence in its report (0 = the lead)


def too_short(sentence: str) -> bool:
    """Fewer than ``MIN_SENTENCE_WORDS`` words (marks aside) once what frames it is cut ("Ras Lanuf , Libya
    -LRB- CNN -RRB- -- `` Down !"), or nothing but a page's stamp, credit or link: a cry or a
    heading, nothing to date or to tell."""
    words = 0
    for w in sentence[display_cut(sentence) :].split():
        words += any(c.isalnum() for c in w)
        if words >= MIN_SENTENCE_WORDS:
            break
    return words < MIN_SENTENCE_WORDS or (len(sentence) <= FURNITURE_CHARS and is_stamp(sentence))


def _furniture_end(text: str) -> int:
    """Where a page's furniture at the head of ``text`` ends: its filing lines, stamps, credits
    and links, one after another ("Full Article <headline> BENGHAZI , Libya | Fri Aug 12 , 2011
    6:37 pm IST BENGHAZI , ")."""
    end = 0
    while (m := _WIRE_HEADER.match(text[end:])) and m.end():  # (the patterns hold at the start: "^")
        end += m.end()
    return end


def is_stamp(text: str) -> bool:
    """The sentence is nothing but a filing line or a live page's stamp ("(Update 1:12 a.m.
    Tuesday in Cairo, 6:12 p.m. ET Monday)"), a photograph's credit or a link: it names a day
    and tells nothing of it."""
    text = text.strip()
    return bool(text) and _furniture_end(text + " ") >= len(text)


def display_cut(text: str) -> int:
    """How many leading characters a timeline line drops from ``text``: a wire desk's slug, a
    wire lead's filing line, a live page's update stamp, a page's other furniture (stamps,
    credits, links; several in a row), the date that opens a chronology entry (the timeline
    prints the date already)."""
    cut = 0
    for pattern in (_WIRE_SLUG, _WIRE_HEADER, _CHRONOLOGY, _BULLET):
        while (m := pattern.match(text[cut:])) and 0 < cut + m.end() < len(text) and m.end():
            cut += m.end()
            if pattern is not _WIRE_HEADER:
                break  # (only a page's furniture comes in several pieces)
    return cut


# A wire's desk slug before its headline: "UPDATE 3-Dutch marines freed ...", "RPT-...".
_WIRE_SLUG = re.compile(
    r"^\s*(?:(?:UPDATE|REFILE|RPT|CORRECTED|CORRECTION|WRAPUP|EXCLUSIVE|ANALYSIS|FACTBOX|INTERVIEW|PREVIEW|"
    r"INSIGHT|TIMELINE|SCENARIOS|NEWSMAKER|SPECIAL REPORT)(?:\s+\d{1,2})?\s*-\s*)+(?=[A-Z0-9`'\"])"
)
_BULLET = re.compile(r"^(?:-{1,2}|\*|\u2022)\s+(?=[A-Z`'\"])")  # a list's mark: "-- Rebels say they have captured Garyan"
_WIRE_DATELINE = re.compile(_DATELINE)


def wire_header_end(text: str, within: int = 800) -> int:
    """Where a wire report's own text begins, after its dateline ("TRIPOLI (Reuters) - "), when
    a page's headline and links come before it; 0 when there is no dateline near the top."""
    m = _WIRE_DATELINE.search(text, 0, within)
    return m.end() if m else 0


_CREDIT_NEXT = re.compile(r"\s*(?:-LRB-\s*)?Photo(?:graph)?\s*:")


def is_caption(text: str, end: int) -> bool:
    """The sentence ending at ``end`` of ``text`` is a photograph's caption: its credit follows."""
    return bool(_CREDIT_NEXT.match(text, end))


# A photograph's caption: what the picture shows, in the present, then where and the full date
# it was taken ("Rebels sit at the back of a truck in Al-Qawalish July 10 , 2011 ."). Its day
# is the picture's, not news of that day.
_CAPTION_END = re.compile(rf"\b{MONTH_NAME}\s+\d{{1,2}}\s*,\s*\d{{4}}\s*\.?\s*$")
_TELLS_PAST = re.compile(
    r"\b(?:was|were|had|has|have|did|been|[a-z]+ed|said|told|(?:re)?took|fled|fought|shot|struck|won|lost|began|"
    r"met|left|held|sent|went|came|made|gave|fell|rose|led|ran|saw|found|brought|flew|spoke|wrote|broke|became|"
    r"(?:over)?ran|stood|sat|thought|heard|paid|sold|kept|spent|built|caught|sought|bought|drove|threw|chose)\b"
)
CAPTION_DAMP = 0.3


def is_dated_caption(sentence: str) -> bool:
    """The sentence is a photograph's caption: it ends with a full date and tells nothing in
    the past ("Gas prices are seen at a petrol station in New York February 22 , 2011 .")."""
    m = _CAPTION_END.search(sentence)
    return m is not None and not _TELLS_PAST.search(sentence, 0, m.start())


def is_fragment(sentence: str) -> bool:
    """The sentence starts inside a quotation or in mid-phrase ("Brega , and Gaddafi is
    destroying Misrata , '' said a resident"): a quotation's closing mark comes before any
    opening one, or it opens in lower case; or it only introduces what follows ("Here is a
    timeline of the war since February :")."""
    if sentence.rstrip().endswith(":"):
        return True
    closing = min((i for i in (sentence.find("''"), sentence.find("\u201d")) if i >= 0), default=-1)
    opening = min((i for i in (sentence.find("``"), sentence.find("\u201c")) if i >= 0), default=-1)
    if closing >= 0 and (opening < 0 or closing < opening):
        return True
    first = re.match(r"\W*(\w+)", sentence)
    return bool(first) and first[1].isalpha() and first[1].islower()  # "and then ...", not "eBay", "42"


# A dateline that ends a sentence: the next report's, or the page's own after its headlines
# ("... an eyewitness says Ras Lanuf , Libya -LRB- CNN -RRB- --").
# A place alone before the agency needs the dash after it ("... told CNN (CNN)" is no dateline);
# a place with its country does not (a sentence split may have left the dash to the next one).
_DATELINE_AT_END = re.compile(
    rf"\s+(?:[A-Z][\w.'-]*\s+){{0,2}}[A-Z][\w.'-]*(?:\s*,\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?\s*{WIRE_BRACKET}"
    rf"(?:\s*(?:-{{1,2}}|\u2014|\u2013))?|\s*{WIRE_BRACKET}\s*(?:-{{1,2}}|\u2014|\u2013))\s*$"
)


def display_end(text: str) -> int:
    """Where a timeline line ends: before a dateline that closes the sentence."""
    m = _DATELINE_AT_END.search(text)
    return m.start() if m and m.start() > 0 else len(text)


def as_shown(s: DatedSentence) -> DatedSentence:
    """The sentence as a timeline line shows it (see :func:`display_cut` and :func:`display_end`);
    offsets follow."""
    cut, end = display_cut(s.text), display_end(s.text)
    if end <= cut:
        end = len(s.text)
    if not cut and end == len(s.text):
        return s
    return replace(s, text=s.text[cut:end], start=None if s.start is None else s.start + cut,
                   end=None if s.end is None else s.end - (len(s.text) - end))  # fmt: skip


_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")
# Capitalised words that are no story's subject: sentence openers, days, months.
_NOT_NAMES = frozenset(
    ["the", "this", "that", "there", "they", "when", "what", "monday", "tuesday", "wednesday", "thursday", "friday",
     "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december"]
)  # fmt: skip


def name_counts(reports: Iterable[str]) -> Counter[str]:
    """For each (lower-cased) name, how many of the reports' texts name it."""
    df: Counter[str] = Counter()
    for text in reports:
        df.update(sorted({w.lower() for w in _NAME.findall(text)} - _NOT_NAMES))  # (ties: a fixed order)
    return df


def names_in(text: str) -> set[str]:
    """The (lower-cased) names a text holds."""
    return {w.lower() for w in _NAME.findall(text)}


def topic_keywords(sentences: list[DatedSentence], n: int = 5) -> set[str]:
    """The story's subject: names found in the most reports ("libya", "gadhafi")."""
    by_article: dict[str, list[str]] = defaultdict(list)
    for s in sentences:
        by_article[s.article].append(s.text)
    return {w for w, _ in name_counts(" ".join(texts) for texts in by_article.values()).most_common(n)}


def _names_any(text: str, keywords: set[str]) -> bool:
    """The text names one of the (lower-case) keywords, possessives included ("Mosul's")."""
    return any(w in keywords for w in re.findall(r"[a-z]+", text.lower()))


def rank_dates(sentences: list[DatedSentence]) -> list[tuple[dt.date, float]]:
    """Days by importance: reports naming them, reports published on them, and chronologies
    listing them."""
    score: Counter[dt.date] = Counter()
    # Each report counts once per day it names: repetition inside one report is not news. A
    # report that recalls the day a week or more later counts more: the day is still news.
    for day, _, published in {(s.date, s.article, s.published) for s in sentences if s.named}:
        recalled = (published - day).days >= RECALL_DAYS
        score[day] += RECALLED_WEIGHT if recalled else MENTION_WEIGHT
    published = Counter(p for _, p in {(s.article, s.published) for s in sentences})
    for day, n in published.items():
        score[day] += PUBLISHED_WEIGHT * n
    # A report's own chronology is an editor's choice of the days that mattered.
    for day, _ in {(s.date, s.article) for s in sentences if s.named and _CHRONOLOGY.match(s.text)}:
        score[day] += CHRONOLOGY_WEIGHT
    return sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))


def candidate_days(pool: list[DatedSentence]) -> set[dt.date]:
    """The days a timeline may hold: those a sentence names, and reports' publication days."""
    return {s.date for s in pool if s.named or s.position <= LEAD}


def summarise(
    sentences: list[DatedSentence],
    max_dates: int,
    per_date: int,
    query: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    ranked: list[tuple[dt.date, float]] | None = None,
) -> list[tuple[dt.date, list[DatedSentence]]]:
    """The ``max_dates`` most important days, each with up to ``per_date`` sentences
    (``ranked``: the days as :func:`rank_dates` ranks these sentences, when already known)."""
    pool = [s for s in sentences if (start is None or s.date >= start) and (end is None or s.date <= end)]
    if not pool:
        return []
    eligible = candidate_days(pool)
    chosen = [d for d, _ in (rank_dates(pool) if ranked is None else ranked) if d in eligible][:max_dates]
    lines = DayLines(pool, per_date, query)
    return [(day, lines(day)) for day in sorted(chosen)]


class DayLines:
    """The lines that best tell a day, picked from a pool of dated sentences one day at a time
    (a timeline that keeps its weightiest days reads only theirs). Call with a day."""

    def __init__(self, pool: list[DatedSentence], per_date: int, query: str | None = None) -> None:
        self.pool, self.per_date = pool, per_date
        self.terms = {t for t in _WORD.findall((query or "").lower()) if t not in _STOP}
        self.naming: dict[dt.date, list[int]] = defaultdict(list)  # sentences that name the day
        self.leads: dict[dt.date, list[int]] = defaultdict(list)  # leads of the day's (and next day's) reports
        for i, s in enumerate(pool):
            if s.named:
                self.naming[s.date].append(i)
            elif s.position <= CLIP:
                for back in range(PUB_DAYS):
                    self.leads[s.published - dt.timedelta(days=back)].append(i)
        # Words are weighed against the whole pool; a day's candidates are vectorised when asked.
        self.words = [Counter(w for w in _WORD.findall(s.text.lower()) if w not in _STOP) for s in pool]
        self.df: Counter[str] = Counter()
        for c in self.words:
            self.df.update(c.keys())
        self.keywords = topic_keywords(pool)

    def __call__(self, day: dt.date) -> list[DatedSentence]:
        """Up to ``per_date`` lines for ``day``, as shown (see :func:`as_shown`)."""
        pool = self.pool
        named, lead = self.naming.get(day, []), self.leads.get(day, [])
        idx = named + lead
        if not idx:
            return []
        sub = tfidf([self.words[i] for i in idx], df=self.df, n_docs=len(pool)).tocsr()
        several = len({pool[i].article for i in idx}) > 1
        if named and lead and several:
            c_named = np.asarray(sub[: len(named)].mean(axis=0)).ravel()
            c_lead = np.asarray(sub[len(named) :].mean(axis=0)).ravel()
            centroid = np.where((c_named > 0) & (c_lead > 0), c_named + c_lead, 0.0)
            if not centroid.any():
                centroid = c_named + c_lead
        else:
            centroid = np.asarray(sub.mean(axis=0)).ravel()
        scores = np.asarray(sub @ (centroid / (np.linalg.norm(centroid) or 1.0))).ravel()
        for k, i in enumerate(idx):
            scores[k] *= self._weight(pool[i], several)
        picked: list[int] = []
        for k in np.argsort(-scores):
            if len(picked) >= self.per_date:
                break
            row = sub[k]
            if any((row @ sub[j].T).toarray()[0, 0] > REDUNDANCY for j in picked):
                continue
            picked.append(int(k))
        return [as_shown(pool[idx[k]]) for k in picked]  # ranked whole, shown without it

    def _weight(self, s: DatedSentence, several: bool) -> float:
        """What a line's likeness to the day is multiplied by: how well it reads as a line."""
        w = 1.0
        if s.named and not several:
            w *= SOLE_REPORT_NAMED  # one report: no agreement to measure; it names the day
        if s.named and _CHRONOLOGY.match(s.text):
            w *= CHRONOLOGY_BOOST  # an editor's line for the day, however long after
        elif s.named and not 0 <= (s.published - s.date).days <= FRESH_DAYS:
            w *= 0.7  # recalled long after (or before) the day: background
        if self.keywords and not _names_any(s.text, self.keywords):
            w *= OFF_TOPIC_DAMP  # off the story's subject
        words = len(s.text.split())
        if words < MIN_WORDS or words > MAX_WORDS:
            w *= 0.4  # fragments, and run-on headlines glued together
        if _BOILERPLATE.search(s.text) or _FILING_LINE.search(s.text, display_cut(s.text)) or is_stamp(s.text):
            w *= 0.3
        if _LEANING_OPEN.match(s.text):
            w *= LEANING_DAMP  # needs the sentence before it to be understood
        if is_dated_caption(s.text):
            w *= CAPTION_DAMP  # what a picture shows
        if _QUOTE_OPEN.match(s.text) or is_fragment(s.text):
            w *= QUOTE_DAMP  # someone's words, not what happened; or the end of them
        if _MODAL.search(s.text):
            w *= MODAL_DAMP  # what will, would or could happen is not what happened
        if self.terms:
            w *= 1 + sum(t in s.text.lower() for t in self.terms)
        return w


def store_sentences(store: Store, story: int | None = None) -> list[DatedSentence]:
    """Dated sentences of every dated, analysed original article in the store (or story)."""
    arts = {r["id"]: r for r in store.rows(
        "SELECT id, text, published FROM articles WHERE published IS NOT NULL AND duplicate_of IS NULL"
        " AND analysed_at IS NOT NULL" + (" AND story = ?" if story is not None else ""),
        () if story is None else (story,))}  # fmt: skip
    days: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in store.rows("SELECT article, start, end, text, type, value, anchored FROM timexes ORDER BY article, start"):
        if t["article"] in arts:
            by_article[t["article"]].append(t)
    for art, found in by_article.items():
        stamp = publication_stamp(arts[art]["text"], found)
        for t in found:
            if t["type"] == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t["value"] or "") and t is not stamp:
                day = dt.date.fromisoformat(t["value"])  # (not the page's date line)
                if abs((day - dt.date.fromisoformat(arts[art]["published"])).days) <= NAMED_WITHIN_DAYS:
                    days[art].append((t["start"], day))
    out = []
    position: Counter[str] = Counter()
    for s in store.rows("SELECT article, start, end FROM sentences ORDER BY article, start"):
        a = arts.get(s["article"])
        if a is None or too_short(a["text"][s["start"] : s["end"]]):
            continue
        pub = dt.date.fromisoformat(a["published"])
        named = sorted({d for p, d in days[s["article"]] if s["start"] <= p < s["end"]})
        if named and is_dated_caption(a["text"][s["start"] : s["end"]]):
            named = []  # the day a picture was taken
        for d in named or [pub]:
            out.append(DatedSentence(a["text"][s["start"] : s["end"]], s["article"], pub, d, bool(named),
                                     s["start"], s["end"], position[s["article"]]))  # fmt: skip
        position[s["article"]] += 1
    return out


def weighted_days(
    store: Store,
    *,
    per_date: int = 2,
    start: str | None = None,
    end: str | None = None,
    query: str | None = None,
    story: int | None = None,
    only_query: bool = False,
) -> tuple[list[tuple[dt.date, float]], DayLines]:
    """Date-wise selection over the store's dated reports: every candidate day with its score,
    weightiest first, and the :class:`DayLines` that tells any of them. ``start`` and ``end``
    may be a year, a month or a day. With ``only_query``, only sentences that have one of the
    query's words are read (else the query only favours them)."""
    sents = store_sentences(store, story)
    if only_query and query:
        terms = {t for t in _WORD.findall(query.lower()) if t not in _STOP}
        sents = [s for s in sents if any(t in s.text.lower() for t in terms)]
    lo_iv, hi_iv = value_interval(start), value_interval(end)  # "2017", "2017-03" or a day
    lo = lo_iv[0] if lo_iv else None
    hi = hi_iv[1] if hi_iv else None
    pool = [s for s in sents if (lo is None or s.date >= lo) and (hi is None or s.date <= hi)]
    eligible = candidate_days(pool)
    return [(d, w) for d, w in rank_dates(pool) if d in eligible], DayLines(pool, per_date, query)


def sentence_timeline(
    store: Store,
    *,
    max_dates: int | None = None,
    per_date: int = 2,
    start: str | None = None,
    end: str | None = None,
    query: str | None = None,
    story: int | None = None,
) -> list[dict[str, Any]]:
    """The timeline by date-wise sentence selection, in the shape of ``build_timeline``."""
    titles = {r["id"]: r for r in store.rows("SELECT id, title, source, url, path FROM articles")}
    days, lines = weighted_days(store, per_date=per_date, start=start, end=end, query=query, story=story)
    return [sentence_entry(day, score, lines(day), titles) for day, score in sorted(days[: max_dates or 10])]


def sentence_entry(
    day: dt.date, score: float, picked: list[DatedSentence], titles: dict[str, dict[str, Any]],
    events: list[str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A timeline entry for a day and its chosen sentences (``titles``: article rows by id). The
    sentences keep their rank, except that one report's sentences read in that report's order."""
    picked = in_report_order(picked)
    return {
        "date": day.isoformat(),
        "approximate": False,  # only dated reports' sentences are read
        "earliest": None,
        "latest": None,
        "score": round(score, 3),
        "summary": join_lines(p.text for p in picked),
        "events": events or [],
        "sources": [{"article": p.article,
                     "title": titles[p.article]["title"] or source_label(titles[p.article]["path"], p.article),
                     "source": titles[p.article]["source"], "url": titles[p.article]["url"],
                     "start": p.start, "end": p.end} for p in picked],
    }  # fmt: skip


_ENDS_SENTENCE = re.compile(r"[.!?][\s'\"\u2019\u201d)]*$|(?:''|-RRB-)$")


def join_lines(lines: Iterable[str]) -> str:
    """A day's lines as one paragraph: white space collapsed, and a full stop after a line that
    has none (a headline), lest it run into the next ("... an eyewitness says. Rebel forces ...")."""
    texts = [re.sub(r"\s+", " ", t).strip() for t in lines]
    texts = [t for t in texts if t]
    return " ".join(t if k == len(texts) - 1 or _ENDS_SENTENCE.search(t) else f"{t} ." if " , " in t or " ." in t else f"{t}."
                    for k, t in enumerate(texts))  # fmt: skip


def in_report_order(picked: list[DatedSentence]) -> list[DatedSentence]:
    """``picked`` with each report's sentences put back in their order in the report, in the
    places that report's sentences hold ("Roughly 300 fighters remain" before "the number is
    likely dwindling", whichever ranked higher)."""
    slots: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(picked):
        slots[p.article].append(k)
    out = list(picked)
    for ks in slots.values():
        for k, p in zip(ks, sorted((picked[k] for k in ks), key=lambda p: p.start or 0), strict=True):
            out[k] = p
    return out


def source_label(path: str | None, article: str) -> str | None:
    """An untitled article's name on a timeline: its file's name, with the article's own id when
    the input gave one (``dispatches.jsonl (d-17)``), not the hash dateline made up."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1] if path else None
    return f"{name} ({article})" if name and not re.fullmatch(r"[0-9a-f]{16}", article) else name
