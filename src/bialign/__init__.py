"""bialign: bilingual sentence alignment and translation comparison, Japanese-English first.

Importing bialign is cheap: the Japanese tagger, embedding models and dictionaries load on
first use, and torch is never imported until a sentence-transformers encoder is used.
"""

from __future__ import annotations

from .align import Aligner, Alignment, Bead, align
from .embed import SentenceTransformerEncoder, USEEncoder
from . import evaluate
from .compare import Divergence, compare
from .provenance import Provenance, bialign_version
from .segment import SUPPORTED_LANGUAGES, Segmenter, Sentence, segment
from .text import CleanedText, load_text, remove_repeated_blocks
from .tokenize import Token, tokenize
from .formats import CorpusRow, ParallelCorpus, export, read_corpus, write_corpus
from .report import render_html, write_html

__version__ = bialign_version()

__all__ = [
    "Alignment",
    "Aligner",
    "align",
    "Bead",
    "evaluate",
    "SentenceTransformerEncoder",
    "USEEncoder",
    "Divergence",
    "compare",
    "Provenance",
    "Sentence",
    "Segmenter",
    "SUPPORTED_LANGUAGES",
    "segment",
    "Token",
    "tokenize",
    "CleanedText",
    "load_text",
    "remove_repeated_blocks",
    "CorpusRow",
    "ParallelCorpus",
    "export",
    "read_corpus",
    "write_corpus",
    "render_html",
    "write_html",
    "__version__",
]
