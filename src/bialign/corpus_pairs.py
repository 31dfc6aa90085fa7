"""The document pairs of a corpus run: from two directories of same-named files, or from a manifest.

Listing is the first stage of a run (:mod:`bialign.corpus`): it finds the pairs and the
problems (files with no counterpart, entries that are not regular files) before anything is
aligned, so that they are reported with the run's other failures.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .io_safety import DEFAULT_MAX_INPUT_BYTES

@dataclass(frozen=True)
class DocumentPair:
    """One document of a corpus run: its id and the two files."""

    doc_id: str
    src: Path
    tgt: Path


def escaped_name(name: str) -> str:
    """A file name as a user can read it: bytes that are not UTF-8 shown as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _unencodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def pairs_from_dirs(src_dir: str | os.PathLike[str], tgt_dir: str | os.PathLike[str], *,
                    glob: str = "*") -> tuple[list[DocumentPair], list[str]]:
    """The pairs of files with the same name in the two directories, and the problems found listing them.

    Hidden files are ignored; the pairs are sorted by file name. A document's id is its file
    name without the extension (``doc1.txt`` -> ``doc1``), kept whole when two files share
    that stem (``doc1.txt`` and ``doc1.md``). The problems are files with no counterpart and
    entries that are not regular files (a FIFO, a device, a broken link), each by name; a
    directory that cannot be listed is a :class:`ValueError`.
    """
    src_dir, tgt_dir = Path(src_dir), Path(tgt_dir)
    for d in (src_dir, tgt_dir):
        if not d.is_dir():
            what = "does not exist" if not d.exists() else "is a file, not a directory"
            raise ValueError(f"{d} {what}; corpus takes two directories with files of the same names "
                             "(or a manifest)")

    odd: list[str] = []

    def files(d: Path) -> dict[str, Path]:
        try:
            with os.scandir(d) as entries:  # glob() hides an unreadable directory as an empty one
                next(entries, None)
        except OSError as exc:
            raise ValueError(f"{d}: cannot be listed ({exc.strerror}); check its permissions") from None
        out = {}
        for p in sorted(d.glob(glob)):
            if p.name.startswith(".") or p.is_dir():
                continue
            if not p.is_file():
                odd.append(f"{escaped_name(str(p))}: not a regular file (a device, FIFO, socket or broken link)")
                continue
            out[p.name] = p
        return out

    src_files, tgt_files = files(src_dir), files(tgt_dir)
    problems = odd + [f"{escaped_name(str(src_dir / n))}: no file of that name in {tgt_dir}"
                      for n in sorted(set(src_files) - set(tgt_files))]
    problems += [f"{escaped_name(str(tgt_dir / n))}: no file of that name in {src_dir}"
                 for n in sorted(set(tgt_files) - set(src_files))]
    names = sorted(set(src_files) & set(tgt_files))
    stems = [Path(n).stem or n for n in names]
    pairs = [DocumentPair(stem if stems.count(stem) == 1 else n, src_files[n], tgt_files[n])
             for n, stem in zip(names, stems)]
    if not pairs:
        raise ValueError(f"no files with the same name in {src_dir} and {tgt_dir} (pattern {glob!r}); "
                         "check the directories or the pattern")
    return pairs, problems


def pairs_from_manifest(manifest: str | os.PathLike[str], *,
                        max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> list[DocumentPair]:
    """The pairs of a manifest: ``SRC<TAB>TGT[<TAB>DOC_ID]`` per line, paths relative to the manifest.

    Blank lines and lines starting with ``#`` are skipped; the doc_id defaults to SRC and must
    be unique. The manifest must be a regular file of at most ``max_bytes`` bytes.
    """
    from .text import load_text

    manifest = Path(manifest)
    base = manifest.parent
    pairs: list[DocumentPair] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(load_text(manifest, max_bytes=max_bytes).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) not in (2, 3) or not all(c.strip() for c in cells):
            raise ValueError(f"{manifest}:{lineno}: expected SRC<TAB>TGT or SRC<TAB>TGT<TAB>DOC_ID, "
                             f"found {len(cells)} cell(s)")
        src, tgt = cells[0].strip(), cells[1].strip()
        doc_id = cells[2].strip() if len(cells) == 3 else src
        if doc_id in seen:
            raise ValueError(f"{manifest}:{lineno}: doc id {doc_id!r} was already used on line {seen[doc_id]}; "
                             "doc ids must be unique (add a third column)")
        seen[doc_id] = lineno
        pairs.append(DocumentPair(doc_id, base / src, base / tgt))
    if not pairs:
        raise ValueError(f"{manifest} lists no pairs; write SRC<TAB>TGT per line")
    return pairs
