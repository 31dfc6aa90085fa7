"""What every encoder promises, stated once: the :class:`Encoder` protocol and its two checks.

An encoder takes a list of sentences (not a single ``str``: :func:`_check_texts` says so)
and returns one row per sentence, of unit L2 length (:func:`normalize_rows`), so that a dot
product is a cosine similarity. The encoders (:mod:`bialign.embed`,
:mod:`bialign.use_encoder`) and the span shortcut (:mod:`bialign.use_spans`) all import
these from here, which keeps the encoder modules free of imports of each other's.
"""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

import numpy as np

__all__ = ["Encoder", "normalize_rows"]


@runtime_checkable
class Encoder(Protocol):
    """What the aligner needs from a sentence encoder.

    ``encode`` returns a ``float32`` array of shape ``(len(texts), dim)`` whose rows have unit
    L2 norm; ``id`` names the model (and version) for provenance.
    """

    id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _check_texts(texts: Sequence[str]) -> list[str]:
    """``texts`` as a list, or a TypeError for a single str or an item that is not a str."""
    if isinstance(texts, str):
        raise TypeError("encode() takes a list of sentences, not a single str: wrap it in a list")
    out = list(texts)
    for k, t in enumerate(out):
        if not isinstance(t, str):
            raise TypeError(f"encode() takes strings; item {k} is a {type(t).__name__}")
    return out


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Scale each row of ``x`` to unit L2 norm (all-zero rows stay zero), as float32."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D array of embeddings, got shape {x.shape}")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 0, norms, 1.0).astype(np.float32)
