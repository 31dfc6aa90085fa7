"""Exports: every format reads back exactly what was written; writes are atomic and careful."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.align import Alignment, Bead
from bialign.formats import (
    CorpusRow,
    ParallelCorpus,
    atomic_writer,
    corpus_from_alignment,
    dumps,
    export,
    format_from_path,
    loads,
    read_corpus,
    sidecar_path,
    table_meta,
    write_corpus,
)
from bialign.provenance import Provenance
from bialign.segment import Sentence

READABLE = ["tsv", "csv", "tmx", "jsonl"]
TABLES = ("tsv", "csv")


def make_alignment() -> Alignment:
    """A hand-built alignment of a short ESUJ-like passage: a 1-1, a 1-2, a 1-0 and a 0-1 bead."""
    ja = ["戦略と戦術。", "戦略は長期的な計画である。", "これは訳されていない。"]
    en = ["Strategy and tactics.", "Strategy is a long-term plan.", "It looks far ahead.", "An added line."]

    def sentences(texts: list[str], sep: str) -> tuple[str, tuple[Sentence, ...]]:
        out, pos = [], 0
        for t in texts:
            out.append(Sentence(t, pos, pos + len(t)))
            pos += len(t) + len(sep)
        return sep.join(texts), tuple(out)

    src_text, src = sentences(ja, "")
    tgt_text, tgt = sentences(en, " ")
    beads = (Bead((0,), (0,), 0.93), Bead((1,), (1, 2), 0.71), Bead((2,), (), 0.12), Bead((), (3,), 0.05))
    prov = Provenance("use-cmlm-multilingual", {"max_bead": 2, "src_lang": "ja", "tgt_lang": "en"}, "0.1.0")
    return Alignment(src_text, tgt_text, src, tgt, beads, "ja", "en", prov)


def test_rows_from_alignment_keep_every_bead_and_join_with_a_space():
    corpus = corpus_from_alignment(make_alignment(), doc_id="esuj")
    assert [r.type for r in corpus.rows] == ["1-1", "1-2", "1-0", "0-1"]
    assert corpus.rows[1].tgt_text == "Strategy is a long-term plan. It looks far ahead."
    assert corpus.rows[2].tgt_text == "" and corpus.rows[3].src_text == ""
    assert corpus.provenance.startswith("bialign=0.1.0|encoder=use-cmlm-multilingual")
    assert corpus.doc_ids == ("esuj",)


@pytest.mark.parametrize("fmt", READABLE)
def test_alignment_round_trip_through_a_file(tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    export(make_alignment(), path, doc_id="esuj")
    assert read_corpus(path) == corpus_from_alignment(make_alignment(), doc_id="esuj")


def test_tsv_layout_is_documented_header_first_and_rfc4180_quotes():
    rows = (CorpusRow("d", 0, 'a\tb\\n "q"', "line1\nline2\r", 0.5, (0,), (0, 1)),
            CorpusRow("d", 1, "#MeToo", "", 0.25, (1,), ()))
    text = dumps(ParallelCorpus(rows, "ja", "en", "bialign=0.1.0|encoder=x"), "tsv")
    assert text == ("doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\n"
                    'd\t0\t"a\tb\\n ""q"""\t"line1\nline2\r"\t0.5\t1-2\t0\t0,1\n'
                    "d\t1\t#MeToo\t\t0.25\t1-0\t1\t\n")
    csv_text = dumps(ParallelCorpus(rows, "ja", "en"), "csv")
    assert csv_text.split("\n")[0] == "doc_id,bead_id,src_text,tgt_text,score,type,src_ids,tgt_ids"
    assert '0.5,1-2,0,"0,1"' in csv_text  # the comma in the ids is quoted


def test_sidecar_has_the_languages_and_provenance_and_tables_have_no_comments(tmp_path):
    for fmt in ("tsv", "csv", "beads"):
        path = tmp_path / f"out.{fmt}"
        export(make_alignment(), path, doc_id="esuj")
        assert not path.read_text(encoding="utf-8").startswith("#")
        meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        assert sidecar_path(path).name == f"out.{fmt}.meta.json"
        assert meta["format"] == f"bialign-{fmt}" and (meta["src_lang"], meta["tgt_lang"]) == ("ja", "en")
        assert meta["provenance"].startswith("bialign=0.1.0|encoder=use-cmlm-multilingual")
        assert meta["rows"] == 4
    for fmt in ("tmx", "jsonl"):  # these carry the provenance inside
        export(make_alignment(), tmp_path / f"out.{fmt}")
        assert not sidecar_path(tmp_path / f"out.{fmt}").exists()


def test_tsv_without_its_sidecar_names_the_sidecar_or_takes_the_languages(tmp_path):
    path = tmp_path / "out.tsv"
    export(make_alignment(), path)
    sidecar_path(path).unlink()
    with pytest.raises(ValueError, match=r"out.tsv.meta.json.*src_lang= and tgt_lang="):
        read_corpus(path)
    corpus = read_corpus(path, src_lang="ja", tgt_lang="en")
    assert corpus.rows == corpus_from_alignment(make_alignment()).rows and corpus.provenance == ""


def test_first_version_tsv_with_comment_lines_is_still_read():
    text = ("# bialign-tsv version=1 src_lang=ja tgt_lang=en excel_safe=no\n# provenance: p=1\n"
            "doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\n"
            "d\t0\ta\\tb\tline\\n2\t0.5\t1-1\t0\t0\n")
    assert loads(text, "tsv") == ParallelCorpus((CorpusRow("d", 0, "a\tb", "line\n2", 0.5, (0,), (0,)),),
                                                "ja", "en", "p=1")


def test_files_are_utf8_without_bom(tmp_path):
    for fmt in READABLE:
        path = tmp_path / f"x.{fmt}"
        export(make_alignment(), path)
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert "戦略".encode() in data


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+81 3", "-5円", "@cmd", "'quoted"])
def test_excel_safe_guards_formula_starts_and_still_round_trips(cell):
    corpus = ParallelCorpus((CorpusRow(cell, 0, cell, "plain " + cell, 1.0, (0,), (0,)),), "ja", "en")
    text = dumps(corpus, "tsv", excel_safe=True)
    data_row = text.split("\n")[1].split("\t")
    assert data_row[0] == "'" + cell and data_row[2] == "'" + cell
    assert data_row[3] == "plain " + cell  # only the start of a cell matters
    assert loads(text, "tsv", meta=table_meta(corpus, excel_safe=True)) == corpus
    assert dumps(corpus, "tsv").split("\n")[1].split("\t")[2] == cell  # off by default


def test_tmx_is_valid_tmx_14b():
    root = ET.fromstring(dumps(make_alignment(), "tmx").encode())
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr, value in [("creationtool", "bialign"), ("srclang", "ja"), ("segtype", "sentence"),
                        ("datatype", "plaintext")]:
        assert header.get(attr) == value
    for attr in ("creationtoolversion", "o-tmf", "adminlang"):
        assert header.get(attr)
    tus = root.find("body").findall("tu")
    assert len(tus) == 4
    props = {p.get("type"): p.text for p in tus[1].findall("prop")}
    assert props["x-bialign-score"] == "0.71" and props["x-bialign-tgt-ids"] == "1,2"
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tus[1].findall("tuv")]
    assert langs == ["ja", "en"]


def test_tmx_loads_in_translate_toolkit(tmp_path):
    from translate.storage import tmx

    path = tmp_path / "a.tmx"
    export(make_alignment(), path, doc_id="esuj")
    units = tmx.tmxfile.parsefile(str(path)).units
    assert [(u.source, u.target) for u in units][:2] == [
        ("戦略と戦術。", "Strategy and tactics."),
        ("戦略は長期的な計画である。", "Strategy is a long-term plan. It looks far ahead."),
    ]


def test_tmx_escapes_xml_illegal_characters_as_placeholders_or_rejects_them():
    corpus = ParallelCorpus((CorpusRow("d", 0, "bell\x07 and \x1b[0m", "ok", 0.5, (0,), (0,)),), "ja", "en")
    text = dumps(corpus, "tmx")
    assert '<ph type="x-bialign-char">U+0007</ph>' in text
    assert loads(text, "tmx") == corpus
    with pytest.raises(ValueError, match=r"row 0 .*source contains U\+0007 .*XML 1.0"):
        dumps(corpus, "tmx", xml_illegal="reject")


def test_jsonl_follows_the_hugging_face_translation_convention():
    line = dumps(make_alignment(), "jsonl").splitlines()[1]
    record = json.loads(line)
    assert record["translation"] == {"ja": "戦略は長期的な計画である。",
                                     "en": "Strategy is a long-term plan. It looks far ahead."}
    assert record["src_ids"] == [1] and record["tgt_ids"] == [1, 2] and record["type"] == "1-2"
    assert record["provenance"].startswith("bialign=")


def test_jsonl_escapes_unicode_line_separators():
    corpus = ParallelCorpus((CorpusRow("d", 0, "a\u2028b\u0085", "c\u2029", 0.5, (0,), (0,)),), "ja", "en")
    text = dumps(corpus, "jsonl")
    assert len(text.splitlines()) == 1  # str.splitlines treats U+2028/2029/0085 as line ends
    assert loads(text, "jsonl") == corpus


def test_jsonl_refuses_the_same_language_on_both_sides():
    corpus = ParallelCorpus((CorpusRow("d", 0, "a", "b", 0.5, (0,), (0,)),), "en", "en")
    with pytest.raises(ValueError, match="must differ"):
        dumps(corpus, "jsonl")


@pytest.mark.parametrize("score", [float("nan"), float("inf")])
def test_non_finite_scores_are_refused(score):
    corpus = ParallelCorpus((CorpusRow("d", 0, "a", "b", score, (0,), (0,)),), "ja", "en")
    with pytest.raises(ValueError, match="finite"):
        dumps(corpus, "tsv")


def test_lone_surrogates_are_refused_with_the_row():
    corpus = ParallelCorpus((CorpusRow("d", 3, "bad \udcff", "b", 0.5, (0,), (0,)),), "ja", "en")
    with pytest.raises(ValueError, match=r"bead 3.*surrogate U\+DCFF"):
        dumps(corpus, "jsonl")


def test_format_from_path_refuses_an_unknown_extension_with_the_list(tmp_path):
    assert format_from_path("a/b.TMX") == "tmx"
    assert format_from_path("a.jsonl") == "jsonl"
    assert format_from_path("a.csv") == "csv" and format_from_path("a.xlsx") == "xlsx"
    assert format_from_path("a.txt", default="tsv") == "tsv"
    for name in ("out.txt", "out.xls", "out"):
        with pytest.raises(ValueError, match=r"\.tsv \.csv \.tmx \.jsonl \.xlsx \.beads.*--format"):
            export(make_alignment(), tmp_path / name)
    assert os.listdir(tmp_path) == []
    export(make_alignment(), tmp_path / "out.txt", "tsv")  # a format given explicitly is taken
    assert read_corpus(tmp_path / "out.txt", "tsv").rows


# --------------------------------------------------------------------------- readers


@pytest.mark.parametrize(
    "fmt, text, message",
    [
        ("tsv", "doc_id\tbead_id\n", "languages are not known.*meta.json"),
        ("tsv", "# bialign-tsv version=1 src_lang=ja tgt_lang=en excel_safe=no\nwrong\n", "header row"),
        ("tsv", "# bialign-tsv version=1 src_lang=ja tgt_lang=en excel_safe=no\n"
                "doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\nd\t0\ta\n", ":3: expected 8"),
        ("tsv", "# bialign-tsv version=1 src_lang=ja tgt_lang=en excel_safe=no\n"
                "doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\n"
                "d\t0\ta\\x\tb\t0.5\t1-1\t0\t0\n", r"unknown escape '\\\\x'"),
        ("tsv", "# bialign-tsv version=1 src_lang=ja tgt_lang=en excel_safe=no\n"
                "doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\n"
                "d\t0\ta\tb\t0.5\t2-1\t0\t0\n", "does not match"),
        ("tmx", "<tmx><header", "not well-formed XML"),
        ("tmx", "<html/>", "not a TMX file"),
        ("jsonl", '{"text": "a"}\n', "'translation' field"),
        ("jsonl", "\n", "no records"),
    ],
    ids=["tsv-no-sidecar", "tsv-no-header", "tsv-short-row", "tsv-bad-escape", "tsv-type-mismatch",
         "tmx-broken", "tmx-not-tmx", "jsonl-no-translation", "jsonl-empty"],
)
def test_readers_name_the_problem(fmt, text, message):
    with pytest.raises(ValueError, match=message):
        loads(text, fmt, name="in.x")


@pytest.mark.parametrize(
    "text, message",
    [
        ("doc_id\tbead_id\n", "header row"),
        ("doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\nd\t0\ta\n", ":2: expected 8 cells"),
        ("doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\nd\t0\t\"a\tb\t0.5\n", "never closed"),
        ("doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\nd\t0\t\"a\"x\tb\t0.5\t1-1\t0\t0\n",
         "must be doubled"),
        ("doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\nd\tx\ta\tb\t0.5\t1-1\t0\t0\n",
         r"in\.tsv:2: bead_id 'x' is not a whole number"),
    ],
    ids=["no-header", "short-row", "open-quote", "stray-quote", "bad-bead-id"],
)
def test_tsv_v2_reader_names_the_problem(text, message):
    with pytest.raises(ValueError, match=message):
        loads(text, "tsv", name="in.tsv", meta={"src_lang": "ja", "tgt_lang": "en"})


@pytest.mark.parametrize("fmt", TABLES)
def test_table_reader_accepts_crlf_line_ends(fmt):
    corpus = corpus_from_alignment(make_alignment())
    assert loads(dumps(corpus, fmt).replace("\n", "\r\n"), fmt, meta=table_meta(corpus, fmt)) == corpus


# --------------------------------------------------------------------------- atomic writes


def test_existing_output_is_refused_unless_overwrite(tmp_path):
    path = tmp_path / "out.tsv"
    path.write_text("keep me")
    with pytest.raises(FileExistsError, match="already exists.*--force"):
        export(make_alignment(), path)
    assert path.read_text() == "keep me"
    export(make_alignment(), path, overwrite=True)
    assert read_corpus(path).rows


def test_missing_output_directory_is_an_error_not_created(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        export(make_alignment(), tmp_path / "nope" / "out.tsv")
    assert not (tmp_path / "nope").exists()


def test_output_that_is_a_directory_is_an_error(tmp_path):
    with pytest.raises(IsADirectoryError):
        export(make_alignment(), tmp_path)


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_failure_mid_write_leaves_the_old_file_and_no_temporary(tmp_path, exc):
    path = tmp_path / "out.tsv"
    path.write_text("old")
    with pytest.raises(exc):
        with atomic_writer(path, overwrite=True) as fh:
            fh.write("half of a new file")
            raise exc()
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.tsv"]


def test_error_found_while_writing_leaves_no_output(tmp_path):
    rows = (CorpusRow("d", 0, "ok", "ok", 0.5, (0,), (0,)), CorpusRow("d", 1, "\x00", "b", 0.5, (1,), (1,)))
    with pytest.raises(ValueError, match="U\\+0000"):
        write_corpus(ParallelCorpus(rows, "ja", "en"), tmp_path / "o.tmx", xml_illegal="reject")
    assert os.listdir(tmp_path) == []


def test_new_file_gets_ordinary_permissions(tmp_path):
    path = tmp_path / "o.tsv"
    export(make_alignment(), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_exports_are_byte_identical_across_runs(tmp_path):
    for fmt in READABLE:
        export(make_alignment(), tmp_path / f"a.{fmt}")
        export(make_alignment(), tmp_path / f"b.{fmt}")
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()


# --------------------------------------------------------------------------- properties

# Text with the characters that break naive exporters, mixed with arbitrary Unicode
# (hypothesis never generates lone surrogates for st.text()).
tricky = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\t\n\r\\\"'<>&=+-@#;,\x00\x07\x1b\x7f\x85\u2028\u2029\ufeff\ufffe\uffff"
                             " 　。「」猫がいるA\\t\\n")),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=40,
)
ids = st.lists(st.integers(0, 10_000), max_size=3).map(lambda xs: tuple(sorted(xs)))
rows = st.builds(
    CorpusRow,
    doc_id=tricky,
    bead_id=st.integers(0, 10**9),
    src_text=tricky,
    tgt_text=tricky,
    score=st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    src_ids=ids,
    tgt_ids=ids,
)
corpora = st.builds(ParallelCorpus, rows=st.lists(rows, max_size=6).map(tuple), src_lang=st.just("ja"),
                    tgt_lang=st.just("en"), provenance=tricky)


@pytest.mark.parametrize("fmt", READABLE)
@settings(max_examples=150, deadline=None)
@given(corpus=corpora, excel_safe=st.booleans())
def test_export_then_read_gives_the_same_rows(fmt, corpus, excel_safe):
    if fmt == "jsonl" and not corpus.rows:
        return  # an empty JSONL file has no languages to read back; see test below
    text = dumps(corpus, fmt, excel_safe=excel_safe)
    meta = table_meta(corpus, fmt, excel_safe=excel_safe) if fmt in TABLES else None
    assert loads(text.encode("utf-8"), fmt, meta=meta) == corpus


@pytest.mark.parametrize("fmt", TABLES)
@settings(max_examples=150, deadline=None)
@given(corpus=corpora)
def test_the_csv_module_reads_tables_back_exactly(fmt, corpus):
    import csv
    import io

    reader = csv.reader(io.StringIO(dumps(corpus, fmt), newline=""), delimiter="\t" if fmt == "tsv" else ",")
    header, *cells = list(reader)
    assert header == ["doc_id", "bead_id", "src_text", "tgt_text", "score", "type", "src_ids", "tgt_ids"]
    assert [(c[0], int(c[1]), c[2], c[3], float(c[4])) for c in cells] == [
        (r.doc_id, r.bead_id, r.src_text, r.tgt_text, r.score) for r in corpus.rows]


def test_empty_jsonl_cannot_be_read_back_and_says_so():
    assert dumps(ParallelCorpus((), "ja", "en"), "jsonl") == ""
    with pytest.raises(ValueError, match="no records"):
        loads("", "jsonl")


# --------------------------------------------------------------------------- what users open files with

# Rows of the kinds that broke the first TSV in pandas and csv: a '#' inside a text, quotes
# around and inside texts, a tab, a line break, CRLF, the empty side of a 1-0 bead, a formula.
AWKWARD = ParallelCorpus((
    CorpusRow("esuj.txt", 0, "「#MeToo」運動は広がった。", '"#MeToo" spread.', 0.97, (0,), (0,)),
    CorpusRow("esuj.txt", 1, "彼は「呉越同舟」と言った。", 'He said "strange bedfellows", then left.', 0.88, (1,), (1,)),
    CorpusRow("esuj.txt", 2, "表\tの中", "a table\ncell\r\nwith CRLF", 0.61, (2,), (2, 3)),
    CorpusRow("esuj.txt", 3, "訳されていない。", "", 0.12, (3,), ()),
    CorpusRow("esuj.txt", 4, "", "=SUM(A1) is not a formula", 0.05, (), (4,)),
    CorpusRow("esuj.txt", 5, '"', "'", 0.5, (4,), (5,)),
), "ja", "en", "bialign=0.1.0|encoder=x")


@pytest.mark.parametrize("fmt, sep", [("tsv", "\t"), ("csv", ",")])
def test_pandas_reads_the_table_exactly_with_the_readme_recipe(tmp_path, fmt, sep):
    pd = pytest.importorskip("pandas")
    path = tmp_path / f"out.{fmt}"
    write_corpus(AWKWARD, path)
    df = pd.read_csv(path, sep=sep, keep_default_na=False, dtype={"doc_id": str, "src_ids": str, "tgt_ids": str})
    assert list(df.columns) == ["doc_id", "bead_id", "src_text", "tgt_text", "score", "type", "src_ids", "tgt_ids"]
    assert df["src_text"].tolist() == [r.src_text for r in AWKWARD.rows]
    assert df["tgt_text"].tolist() == [r.tgt_text for r in AWKWARD.rows]
    assert df["score"].tolist() == [r.score for r in AWKWARD.rows]
    assert df["bead_id"].tolist() == list(range(6)) and df["tgt_ids"].tolist()[2] == "2,3"
    # sep alone: every text is exact; only the empty cells come back as NaN
    plain = pd.read_csv(path, sep=sep)
    for column in ("src_text", "tgt_text"):
        expected = [getattr(r, column) for r in AWKWARD.rows]
        got = plain[column].tolist()
        assert [g for g, e in zip(got, expected) if e] == [e for e in expected if e]
        assert all(pd.isna(g) for g, e in zip(got, expected) if not e)


@pytest.mark.parametrize("fmt, sep", [("tsv", "\t"), ("csv", ",")])
def test_csv_dictreader_reads_the_table_exactly(tmp_path, fmt, sep):
    import csv

    path = tmp_path / f"out.{fmt}"
    write_corpus(AWKWARD, path)
    with open(path, encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh, delimiter=sep))
    assert [(r["src_text"], r["tgt_text"], float(r["score"]), r["type"]) for r in records] == [
        (r.src_text, r.tgt_text, r.score, r.type) for r in AWKWARD.rows]
    assert read_corpus(path) == AWKWARD


def test_xlsx_opens_in_openpyxl_with_frozen_header_numbers_shading_and_provenance(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "out.xlsx"
    write_corpus(AWKWARD, path)
    assert not sidecar_path(path).exists()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["beads", "provenance"]
    sheet = book["beads"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["doc_id", "bead_id", "src_text", "tgt_text", "score", "type", "src_ids",
                                           "tgt_ids"]
    assert sheet.max_row == 1 + len(AWKWARD.rows)
    assert [sheet.cell(row=r, column=4).value or "" for r in range(2, 8)] == [r.tgt_text for r in AWKWARD.rows]
    assert isinstance(sheet["E2"].value, float) and sheet["E2"].value == 0.97
    formula = sheet["D6"]
    assert formula.value == "=SUM(A1) is not a formula" and formula.data_type == "s"
    shaded = [sheet.cell(row=r, column=3).fill.fill_type == "solid" for r in range(2, 8)]
    assert shaded == [r.score < 0.5 for r in AWKWARD.rows]
    info = {k: v for k, v in book["provenance"].iter_rows(values_only=True)}
    assert info["src_lang"] == "ja" and info["tgt_lang"] == "en" and info["provenance"] == AWKWARD.provenance
    assert read_corpus(path) == AWKWARD


def test_xlsx_refuses_characters_a_workbook_cannot_hold(tmp_path):
    pytest.importorskip("openpyxl")
    corpus = ParallelCorpus((CorpusRow("d", 7, "bell\x07", "b", 0.5, (0,), (0,)),), "ja", "en")
    with pytest.raises(ValueError, match=r"bead 7\).*U\+0007.*xlsx.*\.tsv"):
        write_corpus(corpus, tmp_path / "o.xlsx")
    assert os.listdir(tmp_path) == []


def test_drop_null_leaves_out_one_sided_beads_in_every_text_format(tmp_path):
    from bialign.formats import drop_null

    kept, dropped = drop_null(corpus_from_alignment(make_alignment()))
    assert dropped == 2 and [r.type for r in kept.rows] == ["1-1", "1-2"]
    for fmt in ("tsv", "csv", "tmx", "jsonl"):
        export(make_alignment(), tmp_path / f"o.{fmt}", drop_null=True)
        rows = read_corpus(tmp_path / f"o.{fmt}").rows
        assert [r.type for r in rows] == ["1-1", "1-2"] and all(r.src_text and r.tgt_text for r in rows)
    with pytest.raises(ValueError, match="bead format"):
        export(make_alignment(), tmp_path / "o.beads", drop_null=True)


def _vecalign_read_alignments(path):
    """What Vecalign's and SentAlign's readers (``read_alignments`` in Vecalign's dp_utils.py and in
    SentAlign's evaluation/evaluate.py, the same logic) do with a bead file: each line is split on
    ':', empty parts dropped, and the first two parts parsed as Python literals; a line that does
    not parse stops them."""
    import ast

    alignments = []
    with open(path, encoding="utf-8") as fin:
        for line in fin:
            fields = [part.strip() for part in line.split(":") if part.strip()]
            alignments.append((ast.literal_eval(fields[0]), ast.literal_eval(fields[1])))
    return alignments


def test_bead_file_has_no_comment_line_so_vecalign_and_sentalign_read_it(tmp_path):
    path = tmp_path / "o.beads"
    export(make_alignment(), path)
    assert _vecalign_read_alignments(path) == [([0], [0]), ([1], [1, 2]), ([2], []), ([], [3])]
    assert json.loads(sidecar_path(path).read_text())["provenance"].startswith("bialign=")
    export(make_alignment(), tmp_path / "c.beads", beads_comment=True)
    assert (tmp_path / "c.beads").read_text().startswith("# provenance: bialign=")
    with pytest.raises(SyntaxError):
        _vecalign_read_alignments(tmp_path / "c.beads")


def test_an_existing_sidecar_is_refused_unless_overwrite(tmp_path):
    path = tmp_path / "o.tsv"
    sidecar_path(path).write_text("mine")
    with pytest.raises(FileExistsError, match="o.tsv.meta.json already exists"):
        export(make_alignment(), path)
    assert not path.exists() and sidecar_path(path).read_text() == "mine"
    export(make_alignment(), path, overwrite=True)
    assert read_corpus(path).rows


def test_xlsx_without_openpyxl_names_the_extra(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    with pytest.raises(ValueError, match=r'needs openpyxl: pip install "bialign\[xlsx\]"'):
        write_corpus(AWKWARD, tmp_path / "o.xlsx")
    assert os.listdir(tmp_path) == []
