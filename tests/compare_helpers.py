"""Helpers shared by the tables of sentences that test the comparison checks."""

from __future__ import annotations

from bialign.compare import Divergence, compare
from bialign.compare.evaluate import pair_alignment


def real(ja: str, en: str, checks=None) -> list[Divergence]:
    """The minor and major flags of ``compare`` on one sentence pair (Japanese source)."""
    return [d for d in compare(pair_alignment(ja, en), checks=checks) if d.severity != "info"]
