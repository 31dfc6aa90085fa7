"""Corpus runs: many document pairs aligned into one corpus, resumably, on every core or a Ray cluster.

Configure a :class:`CorpusRunner` once, then run it on a list of :class:`DocumentPair`::

    from bialign.corpus import CorpusRunner, pairs_from_dirs
    pairs, problems = pairs_from_dirs("ja/", "en/")
    summary = CorpusRunner(src_lang="ja", tgt_lang="en", jobs=2).run(pairs, "corpus.tsv", problems=problems)
    print(summary.aligned, summary.failed)

What a run guarantees:

- **One task per document pair.** Each pair is read, checked and aligned on its own; a pair
  that fails (a missing or undecodable file, a file that is not a regular file or is larger
  than ``max_bytes``, a file in the wrong language, a file name that is not valid UTF-8) is
  reported in :attr:`CorpusSummary.failed` and skipped, the others go on. With two
  directories a document's id is its file name without the extension (``doc1.txt`` ->
  ``doc1``).
- **Streaming output.** Finished documents are appended to the output in the order of the
  pairs, one synced unit each (:mod:`bialign.corpus_outputs`); memory does not grow with the
  number of documents.
- **Resumable.** Documents already in the output (its index says which) are skipped, so an
  interrupted or killed run continues where it stopped, without duplicates; a resumed run
  must have the same languages, aligner settings and filters (and, for TSV/CSV, the same
  ``excel_safe``), else it stops before writing.
  An output of an older bialign, whose ids kept the extension (``doc1.txt``), resumes
  without aligning those documents again. Ctrl-C raises :class:`CorpusInterrupted`, which
  says what was saved: a document being written is finished first, worker processes stop at
  once (the documents they were on are aligned again on resume), the lock is released.
- **The same bytes whatever the parallelism.** ``jobs=N`` aligns pairs in N worker processes,
  each loading the encoder once and using one BLAS thread (threadpoolctl): on a machine shared
  with other work, N single-threaded processes keep the cores busy far more steadily than
  one process with multi-threaded BLAS. Results are written by pair order, not by completion,
  and every process runs single-threaded BLAS, so ``jobs=1``, ``jobs=4`` and ``ray=True``
  write the same bytes. The last pairs are handed out longest first (by input size), so that
  a long document does not start last while the other workers have nothing left to do. A
  worker that dies (killed, out of memory) is replaced and the
  unfinished pairs are run again, twice per run at most; a third death stops the run with an
  error that says how to resume.
- **Ray.** ``ray=True`` starts a local Ray cluster bound to 127.0.0.1; ``ray="ADDRESS"`` joins
  an existing one (``ray://host:10001`` or ``host:6379``), whose nodes need bialign installed.
  Actors hold the encoder; a task whose actor dies is retried on a restarted actor.

Filters act at write time and their counts are in the summary: ``min_score`` (beads below it
are left out), ``drop_null`` (1-0 and 0-1 beads are left out) and ``max_length_ratio`` (a bead
whose longer side has more than this many times the characters of its shorter side is left
out; Japanese has a half to a third of the characters of its English translation, so a bound
of 6 to 9 removes only gross mismatches).

Layout: this module holds the runner (:class:`CorpusRunner`, :func:`run_corpus`), its filters and
its summary. The stages it drives are in :mod:`bialign.corpus_pairs` (listing the pairs),
:mod:`bialign.corpus_workers` (one pair aligned in a worker), :mod:`bialign.corpus_backends`
(this process or worker processes, in order; Ctrl-C), :mod:`bialign.corpus_ray` (Ray) and
:mod:`bialign.corpus_outputs` (where the rows go). Every name this module defined before the
split is re-exported from here (except ``_WORKER``, a worker process's own global). Patch
:func:`default_jobs` here (the runner looks it up in this module); a moved name patched here
is not seen by the code, which uses it from its own module.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from . import corpus_outputs
from .corpus_backends import _CtrlCAfter, _processes, _serial
from .corpus_outputs import CorpusFormat, IndexEntry, IndexHeader, IndexState, MissingDependency
from .corpus_pairs import DocumentPair, _unencodable, escaped_name
from .corpus_ray import _ray
from .corpus_workers import AlignerSpec, DocumentResult, _Job
from .formats import CorpusRow, ParallelCorpus
from .io_safety import DEFAULT_MAX_INPUT_BYTES, write_stdout

# ruff: noqa: F401 (the names that moved to the corpus_* modules are re-exported)
from .corpus_backends import _LOCAL_RESTARTS, _block_sigint, _in_order, _input_size, _PoolBroken, \
    _restore_sigmask, _stop_workers
from .corpus_pairs import pairs_from_dirs, pairs_from_manifest
from .corpus_ray import _RAY_LOOPBACK_ENV, _RAY_RETRIES, start_local_ray
from .corpus_workers import PAIR_ERRORS, PairWorker, _init_process, _limit_threads, _Notes, _one_encoder_thread, \
    _one_line, _read_side, _run_in_process

logger = logging.getLogger(__name__)

__all__ = ["AlignerSpec", "CorpusInterrupted", "CorpusRunner", "CorpusSummary", "DocumentPair", "DocumentResult",
           "Filters", "MissingDependency",
           "pairs_from_dirs", "pairs_from_manifest", "run_corpus"]


@dataclass(frozen=True)
class Filters:
    """Rows left out at write time (see the module docs); all off by default."""

    min_score: float | None = None
    drop_null: bool = False
    max_length_ratio: float | None = None

    def __post_init__(self) -> None:
        if self.min_score is not None and not 0.0 <= self.min_score <= 1.0:
            raise ValueError(f"min_score must be between 0 and 1, got {self.min_score}")
        if self.max_length_ratio is not None and not self.max_length_ratio >= 1.0:
            raise ValueError(f"max_length_ratio must be at least 1 (the longer side over the shorter), "
                             f"got {self.max_length_ratio}")

    def as_dict(self) -> dict[str, Any]:
        return {"min_score": self.min_score, "drop_null": self.drop_null, "max_length_ratio": self.max_length_ratio}

    def reason(self, row: CorpusRow) -> str | None:
        """Why ``row`` is left out (``"min_score"``, ``"null"``, ``"length_ratio"``), or None to keep it."""
        if self.drop_null and (not row.src_ids or not row.tgt_ids):
            return "null"
        if self.min_score is not None and row.score < self.min_score:
            return "min_score"
        if self.max_length_ratio is not None and row.src_ids and row.tgt_ids:
            a, b = len(row.src_text), len(row.tgt_text)
            if max(a, b) > self.max_length_ratio * max(min(a, b), 1):
                return "length_ratio"
        return None


@dataclass(frozen=True)
class CorpusSummary:
    """The outcome of :meth:`CorpusRunner.run`."""

    output: str
    aligned: int
    skipped: int
    failed: tuple[str, ...]
    unlike: tuple[str, ...]
    rows_written: int
    rows_total: int
    left_out: dict[str, int] = field(default_factory=dict)

    def text(self) -> str:
        """The one-line summary the CLI prints."""
        line = f"{self.aligned} pair(s) aligned, {self.skipped} already done, {len(self.failed)} failed"
        if self.left_out:
            names = {"min_score": "below the minimum score", "null": "with an empty side",
                     "length_ratio": "over the length ratio"}
            parts = ", ".join(f"{n} {names[k]}" for k, n in sorted(self.left_out.items()))
            line += f" ({sum(self.left_out.values())} bead(s) left out: {parts})"
        if self.unlike:
            shown = ", ".join(self.unlike[:10]) + (f" and {len(self.unlike) - 10} more" if len(self.unlike) > 10 else "")
            line += f" ({len(self.unlike)} aligned pair(s) may not be a text and its translation throughout: {shown})"
        return line


class CorpusInterrupted(KeyboardInterrupt):
    """Ctrl-C during :meth:`CorpusRunner.run`: what was saved, in one sentence (``str(exc)``).

    A :class:`KeyboardInterrupt`, so that code that does not know it stops as on any Ctrl-C;
    the CLI prints its message once and exits with 130.
    """

    def __init__(self, message: str, aligned: int) -> None:
        super().__init__(message)
        self.message, self.aligned = message, aligned

    def __str__(self) -> str:
        return self.message




# --------------------------------------------------------------------------- the runner


def default_jobs() -> int:
    """One per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class CorpusRunner:
    """A configured corpus run: the aligner, the languages, the parallelism, the filters.

    ``aligner``: an :class:`AlignerSpec` (the default: the offline encoder and the aligner's
    defaults) or any picklable callable that returns an object with
    ``align(src, tgt, src_lang=, tgt_lang=)``. Language codes are normalised (``ja-JP`` ->
    ``ja``). ``encoding`` is that of both sides' files, ``src_encoding``/``tgt_encoding`` of
    one side (default UTF-8). ``max_bytes``: the largest input file (and existing output of an
    older bialign read to resume) accepted. ``jobs``: worker processes (default: one per core;
    1 aligns in this process). ``ray``: False, True for a local Ray cluster, or the address of
    one. ``progress``: a tqdm bar of documents on stderr.
    """

    def __init__(self, *, src_lang: str = "ja", tgt_lang: str = "en", aligner: Callable[[], Any] | None = None,
                 encoding: str | None = None, src_encoding: str | None = None, tgt_encoding: str | None = None,
                 presplit: bool = False, jobs: int | None = None,
                 ray: bool | str = False, filters: Filters = Filters(), progress: bool = False,
                 excel_safe: bool = False, xml_illegal: str = "escape", shard_rows: int = 50_000,
                 max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> None:
        from .segment import check_language

        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be at least 1, got {jobs}")
        self.src_lang, self.tgt_lang = check_language(src_lang), check_language(tgt_lang)
        self.aligner = aligner if aligner is not None else AlignerSpec()
        self.encoding, self.presplit = encoding, presplit
        self.src_encoding, self.tgt_encoding = src_encoding or encoding, tgt_encoding or encoding
        self.max_bytes = max_bytes
        self.jobs = jobs or default_jobs()
        self.ray = ray
        self.filters = filters
        self.progress = progress
        self.excel_safe, self.xml_illegal, self.shard_rows = excel_safe, xml_illegal, shard_rows

    def results(self, tasks: list[tuple[int, DocumentPair]]) -> Iterator[DocumentResult]:
        """Align ``(index, pair)`` tasks with the configured backend; results come in task order."""
        if not tasks:  # a finished run resumed: no encoder to load
            return iter(())
        job = _Job(self.aligner, self.src_lang, self.tgt_lang, self.src_encoding, self.tgt_encoding, self.presplit,
                   self.max_bytes)
        if self.ray is not False and self.ray is not None:
            return _ray(job, tasks, self.jobs, self.ray if isinstance(self.ray, str) else None)
        jobs = min(self.jobs, len(tasks))
        if jobs <= 1:
            return _serial(job, tasks)
        return _processes(job, tasks, jobs)

    def run(self, pairs: Sequence[DocumentPair], output: str | os.PathLike[str], *,
            format: CorpusFormat | None = None, overwrite: bool = False, problems: Sequence[str] = ()) -> CorpusSummary:
        """Align ``pairs`` into ``output`` (``"-"``: stdout, no resume), skipping those already in it.

        ``problems`` are failures found while listing the pairs (files with no counterpart),
        reported with the others. Raises :class:`ValueError` before writing anything when the
        output cannot be resumed (another format, languages, settings, filters or excel_safe),
        :class:`BlockingIOError` when another run holds the output.
        """
        output = str(output)
        fmt = format or ("tsv" if output == "-" else corpus_outputs.corpus_format_from_path(output))
        if fmt not in corpus_outputs.CORPUS_FORMATS:
            raise ValueError(f"unknown corpus format {fmt!r}; choose one of {', '.join(corpus_outputs.CORPUS_FORMATS)}")
        _check_unique(pairs)
        if output == "-":
            return self._run_stdout(pairs, fmt, problems)
        out = corpus_outputs.make_output(output, fmt, self.src_lang, self.tgt_lang, excel_safe=self.excel_safe,
                                         xml_illegal=self.xml_illegal, shard_rows=self.shard_rows,  # type: ignore[arg-type]
                                         max_bytes=self.max_bytes)
        out.check_writable(overwrite)
        with corpus_outputs.OutputLock(out.lock_path, output):
            try:
                return self._run_file(pairs, out, output, fmt, overwrite, problems)
            finally:
                out.close()

    # -- the two kinds of output

    def _prepare(self, pairs: Sequence[DocumentPair], done: set[str],
                 failures: list[str]) -> list[tuple[int, DocumentPair]]:
        tasks = []
        for index, pair in enumerate(pairs):
            if _is_done(pair, done):
                continue
            if _unencodable(pair.doc_id) or _unencodable(str(pair.src)) or _unencodable(str(pair.tgt)):
                bad = next(str(x) for x in (pair.src, pair.tgt, pair.doc_id) if _unencodable(str(x)))
                failures.append(f"{escaped_name(bad)}: the file name is not valid UTF-8, so it cannot be a doc id "
                                "in the output; rename the file (e.g. with convmv)")
                continue
            tasks.append((index, pair))
        return tasks

    def _run_file(self, pairs: Sequence[DocumentPair], out: corpus_outputs.CorpusOutput, output: str, fmt: str,
                  overwrite: bool, problems: Sequence[str]) -> CorpusSummary:
        state: IndexState | None = None
        legacy: list[IndexEntry] = []
        if not overwrite:
            state = out.index.read()
            if state is not None and not out.exists():
                logger.warning("%s has an index but no output (was the output deleted?); starting over", output)
                state = None
            if state is None and out.exists():
                corpus = out.legacy()  # an output of an older bialign, without an index
                if corpus is not None:
                    state = IndexState(IndexHeader(fmt, corpus.src_lang, corpus.tgt_lang, corpus.provenance,
                                                   self.filters.as_dict()), [])
                    counts: dict[str, int] = {}
                    for row in corpus.rows:
                        counts[row.doc_id] = counts.get(row.doc_id, 0) + 1
                    legacy = [IndexEntry(d, k) for d, k in counts.items()]
                    if not corpus.rows:
                        state = None
            if state is not None:
                self._check_resumable(state.header, output, fmt)
                self._check_written_options(out.written_options(), output)
                if not legacy:
                    out.recover(state)
        entries = (state.entries if state else []) + legacy
        done = {e.doc_id for e in entries}
        rows_before = sum(e.rows for e in entries)
        failures = list(problems)
        tasks = self._prepare(pairs, done, failures)
        skipped = sum(1 for p in pairs if _is_done(p, done))
        if skipped:
            logger.warning("resuming: %d of %d pairs are already in %s and are skipped", skipped, len(pairs), output)
        header = state.header if state else None
        begun = False
        aligned = written = 0
        unlike: list[str] = []
        left_out: dict[str, int] = {}
        try:
            for result in self._progress(self.results(tasks), len(tasks)):
                rows = self._accept(result, failures, unlike, left_out)
                if rows is None:
                    continue
                if header is None:
                    header = IndexHeader(fmt, self.src_lang, self.tgt_lang, result.provenance, self.filters.as_dict())
                elif header.provenance != result.provenance:
                    raise ValueError(f"{output} was made with other settings ({header.provenance}) than this run "
                                     f"({result.provenance}); use another -o, or --force to start over")
                if not begun:
                    out.begin(header, fresh=state is None, entries=legacy)
                    begun = True
                with _CtrlCAfter():  # a document is written whole and counted, then Ctrl-C stops the run
                    out.write([(result.doc_id, rows)])
                    aligned += 1
                    written += len(rows)
            if begun:
                out.finish()
        except KeyboardInterrupt:
            if begun:
                out.finish()
            if aligned:  # said once, by whoever catches it (the CLI prints it instead of "interrupted")
                raise CorpusInterrupted(f"interrupted; {aligned} new document(s) saved in {output}; run the same "
                                        "command again to continue", aligned) from None
            raise
        return CorpusSummary(output, aligned, skipped, tuple(failures), tuple(unlike), written, rows_before + written,
                             left_out)

    def _run_stdout(self, pairs: Sequence[DocumentPair], fmt: str, problems: Sequence[str]) -> CorpusSummary:
        from . import formats

        if fmt not in ("tsv", "csv", "jsonl", "tmx"):
            raise ValueError(f"{fmt} output cannot go to stdout; give -o a file name")
        failures = list(problems)
        tasks = self._prepare(pairs, set(), failures)
        unlike: list[str] = []
        left_out: dict[str, int] = {}
        rows_out: list[CorpusRow] = []
        provenance: str | None = None
        aligned = 0
        # A stream cannot be taken back, so the whole corpus is built first: an error then
        # writes nothing rather than half a file.
        for result in self._progress(self.results(tasks), len(tasks)):
            rows = self._accept(result, failures, unlike, left_out)
            if rows is None:
                continue
            if provenance is None:
                provenance = result.provenance
            rows_out.extend(rows)
            aligned += 1
        text = formats.dumps(ParallelCorpus(tuple(rows_out), self.src_lang, self.tgt_lang, provenance or ""),
                             fmt, excel_safe=self.excel_safe, xml_illegal=self.xml_illegal)  # type: ignore[arg-type]
        if fmt in ("tsv", "csv"):
            logger.info("stdout has no sidecar: the languages and provenance are not written (write to a file "
                        "for OUT.meta.json, or use --format jsonl or tmx)")
        write_stdout(text)
        return CorpusSummary("-", aligned, 0, tuple(failures), tuple(unlike), len(rows_out), len(rows_out), left_out)

    # -- helpers

    def _accept(self, result: DocumentResult, failures: list[str], unlike: list[str],
                left_out: dict[str, int]) -> list[CorpusRow] | None:
        for note in result.notes:
            logger.warning("%s: %s", result.doc_id, note)
        if result.error is not None:
            failures.append(f"{result.doc_id}: {result.error}")
            logger.error("pair %s failed and is skipped: %s", result.doc_id, result.error)
            return None
        if result.unlike:
            unlike.append(result.doc_id)
        kept = []
        for row in result.rows:
            reason = self.filters.reason(row)
            if reason is None:
                kept.append(row)
            else:
                left_out[reason] = left_out.get(reason, 0) + 1
        return kept

    def _check_resumable(self, header: IndexHeader | None, output: str, fmt: str) -> None:
        assert header is not None
        if header.format != fmt:
            raise ValueError(f"{output} holds {header.format} output, not {fmt}; use another -o, or --force to "
                             "start over")
        if (header.src_lang, header.tgt_lang) != (self.src_lang, self.tgt_lang):
            raise ValueError(f"{output} holds {header.src_lang}-{header.tgt_lang} pairs, not "
                             f"{self.src_lang}-{self.tgt_lang}; use another -o, or --force to start over")
        if header.filters != self.filters.as_dict():
            raise ValueError(f"{output} was written with other filters ({_filters_text(header.filters)}) than this "
                             f"run ({_filters_text(self.filters.as_dict())}); use the same ones, another -o, or "
                             "--force to start over")

    def _check_written_options(self, written: dict[str, Any], output: str) -> None:
        """An option that changes the bytes of the rows must be that of the output being resumed: rows
        with and without it in one file cannot be read back as one (the sidecar says which applies)."""
        if "excel_safe" in written and written["excel_safe"] != self.excel_safe:
            had = "with" if written["excel_safe"] else "without"
            raise ValueError(f"{output} was written {had} excel_safe (CLI: --excel-safe), which changes how text "
                             f"cells are written; run again {had} it to continue, or use another -o, or --force to "
                             "start over")

    def _progress(self, results: Iterator[DocumentResult], total: int) -> Iterator[DocumentResult]:
        if not self.progress:
            return results
        from tqdm import tqdm

        return iter(tqdm(results, total=total, file=sys.stderr, desc="documents", unit="doc"))


def _is_done(pair: DocumentPair, done: set[str]) -> bool:
    # An output written before doc ids dropped the extension names its documents doc1.txt.
    return pair.doc_id in done or pair.src.name in done


def _filters_text(filters: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(filters.items()) if v not in (None, False)) or "none"


def _check_unique(pairs: Sequence[DocumentPair]) -> None:
    seen: set[str] = set()
    for pair in pairs:
        if pair.doc_id in seen:
            raise ValueError(f"doc id {pair.doc_id!r} is given twice; doc ids must be unique")
        seen.add(pair.doc_id)


def run_corpus(pairs: Sequence[DocumentPair], output: str | os.PathLike[str], *, format: CorpusFormat | None = None,
               overwrite: bool = False, problems: Sequence[str] = (), **options: Any) -> CorpusSummary:
    """One-shot :meth:`CorpusRunner.run`; ``options`` are those of :class:`CorpusRunner`."""
    return CorpusRunner(**options).run(pairs, output, format=format, overwrite=overwrite, problems=problems)
