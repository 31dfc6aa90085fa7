"""Fuzz the segmenter, the tokenizer, the aligner and the corpus and bead readers with hypothesis.

The reader targets mutate real exports (bytes flipped, deleted, duplicated lines, hostile
tokens inserted: 1e999, NaN, lone-surrogate escapes, deep nesting, bogus XML encodings,
placeholders for impossible characters) as well as trying random bytes: a reader must answer
with a ValueError or with rows that its writer writes back and it reads again unchanged.

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
from bialign.evaluate import format_beads, parse_beads
from bialign.formats import TSV_COLUMNS, CorpusRow, ParallelCorpus, dumps, loads, table_meta

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
        corpus = read(data, fmt)
    except ValueError:
        return  # a clear refusal is the right answer to garbage
    out = "tsv" if fmt == "tsv-v1" else fmt
    again = loads(dumps(corpus, out), out, meta=table_meta(corpus, out) if out in ("tsv", "csv") else None)
    assert again == corpus, "an accepted file cannot be written back unchanged"


# A TSV or CSV is read with its sidecar's record; "tsv-v1" is the first TSV version (two '#'
# lines, backslash escapes), still read and written back as the current TSV.
META = {"src_lang": "ja", "tgt_lang": "en", "provenance": "bialign=fuzz|encoder=x"}


def read(data: bytes, fmt: str) -> ParallelCorpus:
    if fmt == "tsv-v1":
        return loads(data, "tsv")
    return loads(data, fmt, meta=META if fmt in ("tsv", "csv") else None)


def _v1_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def dumps_v1(corpus: ParallelCorpus) -> str:
    """The first TSV version, as earlier bialign versions wrote it."""
    lines = [f"# bialign-tsv version=1 src_lang={corpus.src_lang} tgt_lang={corpus.tgt_lang} excel_safe=no",
             f"# provenance: {_v1_escape(corpus.provenance)}", "\t".join(TSV_COLUMNS)]
    for r in corpus.rows:
        lines.append("\t".join((_v1_escape(r.doc_id), str(r.bead_id), _v1_escape(r.src_text), _v1_escape(r.tgt_text),
                                repr(r.score), r.type, ",".join(map(str, r.src_ids)), ",".join(map(str, r.tgt_ids)))))
    return "\n".join(lines) + "\n"


# A small corpus with the characters each format escapes, as the seed of the mutations.
SEED = ParallelCorpus((
    CorpusRow("doc\t1", 0, "東京は晴れ。", "It was sunny.", 0.9, (0,), (0,)),
    CorpusRow("doc\t1", 1, "大阪は\t雨\\。\r\n", 'It "rained" <here> & there.', 0.25, (1, 2), (1,)),
    CorpusRow("doc\t1", 2, "\x1b消えた\u2028", "", 0.0, (3,), ()),
    CorpusRow("d2", 0, "", "=SUM(A1)", 1.0, (), (0,)),
), "ja", "en", "bialign=fuzz|encoder=x")

HOSTILE = [b"1e999", b"-1e999", b"NaN", b"Infinity", b"-0", b"-1", b"1.5", b"true", b"null", b"[]", b"{}", b'"12"',
           b'"\\ud800"', b'"\\udfff"', b"\\u0000", b"[" * 3000, b"]" * 3000, b"{" * 3000, b"[", b"]", b"{", b"}",
           b"\t", b"\n", b"\r", b"\r\n", b"\\", b"\\x", b'"', b"'", b"<", b">", b"&", b"&#0;", b"&#13;", b"&#xD800;",
           b'<ph type="x-bialign-char">U+D800</ph>', b'<ph type="x-bialign-char">U+110000</ph>',
           b'<ph type="x-bialign-char">U+0041</ph>', b'encoding="bogus"', b'encoding="utf-16"', b"\xff", b"\xc3",
           b"\xef\xbb\xbf", b"\xed\xa0\x80", b"0", b"99999999999999999999", b"9" * 5000, b"1,2", b",", b", ", b"\u2028",
           "\u2028".encode(), "\u202e".encode(), b"\x00", b"#", b"# bialign-tsv ", b"src_lang=", b"excel_safe=yes",
           b"</seg>", b"<seg>", b"</tu>", b"<tu>", b"<tuv>", b"<g>" * 2000, b'<!DOCTYPE x [<!ENTITY a "b">]>', b"&a;",
           b"=", b"'", b"\u0661", "\u0661".encode(), "１".encode(), b"1_0", b" 1", b"0x1"]


@st.composite
def mutated(draw, fmt: str) -> bytes:
    """An export of SEED with 1 to 6 mutations."""
    data = bytearray((dumps_v1(SEED) if fmt == "tsv-v1" else dumps(SEED, fmt)).encode("utf-8"))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "flip", "duplicate-line", "drop-line"]))
        if kind == "insert":
            data[pos:pos] = draw(st.sampled_from(HOSTILE))
        elif kind == "replace":
            data[pos : pos + draw(st.integers(1, 12))] = draw(st.sampled_from(HOSTILE))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 60))]
        elif kind == "flip" and pos < len(data):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        else:
            start = data.rfind(b"\n", 0, pos) + 1
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end + 1
            if kind == "duplicate-line":
                data[start:start] = data[start:end]
            else:
                del data[start:end]
    return bytes(data)


def check_mutated(case: tuple[str, bytes]) -> None:
    check_reader(case[1], case[0])


BEAD_SEED = b"# provenance: p\n[0]:[0]:0.9000\n[1, 2]:[1]:0.2500\n[]:[2]\n[3]:[]:0.0000\n"
BEAD_TOKENS = [b"[", b"]", b":", b",", b" ", b"\n", b"-1", b"99999999", b"9" * 5000, b"1e999", b"inf", b"nan", b"-0",
               b"[]:[]", b"#", b"[0]:[0]\n", b"\xff", b"0.5", "１".encode(), b"\t", b"\r"]


def check_beads(edits: list[tuple[int, bytes]]) -> None:
    data = bytearray(BEAD_SEED)
    for pos, token in edits:
        data[min(pos, len(data)):min(pos, len(data))] = token
    try:
        beads = parse_beads(bytes(data).decode("utf-8"), name="fuzz.beads")
    except (ValueError, UnicodeDecodeError):
        return
    again = parse_beads(format_beads(beads))
    assert [(b.src, b.tgt) for b in again] == [(b.src, b.tgt) for b in beads], "beads not written back"
    for a, b in zip(again, beads):
        assert (np.isnan(a.score) and np.isnan(b.score)) or abs(a.score - b.score) <= 5e-5, "score not written back"


TARGETS: dict[str, tuple[Callable, tuple]] = {
    "segment": (check_segment, (TEXT, st.sampled_from(["ja", "en", "de", "fr", "zh", "pt"]))),
    "tokenize": (check_tokenize, (TEXT, st.sampled_from(["ja", "en"]))),
    "align (random vectors)": (check_align, (st.integers(0, 30), st.integers(0, 30), st.integers(0, 2**32 - 1))),
    "formats round trip": (check_formats, (st.lists(st.tuples(TEXT, TEXT), max_size=5), st.sampled_from(["tsv", "csv", "jsonl", "tmx"]))),
    "readers on garbage": (check_reader, (st.binary(max_size=300), st.sampled_from(["tsv", "tsv-v1", "csv", "jsonl", "tmx"]))),
    "readers on mutated exports": (check_mutated, (st.sampled_from(["tsv", "tsv-v1", "csv", "jsonl", "tmx"]).flatmap(
        lambda f: st.tuples(st.just(f), mutated(f))),)),
    "bead reader on mutated files": (check_beads, (st.lists(st.tuples(st.integers(0, len(BEAD_SEED)),
                                                                     st.sampled_from(BEAD_TOKENS)), min_size=1, max_size=6),)),
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
        "one bead, the source in order and the target in order apart from moved beads, with scores in [0, 1]; TSV/CSV/JSONL/TMX export then read gives back the "
        "same rows (or TMX refuses characters XML cannot carry, with a clear message); the readers "
        "answer random bytes, and exports mutated with hostile tokens (1e999, NaN, lone-surrogate "
        "escapes, 3000-deep nesting, bogus XML encodings, impossible placeholders, flipped bits, "
        "duplicated and dropped lines; TSV and CSV read with their sidecar's record, and the first TSV "
        "version too), with a ValueError or with rows that their writer writes back "
        "and they read again unchanged; the bead reader likewise. A failure is any other exception "
        "or a row that does not survive the round trip.\n\n" + table,
        script="benchmarks/fuzz.py",
    )


if __name__ == "__main__":
    main()
