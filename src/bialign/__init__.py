"""bialign: bilingual sentence alignment and translation comparison, Japanese-English first.

The public API follows the pipeline: load and clean → segment → tokenize → embed → align →
evaluate → compare → export / report.

>>> import bialign
>>> alignment = bialign.align(ja_text, en_text, src_lang="ja", tgt_lang="en")  # doctest: +SKIP
>>> divergences = bialign.compare(alignment)  # doctest: +SKIP

Importing bialign is cheap: the Japanese tagger, embedding models and dictionaries load on
first use, and torch is never imported until a sentence-transformers encoder is used.
Note that ``bialign.align``, ``bialign.segment``, ``bialign.evaluate`` and ``bialign.compare``
are the functions; their modules are reached with ``from bialign.evaluate import read_beads``.
"""

from __future__ import annotations

from .text import CleanedText, load_text, remove_repeated_blocks
from .segment import SUPPORTED_LANGUAGES, Segmenter, Sentence, segment
from .tokenize import Token, tokenize
from .embed import SentenceTransformerEncoder, USEEncoder
# Through the old module bialign.align (the package bialign.aligner re-exported): importing it
# here first keeps ``bialign.align`` the function, even after ``import bialign.align``.
from .align import AlignParams, Aligner, Alignment, Bead, align, align_embeddings
from .evaluate import evaluate
from .compare import Divergence, compare
from .formats import CorpusRow, ParallelCorpus, export, read_corpus, write_corpus
from .report import render_html, write_html
from .provenance import Provenance, bialign_version

__version__ = bialign_version()

__all__ = [
    # load and clean
    "CleanedText", "load_text", "remove_repeated_blocks",
    # segment and tokenize
    "SUPPORTED_LANGUAGES", "Segmenter", "Sentence", "segment", "Token", "tokenize",
    # embed and align
    "SentenceTransformerEncoder", "USEEncoder", "AlignParams", "Aligner", "Alignment", "Bead", "align",
    "align_embeddings",
    # evaluate and compare
    "evaluate", "Divergence", "compare",
    # export and report
    "CorpusRow", "ParallelCorpus", "export", "read_corpus", "write_corpus", "render_html", "write_html",
    # provenance
    "Provenance", "__version__",
]
