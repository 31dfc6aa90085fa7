"""compare() on the hand-annotated ESUJ article: floors, must-find items, faithful renderings.

The alignment is built by hand from the bead list in tests/data/esuj_divergences.json, so
these tests do not depend on the aligner or on any embedding model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign import Alignment, Bead, compare
from bialign.compare import available_checks
from bialign.compare.evaluate import load_annotation, matches, score

ANNOTATION = Path(__file__).parent / "data" / "esuj_divergences.json"


@pytest.fixture(scope="module")
def annotation():
    return load_annotation(ANNOTATION)


@pytest.fixture(scope="module")
def flags(annotation):
    return compare(annotation.alignment)


def test_annotation_size(annotation):
    assert len(annotation.divergences) >= 15
    assert len(annotation.faithful) >= 10
    assert len(annotation.alignment.src_sentences) == 39 and len(annotation.alignment.tgt_sentences) == 41


def test_floors(annotation, flags):
    s = score(flags, annotation)
    assert s.recall >= 0.95, [m.id for m in s.missed]
    assert s.precision >= 0.9, [(f.check, f.src_text, f.tgt_text) for f in s.false_positives]


def test_no_faithful_rendering_flagged(annotation, flags):
    s = score(flags, annotation)
    assert s.faithful_flagged == []


def test_attributed_beads_are_the_ones_speakers_compares(annotation, flags):
    # The four beads where both sides name who spoke (Lavrov, Kishida, Kommersant, ...); the
    # article changes no attribution, so the check compares these and flags none.
    from bialign.compare.quotes import attributed_beads

    assert attributed_beads(annotation.alignment) == [9, 10, 13, 18]
    assert not [f for f in flags if f.check == "speakers"]


def _find(flags, kind, src=None, tgt=None):
    return [f for f in flags if f.kind == kind and (src is None or src in f.src_text or f.src_text in src and f.src_text)
            and (tgt is None or tgt in f.tgt_text)]


def test_goetsu_doushuu_strange_bedfellows(flags):
    [d] = _find(flags, "idiom", "呉越同舟")
    assert d.evidence["verdict"] == "substituted"
    assert "strange bedfellows" in d.tgt_text
    assert any("enemies" in g for g in d.evidence["glosses"])
    assert d.check == "idioms" and d.severity == "major"


def test_independent_newspaper_is_a_name(flags):
    [d] = _find(flags, "name", "独立新聞")
    assert d.tgt_text == "An independent newspaper"
    assert d.check == "name_to_common_noun"


def test_former_special_editor(flags):
    [d] = _find(flags, "addition", tgt="former")
    assert d.check == "status_words" and d.evidence["status"] == "former"


def test_hearsay_toiu_dropped_twice(flags):
    dropped = [f for f in flags if f.check == "evidentials" and f.src_text == "という" and f.evidence["change"] == "hearsay dropped"]
    assert len(dropped) >= 2


@pytest.mark.parametrize(
    "src, tgt",
    [("2013年 12月 20日", "December 20, 2013"), ("約2時間40分間", "about two hours and forty minutes"),
     ("60日間", "60 days"), ("数千㌔", "thousands of kilometers"), ("水をかけた", "putting a damper on")],
    ids=["date", "duration", "60-days", "thousands-km", "damper"],
)
def test_must_not_flag(annotation, flags, src, tgt):
    a = annotation.alignment
    s0 = a.src_text.index(src)
    t0 = a.tgt_text.index(tgt)
    for f in flags:
        assert not (f.src_span[0] < s0 + len(src) and s0 < f.src_span[1]), f
        assert not (f.tgt_span[0] < t0 + len(tgt) and t0 < f.tgt_span[1]), f


def test_divergences_explain_themselves(annotation, flags):
    checks = available_checks()
    for f in flags:
        assert f.check in checks
        assert f.explanation and f.evidence
        assert f.severity in ("info", "minor", "major")
        assert annotation.alignment.src_text[f.src_span[0]:f.src_span[1]] == f.src_text
        assert annotation.alignment.tgt_text[f.tgt_span[0]:f.tgt_span[1]] == f.tgt_text


def test_checks_restrict_the_run(annotation):
    only = compare(annotation.alignment, checks=["numbers", "evidentials"])
    assert {f.check for f in only} <= {"numbers", "evidentials"}


def test_unknown_check_names_the_choices(annotation):
    with pytest.raises(ValueError, match="unknown check 'idiom'.*idioms"):
        compare(annotation.alignment, checks=["idiom"])


def test_one_directional_check_refused_for_english_source(annotation):
    a = annotation.alignment
    rev = Alignment(a.tgt_text, a.src_text, a.tgt_sentences, a.src_sentences,
                    tuple(Bead(b.tgt, b.src, b.score) for b in a.beads), "en", "ja", a.provenance)
    with pytest.raises(ValueError, match="does not run en-ja"):
        compare(rev, checks=["idioms"])


def test_other_language_pairs_rejected(annotation):
    a = annotation.alignment
    fr = Alignment(a.src_text, a.tgt_text, a.src_sentences, a.tgt_sentences, a.beads, "ja", "fr", a.provenance)
    with pytest.raises(ValueError, match="Japanese-English"):
        compare(fr)


def test_reverse_direction_finds_the_symmetric_divergences(annotation):
    """English as source: the hearsay, hedge and status checks still see the same places."""
    a = annotation.alignment
    rev = Alignment(a.tgt_text, a.src_text, a.tgt_sentences, a.src_sentences,
                    tuple(Bead(b.tgt, b.src, b.score) for b in a.beads), "en", "ja", a.provenance)
    flags = compare(rev)
    # という dropped in ja->en reads as hearsay added in en->ja
    added = [f for f in flags if f.check == "evidentials" and f.tgt_text == "という"]
    assert len(added) >= 2 and all(f.evidence["change"] == "hearsay added" for f in added)
    assert any(f.check == "modality" and f.tgt_text == "といってもよい" and f.evidence["change"] == "weakened" for f in flags)
    # numbers still match in reverse
    assert not [f for f in flags if f.kind == "number"]


@st.composite
def partitions(draw, n_src=39, n_tgt=41):
    """Random monotone bead lists over the ESUJ sentences (any grouping, including 1-0 / 0-1)."""
    beads, i, j = [], 0, 0
    while i < n_src or j < n_tgt:
        a = min(draw(st.integers(0, 2)), n_src - i)
        b = min(draw(st.integers(0, 2)), n_tgt - j)
        if a == 0 and b == 0:
            a, b = (1, 0) if i < n_src else (0, 1)
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), 0.5))
        i, j = i + a, j + b
    return tuple(beads)


@settings(max_examples=15, deadline=None)
@given(beads=partitions())
def test_any_alignment_gives_well_formed_divergences(annotation, beads):
    """compare() must not depend on the aligner being right: any beads, valid output (every
    check, the opt-in ones too, with a similarity matrix from seeded random vectors)."""
    import numpy as np

    a = annotation.alignment
    rng = np.random.default_rng(len(beads))
    sim = rng.uniform(-0.2, 0.9, (len(a.src_sentences), len(a.tgt_sentences)))
    wrong = Alignment(a.src_text, a.tgt_text, a.src_sentences, a.tgt_sentences, beads, "ja", "en", a.provenance,
                      similarity=sim)
    for f in compare(wrong, checks=sorted(available_checks("ja-en"))):
        b = beads[f.bead]
        if b.src:
            lo, hi = a.src_sentences[b.src[0]].start, a.src_sentences[b.src[-1]].end
            assert lo <= f.src_span[0] <= f.src_span[1] <= hi
        if b.tgt:
            lo, hi = a.tgt_sentences[b.tgt[0]].start, a.tgt_sentences[b.tgt[-1]].end
            assert lo <= f.tgt_span[0] <= f.tgt_span[1] <= hi
        assert a.src_text[f.src_span[0]:f.src_span[1]] == f.src_text
        if not b.tgt:
            assert f.kind == "omission" and f.check == "unaligned_sentences"


def test_matches_needs_same_kind(annotation, flags):
    gold = {g.id: g for g in annotation.divergences}
    idiom = [f for f in flags if f.kind == "idiom"][0]
    assert matches(idiom, gold["goetsu-doushuu"])
    assert not matches(idiom, gold["bedfellows-quoted"])


def test_faithful_attributions_seen_and_not_flagged(annotation):
    """The article's attributions (Lavrov, Kishida, Kommersant, Medvedev, Putin) are found on
    both sides and agree, so the speakers check has looked and found nothing to report."""
    from bialign.compare._common import bead_views
    from bialign.compare.quotes import _en_speakers, _ja_speakers

    seen = []
    for view in bead_views(annotation.alignment):
        ja, en = _ja_speakers(view), _en_speakers(view)
        if ja and en:
            seen.append((view.index, [s.text for s in ja], [s.text for s in en]))
    assert [i for i, _, _ in seen] == [9, 10, 13, 18], seen
    assert seen[-1][1:] == (["メドヴェージェフ前大統領", "プーチン現大統領"],
                            ["President Dmitry Medvedev", "President Vladimir Putin"])
    assert compare(annotation.alignment, checks=["speakers"]) == []


def test_similarity_is_opt_in():
    from bialign.compare import default_checks

    assert "similarity" in available_checks("ja-en") and "similarity" in available_checks("en-ja")
    assert "similarity" not in default_checks("ja-en") and "speakers" in default_checks("en-ja")


@pytest.mark.model
def test_similarity_on_the_aligned_article():
    """With the default encoder's matrix: nothing on the faithful article; an unrelated
    sentence put in place of one English sentence is the one bead reported."""
    import bialign

    root = ANNOTATION.parent.parent.parent
    ja = (root / "corpora/esuj/ja.txt").read_text(encoding="utf-8")
    en = (root / "corpora/esuj/en.txt").read_text(encoding="utf-8")
    a = bialign.align(ja, en, src_lang="ja", tgt_lang="en")
    assert a.similarity is not None
    assert compare(a, checks=["similarity"]) == []
    original = a.tgt_sentences[27].text
    swapped = en.replace(original, "The weather in Lisbon was sunny and warm all week, and tourists crowded the beaches.")
    [d] = compare(bialign.align(ja, swapped, src_lang="ja", tgt_lang="en"), checks=["similarity"])
    assert d.tgt_text.startswith("The weather in Lisbon") and d.evidence["measure"] == "sentence similarity"
    assert d.evidence["value"] < d.evidence["threshold"] < d.evidence["median"]
