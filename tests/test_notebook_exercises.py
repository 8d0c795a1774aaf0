"""Every exercise's folded solution really passes its check.

A notebook marks the learner's cell with the tag ``exercise``; the next cell calls
``check(..., solution=\"\"\"...\"\"\")``. Here each exercise cell is replaced by that solution,
the notebook runs top to bottom in a fresh kernel, and every check must show ✓.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def solution_of(source: str) -> str | None:
    """The ``solution=`` string literal of the ``check(...)`` call in a cell, if any."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check":
            for keyword in node.keywords:
                if keyword.arg == "solution" and isinstance(keyword.value, ast.Constant):
                    return keyword.value.value
    return None


def with_solutions(notebook) -> tuple[object, int]:
    """A copy of ``notebook`` whose exercise cells hold their solutions, and how many were swapped."""
    notebook = nbformat.from_dict(notebook)
    swapped = 0
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if "exercise" not in cell.metadata.get("tags", []):
            continue
        following = [c for c in cells[index + 1 :] if c.cell_type == "code"]
        solution = solution_of(following[0].source) if following else None
        assert solution, f"exercise cell {index} has no check(..., solution=...) after it"
        cell.source = solution
        swapped += 1
    return notebook, swapped


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_solutions_pass_every_check(path):
    notebook, swapped = with_solutions(nbformat.read(path, as_version=4))
    assert swapped, f"{path.name} has no exercise: every notebook needs one with an automatic check"
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    verdicts = [
        output["data"]["text/plain"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("data", {}).get("text/plain", "").startswith(("✓", "✗"))
    ]
    assert verdicts and all(v.startswith("✓") for v in verdicts), verdicts
