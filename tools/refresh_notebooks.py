"""Re-run notebooks top to bottom and store their outputs (what nbval later compares).

    python tools/refresh_notebooks.py                 # every notebook in notebooks/
    python tools/refresh_notebooks.py notebooks/03-raft.ipynb

Each runs in a fresh kernel from the notebooks folder. Saved widget state is dropped
(widgets are rebuilt when the cells run; stale state would only mislead), the kernelspec
JupyterLab needs is set, no execution timestamps are kept, and the wall time of each run is printed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def refresh(path: Path) -> float:
    """Execute ``path`` in place; returns the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = KERNELSPEC
    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    took = time.perf_counter() - start
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return took


def main(paths: list[str]) -> None:
    for path in [Path(p) for p in paths] or sorted(NOTEBOOKS.glob("*.ipynb")):
        print(f"{path.name}: {refresh(path):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
