"""The aligner as a user meets it: :class:`Aligner` and :func:`align`.

Input (raw text segmented, or pre-split sentences), the encoder (sentence vectors and the
vectors of runs of sentences), the progress bar, then :func:`bialign.aligner.core` and the
warnings."""

from __future__ import annotations

import logging
import time
from typing import Any, NamedTuple, Sequence, get_args

import numpy as np

from ..provenance import Provenance
from ..segment import Sentence
from .core import _align_core
from .diagnostics import translation_warning
from .params import _PARAM_NAMES, AlignParams, AnchorMode, ParagraphMode
from .result import Alignment

logger = logging.getLogger(__name__)

__all__ = ["Aligner", "align"]


def _sentences(side: Any, lang: str, name: str, paragraphs: ParagraphMode = "line") -> tuple[str, list[Sentence]]:
    """The text and sentences of one side. Pre-split sentences (str, or :class:`Sentence`
    whose ``paragraph`` is kept) are joined with a newline, and with a blank line where the
    paragraph changes; their offsets point into that text."""
    from ..text import check_no_surrogates

    if isinstance(side, str):
        from ..segment import segment

        check_no_surrogates(side, f"the {name} text")
        return side, segment(side, lang, paragraphs=_paragraph_mode(side, lang, name, paragraphs))
    if isinstance(side, (list, tuple)):
        out: list[Sentence] = []
        pieces: list[str] = []
        pos = 0
        for k, s in enumerate(side):
            paragraph = s.paragraph if isinstance(s, Sentence) else 0
            if isinstance(s, Sentence):
                s = s.text
            if not isinstance(s, str):
                raise TypeError(
                    f"{name} must be a text (str) or a list of sentence strings; item {k} is a {type(s).__name__}"
                )
            if out:
                pieces.append("\n" if paragraph == out[-1].paragraph else "\n\n")
                pos += len(pieces[-1])
            check_no_surrogates(s, f"{name} sentence {k}")
            pieces.append(s)
            out.append(Sentence(s, pos, pos + len(s), paragraph))
            pos += len(s)
        return "".join(pieces), out
    raise TypeError(f"{name} must be a text (str) or a list of sentence strings, got {type(side).__name__}")


class Aligner:
    """A configured aligner: set the encoder and options once, align many document pairs.

    ``encoder`` is an :class:`~bialign.embed.Encoder`, a sentence-transformers model name or
    local path (a str), or None for the offline default (USE v3). ``progress``: show a tqdm
    bar on stderr for each alignment (the CLI passes ``not --quiet and stderr is a
    terminal``). Other keyword options are the fields of :class:`AlignParams`; unknown names
    are rejected.

    >>> aligner = Aligner(max_bead=3)                   # doctest: +SKIP
    >>> result = aligner.align(ja_text, en_text)        # doctest: +SKIP
    """

    def __init__(self, *, encoder: Any = None, progress: bool = False, paragraphs: ParagraphMode = "auto",
                 **options: Any) -> None:
        unknown = sorted(set(options) - _PARAM_NAMES)
        if unknown:
            raise TypeError(f"unknown aligner option(s) {unknown}; valid options: "
                            f"{sorted(_PARAM_NAMES | {'encoder', 'paragraphs', 'progress'})}")
        if paragraphs not in get_args(ParagraphMode):
            raise ValueError(f"paragraphs must be one of {list(get_args(ParagraphMode))}, got {paragraphs!r}"
                             + ("; the paragraph anchors of the search are the option anchors='soft'|'ignore'"
                                if paragraphs in get_args(AnchorMode) else ""))
        self.paragraphs = paragraphs
        self.params = AlignParams(**options)
        self.encoder = _resolve_encoder(encoder)
        self.progress = bool(progress)

    def __repr__(self) -> str:
        return f"Aligner(encoder={self.encoder.id!r}, {self.params})"

    def align(self, src: str | Sequence[str], tgt: str | Sequence[str], *, src_lang: str = "ja",
              tgt_lang: str = "en") -> Alignment:
        """Segment (unless pre-split), embed and align; see :func:`align`."""
        return self.align_with_features(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)[0]

    def align_with_features(self, src: str | Sequence[str], tgt: str | Sequence[str], *, src_lang: str = "ja",
                            tgt_lang: str = "en") -> tuple[Alignment, tuple[tuple[float, ...], ...]]:
        """:meth:`align`, and for each bead, in order, the features its score was computed from.

        A bead with both sides has (cosine similarity, squared log length ratio, sentences
        beyond 1-1, context similarity); a 1-0/0-1 bead has (its sentence's best similarity
        to a sentence near the path,). The score is the logistic :data:`CALIBRATION` of them
        (``"pair"`` and ``"skip"``), rounded to 4 places: these are what
        ``benchmarks/textberg.py --calibrate`` fits it on, and what to read when a score
        looks wrong. The alignment is the one :meth:`align` returns.

        >>> alignment, features = Aligner().align_with_features(ja_text, en_text)  # doctest: +SKIP
        >>> len(features) == len(alignment.beads)                                  # doctest: +SKIP
        True
        """
        from ..segment import check_language

        src_lang = check_language(src_lang)
        tgt_lang = check_language(tgt_lang)
        # The bar shows each stage in its own unit: texts segmented, sentences embedded, rows searched.
        bar = _progress_bar(self.progress, total=2)
        (src_text, src_sents), (tgt_text, tgt_sents) = self._segment_both(src, tgt, src_lang, tgt_lang, bar)
        n, m = len(src_sents), len(tgt_sents)
        texts = [s.text for s in src_sents] + [s.text for s in tgt_sents]
        _next_stage(bar, "embedding", "sent", n + m)
        try:
            start = time.perf_counter()
            embedded = self._embed_sentences(texts, src_sents, tgt_sents, src_lang, tgt_lang, bar)
            runs, timer = embedded.runs, embedded.timer
            # a first search, the spans, a second search when runs are embedded after a first search
            _next_stage(bar, "searching", "row", (n + 1) * (2 if runs is None and self.params.refine > 0 else 1))
            src_emb, tgt_emb = embedded.vectors[:n], embedded.vectors[n:]
            sentence_seconds = timer.seconds
            core_start = time.perf_counter()
            core = _align_core(
                src_emb, tgt_emb,
                [len(s.text) for s in src_sents], [len(s.text) for s in tgt_sents],
                [s.paragraph for s in src_sents],
                [s.paragraph for s in tgt_sents],
                self.params, keep_similarity=True, span_vectors=embedded.span_vectors,
                tick=lambda rows: bar.update(rows),
            )
            end = time.perf_counter()
        finally:
            bar.close()
        embed_seconds = timer.seconds  # sentences and the spans
        logger.info("aligned %d x %d sentences: %d beads (embedding %.2f s, aligning %.2f s)",
                    n, m, len(core.beads), embed_seconds, end - core_start)
        alignment = Alignment(
            src_text, tgt_text, tuple(src_sents), tuple(tgt_sents), tuple(core.beads), src_lang, tgt_lang,
            Provenance(self.encoder.id, self._settings(src, src_lang, tgt_lang, runs)), similarity=core.similarity,
            stats={"embed_seconds": embed_seconds, "sentence_embed_seconds": sentence_seconds,
                   "align_seconds": end - core_start - (embed_seconds - sentence_seconds),
                   "total_seconds": end - start,
                   "embedded_texts": embedded.count if embedded.count is not None else timer.misses},
        )
        _log_warnings(alignment)
        return alignment, tuple(core.features)

    def _segment_both(self, src, tgt, src_lang: str, tgt_lang: str, bar):
        """``((src_text, src_sents), (tgt_text, tgt_sents))``, a tick of ``bar`` each; ``bar`` closed on failure."""
        try:
            src_side = _sentences(src, src_lang, "src", self.paragraphs)
            bar.update(1)
            tgt_side = _sentences(tgt, tgt_lang, "tgt", self.paragraphs)
            bar.update(1)
        except BaseException:
            bar.close()
            raise
        return src_side, tgt_side

    def _embed_sentences(self, texts: list[str], src_sents, tgt_sents, src_lang: str, tgt_lang: str,
                         bar) -> _Embedded:
        """Embed the sentences of both sides (``texts``: src, then tgt) and make the search's span callback."""
        from ..embed import CachedEncoder

        n, m = len(src_sents), len(tgt_sents)
        raw = self.encoder.encoder if isinstance(self.encoder, CachedEncoder) else self.encoder
        runs = None
        if hasattr(raw, "encode_with_spans") and n and m:
            runs = raw.encode_with_spans(texts, progress=bar.update)
        if runs is not None:
            # The encoder embeds runs of sentences from its sentence pass (USE v3): one
            # pass over the text, and every multi-sentence side of a bead is real.
            both = runs.vectors
            span_vectors = _run_embedder(runs, n)
            timer, count = runs, len(runs)
        else:
            cache = CachedEncoder(self.encoder)
            both = _embed_texts(cache, texts, progress=bar.update)
            span_vectors = _span_embedder(cache, src_sents, tgt_sents, src_lang, tgt_lang, both.shape[1])
            timer, count = cache, None
        if bar.n < n + m:  # blank or repeated sentences need no model call
            bar.update(n + m - bar.n)
        return _Embedded(both, span_vectors, timer, count, runs)

    def _settings(self, src, src_lang: str, tgt_lang: str, runs) -> dict[str, Any]:
        """The aligner settings written into the result's provenance."""
        return {"aligner": "bialign-dp", "src_lang": src_lang, "tgt_lang": tgt_lang,
                "presplit": not isinstance(src, str), "spans": "runs" if runs is not None else "joined",
                "paragraphs": self.paragraphs,
                **self.params.as_settings()}


class _Embedded(NamedTuple):
    """The sentence vectors of both sides, and what the search needs to embed runs of them."""

    vectors: np.ndarray  # one row per sentence: src, then tgt
    span_vectors: Any  # the span callback of the search (_run_embedder or _span_embedder)
    timer: Any  # its .seconds is the time spent embedding: the USESpans, or the CachedEncoder
    count: int | None  # distinct texts embedded by the USESpans; None: the cache counts its misses
    runs: Any  # the USESpans, or None when runs of sentences are embedded as joined text


def _log_warnings(alignment: Alignment) -> None:
    """Log the not-a-translation warning and the notices about ``alignment``."""
    warning = translation_warning(alignment)
    if warning:
        logger.warning(warning)
    from ..notices import alignment_notices

    for notice in alignment_notices(alignment):
        logger.warning(notice)


class _NoBar:
    n = 0
    total = 0
    unit = ""

    def update(self, k: int = 1) -> None:
        pass

    def set_description(self, desc: str, refresh: bool = True) -> None:
        pass

    def reset(self, total: int | None = None) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(enabled: bool, total: int):
    """A tqdm bar on stderr, stage by stage (see :func:`_next_stage`), or a no-op."""
    if not enabled:
        return _NoBar()
    import sys

    from tqdm.auto import tqdm

    return tqdm(total=total, desc="segmenting", unit="text", file=sys.stderr, leave=False, dynamic_ncols=True)


def _next_stage(bar, desc: str, unit: str, total: int) -> None:
    """Start the next stage on ``bar``: its own name, unit and count (so 3,506 sentences read 3,506 sent)."""
    bar.set_description(desc, refresh=False)
    bar.unit = unit
    bar.reset(total=total)


def _paragraph_mode(text: str, lang: str, name: str, mode: ParagraphMode) -> str:
    """``mode``, with ``"auto"`` decided for ``text``: ``"blank"`` (logged) if it looks hard-wrapped."""
    if mode != "auto":
        return mode
    from ..segment import hard_wrapped

    wrapped = hard_wrapped(text, lang)
    if wrapped is None:
        return "line"
    inside, breaks = wrapped
    logger.warning("the %s text looks hard-wrapped (%d of its %d line breaks fall inside a sentence): its line "
                   "breaks are read as spaces and only blank lines end a paragraph; pass paragraphs='line' "
                   "(CLI: --paragraphs line) if every line is a paragraph", {"src": "source", "tgt": "target"}[name],
                   inside, breaks)
    return "blank"


def _run_embedder(runs, n):
    """The span callback over a :class:`~bialign.embed.USESpans` of both sides (tgt after src)."""
    def span_vectors(side, spans):
        offset = 0 if side == "src" else n
        return runs.spans([(start + offset, size) for start, size in spans])

    span_vectors.all_spans = True
    span_vectors.release = runs.release  # the search needs only the tables the runs went into
    return span_vectors


def _span_embedder(cache, src_sents, tgt_sents, src_lang, tgt_lang, dim):
    """The refinement callback: embeds runs of consecutive sentences, joined as they read."""
    def joiner(lang):
        return "" if lang in ("ja", "zh", "th") else " "

    def span_vectors(side, spans):
        sents, glue = (src_sents, joiner(src_lang)) if side == "src" else (tgt_sents, joiner(tgt_lang))
        texts = [glue.join(s.text for s in sents[start:start + size]) for start, size in spans]
        return _embed_texts(cache, texts, dim)

    return span_vectors


def _embed_texts(cache, texts: list[str], dim: int | None = None, progress=None) -> np.ndarray:
    """Embed texts; blank ones get a zero vector (they match nothing) without a model call.
    ``progress(k)``, if given, hears of every ``k`` texts done (they go in chunks then)."""
    real = [k for k, t in enumerate(texts) if t.strip()]
    if progress is None or len(real) <= _PROGRESS_CHUNK:
        vectors = cache.encode([texts[k] for k in real]) if real else None
    else:
        parts = []
        for c in range(0, len(real), _PROGRESS_CHUNK):
            parts.append(cache.encode([texts[k] for k in real[c:c + _PROGRESS_CHUNK]]))
            progress(len(parts[-1]))
        vectors = np.concatenate(parts)
    width = vectors.shape[1] if vectors is not None else (dim or 1)
    out = np.zeros((len(texts), width), dtype=np.float32)
    if vectors is not None:
        out[real] = vectors
    return out


_PROGRESS_CHUNK = 512


def _resolve_encoder(encoder: Any):
    from ..embed import Encoder, SentenceTransformerEncoder, default_encoder

    if encoder is None:
        return default_encoder()
    if isinstance(encoder, str):
        return SentenceTransformerEncoder(encoder)
    if isinstance(encoder, Encoder):
        return encoder
    raise TypeError(
        "encoder must be None (the offline default), a sentence-transformers model name or path, "
        f"or an object with .encode(list[str]) and .id; got {type(encoder).__name__}"
    )


def align(
    src: str | Sequence[str],
    tgt: str | Sequence[str],
    *,
    src_lang: str = "ja",
    tgt_lang: str = "en",
    encoder: Any = None,
    progress: bool = False,
    **options: Any,
) -> Alignment:
    """Align a text with its translation, sentence by sentence.

    ``src`` and ``tgt`` are raw texts (segmented with :func:`bialign.segment` for
    ``src_lang``/``tgt_lang``; line breaks are paragraph breaks, used as soft anchors) or
    lists of sentences (pre-split: strings, or :class:`~bialign.segment.Sentence` objects
    whose ``paragraph`` numbers then serve as soft anchors; ``Alignment.src_text`` is the
    sentences joined with newlines, with a blank line between paragraphs, and the offsets
    point into it). ``encoder``: None for the offline
    default (USE v3), a sentence-transformers model name or directory, or an encoder
    object. ``progress=True`` shows a tqdm bar on stderr (sentences embedded, then rows
    searched; the library prints nothing otherwise). ``paragraphs``: how raw text is cut into
    paragraphs (the soft anchors): ``"line"``, every line break ends one; ``"blank"``, only blank
    lines do (hard-wrapped text); ``"auto"`` (the default), ``"line"`` unless the text looks
    hard-wrapped (most line breaks inside sentences), which is logged. Other options
    (``max_bead=4``, ``band=8``, ``anchors="soft"`` ...) are the fields of :class:`AlignParams`.

    Every sentence ends up in exactly one bead, in order apart from the beads in
    :attr:`Alignment.moved` (sentences translated in another place; ``moved=False`` keeps
    both texts in order); each bead has a score in [0, 1], the estimated probability that
    it is right.

    >>> result = align("日本は晴れ。ロシアは雪。", "Japan is sunny. Russia has snow.")  # doctest: +SKIP
    >>> [(b.type, b.score > 0.5) for b in result.beads]                                  # doctest: +SKIP
    [('1-1', True), ('1-1', True)]
    """
    return Aligner(encoder=encoder, progress=progress, **options).align(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)
