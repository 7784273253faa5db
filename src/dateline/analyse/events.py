"""Stage ``events``: who did what to whom, where and when — and whether the text asserts it.

A transparent core: a trigger lexicon (``data/event_lexicon.json``, verbs and
nouns with their PLOVER type and ACLED categories) and dependency rules over
the spaCy parse for actors and targets, canonicalised with
``data/actors.json``. Place, date, modality and attribution come from the
shared helpers in :mod:`dateline.analyse.context`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from typing import Any

from dateline.analyse import stage
from dateline.analyse.context import (
    PLACE_RANK,
    accused_of,
    attribution_for,
    date_for,
    governing_verb,
    last_named_person,
    modality_for,
    nationality,
    place_dict,
)
from dateline.analyse.gazetteer import _data_file
from dateline.doc import Document, Span
from dateline.ingest.clean import NEWS_OUTLET, WIRES

INSTRUMENT_PREPS = {"with", "using", "by"}
# Who one fights beside, not against ("fighting with their children right beside them").
_COMPANIONS = frozenset({"child", "children", "family", "families", "wife", "husband", "kid", "baby", "ally",
                         "comrade", "friend", "relative", "son", "daughter", "brother", "sister"})
LIGHT_VERBS = {"take", "join", "participate", "lead", "launch", "conduct", "carry", "mount", "stage",
               "ramp", "step", "use", "begin", "start", "continue", "intensify", "escalate"}  # fmt: skip
# Verbs whose subject meets, stops or tells of the deed its object names, rather than does it:
# "Iran crushed the protests", "troops repelled the attack", "the UN condemned the shelling".
UNDERGOING_VERBS = {"crush", "repel", "repulse", "halt", "stop", "end", "break", "thwart", "foil", "prevent", "block",
                    "resist", "suppress", "quell", "disperse", "ban", "condemn", "denounce", "criticise", "criticize",
                    "deplore", "deny", "survive", "escape", "flee", "witness", "report", "describe", "fear", "face",
                    "welcome", "watch", "cover", "investigate", "see", "hear", "blame", "protest", "oppose",
                    "film", "photograph", "document", "recall", "remember", "mourn", "suffer", "endure"}  # fmt: skip
PREDICTIVE_MODIFIERS = {"imminent", "inevitable", "expected", "looming", "upcoming", "planned",
                        "likely", "possible", "potential", "future", "anticipated", "impending"}  # fmt: skip
OF_HEADS = {"units", "members", "fighters", "troops", "forces", "neighborhood", "neighbourhood",
            "half", "part", "parts", "city", "district", "outskirts", "center", "centre"}  # fmt: skip
PLACE_HEADS = {"town", "city", "village", "port", "district", "province", "region", "neighborhood",
               "neighbourhood", "suburb", "island"}  # fmt: skip
CROWD_HEADS = {"thousands", "hundreds", "dozens", "scores", "millions", "tens", "groups", "group", "crowds",
               "crowd", "hundred", "thousand", "dozen", "number", "band", "mob", "gang", "lot", "lots", "handful",
               "couple", "score", "majority"}  # fmt: skip
SITE_HEADS = PLACE_HEADS | {"capital", "base", "airport", "stronghold", "airbase", "garrison", "bastion",
                            "compound", "headquarters", "palace", "oilfield", "refinery", "border", "crossing"}  # fmt: skip
# Nouns whose possessive is the one acted on: "Franklin's arrest", "the journalist's release".
PATIENT_NOUNS = {"arrest", "detention", "capture", "release", "execution", "killing", "abduction", "kidnapping",
                 "assassination", "murder", "rescue", "evacuation", "liberation"}  # fmt: skip
PRONOUN_ACTORS = {"they", "he", "she", "it", "we", "i", "you"}
NAME_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, dict[str, Any]]:
    """Trigger → entry, from the bundled lexicon (or ``$DATELINE_EVENT_LEXICON``)."""
    path = os.environ.get("DATELINE_EVENT_LEXICON") or _data_file("event_lexicon.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)["triggers"]


@lru_cache(maxsize=1)
def actor_table() -> dict[str, Any]:
    path = os.environ.get("DATELINE_ACTORS") or _data_file("actors.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


_Aliases = list[tuple[str, list[tuple[str, re.Pattern[str]]]]]


@lru_cache(maxsize=1)
def _alias_patterns() -> _Aliases:
    """Per canonical actor of the (cached) actor table: its aliases, lower-cased, each with a
    pattern matching it as whole words."""
    return [
        (canon, [(a.lower(), re.compile(rf"(?<!\w){re.escape(a.lower())}(?!\w)")) for a in info["aliases"]])
        for canon, info in actor_table()["actors"].items()
    ]


def _names_actor(text_key: str, aliases: list[tuple[str, re.Pattern[str]]]) -> bool:
    # (a plain substring test first: most aliases are absent from most reports)
    return any(alias in text_key and pattern.search(text_key) for alias, pattern in aliases)


# The end of a wire's dateline that the parse took into a phrase: "Reuters -RRB- - ", "(AP) -- ".
# Words that end a body's own name, not a side's ("Free Syrian Army forces", "Security forces").
_NOT_A_SIDE = frozenset(["Security", "Special", "Government", "Rebel", "Opposition", "Army", "Guard", "Guards", "Force",
                         "Forces", "Corps", "Brigade", "Brigades", "Battalion", "Division", "Police", "Front", "Council",
                         "Movement", "Party", "Republican", "National", "Coalition", "Allied"])  # fmt: skip
_NAME_PARTICLES = frozenset(["al", "al-", "bin", "ibn", "de", "van", "von", "der", "la", "le", "du", "da", "abu"])
_BRACKETS = re.compile(r"-[LR]RB-|[()\[\]]")
_WIRE_DATELINE_END = re.compile(rf"^.{{0,80}}?\b(?:{WIRES})\s*(?:\)|-RRB-)\s*(?:-{{1,2}}|\u2014|\u2013)\s*")

@lru_cache(maxsize=4096)
def _country_name(phrase: str) -> str | None:
    """The gazetteer's name of the country ``phrase`` names by one of its names ("U.S.",
    "US", "the United States"), else ``None``."""
    from dateline.analyse.gazetteer import load_gazetteer

    if not phrase[:1].isupper():
        return None
    countries = {c.name for c in load_gazetteer().lookup(phrase) if c.kind == "country"}
    return next(iter(countries)) if len(countries) == 1 else None


class ActorResolver:
    """Canonical actor names within one document."""

    def __init__(self, doc: Document):
        table = actor_table()
        self.alias: dict[str, str] = {}
        self.generic: dict[str, list[str]] = {}
        self.kind: dict[str, str] = {}
        self.context: dict[str, list[str]] = {}
        for canon, info in table["actors"].items():
            self.kind[canon] = info["kind"]
            self.context[canon] = info.get("context", [])
            for a in info["aliases"]:
                self.alias[_key(a)] = canon
            for g in info["generic"]:
                self.generic.setdefault(_key(g), []).append(canon)
        self.armed = set(table["armed_words"])
        self.state = set(table["state_words"])
        self.agents = set(table.get("agent_words", []))
        self.protest = set(table.get("protest_words", []))
        self.victims = set(table.get("victim_words", []))
        # Which canonical actors the document names outright, in order of first mention.
        text_key = doc.text.lower()
        self.named = [c for c, aliases in _alias_patterns() if _names_actor(text_key, aliases)]
        # A person's surname alone is the person the report names in full ("Gadhafi" after
        # "Moammar Gadhafi"), when one person of the report bears it.
        self.common = self.armed | self.state | self.agents | self.protest | self.victims | CROWD_HEADS
        full: dict[str, set[str]] = {}
        for e in doc.layers.get("entities", []):
            words = _BRACKETS.sub(" ", doc.text[e.start : e.end]).split()
            if (e.label == "PERSON" and len(words) >= 2 and words[-1].lower() not in self.common
                    and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)):
                full.setdefault(words[-1], set()).add(" ".join(words))
        self.full_name = {last: next(iter(names)) for last, names in full.items() if len(names) == 1}

    def canonical(self, phrase: str) -> str:
        phrase = _WIRE_DATELINE_END.sub("", phrase)  # "Reuters) - A Western and Arab military campaign"
        phrase = _BRACKETS.sub(" ", phrase).strip(" -")  # "(Gadhafi)", "Nicolas ) Sarkozy": the parse's stray marks
        phrase = re.sub(r"\s+", " ", phrase)
        phrase = re.sub(r"^(?:only|just|even|all|some|both)\s+", "", phrase.strip(), flags=re.I)
        phrase = phrase.strip(" \"“”'")
        key = _key(phrase)
        if key in self.alias:
            return self.alias[key]
        for canon in self.generic.get(key, []):
            if canon in self.named or any(c in self.named for c in self.context[canon]):
                return canon  # named outright, or the story it belongs to is ("coalition" beside ISIS)
        # "Gaddafi forces", "Gaddafi 's forces", "pro-Gaddafi troops": one name for one side's forces.
        m = re.match(r"^(?:[Pp]ro-)?(?:[A-Z][\w-]*\s+){0,2}(?:al-|el-)?([A-Z][a-z][\w-]*)(?:\s*'s)?\s+(?:security\s+)?"
                     r"(forces|troops|army|soldiers|military|loyalists)$", phrase)  # fmt: skip
        if m and m[1] not in _NOT_A_SIDE:
            return f"{m[1]} forces"  # (by the surname: "Muammar Gaddafi 's forces" are "Gaddafi forces")
        # Trailing word that is an alias: "ISIS snipers" → ISIS.
        first = key.split(" ")[0]
        if first in self.alias and len(key.split(" ")) <= 3:
            return self.alias[first]
        phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I)
        if phrase in self.full_name:
            return self.full_name[phrase]
        if (country := _country_name(phrase)) is not None:
            return country  # "U.S.", "US" and "the United States" are one actor
        head = phrase.split(" ")[0]
        if head[:1].isupper() and head.lower() in self.common and phrase[1:] == phrase[1:].lower():
            return phrase[0].lower() + phrase[1:]  # "Rebels" opening a sentence are the rebels
        return phrase

    def is_armed(self, phrase: str) -> bool:
        key = _key(phrase)
        canon = self.canonical(phrase)
        if self.kind.get(canon) in ("armed-nonstate", "state-forces"):
            return True
        return any(w in key.split(" ") for w in self.armed) or canon.endswith(" forces")

    def is_agent(self, tok: Any) -> bool:
        """A common noun for people or a group who can act ("gunmen", "lawmakers", "airlines")."""
        return tok.pos_ == "NOUN" and (tok.lower_ in self.agents or tok.lemma_.lower() in self.agents)

    def is_party(self, tok: Any) -> bool:
        """Someone who can be on the other side of force: a name, people or a group, an armed body."""
        return (
            tok.ent_type_ in NAME_LABELS or self.is_agent(tok) or tok.lower_ in self.victims or tok.lower_ in CROWD_HEADS
            or self.is_armed(tok.text) or self.is_armed(_np(tok))
        )  # fmt: skip

    def is_protest(self, phrase: str) -> bool:
        """Protesters, demonstrators, a crowd… ("thousands of protesters", "opposition supporters")."""
        key = _key(phrase)
        return key in self.protest or any(w in self.protest for w in key.split(" ")[-2:])

    def is_state(self, canon: str) -> bool:
        kind = self.kind.get(canon)
        if kind:
            return kind in ("state-forces", "government")
        return any(w in _key(canon).split(" ") for w in self.state) and "isis" not in _key(canon)


def _key(s: str) -> str:
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip().lower())
    return re.sub(r"[’']s$", "", s)


def _entity_of(tok: Any) -> Any:
    """The entity span that ``tok`` (inside an entity) belongs to, from the IOB tags
    (the same span as in ``doc.ents``, without building them all)."""
    doc = tok.doc
    first = tok.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    last = tok.i + 1
    while last < len(doc) and doc[last].ent_iob_ == "I":
        last += 1
    return doc[first:last]


def _members(tok: Any) -> Any:
    """The people a crowd or a number is made of ("thousands of protesters"), else ``tok``."""
    if tok.lower_ in CROWD_HEADS or tok.like_num:
        of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if group is not None:
            return group
    return tok


def _with_of(toks: list[Any]) -> list[Any]:
    """Tokens and what their "of" names: "the eastern half of Mosul" → half, Mosul."""
    out = list(toks)
    for t in toks:
        for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
            out += [c for c in prep.children if c.dep_ == "pobj"]
    return out


def _used_with(noun: Any, verbs: list[str]) -> bool:
    """A weapon noun in use: the object of one of ``verbs`` ("fired tear gas"), its subject
    ("tear gas surrounded them"), or after "with"/"of" ("dispersed with tear gas", "a volley of")."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "conj") and head.lemma_.lower() in verbs:
        return True
    if noun.dep_ == "nsubj" and head.pos_ == "VERB":
        return True
    if noun.dep_ == "pobj" and head.lower_ in ("with", "of") and head.head.lemma_.lower() not in ("sell", "manufacture", "make"):
        return head.lower_ == "with" or head.head.lemma_.lower() in ("volley", "round", "cloud", "canister", "barrage")
    return noun.dep_ == "compound" and head.lemma_.lower() in ("canister", "shell", "grenade") and head.head.lemma_.lower() in verbs


def _presupposed(noun: Any) -> bool:
    """A nominal event taken as known: "the fighting", "Saturday's attack", "the group's offensive"."""
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or c.dep_ == "poss"
        for c in noun.lefts
    ) and not any(c.dep_ in ("acl", "relcl") and c.lemma_ in ("plan", "expect", "threaten") for c in noun.rights)


def _describes(verb: Any) -> bool:
    """A participle inside a noun phrase, after its determiner or number: "the besieged city",
    "four detained citizens", "a closely fought battle". (Not "troops fought army defectors" nor
    "about massacring civilians", which the parser may also read as modifiers.)"""
    head = verb.head
    if verb.dep_ not in ("amod", "compound") or verb.i > head.i or head.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.i < verb.i and c.dep_ in ("det", "nummod", "poss", "predet", "amod") for c in head.lefts)


def _by_agent(noun: Any) -> Any:
    """Who does what a noun names, told with "by": "the assault by Gaddafi's forces", "the
    capture of Sabratha by rebels" (which the parser may hang on the verb: a "by" right after
    the noun's phrase that is no passive verb's agent is still the noun's). Else None."""
    by = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "by"), None)
    if by is None:
        nxt = noun.right_edge.i + 1
        after = noun.doc[nxt] if nxt < len(noun.doc) else None
        if after is not None and after.lower_ == "by" and after.dep_ == "prep" and after.head.i == noun.head.i:
            by = after
    if by is None:
        return None
    return next((c for c in by.children if c.dep_ == "pobj"), None)


def _is_place(doc: Document, tok: Any) -> bool:
    """A subject that can fall or be taken: a named place or a place noun ("the town", "the airbase",
    "military bases", which the model may lemmatise as "basis")."""
    if tok.ent_type_ in ("GPE", "LOC", "FAC") or {tok.lemma_.lower(), tok.lower_, tok.lower_.removesuffix("s")} & SITE_HEADS:
        return True
    return any(p.start <= tok.idx < p.end for p in doc.layers.get("places", []))


# A fall that takes nothing: "fell short", "fell silent", "fell victim to", "fell ill".
_NOT_TAKEN = frozenset({"short", "apart", "silent", "ill", "asleep", "flat", "victim", "prey", "behind"})


# An outlet reports force; as its doer it is a misread attribution ("`` Reuters '' now reporting
# police today shot and killed 17 people"). It may condemn, demand or deny.
_NO_OUTLET_TYPES = frozenset({"ASSAULT", "FIGHT", "COERCE", "MOBILIZE"})


def _into_a_state(prep: Any) -> bool:
    """A fall "into" anything but someone's hands is into a state: "fell into chaos", "into
    disrepair", "into recession"."""
    return prep.dep_ == "prep" and prep.lower_ == "into" and not any(
        c.dep_ == "pobj" and c.lemma_.lower() == "hand" for c in prep.children
    )


def _takers(prep: Any, actors: ActorResolver) -> list[str]:
    """Who took a place that fell "to" them ("fell to ISIS") or "into" their hands ("into the
    hands of rebels", "into the rebels' hands", "into rebel hands")."""
    takers: list[str] = []
    for obj in (c for c in prep.children if c.dep_ == "pobj"):
        if prep.lower_ == "to":
            takers += [_np(obj)] if actors.is_party(obj) else []
        elif obj.lemma_.lower() == "hand":
            of = next((c for c in obj.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
            takers += [_np(c) for c in (of.children if of is not None else ()) if c.dep_ == "pobj" and actors.is_party(c)]
            for mod in (c for c in obj.lefts if c.dep_ in ("poss", "compound", "amod", "nmod")):
                if actors.is_party(mod):
                    takers.append(_np(mod))
                elif actors.is_armed(f"{mod.text}s"):
                    takers.append(f"{mod.text}s")  # "rebel hands": the rebels'
    return [actors.canonical(t) for t in takers]


def _np(tok: Any) -> str:
    """A noun phrase for an argument token: its entity, or its left modifiers + head."""
    if tok.ent_type_ in NAME_LABELS:
        ent = _entity_of(tok)
        if ent.root == tok:
            return re.sub(r"^the\s+", "", ent.text.rsplit("\n", 1)[-1].strip(), flags=re.I)
    lefts = [c for c in tok.subtree if c.i <= tok.i and c.dep_ in ("compound", "amod", "nmod", "poss", "det", "punct", "npadvmod")]
    start = min([tok.i, *(c.i for c in lefts)])
    # Keep "units of the 9th Armored Division"-style heads with their "of" phrase.
    end = tok.i
    of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    name = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None) if of is not None else None
    if name is not None and tok.lower_ in PLACE_HEADS:
        return _np(name)  # "the town of Brega": Brega
    members = _members(tok)
    if members is not tok:
        return _np(members)  # "thousands of protesters": protesters
    if of is not None and tok.lower_ in OF_HEADS:
        end = of.right_edge.i
    for i in range(tok.i - 1, start - 1, -1):  # never across a line break (a headline above the text)
        if "\n" in tok.doc[i].text_with_ws:
            start = i + 1
            break
    text = tok.doc[start : end + 1].text
    return re.sub(r"^(?:the|a|an|their|its|his|her)\s+", "", text, flags=re.I).strip(" ,")


_OPENING_QUOTES = frozenset({"``", "`", "\u201c"})  # (the tokenizer splits "``" in two)
_CLOSING_QUOTES = frozenset({"''", "\u201d"})
_QUOTE_MARKS = _OPENING_QUOTES | _CLOSING_QUOTES | {'"'}


def _quoted(tok: Any) -> bool:
    """Whether the token's sentence quotes someone (a "you" there is someone spoken to)."""
    return any(t.text in _QUOTE_MARKS for t in tok.sent)


def _inside_quote(tok: Any) -> bool:
    """Whether the token stands inside a quotation opened earlier in its sentence."""
    inside = False
    for t in tok.doc[tok.sent.start : tok.i]:
        if t.text == '"':
            inside = not inside
        elif t.text in _OPENING_QUOTES:
            inside = True
        elif t.text in _CLOSING_QUOTES:
            inside = False
    return inside


def _subject(verb: Any) -> tuple[Any, bool]:
    """The subject of ``verb`` (inherited through conj/xcomp/advcl), and whether it is passive."""
    tok = verb
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
        subj = min(subjects, key=lambda c: abs(c.i - tok.i)) if subjects else None
        if subj is not None:
            if subj.dep_ == "agent":
                pobj = next((c for c in subj.children if c.dep_ == "pobj"), None)
                return pobj, False
            passive = subj.dep_ == "nsubjpass"
            if passive:
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                return pobj, True
            return _antecedent(subj, tok), False
        misparsed = _subject_after_by_then(tok)
        if misparsed is not None:
            return misparsed, False
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    return None, False


def _subject_after_by_then(verb: Any) -> Any:
    """The subject a parse hung on "By then" ("By then Tobruk and Benghazi had fallen": "Tobruk"
    as the object of "By"), when it stands right before the verb's auxiliaries; else ``None``."""
    by = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by" and c.i < verb.i), None)
    if by is None or not any(c.dep_ == "pcomp" and c.lower_ in ("then", "now") for c in by.children):
        return None
    obj = next((c for c in by.children if c.dep_ == "pobj" and c.pos_ in ("PROPN", "NOUN")), None)
    if obj is None or any(t.dep_ == "punct" for t in verb.doc[by.i : obj.i]):
        return None
    between = verb.doc[obj.right_edge.i + 1 : verb.i]
    return obj if all(t.dep_ in ("aux", "auxpass", "neg", "advmod") for t in between) else None


def _own_subject(subj: Any, verb: Any) -> bool:
    """``subj`` is the verb's own subject, or shared with the verb it is coordinated with
    ("airstrikes pounded Mosul and hit a convoy"), not one inherited through a clause."""
    return subj.head.i == verb.i or (verb.dep_ == "conj" and subj.head.i == verb.head.i)


_RELATIVES = {"who", "whom", "which", "that"}


def _antecedent(tok: Any, verb: Any) -> Any:
    """Whom a relative pronoun stands for: "tribesmen who have fought Saleh loyalists" (the
    tribesmen), "the town that rebels captured" (the town); else ``tok``."""
    if tok.lower_ in _RELATIVES and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return tok


def _objects(verb: Any) -> list[Any]:
    objs = [_antecedent(c, verb) for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objs and verb.dep_ == "acl":
        objs = [verb.head]  # "the offensive, launched more than two weeks ago"
    for prt in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("into", "against")):
        objs += [c for c in prt.children if c.dep_ == "pobj"]
    return objs


def _noun_trigger(tok: Any, lex: dict[str, Any]) -> tuple[str, int] | None:
    """(lexicon key, first token index) when ``tok`` heads a nominal trigger."""
    lemma = tok.lemma_.lower()
    lower = tok.lower_.rstrip("s") if tok.lower_.endswith("s") and len(tok.lower_) > 4 else tok.lower_
    for mod in (c for c in tok.lefts if c.dep_ in ("compound", "amod") and c.i == tok.i - 1):
        for key in (f"{mod.lower_} {lemma}", f"{mod.lower_} {lower}"):
            if key in lex and lex[key]["pos"] in ("noun", "both"):
                return key, mod.i
    for key in (lemma, lower):
        if key in lex and lex[key]["pos"] in ("noun", "both"):
            entry = lex[key]
            if "needs_modifier" in entry:
                mods = {c.lower_ for c in tok.lefts}
                if not mods & set(entry["needs_modifier"]):
                    return None
            return key, tok.i
    return None


def _verb_trigger(tok: Any, lex: dict[str, Any]) -> str | None:
    lemma = tok.lemma_.lower()
    for prep in (c for c in tok.children if c.dep_ in ("prt", "prep")):  # "cut off", "broke through"
        prt = prep.lower_
        if f"{lemma} {prt}" in lex and lex[f"{lemma} {prt}"]["pos"] in ("verb", "both"):
            return f"{lemma} {prt}"
        for obj in (c for c in prep.children if c.dep_ == "pobj"):  # "went on strike"
            if f"{lemma} {prt} {obj.lemma_}" in lex:
                return f"{lemma} {prt} {obj.lemma_}"
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        if f"{lemma} {obj.lemma_}" in lex:  # "declared victory"
            return f"{lemma} {obj.lemma_}"
    if lemma in lex and lex[lemma]["pos"] in ("verb", "both"):
        return lemma
    return None


_DESTINATION = {"to", "toward", "towards", "into"}


def _elsewhere(doc: Document, place: Span, trigger: Any) -> bool:
    """The place is where another action heads ("the road used by ISIS to flee to Syria"),
    not where the trigger's event happens."""
    span = doc.spacy.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    prep = span.root.head
    return (span.root.dep_ == "pobj" and prep.lower_ in _DESTINATION and prep.head.pos_ == "VERB"
            and prep.head.i != trigger.i)  # fmt: skip


def _place_in(doc: Document, lo: int, hi: int, sent: Span | None, trigger: Any) -> Span | None:
    """The most specific resolved place within ``lo:hi``, else within the sentence; a place
    that another verb in the phrase heads to comes last."""
    places = [p for p in doc.layers.get("places", [])
              if p.attrs.get("lat") is not None and p.attrs.get("kind") != "demonym"]  # fmt: skip
    for a, b in ((lo, hi), (sent.start, sent.end) if sent else (lo, hi)):
        cands = [p for p in places if a <= p.start and p.end <= b and not nationality(doc, p)]
        if cands:
            return min(cands, key=lambda p: (_elsewhere(doc, p, trigger),
                                             PLACE_RANK.get(p.attrs.get("kind") or "", 9), p.start))  # fmt: skip
    return None


# Verbs whose participle says when the noun's event took place: "the offensive, launched more
# than two weeks ago", "the attack carried out on Monday".
REALISING_LEMMAS = frozenset({"launch", "begin", "start", "carry", "stage", "mount", "wage", "conduct",
                              "unleash", "open", "fight"})  # fmt: skip


def _realised_by(noun: Any) -> Any:
    """The verb of the noun's own clause that tells when its event happened ("the offensive,
    launched more than two weeks ago", "the offensive, which began in October"), or None."""
    for c in noun.children:
        if c.lemma_.lower() not in REALISING_LEMMAS:
            continue
        if (c.dep_ == "acl" and c.tag_ == "VBN") or (c.dep_ == "relcl" and any(
                s.dep_ in ("nsubj", "nsubjpass") and s.lower_ in ("which", "that") for s in c.children)):
            return c
    # The small parser often hangs "the offensive, launched ..." on the main verb: the participle
    # right after the noun and its comma, with no subject of its own, is still the noun's.
    nxt = noun.doc[noun.i + 2] if noun.i + 2 < len(noun.doc) and noun.doc[noun.i + 1].text == "," else None
    if nxt is not None and nxt.tag_ in ("VBN", "VBD") and nxt.lemma_.lower() in REALISING_LEMMAS and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in nxt.children):
        return nxt
    return None


# A deed's toll told in a participle or relative clause: "shelled Misrata, killing 12 people",
# "an attack that wounded 40". The clause is the same event as its head, not another one.
OUTCOME_LEMMAS = frozenset({"kill", "wound", "injure", "maim"})


@stage("events", version="30", requires=("sentences", "entities", "timexes", "places"), assigns=("events",))
def events(doc: Document) -> None:
    """Add event mentions with type, ACLED category, actors, targets, place, date, modality, source."""
    parsed = doc.spacy
    if parsed is None:
        return
    lex = lexicon()
    actors = ActorResolver(doc)
    consumed: set[int] = set()  # nominal triggers folded into a verb event
    found: list[tuple[Any, int, str, Any]] = []  # (head token, first index, key, verb)
    for tok in parsed:
        if tok.ent_type_ in ("ORG", "PERSON", "GPE", "FAC", "WORK_OF_ART", "LAW"):
            continue  # "Popular Mobilization Units" is a name, not a mobilisation
        if tok.pos_ == "VERB" and _describes(tok):
            continue  # "the bombed-out carcasses", "the besieged city": a thing's state, not a deed told
        if tok.pos_ == "VERB" and (key := _verb_trigger(tok, lex)):
            found.append((tok, tok.i, key, tok))
        elif (
            tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound" and (nk := _noun_trigger(tok, lex))
            and not lex[nk[0]].get("weapon_only")
        ):  # ("aid agencies": a trigger word that only modifies another noun is not an event;
            # "warplanes" alone is a weapon, not an event)
            found.append((tok, nk[1], nk[0], governing_verb(tok.head)))
    for tok, _first, _key, _verb in found:  # a weapon that is a trigger verb's subject joins its event
        if tok.pos_ == "VERB" and (subj := _subject(tok)[0]) is not None and _own_subject(subj, tok):
            weapon = _noun_trigger(subj, lex)
            if weapon is not None and lex[weapon[0]]["type"] in ("FIGHT", "ASSAULT"):
                consumed.add(subj.i)
    noun_triggers = {tok.i for tok, _first, _key, _verb in found if tok.pos_ != "VERB"}
    emitted: dict[int, Span] = {}  # trigger token -> its event mention
    outcomes: list[tuple[Span, int]] = []  # "..., killing 85 civilians": (mention, head token)
    for tok, first, key, verb in found:
        if tok.i in consumed:
            continue
        entry = dict(lex[key])
        is_verb = tok.pos_ == "VERB"
        actor_tok, _passive = (_subject(tok) if is_verb else (None, False))
        if actor_tok is not None and actor_tok.lower_ == "you" and not _quoted(tok):
            continue  # "By clicking on sign up you agree to the Terms of Service": a page addressing its reader
        if actor_tok is not None:
            actor_tok = _members(actor_tok)
        target_toks = _objects(tok) if is_verb else []
        actor_names: list[str] = []
        target_names: list[str] = []
        # A verb whose subject is itself a weapon trigger ("airstrikes pounded Mosul")
        # becomes an event of the weapon's kind; the noun is not counted twice.
        # (only the verb's own subject: "airstrikes destroyed the bridges, leaving the city cut off"
        # does not make the cutting off a second strike)
        own = is_verb and actor_tok is not None and _own_subject(actor_tok, tok)
        weapon = _noun_trigger(actor_tok, lex) if own else None
        armed_by_weapon = False
        if weapon is not None and actor_tok is not None:
            w_key = weapon[0]
            if lex[w_key]["type"] in ("FIGHT", "ASSAULT"):
                entry.update({k: lex[w_key][k] for k in ("type", "mode", "acled", "acled_sub") if k in lex[w_key]})
                # (a misparse may tag "airstrikes" as a verb with its modifier as subject)
                mods = [c for c in actor_tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss", "nsubj")]
                actor_names += [actors.canonical(f"{m.text} forces" if m.ent_type_ == "NORP" else _np(m))
                                for m in mods if m.lower_ not in ("suicide", "air") and (
                    m.ent_type_ in NAME_LABELS or actors.is_armed(m.text) or actors.canonical(_np(m)) != _np(m))]  # fmt: skip
                if (agent := _by_agent(actor_tok)) is not None and actors.is_party(agent):
                    actor_names.append(actors.canonical(_np(agent)))  # "the attack by gunmen killed five"
                actor_tok = None
                armed_by_weapon = True
        elif entry.get("needs_weapon_subject"):
            continue
        if not is_verb:
            mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < first]
            if (agent := _by_agent(tok)) is not None and actors.is_party(agent):
                actor_names.append(actors.canonical(_np(agent)))  # "the assault by Gaddafi's forces"
                mods = [m for m in mods if m.dep_ == "poss" and tok.lemma_.lower() in PATIENT_NOUNS]
            for m in mods:
                if m.dep_ == "poss" and tok.lemma_.lower() in PATIENT_NOUNS:
                    target_toks.append(m)  # "Franklin's arrest", "Saddam's capture": who it was done to
                elif m.ent_type_ in ("NORP", "ORG", "GPE") or actors.is_armed(m.text):
                    name = actors.canonical(_np(m))
                    if m.ent_type_ == "NORP":
                        name = actors.canonical(f"{m.text} forces")
                    actor_names.append(name)
            between = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "between"), None)
            sides = [c for c in between.children if c.dep_ == "pobj"] if between is not None else []
            sides += [c for side in sides for c in side.children if c.dep_ == "conj"]
            if not actor_names and len(sides) == 2 and all(actors.is_party(c) for c in sides):
                actor_names.append(actors.canonical(_np(sides[0])))  # "clashes between US troops and rebels":
                target_toks.append(sides[1])  # one side, then the other
            of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("of", "on", "against")), None)
            if of is not None:
                target_toks += [c for c in of.children if c.dep_ == "pobj"]
            if not actor_names and verb is not None and verb.pos_ == "VERB" and verb != tok:
                instrument = tok.dep_ == "pobj" and tok.head.lower_ in INSTRUMENT_PREPS
                light = tok.dep_ == "pobj" and verb.lemma_ in LIGHT_VERBS
                if (tok.dep_ == "dobj" and verb.lemma_.lower() not in UNDERGOING_VERBS) or instrument or light:
                    subj, _ = _subject(verb)
                    if subj is not None and subj.i != tok.i and (
                        actors.is_armed(_np(subj)) or subj.ent_type_ in NAME_LABELS or actors.is_agent(subj)
                    ):  # "Rebels launched an offensive", "The UN Security Council imposed sanctions"
                        actor_names.append(actors.canonical(_np(subj)))
                    if instrument:
                        target_toks += [c for c in verb.children if c.dep_ == "dobj" and c.i != tok.i]
        attribution = attribution_for(doc, parsed[first].idx, tok.idx + len(tok.text))
        place_taken = not is_verb  # ("the fall of Baghdad": what falls is the noun's object)
        if is_verb and entry.get("needs_place_subject"):
            target_toks = []  # the place that falls is the one taken
        if actor_tok is not None:
            name = _np(actor_tok)
            if name.lower() in PRONOUN_ACTORS:
                speaker = (attribution or {}).get("speaker") or ""
                if actor_tok.lower_ in ("he", "she", "they", "it") and _inside_quote(actor_tok) and speaker:
                    # In someone's own words a third person is someone else: "He has killed his own
                    # people," Obama said (not Obama). Who, only a person the quotation itself names
                    # before says ("whether Gadhafi survives or how long he fights"); the last person
                    # named earlier is often another speaker.
                    name = (last_named_person(doc, actor_tok.idx, after=actor_tok.sent.start_char, other_than=speaker)
                            or "") if actor_tok.lower_ in ("he", "she") else ""
                else:
                    name = speaker  # "Obama said he had ordered strikes", "We attacked," the rebels said
                    if not name and actor_tok.lower_ in ("he", "she"):  # "He fought cancer": the last person named
                        name = last_named_person(doc, actor_tok.idx) or ""
            if name and entry.get("needs_place_subject"):
                if _is_place(doc, actor_tok) and not any(
                    c.dep_ == "prt" or c.lower_ in _NOT_TAKEN or _into_a_state(c) for c in tok.children
                ):
                    place_taken = True  # "Mosul fell"; not "the deficit fell", "it fell apart", "fell into chaos"
                    target_names.append(actors.canonical(name))
                    # "Ajdabiya, Brega and Ras Lanuf fell": a name listed with a place that falls is one
                    target_names += [actors.canonical(_np(c)) for c in actor_tok.conjuncts
                                     if _is_place(doc, c) or c.pos_ == "PROPN"]  # fmt: skip
                    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "into")):
                        actor_names += _takers(prep, actors)  # "fell to ISIS"
            elif name and (actor_tok.ent_type_ in NAME_LABELS or actors.is_armed(name)
                           or actors.canonical(name) != name or actors.is_agent(actor_tok)
                           or actor_tok.lower_ in ("he", "she")):  # fmt: skip
                actor_names.append(actors.canonical(name))
        if is_verb and entry.get("type") == "FIGHT":
            # "Protesters clashed with police": the other side; not one's company ("fighting with
            # their children beside them", "fought with their allies").
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"):
                target_toks += [c for c in prep.children if c.dep_ == "pobj" and actors.is_party(c)
                                and c.lemma_.lower() not in _COMPANIONS]
        if is_verb and entry["type"] in ("FIGHT", "ASSAULT"):
            # "opened fire on protesters", "shot at the convoy": whom the force is aimed at.
            for head in (tok, *(c for c in tok.children if c.dep_ == "dobj")):
                for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "at")):
                    target_toks += [c for c in prep.children if c.dep_ == "pobj" and actors.is_party(c)]
        target_names += [actors.canonical(_np(t)) for t in target_toks
                         if t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("DATE", "TIME")]  # fmt: skip
        if not actor_names and accused_of(tok):  # "accused the army of shelling": the army, allegedly
            actor_names += [actors.canonical(_np(c)) for c in tok.head.head.children
                            if c.dep_ == "dobj" and actors.is_party(c)]  # fmt: skip
        actor_names = list(dict.fromkeys(a for a in actor_names if a and not (
            entry["type"] in _NO_OUTLET_TYPES and NEWS_OUTLET.fullmatch(a))))  # fmt: skip
        target_names = [t for t in dict.fromkeys(target_names) if t and t not in actor_names]
        if entry.get("needs_armed_actor") and not armed_by_weapon and not any(actors.is_armed(a) for a in actor_names):
            continue
        if entry.get("needs_protest_actor") and not any(actors.is_protest(a) for a in actor_names):
            continue
        if entry.get("needs_object") and not target_names:
            continue
        if entry.get("needs_place_subject") and not (place_taken and target_names):
            continue  # (what else a verb names is no taking: "into the hands of", "with Libya, he has fallen short")
        if entry.get("needs_place_target") and not any(_is_place(doc, t) for t in target_toks):
            continue  # "freed the city", not "freeing prisoners"
        if entry.get("object_words") and (
            not any(t.lemma_.lower() in entry["object_words"] for t in target_toks)  # not "launched a trust"
            or any(t.i in noun_triggers for t in target_toks)  # "launched an offensive": the offensive is the event
        ):
            continue
        if is_verb and entry["type"] == "CONSULT" and any(c.dep_ == "auxpass" for c in tok.children):
            continue  # "was met with skepticism"
        if entry.get("not_objects") and any(t.lemma_.lower() in entry["not_objects"] for t in target_toks):
            continue  # "fought pancreatic cancer", "the fight against corruption", "killed the deal"
        if entry.get("not_after") and first > 0 and parsed[first - 1].lower_ in entry["not_after"]:
            continue  # "cardiac arrest"
        if entry.get("with_verbs") and not _used_with(tok, entry["with_verbs"]):
            continue  # "police fired tear gas", not "it is legal to sell tear gas"
        # ACLED sub-event by actor: who takes territory.
        acled, acled_sub = entry.get("acled"), entry.get("acled_sub")
        if acled_sub == "territory":
            if actor_names:
                acled_sub = (
                    "Government regains territory" if actors.is_state(actor_names[0])
                    else "Non-state actor overtakes territory"
                )  # fmt: skip
            else:
                acled_sub = "Armed clash"
        if entry.get("armed_target_type") and not armed_by_weapon and any(actors.is_armed(t) for t in target_names):
            # (an air strike that kills fighters is still an air strike, not a clash)
            entry["type"] = entry["armed_target_type"]
            acled, acled_sub = entry["armed_target_acled"]
        if (
            is_verb and tok.lemma_.lower() == "attack" and actor_tok is not None and actor_tok.ent_type_ == "PERSON"
            and target_toks and (
                not any(_is_place(doc, t) or actors.is_party(t) for t in _with_of(target_toks))
                or (all(t.ent_type_ == "PERSON" for t in target_toks)
                    and any(c.dep_ == "prep" and c.lower_ in ("over", "for") for c in tok.children))
            )
        ):  # "Obama attacked the bonuses", "McCain attacked Obama over the plan": words, not force
            entry.update(type="ACCUSE", mode="criticize")
            acled, acled_sub = None, None
        # Protesters: a clash they take part in is a riot; force used on them is excessive force.
        if entry["type"] in ("FIGHT", "ASSAULT") and acled in ("Battles", "Violence against civilians"):
            if any(actors.is_protest(t) for t in target_names) and any(actors.is_armed(a) for a in actor_names):
                acled, acled_sub = "Protests", "Excessive force against protesters"
            elif any(actors.is_protest(a) for a in actor_names):
                entry.update(type="PROTEST", mode="riot")
                acled, acled_sub = "Riots", "Violent demonstration"
        start = parsed[first].idx
        end = tok.idx + len(tok.text)
        sent = doc.sentence_of(start)
        subtree = list(tok.subtree) if is_verb else list(verb.subtree) if verb is not None else [tok]
        lo = subtree[0].idx
        hi = subtree[-1].idx + len(subtree[-1].text)
        place = _place_in(doc, lo, hi, sent, tok)
        modality = modality_for(tok if is_verb else verb)
        if not is_verb and accused_of(tok) and not _presupposed(tok):
            modality = "reported-uncertain"  # "accused them of an attack"; "the attack" itself is known
        elif not is_verb and modality == "planned" and tok.dep_ in ("dobj", "pobj") and _presupposed(tok):
            modality = "asserted"  # "to escape the fighting", "an end to the fighting": the fighting is real
        if not is_verb and any(c.lower_ in PREDICTIVE_MODIFIERS for c in tok.lefts):
            modality = "future" if modality == "asserted" else modality
        eid = hashlib.sha1(f"{doc.id}:{start}:{end}".encode()).hexdigest()[:16]
        emitted[tok.i] = doc.add(
            "events",
            start,
            end,
            entry["type"],
            id=eid,
            type=entry["type"],
            mode=entry.get("mode"),
            acled_event_type=acled,
            acled_sub_event_type=acled_sub,
            trigger=doc.text[start:end],
            verbal=is_verb,
            actors=actor_names,
            targets=target_names,
            place=place_dict(place),
            date=date_for(doc, start, end, tok if is_verb else (_realised_by(tok) or verb)),
            modality=modality,
            attributed_to=attribution,
            sentence=[sent.start, sent.end] if sent else None,
        )
        if is_verb and tok.lemma_.lower() in OUTCOME_LEMMAS and (
            (tok.dep_ == "advcl" and tok.tag_ == "VBG") or (tok.dep_ == "relcl" and tok.head.i in noun_triggers)
        ):
            outcomes.append((emitted[tok.i], tok.head.i))
    for mention, head in outcomes:
        if head in emitted and emitted[head] is not mention:
            # What the deed did, not a second deed: the bombing and the killing it caused. Whom
            # it killed are among the deed's targets.
            deed = emitted[head].attrs
            mention.attrs["outcome_of"] = [emitted[head].start, emitted[head].end]
            deed["targets"] = [*deed["targets"], *(t for t in mention.attrs["targets"]
                                                   if t not in deed["targets"] and t not in deed["actors"])]  # fmt: skip
