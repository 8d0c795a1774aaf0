"""NetworkView in JupyterLab: it draws hosts and containers; clicking two containers shows how they connect."""

import re

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SETUP = """\
import caasnb
from caasnb.widgets import NetworkView

c = caasnb.Cluster(managers=1, workers=1, seed=7)
c.docker("network create -d overlay --attachable app")
c.docker("service create -d --name web --replicas 2 --network app -p 8080:80 nginx:1.27")
c.run(30)
NetworkView(c)
"""


def has_class(name):
    return re.compile(rf"\b{name}\b")


def test_networkview_shows_a_path_between_two_tasks_and_animates_a_mesh_request(lab, run_notebook):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, lab.root / "scratch-networkview.ipynb")
    view = run_notebook("scratch-networkview.ipynb", ".caasnb-networkview")
    expect(view.locator(".caasnb-host")).to_have_count(2)
    expect(view.locator('.caasnb-net[data-network="app"]')).to_contain_text("app (overlay 10.0.1.0/24)")

    tasks = view.locator(".caasnb-card:not(.caasnb-ingress)")
    expect(tasks).to_have_count(2)
    tasks.nth(0).click()
    expect(tasks.nth(0)).to_have_class(has_class("caasnb-selected"))
    tasks.nth(1).click()
    path = view.locator('[data-role="path"]')
    expect(path.locator(".caasnb-verdict")).to_have_text("connected")
    expect(path.locator('li[data-kind="underlay"]')).to_have_text("underlay: manager-1 -> worker-1")
    expect(view.locator('.caasnb-host[data-host="worker-1"]')).to_have_class(has_class("caasnb-on-path"))

    view.locator('input[data-role="cut"][data-host="worker-1"]').check()
    view.locator('button[data-action="partition"]').click()
    expect(view.locator(".caasnb-notice")).to_have_text("partitioned worker-1 from manager-1")
    expect(path.locator(".caasnb-verdict")).to_have_text("timeout")
    expect(view.locator('.caasnb-host[data-host="manager-1"]')).to_have_class(has_class("caasnb-cut-path"))

    view.locator('button[data-action="request"]').click()
    request = view.locator('[data-role="request"]')
    expect(request.locator(".caasnb-verdict")).to_have_text("connected")
    expect(request.locator("li").first).to_have_text("client: -> 192.168.99.100:8080")
