"""The old home of the aligner, kept so that ``from bialign.align import ...`` goes on working.

The aligner is the package :mod:`bialign.aligner`, one module per stage (results, parameters,
the DP, the core, scoring, diagnostics, the pipeline); this module re-exports its names, the
private ones included. Note that ``bialign.align`` is the function :func:`align`; this module is
``sys.modules["bialign.align"]``. Patch the stage modules, not this one: names rebound here are
not seen by the code.
"""

from __future__ import annotations

# ruff: noqa: F401 (the private names are re-exported for old imports)

from .aligner import CALIBRATION, NOT_A_TRANSLATION, Aligner, Alignment, AlignParams, Bead, align, \
    align_embeddings, moved_beads, translation_warning
from .aligner.core import _REFINE_MAX, _SPAN_CHUNK, _SPAN_MAX, _align_core, _as_vector, _attach_orphans, \
    _check_embeddings, _Core, _length_ratio, _pair_moved, _spans_to_refine
from .aligner.diagnostics import (_LOW_RUN, _LOW_SCORE, _MIN_COVERAGE, _MIN_PAIRS, _MIN_SIDE, _low_stretches,
                                  low_score_stretches)
from .aligner.dp import _FULL_CELLS, _NEG, _SKIP01, _START, _TABLE_CHUNK, _band_from_nodes, _banded_dp, \
    _beads_to_nodes, _block_means, _first_pass, _interpolate, _neighbourhood, _set_exact, _side_table, \
    _side_tables, _span_neighbourhoods
from .aligner.params import _PARAM_NAMES, AnchorMode, ParagraphMode
from .aligner.pipeline import _PROGRESS_CHUNK, _embed_texts, _next_stage, _NoBar, _paragraph_mode, _progress_bar, \
    _resolve_encoder, _run_embedder, _sentences, _span_embedder
from .aligner.scoring import _CONTEXT, _context_similarity, _sigmoid

__all__ = ["AlignParams", "Aligner", "Alignment", "Bead", "align", "align_embeddings", "moved_beads",
           "low_score_stretches", "translation_warning", "CALIBRATION", "NOT_A_TRANSLATION"]

