"""Size limits of the library's code (issue 16): no module over 600 lines, no function over 80.

A module that outgrows the limit does more than one job, and a function that outgrows it hides
its steps; both are cut where the code divides (see STYLE.md: the layout is the pipeline).
"""

from __future__ import annotations

import ast
from pathlib import Path

import bialign

SRC = Path(bialign.__file__).resolve().parent
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_the_library_has_modules_to_measure():
    assert len(_modules()) > 30 and (SRC / "compare" / "__init__.py") in _modules()


def test_no_module_over_the_limit():
    long = {str(p.relative_to(SRC)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_function_over_the_limit():
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(SRC)}:{node.name}"] = n
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"
