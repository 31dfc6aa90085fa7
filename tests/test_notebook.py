"""The alignment notebook runs top to bottom, headless and offline, in under two minutes."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from conftest import require_system

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "alignment.ipynb"


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def _japanese_font_installed() -> bool:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return any(n in names for n in ("Noto Sans CJK JP", "IPAexGothic", "IPAGothic", "Noto Sans JP"))


def test_notebook_runs_headless(tmp_path):
    require_system(_japanese_font_installed(), "a Japanese font for the plots", "apt-get install -y fonts-noto-cjk")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # The per-cell timeout only stops a hung kernel; the test measures nothing.
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on any error, including a missing Japanese glyph

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Japanese font:" in text and "beads in" in text and "divergences:" in text
    assert "no warning: the two texts read as a text and its translation" in text
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text]
    pngs = [o.data["image/png"] for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    assert len(pngs) == 1, "expected one figure: the similarity heatmap"
    (tmp_path / "heatmap.png").write_bytes(base64.b64decode(pngs[0]))
    assert (tmp_path / "heatmap.png").stat().st_size > 20_000
    nbformat.write(nb, tmp_path / "executed.ipynb")


def test_font_cell_finds_a_font_missing_from_a_stale_matplotlib_cache(tmp_path):
    """A font installed after matplotlib built its font cache is on disk but not in the cache:
    the notebook's font cell finds it there and says the cache is the cause."""
    import json
    import os
    import subprocess
    import sys

    require_system(_japanese_font_installed(), "a Japanese font for the plots", "apt-get install -y fonts-noto-cjk")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c.source for c in nb.cells if c.cell_type == "code" and c.source.startswith("JAPANESE_FONTS"))
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path), "MPLBACKEND": "Agg"}
    build = "import matplotlib, matplotlib.font_manager; print(matplotlib.get_cachedir())"
    subprocess.run([sys.executable, "-c", build], env=env, check=True, capture_output=True, timeout=300)
    (cache,) = tmp_path.glob("fontlist-*.json")
    data = json.loads(cache.read_text(encoding="utf-8"))
    japanese = ("CJK", "IPA", "Noto Sans JP", "Hiragino", "Yu Gothic")
    data["ttflist"] = [f for f in data["ttflist"] if not any(k in f["name"] for k in japanese)]
    cache.write_text(json.dumps(data), encoding="utf-8")  # the cache as it was before the font came

    script = ("from pathlib import Path\nimport matplotlib\nfrom matplotlib import font_manager\n"
              "assert not any('CJK' in f.name for f in font_manager.fontManager.ttflist)\n" + cell)
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"missing from matplotlib's font cache in {tmp_path}" in proc.stdout
    assert "Japanese font: " in proc.stdout
