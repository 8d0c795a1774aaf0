"""Checked exercises for the notebooks: clear ✓/✗ feedback, a hint, a solution kept folded.

Every notebook ends its exercises with ``check(...)``. The result shows in the notebook as
a small coloured box (HTML) and as one stable line of text (what nbval compares).

A passed exercise is also recorded in a small JSON file in the learner's home,
``~/.caasnb/progress.json`` (``CAASNB_PROGRESS`` names another file), so ``index.ipynb`` can show
where the learner stopped, even in a new Binder session with the same home. Under pytest (nbval,
the exercise tests) nothing is read or written there unless ``CAASNB_PROGRESS`` says where:
stored outputs must not depend on anyone's progress.
"""

from __future__ import annotations

import ast
import html
import json
import os
from dataclasses import dataclass
from pathlib import Path

PROGRESS_ENV = "CAASNB_PROGRESS"


@dataclass(frozen=True)
class Feedback:
    """The outcome of one exercise check."""

    exercise: str
    passed: bool
    hint: str
    solution: str | None = None
    praise: str = ""

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        if self.passed:
            return f"✓ {self.exercise}: correct. {self.praise}".rstrip()
        return f"✗ {self.exercise}: not yet. Hint: {self.hint}"

    def _repr_html_(self) -> str:
        colour, border = ("#e6f4ea", "#1a7f37") if self.passed else ("#fdecea", "#b42318")
        text = html.escape(repr(self))
        folded = ""
        if self.solution:
            folded = (
                "<details style='margin-top:4px'><summary>Show a solution</summary>"
                f"<pre>{html.escape(self.solution)}</pre></details>"
            )
        return (
            f"<div class='caasnb-check' style='background:{colour};border-left:4px solid {border};"
            f"padding:6px 10px;margin:4px 0'>{text}{folded}</div>"
        )


def check(exercise: str, passed: bool, *, hint: str, solution: str | None = None, praise: str = "") -> Feedback:
    """Judge one exercise: ``passed`` is the learner's answer already compared with the truth.

    ``hint`` is shown when it fails; ``solution`` (code or prose) is always offered folded,
    so a learner chooses when to look.
    """
    if not isinstance(passed, bool):
        raise TypeError(f"check() wants passed=True/False, got {type(passed).__name__}: compare the answer first")
    if passed:
        record(exercise)
    return Feedback(exercise, passed, hint, solution, praise)


def progress_path() -> Path | None:
    """Where progress is kept: ``$CAASNB_PROGRESS``, else ``~/.caasnb/progress.json``; None under pytest without it."""
    if os.environ.get(PROGRESS_ENV):
        return Path(os.environ[PROGRESS_ENV])
    if "PYTEST_CURRENT_TEST" in os.environ:
        return None
    return Path.home() / ".caasnb" / "progress.json"


def progress() -> dict[str, bool]:
    """The exercises passed so far, by name (empty when nothing was recorded or the file is unreadable)."""
    path = progress_path()
    try:
        data = json.loads(path.read_text()) if path else {}
    except (OSError, ValueError):
        return {}
    passed = data.get("passed") if isinstance(data, dict) else None
    return dict.fromkeys(passed, True) if isinstance(passed, list) else {}


def record(exercise: str) -> None:
    """Remember that ``exercise`` was passed (best effort: a read-only home only loses the record)."""
    path = progress_path()
    if path is None or exercise in progress():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"passed": [*progress(), exercise]}, indent=1))
    except OSError:
        return


def exercises_in(notebook: Path) -> list[str]:
    """The names of the exercises a notebook checks: the first argument of each ``check("...", ...)`` call."""
    names = []
    for cell in json.loads(Path(notebook).read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(cell["source"]))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check" and node.args:
                if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    names.append(node.args[0].value)
    return names


def course_progress(folder: Path | str = ".") -> str:
    """A Markdown table: every notebook of ``folder`` with its exercises, ✓ for each one passed."""
    done = progress()
    lines = ["| notebook | exercises | passed |", "|---|---|---|"]
    total = passed = 0
    for notebook in sorted(Path(folder).glob("[0-9][0-9]-*.ipynb")):
        names = exercises_in(notebook)
        marks = ", ".join(f"{'✓' if name in done else '·'} {name}" for name in names) or "—"
        count = sum(name in done for name in names)
        total, passed = total + len(names), passed + count
        lines.append(f"| [{notebook.stem}]({notebook.name}) | {marks} | {count}/{len(names)} |")
    lines.append(f"| **all** | | **{passed}/{total}** |")
    return "\n".join(lines)
