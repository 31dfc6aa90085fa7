"""Odd and hostile paths: devices, FIFOs, sockets, symlinks, oversized inputs, full disks.

Inputs must be regular files (or stdin, with a size cap); outputs are written only over
regular files, through symlinks, after every check has passed. Each case is answered with
one line naming the path, and nothing the user has is replaced.
"""

from __future__ import annotations

import errno
import io
import os
import socket
import stat
import sys
import threading

import pytest

import bialign
from bialign import cli, io_safety
from bialign.evaluate import read_beads
from bialign.formats import read_corpus
from bialign.io_safety import atomic_writer, check_output_path, read_input_bytes, read_stream_bytes
from test_cli import EN, JA, pairing_align


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(bialign, "align", pairing_align, raising=False)


@pytest.fixture
def texts(tmp_path):
    (tmp_path / "ja.txt").write_text(JA, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    return tmp_path / "ja.txt", tmp_path / "en.txt"


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def sock(tmp_path):
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    yield path
    server.close()


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bialign: error: "), err
    assert "Traceback" not in err
    return lines[0]


# --------------------------------------------------------------------------- inputs


def test_a_device_is_refused_without_reading_it():
    with pytest.raises(ValueError, match=r"^/dev/zero is a character device, not a regular file"):
        read_input_bytes("/dev/zero")
    with pytest.raises(ValueError, match=r"/dev/urandom is a character device"):
        bialign.load_text("/dev/urandom")


def test_a_fifo_without_writer_is_refused_at_once(fifo):
    # Opened non-blocking: without that, open() would wait for a writer forever.
    result: list[BaseException] = []
    worker = threading.Thread(target=lambda: result.append(pytest.raises(ValueError, read_input_bytes, fifo).value))
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "reading a FIFO hung"
    assert "is a FIFO (named pipe), not a regular file" in str(result[0])


def test_a_socket_is_refused(sock):
    with pytest.raises(ValueError, match=r"is a socket, not a regular file"):
        read_input_bytes(sock)


def test_a_file_over_the_cap_is_refused_by_size(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 1001)
    assert read_input_bytes(path, 1001) == b"a" * 1001
    with pytest.raises(ValueError, match=r"big.txt is 1001 bytes, more than the input cap of 1000 bytes.*--max-input-mb"):
        read_input_bytes(path, 1000)


class CountingStream(io.RawIOBase):
    """An endless stream of b'a' that counts what was read from it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = 1 << 16 if n is None or n < 0 else n
        self.read_bytes += n
        return b"a" * n


def test_an_endless_stream_stops_at_the_cap():
    stream = CountingStream()
    with pytest.raises(ValueError, match="standard input holds more than the input cap of 1.0 MB"):
        read_stream_bytes(stream, 1_000_000)
    assert stream.read_bytes == 1_000_001
    assert read_stream_bytes(io.BytesIO(b"abc"), 3) == b"abc"


@pytest.mark.parametrize("which", ["src", "tgt"])
def test_cli_align_refuses_a_device_input_with_one_line(fake, texts, tmp_path, capsys, which):
    src, tgt = texts
    args = ("/dev/zero", tgt) if which == "src" else (src, "/dev/urandom")
    code, out, err = run(capsys, "align", *args, "-o", tmp_path / "out.tsv")
    assert code == 1 and out == ""
    assert "is a character device, not a regular file" in one_error_line(err)
    assert not (tmp_path / "out.tsv").exists()


def test_cli_eval_refuses_a_device_and_a_fifo(tmp_path, capsys, fifo):
    gold = tmp_path / "gold.beads"
    gold.write_text("[0]:[0]\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", gold, "/dev/zero")
    assert code == 1 and "/dev/zero is a character device" in one_error_line(err)
    code, _, err = run(capsys, "eval", fifo, gold)
    assert code == 1 and "is a FIFO (named pipe)" in one_error_line(err)


def test_cli_stdin_cap_can_be_raised(fake, texts, capsys, monkeypatch):
    big = (JA * (1_100_000 // len(JA.encode("utf-8")) + 1)).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(big)))
    code, out, err = run(capsys, "align", "-", texts[1], "--max-input-mb", "1")
    assert code == 1 and out == ""
    assert "standard input holds more than the input cap of 1.0 MB" in one_error_line(err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(big)))
    code, out, _ = run(capsys, "align", "-", texts[1], "--max-input-mb", "2")
    assert code == 0 and "東京は晴れだった。" in out


def test_cli_manifest_pair_on_a_device_fails_alone(fake, texts, tmp_path, capsys):
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text("ja.txt\ten.txt\tgood\n/dev/zero\ten.txt\tzero\n", encoding="utf-8")
    code, _, err = run(capsys, "corpus", "--manifest", manifest, "-o", tmp_path / "c.tsv")
    assert code == 1
    assert "zero: /dev/zero is a character device, not a regular file" in err
    assert [r.doc_id for r in read_corpus(tmp_path / "c.tsv").rows] == ["good"] * 3


def test_cli_corpus_names_a_fifo_in_a_directory(fake, tmp_path, capsys):
    src, tgt = tmp_path / "ja", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    (src / "a.txt").write_text(JA, encoding="utf-8")
    (tgt / "a.txt").write_text(EN, encoding="utf-8")
    os.mkfifo(src / "b.txt")
    code, _, err = run(capsys, "corpus", src, tgt, "-o", tmp_path / "c.tsv")
    assert code == 1
    assert f"{src / 'b.txt'}: not a regular file" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_cli_corpus_unreadable_directory_is_named(fake, tmp_path, capsys):
    src, tgt = tmp_path / "ja", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    (src / "a.txt").write_text(JA, encoding="utf-8")
    tgt.chmod(0)
    try:
        code, _, err = run(capsys, "corpus", src, tgt, "-o", tmp_path / "c.tsv")
    finally:
        tgt.chmod(0o755)
    assert code == 1 and "cannot be listed" in one_error_line(err)


# --------------------------------------------------------------------------- outputs


@pytest.mark.parametrize("overwrite", [False, True])
def test_dev_null_is_never_an_output_file(overwrite):
    with pytest.raises(ValueError, match=r"/dev/null is a character device.*never replaces a device"):
        check_output_path("/dev/null", overwrite=overwrite)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("node", ["fifo", "sock"])
def test_cli_force_does_not_replace_a_fifo_or_socket(fake, texts, capsys, node, request):
    path = request.getfixturevalue(node)
    before = os.lstat(path).st_mode
    code, out, err = run(capsys, "align", *texts, "-o", path, "--force", "--format", "tsv")
    assert code == 1 and out == ""
    assert "bialign writes only regular files" in one_error_line(err)
    assert os.lstat(path).st_mode == before


def test_cli_diff_refuses_a_device_output_before_aligning(texts, capsys, monkeypatch):
    def must_not_run(*a, **k):
        raise AssertionError("aligned before checking the output")

    monkeypatch.setattr(bialign, "align", must_not_run, raising=False)
    code, _, err = run(capsys, "diff", *texts, "-o", "/dev/null", "--force")
    assert code == 1 and "/dev/null is a character device" in one_error_line(err)


def test_cli_writes_through_a_symlink_and_keeps_it(fake, texts, tmp_path, capsys):
    real = tmp_path / "real.tsv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    code, _, err = run(capsys, "align", *texts, "-o", link)
    assert code == 1 and "already exists (the symlink" in one_error_line(err)
    assert real.read_text(encoding="utf-8") == "old\n"
    code, _, err = run(capsys, "align", *texts, "-o", link, "--force")
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("doc_id\tbead_id\t")
    # the sidecar goes with the data, next to the file the link points at; read_corpus finds it by either name
    assert (tmp_path / "real.tsv.meta.json").is_file() and not (tmp_path / "link.tsv.meta.json").exists()
    assert f"(provenance in {tmp_path / 'real.tsv.meta.json'})" in err
    assert read_corpus(link) == read_corpus(real)


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "new.txt")
    with atomic_writer(link) as fh:
        fh.write("x")
    assert link.is_symlink() and (tmp_path / "new.txt").read_text() == "x"


def test_corpus_resume_through_a_symlink(fake, texts, tmp_path, capsys):
    (tmp_path / "m.tsv").write_text("ja.txt\ten.txt\tone\n", encoding="utf-8")
    real = tmp_path / "real.tsv"
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    assert run(capsys, "corpus", "--manifest", tmp_path / "m.tsv", "-o", link)[0] == 0
    code, _, err = run(capsys, "corpus", "--manifest", tmp_path / "m.tsv", "-o", link)
    assert code == 0 and "1 already done" in err
    assert link.is_symlink() and len(read_corpus(real).rows) == 3


def test_a_full_disk_names_the_output_and_leaves_nothing(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(io_safety.os, "fsync", full)
    out = tmp_path / "out.tsv"
    with pytest.raises(OSError) as info:
        with atomic_writer(out) as fh:
            fh.write("text")
    assert info.value.filename == str(out)
    assert "No space left on device" in info.value.strerror and "free some space" in info.value.strerror
    assert list(tmp_path.iterdir()) == []


def test_cli_full_disk_is_one_line_with_the_path(fake, texts, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(io_safety.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    out = tmp_path / "out.tsv"
    code, _, err = run(capsys, "align", *texts, "-o", out)
    assert code == 1
    assert one_error_line(err).startswith(f"bialign: error: {out}: cannot write the output (No space left on device)")
    assert not out.exists()


def test_a_missing_output_directory_is_found_before_aligning(texts, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bialign, "align", lambda *a, **k: pytest.fail("aligned first"), raising=False)
    code, _, err = run(capsys, "align", *texts, "-o", tmp_path / "nowhere" / "out.tsv")
    assert code == 1 and "does not exist; create it first" in one_error_line(err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes any directory")
def test_an_unwritable_output_directory_is_found_before_aligning(texts, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bialign, "align", lambda *a, **k: pytest.fail("aligned first"), raising=False)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(capsys, "align", *texts, "-o", locked / "out.tsv")
    finally:
        locked.chmod(0o755)
    assert code == 1 and "is not writable" in one_error_line(err)


def test_read_beads_names_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "x.beads"
    path.write_bytes(b"[0]:[0]\n\xff\n")
    with pytest.raises(ValueError, match=r"x.beads is not UTF-8 \(invalid byte at offset 8\)"):
        read_beads(path)


def test_a_per_file_encoding_reads_through_the_capped_reader(tmp_path):
    from bialign.text import load_text

    sjis = tmp_path / "ja.txt"
    sjis.write_bytes("東京は晴れ。".encode("shift_jis") * 10)
    assert load_text(sjis, encoding="shift_jis", option="--src-encoding").startswith("東京")
    with pytest.raises(ValueError, match="more than the input cap"):
        load_text(sjis, encoding="shift_jis", option="--src-encoding", max_bytes=20)
    with pytest.raises(ValueError, match="is a character device"):
        load_text("/dev/zero", encoding="shift_jis", option="--tgt-encoding")
