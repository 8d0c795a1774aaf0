"""ChaosPanel in JupyterLab: inject a crash from the form, watch the node go Down in the log, heal all."""

import re

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SETUP = """\
import caasnb
from caasnb.widgets.chaospanel import ChaosPanel

c = caasnb.Cluster(managers=3, workers=2, seed=7)
c.docker("service create -q --name web --replicas 3 nginx:1.27")
ChaosPanel(c)
"""


def has_class(name):
    return re.compile(rf"\b{name}\b")


def test_chaospanel_injects_a_crash_shows_its_effect_and_heals_all(lab, run_notebook):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, lab.root / "scratch-chaospanel.ipynb")
    panel = run_notebook("scratch-chaospanel.ipynb", ".caasnb-chaospanel")

    panel.locator('select[data-role="kind"]').select_option("crash")
    expect(panel.locator(".caasnb-chaos-summary")).to_contain_text("power the machine off")
    panel.locator('input[data-role="target"]').fill("worker-1")
    panel.locator('input[data-role="duration"]').fill("10m")
    panel.locator('button[data-action="inject"]').click()
    expect(panel.locator(".caasnb-notice")).to_have_text("injected fault-1: crash worker-1")
    expect(panel.locator('.caasnb-chaos-fault[data-fault="fault-1"]')).to_contain_text("fault-1 crash worker-1")
    expect(panel.locator(".caasnb-chaos-inject .caasnb-chaos-text")).to_have_text("fault-1: crash worker-1 for 10m0s")

    panel.locator('select[data-role="step_s"]').select_option("60")
    panel.locator('button[data-action="step"]').click()
    expect(panel.locator(".caasnb-chaos-effect .caasnb-chaos-text").last).to_have_text("node worker-1 is Down")

    panel.locator('select[data-role="kind"]').select_option("loss")
    panel.locator('input[data-role="target"]').fill("manager-1->worker-2")
    panel.locator('input[data-param="loss"]').fill("2")
    panel.locator('button[data-action="inject"]').click()
    expect(panel.locator(".caasnb-notice")).to_have_text("loss must be a fraction between 0 and 1 (0.1 is 10 %), not 2")
    expect(panel.locator(".caasnb-notice")).to_have_class(has_class("caasnb-error"))

    panel.locator('button[data-action="heal_all"]').click()
    expect(panel.locator(".caasnb-chaos-fault")).to_have_count(0)
    healed = panel.locator(".caasnb-chaos-heal .caasnb-chaos-text")
    expect(healed).to_have_text("fault-1: healed crash worker-1 (healed)")

    panel.locator('button[data-action="monkey"]').click()
    expect(panel).to_have_class(has_class("caasnb-monkey-running"))
