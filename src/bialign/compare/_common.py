"""The shared core of the comparison checks, in one import: ``from ._common import ...``.

Every check sees one bead at a time through a :class:`BeadView` (``view.py``), which knows
which side is Japanese and which is English whatever the direction of translation, caches the
tokens of each side, and turns spans found on the Japanese/English side back into source/target
spans of a :class:`~bialign.compare.Divergence`. The rest is split by job:

- ``tokens.py``: Japanese tokens (from :func:`bialign.tokenize`, the one tagger), English
  words, stems, NFKC with an offset map;
- ``lexicons.py``: the curated JSON lexicons and :func:`find_markers`;
- ``dictionaries.py``: JMdict, JMnedict and KANJIDIC2 lookups;
- ``romanize.py``: romaji and the phonetic key for names.

The expensive resources (the tagger, the JMdict/JMnedict database, cutlet) are created once,
on first use, and every dictionary lookup is cached, so that comparing a whole article costs
well under a second after warm-up. A new check is one file that imports from here.
"""

from .dictionaries import DictEntry, KanjiEntry, Sense, gloss_words, jmdict, jmdict_by_gloss, jmnedict, kanjidic
from .lexicons import Marker, find_markers, lexicon
from .romanize import looks_hepburn, name_similarity, phonetic_key, reading_romaji, romaji
from .tokens import (EnWord, JaToken, content_words, en_words, in_parentheses, is_kanji, is_katakana, ja_tokens,
                     nfkc_with_map, stem)
from .view import BeadView, Side, bead_views

__all__ = [
    "BeadView", "DictEntry", "EnWord", "JaToken", "KanjiEntry", "Marker", "Sense", "Side", "bead_views", "content_words",
    "en_words", "find_markers", "gloss_words", "in_parentheses", "is_kanji", "is_katakana", "ja_tokens", "jmdict", "jmdict_by_gloss", "jmnedict", "kanjidic", "lexicon", "looks_hepburn",
    "name_similarity", "nfkc_with_map", "phonetic_key", "reading_romaji", "romaji", "stem",
]
