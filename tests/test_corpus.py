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
from corpus_fakes import FailingAligner, KillingAligner, PairingAligner  # noqa: E402


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
    assert frame.iloc[0].tolist()[:6] == ["doc0", 0, "文書0の一文目。", "Document 0, first.", 0.9, "1-1"]
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
    assert (ja[2], en[2], ids[2]) == ("文書1の一文目。", "Document 1, first.", "doc1\t0\t0.9\t1-1\t0\t0")
    assert (ja[4], en[4], ids[4]) == ("三文目はここ。", "", "doc1\t2\t0.0\t1-0\t2\t")


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


@pytest.mark.parametrize("ext", ["tsv", "csv"])
@pytest.mark.parametrize("first,then", [(True, False), (False, True)], ids=["with-then-without", "without-then-with"])
def test_resume_with_another_excel_safe_is_refused_before_writing(dirs, tmp_path, ext, first, then):
    """excel_safe changes TSV/CSV cells (a leading ' before =+-@) and the sidecar says which applies to the
    whole file: rows of both kinds in one output could not be read back."""
    pairs, _ = pairs_from_dirs(*dirs)
    out = tmp_path / f"c.{ext}"
    CorpusRunner(aligner=PairingAligner(), jobs=1, excel_safe=first).run(pairs[:3], out)
    before = outputs(out)
    had = "with" if first else "without"
    with pytest.raises(ValueError, match=rf"written {had} excel_safe \(CLI: --excel-safe\).*run again {had} it"):
        CorpusRunner(aligner=PairingAligner(), jobs=1, excel_safe=then).run(pairs, out)
    assert outputs(out) == before
    summary = CorpusRunner(aligner=PairingAligner(), jobs=1, excel_safe=first).run(pairs, out)
    assert (summary.skipped, summary.aligned) == (3, 3)


def test_excel_safe_does_not_stop_a_resume_of_a_format_it_does_not_change(dirs, tmp_path):
    pairs, _ = pairs_from_dirs(*dirs)
    out = tmp_path / "c.jsonl"
    CorpusRunner(aligner=PairingAligner(), jobs=1, excel_safe=True).run(pairs[:3], out)
    assert CorpusRunner(aligner=PairingAligner(), jobs=1).run(pairs, out).aligned == 3


def test_cli_resume_with_another_excel_safe_names_the_option(dirs, tmp_path, capsys):
    out = tmp_path / "c.tsv"
    assert cli.main(["corpus", *map(str, dirs), "-o", str(out), "-j", "1", "-q", "--excel-safe"]) == 0
    (dirs[0] / "doc9.txt").write_text("新しい文書。\n", encoding="utf-8")
    (dirs[1] / "doc9.txt").write_text("A new document.\n", encoding="utf-8")
    assert cli.main(["corpus", *map(str, dirs), "-o", str(out), "-j", "1", "-q"]) == 1
    err = capsys.readouterr().err
    assert "written with excel_safe (CLI: --excel-safe)" in err and "--force" in err


def test_resume_removes_a_half_written_document_and_says_so(dirs, tmp_path, caplog):
    reference, out = tmp_path / "reference.tsv", tmp_path / "c.tsv"
    run(dirs, reference, jobs=1)
    src, tgt = dirs
    for name in ("doc4.txt", "doc5.txt"):
        (src / name).rename(tmp_path / f"ja-{name}")
    run(dirs, out, jobs=1)
    with open(out, "ab") as fh:  # a killed run: half a row of doc4 after the last indexed unit
        fh.write("doc4\t0\t文書4".encode())
    with open(str(out) + ".bialign-index", "ab") as fh:  # and half an index line
        fh.write(b'["doc4", 2')
    for name in ("doc4.txt", "doc5.txt"):
        (tmp_path / f"ja-{name}").rename(src / name)
    summary = run(dirs, out, jobs=1)
    assert (summary.aligned, summary.skipped) == (2, 4)
    assert out.read_bytes() == reference.read_bytes()
    assert "removed 14 bytes after the last finished document" in caplog.text
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
    assert summary.aligned == 5 and len(summary.failed) == 1 and summary.failed[0].startswith("doc2: ")
    assert read_corpus(tmp_path / "c.jsonl").doc_ids == ("doc0", "doc1", "doc3", "doc4", "doc5")


def test_cli_corpus_with_parquet_filters_and_jobs(dirs, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys.modules["bialign.aligner"], "Aligner", _PairingFromOptions)
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


def _sixteen_pairs_one_fatal(dirs, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """Sixteen pairs, doc09's text holding the word the dying aligner waits for; the output of
    ``jobs=1`` as the reference; PYTHONPATH set so that worker processes and Ray actors import
    the stand-in aligners from the tests directory. Returns (reference, marker)."""
    src, tgt = dirs
    for i in range(6, 16):
        (src / f"doc{i:02d}.txt").write_text(f"文書{i}の文。\n", encoding="utf-8")
        (tgt / f"doc{i:02d}.txt").write_text(f"Document {i}.\n", encoding="utf-8")
    (src / "doc09.txt").write_text("文書9は落ちる。\n", encoding="utf-8")
    reference = tmp_path / "reference.tsv"
    run(dirs, reference, jobs=1)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    return reference, tmp_path / "killed"


def test_local_workers_survive_a_killed_worker(dirs, tmp_path, monkeypatch, caplog):
    """``jobs=2``: a worker dies in the middle of a document (as under the OOM killer); new workers
    run the unfinished pairs again, and the output is that of ``jobs=1``, nothing lost or twice."""
    reference, marker = _sixteen_pairs_one_fatal(dirs, tmp_path, monkeypatch)
    out = tmp_path / "local.tsv"
    with caplog.at_level("WARNING", logger="bialign"):
        summary = run(dirs, out, jobs=2, aligner=FailingAligner("落ちる", str(marker), delay=0.05))
    assert marker.exists(), "the worker was never killed: the test tests nothing"
    assert int(marker.read_text()) != os.getpid()
    assert "a worker process died" in caplog.text and "restart 1 of 2" in caplog.text
    assert (summary.aligned, summary.failed) == (16, ())
    assert out.read_bytes() == reference.read_bytes()


def test_local_workers_that_keep_dying_stop_the_run_resumably(dirs, tmp_path, monkeypatch):
    src, tgt = dirs
    (src / "doc1.txt").write_text("文書1は落ちる。\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    with pytest.raises(ChildProcessError, match=r"died .* 3 times.*run the same command again"):
        run(dirs, tmp_path / "c.tsv", jobs=2, aligner=KillingAligner("落ちる"))


def test_ray_cluster_writes_the_same_bytes_and_survives_a_killed_worker(dirs, tmp_path, monkeypatch):
    """A real local Ray cluster of 2 workers; one worker dies in the middle of a document (as under the
    OOM killer): Ray restarts it and retries the task, and the output is that of ``jobs=1``."""
    pytest.importorskip("ray")
    reference, marker = _sixteen_pairs_one_fatal(dirs, tmp_path, monkeypatch)
    out = tmp_path / "ray.tsv"
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


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:  # gone meanwhile
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo.extend(children.get(pid, ()))
    return found


def _listening(pids: set[int]) -> list[tuple[str, int]]:
    """(hex local address, pid) of every listening TCP socket the processes hold (/proc/net/tcp, tcp6)."""
    inodes: dict[str, int] = {}
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:["):
                    inodes[link[8:-1]] = pid
        except OSError:
            continue
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cells = line.split()
            if cells[3] == "0A" and cells[9] in inodes:  # 0A: LISTEN
                found.append((cells[1].split(":")[0], inodes[cells[9]]))
    return found


_LOOPBACK = ("0100007F",  # 127.0.0.1
             "00000000000000000000000001000000",  # ::1
             "0000000000000000FFFF00000100007F")  # ::ffff:127.0.0.1


def test_the_local_ray_cluster_listens_on_127_0_0_1_only():
    """Every server of the private cluster (gcs_server, raylet, core workers, agents, metrics) is on
    the loopback: none on 0.0.0.0, ::, or the machine's own address."""
    ray = pytest.importorskip("ray")
    from bialign.corpus import start_local_ray

    assert not ray.is_initialized()
    restore = start_local_ray(2)
    try:
        @ray.remote
        def pid() -> int:
            return os.getpid()

        workers = set(ray.get([pid.remote() for _ in range(2)]))
        pids = _descendants(os.getpid())
        assert workers <= pids  # the workers (and so the raylet) are found
        sockets = _listening(pids)
        names = {p: Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
                 for _, p in sockets}
        assert len({p for _, p in sockets}) >= 4, sockets  # gcs_server, raylet, workers, this driver at least
        outside = [(address, names[p]) for address, p in sockets if address not in _LOOPBACK]
        assert outside == []
    finally:
        ray.shutdown()
        restore()
    assert os.environ.get("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER") is None


@pytest.mark.parametrize("ext", ["tsv", "csv"])
def test_appended_tsv_and_csv_have_one_header_and_a_sidecar_through_a_resume(dirs, tmp_path, ext):
    """The corpus runner's TSV/CSV are those of write_corpus (the header row once, OUT.meta.json), also
    after a resume appended to them: read_corpus and pandas read them, and the bytes are those of one run."""
    pd = pytest.importorskip("pandas")
    reference, out = tmp_path / f"reference.{ext}", tmp_path / f"c.{ext}"
    run(dirs, reference, jobs=1)
    (dirs[0] / "doc5.txt").rename(tmp_path / "doc5.txt")
    run(dirs, out, jobs=1)
    (tmp_path / "doc5.txt").rename(dirs[0] / "doc5.txt")
    assert run(dirs, out, jobs=1).aligned == 1
    assert out.read_bytes() == reference.read_bytes()
    header = ("\t" if ext == "tsv" else ",").join(
        ["doc_id", "bead_id", "src_text", "tgt_text", "score", "type", "src_ids", "tgt_ids"])
    assert out.read_text(encoding="utf-8").count(header) == 1
    meta = json.loads((tmp_path / f"c.{ext}.meta.json").read_text(encoding="utf-8"))
    assert (meta["format"], meta["src_lang"], meta["tgt_lang"], meta["rows"]) == (f"bialign-{ext}", "ja", "en", 15)
    corpus = read_corpus(out)
    assert corpus.doc_ids == ("doc0", "doc1", "doc2", "doc3", "doc4", "doc5") and corpus.provenance
    frame = pd.read_csv(out, sep="\t" if ext == "tsv" else ",", keep_default_na=False, dtype={"src_ids": str})
    assert frame["src_text"].tolist() == [r.src_text for r in corpus.rows]
    assert frame["src_ids"].tolist() == [",".join(map(str, r.src_ids)) for r in corpus.rows]


def test_an_old_first_version_tsv_is_rewritten_once_then_appended_to(dirs, tmp_path):
    from bialign.formats import _tsv_escape

    out = tmp_path / "c.tsv"
    (dirs[0] / "doc5.txt").rename(tmp_path / "doc5.txt")
    run(dirs, out, jobs=1)
    first = read_corpus(out)
    lines = ["# bialign-tsv version=1 src_lang=ja tgt_lang=en excel_safe=no",
             f"# provenance: {_tsv_escape(first.provenance)}", "\t".join(
                 ["doc_id", "bead_id", "src_text", "tgt_text", "score", "type", "src_ids", "tgt_ids"])]
    lines += ["\t".join([r.doc_id + ".txt", str(r.bead_id), _tsv_escape(r.src_text), _tsv_escape(r.tgt_text),
                         repr(r.score), r.type, ",".join(map(str, r.src_ids)), ",".join(map(str, r.tgt_ids))])
              for r in first.rows]
    for leftover in (out, tmp_path / "c.tsv.meta.json", tmp_path / "c.tsv.bialign-index"):
        leftover.unlink()
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")  # as bialign wrote it before TSV v2 and the index
    (tmp_path / "doc5.txt").rename(dirs[0] / "doc5.txt")
    summary = run(dirs, out, jobs=1)
    assert (summary.aligned, summary.skipped) == (1, 5)
    assert read_corpus(out).doc_ids == ("doc0.txt", "doc1.txt", "doc2.txt", "doc3.txt", "doc4.txt", "doc5")
    assert not out.read_text(encoding="utf-8").startswith("#")


def test_outputs_are_checked_by_io_safety(dirs, tmp_path):
    """A device is never written over; a symlink is written through (the link stays); an unknown
    extension is refused unless the format is given."""
    (tmp_path / "null.parquet").symlink_to("/dev/null")
    for out, fmt in (("/dev/null", "tsv"), ("/dev/null", "parquet"), (tmp_path / "null.parquet", None)):
        with pytest.raises(ValueError, match="character device"):
            run(dirs, out, jobs=1, format=fmt)
    assert Path("/dev/null").is_char_device()
    real, link = tmp_path / "real.tsv", tmp_path / "link.tsv"
    link.symlink_to(real)  # dangling: its target is created
    assert run(dirs, link, jobs=1).aligned == 6
    (dirs[1] / "doc6.txt").write_text("Document 6.\n", encoding="utf-8")
    (dirs[0] / "doc6.txt").write_text("文書6。\n", encoding="utf-8")
    assert run(dirs, link, jobs=1).aligned == 1  # resumed through the link
    assert link.is_symlink() and real.is_file() and not real.is_symlink()
    assert read_corpus(real).doc_ids == read_corpus(link).doc_ids == tuple(f"doc{i}" for i in range(7))
    with pytest.raises(ValueError, match=r"cannot tell the corpus format from '\.txt'"):
        run(dirs, tmp_path / "c.txt", jobs=1)
    assert not (tmp_path / "c.txt").exists()


def test_inputs_over_the_size_cap_fail_alone_and_a_large_manifest_is_refused(dirs, tmp_path):
    from bialign.corpus import pairs_from_manifest

    (dirs[1] / "doc3.txt").write_text("Document 3, first. " + "x" * 200 + ".\n", encoding="utf-8")
    summary = run(dirs, tmp_path / "c.jsonl", jobs=1, max_bytes=100)
    assert summary.aligned == 5 and len(summary.failed) == 1
    assert summary.failed[0].startswith("doc3: ") and "100" in summary.failed[0]
    manifest = tmp_path / "m.tsv"
    manifest.write_text("".join(f"ja/doc{i}.txt\ten/doc{i}.txt\n" for i in range(6)), encoding="utf-8")
    assert len(pairs_from_manifest(manifest)) == 6
    with pytest.raises(ValueError, match="m.tsv"):
        pairs_from_manifest(manifest, max_bytes=20)


def test_language_tags_and_per_side_encodings(dirs, tmp_path):
    src, tgt = dirs
    for i in range(6):
        (tgt / f"doc{i}.txt").write_bytes((tgt / f"doc{i}.txt").read_text(encoding="utf-8").encode("cp1252"))
    (tgt / "doc0.txt").write_bytes("Café 0, first. Second.\n".encode("cp1252"))
    out = tmp_path / "c"
    summary = run(dirs, out, jobs=1, format="moses", src_lang="ja-JP", tgt_lang="en_US", tgt_encoding="cp1252")
    assert (summary.aligned, summary.failed) == (6, ())
    assert (tmp_path / "c.ja").exists() and (tmp_path / "c.en").read_text(encoding="utf-8").startswith("Café 0")


def test_cli_corpus_writes_xlsx_and_csv_and_align_keeps_drop_null(dirs, tmp_path, capsys, monkeypatch):
    pytest.importorskip("openpyxl")
    monkeypatch.setattr(sys.modules["bialign.aligner"], "Aligner", _PairingFromOptions)
    for name in ("c.xlsx", "c.csv"):
        out = tmp_path / name
        code = cli.main(["corpus", *map(str, dirs), "-o", str(out), "-j", "1", "--drop-null"])
        assert code == 0, capsys.readouterr().err
        assert len(read_corpus(out).rows) == 12  # the three 1-0 beads left out
    parser = cli.build_parser()
    for command in (["align", "a", "b"], ["corpus", "a", "b", "-o", "c.tsv"]):
        assert parser.parse_args([*command, "--drop-null"]).drop_null is True


def test_cli_corpus_to_stdout_is_one_table_and_xlsx_is_refused(dirs, capsys, monkeypatch):
    import csv
    import io

    monkeypatch.setattr(sys.modules["bialign.aligner"], "Aligner", _PairingFromOptions)
    assert cli.main(["corpus", *map(str, dirs), "-o", "-", "--format", "csv", "-j", "1", "-q"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 15 and (rows[0]["doc_id"], rows[0]["src_text"]) == ("doc0", "文書0の一文目。")
    assert [r["doc_id"] for r in rows].count("doc1") == 3
    assert cli.main(["corpus", *map(str, dirs), "-o", "-", "--format", "xlsx", "-j", "1"]) == 1
    assert "xlsx output cannot go to stdout" in capsys.readouterr().err


def test_a_worker_encoder_uses_one_thread_and_the_parent_keeps_its_own():
    """In N worker processes, an encoder using every core each would oversubscribe the machine
    (2 workers on 2 cores ran at half the speed of one process): a worker's default encoder gets
    one thread; a PairWorker in the parent keeps the encoder's own setting (the -j 1 run sets
    one thread for its duration: the next test)."""
    from threadpoolctl import threadpool_limits

    from bialign.corpus import AlignerSpec, PairWorker, _Job
    from bialign.embed import USEEncoder

    class Spec(AlignerSpec):
        def __call__(self):
            from bialign.align import Aligner

            return Aligner(encoder=USEEncoder(threads=2))

    job = _Job(Spec(), "ja", "en", None, None, False)
    saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    try:
        with threadpool_limits(limits=None):
            assert PairWorker(job, single_thread=True).aligner.encoder.threads == 1
        assert PairWorker(job, single_thread=False).aligner.encoder.threads == 2
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class _ThreadsSeen:
    """An aligner factory whose aligner notes its encoder's thread count at each document."""

    def __init__(self, encoder, seen):
        self.encoder, self.seen = encoder, seen

    def __call__(self):
        return self

    def align(self, src, tgt, *, src_lang="ja", tgt_lang="en"):
        from corpus_fakes import pairing_alignment

        self.seen.append(self.encoder.threads)
        return pairing_alignment(src, tgt, src_lang, tgt_lang)


def test_a_jobs_1_run_aligns_with_one_encoder_thread_and_gives_the_encoder_back_its_own(tmp_path):
    """-j 1 aligns in this process with one BLAS thread, as the workers do (the same arithmetic);
    the encoder's own two threads there, on a machine shared with other work, made 200 pairs take
    177 s instead of 21. The encoder has its own count again after the run."""
    from bialign.embed import USEEncoder

    ja, en = tmp_path / "ja", tmp_path / "en"
    ja.mkdir()
    en.mkdir()
    for k in range(2):
        (ja / f"d{k}.txt").write_text("東京は晴れ。大阪は雨。\n", encoding="utf-8")
        (en / f"d{k}.txt").write_text("Tokyo is sunny. Osaka is rainy.\n", encoding="utf-8")
    encoder, seen = USEEncoder(threads=2), []
    summary = CorpusRunner(aligner=_ThreadsSeen(encoder, seen), jobs=1).run(pairs_from_dirs(ja, en)[0],
                                                                          tmp_path / "out.tsv")
    assert summary.aligned == 2 and seen == [1, 1]
    assert encoder.threads == 2


class SimulatedWorkers:
    """``workers`` workers on a virtual clock, taking tasks in the order they are handed out (as a pool's
    queue does); a task's duration is its pair's cost. Records the hand-out order and the makespan."""

    def __init__(self, workers: int, durations: dict[str, float]) -> None:
        from collections import deque

        self.free, self.durations, self.clock = workers, durations, 0.0
        self.queue: deque = deque()
        self.running: dict[int, float] = {}
        self.finished: set[int] = set()
        self.handed: list[int] = []

    def submit(self, task):
        self.handed.append(task[0])
        self.queue.append(task)
        self._start()
        return task[0]

    def _start(self):
        while self.free and self.queue:
            index, pair = self.queue.popleft()
            self.running[index] = self.clock + self.durations[pair.doc_id]
            self.free -= 1

    def done(self, handle):
        return handle in self.finished

    def wait_any(self, handles):
        assert handles and self.running
        self.clock = min(self.running.values())
        for index in [i for i, end in self.running.items() if end == self.clock]:
            del self.running[index]
            self.finished.add(index)
            self.free += 1
        self._start()


@pytest.mark.parametrize("durations,makespans", [
    ([1.0] * 10 + [10.0], (15.0, 10.0)),  # in order, the long one starts when the rest is done
    ([10.0] + [1.0] * 10, (10.0, 10.0)),
    ([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0], (17.0, 16.0)),  # 16: half the total, rounded up
], ids=["long-last", "long-first", "mixed"])
def test_the_tail_is_handed_out_longest_first_and_yielded_in_order(durations, makespans):
    from bialign.corpus import DocumentResult, _in_order

    tasks = [(i, DocumentPair(f"doc{i}", Path(f"s{i}"), Path(f"t{i}"))) for i in range(len(durations))]
    costs = {p.doc_id: d for (_, p), d in zip(tasks, durations, strict=True)}

    def schedule(cost):
        sim = SimulatedWorkers(2, costs)
        got = [r.index for r in _in_order(tasks, 2, sim.submit, sim.done, sim.wait_any,
                                          lambda task, h: DocumentResult(task[0], task[1].doc_id), cost)]
        return got, sim

    by_index, plain = schedule(None)
    by_size, balanced = schedule(lambda pair: costs[pair.doc_id])
    assert by_index == by_size == list(range(len(tasks)))  # written in task order either way
    assert plain.handed == list(range(len(tasks)))
    assert sorted(balanced.handed) == list(range(len(tasks)))  # each task once
    # Longest first, except that the head is handed out when it is next to be written.
    assert [costs[f"doc{i}"] for i in balanced.handed][:2] == sorted(durations, reverse=True)[:2]
    assert (plain.clock, balanced.clock) == makespans  # in task order; longest first
