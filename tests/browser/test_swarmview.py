"""SwarmView in JupyterLab: crash a node from its menu and see its column go down; ask a task "why here?"."""

import re

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SETUP = """\
import caasnb
from caasnb.widgets import SwarmView

c = caasnb.Cluster(managers=3, workers=2, seed=7)
web = {"ContainerSpec": {"Image": "nginx:1.27"}}
c.daemons[c.swarm.leader].service_create({"Name": "web", "TaskTemplate": web, "Mode": {"Replicated": {"Replicas": 3}}})
c.run(10)
SwarmView(c)
"""


def has_class(name):
    return re.compile(rf"\b{name}\b")


def test_swarmview_crash_marks_the_column_down_and_a_task_explains_its_placement(lab, run_notebook):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, lab.root / "scratch-swarmview.ipynb")
    view = run_notebook("scratch-swarmview.ipynb", ".caasnb-swarmview")
    expect(view.locator(".caasnb-node")).to_have_count(5)
    expect(view.locator(".caasnb-writes")).to_have_text("writes possible (leader manager-1)")

    worker = view.locator('.caasnb-node[data-node="worker-1"]')
    expect(worker.locator(".caasnb-task-name")).to_have_text("web.3")
    worker.locator(".caasnb-node-head").click()
    view.locator('.caasnb-node-menu button[data-action="crash"][data-node="worker-1"]').click()
    expect(worker).to_have_class(has_class("caasnb-off"))
    expect(worker).not_to_have_class(has_class("caasnb-down"))  # the swarm notices only after the heartbeat grace
    view.locator('select[data-role="step_s"]').select_option("60")
    view.locator('button[data-action="step"]').click()
    expect(worker).to_have_class(has_class("caasnb-down"))
    expect(worker.locator(".caasnb-status")).to_have_text("Down")

    card = view.locator('.caasnb-node[data-node="manager-1"] .caasnb-task').first
    card.click()
    why = view.locator(".caasnb-why")
    expect(why.locator(".caasnb-why-head b")).to_have_text("why here? web.2")
    expect(why.locator(".caasnb-why-summary")).to_contain_text("placed on manager-1")
    expect(why.locator("tr.caasnb-chosen td").first).to_have_text("manager-1 ✔ chosen")
