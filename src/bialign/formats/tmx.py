"""TMX 1.4b: the writer, XML escaping and placeholders, and the reader.

Kept apart because it is the one XML format: escaping, the ``<ph>`` placeholders for
characters XML 1.0 cannot carry, and a reader that tolerates other tools' inline markup.
See :mod:`bialign.formats` for the format itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator, get_args

from ..provenance import bialign_version
from .rows import (ParallelCorpus, XmlIllegal, _check_encodable, _checked_lang, _checked_row, _ids_text, _parse_ids,
                   _parse_score, _parse_uint)

# XML 1.0 Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
_TEXT_ESCAPE_RE = re.compile("[&<>\r]")
_ATTR_ESCAPE_RE = re.compile('[&<>"\r\t\n]')
_PH_TYPE = "x-bialign-char"
_PROP_PREFIX = "x-bialign-"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml_text(text: str, where: str, illegal: XmlIllegal) -> str:
    out = []
    pos = 0
    for m in _XML_ILLEGAL_RE.finditer(text):
        if illegal == "reject":
            raise ValueError(
                f"{where} contains U+{ord(m.group()):04X} at character {m.start()}, which XML 1.0 (and so TMX) "
                "cannot carry; remove it from the input, or export with xml_illegal='escape' to store it as "
                "a <ph> placeholder"
            )
        out.append(_TEXT_ESCAPE_RE.sub(lambda e: _TEXT_ESCAPES[e.group()], text[pos:m.start()]))
        out.append(f'<ph type="{_PH_TYPE}">U+{ord(m.group()):04X}</ph>')
        pos = m.end()
    out.append(_TEXT_ESCAPE_RE.sub(lambda e: _TEXT_ESCAPES[e.group()], text[pos:]))
    return "".join(out)


def _xml_attr(text: str, where: str) -> str:
    m = _XML_ILLEGAL_RE.search(text)
    if m:
        raise ValueError(f"{where} contains U+{ord(m.group()):04X}, which XML 1.0 cannot carry in an attribute; "
                         "remove it")
    return _ATTR_ESCAPE_RE.sub(lambda e: _ATTR_ESCAPES[e.group()], text)


def _iter_tmx(corpus: ParallelCorpus, *, xml_illegal: XmlIllegal = "escape") -> Iterator[str]:
    if xml_illegal not in get_args(XmlIllegal):
        raise ValueError(f"xml_illegal must be one of {get_args(XmlIllegal)}, got {xml_illegal!r}")
    src, tgt = _xml_attr(corpus.src_lang, "src_lang"), _xml_attr(corpus.tgt_lang, "tgt_lang")
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    yield (f'  <header creationtool="bialign" creationtoolversion="{_xml_attr(bialign_version(), "version")}" '
           f'datatype="plaintext" segtype="sentence" adminlang="en" srclang="{src}" o-tmf="bialign">\n')
    yield (f'    <prop type="{_PROP_PREFIX}provenance">'
           f'{_xml_text(corpus.provenance, "provenance", xml_illegal)}</prop>\n')
    yield f'    <prop type="{_PROP_PREFIX}tgt-lang">{tgt}</prop>\n'
    yield "  </header>\n  <body>\n"
    for n, row in enumerate(corpus.rows):
        where = f"row {n} (doc {row.doc_id!r}, bead {row.bead_id})"
        doc_attr = _XML_ILLEGAL_RE.sub(lambda m: f"U+{ord(m.group()):04X}", row.doc_id)
        props = (
            ("doc", _xml_text(row.doc_id, where + " doc_id", xml_illegal)),
            ("bead", str(row.bead_id)),
            ("score", repr(float(row.score))),
            ("type", row.type),
            ("src-ids", _ids_text(row.src_ids)),
            ("tgt-ids", _ids_text(row.tgt_ids)),
        )
        lines = [f'    <tu tuid="{_xml_attr(doc_attr, where)}#{row.bead_id}">\n']
        lines += [f'      <prop type="{_PROP_PREFIX}{k}">{v}</prop>\n' for k, v in props]
        for lang, text, side in ((src, row.src_text, "source"), (tgt, row.tgt_text, "target")):
            lines.append(f'      <tuv xml:lang="{lang}"><seg>{_xml_text(text, f"{where} {side}", xml_illegal)}'
                         "</seg></tuv>\n")
        lines.append("    </tu>\n")
        yield "".join(lines)
    yield "  </body>\n</tmx>\n"


def _element_text(elem: ET.Element) -> str:
    """The text of ``<seg>`` or ``<prop>``, with bialign's ``<ph>`` placeholders turned back into characters."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag == "ph" and child.get("type") == _PH_TYPE:
            code = (child.text or "").strip()
            if not re.fullmatch(r"U\+[0-9A-F]{4,6}", code) or int(code[2:], 16) > 0x10FFFF:
                raise ValueError(f"bad bialign placeholder <ph>{code[:20]}</ph>; expected U+XXXX")
            parts.append(chr(int(code[2:], 16)))
        else:
            # Inline markup written by other tools: keep its text content (iteratively: a
            # deeply nested element must not exhaust the stack).
            parts.append(_all_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _all_text(elem: ET.Element) -> str:
    """``"".join(elem.itertext())`` without recursion."""
    out: list[str] = []
    stack: list[ET.Element | str] = [elem]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        out.append(item.text or "")
        for child in reversed(item):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)
    return "".join(out)


def _read_tmx(data: bytes, name: str) -> ParallelCorpus:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{name} is not well-formed XML ({exc}); is it a TMX file?") from None
    except (LookupError, ValueError) as exc:  # encoding="bogus", or one expat cannot read
        raise ValueError(f"{name}: the XML declaration names an encoding that cannot be read ({exc}); "
                         "bialign writes TMX as UTF-8") from None
    except RecursionError:
        raise ValueError(f"{name}: the XML is nested too deeply to be a TMX file") from None
    header = root.find("header")
    body = root.find("body")
    if root.tag != "tmx" or header is None or body is None:
        raise ValueError(f"{name} is not a TMX file: expected <tmx> with <header> and <body>")
    src_lang = _checked_lang(header.get("srclang", ""), f"{name}: <header srclang>")
    try:
        header_props = {p.get("type"): _element_text(p) for p in header.findall("prop")}
    except ValueError as exc:
        raise ValueError(f"{name}: <header>: {exc}") from None
    provenance = header_props.get(_PROP_PREFIX + "provenance", "")
    _check_encodable(provenance, f"{name}: <header> provenance")
    tgt_lang = header_props.get(_PROP_PREFIX + "tgt-lang")
    if tgt_lang is not None:
        tgt_lang = _checked_lang(tgt_lang, f"{name}: <header> tgt-lang")
    rows = []
    for n, tu in enumerate(body.iter("tu")):
        where = f"{name}: translation unit {n} (tuid {str(tu.get('tuid'))[:40]!r})"
        try:
            props = {p.get("type", ""): _element_text(p) for p in tu.findall("prop")}
            tuvs = [(tuv.get(_XML_LANG) or tuv.get("lang") or "", tuv.find("seg")) for tuv in tu.findall("tuv")]
            if len(tuvs) != 2 or any(seg is None for _, seg in tuvs):
                raise ValueError(f"has {len(tuvs)} <tuv> with <seg>; bialign reads pairs (exactly two)")
            (lang_a, seg_a), (lang_b, seg_b) = tuvs
            if lang_b.lower() == src_lang.lower() and lang_a.lower() != src_lang.lower():
                (lang_a, seg_a), (lang_b, seg_b) = (lang_b, seg_b), (lang_a, seg_a)
            if tgt_lang is None:
                tgt_lang = _checked_lang(lang_b, "<tuv xml:lang>")
            if _PROP_PREFIX + "score" not in props:
                raise ValueError(f"has no {_PROP_PREFIX}score prop; bialign reads the TMX it writes, "
                                 "which gives every unit a score")
            row = _checked_row(
                "",
                props.get(_PROP_PREFIX + "doc", ""),
                _parse_uint(props[_PROP_PREFIX + "bead"], "", "bead") if _PROP_PREFIX + "bead" in props else n,
                _element_text(seg_a),  # type: ignore[arg-type]
                _element_text(seg_b),  # type: ignore[arg-type]
                _parse_score(props[_PROP_PREFIX + "score"], ""),
                _parse_ids(props.get(_PROP_PREFIX + "src-ids", ""), "", "src-ids"),
                _parse_ids(props.get(_PROP_PREFIX + "tgt-ids", ""), "", "tgt-ids"),
            )
        except ValueError as exc:
            raise ValueError(f"{where}{'' if str(exc).startswith(':') else ': '}{exc}") from None
        typ = props.get(_PROP_PREFIX + "type")
        if typ is not None and typ != row.type:
            raise ValueError(f"{where}: bead type {typ[:20]!r} does not match the sentence ids ({row.type})")
        rows.append(row)
    if not tgt_lang:
        raise ValueError(f"{name}: no target language (no {_PROP_PREFIX}tgt-lang header prop and no unit); "
                         "is it a TMX file written by bialign?")
    return ParallelCorpus(tuple(rows), src_lang, tgt_lang, provenance)
