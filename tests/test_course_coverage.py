"""The whole course hangs together: every heading of modules 7–10 is mapped in index.ipynb to a notebook
that exists, every notebook has an exercise and a "what if", and the README's test command runs them all.

Markers: an exercise is a code cell tagged ``exercise`` (followed by its ``check(...)``); a what-if is a
Markdown heading line starting with ``## What if``. ``tests/course_headings.txt`` keeps the course's
headings in the repository (so a fresh clone can check the map); when the course text itself is at
``../shared/course/modules-07-10.md`` the list must still match it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
COURSE = REPO.parent / "shared" / "course" / "modules-07-10.md"
HEADINGS = REPO / "tests" / "course_headings.txt"
LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")
ROW = re.compile(r"^\|(?P<heading>(?:[^|\\]|\\.)+)\|(?P<rest>.*)\|\s*$")


def course_headings(text: str) -> list[str]:
    """Every Markdown heading, first occurrence only, without bold markers or escaped underscores."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if match:
            heading = match.group(1).replace("**", "").replace("\\_", "_").strip()
            if heading:
                seen.setdefault(heading)
    return list(seen)


def stored_headings() -> list[str]:
    return [line for line in HEADINGS.read_text().splitlines() if line and not line.startswith("#")]


def index_rows() -> dict[str, list[str]]:
    """The course map of index.ipynb: heading → the notebooks its row links to."""
    rows: dict[str, list[str]] = {}
    for cell in nbformat.read(NOTEBOOKS / "index.ipynb", as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = ROW.match(line)
            if match:
                heading = match.group("heading").strip().replace("\\|", "|")
                rows.setdefault(heading, []).extend(LINK.findall(match.group("rest")))
    return rows


def course_notebooks() -> list[Path]:
    return sorted([*NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"), NOTEBOOKS / "index.ipynb"])


def test_the_stored_headings_match_the_course_text():
    if not COURSE.exists():
        pytest.skip(f"the course text is not next to this checkout ({COURSE})")
    assert stored_headings() == course_headings(COURSE.read_text())


def test_every_heading_is_mapped_to_an_existing_notebook():
    rows = index_rows()
    unmapped = [heading for heading in stored_headings() if not rows.get(heading)]
    assert not unmapped, f"headings without a notebook in index.ipynb: {unmapped}"
    missing = sorted({link for links in rows.values() for link in links if not (NOTEBOOKS / link).exists()})
    assert not missing, f"index.ipynb links to notebooks that do not exist: {missing}"


def test_every_course_notebook_is_on_the_map():
    linked = {link for links in index_rows().values() for link in links}
    unlisted = [p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb") if p.name not in linked]
    assert not unlisted, f"notebooks the course map does not link: {unlisted}"


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.name)
def test_every_notebook_has_an_exercise_and_a_what_if(path):
    notebook = nbformat.read(path, as_version=4)
    assert any("exercise" in cell.metadata.get("tags", []) for cell in notebook.cells), "no cell tagged exercise"
    headings = [line for cell in notebook.cells if cell.cell_type == "markdown" for line in cell.source.splitlines()]
    assert any(line.startswith("## What if") for line in headings), "no '## What if' section"
    assert notebook.metadata["kernelspec"]["name"] == "python3"


def test_the_readme_test_command_runs_every_notebook():
    readme = (REPO / "README.md").read_text()
    block = readme.split("<!-- test-command -->", 1)[1].split("```", 2)[1]
    assert "--nbval" in block and re.search(r"pytest\b.*\btests notebooks\b", block)
