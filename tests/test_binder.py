"""The Binder (repo2docker) environment in ``binder/`` installs what ``pyproject.toml`` says caasnb needs."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
BINDER_LINK = re.compile(r"https://mybinder\.org/v2/\S+?urlpath=lab/tree/([\w./-]+\.ipynb)")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def requirement_lines() -> list[str]:
    """The requirement lines of ``binder/requirements.txt``, comments and blank lines dropped."""
    lines = (line.split("#", 1)[0].strip() for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines())
    return [line for line in lines if line]


def lower_bounds(requirements: list[str]) -> dict[str, Version | None]:
    """Package name → the version its ``>=`` clause names (None without one)."""
    bounds = {}
    for line in requirements:
        requirement = Requirement(line)
        floors = [Version(spec.version) for spec in requirement.specifier if spec.operator == ">="]
        bounds[canonicalize_name(requirement.name)] = max(floors, default=None)
    return bounds


def test_binder_installs_the_runtime_dependencies_of_pyproject():
    named = [line for line in requirement_lines() if not line.startswith((".", "-"))]
    assert lower_bounds(named) == lower_bounds(PROJECT["dependencies"])


def test_binder_installs_caasnb_itself_from_the_repository_root():
    """repo2docker runs pip from the repository root, so a local path there means the checkout."""
    local = [line for line in requirement_lines() if line.startswith((".", "-"))]
    assert local == ["."], "install the checkout non-editably with a bare '.' line"


def test_binder_python_satisfies_requires_python():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    assert SpecifierSet(PROJECT["requires-python"]).contains(runtime.removeprefix("python-"))


def test_readme_binder_link_opens_the_first_notebook():
    links = re.findall(
        r"https://mybinder\.org/v2/\S+?urlpath=lab/tree/([\w./-]+\.ipynb)", (ROOT / "README.md").read_text()
    )
    assert links, "README.md has no Binder launch link with urlpath=lab/tree/..."
    for notebook in links:
        assert notebook == "notebooks/00-start-here.ipynb" and (ROOT / notebook).is_file()
