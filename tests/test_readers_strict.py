"""The corpus and bead readers on damaged and hostile files.

Every malformed input is a ValueError naming the file, the line (or translation unit) and
the field; types are strict (a string is never taken for a list of digits); and every row a
reader accepts can be written back by the same writer and read again unchanged.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bialign import cli
from bialign.evaluate import format_beads, parse_beads
from bialign.formats import CorpusRow, ParallelCorpus, dumps, loads

ROWS = (
    CorpusRow("doc", 0, "東京は晴れ。", "It was sunny.", 0.9, (0,), (0,)),
    CorpusRow("doc", 1, "大阪は\t雨\\。", 'It "rained".', 0.25, (1, 2), (1,)),
    CorpusRow("doc", 2, "\x1b消えた", "", 0.0, (3,), ()),
)
CORPUS = ParallelCorpus(ROWS, "ja", "en", "bialign=test|encoder=x")

JSONL_OK = ('{"translation": {"ja": "猫", "en": "A cat."}, "doc_id": "d", "bead_id": 0, "score": 0.5, '
            '"type": "1-1", "src_ids": [0], "tgt_ids": [0], "provenance": "p"}\n')


def jsonl_with(**fields: str) -> str:
    record = {"translation": '{"ja": "猫", "en": "A cat."}', "doc_id": '"d"', "bead_id": "0", "score": "0.5",
              "src_ids": "[0]", "tgt_ids": "[0]"}
    record.update(fields)
    return "{" + ", ".join(f'"{k}": {v}' for k, v in record.items() if v is not None) + "}\n"


def tmx_with(*, decl: str = '<?xml version="1.0" encoding="UTF-8"?>', seg: str = "猫", score: str = "0.5",
             ids: str = "0") -> str:
    return (f'{decl}\n<tmx version="1.4"><header srclang="ja"><prop type="x-bialign-tgt-lang">en</prop></header>'
            f'<body><tu tuid="d#0"><prop type="x-bialign-doc">d</prop><prop type="x-bialign-bead">0</prop>'
            f'<prop type="x-bialign-score">{score}</prop><prop type="x-bialign-src-ids">{ids}</prop>'
            f'<prop type="x-bialign-tgt-ids">0</prop>'
            f'<tuv xml:lang="ja"><seg>{seg}</seg></tuv><tuv xml:lang="en"><seg>A cat.</seg></tuv></tu></body></tmx>\n')


TSV_HEAD = ("# bialign-tsv version=1 src_lang=ja tgt_lang=en excel_safe=no\n# provenance: p\n"
            "doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\n")

MALFORMED = [
    pytest.param("jsonl", "[" * 100_000 + "]" * 100_000, r"f\.jsonl:1 is nested too deeply", id="jsonl-deep-nesting"),
    pytest.param("jsonl", jsonl_with(src_ids="[1e999]"), r"f\.jsonl:1: src_ids must be a list of whole numbers",
                 id="jsonl-ids-overflow"),
    pytest.param("jsonl", jsonl_with(translation='{"ja": 1, "en": "x"}'), r"f\.jsonl:1: source text must be a string",
                 id="jsonl-text-not-a-string"),
    pytest.param("jsonl", jsonl_with(src_ids='"12"'), r"f\.jsonl:1: src_ids must be a list", id="jsonl-ids-string"),
    pytest.param("jsonl", jsonl_with(score="NaN"), r"f\.jsonl:1 is not valid JSON \(NaN is not a number",
                 id="jsonl-nan"),
    pytest.param("jsonl", jsonl_with(score="1e999"), r"f\.jsonl:1: score must be a finite number", id="jsonl-inf"),
    pytest.param("jsonl", jsonl_with(score="true"), r"f\.jsonl:1: score must be a finite number", id="jsonl-bool"),
    pytest.param("jsonl", jsonl_with(score=None), r"f\.jsonl:1: no 'score' field", id="jsonl-no-score"),
    pytest.param("jsonl", jsonl_with(bead_id="1.5"), r"f\.jsonl:1: bead_id must be a whole number", id="jsonl-float-id"),
    pytest.param("jsonl", jsonl_with(doc_id='"\\ud800"'), r"f\.jsonl:1: doc_id contains a lone surrogate U\+D800",
                 id="jsonl-lone-surrogate"),
    pytest.param("jsonl", jsonl_with(translation='{"j a": "x", "en": "y"}'), r"f\.jsonl:1: translation: language code",
                 id="jsonl-bad-language"),
    pytest.param("jsonl", jsonl_with(src_ids="[-1]"), r"f\.jsonl:1: src_ids must be a list of whole numbers of at least 0",
                 id="jsonl-negative-id"),
    pytest.param("jsonl", JSONL_OK + "[1, 2]\n", r"f\.jsonl:2 is not a JSON object with a 'translation' field",
                 id="jsonl-not-an-object"),
    pytest.param("jsonl", "1" * 5000 + "\n", r"f\.jsonl:1 is not valid JSON", id="jsonl-huge-integer"),
    pytest.param("tmx", tmx_with(decl='<?xml version="1.0" encoding="bogus"?>'),
                 r"f\.tmx: the XML declaration names an encoding that cannot be read", id="tmx-bogus-encoding"),
    pytest.param("tmx", tmx_with(seg='<ph type="x-bialign-char">U+D800</ph>'),
                 r"f\.tmx: translation unit 0 \(tuid 'd#0'\): source text contains a lone surrogate", id="tmx-surrogate"),
    pytest.param("tmx", tmx_with(seg='<ph type="x-bialign-char">U+110000</ph>'),
                 r"translation unit 0 .*bad bialign placeholder", id="tmx-placeholder-out-of-range"),
    pytest.param("tmx", tmx_with(score="inf"), r"translation unit 0 .*: score 'inf' is not a finite number",
                 id="tmx-inf-score"),
    pytest.param("tmx", tmx_with(score="nan"), r"score 'nan' is not a finite number", id="tmx-nan-score"),
    pytest.param("tmx", tmx_with(ids="1e3"), r"src-ids '1e3' are not comma-separated whole numbers", id="tmx-ids"),
    pytest.param("tmx", tmx_with(ids="١"), r"src-ids '١' are not comma-separated whole numbers", id="tmx-arabic-digit"),
    pytest.param("tmx", tmx_with().replace('<prop type="x-bialign-score">0.5</prop>', ""),
                 r"has no x-bialign-score prop", id="tmx-no-score"),
    pytest.param("tmx", tmx_with().replace('srclang="ja"', ""), r"f\.tmx: <header srclang>: language code ''",
                 id="tmx-no-srclang"),
    pytest.param("tsv", TSV_HEAD + "d\t0\ta\tb\tnan\t1-1\t0\t0\n", r"f\.tsv:4: score 'nan' is not a finite number",
                 id="tsv-nan"),
    pytest.param("tsv", TSV_HEAD + "d\t٣\ta\tb\t0.5\t1-1\t0\t0\n", r"f\.tsv:4: bead_id '٣' is not a whole number",
                 id="tsv-arabic-digit"),
    pytest.param("tsv", TSV_HEAD + "d\t0\ta\tb\t0.5\t1-1\t-1\t0\n", r"f\.tsv:4: src_ids '-1' are not comma-separated",
                 id="tsv-negative-id"),
    pytest.param("tsv", TSV_HEAD.replace("src_lang=ja", "src_lang="), r"f\.tsv:1: src_lang: language code ''",
                 id="tsv-empty-language"),
    pytest.param("tsv", TSV_HEAD + "d\t0\ta\\x\tb\t0.5\t1-1\t0\t0\n", r"f\.tsv:4: src_text: unknown escape",
                 id="tsv-bad-escape"),
]


@pytest.mark.parametrize(("fmt", "text", "message"), MALFORMED)
def test_malformed_input_is_a_value_error_naming_file_line_and_field(fmt, text, message):
    with pytest.raises(ValueError, match=message):
        loads(text, fmt, name=f"f.{fmt}")


def test_the_well_formed_inputs_of_the_table_are_read():
    assert loads(JSONL_OK, "jsonl").rows[0].src_text == "猫"
    assert loads(jsonl_with(), "jsonl").rows[0].tgt_text == "A cat."
    assert loads(tmx_with(), "tmx").rows[0].src_ids == (0,)


def test_deep_inline_markup_in_tmx_is_read_without_recursion():
    deep = "<g>" * 50_000 + "猫" + "</g>" * 50_000
    corpus = loads(tmx_with(seg=deep), "tmx")
    assert corpus.rows[0].src_text == "猫"


def test_cli_resume_of_a_damaged_jsonl_is_one_line(tmp_path, capsys):
    (tmp_path / "ja").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "ja" / "a.txt").write_text("猫がいる。\n", encoding="utf-8")
    (tmp_path / "en" / "a.txt").write_text("A cat.\n", encoding="utf-8")
    out = tmp_path / "c.jsonl"
    out.write_text(jsonl_with(translation='{"ja": 1, "en": "x"}'), encoding="utf-8")
    code = cli.main(["corpus", str(tmp_path / "ja"), str(tmp_path / "en"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "c.jsonl exists but cannot be resumed" in err and "source text must be a string" in err


# --------------------------------------------------------------------------- the property

HOSTILE = [b"1e999", b"NaN", b"-1", b"Infinity", b'"\\ud800"', b"[", b"]", b"{", b"}", b"\t", b"\n", b"\r", b"\\",
           b'"', b"'", b"<", b">", b"&", b"&#0;", b"&#13;", b'<ph type="x-bialign-char">U+D800</ph>',
           b'<ph type="x-bialign-char">U+0041</ph>', b'encoding="bogus"', b"\xff", b"\xef\xbb\xbf", b"true", b"null",
           b'"12"', b"0", b"99999999999999999999", b"1,2", b",", b"\\u2028", "\u2028".encode(), b"\x00", b"#",
           b"</seg>", b"<seg>", b"</tu>", b"<g>" * 50, b'<!DOCTYPE x [<!ENTITY a "b">]>', b"&a;", b"=", b"'="]


@st.composite
def mutated(draw, fmt: str) -> bytes:
    data = bytearray(dumps(CORPUS, fmt).encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "flip", "duplicate-line"]))
        if kind == "insert":
            data[pos:pos] = draw(st.sampled_from(HOSTILE))
        elif kind == "replace":
            data[pos : pos + draw(st.integers(1, 8))] = draw(st.sampled_from(HOSTILE))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        elif kind == "flip" and pos < len(data):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "duplicate-line":
            start = data.rfind(b"\n", 0, pos) + 1
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end + 1
            data[start:start] = data[start:end]
    return bytes(data)


def read_then_write_back(data: bytes, fmt: str) -> None:
    try:
        corpus = loads(data, fmt, name=f"mutated.{fmt}")
    except ValueError:
        return  # a clear refusal
    again = loads(dumps(corpus, fmt), fmt)
    assert again == corpus


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["tsv", "jsonl", "tmx"]).flatmap(lambda f: st.tuples(st.just(f), mutated(f))))
def test_mutated_exports_are_refused_or_written_back_unchanged(case):
    fmt, data = case
    read_then_write_back(data, fmt)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["tsv", "jsonl", "tmx"]))
def test_random_bytes_are_refused_or_written_back_unchanged(data, fmt):
    read_then_write_back(data, fmt)


def mutated_beads():
    base = b"# provenance: p\n[0]:[0]:0.9000\n[1, 2]:[1]:0.2500\n[]:[2]\n[3]:[]:0.0000\n"
    tokens = [b"[", b"]", b":", b",", b"-1", b"99999999", b"1e999", b"inf", b"nan", b" ", b"\n", b"[]:[]", b"#",
              b"[0]:[0]\n", b"\xff", b"0.5"]
    return st.lists(st.tuples(st.integers(0, len(base)), st.sampled_from(tokens)), min_size=1, max_size=4).map(
        lambda edits: _apply(base, edits))


def _apply(base: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    data = bytearray(base)
    for pos, token in edits:
        data[pos:pos] = token
    return bytes(data)


@settings(max_examples=200, deadline=None)
@given(mutated_beads())
def test_mutated_bead_files_are_refused_or_written_back(data):
    try:
        beads = parse_beads(data.decode("utf-8"), name="x.beads")
    except (ValueError, UnicodeDecodeError):
        return
    again = parse_beads(format_beads(beads))
    assert [(b.src, b.tgt) for b in again] == [(b.src, b.tgt) for b in beads]
    for a, b in zip(again, beads):
        assert (math.isnan(a.score) and math.isnan(b.score)) or abs(a.score - b.score) <= 5e-5
