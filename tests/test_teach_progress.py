"""Exercise progress: recorded where ``CAASNB_PROGRESS`` says, never in the real home under pytest."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from caasnb import teach
from caasnb.teach import check


@pytest.fixture
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / "deep" / "progress.json"
    monkeypatch.setenv(teach.PROGRESS_ENV, str(path))
    return path


def test_a_pass_is_recorded_once_and_a_failure_not_at_all(progress_file):
    check("one", False, hint="h")
    assert not progress_file.exists()
    check("one", True, hint="h")
    check("one", True, hint="h")
    check("two", True, hint="h")
    assert json.loads(progress_file.read_text()) == {"passed": ["one", "two"]}
    assert teach.progress() == {"one": True, "two": True}


def test_under_pytest_without_the_variable_nothing_is_read_or_written(monkeypatch):
    monkeypatch.delenv(teach.PROGRESS_ENV, raising=False)
    assert teach.progress_path() is None
    assert teach.progress() == {}
    check("anything", True, hint="h")  # must not touch ~/.caasnb


def test_outside_pytest_the_default_is_in_the_home(monkeypatch, tmp_path):
    monkeypatch.delenv(teach.PROGRESS_ENV, raising=False)
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert teach.progress_path() == tmp_path / ".caasnb" / "progress.json"


def test_a_broken_file_counts_as_no_progress(progress_file):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text("{not json")
    assert teach.progress() == {}
    progress_file.write_text('{"passed": "not a list"}')
    assert teach.progress() == {}


def test_course_progress_table(progress_file, tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    for name, exercises in (("01-a", ["a: first", "a: second"]), ("02-b", [])):
        cells = [nbformat.v4.new_code_cell(f'check("{e}", x == 1, hint="h")') for e in exercises]
        nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / f"{name}.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), folder / "index.ipynb")
    assert teach.exercises_in(folder / "01-a.ipynb") == ["a: first", "a: second"]
    check("a: second", True, hint="h")
    assert teach.course_progress(folder).splitlines() == [
        "| notebook | exercises | passed |",
        "|---|---|---|",
        "| [01-a](01-a.ipynb) | · a: first, ✓ a: second | 1/2 |",
        "| [02-b](02-b.ipynb) | — | 0/0 |",
        "| **all** | | **1/2** |",
    ]


def test_every_course_notebook_names_its_exercises():
    notebooks = sorted((Path(__file__).parent.parent / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        assert teach.exercises_in(notebook), f'{notebook.name}: no check("name", ...) call'
