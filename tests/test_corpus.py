"""The corpus runner from Python: streamed outputs, resume, the lock, parallel workers, Ray.

The aligners are the stand-ins of ``corpus_fakes`` (real segmentation, sentences paired in
order), picklable so that worker processes and Ray actors build them themselves.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from bialign import cli
from bialign.corpus import CorpusRunner, DocumentPair, Filters, pairs_from_dirs
from bialign.corpus_outputs import OutputLock, read_parquet_corpus
from bialign.formats import read_corpus

sys.path.insert(0, str(Path(__file__).parent))
from corpus_fakes import FailingAligner, PairingAligner  # noqa: E402


@pytest.fixture
def dirs(tmp_path):
    src, tgt = tmp_path / "ja", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    for i in range(6):
        extra = "三文目はここ。" if i % 2 else ""
        (src / f"doc{i}.txt").write_text(f"文書{i}の一文目。二文目。{extra}\n", encoding="utf-8")
        (tgt / f"doc{i}.txt").write_text(f"Document {i}, first. Second.\n", encoding="utf-8")
    return src, tgt


def run(dirs, out, **options):
    pairs, problems = pairs_from_dirs(*dirs)
    format = options.pop("format", None)
    return CorpusRunner(aligner=options.pop("aligner", PairingAligner()), **options).run(
        pairs, out, format=format, problems=problems)


def outputs(out: Path) -> dict[str, bytes]:
    """The bytes of every file of an output, the index and shards included, by name."""
    if out.is_dir():
        return {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    return {p.name: p.read_bytes() for p in sorted(out.parent.glob(out.name + "*"))}


@pytest.mark.parametrize("fmt,name", [("tsv", "c.tsv"), ("tmx", "c.tmx"), ("parquet", "c.parquet"),
                                      ("parquet", "shards"), ("moses", "c")],
                         ids=["tsv", "tmx", "parquet-file", "parquet-shards", "moses"])
def test_two_worker_processes_write_the_same_bytes_as_one(dirs, tmp_path, fmt, name):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    s1 = run(dirs, one / name, jobs=1, format=fmt, shard_rows=4)
    s2 = run(dirs, two / name, jobs=2, format=fmt, shard_rows=4)
    assert (s1.aligned, s2.aligned, s1.rows_written) == (6, 6, 15)
    assert outputs(one / name) == outputs(two / name)
    assert len(outputs(one / name)) >= 2  # the data and its index


def test_parquet_is_read_by_pandas_and_matches_the_tsv(dirs, tmp_path):
    pd = pytest.importorskip("pandas")
    run(dirs, tmp_path / "c.tsv", jobs=1)
    run(dirs, tmp_path / "c.parquet", jobs=1)
    run(dirs, tmp_path / "shards", jobs=1, format="parquet", shard_rows=4)
    tsv = read_corpus(tmp_path / "c.tsv")
    for parquet in (tmp_path / "c.parquet", tmp_path / "shards"):
        assert read_parquet_corpus(parquet) == tsv
    frame = pd.read_parquet(tmp_path / "c.parquet")
    assert list(frame.columns) == ["doc_id", "bead_id", "src_text", "tgt_text", "score", "type", "src_ids", "tgt_ids"]
    assert frame.iloc[0].tolist()[:6] == ["doc0.txt", 0, "文書0の一文目。", "Document 0, first.", 0.9, "1-1"]
    assert len(pd.read_parquet(tmp_path / "shards")) == len(tsv.rows)  # the hidden index is not a shard
    assert len(list((tmp_path / "shards").glob("part-*.parquet"))) > 1


def test_parquet_shards_load_with_datasets(dirs, tmp_path):
    datasets = pytest.importorskip("datasets")
    run(dirs, tmp_path / "shards", jobs=1, format="parquet", shard_rows=4)
    ds = datasets.load_dataset("parquet", data_dir=str(tmp_path / "shards"), split="train")
    assert ds.num_rows == 15 and ds[0]["src_text"] == "文書0の一文目。"


def test_moses_files_are_one_segment_a_line(dirs, tmp_path):
    run(dirs, tmp_path / "c", format="moses", jobs=1)
    ja = (tmp_path / "c.ja").read_text(encoding="utf-8").split("\n")
    en = (tmp_path / "c.en").read_text(encoding="utf-8").split("\n")
    ids = (tmp_path / "c.ids").read_text(encoding="utf-8").split("\n")
    assert len(ja) == len(en) == len(ids) == 16  # 15 rows and the final empty string
    assert (ja[2], en[2], ids[2]) == ("文書1の一文目。", "Document 1, first.", "doc1.txt\t0\t0.9\t1-1\t0\t0")
    assert (ja[4], en[4], ids[4]) == ("三文目はここ。", "", "doc1.txt\t2\t0.0\t1-0\t2\t")


def test_filters_leave_out_rows_and_count_them(dirs, tmp_path):
    summary = run(dirs, tmp_path / "c.tsv", jobs=1, filters=Filters(min_score=0.85, drop_null=True))
    rows = read_corpus(tmp_path / "c.tsv").rows
    assert {r.bead_id for r in rows} == {0} and len(rows) == 6
    assert summary.left_out == {"null": 3, "min_score": 6}
    assert "9 bead(s) left out: 6 below the minimum score, 3 with an empty side" in summary.text()

    ratio = Filters(max_length_ratio=3)  # 8 characters against 18 is kept, against 56 is not
    (dirs[1] / "doc0.txt").write_text("Document 0, first, and then a very long sentence indeed. Second.\n",
                                      encoding="utf-8")
    summary = run(dirs, tmp_path / "r.tsv", jobs=1, filters=ratio)
    assert summary.left_out == {"length_ratio": 1}
    assert ratio.reason(read_corpus(tmp_path / "r.tsv").rows[0]) is None


def test_resume_with_other_filters_is_refused(dirs, tmp_path):
    out = tmp_path / "c.tsv"
    run(dirs, out, jobs=1, filters=Filters(min_score=0.5))
    before = out.read_bytes()
    with pytest.raises(ValueError, match=r"other filters \(min_score=0.5\) than this run \(none\)"):
        run(dirs, out, jobs=1)
    assert out.read_bytes() == before


def test_resume_removes_a_half_written_document_and_says_so(dirs, tmp_path, caplog):
    reference, out = tmp_path / "reference.tsv", tmp_path / "c.tsv"
    run(dirs, reference, jobs=1)
    src, tgt = dirs
    for name in ("doc4.txt", "doc5.txt"):
        (src / name).rename(tmp_path / f"ja-{name}")
    run(dirs, out, jobs=1)
    with open(out, "ab") as fh:  # a killed run: half a row of doc4 after the last indexed unit
        fh.write("doc4.txt\t0\t文書4".encode())
    with open(str(out) + ".bialign-index", "ab") as fh:  # and half an index line
        fh.write(b'["doc4.txt", 2')
    for name in ("doc4.txt", "doc5.txt"):
        (tmp_path / f"ja-{name}").rename(src / name)
    summary = run(dirs, out, jobs=1)
    assert (summary.aligned, summary.skipped) == (2, 4)
    assert out.read_bytes() == reference.read_bytes()
    assert "removed 18 bytes after the last finished document" in caplog.text
    assert "unfinished last line" in caplog.text


def test_resume_of_parquet_shards_cleans_what_a_killed_run_left(dirs, tmp_path, caplog):
    reference, out = tmp_path / "reference", tmp_path / "shards"
    run(dirs, reference, jobs=1, format="parquet", shard_rows=4)
    src = dirs[0]
    (src / "doc5.txt").rename(tmp_path / "doc5.txt")
    run(dirs, out, jobs=1, format="parquet", shard_rows=4)
    shards = sorted(out.glob("part-*.parquet"))
    # A killed run: a temporary shard never renamed, and a shard renamed but not yet in the index.
    (out / ".part-00009.parquet.tmp-4242").write_bytes(b"half a shard")
    index = out / ".bialign-index"
    lines = index.read_bytes().splitlines(keepends=True)
    last_shard = json.loads(lines[-1])[3]
    index.write_bytes(lines[0] + b"".join(line for line in lines[1:] if json.loads(line)[3] != last_shard))
    (tmp_path / "doc5.txt").rename(src / "doc5.txt")
    summary = run(dirs, out, jobs=1, format="parquet", shard_rows=4)
    assert summary.skipped == 6 - summary.aligned
    assert "a temporary shard of a killed run" in caplog.text and f"removed {out / last_shard}" in caplog.text
    assert not list(out.glob(".part-*"))
    assert read_parquet_corpus(out) == read_parquet_corpus(reference)
    assert len(shards) >= 2


def test_resume_of_a_finished_run_reads_only_the_index(dirs, tmp_path, monkeypatch):
    out = tmp_path / "c.tsv"
    run(dirs, out, jobs=1)
    before = out.read_bytes()

    def no_reading(*_a, **_k):
        raise AssertionError("the output was read")

    monkeypatch.setattr("bialign.formats.read_corpus", no_reading)
    summary = run(dirs, out, jobs=1)
    assert (summary.aligned, summary.skipped, summary.rows_total) == (0, 6, 15)
    assert out.read_bytes() == before


def test_a_second_run_on_the_same_output_is_refused(dirs, tmp_path, capsys):
    out = tmp_path / "c.tsv"
    with OutputLock(tmp_path / "c.tsv.lock", str(out)):
        with pytest.raises(BlockingIOError, match="being written by another bialign run"):
            run(dirs, out, jobs=1)
        code = cli.main(["corpus", *map(str, dirs), "-o", str(out), "-j", "1"])
        err = capsys.readouterr().err
    assert code == 1
    assert err == (f"bialign: error: {out} is being written by another bialign run (it holds {out}.lock); "
                   "wait for it to finish, or choose another -o\n")
    assert not out.exists()
    assert run(dirs, out, jobs=1).aligned == 6  # released, and the lock file is gone afterwards
    assert not (tmp_path / "c.tsv.lock").exists()


def test_a_file_name_that_is_not_utf8_is_one_failed_pair(dirs, tmp_path):
    src, tgt = dirs
    bad = os.fsdecode(b"caf\xe9.txt")
    (src / bad).write_text("壊れた名前。\n", encoding="utf-8")
    (tgt / bad).write_text("A broken name.\n", encoding="utf-8")
    summary = run(dirs, tmp_path / "c.tsv", jobs=1)
    assert summary.aligned == 6
    assert len(summary.failed) == 1
    assert summary.failed[0].startswith(f"{src}/caf\\xe9.txt: the file name is not valid UTF-8")
    assert "caf" not in "".join(read_corpus(tmp_path / "c.tsv").doc_ids)
    again = run(dirs, tmp_path / "c.tsv", jobs=1)  # reported again on every run, never blocking it
    assert (again.aligned, again.skipped, len(again.failed)) == (0, 6, 1)


def test_a_failing_pair_is_reported_and_the_others_are_written(dirs, tmp_path):
    (dirs[0] / "doc2.txt").write_bytes(b"\xff\xfe\x00garbage")
    summary = run(dirs, tmp_path / "c.jsonl", jobs=2)
    assert summary.aligned == 5 and len(summary.failed) == 1 and summary.failed[0].startswith("doc2.txt: ")
    assert read_corpus(tmp_path / "c.jsonl").doc_ids == ("doc0.txt", "doc1.txt", "doc3.txt", "doc4.txt", "doc5.txt")


def test_cli_corpus_with_parquet_filters_and_jobs(dirs, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys.modules["bialign.align"], "Aligner", _PairingFromOptions)
    out = tmp_path / "c.parquet"
    code = cli.main(["corpus", *map(str, dirs), "-o", str(out), "-j", "1", "--drop-null", "--min-score", "0.75"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err == (f"bialign: 6 pair(s) aligned, 0 already done, 0 failed (3 bead(s) left out: 3 with an empty "
                   f"side); 12 beads in {out}\n")
    assert [r.bead_id for r in read_parquet_corpus(out).rows] == [0, 1] * 6


class _PairingFromOptions:
    def __init__(self, *, encoder=None, **options):
        pass

    def align(self, src, tgt, *, src_lang="ja", tgt_lang="en"):
        return PairingAligner().align(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)


def test_ray_cluster_writes_the_same_bytes_and_survives_a_killed_worker(dirs, tmp_path, monkeypatch):
    """A real local Ray cluster of 2 workers; one worker dies in the middle of a document (as under the
    OOM killer): Ray restarts it and retries the task, and the output is that of ``jobs=1``."""
    pytest.importorskip("ray")
    src, tgt = dirs
    for i in range(6, 16):
        (src / f"doc{i:02d}.txt").write_text(f"文書{i}の文。\n", encoding="utf-8")
        (tgt / f"doc{i:02d}.txt").write_text(f"Document {i}.\n", encoding="utf-8")
    (src / "doc09.txt").write_text("文書9は落ちる。\n", encoding="utf-8")
    reference, out = tmp_path / "reference.tsv", tmp_path / "ray.tsv"
    run(dirs, reference, jobs=1)
    # the actors import the stand-in aligner from the tests directory
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    marker = tmp_path / "killed"
    summary = run(dirs, out, jobs=2, ray=True, aligner=FailingAligner("落ちる", str(marker), delay=0.05))
    assert marker.exists(), "the worker was never killed: the test tests nothing"
    assert int(marker.read_text()) != os.getpid()
    assert (summary.aligned, summary.failed) == (16, ())
    assert out.read_bytes() == reference.read_bytes()


def test_runner_rejects_bad_settings(tmp_path):
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        CorpusRunner(jobs=0)
    with pytest.raises(ValueError, match="min_score must be between 0 and 1"):
        Filters(min_score=1.5)
    pair = DocumentPair("a", tmp_path / "a", tmp_path / "b")
    with pytest.raises(ValueError, match="doc id 'a' is given twice"):
        CorpusRunner(jobs=1).run([pair, pair], tmp_path / "c.tsv")
    with pytest.raises(ValueError, match="unknown corpus format 'xml'"):
        CorpusRunner(jobs=1).run([pair], tmp_path / "c.tsv", format="xml")  # type: ignore[arg-type]
