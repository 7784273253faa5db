"""The tense of the clause that governs a span, from the spaCy parse: it decides whether
"on Thursday" is last Thursday or next, and whether a month without a year is ahead of the
DCT or behind it. Also used to date the deeds a clause reports (``analyse.context``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TenseFn = Callable[[int, int], str]  # (start, end) -> "past" | "present" | "future" | ""


def clause_tense(parsed: Any) -> TenseFn:
    """A tense function over a spaCy ``Doc``: the tense of the verb governing a span."""

    def tense(start: int, end: int) -> str:
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return ""
        tok = span.root
        if tok.dep_ == "poss":
            return ""  # "Tuesday's declaration": a day named as a possessor has come and gone
        before = span.start - 2 if span.start >= 2 and parsed[span.start - 1].lower_ == "on" else span.start - 1
        if before >= 0 and parsed[before].tag_ == "VBD" and parsed[before].lemma_ in SPEECH_LEMMAS:
            # "said on Monday civilian deaths pose a risk": the day of the saying, however the
            # parse attaches it
            return "past"
        first = tok
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head  # "the September and October contracts": as the first of the list
        if first.dep_ in ("compound", "nmod", "amod") and first.head.pos_ in ("NOUN", "PROPN") and first.head.i > tok.i:
            return ""  # "under a June agreement": the thing's date, not the clause's
        hops = 0
        path = []
        for hops in range(6):  # noqa: B007
            if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
                break
            path.append(tok)
            tok = tok.head
        if any(t.lower_ == "since" for t in path):
            return "past"  # "since his overthrow in August": what "since" reaches back to is past
        if tok.lemma_ in SPEECH_LEMMAS and hops > 1:
            # "said the dividend is payable Dec. 1": the saying does not date the phrase
            return ""
        if (
            tok.tag_ == "VBD"
            and not any(t.lower_ in ("for", "until", "till", "to", "by") for t in path)
            and (
                tok.lemma_ in ("vow", "pledge", "promise", "threaten", "hope", "aim")
                or (tok.lemma_ in FUTURE_LEMMAS and span.end_char <= tok.idx)
            )
        ):
            # "Clinton Saturday vowed to…", "On Friday, the government planned to pay…":
            # the day of the vow or the plan, not of the deed
            return "past"
        if tok.tag_ == "VBD" and tok.lemma_ in DEED_LEMMAS and not any(
            t.lower_ in ("for", "until", "till", "to", "by") for t in path
        ):
            return "past"  # "air strikes resumed on Wednesday": the resuming, not a plan
        return token_tense(tok)

    return tense


FUTURE_LEMMAS = {
    "plan", "schedule", "expect", "intend", "prepare", "postpone", "due", "slate", "resume",
    "aim", "hope", "vow", "pledge", "promise", "threaten", "delay", "defer", "adjourn",
}  # fmt: skip
# "were able to", "was forced to": the infinitive happened.
ABLE_WORDS = {"able", "unable", "forced", "allowed", "permitted", "compelled", "obliged", "made", "quick", "first", "last"}
# Plan verbs that are deeds themselves when done: "resumed on Wednesday", "postponed on Friday"
# (but "postponed the vote to Friday" names the plan's day).
DEED_LEMMAS = {"resume", "postpone", "delay", "defer", "adjourn"}
# Verbs whose infinitive happens (or was tried) when they do.
IMPLICATIVE_LEMMAS = {
    "decline", "refuse", "fail", "try", "attempt", "manage", "begin", "start", "continue", "vote",
    "move", "seek", "rush", "hasten", "choose", "opt", "struggle", "strive", "neglect", "dare",
}  # fmt: skip
SPEECH_LEMMAS = {"say", "tell", "announce", "report", "state", "confirm", "claim", "add", "note"}


def _pluperfect(tok: Any) -> bool:
    """The verb (or the "due" of "had been due") is in the past perfect."""
    verb = tok.head if tok.dep_ == "acomp" else tok
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in verb.children)


def token_tense(tok: Any) -> str:
    """past / present / future / "" for a verb token, looking at its auxiliaries.

    Plans and schedules look forward whatever their own tense ("planned to leave on
    Thursday", "is scheduled to close Monday"), as do infinitives ("decided to admit them
    in March") and the news present ("meet Monday").
    """
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    chain = [tok, tok.head] if tok.dep_ in ("xcomp", "ccomp") else [tok]
    plan = next((t for t in chain if t.lemma_ in FUTURE_LEMMAS), None)
    if plan is not None and _pluperfect(plan):
        return "past"  # "had been scheduled to expire Friday": a plan already overtaken
    if plan is not None or (tok.lemma_ == "set" and any(c.dep_ == "xcomp" for c in tok.children)):
        return "future"
    if tok.tag_ == "VB" and "to" in words and tok.dep_ == "advcl" and tok.head.tag_ == "VBD":
        return "past"  # a purpose clause of a past deed: "staged celebrations to mark its entry on Friday"
    if tok.tag_ == "VB" and "to" in words and tok.dep_ == "xcomp" and tok.head.lemma_ in IMPLICATIVE_LEMMAS and (
        tok.head.tag_ == "VBD" or (tok.head.tag_ == "VBN" and token_tense(tok.head) == "past")
    ):
        # done, or tried, when the head was: "declined to comment Saturday", "voted to back it Friday",
        # "have struggled to push through"
        return "past"
    if tok.tag_ == "VB" and "to" in words and tok.dep_ == "xcomp" and tok.head.lower_ in ABLE_WORDS and (
        tok.head.head.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in tok.head.children)
    ):
        return "past"  # done when the sentence says: "were able to return on Friday", "was forced to flee Monday"
    if tok.tag_ == "VB" and "to" in words and any(
        c.dep_ == "advcl" and c.tag_ == "VBD" and any(w.lower_ == "when" for w in c.children) for c in tok.children
    ):
        return "past"  # "a boost to their campaign to oust him on Friday when they won recognition"
    if tok.tag_ == "VB" and "to" in words and tok.head.lemma_ not in ("use", "have", "seem", "appear"):
        return "future"
    if tok.tag_ == "VBN" and {"to", "be"} <= words and tok.dep_ in ("relcl", "acl", "advcl"):
        return "future"  # a passive infinitive: "guidelines to be published in early November"
    if words & {"will", "'ll", "shall", "wo"}:
        return "future"
    if "going" in words or (tok.lower_ == "going" and any(c.lower_ == "to" for c in tok.children)):
        return "future"
    if words & {"would", "could", "might", "may", "should", "must"}:
        if tok.tag_ == "VBN" and "have" in words:
            return "past"  # a past possibility: "may have fled", "could have been"
        return "future" if tok.tag_ == "VB" else ""
    if any(a.tag_ == "VBD" for a in auxes) or tok.tag_ == "VBD":
        return "past"
    if tok.tag_ == "VBN" and words & {"have", "has", "'ve", "had"}:
        return "past"
    if tok.tag_ == "VBN" and any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    if tok.tag_ in ("VBZ", "VBP") and not words and tok.lemma_ not in SPEECH_LEMMAS | {"be", "have"}:
        return "future"  # "He and Arafat meet separately Monday"
    if tok.tag_ in ("VBZ", "VBP", "VBG"):
        return "present"
    if tok.tag_ == "VBN":
        return "past"
    if tok.tag_ == "VB" and tok.head.i != tok.i:
        return token_tense(tok.head)
    return ""
