"""The notebooks run top to bottom on a clean checkout, with no cell raising.

Each notebook is executed by nbclient on the ``python3`` kernel, pinned to this
interpreter (the project's venv), from the notebooks/ folder as Jupyter would run it.
The notebooks are stored with their outputs cleared; the test checks that too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is a dev dependency")
nbclient = pytest.importorskip("nbclient", reason="nbclient is a dev dependency")
pytest.importorskip("ipykernel", reason="ipykernel is a dev dependency")
pytest.importorskip("matplotlib", reason="matplotlib is a dev dependency")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01-walkthrough.ipynb", "02-corpus.ipynb"]


def test_every_notebook_is_tested() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    assert notebook.metadata.kernelspec.name == "python3"


def run_notebook(name: str) -> Any:
    from jupyter_client.manager import KernelManager

    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    manager = KernelManager(kernel_name="python3")
    # the python3 kernel, started with this interpreter rather than whatever `python` is
    spec = manager.kernel_spec
    assert spec is not None, "no python3 kernel: install ipykernel"
    spec.argv[0] = sys.executable
    client = nbclient.NotebookClient(
        notebook,
        km=manager,
        timeout=600,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    return notebook


def _text(notebook: Any) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _has(notebook: Any, mime: str) -> int:
    return sum(
        mime in output.get("data", {})
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


def test_walkthrough_runs() -> None:
    notebook = run_notebook("01-walkthrough.ipynb")
    text = _text(notebook)
    assert "0 problems" in text
    assert "16 results" in text
    assert "school took part: no" in text
    assert "Path: 3 steps, one source (news-report)" in text
    assert _has(notebook, "text/html") == 1  # the view, inline


@pytest.mark.slow  # about 10 s: 300 cases generated and loaded
def test_corpus_notebook_runs() -> None:
    notebook = run_notebook("02-corpus.ipynb")
    text = _text(notebook)
    assert "300 cases loaded" in text
    assert "gaps recur in 3 or more of 300 cases" in text
    assert _has(notebook, "image/png") == 3  # three plots
