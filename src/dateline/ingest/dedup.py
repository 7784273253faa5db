"""Content-hash ids and near-duplicate detection (MinHash LSH over word shingles).

An article's id is a hash of its text and the key of its copy (id, URL or
file), so re-reading the same inputs gives the same ids. Exact copies share a
text hash; near copies (syndicated wire stories with a changed line) are found
with MinHash LSH at Jaccard ≥ ``threshold`` over 5-word shingles.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # pinned: stored signatures must stay comparable
_WORD = re.compile(r"\w+", re.UNICODE)


def text_hash(text: str) -> str:
    """Hash of the text with white space and case folded (exact-duplicate key)."""
    norm = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def article_id(text: str, key: str, given: str | None = None) -> str:
    """Stable article id: the id the input gives, else a hash of the text and its source key,
    so the same text from the same source always gets the same id.
    """
    if given:
        return given
    return hashlib.sha256(f"{key}\x00{text}".encode()).hexdigest()[:16]


def signature(text: str) -> np.ndarray:
    """MinHash signature of the text's word shingles."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return mh.hashvalues.astype(np.uint64)


class DuplicateIndex:
    """Exact and near-duplicate lookup over the articles seen so far."""

    def __init__(self, threshold: float = 0.8):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.by_hash: dict[str, str] = {}
        self.sigs: dict[str, np.ndarray] = {}

    def add(self, art_id: str, thash: str, sig: np.ndarray) -> None:
        self.by_hash.setdefault(thash, art_id)
        if art_id not in self.sigs:
            self.sigs[art_id] = sig
            self.lsh.insert(art_id, MinHash(num_perm=NUM_PERM, hashvalues=sig, scheme=SCHEME))

    def find(self, thash: str, sig: np.ndarray) -> tuple[str, float] | None:
        """(id of the first copy, estimated similarity) or ``None``."""
        if thash in self.by_hash:
            return self.by_hash[thash], 1.0
        mh = MinHash(num_perm=NUM_PERM, hashvalues=sig, scheme=SCHEME)
        best: tuple[str, float] | None = None
        for other in self.lsh.query(mh):
            sim = float(np.mean(self.sigs[other] == sig))
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (other, sim)
        return best
