"""Drive the course notebooks in JupyterLab with headless Chromium, as a learner would.

Fixtures: ``lab`` (one JupyterLab server per session, on 127.0.0.1, serving a scratch copy of
``notebooks/``), ``page`` (a fresh browser tab per test; on failure its screenshot and console
log land in ``test-output/browser/``) and ``run_notebook`` (open a notebook, run all its cells,
return the element a selector names). A widget test is then a few lines::

    def test_step(run_notebook):
        timeline = run_notebook("00-start-here.ipynb", ".caasnb-timeline")
        timeline.locator('button[data-action="step"]').click()

Chromium is Debian's ``/usr/bin/chromium``; without it these tests skip, except under CI
(``CI`` set), where they fail so that they can never be skipped silently.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Lab settings for a quiet, read-only session: no news toast, no autosave over the notebooks.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
# "done" once every non-empty code cell shows an execution count; "error" once the queue stopped on a traceback.
RUN_OUTCOME = """({ panel, stderr }) => {
  const cells = [...panel.querySelectorAll(".jp-CodeCell")].filter(
    cell => cell.querySelector(".cm-content")?.textContent.trim());
  const prompts = cells.map(cell => cell.querySelector(".jp-InputPrompt")?.textContent ?? "");
  if (prompts.every(prompt => /\\d/.test(prompt))) return "done";
  if (prompts.some(prompt => prompt.includes("*"))) return false;
  return panel.querySelector(stderr) ? "error" : false;
}"""
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"
SERVER_START_TIMEOUT = 60.0
KERNEL_IDLE_TIMEOUT_MS = 60_000
RUN_ALL_TIMEOUT_MS = 120_000
# A widget round trip (click → kernel → redraw) is well under a second, but CI shares two cores with nbval.
expect.set_options(timeout=15_000)


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server: where it listens and the folder it serves."""

    port: int
    token: str
    root: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        """The address that opens ``notebook`` (relative to ``root``) in a fresh workspace."""
        return f"{self.base}/lab/tree/{quote(notebook)}?reset&token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API; the decoded JSON reply, or None when it has no body."""
        request = urllib.request.Request(
            f"{self.base}/api/{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """End every notebook session (and so its kernel) so tests do not pile up kernels."""
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with code {server.returncode}; see {log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"jupyter lab did not listen on 127.0.0.1:{port} within {SERVER_START_TIMEOUT:.0f} s; see {log}")


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1 serving a scratch copy of ``notebooks/``, with throw-away Jupyter dirs."""
    _require_chromium()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="caasnb-lab-") as scratch:
        home = Path(scratch)
        root = home / "notebooks"
        shutil.copytree(REPO / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for plugin, values in LAB_SETTINGS.items():
            path = home / "config" / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "IPYTHONDIR": str(home / "ipython"),
        }
        port, token = _free_port(), secrets.token_hex(16)
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--allow-root",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        log = OUTPUT / f"jupyter-lab-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
        with log.open("w") as log_file:
            server = subprocess.Popen(command, env=env, cwd=home, stdout=log_file, stderr=subprocess.STDOUT)
            try:
                _wait_for_port(port, server, log)
                yield Lab(port, token, root)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


@pytest.fixture(scope="session")
def browser(lab: Lab) -> Iterator[Browser]:
    """Debian's Chromium, headless, with its background networking off."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser: Browser, lab: Lab, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh tab; on failure, a screenshot and the console log go to ``test-output/browser/``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    console: list[str] = []
    tab.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    tab.on("pageerror", lambda error: console.append(f"[pageerror] {error}"))
    try:
        yield tab
    finally:
        reports = (getattr(request.node, f"report_{when}", None) for when in ("setup", "call"))
        if any(report is not None and report.failed for report in reports):
            stem = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            tab.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.console.txt").write_text("\n".join(console) + "\n")
        context.close()
        lab.shutdown_kernels()


@pytest.fixture
def run_notebook(page: Page, lab: Lab) -> Callable[[str, str], Locator]:
    """``run_notebook(name, selector)``: open ``name``, run all its cells, return the element ``selector`` names.

    Fails with the notebook's traceback when a cell raises.
    """

    def run(name: str, selector: str) -> Locator:
        page.goto(lab.url(name))
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        expect(notebook.locator(".jp-Notebook")).to_be_visible(timeout=KERNEL_IDLE_TIMEOUT_MS)
        expect(page.get_by_role("button", name=KERNEL_IDLE, exact=True)).to_be_visible(timeout=KERNEL_IDLE_TIMEOUT_MS)
        for menu, command in (("Edit", "Clear Outputs of All Cells"), ("Run", "Run All Cells")):
            page.get_by_role("menuitem", name=menu, exact=True).click()
            page.get_by_role("menuitem", name=command, exact=True).click()
        outcome = page.wait_for_function(
            RUN_OUTCOME, arg={"panel": notebook.element_handle(), "stderr": STDERR}, timeout=RUN_ALL_TIMEOUT_MS
        )
        if outcome.json_value() == "error":
            traceback = "\n".join(notebook.locator(STDERR).all_inner_texts())
            pytest.fail(f"{name} stopped on an error:\n{traceback}", pytrace=False)
        target = notebook.locator(selector).first
        expect(target).to_be_visible(timeout=RUN_ALL_TIMEOUT_MS)
        return target

    return run
