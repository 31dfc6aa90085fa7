"""The layout of the export and corpus modules after their split: old names, cheap imports.

``formats.py`` became the package :mod:`bialign.formats`; ``corpus.py`` and
``corpus_outputs.py`` kept the runner and the appendable outputs and gave their other stages to
sibling modules. Every name they defined (the private ones too) must still import from the old
module, and every stage module must import alone without the optional heavy dependencies.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

FORMATS_NAMES = """
CorpusRow FORMATS Format ParallelCorpus ReadableFormat TSV_COLUMNS XmlIllegal _ATTR_ESCAPES _ATTR_ESCAPE_RE
_BINARY_FORMATS _DELIMITERS _EXTENSIONS _FLOAT_RE _FORMULA_START _JSON_LINE_BREAKS _JSON_LINE_BREAK_RE
_PH_TYPE _PROP_PREFIX _SIDECAR_FORMATS _TEXT_ESCAPES _TEXT_ESCAPE_RE _TSV_ESCAPES _TSV_ESCAPE_RE
_TSV_UNESCAPES _TSV_UNESCAPE_RE _UINT_RE _XLSX_CELL_MAX _XLSX_ILLEGAL_RE _XML_ILLEGAL_RE _XML_LANG _all_text
_check_corpus _check_encodable _check_xlsx_text _checked_lang _checked_meta _checked_row _chunks _decode
_drop_null _element_text _ids_text _iter_beads _iter_jsonl _iter_table _iter_tmx _openpyxl _parse_ids
_parse_score _parse_uint _quote _read_jsonl _read_sidecar _read_table _read_tmx _read_tsv_v1 _read_xlsx
_read_xlsx_book _reject_constant _split_records _table_row _tsv_escape _tsv_unescape _write_xlsx _xlsx_cell
_xml_attr _xml_text atomic_writer check_output_path corpus_from_alignment drop_null dumps export
format_from_path loads read_corpus sidecar_path table_meta write_corpus
""".split()

CORPUS_NAMES = """
AlignerSpec CorpusInterrupted CorpusRunner CorpusSummary DocumentPair DocumentResult Filters PAIR_ERRORS
PairWorker _CtrlCAfter _Job _LOCAL_RESTARTS _Notes _PoolBroken _RAY_LOOPBACK_ENV _RAY_RETRIES _block_sigint
_check_unique _filters_text _in_order _init_process _input_size _is_done _limit_threads _one_encoder_thread
_one_line _processes _ray _read_side _restore_sigmask _run_in_process _serial _stop_workers _unencodable
default_jobs escaped_name pairs_from_dirs pairs_from_manifest run_corpus start_local_ray
""".split()

CORPUS_OUTPUTS_NAMES = """
AppendOutput CORPUS_FORMATS CorpusFormat CorpusOutput INDEX_VERSION Index IndexEntry IndexHeader IndexState
MissingDependency OutputLock ParquetOutput XlsxOutput _CORPUS_EXTENSIONS _DIR_INDEX _INDEX_SUFFIX
_LINE_BREAK_RE _SHARD_RE _fsync_dir _pyarrow _table _write_parquet_atomically corpus_format_from_path
make_output parquet_schema read_parquet_corpus
""".split()

STAGES = ["formats.rows", "formats.tables", "formats.xlsx", "formats.tmx", "formats.jsonl", "formats.files",
          "corpus_pairs", "corpus_workers", "corpus_backends", "corpus_ray", "corpus_index", "corpus_parquet",
          "corpus_outputs", "corpus"]


@pytest.mark.parametrize("module,names", [("formats", FORMATS_NAMES), ("corpus", CORPUS_NAMES),
                                          ("corpus_outputs", CORPUS_OUTPUTS_NAMES)])
def test_every_old_name_still_imports_from_the_old_module(module, names):
    mod = importlib.import_module(f"bialign.{module}")
    assert [n for n in names if not hasattr(mod, n)] == []


def test_the_re_exports_are_the_objects_the_code_uses():
    import bialign.corpus as corpus
    import bialign.corpus_workers as workers
    import bialign.formats as formats
    import bialign.formats.files as files

    assert formats.write_corpus is files.write_corpus and corpus.PairWorker is workers.PairWorker
    # Pickled by reference into worker processes and Ray actors: they must name their new module.
    assert (workers._run_in_process.__module__, workers._Job.__module__) == ("bialign.corpus_workers",) * 2


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_imports_alone_without_heavy_dependencies(stage):
    code = (f"import sys, bialign.{stage}; "
            "assert not {'torch', 'pyarrow', 'ray', 'openpyxl'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
