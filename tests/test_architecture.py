"""DESIGN's rules, checked on the source: a pure, deterministic core.

Rule 1: the core never imports widget, plotting or IPython code.
Rule 2: the core never reads the wall clock or the global ``random``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "caasnb"
FRONT = {"widgets", "teach.py", "ipython.py"}  # the notebook-facing side may use widgets and IPython
SERVING = {"serve.py"}  # paces simulated time by the wall clock while real clients are connected
FORBIDDEN_IMPORTS = ("ipywidgets", "anywidget", "plotly", "IPython", "traitlets")
WALL_CLOCK = {
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "monotonic"),
    ("time", "monotonic_ns"),
    ("time", "perf_counter"),
    ("time", "sleep"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
}
GLOBAL_RANDOM = {"random", "randint", "randrange", "choice", "choices", "shuffle", "sample", "uniform", "gauss", "seed"}


def core_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in FRONT | SERVING)


def imported_names(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_is_pure(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for name in imported_names(tree):
        assert name.split(".")[0] not in FORBIDDEN_IMPORTS, f"{path.name} imports {name} (DESIGN rule 1)"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            pair = (node.value.id, node.attr)
            assert pair not in WALL_CLOCK, f"{path.name}:{node.lineno} reads the wall clock: {pair} (rule 2)"
            assert not (node.value.id == "random" and node.attr in GLOBAL_RANDOM), (
                f"{path.name}:{node.lineno} uses the global random.{node.attr}; use sim.rng(name) (rule 2)"
            )


def test_importing_caasnb_loads_no_front_end_code():
    code = "import sys, caasnb, caasnb.sim; print(sorted(m for m in sys.modules if m.split('.')[0] in %r))"
    out = subprocess.check_output([sys.executable, "-c", code % (FORBIDDEN_IMPORTS,)], text=True)
    assert out.strip() == "[]"
