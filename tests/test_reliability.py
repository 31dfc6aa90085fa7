"""Issue 6: nothing lost, every bad input answered, the same bytes every time."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bialign import USEEncoder, segment

ROOT = Path(__file__).resolve().parents[1]
ESUJ = ROOT / "corpora" / "esuj"


def test_an_overlong_sentence_is_embedded_from_its_start_and_says_so(caplog):
    enc = USEEncoder(max_chars=60)
    long = "The talks were followed by a commemorative photograph of the four ministers. " * 3
    with caplog.at_level(logging.WARNING, logger="bialign.embed"):
        got = enc.encode([long, "short"])
    assert "longer than 60 characters" in caplog.text and "kept whole" in caplog.text
    np.testing.assert_allclose(got[0], enc.encode([long[:60]])[0], atol=1e-6)
    with pytest.raises(ValueError, match="max_chars must be a positive int"):
        USEEncoder(max_chars=0)


def test_a_5mb_line_without_punctuation_is_one_sentence_nothing_lost():
    text = "あ" * 5_000_000
    (s,) = segment(text, "ja")
    assert (s.start, s.end) == (0, len(text))


def test_a_100k_sentence_document_segments_losslessly():
    text = "".join(f"第{i}文です。" for i in range(100_000))
    sents = segment(text, "ja")
    assert len(sents) == 100_000
    assert "".join(s.text for s in sents) == text


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["tsv", "beads"])
def test_same_input_gives_byte_identical_output_across_processes(tmp_path, fmt):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}.{fmt}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-m", "bialign", "align", ESUJ / "ja.txt", ESUJ / "en.txt", "-o", out, "-q"],
            capture_output=True, text=True, timeout=180, env=env,
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and len(outs[0]) > 500


def test_cli_answers_out_of_memory_with_one_line(monkeypatch, tmp_path, capsys):
    import bialign
    from bialign import cli

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(bialign, "align", exhausted)
    code = cli.main(["align", str(ESUJ / "ja.txt"), str(ESUJ / "en.txt"), "-o", str(tmp_path / "x.tsv")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("bialign: error: out of memory") and err.count("\n") == 1
    assert not (tmp_path / "x.tsv").exists()
