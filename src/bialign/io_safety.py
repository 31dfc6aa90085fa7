"""Safe reading and writing of user files: regular files only, bounded reads, atomic writes.

Every file bialign reads or writes goes through this module, so that odd or hostile paths get
one clear :class:`ValueError` (or :class:`OSError` naming the path) before any work is done:

- **Inputs** must be regular files, or ``-`` for standard input. A device (``/dev/zero``,
  ``/dev/urandom``), a FIFO or a socket is refused at once by name, without reading from it
  (it is opened non-blocking, so a FIFO with no writer cannot hang the run). Reads are bounded:
  a file or a stream larger than ``limit`` bytes (default :data:`DEFAULT_MAX_INPUT_BYTES`,
  CLI ``--max-input-mb``) is refused with the size and the option that raises the cap, and
  never more than ``limit + 1`` bytes are read.
- **Outputs** are written only over a regular file (with ``overwrite=True``) or where no file
  is: an existing device, FIFO, socket or directory is refused even with ``overwrite``. A
  symbolic link is *written through*: the file it points at is replaced atomically and the
  link itself stays. All checks (the directory exists and is writable, the target is not a
  device) run in :func:`check_output_path`, which callers run before the long work.
- Writes are atomic (:func:`atomic_writer`): a temporary file next to the target, flushed,
  synced and renamed over it; an error (a full disk) names the output and leaves no partial
  file behind.

>>> from bialign.io_safety import read_input_bytes
>>> read_input_bytes("/dev/zero")  # doctest: +SKIP
Traceback (most recent call last):
ValueError: /dev/zero is a character device, not a regular file; pass a text file (or - for stdin)
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, BinaryIO, Iterator

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "atomic_writer",
    "check_output_path",
    "read_input_bytes",
    "read_stream_bytes",
    "resolve_output_path",
    "write_stdout",
]

# 200 MB: about 70 million Japanese characters, far more than one document bialign can align in
# memory; the cap exists so that a wrong input (a device, a disk image) fails at once.
DEFAULT_MAX_INPUT_BYTES = 200_000_000
_CHUNK = 1 << 20
_RAISE_HINT = "raise the cap with max_bytes= (CLI: --max-input-mb)"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_irregular(p: Path, mode: int, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise ValueError(f"{p} is a directory, not {what}; pass the path of a file inside it")
    if not stat.S_ISREG(mode):
        stdin = " (or - for stdin)" if what == "a text file" else ""
        raise ValueError(f"{p} is {_kind(mode)}, not a regular file; pass {what}{stdin}")


def _size_text(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n} bytes"


def read_input_bytes(path: str | os.PathLike[str], limit: int = DEFAULT_MAX_INPUT_BYTES, *,
                     what: str = "a text file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`ValueError` naming ``path`` when it does not exist, is a directory, a
    device, a FIFO or a socket (nothing is read from those), cannot be read, or is larger
    than ``limit`` bytes. ``what`` names the expected kind of file in the messages.
    """
    p = Path(path)
    if limit < 0:
        raise ValueError(f"the input size cap must be at least 0 bytes, got {limit}")
    # stat() first: a socket cannot even be opened, and a device need not be.
    with contextlib.suppress(OSError):
        _refuse_irregular(p, os.stat(p).st_mode, what)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ValueError(f"{p}: no such file; check the path") from None
    except IsADirectoryError:
        raise ValueError(f"{p} is a directory, not {what}; pass the path of a file inside it") from None
    except OSError as exc:
        raise ValueError(f"{p}: cannot be opened ({exc.strerror}); check its permissions") from None
    try:
        st = os.fstat(fd)
        _refuse_irregular(p, st.st_mode, what)
        if st.st_size > limit:
            raise ValueError(f"{p} is {_size_text(st.st_size)}, more than the input cap of {_size_text(limit)}; "
                             f"check that it is the right file, or {_RAISE_HINT}")
        # A regular file was opened non-blocking; reads on it block normally anyway.
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ValueError(f"{p}: cannot be read ({exc.strerror}); check the file") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:  # the file grew while it was read
        raise ValueError(f"{p} grew beyond the input cap of {_size_text(limit)} while it was read; {_RAISE_HINT}")
    return data


def read_stream_bytes(stream: BinaryIO, limit: int = DEFAULT_MAX_INPUT_BYTES, *, name: str = "standard input") -> bytes:
    """Read a stream (stdin) to its end, refusing it with :class:`ValueError` beyond ``limit`` bytes.

    At most ``limit + 1`` bytes are read, in 1 MiB pieces, so that ``cat /dev/zero | bialign``
    stops at the cap instead of filling the memory.
    """
    parts: list[bytes] = []
    total = 0
    while True:
        piece = stream.read(min(_CHUNK, limit + 1 - total))
        if not piece:
            break
        parts.append(piece)
        total += len(piece)
        if total > limit:
            raise ValueError(f"{name} holds more than the input cap of {_size_text(limit)}; check what is piped "
                             f"in, or {_RAISE_HINT}")
    return b"".join(parts)


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output as UTF-8 whatever the locale's encoding (through the
    byte buffer when there is one, after flushing what was written as text before)."""
    import sys

    buffer: IO[bytes] | None = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def resolve_output_path(path: str | os.PathLike[str]) -> Path:
    """The file that writing ``path`` really replaces: ``path``, or the end of its chain of symlinks.

    A dangling symlink resolves to the file it names, which the write creates.
    """
    p = Path(path)
    if p.is_symlink():
        return Path(os.path.realpath(p))
    return p


def check_output_path(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Check that ``path`` can be written, before any long work is done for it; return the real target.

    The target is ``path`` itself, or the file a symlink points at (it is written through,
    and the link kept). Raises :class:`FileExistsError` if the target exists and ``overwrite``
    is false; :class:`IsADirectoryError` for a directory; :class:`ValueError` for a device,
    FIFO or socket (refused even with ``overwrite``: such a node is never replaced by a
    file); :class:`FileNotFoundError` if its directory does not exist (it is never created
    silently); :class:`PermissionError` if the directory cannot be written.
    """
    given = Path(path)
    target = resolve_output_path(given)
    via = f" (the symlink {given} points to it)" if target != given else ""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OSError(exc.errno, f"cannot check the output ({exc.strerror}){via}", str(target)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(f"{target} is a directory{via}; give a file name for the output")
        if not stat.S_ISREG(st.st_mode):
            raise ValueError(f"{target} is {_kind(st.st_mode)}{via}; bialign writes only regular files and never "
                             "replaces a device, FIFO or socket; give a file name (or - for stdout)")
        if not overwrite:
            raise FileExistsError(f"{target} already exists{via}; choose another name, or replace it with "
                                  "overwrite=True (CLI: --force)")
    parent = target.parent
    if not parent.is_dir():
        raise FileNotFoundError(f"cannot write {target}: the directory {parent} does not exist; create it first")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise PermissionError(f"cannot write {target}: the directory {parent} is not writable; "
                              "choose another output directory or fix its permissions")
    return target


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool = False,
                  binary: bool = False) -> Iterator[IO[str]]:
    """Open ``path`` for writing (UTF-8 text, or bytes with ``binary=True``) so that it appears whole or not at all.

    The data goes to a hidden temporary file in the target's directory; when the ``with``
    block ends normally the file is flushed, synced and renamed over the target
    (``os.replace``, atomic on POSIX and Windows). A symlink is written through: the file it
    points at is replaced and the link stays. If the block raises -- including
    ``KeyboardInterrupt`` -- the temporary file is removed and the target is untouched; an
    :class:`OSError` while writing (a full disk) is raised again naming the output.

    The checks are those of :func:`check_output_path`, run again here in case the file
    system changed since the caller checked.
    """
    target = check_output_path(path, overwrite=overwrite)
    mode = _new_file_mode(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        try:
            with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
                yield fh  # type: ignore[misc]
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            # Re-check just before the rename: a device or FIFO put in the target's place meanwhile is kept.
            with contextlib.suppress(FileNotFoundError):
                if not stat.S_ISREG(os.lstat(target).st_mode):
                    raise ValueError(f"{target} became {_kind(os.lstat(target).st_mode)} during the run; "
                                     "it is not replaced")
            os.replace(tmp, target)
        except OSError as exc:
            if exc.errno is None or (exc.filename and str(exc.filename) == str(target)):
                raise
            hint = "; free some space and run again" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
            raise OSError(exc.errno, f"cannot write the output ({exc.strerror}); nothing was written{hint}",
                          str(target)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _new_file_mode(target: Path) -> int:
    with contextlib.suppress(FileNotFoundError):
        return os.stat(target).st_mode & 0o7777
    # mkstemp makes 0600 files; give the output the permissions a plain open() would.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
