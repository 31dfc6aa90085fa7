"""What a user would not notice in an alignment: a text that was not split, an untranslated stretch.

:func:`bialign.align` logs each of these as a warning (next to
:func:`bialign.align.translation_warning`, which is about texts that are not translations of
each other); :func:`alignment_notices` returns them. Both are cases where the beads look fine
-- high scores, nothing dropped -- and are not:

- **a huge sentence**: a text without sentence punctuation (a transcript, a list, a scrape
  that lost its full stops) is one sentence per paragraph, so a whole paragraph becomes one
  bead, which scores high and says little. Sentences over :data:`HUGE_SENTENCE` characters are
  named, with the fix (punctuation, or one sentence per line with ``--presplit``).
- **an untranslated stretch**: part of the "translation" is the source left as it was, or
  part of the source is already in the target's language (a half-translated file). Such beads
  pair a text with itself and score near 1. Named when at least :data:`UNTRANSLATED_RUN` beads
  in a row have the same text on both sides, or a Japanese side with no Japanese in it.

>>> from bialign.align import Alignment, Bead
>>> from bialign.provenance import Provenance
>>> from bialign.segment import Sentence
>>> s = [Sentence("Same text here.", 0, 15), Sentence("And again here.", 16, 31), Sentence("Third one here.", 32, 47)]
>>> a = Alignment("", "", tuple(s), tuple(s), tuple(Bead((i,), (i,), 0.99) for i in range(3)), "ja", "en",
...               Provenance("x", {}))
>>> alignment_notices(a)[0][:68]
'source sentences 1-3 are the same text as target sentences 1-3, 3 be'
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from .text import japanese_ratio

if TYPE_CHECKING:
    from .aligner import Alignment, Bead

__all__ = ["HUGE_SENTENCE", "UNTRANSLATED_RUN", "alignment_notices"]

#: Characters over which a sentence is called huge. The longest sentence of the ESUJ article
#: has 293 characters (English; 105 in Japanese), the longest of the 2,002 Text+Berg gold
#: sentences 483: a real sentence of 1,000 characters is rare, a paragraph without full stops
#: is not.
HUGE_SENTENCE = 1000

#: Beads in a row with an untranslated pair before it is named (a shared name or number in one
#: bead, such as a title "COVID-19", is not a stretch).
UNTRANSLATED_RUN = 3

_MIN_LETTERS = 10  # a side needs this many letters to be judged (not "2013", "NATO")
_SENTENCE_END = re.compile(r"[。！？!?．｡]|[.](?=\s|$)")


def alignment_notices(alignment: Alignment) -> list[str]:
    """One-line warnings about ``alignment`` a user would not see in its scores (see the module docs)."""
    notices = []
    for side, sentences in (("source", alignment.src_sentences), ("target", alignment.tgt_sentences)):
        huge = [(i, s) for i, s in enumerate(sentences) if len(s.text) > HUGE_SENTENCE]
        if huge:
            i, s = max(huge, key=lambda item: len(item[1].text))
            punctuation = "no sentence punctuation in it" if not _SENTENCE_END.search(s.text[:-1]) else \
                "its punctuation did not end a sentence"
            more = f" ({len(huge)} {side} sentences are over {HUGE_SENTENCE:,} characters)" if len(huge) > 1 else ""
            notices.append(
                f"{side} sentence {i + 1} is {len(s.text):,} characters long ({punctuation}){more}: the text was "
                "not split into sentences, so its bead pairs whole paragraphs and its score says little; add "
                "sentence punctuation, or give one sentence per line (CLI: --presplit)"
            )
    run = _longest_untranslated_run(alignment)
    if len(run) >= UNTRANSLATED_RUN:
        src = [i + 1 for b, _ in run for i in b.src]
        tgt = [j + 1 for b, _ in run for j in b.tgt]
        reasons = {why for _, why in run}
        source, target = f"source sentences {min(src)}-{max(src)}", f"target sentences {min(tgt)}-{max(tgt)}"
        if reasons == {"same"}:
            what = f"{source} are the same text as {target}"
        elif "target" in reasons and "source" not in reasons:
            what = f"{target} have no Japanese in them (paired with {source})"
        else:
            what = f"{source} have no Japanese in them (paired with {target})"
        notices.append(
            f"{what}, {len(run)} beads in a row: an untranslated stretch, whose high scores pair a text with "
            "itself; check that both files are complete and in the right language"
        )
    return notices


def _normalized(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _untranslated(bead: Bead, alignment: Alignment) -> str | None:
    """Why the pair ``bead`` looks untranslated, or None."""
    if not (bead.src and bead.tgt):
        return None
    src = " ".join(alignment.src_sentences[i].text for i in bead.src)
    tgt = " ".join(alignment.tgt_sentences[j].text for j in bead.tgt)
    if _letters(src) < _MIN_LETTERS or _letters(tgt) < _MIN_LETTERS:
        return None
    if alignment.src_lang != alignment.tgt_lang and _normalized(src) == _normalized(tgt):
        return "same"
    for side, text, lang in (("source", src, alignment.src_lang), ("target", tgt, alignment.tgt_lang)):
        other = alignment.tgt_lang if side == "source" else alignment.src_lang
        if lang == "ja" and other != "ja" and japanese_ratio(text) == 0.0:
            return side
    return None


def _longest_untranslated_run(alignment: Alignment) -> list[tuple[Bead, str]]:
    longest: list[tuple[Bead, str]] = []
    run: list[tuple[Bead, str]] = []
    for bead in alignment.beads:
        if not (bead.src and bead.tgt):
            continue  # a lone sentence does not break a stretch
        why = _untranslated(bead, alignment)
        if why:
            run.append((bead, why))
            if len(run) > len(longest):
                longest = list(run)
        else:
            run = []
    return longest
