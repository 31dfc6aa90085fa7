"""Warnings about alignments whose scores look fine: a text not split into sentences, an untranslated stretch.

The unit tests build alignments from the ESUJ article's gold sentences and gold beads (no
encoder); one test runs the real aligner to check that align() logs them."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

import bialign
from bialign.align import Alignment, Bead
from bialign.evaluate import read_beads
from bialign.notices import HUGE_SENTENCE, alignment_notices
from bialign.provenance import Provenance
from bialign.segment import Sentence

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
JA = (DATA / "esuj_ja.sentences.txt").read_text(encoding="utf-8").splitlines()
EN = (DATA / "esuj_en.sentences.txt").read_text(encoding="utf-8").splitlines()
GOLD = read_beads(DATA / "esuj_gold.beads")


def alignment(src: list[str], tgt: list[str], beads, src_lang="ja", tgt_lang="en") -> Alignment:
    def sentences(texts):
        out, pos = [], 0
        for t in texts:
            out.append(Sentence(t, pos, pos + len(t)))
            pos += len(t) + 1
        return "\n".join(texts), tuple(out)

    (st, s), (tt, t) = sentences(src), sentences(tgt)
    return Alignment(st, tt, s, t, tuple(Bead(b.src, b.tgt, 0.95) for b in beads), src_lang, tgt_lang,
                     Provenance("gold", {}))


def test_a_real_translation_gets_no_notice():
    assert alignment_notices(alignment(JA, EN, GOLD)) == []
    assert alignment_notices(alignment(EN, JA, [Bead(b.tgt, b.src, 0.9) for b in GOLD], "en", "ja")) == []


def test_a_source_whose_second_half_was_left_in_english_is_named():
    # source sentence i of the second half replaced by the English of its gold bead
    half = len(GOLD) // 2
    src = list(JA)
    for b in GOLD[half:]:
        if b.src and b.tgt:
            src[b.src[0]] = " ".join(EN[j] for j in b.tgt)
            for i in b.src[1:]:
                src[i] = ""
    src = [s or "." for s in src]
    notices = alignment_notices(alignment(src, EN, GOLD))
    assert len(notices) == 1
    first = min(b.src[0] for b in GOLD[half:] if b.src and b.tgt) + 1
    assert re.match(rf"source sentences {first}-\d+ are the same text as target sentences \d+-\d+, \d+ beads in a "
                    r"row: an untranslated stretch", notices[0]), notices[0]


def test_a_japanese_side_with_no_japanese_is_named_even_when_reworded():
    src = list(JA)
    for i in range(10, 16):
        src[i] = f"This sentence {i} was left in English by the translator, in other words."
    notices = alignment_notices(alignment(src, EN, GOLD))
    assert len(notices) == 1 and notices[0].startswith("source sentences 11-16 have no Japanese in them (paired "
                                                       "with target sentences")


@pytest.mark.parametrize("copies", [1, 2], ids=["one-bead", "two-beads"])
def test_shared_names_or_a_few_copied_titles_are_not_a_stretch(copies):
    src, tgt = list(JA), list(EN)
    for i in range(copies):
        src[5 + i] = tgt[5 + i] = "NATO and the 2-plus-2 talks, again and again"
    assert alignment_notices(alignment(src, tgt, GOLD)) == []


def test_a_text_without_sentence_punctuation_is_named():
    tgt = re.sub(r"[.!?]", "", " ".join(EN))
    a = alignment(JA, [tgt], [Bead(tuple(range(len(JA))), (0,), 0.99)])
    (notice,) = alignment_notices(a)
    assert notice.startswith(f"target sentence 1 is {len(tgt):,} characters long (no sentence punctuation in it): "
                             "the text was not split into sentences")
    assert "--presplit" in notice and len(tgt) > HUGE_SENTENCE


@pytest.mark.model
def test_align_logs_an_untranslated_half(caplog):
    """The real aligner pairs the English left in the source with the target at scores near 1; align() says so."""
    ja = (ROOT / "corpora" / "esuj" / "ja.txt").read_text(encoding="utf-8").splitlines()
    en = (ROOT / "corpora" / "esuj" / "en.txt").read_text(encoding="utf-8").splitlines()
    half = len(ja) // 2
    with caplog.at_level(logging.WARNING, logger="bialign"):
        result = bialign.align("\n".join(ja[:half] + en[half:len(ja)]), "\n".join(en))
    assert result.median_score > 0.9  # the scores alone would not tell
    notices = [r.getMessage() for r in caplog.records if "untranslated stretch" in r.getMessage()]
    assert len(notices) == 1 and "have no Japanese in them" in notices[0]
