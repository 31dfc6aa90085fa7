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
from bialign.formats import (CorpusRow, ParallelCorpus, dumps, loads, read_corpus, sidecar_path, table_meta,
                             write_corpus)

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


# The current TSV and CSV (header first, RFC 4180 quotes, languages in the sidecar record).
V2_HEAD = "doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\n"
META = {"src_lang": "ja", "tgt_lang": "en", "provenance": "p"}

MALFORMED_TABLES = [
    pytest.param("tsv", V2_HEAD + "d\t0\ta\tb\tnan\t1-1\t0\t0\n", META, r"f\.tsv:2: score 'nan' is not a finite number",
                 id="tsv2-nan"),
    pytest.param("tsv", V2_HEAD + "d\t0\ta\tb\t1e999\t1-1\t0\t0\n", META, r"f\.tsv:2: score '1e999' is not a finite",
                 id="tsv2-inf"),
    pytest.param("tsv", V2_HEAD + "d\t٣\ta\tb\t0.5\t1-1\t0\t0\n", META, r"f\.tsv:2: bead_id '٣' is not a whole number",
                 id="tsv2-arabic-digit"),
    pytest.param("tsv", V2_HEAD + "d\t0\ta\tb\t0.5\t1-1\t 1\t0\n", META, r"f\.tsv:2: src_ids ' 1' are not comma",
                 id="tsv2-space-in-ids"),
    pytest.param("tsv", V2_HEAD + 'd\t0\t"a\nb"\tb\t0.5\t1-1\t0\t0\nd\t1\ta\tb\t0.5\t1-1\t-1\t0\n', META,
                 r"f\.tsv:4: src_ids '-1' are not comma", id="tsv2-line-after-a-quoted-break"),
    pytest.param("tsv", V2_HEAD + "d\t0\t\ud800\tb\t0.5\t1-1\t0\t0\n", META,
                 r"f\.tsv:2: source text contains a lone surrogate U\+D800", id="tsv2-lone-surrogate"),
    pytest.param("tsv", V2_HEAD, {"src_lang": "j a", "tgt_lang": "en"}, r"f\.tsv: the sidecar: src_lang: language code",
                 id="tsv2-sidecar-bad-language"),
    pytest.param("tsv", V2_HEAD, {"src_lang": "ja", "tgt_lang": 3}, r"f\.tsv: the sidecar: tgt_lang: language code",
                 id="tsv2-sidecar-language-not-a-string"),
    pytest.param("tsv", V2_HEAD, {"src_lang": "ja", "tgt_lang": "en", "provenance": ["x"]},
                 r"f\.tsv: the sidecar: provenance must be a string", id="tsv2-sidecar-provenance"),
    pytest.param("tsv", V2_HEAD, {"src_lang": "ja"}, r"f\.tsv: the sidecar has no tgt_lang", id="tsv2-sidecar-no-tgt"),
    pytest.param("csv", V2_HEAD.replace("\t", ",") + 'd,0,a,b,0.5,2-1,"0,1",\n', META,
                 r"f\.csv:2: bead type '2-1' does not match", id="csv-type-mismatch"),
    pytest.param("csv", V2_HEAD.replace("\t", ",") + "d,0,a,b,0.5,1-1,0,x\n", META,
                 r"f\.csv:2: tgt_ids 'x' are not comma", id="csv-bad-ids"),
]


@pytest.mark.parametrize(("fmt", "text", "message"), MALFORMED)
def test_malformed_input_is_a_value_error_naming_file_line_and_field(fmt, text, message):
    with pytest.raises(ValueError, match=message):
        loads(text, fmt, name=f"f.{fmt}")


@pytest.mark.parametrize(("fmt", "text", "meta", "message"), MALFORMED_TABLES)
def test_malformed_tables_and_sidecars_are_a_value_error_naming_file_line_and_field(fmt, text, meta, message):
    with pytest.raises(ValueError, match=message):
        loads(text, fmt, name=f"f.{fmt}", meta=meta)


def test_a_sidecar_that_is_not_a_regular_file_or_too_deep_is_refused(tmp_path):
    import os

    path = tmp_path / "c.tsv"
    write_corpus(CORPUS, path)
    side = sidecar_path(path)
    side.unlink()
    os.mkfifo(side)  # a FIFO with no writer: refused at once, never waited on
    with pytest.raises(ValueError, match=r"c\.tsv\.meta\.json is a FIFO"):
        read_corpus(path)
    side.unlink()
    side.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="nested too deeply"):
        read_corpus(path)
    side.write_text('{"src_lang": "ja", "tgt_lang": "en", "x": NaN}')
    with pytest.raises(ValueError, match=r"meta\.json cannot be read as JSON"):
        read_corpus(path)
    side.write_text('{"src_lang": "ja", "tgt_lang": "en"}' + " " * 100)
    with pytest.raises(ValueError, match="more than the input cap"):
        read_corpus(path, max_bytes=50)


def test_xlsx_rows_are_checked_like_the_table_rows(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "c.xlsx"
    write_corpus(ParallelCorpus(CORPUS.rows[:2], "ja", "en", "p"), path)
    assert read_corpus(path).rows == CORPUS.rows[:2]
    book = openpyxl.load_workbook(path)
    book["beads"]["E2"] = "nan"  # a text cell (openpyxl stores a float NaN as an empty cell)
    book.save(path)
    with pytest.raises(ValueError, match=r"c\.xlsx: beads!2: score 'nan' is not a finite number"):
        read_corpus(path)
    book["beads"]["E2"] = 0.5
    book["beads"]["G2"] = "1e3"
    book.save(path)
    with pytest.raises(ValueError, match=r"c\.xlsx: beads!2: src_ids '1e3' are not comma"):
        read_corpus(path)
    book["beads"]["G2"] = "0"
    book["provenance"]["B3"] = "j a"
    book.save(path)
    with pytest.raises(ValueError, match=r"c\.xlsx: provenance sheet: src_lang: language code"):
        read_corpus(path)
    path.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(ValueError, match=r"c\.xlsx is not a readable xlsx workbook"):
        read_corpus(path)


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


def _v1_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def dumps_v1(corpus: ParallelCorpus) -> str:
    """The first TSV version (two '#' lines, backslash escapes), which is still read."""
    lines = [f"# bialign-tsv version=1 src_lang={corpus.src_lang} tgt_lang={corpus.tgt_lang} excel_safe=no",
             f"# provenance: {_v1_escape(corpus.provenance)}", V2_HEAD.rstrip("\n")]
    for r in corpus.rows:
        lines.append("\t".join((_v1_escape(r.doc_id), str(r.bead_id), _v1_escape(r.src_text), _v1_escape(r.tgt_text),
                                repr(r.score), r.type, ",".join(map(str, r.src_ids)), ",".join(map(str, r.tgt_ids)))))
    return "\n".join(lines) + "\n"


def test_the_first_tsv_version_is_read():
    assert loads(dumps_v1(CORPUS), "tsv") == CORPUS


FORMATS = ["tsv", "tsv-v1", "csv", "jsonl", "tmx"]


@st.composite
def mutated(draw, fmt: str) -> bytes:
    data = bytearray((dumps_v1(CORPUS) if fmt == "tsv-v1" else dumps(CORPUS, fmt)).encode("utf-8"))
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
    """A TSV or CSV is read with its sidecar's record; the first TSV version is written back as the current one."""
    try:
        if fmt == "tsv-v1":
            corpus = loads(data, "tsv", name="mutated.tsv")
        else:
            corpus = loads(data, fmt, name=f"mutated.{fmt}", meta=META if fmt in ("tsv", "csv") else None)
    except ValueError:
        return  # a clear refusal
    out = "tsv" if fmt == "tsv-v1" else fmt
    again = loads(dumps(corpus, out), out, meta=table_meta(corpus, out) if out in ("tsv", "csv") else None)
    assert again == corpus


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMATS).flatmap(lambda f: st.tuples(st.just(f), mutated(f))))
def test_mutated_exports_are_refused_or_written_back_unchanged(case):
    fmt, data = case
    read_then_write_back(data, fmt)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(FORMATS))
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
