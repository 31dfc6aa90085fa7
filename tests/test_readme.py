"""The README's commands run as written, and run again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _quick_start() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


@pytest.mark.model
def test_quick_start_runs_twice_in_a_row(tmp_path):
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    script = tmp_path / "quick_start.py"
    script.write_text(_quick_start(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH"))
                                                       if p)}
    outputs = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                              timeout=300, env=env)
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    assert (tmp_path / "esuj.tmx").read_text(encoding="utf-8").count("<tu ") > 20
    assert "bialign=" in outputs[0].splitlines()[-1]
