"""Segmentation costs linear work on adversarial text, and stays lossless on it.

Nothing here is timed (the timings are in ``benchmarks/segmentation.py``). The work is
counted instead: the Python bytecode instructions executed in ``bialign.segment`` (every
loop over characters, stacks and spans), and the characters handed to pysbd in one piece,
whose own cost grows with the square of a piece. Repeating the same unit 8 times longer
must cost at most about 8 times the work; the quadratic cases the adversarial pass found
(". " repeated, runs of abbreviations, unmatched closers after many openers, quotes in a
row) cost 30-60 times as much when they were quadratic.
"""

from __future__ import annotations

import importlib
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

segment_module = importlib.import_module("bialign.segment")  # bialign.segment is also the function
Segmenter = segment_module.Segmenter

LATIN = [". ", "Mr. ", "U.S.", "e.g. ", "A. ", "J. ", "(", ")", "[", "]", '"', "'", "“", "”", "?", "!", "…",
         "...", " ", "  ", "word", "The ", "said", "3.14", ".", ",", "\t", "»", "«", "?!"]
CJK = ["あ", "。", "「", "」", "『", "』", "（", "）", "「あ。」", "」と", "．", "…", "！", "？", "\u3000",
       "３．１４", "(", ")", '"', "”", "“", "と", "は"]


def opcodes(segmenter: Segmenter, text: str) -> int:
    """Bytecode instructions run inside bialign/segment.py while ``segmenter`` splits ``text``."""
    target = segment_module.__file__
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "opcode":
            count += 1
        return local

    def calls(frame, event, arg):
        if frame.f_code.co_filename == target:
            frame.f_trace_opcodes = True
            return local
        return None

    sys.settrace(calls)
    try:
        segmenter(text)
    finally:
        sys.settrace(None)
    return count


@pytest.fixture(scope="module")
def segmenters():
    made = {lang: Segmenter(lang) for lang in ("en", "de", "pt", "ja", "zh")}
    for lang, s in made.items():  # load pysbd's rules and the tagger outside the counts
        s("あ「い。」と言った。" if lang in ("ja", "zh") else "Mr. Smith said. It rained.")
    return made


def unit_and_lang():
    latin = st.tuples(st.lists(st.sampled_from(LATIN), min_size=1, max_size=6).map("".join),
                      st.sampled_from(["en", "de", "pt"]))
    cjk = st.tuples(st.lists(st.sampled_from(CJK), min_size=1, max_size=6).map(lambda u: "あ" + "".join(u)),
                    st.sampled_from(["ja", "zh"]))
    return st.one_of(latin, cjk)


def repeat(unit: str, chars: int) -> str:
    return unit * max(1, chars // len(unit))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit_and_lang())
def test_work_grows_linearly_on_repeated_adversarial_units(segmenters, case):
    unit, lang = case
    seg = segmenters[lang]
    small = opcodes(seg, repeat(unit, 400))
    large = opcodes(seg, repeat(unit, 3200))
    # Linear work with a fixed overhead gives a ratio under 8; quadratic work gives about 64.
    assert large <= 8 * 1.25 * small + 2000, (unit, lang, small, large)


@pytest.mark.parametrize("unit", [". ", "Mr. Dr. e.g. U.S. ", "A. B. ", "word " * 3, "...", "x" * 7])
def test_pysbd_never_gets_a_piece_longer_than_4000_characters(segmenters, monkeypatch, unit):
    seen: list[int] = []
    real = Segmenter._pieces

    def recording(self, chunk):
        seen.append(len(chunk))
        return real(self, chunk)

    monkeypatch.setattr(Segmenter, "_pieces", recording)
    text = repeat(unit, 30_000)
    sentences = segmenters["en"](text)
    assert seen and max(seen) <= 4000
    assert sum(seen) <= len(text)
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit_and_lang(), st.integers(1, 3000))
def test_adversarial_text_is_segmented_losslessly(segmenters, case, chars):
    unit, lang = case
    text = repeat(unit, chars)
    pos = 0
    for s in segmenters[lang](text):
        assert text[s.start : s.end] == s.text
        assert s.start >= pos and not text[pos : s.start].strip()
        pos = s.end
    assert not text[pos:].strip()


def test_prose_is_cut_for_pysbd_only_at_undisputed_ends():
    # 3000 characters of prose with ordinary sentence ends: every cut is after "said." and
    # before a capitalised word, never inside "Mr. Smith".
    para = " ".join(["Mr. Smith said it was raining in the U.S. again, as it had been said."] * 45)
    chunks = segment_module._safe_chunks(para)
    assert len(chunks) > 1
    for start, end in chunks[:-1]:
        assert para[start:end].endswith("said.")
