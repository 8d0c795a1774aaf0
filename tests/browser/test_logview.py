"""LogView in JupyterLab: a killed container's lines, filtered by source and searched; a click selects the event
and jumps a linked Timeline to it."""

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SETUP = """\
import caasnb
from caasnb.widgets import LogView

c = caasnb.Cluster(hosts=1, seed=3)
d = c.daemons["host-1"]
d.images.pull("nginx:1.27")
d.containers.start(d.containers.create({"Image": "nginx:1.27"}, name="web")["Id"])
c.run(3)
d.containers.kill("web")
LogView(c)
"""


LINKED = SETUP.replace(
    "LogView(c)\n",
    "from IPython.display import display\n"
    "from caasnb.widgets import Timeline\n"
    "t = Timeline(c, hidden_kinds=['container.die'])\n"
    "display(t)\n"
    "LogView(c, timeline=t, sources=['container'])\n",
)


def _open(lab, run_notebook, name: str, source: str):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, lab.root / name)
    return run_notebook(name, ".caasnb-logview")


def test_logview_filters_searches_and_selects(lab, run_notebook):
    view = _open(lab, run_notebook, "scratch-logview.ipynb", SETUP)
    lines = view.locator(".caasnb-log-line")
    expect(view.locator(".caasnb-log-status")).to_have_text("28 shown of 28 matching (28 lines)")

    view.locator('input[data-group="sources"][data-name="application"]').uncheck()
    view.locator('input[data-group="sources"][data-name="daemon"]').uncheck()
    expect(lines).to_have_count(4)
    expect(lines.last.locator(".caasnb-log-text")).to_have_text("container die 714ca85ee68d (exitCode=137)")
    expect(lines.last).to_have_class("caasnb-log-line caasnb-level-error")

    lines.last.click()
    expect(view.locator(".caasnb-log-selected")).to_contain_text("container.die 714ca85ee68d")

    view.locator('input[data-group="sources"][data-name="application"]').check()
    search = view.locator('input[data-role="search"]')
    search.fill("worker process")
    search.press("Enter")
    expect(lines).to_have_count(3)
    expect(lines.first.locator(".caasnb-log-text")).to_have_text(
        "2024/05/01 10:00:00 [notice] 1#1: start worker processes"
    )


def test_clicking_a_line_jumps_the_linked_timeline_to_its_event(lab, run_notebook):
    view = _open(lab, run_notebook, "scratch-logview-timeline.ipynb", LINKED)
    timeline = view.page.locator(".caasnb-timeline").first
    expect(timeline.locator('.caasnb-event[data-kind="container.die"]')).to_have_count(0)  # hidden kind
    lines = view.locator(".caasnb-log-line")
    lines.last.click()
    picked = timeline.locator(".caasnb-event-selected")
    expect(picked).to_have_count(1)
    expect(picked.locator(".caasnb-event-kind")).to_have_text("container.die")
    expect(picked).to_be_in_viewport()
    expect(timeline.locator('input[data-kind="container.die"]')).to_be_checked()
