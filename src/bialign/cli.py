"""The ``bialign`` command line: argument parsing, progress, files and exit codes only.

All the work is done by the library; this module turns arguments into calls and errors into
exit codes::

    bialign align ja.txt en.txt -o article.tmx          # a parallel corpus of one document
    bialign corpus ja/ en/ -o corpus.tsv                # many documents, resumable
    bialign corpus --manifest pairs.tsv -o corpus.jsonl
    bialign diff ja.txt en.txt --format html -o report.html
    bialign eval gold.beads test.beads

Exit codes: 0 success; 1 bad input (one line on stderr that says what is wrong and how to fix
it; ``--verbose`` adds the traceback); 2 usage error; 130 interrupted. ``-`` is stdin for an
input and stdout for ``-o``. Progress bars go to stderr, only when it is a terminal and
``--quiet`` is not given. Existing outputs are never replaced without ``--force``, except
that ``corpus`` resumes into an existing output of its own (see :mod:`bialign.corpus`).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Sequence

from . import formats
from .formats import FORMATS, ParallelCorpus
from .io_safety import DEFAULT_MAX_INPUT_BYTES, write_stdout
from .segment import Sentence, presplit_lines

logger = logging.getLogger("bialign.cli")

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

# Errors that mean "the input or the environment is wrong", answered with one line and exit 1.
# Anything else is a bug in bialign and keeps its traceback.
USER_ERRORS = (ValueError, OSError, LookupError)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like argparse but with a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bialign`` command (exposed for documentation tools)."""
    common, inputs, export = _common_options(), _input_options(), _export_options()
    parser = _Parser(prog="bialign", description="Align a text with its translation, sentence by sentence, "
                     "export the parallel corpus, and find where the translation diverges.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    _add_align(sub, [common, inputs, export])
    _add_corpus(sub, [common, inputs, export])
    _add_diff(sub, [common, inputs])
    _add_eval(sub, [common])
    return parser


def _common_options() -> argparse.ArgumentParser:
    """The options of every subcommand: -q, -v, -f and the input size cap."""
    common = argparse.ArgumentParser(add_help=False)
    g = common.add_argument_group("common options")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress bars or notes, only errors")
    g.add_argument("-v", "--verbose", action="store_true", help="more detail, and a traceback on errors")
    g.add_argument("-f", "--force", action="store_true", help="replace an existing output file")
    g.add_argument("--max-input-mb", type=_positive_int, default=DEFAULT_MAX_INPUT_BYTES // 1_000_000, metavar="N",
                   help="refuse an input file or stdin larger than N MB "
                        f"(default: {DEFAULT_MAX_INPUT_BYTES // 1_000_000})")
    return common


def _input_options() -> argparse.ArgumentParser:
    """The options of the subcommands that read and align two texts: languages, encodings, aligner."""
    inputs = argparse.ArgumentParser(add_help=False)
    g = inputs.add_argument_group("input and alignment options")
    g.add_argument("--src-lang", default="ja", metavar="LANG", help="language of SRC (default: ja)")
    g.add_argument("--tgt-lang", default="en", metavar="LANG", help="language of TGT (default: en)")
    g.add_argument("--encoding", metavar="NAME",
                   help="encoding of both input files (default: UTF-8; e.g. shift_jis, euc-jp)")
    g.add_argument("--src-encoding", metavar="NAME", help="encoding of SRC alone (overrides --encoding)")
    g.add_argument("--tgt-encoding", metavar="NAME", help="encoding of TGT alone (overrides --encoding)")
    g.add_argument("--model", metavar="NAME_OR_PATH",
                   help="sentence-transformers model name or local path (default: the bundled encoder)")
    g.add_argument("--presplit", action="store_true",
                   help="the inputs hold one sentence per line (no segmentation); blank lines separate paragraphs")
    g.add_argument("--paragraphs", choices=("auto", "line", "blank"),
                   help="what ends a paragraph in raw text: every line break (line), only blank lines (blank: "
                        "hard-wrapped text), or line unless the text looks hard-wrapped (auto, the default)")
    g.add_argument("--max-bead", type=_positive_int, metavar="N",
                   help="most sentences on one side of a bead (default: the aligner's)")
    g.add_argument("--refine", type=_count, metavar="N",
                   help="embed runs of sentences for real: 0 never (sums of sentence vectors, fastest); with "
                        "--model, the runs within N sentences of each bead that is not 1-1 (2: more accurate, "
                        "slower); the bundled encoder embeds every run whenever N > 0 (default: 1)")
    g.add_argument("--monotonic", action="store_true",
                   help="keep both texts in order: never pair a sentence translated in another place")
    return inputs


def _export_options() -> argparse.ArgumentParser:
    """The options of the subcommands that write a corpus: the filters, --excel-safe, --xml-illegal."""
    export = argparse.ArgumentParser(add_help=False)
    g = export.add_argument_group("export options")
    g.add_argument("--min-score", type=_unit_float, metavar="X",
                   help="leave out beads scoring below X (0..1); the number left out is reported")
    g.add_argument("--drop-null", action="store_true",
                   help="leave out 1-0 and 0-1 beads (a sentence with no counterpart); not for beads")
    g.add_argument("--excel-safe", action="store_true",
                   help="TSV: prefix cells starting with = + - @ with ' (formula injection guard)")
    g.add_argument("--xml-illegal", choices=("escape", "reject"), default="escape",
                   help="TMX: store control characters as <ph> placeholders (default) or refuse them")
    return export


def _add_align(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add the ``align`` subcommand and its arguments to ``sub``."""
    p = sub.add_parser("align", parents=parents, help="align two texts into a parallel corpus",
                       description="Align SRC with its translation TGT and export the beads.")
    p.add_argument("src", metavar="SRC", help="source text file, or - for stdin")
    p.add_argument("tgt", metavar="TGT", help="translation file, or - for stdin")
    p.add_argument("-o", "--output", default="-", metavar="OUT", help="output file (default: - for stdout)")
    p.add_argument("--format", choices=FORMATS,
                   help="output format (default: from OUT's extension: .tsv .csv .tmx .jsonl .xlsx .beads; "
                        "tsv for stdout)")
    p.add_argument("--doc-id", default="", help="document id written in every row (default: empty)")
    p.add_argument("--beads-comment", action="store_true",
                   help="beads: also put the provenance in a first '# provenance:' line (Vecalign's reader "
                        "does not take it; the sidecar OUT.meta.json always has it)")
    p.set_defaults(func=run_align)


def _add_corpus(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add the ``corpus`` subcommand and its arguments to ``sub``."""
    p = sub.add_parser("corpus", parents=parents,
                       help="align many document pairs into one corpus (resumable)",
                       description="Align document pairs -- two directories with matching file names, or a "
                       "manifest -- into one corpus with a doc_id column. Pairs already in OUT are skipped, "
                       "so an interrupted run continues where it stopped; a failing pair is reported and "
                       "skipped, and the exit code is 1 if any failed.")
    p.add_argument("dirs", nargs="*", metavar="DIR", help="SRC_DIR TGT_DIR with files of the same names")
    p.add_argument("--manifest", metavar="FILE",
                   help="TSV of pairs: SRC<TAB>TGT[<TAB>DOC_ID] per line, paths relative to the manifest")
    p.add_argument("--glob", default="*", help="file name pattern in the directories (default: *)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="corpus file, Parquet directory or Moses prefix (- for stdout: no resume)")
    p.add_argument("--format", choices=("tsv", "csv", "tmx", "jsonl", "xlsx", "parquet", "moses"),
                   help="output format (default: from OUT's extension: .tsv .csv .tmx .jsonl .xlsx .parquet, a directory "
                        "is parquet shards; tsv for stdout); moses writes OUT.SRC_LANG, OUT.TGT_LANG and OUT.ids")
    p.add_argument("-j", "--jobs", type=_positive_int, metavar="N",
                   help="worker processes, each loading the encoder once (default: one per core)")
    p.add_argument("--ray", nargs="?", const="", metavar="ADDRESS",
                   help="run the pairs on a Ray cluster: a local one bound to 127.0.0.1 without ADDRESS, "
                        "else the cluster at ADDRESS (needs pip install \"bialign[ray]\")")
    p.add_argument("--max-length-ratio", type=_ratio, metavar="X",
                   help="leave out beads whose longer side has more than X times the characters of the other")
    p.set_defaults(func=run_corpus)


def _add_diff(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` subcommand and its arguments to ``sub``."""
    p = sub.add_parser("diff", parents=parents, help="list where the translation diverges",
                       description="Align SRC and TGT, then report the divergences.")
    p.add_argument("src", metavar="SRC", help="source text file, or - for stdin")
    p.add_argument("tgt", metavar="TGT", help="translation file, or - for stdin")
    p.add_argument("-o", "--output", default="-", metavar="OUT", help="output file (default: - for stdout)")
    p.add_argument("--format", choices=("text", "json", "html"),
                   help="text, json or a self-contained html report (default: from OUT's extension, else text)")
    p.add_argument("--low-score", type=_unit_float, default=0.5, metavar="X",
                   help="html: mark beads scoring below X as low confidence (default: 0.5)")
    p.add_argument("--chunks", action="store_true",
                   help="html: outline which phrase renders which on hover (Japanese-English)")
    p.add_argument("--min-severity", choices=("info", "minor", "major"), default="minor",
                   help="report divergences of this severity and above (default: minor; info is where a "
                        "check could not decide)")
    p.set_defaults(func=run_diff)


def _add_eval(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add the ``eval`` subcommand and its arguments to ``sub``."""
    p = sub.add_parser("eval", parents=parents, help="score an alignment against a gold one",
                       description="Strict and lax precision, recall and F1 of TEST against GOLD (bead files), "
                                   "as the Vecalign/Bertalign scoring script computes them.")
    p.add_argument("gold", metavar="GOLD", help="gold bead file ([0]:[0, 1] per line)")
    p.add_argument("test", metavar="TEST", help="bead file to score")
    p.add_argument("--metric", choices=("published", "pairs_only", "all_beads"), default="published",
                   help="published: the Vecalign/Bertalign script (1-0/0-1 test beads count in precision); "
                        "pairs_only: 1-0/0-1 beads left out; all_beads: counted on both sides (default: published)")
    p.set_defaults(func=run_eval)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits for --help (0) and usage errors (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    level = logging.getLogger("bialign").level  # main() may run in a process that logs on afterwards
    handler = _configure_logging(args)
    try:
        return args.func(args)
    except SystemExit as exc:  # a usage error found after parsing (see _usage)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except USER_ERRORS as exc:
        if args.verbose:
            traceback.print_exc(file=sys.stderr)
        print(f"bialign: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        if args.verbose:
            traceback.print_exc(file=sys.stderr)
        print("bialign: error: out of memory; split the input into smaller documents "
              "(the `corpus` command aligns them one by one)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("bialign: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        logging.getLogger("bialign").removeHandler(handler)
        logging.getLogger("bialign").setLevel(level)


# --------------------------------------------------------------------------- commands


def run_align(args: argparse.Namespace) -> int:
    """``bialign align``: one document pair to a corpus file."""
    _check_output(args)
    fmt = args.format or _format_for(args.output, formats.format_from_path)
    if fmt == "xlsx" and args.output == "-":
        raise _usage("an xlsx workbook cannot go to stdout; give -o OUT.xlsx")
    if args.drop_null and fmt == "beads":
        raise _usage("--drop-null does not apply to the bead format: a bead file covers every sentence")
    if fmt in ("tsv", "csv", "beads") and args.output != "-":
        formats.check_output_path(formats.sidecar_path(args.output), overwrite=args.force)
    _check_distinct_stdin(args.src, args.tgt)
    alignment = _align_files(args, args.src, args.tgt)
    corpus = _filter_min_score(formats.corpus_from_alignment(alignment, doc_id=args.doc_id), args.min_score)
    if args.drop_null:
        corpus, dropped = formats.drop_null(corpus)
        if dropped:
            logger.warning("left out %d 1-0/0-1 bead(s), a sentence with no counterpart (--drop-null)", dropped)
    _write_corpus(corpus, args, fmt)
    if not args.quiet and args.output != "-":
        sidecar = f" (provenance in {formats.sidecar_path(args.output)})" if fmt in ("tsv", "csv", "beads") else ""
        print(f"bialign: wrote {len(corpus.rows)} beads to {args.output}{sidecar}; median score "
              f"{alignment.median_score:.2f}", file=sys.stderr)
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    """``bialign diff``: the divergences as text, JSON or an HTML report."""
    fmt = args.format or _format_for(args.output, _diff_format_from_path, stdout="text")
    _check_output(args)
    _check_distinct_stdin(args.src, args.tgt)
    alignment = _align_files(args, args.src, args.tgt)
    import bialign

    everything = list(bialign.compare(alignment))
    rank = {"info": 0, "minor": 1, "major": 2}
    divergences = [d for d in everything if rank[d.severity] >= rank[args.min_severity]]
    logger.info("%d divergences in %d beads (%d below --min-severity %s not shown)", len(divergences),
                len(alignment.beads), len(everything) - len(divergences), args.min_severity)
    if fmt == "html":
        from . import report

        text = report.render_html(alignment, divergences, low_score=args.low_score,
                                  title=f"{_display(args.src)} / {_display(args.tgt)}", chunks=args.chunks)
    elif fmt == "json":
        text = json.dumps(
            {"provenance": alignment.provenance.signature(), "divergences": [_divergence_dict(d) for d in divergences]},
            ensure_ascii=False, indent=2,
        ) + "\n"
    else:
        text = "".join(_divergence_text(d) for d in divergences) or "no divergences found\n"
    _write_text(text, args)
    if not args.quiet and args.output != "-":
        print(f"bialign: wrote {len(divergences)} divergences in {len(alignment.beads)} beads to {args.output}",
              file=sys.stderr)
    return EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    """``bialign eval``: strict and lax scores of a bead file against a gold bead file."""
    from .evaluate import coverage_warning, evaluate, read_beads

    gold = read_beads(args.gold, max_bytes=_max_bytes(args))
    test = read_beads(args.test, max_bytes=_max_bytes(args))
    scores = evaluate(gold, test, metric=args.metric)
    warning = coverage_warning(gold, test, gold_name=args.gold, test_name=args.test, scores=scores)
    if warning:
        logger.warning(warning)
    sys.stdout.write(_scores_text(scores))
    return EXIT_OK


def _aligner_options(args: argparse.Namespace) -> dict[str, Any]:
    """The aligner settings of the command line, as keyword arguments of :class:`bialign.Aligner`."""
    options: dict[str, Any] = {}
    if args.paragraphs is not None:
        if args.presplit:
            raise _usage("--paragraphs applies to raw text; with --presplit, blank lines separate paragraphs")
        options["paragraphs"] = args.paragraphs
    if args.max_bead is not None:
        options["max_bead"] = args.max_bead
    if args.refine is not None:
        options["refine"] = args.refine
    if args.monotonic:
        options["moved"] = False
    return options


def run_corpus(args: argparse.Namespace) -> int:
    """``bialign corpus``: many document pairs into one corpus, resumably (see :mod:`bialign.corpus`)."""
    from . import corpus

    if args.manifest and args.dirs:
        raise _usage("give either two directories or --manifest, not both")
    if args.manifest:
        pairs, problems = corpus.pairs_from_manifest(args.manifest, max_bytes=_max_bytes(args)), []
    elif len(args.dirs) == 2:
        pairs, problems = corpus.pairs_from_dirs(*args.dirs, glob=args.glob)
    else:
        raise _usage("corpus needs SRC_DIR TGT_DIR (two directories) or --manifest FILE")
    for line in problems:
        logger.error("%s; it is skipped", line)
    options = _aligner_options(args)
    runner = corpus.CorpusRunner(
        src_lang=args.src_lang, tgt_lang=args.tgt_lang,
        aligner=corpus.AlignerSpec(args.model, tuple(sorted(options.items()))),
        encoding=args.encoding, src_encoding=args.src_encoding, tgt_encoding=args.tgt_encoding,
        presplit=args.presplit, jobs=args.jobs, ray=args.ray if args.ray is not None else False,
        filters=corpus.Filters(args.min_score, args.drop_null, args.max_length_ratio),
        progress=not args.quiet and sys.stderr.isatty(), excel_safe=args.excel_safe, xml_illegal=args.xml_illegal,
        max_bytes=_max_bytes(args),
    )
    try:
        summary = runner.run(pairs, args.output, format=args.format, overwrite=args.force, problems=problems)
    except corpus.MissingDependency as exc:  # an optional extra (pyarrow, ray) is not installed
        print(f"bialign: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except corpus.CorpusInterrupted as exc:
        print(f"bialign: {exc}", file=sys.stderr)
        return EXIT_INTERRUPTED  # said once, here (main would print "interrupted" again)
    if summary.failed:
        print(f"bialign: {summary.text()}:", file=sys.stderr)
        for line in summary.failed:
            print(f"  {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.quiet:
        print(f"bialign: {summary.text()}; {summary.rows_total} beads in {args.output}", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- helpers


def _align_files(args: argparse.Namespace, src: str, tgt: str, *, quiet_progress: bool = False) -> Any:
    """Read the two inputs and align them with the options of ``args``."""
    import bialign

    from .segment import check_language, check_script

    src_in = _read_input(src, args.src_encoding or args.encoding, args.presplit, _max_bytes(args),
                         option="--src-encoding")
    tgt_in = _read_input(tgt, args.tgt_encoding or args.encoding, args.presplit, _max_bytes(args),
                         option="--tgt-encoding")
    for path, text, lang in ((src, src_in, args.src_lang), (tgt, tgt_in, args.tgt_lang)):
        check_script(text if isinstance(text, str) else "\n".join(s.text for s in text), check_language(lang),
                     name=_display(path))
    options: dict[str, Any] = {"src_lang": args.src_lang, "tgt_lang": args.tgt_lang, **_aligner_options(args)}
    if args.model:
        options["encoder"] = args.model
    # The aligner's own bar (embedding, search); in corpus mode the per-document bar is enough.
    options["progress"] = not quiet_progress and not args.quiet and sys.stderr.isatty()
    start = time.monotonic()
    alignment = bialign.align(src_in, tgt_in, **options)
    logger.info("aligned %s and %s: %d beads in %.1f s", _display(src), _display(tgt), len(alignment.beads),
                time.monotonic() - start)
    return alignment


def _max_bytes(args: argparse.Namespace) -> int:
    return int(getattr(args, "max_input_mb", DEFAULT_MAX_INPUT_BYTES // 1_000_000)) * 1_000_000


def _read_input(path: str, encoding: str | None, presplit: bool,
                max_bytes: int = DEFAULT_MAX_INPUT_BYTES, *, option: str = "--encoding") -> str | list[Sentence]:
    from .io_safety import read_stream_bytes
    from .text import decode_text, load_text

    if path == "-":
        data = read_stream_bytes(sys.stdin.buffer, max_bytes, name="standard input")
        text = decode_text(data, name="<stdin>", encoding=encoding, option=option)
        if not text.strip():
            raise ValueError("standard input is empty: there is nothing to align; check the pipe")
    else:
        text = load_text(path, encoding=encoding, option=option, max_bytes=max_bytes)
    return presplit_lines(text) if presplit else text


def _filter_min_score(corpus: ParallelCorpus, min_score: float | None) -> ParallelCorpus:
    if min_score is None:
        return corpus
    kept = tuple(r for r in corpus.rows if r.score >= min_score)
    if len(kept) < len(corpus.rows):
        logger.warning("left out %d of %d beads scoring below --min-score %g%s", len(corpus.rows) - len(kept),
                       len(corpus.rows), min_score, f" in {corpus.rows[0].doc_id}" if corpus.rows[0].doc_id else "")
    return ParallelCorpus(kept, corpus.src_lang, corpus.tgt_lang, corpus.provenance)


def _check_output(args: argparse.Namespace) -> None:
    """Fail before the long work if the output cannot be written."""
    if args.output != "-":
        formats.check_output_path(args.output, overwrite=args.force)


def _check_distinct_stdin(src: str, tgt: str) -> None:
    if src == "-" and tgt == "-":
        raise _usage("only one of SRC and TGT can be - (stdin)")


def _write_corpus(corpus: ParallelCorpus, args: argparse.Namespace, fmt: str) -> None:
    beads_comment = getattr(args, "beads_comment", False)
    if args.output == "-":
        _write_text(formats.dumps(corpus, fmt, excel_safe=args.excel_safe, xml_illegal=args.xml_illegal,  # type: ignore[arg-type]
                                  beads_comment=beads_comment), args)
        if fmt in ("tsv", "csv", "beads"):
            logger.info("stdout has no sidecar: the languages and provenance are not written (write to a file "
                        "for OUT.meta.json, or use --format jsonl or tmx)")
    else:
        formats.write_corpus(corpus, args.output, fmt, overwrite=args.force,  # type: ignore[arg-type]
                             excel_safe=args.excel_safe, xml_illegal=args.xml_illegal, beads_comment=beads_comment)


def _write_text(text: str, args: argparse.Namespace) -> None:
    if args.output == "-":
        write_stdout(text)
        return
    with formats.atomic_writer(args.output, overwrite=args.force) as fh:
        fh.write(text)


def _format_for(output: str, from_path: Callable[[str], str], stdout: str = "tsv") -> str:
    # stdout has no extension to go by
    return from_path(output) if output != "-" else stdout


def _diff_format_from_path(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "text")


def _divergence_dict(d: Any) -> dict[str, Any]:
    data = asdict(d)
    data["evidence"] = dict(d.evidence)
    return data


def _divergence_text(d: Any) -> str:
    from .text import show_bidi_controls

    # Bidirectional controls (U+202E ...) are shown as <U+202E>, so that none reverses the
    # rest of a line on the terminal.
    src = show_bidi_controls(d.src_text.replace("\n", " "))
    tgt = show_bidi_controls(d.tgt_text.replace("\n", " ")) if d.tgt_text else "(nothing)"
    return (f"bead {d.bead} [{d.severity}] {d.kind} ({d.check}): {show_bidi_controls(d.explanation)}\n"
            f"    {src}\n    {tgt}\n")


def _scores_text(scores: Any) -> str:
    if hasattr(scores, "__dataclass_fields__"):
        scores = asdict(scores)
    if isinstance(scores, dict):
        return "".join(f"{k}: {_fmt_score(v)}\n" for k, v in scores.items())
    return f"{scores}\n"


def _fmt_score(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k}={_fmt_score(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


class _Formatter(logging.Formatter):
    """``bialign: message`` (a corpus run puts the document's id at the start of its notes)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"bialign: {super().format(record)}"


def _configure_logging(args: argparse.Namespace) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter("%(message)s"))
    log = logging.getLogger("bialign")
    level = logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING
    log.setLevel(level)
    handler.setLevel(level)
    log.addHandler(handler)
    return handler


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename and exc.strerror:
        message = f"{exc.filename}: {exc.strerror}"
    else:
        message = str(exc) or type(exc).__name__
    if isinstance(exc, KeyError):  # str(KeyError) adds quotes
        message = f"missing {message}"
    return " ".join(message.split())


def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _usage(message: str) -> SystemExit:
    """A usage error raised after parsing: print like argparse and exit 2 from :func:`main`."""
    print(f"bialign: error: {message} (see bialign --help)", file=sys.stderr)
    return SystemExit(EXIT_USAGE)


def _whole_number(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} must be at least {minimum}")
        return value

    return parse


_positive_int = _whole_number(1)
_count = _whole_number(0)


def _unit_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} must be between 0 and 1")
    return value


def _ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 1.0:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1 (the longer side over the shorter)")
    return value


def _version() -> str:
    from .provenance import bialign_version

    return bialign_version()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
