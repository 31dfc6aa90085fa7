"""The HTML side-by-side report: both texts bead by bead, with the divergences marked.

:func:`render_html` returns one self-contained HTML file (inline CSS and a few lines of
JavaScript, no external resources) that shows, for every bead, its number, type and score
and the source and target sentences side by side:

- beads scoring below ``low_score`` are tinted and badged "low", so a reader checks them first;
- beads out of the target text's order (:attr:`~bialign.align.Alignment.moved`) are badged "moved";
- every divergence is highlighted in both languages (its ``src_span`` and ``tgt_span``),
  coloured by severity; hovering shows the explanation, and clicking (or Enter on the
  focused mark) opens a panel with the kind, the check, the explanation and the evidence and
  outlines the matching span on the other side. A divergence whose target span is empty
  (nothing renders the source) gets a small "∅" mark where the translation is silent;
- a list of all divergences follows the table, so nothing depends on JavaScript or hovering;
- with ``chunks=True`` (Japanese-English only), the phrases that the chunk correspondence of
  :mod:`bialign.compare.chunks` links are outlined on hover: hovering a chunk of one side
  highlights the chunks of the other side that render it.

All text is escaped (a sentence containing ``<script>`` shows as text; a bidirectional
control such as U+202E RIGHT-TO-LEFT OVERRIDE shows as a red "U+202E" mark instead of
reversing what follows), and a
Content-Security-Policy with the hashes of the report's own style and script blocks keeps any
other script from running even if escaping were ever wrong.

>>> html = render_html(alignment, bialign.compare(alignment))  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from typing import Any, Iterable, Sequence

from .align import Alignment, translation_warning
from .compare import Divergence
from .text import show_bidi_controls

__all__ = ["render_html", "write_html"]

_SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2}

_CSS = """
.bidi { font-size: 0.7em; border: 1px solid #c00; color: #c00; padding: 0 0.2em; unicode-bidi: isolate; }
:root { --major: #f4a3a3; --minor: #f7d88a; --info: #b9d7f2; --low: #fff3e0; }
body { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", sans-serif;
       margin: 1.5em; color: #222; line-height: 1.6; }
h1 { font-size: 1.3em; margin-bottom: 0.2em; }
.meta { color: #555; font-size: 0.85em; word-break: break-all; }
.warning { background: #fff3cd; border-left: 4px solid #b58100; padding: 0.4em 0.6em; }
table { border-collapse: collapse; width: 100%; margin-top: 1em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.5em; vertical-align: top; text-align: left; }
td.src, td.tgt { width: 43%; white-space: pre-wrap; }
td.num, td.score { white-space: nowrap; color: #555; font-size: 0.85em; }
tr.low { background: var(--low); }
.badge { display: inline-block; border-radius: 3px; padding: 0 0.3em; font-size: 0.8em; }
.badge.low { background: #e65100; color: white; }
.badge.moved { background: #4527a0; color: white; }
.badge.major { background: var(--major); } .badge.minor { background: var(--minor); } .badge.info { background: var(--info); }
.empty { color: #aaa; }
mark.div { position: relative; border-radius: 2px; cursor: pointer; padding: 0 1px; }
mark.major { background: var(--major); } mark.minor { background: var(--minor); } mark.info { background: var(--info); }
mark.gap { font-size: 0.8em; padding: 0 3px; }
mark.div.active { outline: 2px solid #1a237e; }
mark.div:hover::after, mark.div:focus-visible::after {
  content: attr(data-tip); position: absolute; left: 0; top: 1.6em; z-index: 10; width: max-content;
  max-width: 28em; white-space: normal; background: #263238; color: #fff; padding: 0.3em 0.5em;
  border-radius: 3px; font-size: 0.85em; font-weight: normal; }
#detail { position: fixed; right: 1em; bottom: 1em; max-width: 32em; background: #fff; border: 2px solid #1a237e;
          border-radius: 4px; padding: 0.6em 0.8em; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
#detail[hidden], .explain { display: none; }
#detail .explain { display: block; }
dl.evidence { margin: 0.3em 0 0; font-size: 0.85em; } dl.evidence dt { font-weight: bold; }
dl.evidence dd { margin: 0 0 0 1em; word-break: break-all; }
.legend mark { margin-right: 0.6em; }
span.chunk.paired { background: #d7f0ec; outline: 1px dotted #00695c; }
"""

_JS = """
(function () {
  var detail = document.getElementById('detail');
  function show(ids) {
    document.querySelectorAll('mark.div.active').forEach(function (m) { m.classList.remove('active'); });
    detail.replaceChildren();
    ids.forEach(function (id) {
      document.querySelectorAll('mark.div').forEach(function (m) {
        if (m.dataset.div.split(' ').indexOf(id) >= 0) { m.classList.add('active'); }
      });
      var source = document.getElementById('explain-' + id);
      if (source) { var copy = source.cloneNode(true); copy.removeAttribute('id'); detail.appendChild(copy); }
    });
    detail.hidden = false;
  }
  document.querySelectorAll('mark.div').forEach(function (m) {
    m.addEventListener('click', function () { show(m.dataset.div.split(' ')); });
    m.addEventListener('keydown', function (e) { if (e.key === 'Enter') { show(m.dataset.div.split(' ')); } });
  });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') { detail.hidden = true; } });
  var chunks = document.querySelectorAll('span.chunk');
  function pair(c, on) {
    var ids = c.dataset.pair.split(' ');
    chunks.forEach(function (o) {
      if (o.dataset.pair.split(' ').some(function (id) { return ids.indexOf(id) >= 0; })) {
        o.classList.toggle('paired', on);
      }
    });
  }
  chunks.forEach(function (c) {
    c.addEventListener('mouseenter', function () { pair(c, true); });
    c.addEventListener('mouseleave', function () { pair(c, false); });
  });
})();
"""


def render_html(alignment: Alignment, divergences: Iterable[Divergence] = (), *, low_score: float = 0.5,
                title: str | None = None, chunks: bool = False) -> str:
    """A self-contained HTML report of ``alignment`` with ``divergences`` highlighted.

    ``low_score``: beads scoring below it are marked as low confidence. ``title`` defaults
    to "bialign report". ``chunks``: outline on hover which phrase of one side renders which
    of the other (:mod:`bialign.compare.chunks`; Japanese-English only, about a second per
    300 sentences). The result is deterministic: the same input gives the same bytes.
    """
    divs = list(divergences)
    pairs = _chunk_ranges(alignment) if chunks else {}
    e = _escape

    def a(text: str) -> str:  # in an attribute or <title>, where no markup can go
        return _escape(text, attribute=True)

    title = title or "bialign report"
    low = sum(1 for b in alignment.beads if b.score < low_score)
    counts = {sev: sum(1 for d in divs if d.severity == sev) for sev in ("major", "minor", "info")}
    unlike = translation_warning(alignment)
    warning = f'<p class="warning" role="alert">Warning: {e(unlike)}.</p>\n' if unlike else ""
    out = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"style-src '{_sha256(_CSS)}'; script-src '{_sha256(_JS)}'\">\n",
        f"<title>{a(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        f"<h1>{e(title)}</h1>\n",
        f'<p class="meta">{len(alignment.beads)} beads, {low} below {low_score:g} (low confidence); '
        f"{len(divs)} divergences ({counts['major']} major, {counts['minor']} minor, {counts['info']} info). "
        f"{e(alignment.src_lang)} → {e(alignment.tgt_lang)}<br>{e(alignment.provenance.signature())}</p>\n",
        warning,
        '<p class="legend meta"><mark class="major">major</mark><mark class="minor">minor</mark>'
        '<mark class="info">info</mark>'
        '<span class="badge low">low</span> low-confidence bead · '
        '<span class="badge moved">moved</span> the target sentence stands elsewhere in its text · '
        'hover a mark for the explanation, '
        "click it for the evidence</p>\n",
        '<table id="beads">\n<thead><tr><th>bead</th><th>score</th>'
        f'<th lang="{a(alignment.src_lang)}">{e(alignment.src_lang)}</th>'
        f'<th lang="{a(alignment.tgt_lang)}">{e(alignment.tgt_lang)}</th></tr></thead>\n<tbody>\n',
    ]
    moved = set(alignment.moved)
    for i, bead in enumerate(alignment.beads):
        is_low = bead.score < low_score
        badge = ' <span class="badge low">low</span>' if is_low else ""
        if i in moved:
            badge += ' <span class="badge moved">moved</span>'
        out.append(
            f'<tr id="bead-{i}" class="bead{" low" if is_low else ""}">'
            f'<td class="num">{i}<br>{e(bead.type)}</td><td class="score">{bead.score:.3f}{badge}</td>'
            f'<td class="src" lang="{a(alignment.src_lang)}">'
            f"{_cell(alignment.src_text, alignment.src_sentences, bead.src, i, divs, 'src', pairs.get((i, 'src'), []))}</td>"
            f'<td class="tgt" lang="{a(alignment.tgt_lang)}">'
            f"{_cell(alignment.tgt_text, alignment.tgt_sentences, bead.tgt, i, divs, 'tgt', pairs.get((i, 'tgt'), []))}</td></tr>\n"
        )
    out.append("</tbody>\n</table>\n")
    out.append(_divergence_list(divs))
    out.append('<div id="detail" role="dialog" aria-live="polite" hidden></div>\n')
    out.append(f"<script>{_JS}</script>\n</body>\n</html>\n")
    return "".join(out)


def write_html(alignment: Alignment, divergences: Iterable[Divergence], path: str | os.PathLike[str], *,
               overwrite: bool = False, low_score: float = 0.5, title: str | None = None,
               chunks: bool = False) -> None:
    """Write :func:`render_html` to ``path`` atomically (refusing to replace a file unless ``overwrite``)."""
    from .formats import atomic_writer

    text = render_html(alignment, divergences, low_score=low_score, title=title, chunks=chunks)
    with atomic_writer(path, overwrite=overwrite) as fh:
        fh.write(text)


def _chunk_ranges(alignment: Alignment) -> dict[tuple[int, str], list[tuple[int, int, str]]]:
    """``(start, end, pair ids)`` of the linked chunks of each bead side: ids ``"<bead>-<n>"``
    shared by a Japanese chunk and the English chunks that render it."""
    from .compare._common import bead_views
    from .compare.chunks import bead_chunks

    if {alignment.src_lang, alignment.tgt_lang} != {"ja", "en"}:
        raise ValueError(f"chunks=True needs a Japanese-English alignment; this one is "
                         f"{alignment.src_lang!r} -> {alignment.tgt_lang!r}: drop chunks=True")
    out: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for view in bead_views(alignment):
        if view.ja.empty or view.en.empty:
            continue
        ids: dict[tuple[str, int, int], list[str]] = {}
        for n, p in enumerate(bead_chunks(view).pairs):
            for c in (p.ja, p.en):
                ids.setdefault((c.lang, c.start, c.end), []).append(f"{view.index}-{n}")
        ja_side, en_side = ("src", "tgt") if view.ja_is_source else ("tgt", "src")
        for (lang, start, end), pair_ids in sorted(ids.items(), key=lambda kv: kv[0][1]):
            out.setdefault((view.index, ja_side if lang == "ja" else en_side), []).append(
                (start, end, " ".join(pair_ids)))
    return out


def _cell(text: str, sentences: Sequence[Any], ids: Sequence[int], bead_index: int, divs: list[Divergence],
          side: str, chunks: Sequence[tuple[int, int, str]] = ()) -> str:
    """The HTML of one side of one bead: its text from the first to the last sentence, with marks
    (and, with ``chunks``, each linked chunk's pieces in a ``span.chunk`` naming its pairs)."""
    if not ids:
        gaps = [(k, d) for k, d in enumerate(divs) if d.bead == bead_index and _span(d, side, len(text))[0] ==
                _span(d, side, len(text))[1]]
        return '<span class="empty">—</span>' + "".join(_gap_mark(k, d) for k, d in gaps)
    start, end = sentences[ids[0]].start, sentences[ids[-1]].end
    ranges: list[tuple[int, int, int]] = []  # (start, end, divergence index), clipped to the cell
    gaps: list[tuple[int, int]] = []  # (position, divergence index) of empty spans
    for k, d in enumerate(divs):
        s, t = _span(d, side, len(text))
        if s == t:
            if d.bead == bead_index:
                gaps.append((min(max(s, start), end), k))
        elif s < end and t > start:
            ranges.append((max(s, start), min(t, end), k))
    chunks = [(max(s, start), min(t, end), ids_) for s, t, ids_ in chunks if s < end and t > start]
    cuts = sorted({start, end, *(p for r in ranges for p in r[:2]), *(g[0] for g in gaps),
                   *(p for c in chunks for p in c[:2])})
    out = []
    for n, a in enumerate(cuts):
        out.extend(_gap_mark(k, divs[k]) for pos, k in gaps if pos == a)
        if n + 1 == len(cuts):
            break
        b = cuts[n + 1]
        covering = [k for s, t, k in ranges if s <= a and b <= t]
        piece = _escape(text[a:b])
        if covering:
            worst = max((divs[k] for k in covering), key=lambda d: _SEVERITY_RANK.get(d.severity, 0))
            tip = " | ".join(f"{divs[k].kind} ({divs[k].severity}): {divs[k].explanation}" for k in covering)
            piece = (f'<mark class="div {_escape(_severity(worst))}" tabindex="0" '
                     f'data-div="{" ".join(str(k) for k in covering)}" data-tip="{_escape(tip, attribute=True)}">'
                     f'{piece}</mark>')
        chunk = next((c for c in chunks if c[0] <= a and b <= c[1]), None)
        if chunk is not None:
            piece = f'<span class="chunk" data-pair="{_escape(chunk[2], attribute=True)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _gap_mark(k: int, d: Divergence) -> str:
    tip = f"{d.kind} ({d.severity}): {d.explanation}"
    return (f'<mark class="div gap {_escape(_severity(d))}" tabindex="0" data-div="{k}" '
            f'data-tip="{_escape(tip, attribute=True)}">∅</mark>')


def _divergence_list(divs: list[Divergence]) -> str:
    if not divs:
        return '<h2>Divergences</h2>\n<p class="meta">none found</p>\n'
    items, templates = [], []
    for k, d in enumerate(divs):
        body = _explain_body(d)
        items.append(f'<li><a href="#bead-{d.bead}">bead {d.bead}</a> {body}</li>\n')
        templates.append(f'<div class="explain" id="explain-{k}">{body}</div>\n')
    return ('<h2>Divergences</h2>\n<ol id="divergences" start="0">\n' + "".join(items) + "</ol>\n"
            + '<div id="explanations">\n' + "".join(templates) + "</div>\n")


def _explain_body(d: Divergence) -> str:
    e = _escape
    evidence = "".join(f"<dt>{e(str(key))}</dt><dd>{e(_plain(value))}</dd>" for key, value in d.evidence.items())
    return (f'<strong>{e(d.kind)}</strong> <span class="badge {e(_severity(d))}">{e(d.severity)}</span> '
            f"<span class=\"meta\">check: {e(d.check)}</span><br>{e(d.explanation)}<br>"
            f"<q>{e(d.src_text)}</q> → <q>{e(d.tgt_text) if d.tgt_text else '(nothing)'}</q>"
            + (f'<dl class="evidence">{evidence}</dl>' if evidence else ""))


def _span(d: Divergence, side: str, length: int) -> tuple[int, int]:
    s, t = d.src_span if side == "src" else d.tgt_span
    s, t = max(0, min(int(s), length)), max(0, min(int(t), length))
    return (s, max(s, t))


def _severity(d: Divergence) -> str:
    return d.severity if d.severity in _SEVERITY_RANK else "info"


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _escape(text: str, *, attribute: bool = False) -> str:
    """HTML-escaped ``text``; bidirectional controls (U+202E ...) are shown as marks, not applied."""
    escaped = html.escape(text, quote=True)
    if attribute:
        return show_bidi_controls(escaped, "[U+{code:04X}]")
    return show_bidi_controls(escaped, '<span class="bidi" title="{name}: shown, not applied">U+{code:04X}</span>')


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
