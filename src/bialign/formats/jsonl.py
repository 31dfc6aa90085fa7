"""JSONL: one record a line in the Hugging Face ``datasets`` translation convention, and its reader.

See :mod:`bialign.formats` for the record's fields.
"""

from __future__ import annotations

import json
import re
from typing import Iterator

from .rows import ParallelCorpus, _check_encodable, _checked_lang, _checked_row, _reject_constant

_JSON_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}
_JSON_LINE_BREAK_RE = re.compile("[\u2028\u2029\u0085]")


def _iter_jsonl(corpus: ParallelCorpus) -> Iterator[str]:
    if corpus.src_lang == corpus.tgt_lang:
        raise ValueError(f"JSONL keys the texts by language, so the two languages must differ "
                         f"(both are {corpus.src_lang!r}); use TSV or TMX for a same-language alignment")
    for row in corpus.rows:
        record = {
            "translation": {corpus.src_lang: row.src_text, corpus.tgt_lang: row.tgt_text},
            "doc_id": row.doc_id,
            "bead_id": row.bead_id,
            "score": float(row.score),
            "type": row.type,
            "src_ids": list(row.src_ids),
            "tgt_ids": list(row.tgt_ids),
            "provenance": corpus.provenance,
        }
        line = json.dumps(record, ensure_ascii=False, allow_nan=False)
        yield _JSON_LINE_BREAK_RE.sub(lambda m: _JSON_LINE_BREAKS[m.group()], line) + "\n"


def _read_jsonl(text: str, name: str, *, src_lang: str | None = None) -> ParallelCorpus:
    rows = []
    langs: tuple[str, str] | None = None
    provenance = ""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line, parse_constant=_reject_constant)
        except RecursionError:
            raise ValueError(f"{where} is nested too deeply to be a bialign JSONL record") from None
        except ValueError as exc:  # JSONDecodeError, NaN/Infinity, an integer of thousands of digits
            raise ValueError(f"{where} is not valid JSON ({' '.join(str(exc).split())[:120]})") from None
        if not isinstance(record, dict) or "translation" not in record:
            raise ValueError(f"{where} is not a JSON object with a 'translation' field")
        translation = record["translation"]
        if not isinstance(translation, dict) or len(translation) != 2:
            raise ValueError(f"{where}: 'translation' must map exactly two language codes to texts")
        if langs is None:
            keys = tuple(translation)
            if src_lang is not None and src_lang in translation:
                keys = (src_lang, next(k for k in keys if k != src_lang))
            langs = (_checked_lang(keys[0], f"{where}: translation"), _checked_lang(keys[1], f"{where}: translation"))
            provenance = record.get("provenance", "")
            if not isinstance(provenance, str):
                raise ValueError(f"{where}: provenance must be a string, got {type(provenance).__name__}")
            _check_encodable(provenance, f"{where}: provenance")
        if set(translation) != set(langs):
            raise ValueError(f"{where}: languages {sorted(translation)} differ from the first line's {list(langs)}")
        if "score" not in record:
            raise ValueError(f"{where}: no 'score' field; bialign reads the JSONL it writes, which gives every "
                             "bead a score")
        row = _checked_row(where, record.get("doc_id", ""), record.get("bead_id", len(rows)),
                           translation[langs[0]], translation[langs[1]], record["score"],
                           record.get("src_ids", []), record.get("tgt_ids", []))
        typ = record.get("type")
        if typ is not None and typ != row.type:
            raise ValueError(f"{where}: type {str(typ)[:20]!r} does not match the sentence ids ({row.type})")
        rows.append(row)
    if langs is None:
        raise ValueError(f"{name} has no records; there is nothing to read")
    return ParallelCorpus(tuple(rows), langs[0], langs[1], provenance)
