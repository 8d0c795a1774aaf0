"""The wheel carries the widgets' front-end files, and widgets load them from the installed package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.metadata import distribution
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_every_front_end_file(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("caasnb-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    front_end = sorted(p.name for p in (ROOT / "widgets").iterdir() if p.suffix in {".js", ".css"})
    assert front_end, "widgets/ holds no front-end files"
    for name in front_end:
        assert f"caasnb/widgets/static/{name}" in names
    assert "caasnb/__init__.py" in names


def test_widgets_read_their_files_from_the_installed_distribution():
    from caasnb.widgets._assets import static_dir

    installed = Path(distribution("caasnb").locate_file("caasnb/widgets/static")).resolve()
    assert static_dir().resolve() == installed
    assert installed != (ROOT / "widgets").resolve()
    for source in (ROOT / "widgets").glob("*.js"):
        assert (installed / source.name).read_text() == source.read_text(), (
            f"{source.name} changed since install: run `pip install -e .` again"
        )
