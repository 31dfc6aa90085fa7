"""Fuzz the segmenter, the tokenizer, the aligner and the corpus readers with hypothesis.

Each target is a property that must hold for any input; the script runs batches of random
inputs against each target until its time share is used up, then prints how many inputs were
tried and how many failures were found, and records the table in BENCHMARKS.md. A failure
prints the falsifying input and the traceback (and is counted); the run goes on.

Usage: python benchmarks/fuzz.py [--seconds 180]
"""

from __future__ import annotations

import argparse
import time
import traceback
from collections.abc import Callable

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import InvalidArgument
from hypothesis import strategies as st

from _record import markdown_table, record
from bialign import segment, tokenize
from bialign.formats import CorpusRow, ParallelCorpus, dumps, loads, table_meta

# Text that stresses the rules: sentence marks, brackets, quotes, line breaks of every kind,
# combining marks, emoji, zero-width and control characters, and anything else in Unicode.
TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("。！？!?．…「」『』（）()“”\"'.,;:\r\n\t \u3000\u200b\u200d\u2028\u0301\x00\x1b🙂３．１４")),
    ),
    max_size=200,
)


def check_segment(text: str, lang: str) -> None:
    try:
        sents = segment(text, lang)
    except ValueError as exc:
        if "swap" not in str(exc):
            raise
        return
    pos = 0
    for s in sents:
        assert text[s.start : s.end] == s.text, "offsets do not point at the sentence"
        assert s.start >= pos and not text[pos : s.start].strip(), "characters lost between sentences"
        pos = s.end
    assert not text[pos:].strip(), "characters lost at the end"


def check_tokenize(text: str, lang: str) -> None:
    for t in tokenize(text, lang):
        assert text[t.start : t.end] == t.surface


def check_align(n_src: int, n_tgt: int, seed: int) -> None:
    from bialign.align import align_embeddings, moved_beads

    rng = np.random.default_rng(seed)

    def unit(n: int) -> np.ndarray:
        x = rng.normal(size=(n, 8)).astype(np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    beads = align_embeddings(
        unit(n_src), unit(n_tgt),
        src_lengths=rng.integers(1, 300, n_src), tgt_lengths=rng.integers(1, 300, n_tgt),
        src_paragraphs=np.sort(rng.integers(0, 3, n_src)), tgt_paragraphs=np.sort(rng.integers(0, 3, n_tgt)),
    )
    assert [i for b in beads for i in b.src] == list(range(n_src))
    assert sorted(j for b in beads for j in b.tgt) == list(range(n_tgt))
    moved = set(moved_beads(beads))
    in_order = [j for k, b in enumerate(beads) if k not in moved for j in b.tgt]
    assert in_order == sorted(in_order)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def check_formats(texts: list[tuple[str, str]], fmt: str) -> None:
    if fmt == "jsonl" and not texts:
        return  # an empty JSONL file names no languages: its reader refuses it, by design
    rows = tuple(
        CorpusRow("doc", i, s, t, 0.5, (i,), (i,)) for i, (s, t) in enumerate(texts)
    )
    corpus = ParallelCorpus(rows, "ja", "en", "bialign=fuzz")
    try:
        data = dumps(corpus, fmt, xml_illegal="reject") if fmt == "tmx" else dumps(corpus, fmt)
    except ValueError as exc:
        assert "XML" in str(exc) or "xml" in str(exc)
        return
    assert loads(data, fmt, meta=table_meta(corpus, fmt) if fmt in ("tsv", "csv") else None) == corpus


def check_reader(data: bytes, fmt: str) -> None:
    try:
        loads(data, fmt, meta={"src_lang": "ja", "tgt_lang": "en"} if fmt in ("tsv", "csv") else None)
    except ValueError:
        pass  # a clear refusal is the right answer to garbage


TARGETS: dict[str, tuple[Callable, tuple]] = {
    "segment": (check_segment, (TEXT, st.sampled_from(["ja", "en", "de", "fr", "zh", "pt"]))),
    "tokenize": (check_tokenize, (TEXT, st.sampled_from(["ja", "en"]))),
    "align (random vectors)": (check_align, (st.integers(0, 30), st.integers(0, 30), st.integers(0, 2**32 - 1))),
    "formats round trip": (check_formats, (st.lists(st.tuples(TEXT, TEXT), max_size=5), st.sampled_from(["tsv", "csv", "jsonl", "tmx"]))),
    "readers on garbage": (check_reader, (st.binary(max_size=300), st.sampled_from(["tsv", "csv", "jsonl", "tmx"]))),
}


def fuzz(name: str, seconds: float) -> tuple[int, int, str]:
    func, strategies = TARGETS[name]
    tried = failures = 0
    first_failure = ""

    def counted(args: tuple) -> None:
        nonlocal tried
        tried += 1
        func(*args)

    test = settings(max_examples=200, deadline=None, database=None, derandomize=False,
                    suppress_health_check=list(HealthCheck))(given(st.tuples(*strategies))(counted))
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            test()
        except InvalidArgument:
            raise  # the fuzzer itself is misconfigured: not a finding
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            failures += 1
            first_failure = first_failure or f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
            traceback.print_exc()
    return tried, failures, first_failure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180, help="total time budget (default 180)")
    args = parser.parse_args()
    share = args.seconds / len(TARGETS)
    rows = []
    for name in TARGETS:
        tried, failures, first = fuzz(name, share)
        rows.append([name, tried, failures, first or "-"])
        print(f"{name}: {tried} inputs, {failures} failures", flush=True)
    table = markdown_table(["target", "inputs tried", "failures", "first failure"], rows)
    print(table)
    record(
        "fuzz",
        "Fuzzing (hypothesis)",
        f"{args.seconds:.0f} s in all, split evenly between the targets. Each target is a property: "
        "segmentation and tokens are lossless with exact offsets; every sentence lands in exactly "
        "one bead, the source in order and the target in order apart from moved beads, with scores in [0, 1]; TSV/JSONL/TMX export then read gives back the "
        "same rows (or TMX refuses characters XML cannot carry, with a clear message); the readers "
        "answer random bytes with a ValueError, never another exception.\n\n" + table,
        script="benchmarks/fuzz.py",
    )


if __name__ == "__main__":
    main()
