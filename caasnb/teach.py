"""Checked exercises for the notebooks: clear ✓/✗ feedback, a hint, a solution kept folded.

Every notebook ends its exercises with ``check(...)``. The result shows in the notebook as
a small coloured box (HTML) and as one stable line of text (what nbval compares).
"""

from __future__ import annotations

import html
from dataclasses import dataclass


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
    return Feedback(exercise, passed, hint, solution, praise)
