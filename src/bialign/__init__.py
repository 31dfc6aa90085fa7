"""bialign: bilingual sentence alignment and translation comparison, Japanese-English first.

Importing bialign is cheap: the Japanese tagger, embedding models and dictionaries load on
first use, and torch is never imported until a sentence-transformers encoder is used.
"""

from __future__ import annotations

from .align import Alignment, Bead
from .compare import Divergence
from .provenance import Provenance, bialign_version
from .segment import Sentence

__version__ = bialign_version()

__all__ = [
    "Alignment",
    "Bead",
    "Divergence",
    "Provenance",
    "Sentence",
    "__version__",
]
