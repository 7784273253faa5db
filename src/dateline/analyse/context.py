"""Helpers shared by the figure and event stages: the date, place and source of a clause.

These read layers other stages wrote (timexes, places, the spaCy parse) and
answer, for a stretch of text: when does it hold (an interval), where, and
who says so.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateline.analyse.tense import IMPLICATIVE_LEMMAS, token_tense
from dateline.analyse.timecal import shift
from dateline.analyse.timex import chronology_entry
from dateline.doc import Document, Span
from dateline.ingest.clean import WIRE_BRACKET

# Most specific first: an event in "al Intisar, Mosul" happened in al Intisar.
PLACE_RANK = {
    "landmark": 0, "neighbourhood": 0, "street": 0, "city": 1, "river": 2, "feature": 2, "region": 2, "sea": 3,
    "country": 4, "continent": 5,
}  # fmt: skip
SPEECH_VERBS = {
    "say", "tell", "report", "announce", "claim", "state", "estimate", "warn", "add", "confirm",
    "deny", "insist", "suggest", "note", "explain", "allege", "acknowledge", "admit", "describe",
    "caution", "declare", "indicate", "predict", "reveal", "write",
}  # fmt: skip
UNCERTAIN_ADVERBS = {
    "purportedly", "presumably", "allegedly", "reportedly", "apparently", "supposedly",
    "possibly", "perhaps", "probably", "likely", "unconfirmed",
}  # fmt: skip


def governing_verb(tok: Any) -> Any:
    """The nearest verb at or above ``tok`` in the parse (or the sentence root)."""
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT" or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def date_for(doc: Document, start: int, end: int, verb: Any = None) -> dict[str, str | None]:
    """The date interval of an item at ``start:end``: from the time expression that governs it
    in its sentence, else from the DCT and the tense of its verb.
    """
    sent = doc.sentence_of(start)
    best: Span | None = None
    if sent is not None and (run := _running_for(doc, start, sent, verb)) is not None and doc.dct is not None:
        return _over(doc, verb, run)
    if sent is not None:
        candidates = [
            t
            for t in doc.layers.get("timexes", [])
            if sent.contains(t.start, t.end)
            and t.attrs.get("earliest")
            and t.label in ("DATE", "TIME")
            and t.attrs.get("value") not in ("PRESENT_REF", "FUTURE_REF", "PAST_REF")
        ]
        in_sentence = candidates
        if verb is not None and doc.spacy is not None:
            # Only a time expression in the item's own clause dates it.
            verbs = _clause_verbs(verb)
            candidates = [t for t in candidates if any(_governed_by(doc, t, v) for v in verbs)
                          or _clause_of_time(t, verb)]  # fmt: skip
            if not candidates:
                said = _speech_time(doc, verbs[-1], in_sentence)
                if said is not None:  # "said on Friday that troops had opened fire": told on Friday
                    return _told_on(doc, verb, said, past=token_tense(verbs[-1].head) == "past")
        if candidates:
            best = min(candidates, key=lambda t: abs(t.start - start))
    if best is not None:
        opener = next((t for t in doc.layers.get("timexes", []) if t.end <= best.start and _range_end(doc, t) is best), None)
        if opener is not None:  # the clause reached the range's second end
            best = opener
        if (end_of := _range_end(doc, best)) is not None:
            # "between March and May", "from Monday to Wednesday": one interval over both.
            return {
                "earliest": best.attrs["earliest"],
                "latest": end_of.attrs["latest"],
                "value": f"{best.attrs['value']}/{end_of.attrs['value']}",
                "timex": f"{best.start}:{end_of.end}",
            }
        m = _BOUND.search(doc.text[max(0, best.start - 16) : best.start])
        if m is not None and not _names_a_things_time(doc, best):
            return _bounded(doc, verb, best, m[1].lower())
        return {
            "earliest": best.attrs["earliest"],
            "latest": best.attrs["latest"],
            "value": best.attrs["value"],
            "timex": f"{best.start}:{best.end}",
        }
    if sent is not None and (entry := _entry_of(doc, sent)) is not None:
        return {"earliest": entry.attrs["earliest"], "latest": entry.attrs["latest"],
                "value": entry.attrs["value"], "timex": f"{entry.start}:{entry.end}"}  # fmt: skip
    if doc.dct is None:
        return {"earliest": None, "latest": None, "value": None, "timex": None}
    return by_tense(verb, doc.dct, doc.dct, doc.dct.isoformat())


# A chronology's further line for the same day: "Aug 15 - Gaddafi calls ... -- Rebels say they
# have captured Garyan ."
_CONTINUATION = re.compile(r"\s*(?:-{1,2}|\u2013|\u2014|\*|\u2022)\s+\S")
_ENTRY_MARK = re.compile(r"(?:-{1,2}|:|\u2013|\u2014)\s")  # what follows an entry's date
ENTRY_REACH = 600  # characters back to the entry whose day a continuation line shares


def _entry_of(doc: Document, sent: Span) -> Span | None:
    """The chronology entry that dates everything in the sentence: the one the sentence opens
    ("Aug 9 - Gaddafi's government accuses NATO of killing 85 civilians"), or the one whose day
    a bulleted continuation line shares; ``None`` outside a chronology."""
    continued = _CONTINUATION.match(doc.text, sent.start) is not None
    if not continued and not _ENTRY_MARK.search(doc.text, sent.start, sent.end):
        return None  # no entry's dash or colon: no need to look through the report's expressions
    entries = [t for t in doc.layers.get("timexes", [])
               if sent.start - (ENTRY_REACH if continued else 0) <= t.start < sent.end
               and t.attrs.get("earliest") and t.label == "DATE"
               and (t.start < sent.start or not doc.text[sent.start : t.start].strip(" *\u2022-"))
               and chronology_entry(doc.text, t.start, t.end)]  # fmt: skip
    return max(entries, key=lambda t: t.start) if entries else None


# "six months of fighting", "after nearly five months of siege"; "the nine-month battle"
_LENGTH_OF = re.compile(r"\s+of\s+(?:[a-z'-]+\s+){0,2}")
_LENGTH_BEFORE = re.compile(r"\s+(?:[a-z'-]+\s+)?")
_ADJ_LENGTH = re.compile(r"-(?:day|week|month|year)$")
_LENGTH_VALUE = re.compile(r"P(\d+(?:\.\d+)?)([DWMY])")
_WITHIN = re.compile(r"\b(?:within|in)\s+$", re.I)
_DAYS = {"day": 1, "week": 7, "month": 30.4, "year": 365.25}


def _running_for(doc: Document, start: int, sent: Span, verb: Any) -> Span | None:
    """The duration that measures the item up to now: "after six months of fighting", "the
    nine-month battle has killed" (not "within two weeks of the slaying", nor "the eight-year
    war" told as history)."""
    for t in doc.layers.get("timexes", []):
        if t.label != "DURATION" or not sent.contains(t.start, t.end) or t.end > start or start - t.end > 40:
            continue
        if not _LENGTH_VALUE.fullmatch(t.attrs.get("value") or "") or _WITHIN.search(doc.text, max(0, t.start - 12), t.start):
            continue
        gap = doc.text[t.end : start]
        if _LENGTH_OF.fullmatch(gap):
            return t
        if _ADJ_LENGTH.search(t.text) and _LENGTH_BEFORE.fullmatch(gap) and _still_so(verb):
            return t
    return None


def _still_so(verb: Any) -> bool:
    """The clause speaks of now: a present or a present perfect ("has killed", "is raging")."""
    if verb is None:
        return False
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ in ("VBZ", "VBP") or bool(auxes & {"has", "have", "is", "are"})


def _over(doc: Document, verb: Any, run: Span) -> dict[str, str | None]:
    """The interval a duration gives an item: the length of it up to the day it is told ("after six
    months of fighting"), or from that day on when the clause looks ahead ("will face weeks of")."""
    m = _LENGTH_VALUE.fullmatch(run.attrs["value"])
    n, unit = float(m[1]), {"D": "day", "W": "week", "M": "month", "Y": "year"}[m[2]]
    told = doc.dct
    ahead = verb is not None and token_tense(verb) == "future"
    if n == int(n):
        other = shift(told, unit, int(n) if ahead else -int(n))
    else:  # "two and a half years": in days
        other = told + dt.timedelta(days=round(n * _DAYS[unit]) * (1 if ahead else -1))
    lo, hi = (told, other) if ahead else (other, told)
    return {"earliest": lo.isoformat(), "latest": hi.isoformat(), "value": None, "timex": f"{run.start}:{run.end}"}


# The expression is a bound of the deed's time, not its time: "since 1990", "by Oct. 31".
_BOUND = re.compile(r"\b(since|after|before|by|until|till|ahead of|prior to)\s+(?:the\s+)?$", re.I)


def _names_a_things_time(doc: Document, timex: Span) -> bool:
    """The expression modifies a noun ("since the January 1998 bombing", "after Thursday's
    ruling"): the preposition before it governs the noun phrase."""
    span = doc.spacy.char_span(timex.start, timex.end, alignment_mode="expand") if doc.spacy is not None else None
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("poss", "compound", "amod", "nummod", "nmod") and root.head.pos_ in ("NOUN", "PROPN")


def _bounded(doc: Document, verb: Any, timex: Span, word: str) -> dict[str, str | None]:
    """An interval open on one side: on or after the expression's start ("since 1990") or end
    ("after Friday"), or on or before its end ("by Friday", "until March") or start ("before
    Friday"). The other side is the report's date for a deed in the past or present."""
    lo, hi = timex.attrs["earliest"], timex.attrs["latest"]
    future = token_tense(verb) == "future" if verb is not None else False
    told = doc.dct.isoformat() if doc.dct is not None else None
    where = {"timex": f"{timex.start}:{timex.end}", "value": None}
    if word in ("since", "after"):
        start = lo if word == "since" else hi
        end = told if told and told >= start and not future else None
        return {"earliest": start, "latest": end, **where, "bound": "after"}
    end = lo if word in ("before", "ahead of", "prior to") else hi
    start = told if future and told and told <= end else None  # "will be done by next week": from now
    return {"earliest": start, "latest": end, **where, "bound": "before"}


def _told_on(doc: Document, verb: Any, said: Span, past: bool) -> dict[str, str | None]:
    """The interval of a reported clause from the day of the saying (``said``); a saying in the
    past ("announced this week") was made by the report's date."""
    lo, hi = (dt.date.fromisoformat(said.attrs[k]) for k in ("earliest", "latest"))
    value = said.attrs["value"]
    if past and doc.dct is not None and hi > doc.dct:
        hi, value = max(lo, doc.dct), None
    return {**by_tense(verb, lo, hi, value), "told": f"{said.start}:{said.end}"}


def by_tense(verb: Any, lo: dt.date, hi: dt.date, value: str | None) -> dict[str, str | None]:
    """The interval of a clause that names no time, from the time it is told (``lo``..``hi``,
    the report's date or the day of a quoted saying) and its tense: a past deed on or before
    it (a present perfect "have entered": within three days before), a future one on or after
    it, a present state on it."""
    tense = token_tense(verb) if verb is not None else ""
    if tense == "future" and verb.tag_ in ("VBZ", "VBP"):
        tense = "present"  # the news present is a plan only with a day named ("meet Monday"); else a state
    if tense == "future":
        return {"earliest": lo.isoformat(), "latest": None, "value": None, "timex": None}
    if tense == "past":
        aux = {c.lower_ for c in verb.children if c.dep_ == "aux"} if verb is not None else set()
        perfect = bool(aux & {"have", "has"}) and not any(c.tag_ == "MD" for c in verb.children)  # not "may have"
        start = (lo - dt.timedelta(days=3)).isoformat() if perfect else None
        return {"earliest": start, "latest": hi.isoformat(), "value": None, "timex": None}
    return {"earliest": lo.isoformat(), "latest": hi.isoformat(), "value": value, "timex": None}


def _clause_verbs(verb: Any) -> list[Any]:
    """The verbs whose time expressions date ``verb``: its own, and its partner's when it has
    no tense of its own, as a conjoined verb ("arrived on Monday and declared…", but not
    "began in October and has displaced 87,000") or a participle clause ("fired the first
    shots on Saturday, destroying tanks")."""
    own_tense = any(c.dep_ in ("aux", "auxpass", "mark") for c in verb.children)
    shares = verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    return [verb, verb.head] if shares and not own_tense and verb.head.i != verb.i else [verb]


def _clause_of_time(timex: Span, verb: Any) -> bool:
    """``verb`` heads a clause on the time expression itself: "in 1968, when the Soviets
    invaded", "last October, when the doctor was shot"."""
    return verb.dep_ == "relcl" and timex.start <= verb.head.idx < timex.end


def _speech_time(doc: Document, verb: Any, timexes: list[Span]) -> Span | None:
    """The time expression dating the saying, when ``verb`` is what was said and its own
    clause names no time ("On Friday, rebels said troops had opened fire")."""
    speech = verb.head
    if verb.dep_ != "ccomp" or speech.i == verb.i or speech.lemma_ not in SPEECH_VERBS:
        return None
    said = [t for t in timexes if _governed_by(doc, t, speech)]
    return min(said, key=lambda t: abs(t.start - speech.idx)) if said else None


_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$", re.I)
_RANGE_JOIN = re.compile(r"^\s*(?:and|to|until|till|through|-|–)\s*(?:the\s+)?$", re.I)


def _range_end(doc: Document, first: Span) -> Span | None:
    """The second end of an anchored range that ``first`` opens ("between March and May"),
    or ``None``. Either end may be the one the item's clause reached."""
    if not first.attrs.get("earliest") or not _RANGE_OPEN.search(doc.text[max(0, first.start - 12) : first.start]):
        return None
    for t in doc.layers.get("timexes", []):
        if (t.label in ("DATE", "TIME") and t.attrs.get("latest") and t.start >= first.end
                and _RANGE_JOIN.match(doc.text[first.end : t.start])
                and t.attrs["latest"] >= first.attrs["earliest"]):  # fmt: skip
            return t
    return None


def _governed_by(doc: Document, timex: Span, verb: Any) -> bool:
    parsed = doc.spacy
    span = parsed.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(6):
        if tok == verb:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok != verb:
            if tok.dep_ == "xcomp" and tok.head == verb and verb.lemma_ in IMPLICATIVE_LEMMAS:
                return True  # done when its verb is: "began trading this summer", "declined to comment Saturday"
            return _reported_before(verb, span.root, tok)
    return False


def _reported_before(verb: Any, when: Any, speech: Any) -> bool:
    """"Troops retook the town on Monday, the army said": the parser hangs "on Monday" on
    "said", but standing after the reported clause and before the speaker, it dates the deed."""
    if speech.lemma_ not in SPEECH_VERBS or verb.head != speech or verb.dep_ != "ccomp":
        return False
    speakers = [c for c in speech.children if c.dep_ == "nsubj"]
    return verb.i < when.i < speech.i and all(when.i < s.i for s in speakers)


def _root(doc: Document, place: Span, countries_only: bool = False) -> Any:
    """The parse's head token of a place's name, or ``None`` (no parse; with ``countries_only``,
    a place that is no country)."""
    if doc.spacy is None or (countries_only and place.attrs.get("kind") != "country"):
        return None
    span = doc.spacy.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None else None


def nationality(doc: Document, place: Span) -> bool:
    """A country named as a modifier ("a US convoy", "US officials"): whose, not where."""
    root = _root(doc, place, countries_only=True)
    return root is not None and root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ == "NOUN"


def acting_country(doc: Document, place: Span) -> bool:
    """A country that is the subject of a verb ("The US is sending 3,500 troops to Haiti",
    "Britain has lost 179 soldiers in Iraq"): who acts, before where."""
    root = _root(doc, place, countries_only=True)
    return root is not None and root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX")


_LOCATING = frozenset({"in", "into", "to", "at", "inside", "near", "outside", "across", "around", "throughout"})


def _object_of(doc: Document, place: Span, prepositions: frozenset[str]) -> bool:
    """The place is the object of one of ``prepositions`` ("to Haiti", "from Syria")."""
    root = _root(doc, place)
    return root is not None and root.dep_ == "pobj" and root.head.lower_ in prepositions


# "HONG KONG (Reuters)", "GENEVA , Switzerland (CNN)", "LONDON , April 27 (Reuters)"
_FILED_FROM = re.compile(rf"(?:\s*,\s*(?:[A-Z][\w.]*|\d{{1,2}})(?:\s+(?:[A-Z][\w.]*|\d{{1,2}})){{0,2}})?\s*"
                         rf"{WIRE_BRACKET}")


def place_for(doc: Document, start: int, end: int) -> Span | None:
    """The most specific resolved place in the item's sentence (the nearest among equals); a
    country that only says whose ("US officials") is not a place here, and one that acts
    (the subject of a verb) or that things come from yields to a place the sentence puts them
    in or sends them to; a wire's dateline yields to any other place."""
    sent = doc.sentence_of(start)
    if sent is None:
        return None
    cands = [
        p
        for p in doc.layers.get("places", [])
        if sent.contains(p.start, p.end) and p.attrs.get("lat") is not None and p.attrs.get("kind") != "demonym"
        and not nationality(doc, p)
    ]
    if not cands:
        return None
    # A wire's dateline says where the report was filed: it yields to a place the sentence names
    # ("HONG KONG (Reuters) - The virus has killed 26 people in Mexico"), if not a continent.
    filed = [p for p in cands if _FILED_FROM.match(doc.text, p.end)]
    if any(p not in filed and p.attrs.get("kind") != "continent" for p in cands):
        cands = [p for p in cands if p not in filed]
    aside = _set_aside(doc, cands)
    return min(cands, key=lambda p: (id(p) in aside, PLACE_RANK.get(p.attrs.get("kind") or "", 9),
                                     abs(p.start - start)))  # fmt: skip


def _set_aside(doc: Document, cands: list[Span]) -> set[int]:
    """``id()`` of the candidate places that yield to where the sentence puts things ("to
    Haiti", "in Iraq"): the country that acts and the place things come from ("from Libya to
    Tunisia"). None yield when the sentence puts nothing anywhere. (Figures only: the same rule
    for events' places moved as many wrong as right, since their place is their trigger's.)"""
    located = [p for p in cands if _object_of(doc, p, _LOCATING)]
    return {id(p) for p in cands if located and p not in located
            and (acting_country(doc, p) or _object_of(doc, p, frozenset({"from"})))}  # fmt: skip


def place_dict(place: Span | None) -> dict[str, Any] | None:
    if place is None:
        return None
    a = place.attrs
    return {"name": a["name"], "lat": a["lat"], "lon": a["lon"], "kind": a.get("kind"), "country": a.get("country"),
            "mention": f"{place.start}:{place.end}"}  # fmt: skip


def _phrase(tok: Any) -> str:
    """The name a token stands for: its entity, or its compound/flat name chunk."""
    if tok.ent_type_ and tok.ent_iob_ in ("B", "I"):
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            text = ent.text
            return re.sub(r"^the\s+", "", text, flags=re.I)
    left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod") and c.i == tok.i - 1]
    words = [*(c.text for c in left), tok.text]
    return " ".join(words)


def last_named_person(doc: Document, before: int, after: int = 0, other_than: str = "") -> str | None:
    """The last PERSON entity between ``after`` and ``before`` (resolves "he said"); with
    ``other_than``, the last who is not that person (nor shares a name with them: "Obama" for
    "Barack Obama")."""
    other = set(other_than.lower().split())
    persons = [e for e in doc.layers.get("entities", []) if e.label == "PERSON" and after <= e.start
               and e.end <= before and not other & set(e.text.lower().split())]  # fmt: skip
    return persons[-1].text if persons else None


# Subjects of a speech verb that name no one: "let's say", "you will say", "All told, ...".
_NOT_SPEAKERS = frozenset({"you", "ye", "'s", "us", "all", "one"})
_PERSONAL = frozenset({"he", "she", "him", "her", "i", "we", "me"})
_OTHER_PRONOUNS = frozenset({"it", "they", "them"})
LOOK_BACK = 2  # sentences searched for whom "it said" or "they said" stands for


def _no_speaker(subj: Any, item: Any) -> bool:
    """Whether a speech verb's subject cannot be the source of the item: the figure itself
    ("Fifty-six percent said", "38 reported dead"), a number, a time or a date ("reported early
    Sunday" under a page stamp), a determiner, or a word that names no one ("you", but not "US")."""
    if item is not None and item.start <= subj.i < item.end:
        return True
    return (subj.like_num or subj.pos_ in ("NUM", "DET") or (subj.lower_ in _NOT_SPEAKERS and not subj.text.isupper())
            or subj.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "QUANTITY", "MONEY"))


def _speaker(span: Any, item: Any) -> tuple[Any, Any] | None:
    """The source named in a sentence: the object of "according to", or the subject of its
    speech verb (with the verb); ``None`` when it names none."""
    parsed = span.doc
    for tok in span:
        if tok.lower_ == "according" and tok.i + 1 < len(parsed) and parsed[tok.i + 1].lower_ == "to":
            objs = [c for c in parsed[tok.i + 1].children if c.dep_ == "pobj"]
            if objs and not _no_speaker(objs[0], None):
                return objs[0], None
    for tok in span:
        if tok.lemma_ not in SPEECH_VERBS or tok.pos_ not in ("VERB",):
            continue
        if item is not None and tok.i in range(item.start, item.end):
            continue  # the speech act itself is not attributed to its own speaker here
        if item is not None and _in_adjunct(tok, item.root):
            continue  # "Addressing the 5,000 fighters, he said…": setting, not the claim
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        # Several subjects mean a misparse ("…, the last district…, officials said"): nearest wins.
        subj = min(subjects, key=lambda c: abs(c.i - tok.i)) if subjects else None
        if subj is not None and item is not None and any(t.head.i == subj.i and t.dep_ == "nummod" for t in item):
            # What the figure counts says it ("two witnesses told CNN"): no one else's claim; or a
            # misparse of "killed 13 fighters, spokesmen for the opposition said", whose speaker
            # hangs on the counted noun as a conjunct.
            conj = next((c for c in subj.children if c.dep_ == "conj" and c.i < tok.i), None)
            return (conj, tok) if conj is not None and not _no_speaker(conj, item) else None
        if subj is None:  # passive: "is estimated by the UN"
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if subj is not None and not _no_speaker(subj, item):
            return subj, tok
    return None


def _fits(pronoun: str, tok: Any) -> bool:
    """Whether a source named earlier can be what a pronoun stands for: "he" a person or one
    official, "it" an agency or a country, "they" officials, witnesses or a group."""
    if tok.lower_ in _PERSONAL or tok.lower_ in _OTHER_PRONOUNS:
        return False
    if pronoun in ("he", "she", "him", "her"):
        return tok.ent_type_ == "PERSON" or (not tok.ent_type_ and tok.tag_ == "NN")
    if pronoun == "it":
        return tok.ent_type_ in ("ORG", "GPE", "NORP") or (not tok.ent_type_ and tok.tag_ == "NN")
    if pronoun in ("they", "them"):
        return tok.tag_ in ("NNS", "NNPS") or tok.ent_type_ in ("ORG", "NORP")
    return False


def _named(tok: Any) -> Any:
    """The person's name given beside a title: "A spokesman for the government, Musa Ibrahim"."""
    if tok.ent_type_ == "PERSON":
        return tok
    return next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), tok)


def _resolved(doc: Document, subj: Any, sent: Span, start: int) -> str:
    """A speaker's name. A pronoun stands for a fitting source named in the sentences just
    before ("..., according to the MENA news agency. Two died in Suez, it said"); failing that,
    "he", "she", "I" and "we" for the last person named before the item, and "it" and "they"
    stay as they are rather than name the wrong one."""
    pronoun = subj.lower_
    if pronoun not in _PERSONAL and pronoun not in _OTHER_PRONOUNS:
        return _span_text(_named(subj))
    if pronoun not in ("i", "we", "me"):
        sents = doc.layers.get("sentences", [])
        at = next((i for i, x in enumerate(sents) if x.start == sent.start), 0)
        for prev in reversed(sents[max(0, at - LOOK_BACK) : at]):
            span = subj.doc.char_span(prev.start, prev.end, alignment_mode="expand")
            found = _speaker(span, None) if span is not None else None
            if found is not None and _fits(pronoun, found[0]):
                return _span_text(_named(found[0]))
    if pronoun in _OTHER_PRONOUNS:
        return subj.text
    return last_named_person(doc, start) or subj.text


def attribution_for(doc: Document, start: int, end: int) -> dict[str, str] | None:
    """Who says so: speaker (and outlet) of the speech verb governing the item's sentence,
    or the "according to" phrase in it; a pronoun is resolved when it can be (see
    :func:`_resolved`).
    """
    parsed = doc.spacy
    sent = doc.sentence_of(start)
    if parsed is None or sent is None:
        return None
    span = parsed.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:
        return None
    found = _speaker(span, parsed.char_span(start, end, alignment_mode="expand"))
    if found is None:
        return None
    subj, verb = found
    outlet = None
    if verb is not None and verb.lemma_ == "tell":
        dobj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        if dobj is not None and dobj.ent_type_ in ("ORG", "PERSON", "GPE"):
            outlet = _span_text(dobj)
    return {"speaker": _resolved(doc, subj, sent, start), "outlet": outlet}


def _in_adjunct(verb: Any, tok: Any) -> bool:
    """Whether ``tok`` sits in an adverbial clause or phrase of ``verb`` (not in what is said)."""
    for child in verb.children:
        if child.dep_ in ("advcl", "prep", "npadvmod") and child.left_edge.i <= tok.i <= child.right_edge.i:
            return True
    return False


def _span_text(tok: Any) -> str:
    """A readable noun phrase for a subject token: the token with its modifiers, no clauses."""
    if tok.ent_type_:
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            return re.sub(r"^the\s+", "", ent.text, flags=re.I)
    keep = {"compound", "amod", "det", "nummod", "poss", "case", "prep", "pobj", "nmod", "appos"}
    words = [tok]
    stack = [c for c in tok.children if c.dep_ in keep]
    while stack:
        c = stack.pop()
        words.append(c)
        stack.extend(x for x in c.children if x.dep_ in keep)
    words.sort(key=lambda t: t.i)
    # Contiguous run around the head only.
    idx = {t.i for t in words}
    lo = hi = tok.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    text = tok.doc[lo : hi + 1].text
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)


ASPECTUAL = frozenset(["begin", "start", "continue", "resume", "manage", "succeed", "keep", "go", "proceed", "move",
                       "help", "use", "try", "attempt", "struggle"])  # the action happened (or was tried)
FAILED = frozenset(["fail", "refuse", "decline"])


def _purpose(verb: Any) -> str | None:
    """An infinitive of purpose or intent is a goal, not a fact: "an operation to free the
    city", "hiding among civilians to target government forces" → planned; "failed to
    take" → negated; "began to retake" stays with its governing verb."""
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    if verb.dep_ not in ("advcl", "acl", "xcomp", "relcl", "ccomp"):
        return None
    head = verb.head.lemma_.lower()
    if head in FAILED:
        return "negated"
    if verb.dep_ == "xcomp" and head in ASPECTUAL:
        return None
    return "planned"


def modality_for(verb: Any) -> str:
    """asserted / future / planned / hypothetical / negated / reported-uncertain for a verb."""
    if verb is None:
        return "asserted"
    chain = [verb]
    tok = verb
    for _ in range(3):  # look through xcomp/ccomp chains: "is expected to trigger"
        participle = tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and not any(
            c.dep_ == "mark" for c in tok.children)  # "audio purportedly featuring him, attempting to rally…"
        if (tok.dep_ in ("xcomp", "dobj", "pobj", "conj") or participle) and tok.head.i != tok.i:
            tok = tok.head
            chain.append(tok)
        else:
            break
    purpose = _purpose(verb)
    if purpose:
        return purpose
    if accused_of(verb):
        return "reported-uncertain"  # an accusation, not a finding
    for v in chain:
        kids = list(v.children)
        words = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass", "neg", "advmod", "mark")}
        if any(c.dep_ == "neg" for c in kids):
            return "negated"
        if words & {"would", "could", "might", "may", "if", "unless", "whether"}:
            return "hypothetical"
        if v.tag_ in ("VBZ", "VBP") and (
            words & {"once", "until"} or any(c.lower_ == "soon" for c in kids)
            or (v.dep_ == "advcl" and v.head.lower_ == "soon")
        ):
            return "future"  # "as soon as Mosul falls"
        if words & {"will", "shall", "'ll"} or v.lemma_ in ("expect", "likely"):
            return "future"
        if v.lemma_ in ("plan", "intend", "aim", "prepare", "vow", "pledge", "threaten"):
            return "planned"
        if words & UNCERTAIN_ADVERBS or any(c.lower_ in UNCERTAIN_ADVERBS for c in kids):
            return "reported-uncertain"
    said = next((v.head for v in chain if v.dep_ == "ccomp" and v.head.i != v.i and v.head.pos_ == "VERB"), None)
    if said is not None and (said.lemma_ in DENIAL_VERBS or any(
        c.dep_ == "advmod" and c.lower_ in FALSELY for c in said.children
    )):  # "the army denied that it had shelled the town", "state media incorrectly reported that Tobruk had fallen"
        return "negated"
    if said is not None and said.lemma_ in CLAIM_VERBS:
        return "reported-uncertain"  # "the militants claimed that an airstrike had destroyed it"
    return "asserted"


CLAIM_VERBS = {"claim", "allege", "rumor", "rumour"}
DENIAL_VERBS = {"deny", "dismiss", "refute"}
FALSELY = frozenset({"falsely", "incorrectly", "wrongly", "erroneously", "mistakenly", "inaccurately"})
ACCUSING_VERBS = {"accuse", "blame", "charge", "suspect", "indict", "convict"}


def accused_of(tok: Any) -> bool:
    """An act someone is accused of or blamed for: "accused the army of shelling the town",
    "blamed the rebels for the attack"."""
    prep = tok.head
    return (
        tok.dep_ in ("pcomp", "pobj") and prep.lower_ in ("of", "for") and prep.head.i != prep.i
        and prep.head.lemma_.lower() in ACCUSING_VERBS
    )  # fmt: skip
