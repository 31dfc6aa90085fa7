"""Beads whose two sides are unusually far apart for the document: the meaning may differ.

The other checks look for one particular change (a number, a name, a hedge). This one looks
at how close the two sides of each bead are as a whole, and reports the beads that are
outliers *for this document*, since the absolute level of similarity depends on the encoder,
the language pair and the register (ESUJ's faithful Japanese–English beads have cosine
similarities from 0.39 to 0.84 under the default encoder).

The measure of a bead, when the alignment carries its sentence similarity matrix
(:attr:`bialign.Alignment.similarity`, kept for up to 4 million cells): each sentence's best
cosine similarity to a sentence on the other side of the bead, averaged over the sentences of
both sides (for a 1-1 bead, simply the cosine of the pair; a 2-1 bead is not penalized for
splitting one sentence in two). Without the matrix (a long document, or beads made by hand):
the bead's calibrated score, :attr:`bialign.Bead.score`.

The rule: over the beads that have both sides (1-0 and 0-1 beads are the business of
``unaligned_sentences``), take the median *m* and the median absolute deviation *MAD*; a bead
is reported when its measure is below ``m - 3 * max(1.4826 * MAD, 0.02)`` (three robust
standard deviations; the floor keeps a document of near-identical scores, such as hand-made
beads all scored 1.0, from reporting trifles). Documents with fewer than 10 such beads are
not judged: a median of a handful says nothing. Severity is ``info``: a low similarity says
*where* to look, not *what* changed, and it is as often a bead the aligner got wrong as a
translation that says something else.

Off by default (``checks=[..., "similarity"]`` turns it on). On the hand-annotated ESUJ
article, aligned with the default encoder (the aligner reproduces the hand-made beads), it
reports nothing, so it flags none of the faithful renderings; with one English sentence
replaced by an unrelated one it reports exactly that bead (cosine -0.08 against a median of
0.58, threshold 0.22). But a same-topic sentence that says the opposite ("stronger economic
ties … would be nothing but a blessing" for 悪夢以外の何物でもない) stays above the threshold:
sentence embeddings measure topic more than claims. So what it finds is mostly unrelated text,
a misalignment or a substituted passage, and an outlier rule reports the tail of every long
document; without an annotation of such beads its precision is unknown, and a default check
should have a measured one.

>>> divs = compare(alignment, checks=["similarity"])      # doctest: +SKIP
>>> divs[0].evidence["measure"], divs[0].evidence["value"], divs[0].evidence["median"]  # doctest: +SKIP
('sentence similarity', 0.12, 0.61)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._common import BeadView
from .registry import BOTH, register

_K = 3.0
_MAD_TO_SD = 1.4826
_FLOOR = 0.02
_MIN_BEADS = 10


def _bead_similarity(sim: np.ndarray, src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
    block = sim[np.ix_(src, tgt)]
    return float(np.concatenate([block.max(axis=1), block.max(axis=0)]).mean())


def _document_stats(view: BeadView) -> dict[str, Any] | None:
    """The measure of every two-sided bead and the outlier threshold, computed once per call."""
    if "similarity" in view.shared:
        return view.shared["similarity"]
    stats = None
    a = view.alignment
    if a is not None:
        sim = a.similarity
        use_matrix = (
            sim is not None and getattr(sim, "ndim", 0) == 2
            and sim.shape == (len(a.src_sentences), len(a.tgt_sentences))
        )
        values: dict[int, float] = {}
        for i, b in enumerate(a.beads):
            if not b.src or not b.tgt:
                continue
            v = _bead_similarity(sim, b.src, b.tgt) if use_matrix else float(b.score)
            if math.isfinite(v):
                values[i] = v
        if len(values) >= _MIN_BEADS:
            arr = np.fromiter(values.values(), dtype=float)
            median = float(np.median(arr))
            mad = float(np.median(np.abs(arr - median)))
            spread = max(_MAD_TO_SD * mad, _FLOOR)
            stats = {
                "measure": "sentence similarity" if use_matrix else "bead score",
                "values": values,
                "median": median,
                "mad": mad,
                "threshold": median - _K * spread,
                "n_beads": len(values),
            }
    view.shared["similarity"] = stats
    return stats


@register(kinds=("similarity",), directions=BOTH, default=False)
def similarity(view: BeadView):
    """A bead whose sides are far less similar than the document's typical bead (opt-in)."""
    stats = _document_stats(view)
    if stats is None or view.index not in stats["values"]:
        return []
    value = stats["values"][view.index]
    if value >= stats["threshold"]:
        return []
    measure, median, threshold = stats["measure"], stats["median"], stats["threshold"]
    return [
        view.divergence(
            kind="similarity", severity="info", check="similarity",
            explanation=(
                f"The {measure} of this bead ({value:.2f}) is far below the document's median "
                f"({median:.2f}): under the threshold {threshold:.2f} = median - {_K:g} x "
                f"max({_MAD_TO_SD} x MAD, {_FLOOR}). The translation may say something different "
                "here, or the sentences may be misaligned."
            ),
            ja_span=view.bead_span(view.ja), en_span=view.bead_span(view.en),
            evidence={
                "measure": measure, "value": round(value, 4), "median": round(median, 4),
                "mad": round(stats["mad"], 4), "threshold": round(threshold, 4),
                "rule": f"value < median - {_K:g} * max({_MAD_TO_SD} * MAD, {_FLOOR})",
                "n_beads": stats["n_beads"],
            },
        )
    ]
