"""The aligner's outputs, bead for bead and score for score, against outputs recorded before a change.

``tests/data/align_reference.json`` holds, for each case, the sentence spans (offsets only) and
the beads (sentence indices and the exact ``repr`` of each score), and hashes of the unrounded
score features and of the similarity matrix, that the code gave when the file was recorded; the test aligns again and compares exactly. A refactoring must leave every
case unchanged; a change of behaviour must re-record the file on purpose and say why:

    PYTHONPATH=src python tests/test_align_reference.py   # re-record

The cases: the ESUJ article (raw text, segmented, default encoder; and again through an encoder
without span vectors, so the joined-span refinement path runs), the seven Text+Berg documents
(pre-split, default encoder), and all seven concatenated twice into one pair of 1,982
sentences a side, long enough for the coarse-to-fine first pass. Text+Berg is read from
``../shared/benchmarks/text+berg`` (or ``$TEXTBERG``); its cases are skipped when it is absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

import bialign

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).parent / "data" / "align_reference.json"
ESUJ = ROOT / "corpora" / "esuj"
TEXTBERG = Path(os.environ.get("TEXTBERG", ROOT.parent / "shared" / "benchmarks" / "text+berg"))
if not TEXTBERG.exists():
    TEXTBERG = Path("/work/shared/benchmarks/text+berg")
TEXTBERG_DOCS = [f"00{k}" for k in range(1, 8)]


class _NoSpans:
    """The default encoder without ``encode_with_spans``: the aligner then sums and refines."""

    def __init__(self, encoder):
        self._encoder = encoder
        self.id = encoder.id

    def encode(self, texts):
        return self._encoder.encode(texts)


def _textberg(doc: str) -> tuple[list[str], list[str]]:
    de = (TEXTBERG / "de" / doc).read_text(encoding="utf-8").splitlines()
    fr = (TEXTBERG / "fr" / doc).read_text(encoding="utf-8").splitlines()
    return de, fr


def _run(case: str, encoder):
    """The alignment and its beads' score features (:meth:`bialign.Aligner.align_with_features`)."""
    if case.startswith("esuj"):
        ja = (ESUJ / "ja.txt").read_text(encoding="utf-8")
        en = (ESUJ / "en.txt").read_text(encoding="utf-8")
        enc = _NoSpans(encoder) if case == "esuj-nospans" else encoder
        return bialign.Aligner(encoder=enc).align_with_features(ja, en, src_lang="ja", tgt_lang="en")
    if not TEXTBERG.exists():
        pytest.skip(f"Text+Berg is not at {TEXTBERG} (set $TEXTBERG)")
    if case == "textberg-long":
        de: list[str] = []
        fr: list[str] = []
        for _ in range(2):
            for doc in TEXTBERG_DOCS:
                d, f = _textberg(doc)
                de += d
                fr += f
    else:
        de, fr = _textberg(case.removeprefix("textberg-"))
    return bialign.Aligner(encoder=encoder).align_with_features(de, fr, src_lang="de", tgt_lang="fr")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record(run) -> dict:
    alignment, features = run
    similarity = alignment.similarity
    return {
        "src_spans": [[s.start, s.end, s.paragraph] for s in alignment.src_sentences],
        "tgt_spans": [[s.start, s.end, s.paragraph] for s in alignment.tgt_sentences],
        "beads": [[list(b.src), list(b.tgt), repr(b.score)] for b in alignment.beads],
        "moved": list(alignment.moved),
        "settings": {k: repr(v) for k, v in alignment.provenance.settings.items()},
        # the unrounded features the scores come from, and the similarity matrix, exactly
        "features_sha256": _sha256(repr(list(features)).encode()),  # recorded as a list
        "similarity_sha256": None if similarity is None else _sha256(
            repr((similarity.shape, similarity.dtype.str)).encode() + similarity.tobytes()),
    }


CASES = ["esuj", "esuj-nospans"] + [f"textberg-{d}" for d in TEXTBERG_DOCS] + ["textberg-long"]


@pytest.fixture(scope="module")
def encoder():
    from bialign.embed import default_encoder

    return default_encoder()


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.mark.model
@pytest.mark.parametrize("case", CASES)
def test_alignment_equals_the_recorded_one(case, encoder, reference):
    got = _record(_run(case, encoder))
    want = reference[case]
    assert got["src_spans"] == want["src_spans"] and got["tgt_spans"] == want["tgt_spans"]
    changed = [(k, g, w) for k, (g, w) in enumerate(zip(got["beads"], want["beads"])) if g != w]
    assert len(got["beads"]) == len(want["beads"]) and not changed, changed[:5]
    assert got["moved"] == want["moved"]
    assert got["settings"] == want["settings"]
    assert got["features_sha256"] == want["features_sha256"]
    assert got["similarity_sha256"] == want["similarity_sha256"]


def test_the_reference_covers_every_case_and_holds_no_text():
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert sorted(reference) == sorted(CASES)
    for case in reference.values():
        assert all(float(score) == float(score) for _, _, score in case["beads"])  # a repr, not NaN
        assert all(isinstance(i, int) for src, tgt, _ in case["beads"] for i in src + tgt)


if __name__ == "__main__":
    from bialign.embed import default_encoder

    enc = default_encoder()
    out = {case: _record(_run(case, enc)) for case in CASES}
    REFERENCE.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"recorded {len(out)} cases in {REFERENCE}", file=sys.stderr)
