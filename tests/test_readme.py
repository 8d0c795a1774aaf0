"""The README's two setup commands, the CI script that runs one of them, and what every notebook needs to open."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# A marker comment, then a fenced block; the block's body is group "body".
MARKED_BLOCK = re.compile(r"<!-- (?P<marker>[\w-]+) -->\n```\w*\n(?P<body>.*?)```", re.DOTALL)


def marked_commands() -> dict[str, str]:
    """Marker name → the body of the fenced block right after it, in README order."""
    return {match["marker"]: match["body"] for match in MARKED_BLOCK.finditer(README)}


def steps(command: str) -> list[list[str]]:
    """The ``&&``-joined steps of a one-line shell command, each split into words."""
    return [shlex.split(step) for step in command.strip().split(" && ")]


def test_readme_opens_with_the_start_and_test_commands():
    before_first_block = README.split("```", 1)[0]
    assert "<!-- start-command -->" in before_first_block, "the first code block must be the start command"
    commands = marked_commands()
    assert list(commands)[:2] == ["start-command", "test-command"]
    for marker in ("start-command", "test-command"):
        body = commands[marker]
        assert body.endswith("\n") and body.count("\n") == 1, f"{marker} must be exactly one line"


def test_start_command_installs_caasnb_and_opens_the_first_notebook():
    install, start = steps(marked_commands()["start-command"])
    assert install == ["python", "-m", "pip", "install", "-e", "."]
    assert start[:3] == ["python", "-m", "jupyterlab"]
    notebook = start[-1]
    assert notebook == "notebooks/00-start-here.ipynb"
    assert (ROOT / notebook).is_file()


def test_test_command_installs_lints_and_runs_every_test_and_notebook():
    install, *checks, pytest_step = steps(marked_commands()["test-command"])
    assert install == ["python", "-m", "pip", "install", "-e", ".[test]"]
    assert ["python", "-m", "ruff", "check", "."] in checks
    assert ["python", "-m", "ruff", "format", "--check", "."] in checks
    assert pytest_step[:3] == ["python", "-m", "pytest"]
    assert {"--nbval", "tests", "notebooks"} <= set(pytest_step)


def test_ci_runs_the_readme_test_command():
    printed = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run"), "--print-test-command"], capture_output=True, text=True, check=True
    ).stdout
    assert printed == marked_commands()["test-command"]


ENDPOINTS_BEGIN = "<!-- engine-endpoints: the table below is made by `python tests/test_readme.py` -->\n"
ENDPOINTS_END = "<!-- /engine-endpoints -->\n"


def endpoint_table() -> str:
    """The README's table of Engine API endpoints, one row per route of the ROUTER, in routing order.

    Notes are the first line of the handler's docstring, without its leading ``METHOD /path:``.
    """
    from caasnb.engine.engine import ROUTER

    rows = ["| method | path | notes |", "| --- | --- | --- |"]
    for route, _ in ROUTER.routes:
        path = re.sub(r"\{(\w+):[^}]*\}", r"{\1}", route.template)
        doc = (route.handler.__doc__ or "").strip().split("\n")[0]
        note = re.sub(r"^``[A-Z|]+ [^`]*``: ", "", doc).replace("|", "\\|")
        rows.append(f"| {route.method} | `{path}` | {note} |")
    return "\n".join(rows) + "\n"


def test_readme_lists_every_engine_endpoint():
    assert ENDPOINTS_BEGIN in README and ENDPOINTS_END in README
    listed = README.split(ENDPOINTS_BEGIN, 1)[1].split(ENDPOINTS_END, 1)[0]
    assert listed == endpoint_table(), "the README's endpoint table is stale: run `python tests/test_readme.py`"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_names_the_python3_kernel(notebook):
    """Without this kernelspec JupyterLab asks the learner to pick a kernel, and nothing runs."""
    assert json.loads(notebook.read_text())["metadata"].get("kernelspec") == KERNELSPEC


if __name__ == "__main__":  # rewrite the README's endpoint table from the ROUTER
    before, rest = README.split(ENDPOINTS_BEGIN, 1)
    after = rest.split(ENDPOINTS_END, 1)[1]
    (ROOT / "README.md").write_text(before + ENDPOINTS_BEGIN + endpoint_table() + ENDPOINTS_END + after)
