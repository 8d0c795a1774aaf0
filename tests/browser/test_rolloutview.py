"""RolloutView in JupyterLab: a canary renders its split and verdicts; promote and abort act on the router."""

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SETUP = """\
import caasnb
from caasnb.deploy import Canary, Router
from caasnb.deploy.release import NEW, RELEASES, STABLE
from caasnb.deploy.services import wait_running
from caasnb.widgets.rolloutview import RolloutView
from caasnb.workload import Workload

c = caasnb.Cluster(managers=1, workers=3, seed=7)
c.docker("network create --driver overlay web-net")
c.docker(f"service create --detach --name web --network web-net --replicas 4 {STABLE}")
wait_running(c, "web", STABLE, 4)
router = Router(c, "web", {"web": 100})
load = Workload(c, router, 200, versions={STABLE: RELEASES["good"], NEW: RELEASES["good"]}).start()
c.run(20)
canary = Canary(load, NEW, step_weight=10, max_weight=30, interval=30).start()
c.run(31)
RolloutView(canary)
"""


def open_view(lab, run_notebook, name):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, lab.root / name)
    return run_notebook(name, ".caasnb-rolloutview")


def test_rolloutview_renders_and_promote_finishes_the_release(lab, run_notebook):
    view = open_view(lab, run_notebook, "scratch-rolloutview-promote.ipynb")
    expect(view.locator(".caasnb-phase")).to_have_text("progressing")
    expect(view.locator(".caasnb-analysis")).to_have_count(1)
    expect(view.locator(".caasnb-analysis .caasnb-verdict")).to_have_text("pass")
    expect(view.locator('.caasnb-legend-item[data-service="web-canary"]')).to_have_text("web-canary 20%")
    expect(view.locator(".caasnb-map-node")).to_have_count(4)
    view.locator('button[data-action="promote"]').click()
    expect(view.locator(".caasnb-phase")).to_have_text("promoted")
    expect(view.locator('.caasnb-legend-item[data-service="web"]')).to_have_text("web 100%")
    expect(view.locator('.caasnb-map-task[data-image="nginx:1.26"]')).to_have_count(0)
    expect(view.locator('button[data-action="abort"]')).to_be_disabled()


def test_rolloutview_abort_sends_all_traffic_back_to_stable(lab, run_notebook):
    view = open_view(lab, run_notebook, "scratch-rolloutview-abort.ipynb")
    view.locator('button[data-action="abort"]').click()
    expect(view.locator(".caasnb-phase")).to_have_text("rolled back")
    expect(view.locator('.caasnb-legend-item[data-service="web"]')).to_have_text("web 100%")
    expect(view.locator('.caasnb-legend-item[data-service="web-canary"]')).to_have_text("web-canary 0%")
    expect(view.locator('.caasnb-map-task[data-image="nginx:1.27"]')).to_have_count(0)
    expect(view.locator('button[data-action="promote"]')).to_be_disabled()
