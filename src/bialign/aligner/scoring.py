"""Bead scores: the logistic :data:`CALIBRATION` and the context feature it reads.

The score of each bead is computed at the end of :func:`bialign.aligner.core.align_embeddings`
(step 5 of the notes in :mod:`bialign.aligner`) from these."""

from __future__ import annotations

from typing import Mapping

import numpy as np

__all__ = ["CALIBRATION"]


#: Logistic calibration of bead scores. ``pair``: intercept and weights of (cosine similarity
#: of the bead, length penalty, extra sentences, context: the median similarity of the 3
#: beads with two sides on either side) for beads with both sides; ``skip``: intercept and
#: weight of the lone sentence's best similarity to a sentence near it, for 1-0/0-1 beads.
#: The score is the chance that the bead is right *as an alignment*: the context weighs
#: most, because a poor bead among good ones is, in real translations, mostly a loose or
#: noisy rendering in its right place, and a poor bead among poor ones is no translation at
#: all. How well the sentences match is the ``similarity`` check's business
#: (:mod:`bialign.compare.similarity`). Fitted by
#: ``python benchmarks/textberg.py --calibrate`` on the beads the aligner (with the default
#: USE encoder and settings) produced for Text+Berg documents 001-003, labelled right when
#: the bead is exactly a gold bead, plus the beads of three mismatched pairs (German of one
#: document against the French of another), all labelled wrong, so that unrelated text
#: gets low scores; checked on documents 004-007 (see BENCHMARKS.md). Other
#: encoders and language pairs shift the margin scale, so read scores from them as a
#: ranking first and a probability second.
CALIBRATION: Mapping[str, tuple[float, ...]] = {
    "pair": (-6.743, 4.074, -4.205, -1.373, 12.139),
    "skip": (2.407, -2.848),
}


# Beads either side of a bead whose similarity makes its context (see _context_similarity).
_CONTEXT = 3


def _context_similarity(sims: np.ndarray, width: int) -> np.ndarray:
    """For each bead, the median similarity of the ``width`` beads with both sides before it
    and the ``width`` after it (NaN marks beads without two sides; a bead with no such
    neighbour gets its own similarity). A poor bead among good ones is likely a rough
    translation; a poor bead among poor ones, text that is no translation at all."""
    pairs = np.flatnonzero(~np.isnan(sims))
    out = np.full(sims.shape, np.nan)
    values = sims[pairs]
    for p, k in enumerate(pairs.tolist()):
        around = np.concatenate([values[max(0, p - width):p], values[p + 1:p + 1 + width]])
        out[k] = float(np.median(around)) if around.size else values[p]
    return out


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))
