"""TF-IDF vectors (hashed, sparse, L2-normalised) shared by dating and timeline summarisation."""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter

import numpy as np
from scipy import sparse

HASH_DIM = 1 << 18
CONTENT_WORD = re.compile(r"[a-z][a-z'-]{2,}")
STOP_WORDS = frozenset(
    ["the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "this", "from", "but", "not", "his", "her", "its", "they", "their", "will", "would", "said", "says", "say", "who", "which", "been", "more", "than", "after", "about", "into", "over", "also", "when", "what", "there", "other", "some", "could", "them", "one", "two", "new", "year", "years", "last", "first", "told", "can", "may", "she", "him", "our", "out", "all", "were", "against", "because", "while", "where", "before", "during", "being", "since", "under", "between"]
)


def tfidf(counts: list[Counter[str]], min_df: int = 1, idf: bool = True,
          df: Counter[str] | None = None, n_docs: int | None = None) -> sparse.csr_matrix:  # fmt: skip
    """One row per text; terms seen in fewer than ``min_df`` texts are left out. ``idf=False``
    weighs terms by frequency alone (for a few sentences about one story, where the words
    they share are exactly the ones IDF would discount). ``df``/``n_docs`` give the document
    frequencies of another collection, to vectorise queries against it."""
    if df is None:
        df = Counter()
        for c in counts:
            df.update(c.keys())
    n = max(n_docs if n_docs is not None else len(counts), 1)
    rows, cols, vals = [], [], []
    for i, c in enumerate(counts):
        for term, tf in c.items():
            if df[term] < min_df:
                continue
            rows.append(i)
            cols.append(zlib.crc32(term.encode()) % HASH_DIM)  # stable across runs
            weight = math.log((n + 1) / (df[term] + 0.5)) if idf else 1.0
            vals.append((1 + math.log(tf)) * weight)
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(counts), HASH_DIM), dtype=np.float32)
    norms = np.sqrt(m.multiply(m).sum(axis=1)).A1
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ m
