"""03-raft in JupyterLab: it runs, its Figure 16 plots render, and crashing a server from RaftView takes it down."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DOWN = re.compile(r"\bcaasnb-down\b")
LEADER = re.compile(r"leader: s\d")


def test_raftview_crash_button_takes_the_server_down(run_notebook, page):
    view = run_notebook("03-raft.ipynb", ".caasnb-raftview")
    # The same run drew both Figure 16 panels with plotly's JupyterLab renderer.
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .js-plotly-plot")).to_have_count(2)

    server = view.locator('g.caasnb-server[data-server="s1"]')
    expect(server).to_be_visible()
    expect(server).not_to_have_class(DOWN)
    expect(view.locator(".caasnb-raft-status")).to_have_text(LEADER)  # the notebook ran the view to a leader
    # Dispatch the click on the server's group itself: a message dot drawn over it would otherwise take the click.
    server.dispatch_event("click")
    view.locator('.caasnb-server-menu button[data-action="crash"][data-server="s1"]').click()
    expect(server).to_have_class(DOWN)
    expect(server.locator("text.caasnb-server-term")).to_have_text("down")
    expect(view.locator('.caasnb-raft-logs tr.caasnb-down th:text-is("s1")')).to_be_visible()
