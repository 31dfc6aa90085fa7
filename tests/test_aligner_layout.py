"""The aligner package's layout: public names, the old module ``bialign.align``, no import cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import bialign

SRC = Path(bialign.__file__).resolve().parent
STAGES = ["result", "params", "scoring", "diagnostics", "dp", "core", "pipeline"]

# Every top-level name of the old src/bialign/align.py (before the split into bialign.aligner).
OLD_NAMES = """AlignParams Aligner Alignment AnchorMode Bead CALIBRATION NOT_A_TRANSLATION ParagraphMode align
align_embeddings moved_beads translation_warning _CONTEXT _Core _FULL_CELLS _LOW_RUN _LOW_SCORE _MIN_COVERAGE
_MIN_PAIRS _MIN_SIDE _NEG _NoBar _PARAM_NAMES _PROGRESS_CHUNK _REFINE_MAX _SKIP01 _SPAN_CHUNK _SPAN_MAX _START
_TABLE_CHUNK _align_core _as_vector _attach_orphans _band_from_nodes _banded_dp _beads_to_nodes _block_means
_check_embeddings _context_similarity _embed_texts _first_pass _interpolate _length_ratio _low_stretches
_neighbourhood _next_stage _pair_moved _paragraph_mode _progress_bar _resolve_encoder _run_embedder _sentences
_set_exact _side_table _side_tables _sigmoid _span_embedder _span_neighbourhoods _spans_to_refine""".split()


def _module_imports(path: Path, package: str) -> set[str]:
    """The bialign modules ``path`` imports at module level (imports inside functions are lazy)."""
    out = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            candidates = ([target] if node.module else []) + [f"{target}.{a.name}" for a in node.names]
            out.update(c for c in candidates if _path_of(c) is not None)
    # A module's own packages are always imported before it: not an edge of a cycle.
    return {m for m in out if not (m == package or package.startswith(m + "."))}


def _path_of(module: str) -> Path | None:
    rel = Path(*module.split(".")[1:])
    if not rel.parts:
        return SRC / "__init__.py"
    for p in (SRC / rel.with_suffix(".py"), SRC / rel / "__init__.py"):
        if p.exists():
            return p
    return None


def test_no_import_cycle_in_the_library():
    graph = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        name = ".".join(["bialign", *parts])
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        graph[name] = _module_imports(path, package) - {name}
    state: dict[str, int] = {}

    def visit(node, trail):
        if state.get(node) == 1:
            raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(node):] + [node]))
        if state.get(node) == 2:
            return
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, trail + [node])
        state[node] = 2

    assert "bialign.aligner.core" in graph and "bialign.aligner.dp" in graph["bialign.aligner.core"]
    for node in sorted(graph):
        visit(node, [])


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_imports_alone_in_a_fresh_interpreter(stage):
    code = f"import sys, bialign.aligner.{stage}; assert 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_dp_is_numpy_only():
    imports = {n.module or "" for n in ast.parse((SRC / "aligner" / "dp.py").read_text(encoding="utf-8")).body
               if isinstance(n, ast.ImportFrom)}
    imports |= {a.name for n in ast.parse((SRC / "aligner" / "dp.py").read_text(encoding="utf-8")).body
                if isinstance(n, ast.Import) for a in n.names}
    assert imports <= {"__future__", "numpy"}


def test_no_aligner_module_over_600_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (SRC / "aligner").glob("*.py")}
    assert sizes and max(sizes.values()) <= 600, sizes


def test_the_old_module_still_gives_every_name_and_align_stays_the_function():
    import bialign.align  # noqa: F401 - must not turn bialign.align into the module

    old = sys.modules["bialign.align"]
    assert callable(bialign.align) and bialign.align is old.align
    missing = [name for name in OLD_NAMES if not hasattr(old, name)]
    assert not missing
    from bialign.aligner import core, pipeline

    assert old.Aligner is bialign.Aligner is pipeline.Aligner and old._align_core is core._align_core


def test_align_params_and_align_embeddings_are_public():
    assert {"AlignParams", "align_embeddings", "Aligner", "Alignment", "Bead", "align"} <= set(bialign.__all__)
    assert bialign.AlignParams is bialign.aligner.AlignParams
    assert bialign.align_embeddings is bialign.aligner.align_embeddings
