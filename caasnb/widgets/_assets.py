"""Find the front-end files (ESM + CSS) of the widgets inside the installed package.

They are written in the top-level ``widgets/`` folder and packaged into the wheel as
``caasnb/widgets/static/`` (see pyproject.toml), so they are read from the installed
distribution, never from a source checkout. After editing ``widgets/``, reinstall
(``pip install -e .``) to refresh them.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path


@cache
def static_dir() -> Path:
    """The installed ``caasnb/widgets/static`` folder."""
    try:
        folder = Path(distribution("caasnb").locate_file("caasnb/widgets/static"))
    except PackageNotFoundError:
        raise RuntimeError("caasnb is not installed; run `pip install -e .` in the repository") from None
    if not folder.is_dir():
        raise RuntimeError(f"caasnb's widget files are missing from {folder}; reinstall with `pip install -e .`")
    return folder


def asset(name: str) -> Path:
    """The path of one front-end file, e.g. ``asset("timeline.js")``."""
    path = static_dir() / name
    if not path.is_file():
        raise RuntimeError(f"caasnb widget file {name} is missing from {path.parent}; reinstall caasnb")
    return path


def esm(name: str) -> str:
    """A widget's front-end module: the shared ``common.js`` followed by its own file."""
    return asset("common.js").read_text() + "\n" + asset(name).read_text()


def css(name: str) -> str:
    """A widget's stylesheet: the shared ``common.css`` followed by its own file."""
    return asset("common.css").read_text() + "\n" + asset(name).read_text()
