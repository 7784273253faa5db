"""Stage ``figures``: reported numbers with what they count, bounds, units, rates, place, date, source.

"Between 2,000 and 3,500 people are fleeing the violence each day" becomes a
figure with ``low=2000, high=3500, counted="people fleeing the violence",
per="day"``. Years, dates, ordinals in names ("9th Armored Division"), times,
multipliers ("a thousand times better") and model numbers are not figures.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from dateline.analyse import stage
from dateline.analyse.context import (
    attribution_for,
    date_for,
    governing_verb,
    modality_for,
    place_for,
)
from dateline.analyse.tense import token_tense
from dateline.doc import Document
from dateline.ingest.clean import NEWS_OUTLET

WORD_VALUES = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "one": 1,
}  # fmt: skip  # single words: parse_number reads "a dozen", "a million" word by word
SCALES = {
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 10**12, "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000,
}  # fmt: skip
# Vague magnitudes: (low, high).
VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999), "a handful": (2, 5),
    "tens of millions": (20_000_000, 99_999_999), "hundreds of millions": (200_000_000, 999_999_999),
    "billions": (2 * 10**9, 9_999_999_999), "tens of billions": (2 * 10**10, 10**11 - 1),
    "hundreds of billions": (2 * 10**11, 10**12 - 1),
    "a few dozen": (24, 60), "several dozen": (24, 99), "a few hundred": (200, 500),
    "several hundred": (200, 900), "a few thousand": (2000, 5000), "several thousand": (2000, 9000),
    "a few million": (2_000_000, 5_000_000), "several million": (2_000_000, 9_000_000),
}  # fmt: skip
# Fractions of a whole, read only before "of" ("two-thirds of the city", "half of the staff").
FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
QUALIFIERS = {
    "roughly": "approx", "about": "approx", "around": "approx", "approximately": "approx",
    "some": "approx", "nearly": "approx", "almost": "approx", "an estimated": "approx",
    "the estimated": "approx", "estimated": "approx", "close to": "approx",
    "more than": "more_than", "over": "more_than", "just over": "more_than",
    "upwards of": "more_than", "as much as": "up_to", "as many as": "up_to", "less than": "less_than", "fewer than": "less_than",
    "under": "less_than", "just under": "less_than", "at least": "at_least",
    "up to": "up_to", "no more than": "up_to", "at most": "up_to",
}  # fmt: skip
UNITS = [
    "square yards", "square miles", "square kilometers", "square kilometres", "square meters",
    "square metres", "square feet", "yards", "miles", "kilometers", "kilometres", "km",
    "meters", "metres", "feet", "tons", "tonnes", "barrels", "gallons", "acres", "hectares",
    "yard", "mile", "kilometer", "kilometre", "meter", "metre", "foot", "ton", "tonne", "acre", "hectare",
    "kilograms", "kg", "percentage points", "percentage point", "basis points", "points", "percent", "per cent", "%",
    "US dollars", "dollars", "dollar", "euros", "euro", "pounds", "yen", "yuan", "rupees", "roubles", "rubles",
    "pesos", "francs", "dinars", "riyals", "cents", "pence",
    "inches", "inch", "GB", "MB", "TB", "GHz", "MHz", "mph", "km/h", "knots", "megapixels", "pixels",
    "mm", "cm", "lbs", "ounces", "grams", "litres", "liters", "ft",
    "degrees Celsius", "degrees Fahrenheit", "degrees", "°C", "°F",
    "milligrams", "milligram", "micrograms", "mg",
    "of US dollars", "of dollars", "of euros", "of pounds",  # "hundreds of millions of dollars"
]  # fmt: skip
CURRENCY = {"$": "US dollars", "US$": "US dollars", "USD$": "US dollars", "USD": "US dollars",
            "£": "pounds", "GB£": "pounds", "€": "euros", "EUR": "euros", "A$": "Australian dollars",
            "AU$": "Australian dollars", "C$": "Canadian dollars", "NZ$": "New Zealand dollars",
            "¥": "yen", "GBP": "pounds"}  # fmt: skip
# "a $4 billion loan": not A$. "# 25,000": a pound sign lost in conversion (with a space; "#1" is a rank).
_CURRENCY = r"(?-i:(?:(?:US|USD|GB|AU|A|C|NZ|HK)\s?)?[$£€¥]|GB\s?#|#(?=\s\d)|USD|EUR|GBP)"
_CURRENCY_PREFIX = rf"(?:{_CURRENCY})\s?"
EPISTEMIC_VERBS = {
    "estimate", "believe", "think", "say", "report", "expect", "fear", "know", "understand",
    "suspect", "assume", "presume", "consider", "feel", "claim", "allege",
}  # fmt: skip
CASUALTY_VERBS = {"kill", "wound", "injure", "die", "arrest", "detain", "displace", "flee", "evacuate",
                  "rescue", "abduct", "kidnap", "execute", "free", "release", "capture"}  # fmt: skip
_MONTH_DAY_BEFORE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+[0-3]?\d\s*(?:and|-|–|to|or)\s*$"
)
_MONTH_AFTER = re.compile(  # "13 February 12": a date the time stage did not take
    r"[ \t]+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_ZONE_AFTER = re.compile(r"\s*(?:BST|GMT|UTC|CET|CEST|EST|EDT|PST|PDT|[ap]\.?m\b|hrs\b|hours\b|local time\b)")
_TALLY_BEFORE = re.compile(r"\b(?:vote|votes|voted|score|scored|margin|won|lost|beat|defeated|ruled|tally)\b[^.]{0,12}$", re.I)
_AGE = re.compile(r"[- ](year|month|week)s?[- ]old\b", re.I)
# Before "from X to Y", a change: two figures, then and now ("fell from 5,000 to 300").
_CHANGE_BEFORE = re.compile(
    r"\b(?:ris|rose|fall|fell|drop|declin|increas|decreas|grow|grew|climb|jump|soar|plung|plummet|slump|"
    r"cut|rais|reduc|lower|shrank|shrink|swell|swoll|surg|doubl|tripl|halv|slid|up|down|change|revis|"
    r"went|gone|go|move|moving)\w*\s+(?:[\w']+\s+){0,3}$",
    re.I,
)
RATE_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year", "hour": "hour", "share": "share",
              "barrel": "barrel", "ounce": "ounce", "gallon": "gallon", "tonne": "tonne", "ton": "ton",
              "person": "person"}  # fmt: skip

_scale = r"(?:dozen|hundred|thousand|million|billion|trillion|bn|m|k)"
_digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_U, _T, _D = (
    "one|two|three|four|five|six|seven|eight|nine",
    "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen",
    "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety",
)
_base = rf"(?>(?:{_D})(?:[\s-](?:{_U})\b)?|(?:{_T}|{_U})\b)"  # "forty-two", "fifteen", "six"; atomic: not a range
# "one hundred and fifty", "fifteen hundred", "a dozen", "two hundred thousand"
_words = (rf"(?:{_base}(?:[\s-]hundred(?:\s+and\s+{_base})?)?|a\s+(?:dozen|hundred|thousand|million|billion))"
          rf"(?:[\s-](?:dozen|thousand|million|billion|trillion))*\b")
# "a quarter of a million", "three-quarters of a million", "half a million", "a half million"
_share_of_scale = (r"(?:(?:a|one|two|three)[\s-](?:half|third|quarter)s?\s+of\s+an?|half\s+an?|a\s+half)"
                   r"\s+(?:dozen|hundred|thousand|million|billion|trillion)\b")
NUMBER = (rf"(?:{_CURRENCY_PREFIX})?(?:{_digits})(?:\s?{_scale}\b|-(?:million|billion|trillion)\b)?"
          rf"|{_share_of_scale}|{_words}")
_vague = "|".join(sorted((re.escape(w) for w in VAGUE), key=len, reverse=True))
_qual = "|".join(sorted((re.escape(w) for w in QUALIFIERS), key=len, reverse=True))
_unit = "|".join(re.escape(u) for u in UNITS)
_frac = "|".join(FRACTIONS)
_PERCENT = r"(?:%|percent\b|per cent\b)"  # "between 5 % and 10 %", "5 to 10 percent"
_PERCENT_HI = rf"(?=\s*(?:and|to|-|–)\s*[\d.,]+\s?{_PERCENT})"  # only when both ends are percentages
FRACTION = (rf"(?:(?:one|two|three|four|nine)-(?:{_frac})s?\b"  # "two-thirds" anywhere
            rf"|(?:(?:one|a|two|three|four|nine)\s(?:{_frac})s?|half)(?=\s+of\b))"  # "a third of", "half of"
            r"(?!\s+of\s+an?\s+(?:dozen|hundred|thousand|million|billion|trillion)\b)")  # a share of a number
FIGURE = re.compile(
    rf"(?<![\w$£€¥#.,/-])(?:(?P<qual>{_qual})\s+)?"
    rf"(?:(?P<from>between|from)\s+(?P<lo>{NUMBER})(?:\s?{_PERCENT}{_PERCENT_HI})?\s+(?:and|to)\s+(?P<hi>{NUMBER})"
    rf"|(?P<lo2>{NUMBER})(?:\s?{_PERCENT}{_PERCENT_HI})?(?:\s*(?:-|–)\s*|\s+(?:to|or)\s+)(?P<hi2>{NUMBER})"
    rf"|(?P<frac>{FRACTION})|(?P<num>{NUMBER})|(?P<vague>{_vague}))"
    rf"(?:[\s-]?(?P<unit>{_unit})(?![\w]))?",
    re.I,
)
_MODEL = re.compile(r"[A-Z][\w-]*[\s-]$")  # "Boeing 737", "F-16", "Su-24"


_MODEL_NAME = re.compile(r"\b[A-Z][A-Za-z]+(?:['’]s)?[\s-]([A-Z]?\d{2,4})(?:[-/]\d+)?\b")


_NOT_MAKERS = frozenset(
    ["in", "on", "at", "by", "since", "for", "and", "of", "the", "between", "from", "about", "some", "nearly",
     "around", "over", "under", "almost", "only", "all", "up", "to", "with", "after", "before", "than", "more",
     "less", "roughly", "approximately", "another", "last", "next", "these", "those", "its", "their", "another",
     "just", "at least", "fewer", "among", "until", "during", "within"]
)  # fmt: skip
_MODEL_VARIANT = re.compile(r"\b(\d{3,4})-\d{2,4}[A-Z]{1,3}\b")


def model_numbers(text: str) -> set[str]:
    """Numbers the text uses as model names ("Boeing 737", "Airbus A380", "F-16")."""
    out = set()
    for m in _MODEL_NAME.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if re.search(r"[.!?\n]\s?$", before) and m.start() > 0:
            continue  # a sentence-initial word is not a maker's name
        if m[0].split()[0].lower() in _NOT_MAKERS:
            continue  # "Between 200 and 300", "Nearly 400": a capital that only starts a sentence
        out.add(m[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    out.update(m[1] for m in _MODEL_VARIANT.finditer(text))  # "the 777-200LR": the 777 is a model
    return out


def parse_number(text: str) -> float | None:
    """The value of a number written in digits, words or both ("3.5 million", "three hundred")."""
    t = re.sub(rf"^{_CURRENCY_PREFIX}", "", text.strip()).lower().replace(",", "")
    t = re.sub(r"(\d)(bn|m|k)\b", r"\1 \2", t)  # "300m", "1.5bn"
    share = re.fullmatch(r"(?:(a|one|two|three)[\s-])?(half|third|quarter)s?(?:\s+of)?\s+an?\s+(\w+)|a\s+half\s+(\w+)", t)
    if share:  # "a quarter of a million", "half a million", "a half million"
        if share[4]:
            return 0.5 * SCALES[share[4]]
        return WORD_VALUES.get(share[1] or "one", 1) * FRACTIONS[share[2]] * SCALES[share[3]]
    total = None
    for part in re.split(r"[\s-]+", t):
        if not part:
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", part):
            total = float(part)
        elif part in WORD_VALUES:
            total = (total or 0) + WORD_VALUES[part]
        elif part in SCALES:
            total = (total or 1) * SCALES[part]
        elif part == "a":
            total = 1
        elif part == "and" and total:
            continue  # "one hundred and fifty"
        else:
            return None
    return total


def _figure_matches(text: str) -> Iterator[re.Match[str]]:
    """FIGURE matches, with "from X to Y" after a verb of change ("fell from 5,000 to 300")
    split into its two values, as is a "from" pair that runs downwards."""
    for m in FIGURE.finditer(text):
        lo, hi = ("lo", "hi") if m["lo"] else ("lo2", "hi2")
        joined_by_to = (m["from"] or "").lower() == "from" or (
            m["lo2"] and re.fullmatch(r"\s*to\s*", text[m.end("lo2") : m.start("hi2")] or "-")
        )
        if joined_by_to:
            low, high = parse_number(m[lo]), parse_number(m[hi])
            downwards = low is not None and high is not None and low >= high
            before = text[max(0, m.start() - 40) : m.start()]
            both_marked = bool(re.match(_CURRENCY, m[hi]) and re.match(_CURRENCY, m[lo]))  # "$3 to $147"
            change = _CHANGE_BEFORE.search(before) and (m["from"] or both_marked or re.search(r"\bby\s*$", before))
            if downwards or change:  # "fell from 5,000 to 300", "cut the price by $200 to $399"
                for a, b in ((m.start(lo), m.start(hi)), (m.start(hi), len(text))):
                    part = FIGURE.match(text, a, b)
                    if part:
                        yield part
                continue
        yield m


def _list_marker(tok: Any) -> bool:
    """A list item's number that lost its line break: "protect civilians 3 . All parties…"."""
    doc = tok.doc
    return (
        0 < tok.i < len(doc) - 2 and doc[tok.i - 1].pos_ in ("NOUN", "PROPN") and doc[tok.i + 1].text == "."
        and doc[tok.i + 2].text[:1].isupper() and tok.text.isdigit() and int(tok.text) <= 20
    )  # fmt: skip


def _share_of(span: Any) -> str | None:
    """What a fraction is a share of: the object of the "of" after it ("two-thirds of the city")."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_ != "of":
        return None
    obj = next((c for c in doc[span.end].children if c.dep_ == "pobj"), None)
    if obj is None or obj.pos_ in ("PRON", "DET", "NUM") or obj.like_num:
        return None  # "40 % of whom", "half of those", "58 per cent of the 22,000": said elsewhere
    mods = [c.i for c in obj.lefts if c.dep_ in ("compound", "amod", "nmod")]
    return doc[min([obj.i, *mods]) : obj.i + 1].text


def _share_state(span: Any) -> str | None:
    """The state a share is said to be in, when the share is the subject ("Half of the fighters
    were killed": killed; "A third of the residents have fled": fled)."""
    root = span.root
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head.lemma_ in EPISTEMIC_VERBS:
        return None
    return _compact(root.head, subject=root) if _tells_state(root.head) else None


def _tells_state(verb: Any) -> bool:
    """A verb that puts its subject in a state: a participle ("were killed", "are fleeing") or a
    verb of one ("fled", "died")."""
    return verb.tag_ in ("VBN", "VBG") or verb.lemma_ in _STATE_VERBS


def _fraction(text: str) -> float:
    """The value of "two-thirds", "a quarter", "half"."""
    words = re.split(r"[\s-]+", text.lower())
    share = FRACTIONS[words[-1].rstrip("s")]
    return share * (WORD_VALUES.get(words[0], 1) if len(words) > 1 else 1)


def _clean(v: float | None) -> float | int | None:
    if v is None:
        return None
    v = float(f"{v:.12g}")  # "$4.15m": 4150000, not 4150000.0000000005
    return int(v) if v == int(v) else v


def _excluded(doc: Document, start: int, end: int, match_start: int) -> bool:
    text = doc.text
    for t in doc.layers.get("timexes", []):
        if t.start < end and start < t.end:
            return True
    after = text[end : end + 12]
    before = text[max(0, start - 12) : start]
    if re.match(r"(?:st|nd|rd|th)\b|\s*(?:times\b|o['’]clock)", after) or (
        re.fullmatch(r"[0-3]?\d", text[start:end]) and _MONTH_AFTER.match(text, end)
    ):
        return True
    if re.match(r"[A-Za-z]", after):
        return True  # "3T", "4S": a name, not a number
    if re.match(r"[:./]\d|-to-\d", after) or re.search(r"\d[:./-]$|\d-to-$|\bNo\.\s*$", before):
        return True  # times, decimals split oddly, dates, phone numbers
    if match_start == start and _MODEL.search(text[max(0, start - 12) : start]):
        word = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
        sentence_start = re.search(r"(?:^|[.!?\n][\"”’']?)\s*\S+\s*$", text[max(0, start - 30) : start])
        if word and not sentence_start:
            return True  # "Boeing 737", "F-16"
    if re.fullmatch(r"\d{2,3}[1-9]", text[start:end]) and _PRODUCT_AFTER.match(text[end : end + 20]):
        return True  # "their 737 narrowbody airliner", "the first 787 Dreamliner"; not "100 planes"
    if re.fullmatch(r"[0-3]?\d", text[start:end]) and _MONTH_DAY_BEFORE.search(text[max(0, start - 24) : start]):
        return True  # "on August 2 and 3": the second day of a date the time stage read as one
    if re.fullmatch(r"[0-2]?\d\.[0-5]\d|[0-2]\d[0-5]\d", text[start:end]) and _ZONE_AFTER.match(text, end):
        return True  # "17.02 BST", "0603 local time": a clock time
    if re.search(r"(?:GMT|UTC)\s*[+-]$", before) or re.search(r"['’]$", before):
        return True  # time zones ("GMT +8") and clipped years ("iLife '11")
    if match_start == start and re.search(r"\b(?:the|both)\s+$", before, re.I) and re.fullmatch(
        r"two|three|four|five|six|seven|eight|nine|ten", text[start:end], re.I
    ):
        return True  # "the two companies": a reference to known parties, not a count
    # A list number: "1. Troops advanced. 2. Rebels fled."
    return bool(re.search(r"(?:^|\n|[.!?]\s)\s*$", before) and re.match(r"[.)]\s+[A-Z]", after))


_PRODUCT_AFTER = re.compile(
    r"\s+(?:Dreamliners?|airliners?|aircraft|jetliners?|jets?|planes?|narrowbody|widebody|replacement|"
    r"family|series|models?|versions?|variants?|programs?|programmes?)\b"
)


# What a number in the object of these verbs was done to ("killed 20 people", "killing 20 people").
_PAST = {"kill": "killed", "injure": "injured", "wound": "wounded", "displace": "displaced", "evacuate": "evacuated",
         "arrest": "arrested", "detain": "detained", "rescue": "rescued", "free": "freed",
         "capture": "captured"}  # fmt: skip
_VERB_TAGS = ("VBN", "VBD", "VBG", "VBZ", "VBP")  # "kills" in a chronology's present: "a bomb kills 14 marines"
_LEFT_STATES = frozenset({"dead", "wounded", "injured", "homeless", "missing", "stranded", "trapped"})
_STAYING = frozenset({"remain", "stay"})
_STATE_VERBS = frozenset({"flee", "die", "drown", "perish", "disappear"})  # "Hundreds of residents fled the city"
_WHOLE = frozenset({"all", "each", "both", "every"})  # "All of the 300 fighters were killed": the whole group


def counted_phrase(tok: Any) -> str | None:
    """What a number counts: the noun it modifies with its modifiers, and a defining
    participle or prepositional phrase ("civilians trapped", "people fleeing the violence",
    "forces in an Iraqi-led coalition").
    """
    noun = _counted_noun(tok)
    if noun is not None and noun.pos_ == "PRON":
        noun = None  # "two of them": whom "them" means is another sentence's business
    if noun is None:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in CASUALTY_VERBS:
            return f"people {tok.head.text}"  # "Hundreds were killed", "Five died"
        return None
    doc = noun.doc
    mods = [
        c for c in noun.lefts
        if c.dep_ in ("compound", "amod", "nmod") and c.i > tok.i and c.lower_ not in ("estimated",)
    ]  # fmt: skip
    start = min([noun.i, *(m.i for m in mods)])
    words = [doc[start : noun.i + 1].text]
    if NEWS_OUTLET.fullmatch(words[0]):
        return None  # "tribal clashes kill 40 Associated Press :": a headline and its credit
    done = _done_to(tok, noun)
    # ... or what they were left: "left 12 people dead".
    left = next((c for c in noun.head.children if c.dep_ in ("oprd", "ccomp", "xcomp") and c.lower_ in _LEFT_STATES
                 and noun.head.lemma_ == "leave" and noun.dep_ == "dobj"), None)  # fmt: skip
    left = left or next((c for c in noun.rights if c.dep_ in ("amod", "oprd") and c.lower_ in _LEFT_STATES), None)
    if done is not None:  # "killing 20 people": people killed
        words.append(_PAST[done.lemma_])
    elif left is not None:
        words.append(left.lower_)
    # Defining phrase after the noun.
    preps = [c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ("in", "of", "from", "with")]
    acl = [c for c in noun.rights if c.dep_ in ("acl", "relcl") and c.tag_ in ("VBN", "VBG")
           and not any(t.text in (",", ";", "(") for t in doc[noun.i + 1 : c.i])]  # ", backed by…" describes, not defines
    if acl:
        words.append(_compact(acl[0]))
    elif preps and noun.lower_ in ("forces", "troops", "fighters", "members", "people", "soldiers"):
        words.append(doc[preps[0].left_edge.i : preps[0].right_edge.i + 1].text)
    else:
        # The subject is the noun, or the number or share heading it ("Thousands of people remained
        # stranded", "A quarter of a million people were injured").
        share = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
        subject = next((t for t in (noun, tok, share) if t.dep_ in ("nsubj", "nsubjpass")), None)
        head = subject.head if subject is not None else noun.head
        if head.lemma_ in EPISTEMIC_VERBS:
            pass  # "300 militants are estimated to remain": the estimate is not the count
        elif subject is share and share is not noun and share is not tok and share.lower_ not in _WHOLE and (
            noun.i < tok.i or any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in noun.lefts)
        ):
            # "one-sixth of the population of six million has been displaced", "Half of the 300 fighters
            # were killed": a share of the group is in the state, not the whole group
            pass
        elif subject is not None and _tells_state(head):
            words.append(_compact(head, subject=subject))
        elif subject is not None and head.lemma_ in _STAYING:
            # "100,000 civilians remain trapped": in that state; "remain there": still there.
            state = next((c for c in head.children if c.dep_ in ("acomp", "xcomp", "oprd") and c.lower_ in _LEFT_STATES), None)
            words.append(state.lower_ if state is not None else "remaining")
        elif (
            noun.dep_ == "pobj"
            and head.head.tag_ in ("VBN", "VBG")
            and not any(c.dep_.startswith("nsubj") for c in head.head.children)
            and (done is None or done.i != head.head.i)
        ):  # a misparse that hangs the subject on a preposition
            words.append(_compact(head.head, subject=noun))
    text = " ".join(w for w in words if w)
    return re.sub(r"\s+", " ", text).strip() or None


def _done_to(tok: Any, noun: Any) -> Any:
    """The verb of what was done to what a number counts, when that is its object: "killed 20
    people", "killed thousands of civilians", "killed 12 rebels and 3 civilians", a chronology's
    "a roadside bomb kills 14 marines";
    or the verb just before the number when the parse hung the noun elsewhere ("killed at least
    13 rebel fighters, spokesmen for the opposition said": the fighters as the subject of "said")."""
    obj = noun
    while obj.dep_ == "conj" and obj.head.pos_ in ("NOUN", "PROPN", "NUM") and any(
        c.dep_ == "cc" and obj.head.i < c.i < obj.i for c in obj.head.children
    ):  # "killed 12 rebels and 3 civilians": the civilians too (not a list a comma joins)
        obj = obj.head
    if obj.dep_ == "pobj" and obj.head.lower_ == "of" and obj.head.head.i == tok.i:
        obj = tok
    verb = obj.head
    if obj.dep_ == "dobj" and verb.lemma_ in _PAST and verb.tag_ in _VERB_TAGS:
        return verb
    first = tok.head if tok.dep_ == "conj" else tok  # "between 250,000 and 500,000": the range's first number
    at = first.left_edge.i  # "at least 13": the words before the number are its own
    verb = tok.doc[at - 1] if at > 0 else None
    hung = obj.dep_ not in ("dobj", "pobj")
    if verb is not None and verb.lower_ in ("between", "from") and obj.head.i == verb.i and tok.doc[at].like_num:
        verb, hung = verb.head, True  # "kills between 250,000 and 500,000 people", "killed from 20 to 30 people"
    if (hung and verb is not None and verb.lemma_ in _PAST and verb.tag_ in _VERB_TAGS
            and not any(c.dep_ == "dobj" for c in verb.children)):  # fmt: skip
        return verb
    return None


def _counted_noun(tok: Any) -> Any:
    """The noun a number token quantifies, from the parse or, failing that, the words after it."""
    noun = tok
    for _ in range(3):
        if noun.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and noun.head.i != noun.i:
            noun = noun.head
            if noun.pos_ in ("NOUN", "PROPN") and noun.lower_ not in SCALES:  # not "dozen" in "two dozen rockets"
                return noun
        else:
            break
    # "300 of the fighters": the number heads a phrase with "of".
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        return next((c for c in of.children if c.dep_ == "pobj"), None)
    # "a flight crew of six", "a family of five": the number closes a group's noun phrase.
    if (
        tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN"
        and (tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].pos_ not in ("NOUN", "PROPN", "ADJ"))
        and tok.head.head.lower_ not in ("cent", "percent") and not any(c.lower_ in ("the", "these", "those") for c in tok.lefts)
    ):  # (not "per cent of the 22,000 who took part": a share of a group named before)
        return tok.head.head
    # A parse that hangs the number elsewhere ("Between 2,000 and 3,500 people"): the next noun.
    doc = tok.doc
    for i in range(tok.i + 1, min(tok.i + 4, len(doc))):
        t = doc[i]
        if t.pos_ in ("NOUN", "PROPN"):
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and (
                nxt.head.i == t.head.i or t.dep_ == "compound" or t.head.i == nxt.i
            ):
                continue  # "ISIS militants": the count is of the militants
            return t
        if t.pos_ not in ("ADJ", "PROPN", "NOUN") and not t.like_num:
            return None
    return None


def _compact(tok: Any, subject: Any = None) -> str:
    """A short phrase for a verb or preposition: the word and its object, no adjuncts."""
    keep = {"dobj", "pobj", "det", "amod", "compound", "prep", "prt", "poss", "case", "npadvmod"}
    idx = {tok.i}
    stack = [c for c in tok.children if c.dep_ in keep and c.dep_ != "npadvmod"]
    while stack:
        c = stack.pop()
        if c.dep_ == "prep" and c.head == tok and tok.pos_ == "VERB":
            continue  # "trapped in the Old City": the place is a separate field
        idx.add(c.i)
        stack.extend(x for x in c.children if x.dep_ in keep)
    if subject is not None:
        idx.discard(subject.i)
    lo, hi = tok.i, tok.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    return tok.doc[lo : hi + 1].text


def _rate(doc: Document, start: int, end: int) -> str | None:
    sent = doc.sentence_of(start)
    if sent is None:
        return None
    for t in doc.layers.get("timexes", []):
        if t.label == "SET" and sent.contains(t.start, t.end) and t.start >= end:
            m = re.match(r"PT?1?(D|W|M|Y|H)$", t.attrs.get("value", ""))
            if m:
                return {"D": "day", "W": "week", "M": "month", "Y": "year", "H": "hour"}[m[1]]
    # "3,500 people a day"; not "900 a week earlier", which is a time
    # ... "in an average year", "year after year"
    m = re.match(rf"(?:\s+[a-z]+){{0,3}}?\s+(?:a|per|each|every|in\s+an?\s+(?:average|normal|typical|ordinary))\s+"
                 rf"({'|'.join(RATE_UNITS)})\b(?!\s+(?:earlier|later|ago|before|after)\b)"
                 rf"|(?:\s+[a-z]+){{0,3}}?\s+({'|'.join(RATE_UNITS)})\s+after\s+\2\b", doc.text[end : end + 60])
    return RATE_UNITS.get(m[1] or m[2]) if m else None


HISTORY_GAP_DAYS = 365  # a time named this long before the report is history it recalls
_SINCE_OR_NOW = re.compile(r"\b(?:since|then|now|so far|to date|until|till)\b", re.I)


def _told_before(doc: Document, start: int, verb: Any) -> dict[str, str | None] | None:
    """The date of a count in a simple past clause whose sentence names no time, when the
    sentence before names a time at least ``HISTORY_GAP_DAYS`` before the report: "Syrian
    forces razed the old quarter of Hama in 1982. Up to 30,000 people were killed." is a count
    of 1982, not of the report's days. ``None`` otherwise (the clause's own date then applies)."""
    if verb is None or doc.dct is None or token_tense(verb) != "past":
        return None
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "'ve") for c in verb.children):
        return None  # "have been killed": a running total up to now
    sents = doc.layers.get("sentences", [])
    sent = doc.sentence_of(start)
    if sent is None or (i := sents.index(sent)) == 0:
        return None
    times = [t for t in doc.layers.get("timexes", []) if t.label in ("DATE", "TIME")]
    if any(sent.contains(t.start, t.end) for t in times) or _SINCE_OR_NOW.search(sent.text):
        return None  # ("Since then, 100,000 people were killed": up to now)
    # The time that dates the sentence before: the one governing its main verb's clause (not
    # a bound, "since September 2008", nor a relative clause's, "set up after seizing power in 1969").
    span = doc.spacy.char_span(sents[i - 1].start, sents[i - 1].end, alignment_mode="contract") if doc.spacy else None
    if span is None or span.root.pos_ not in ("VERB", "AUX"):
        return None
    root = span.root
    dated = date_for(doc, root.idx, root.idx + len(root.text), root)
    before = (doc.dct - dt.timedelta(days=HISTORY_GAP_DAYS)).isoformat()
    if not dated.get("value") or not dated.get("latest") or dated["latest"] >= before:
        return None
    return dated


@stage("figures", version="22", requires=("sentences", "timexes", "places"), assigns=("figures",))
def figures(doc: Document) -> None:
    """Add figure spans with value or range, qualifier, counted thing, unit, rate, place, date."""
    parsed = doc.spacy
    models = model_numbers(doc.text)
    for m in _figure_matches(doc.text):
        start, end = m.start(), m.end()
        core_start = next(m.start(g) for g in ("lo", "lo2", "frac", "num", "vague") if m[g])
        if _excluded(doc, core_start, end, start):
            continue
        core = re.match(r"[\d,]+", doc.text[core_start:end])
        if core and core[0] in models and not m["qual"]:
            continue  # "the 737" in a report that says "Boeing 737": a model, not a count
        qual = QUALIFIERS.get((m["qual"] or "").lower())
        unit = m["unit"]
        value = low = high = None
        if (m["lo2"] and not unit and re.fullmatch(r"\s*[-–]\s*", doc.text[m.end("lo2") : m.start("hi2")])
                and _TALLY_BEFORE.search(doc.text, max(0, start - 25), start)):
            continue  # "a vote of 199-229", "won 3-1": a tally, not a range
        if m["lo"] or m["lo2"]:
            low = parse_number(m["lo"] or m["lo2"])
            high = parse_number(m["hi"] or m["hi2"])
            if low is None or high is None or low >= high:
                continue
            qual = qual or "range"
        elif m["vague"]:
            low, high = VAGUE[m["vague"].lower()]
            qual = "vague"
        elif m["frac"]:
            value = low = high = round(_fraction(m["frac"]), 3)
            unit = unit or "fraction"
        else:
            value = parse_number(m["num"])
            if value is None:
                continue
            if not unit and (re.fullmatch(r"(?:19|20)\d\d", m["num"]) or m["num"].lower() == "one"):
                continue  # bare years and "one officer" are not figures
            low = high = value
            if qual in ("more_than", "at_least"):
                high = None
            elif qual in ("less_than", "up_to"):
                low = None
        if not m["frac"] and not m["vague"] and (
            (not unit and _AGE.match(doc.text, end)) or re.search(r"\b(?:aged|age of)\s+$", doc.text[max(0, start - 12) : start])
        ):
            age = _AGE.match(doc.text, end)
            unit = f"{age[1].lower()}s of age" if age else "years of age"  # "a 24-year-old", "aged 60 to 90": not a count
        # Anchor on the spaCy token of the number.
        tok = None
        counted = None
        if parsed is not None:
            span = parsed.char_span(core_start, end, alignment_mode="expand")
            if span is not None:
                nums = [t for t in span if t.like_num or t.pos_ == "NUM"] or [span.root]
                tok = nums[-1]
                if m["frac"] or (unit or "").lower() in ("per cent", "percent", "%"):
                    counted = _share_of(span)
                    state = _share_state(span) if counted else None
                    counted = f"{counted} {state}" if state else counted
                elif not unit:
                    for cand in reversed(nums):
                        counted = counted_phrase(cand)
                        if counted:
                            tok = cand
                            break
        money = re.match(_CURRENCY, m["num"] or m["lo"] or m["lo2"] or "")
        if money:
            counted = None  # what a sum buys is not what it counts
            sign = money[0].replace(" ", "").replace("GB#", "GB£").replace("#", "£")
            unit = CURRENCY.get(sign, "US dollars" if "$" in sign else sign)
        if not unit and (re.search(r"\bmagnitude\s+$", doc.text[max(0, start - 12) : start], re.I)
                         or re.match(r"-?magnitude\b", doc.text[end : end + 12], re.I)):
            unit, counted = "magnitude", None  # "a magnitude 6.1 tremor", "the 7.0-magnitude quake"
        if unit and unit.lower() in ("per cent", "%"):
            unit = "percent"
        elif unit and unit.lower().startswith("of "):
            unit = unit[3:]  # "millions of pounds"
        elif unit and unit.lower() == "euro":
            unit = "euros"  # "a 30,000-euro cheque"
        if counted is None and not unit and tok is not None and not re.search(r"\d", m[0]):
            continue  # a number word standing alone ("two of them") is not worth a figure
        if not unit and not qual and tok is not None and _list_marker(tok):
            continue
        verb = governing_verb(tok) if tok is not None else None
        place = place_for(doc, start, end)
        estimated = bool(re.search(r"\bestimat", doc.text[max(0, start - 40) : end], re.I))
        doc.add(
            "figures",
            start,
            end,
            "FIGURE",
            value=_clean(value),
            low=_clean(low),
            high=_clean(high),
            approx=qual in ("approx", "vague") or estimated,
            qualifier=qual or "exact",
            counted=counted,
            unit=unit.lower() if unit else None,
            per=_rate(doc, start, end),
            place=place.attrs["name"] if place else None,
            as_of=_told_before(doc, start, verb) or date_for(doc, start, end, verb),
            attributed_to=attribution_for(doc, start, end),
            modality=modality_for(verb),
        )
