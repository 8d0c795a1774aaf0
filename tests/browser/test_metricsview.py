"""MetricsView in JupyterLab: a line per container, the events as markers, another metric on demand."""

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SETUP = """\
import caasnb
from caasnb.widgets import MetricsView

c = caasnb.Cluster(hosts=1, seed=3)
c.docker("run -d --name web nginx:1.27")
c.docker("run -d --name api python:3.12")
c.run(5)
c.docker("kill web")
c.run(5)
MetricsView(c)
"""


def test_metricsview_draws_lines_and_markers(lab, run_notebook):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, lab.root / "scratch-metricsview.ipynb")
    view = run_notebook("scratch-metricsview.ipynb", ".caasnb-metricsview")
    expect(view.locator("polyline.caasnb-series")).to_have_count(2)
    expect(view.locator('g.caasnb-marker[data-kind="container.die"]')).to_have_count(1)
    expect(view.locator(".caasnb-tick").last).to_have_text("CPU %")

    view.locator('select[data-role="metric"]').select_option("memory")
    expect(view.locator(".caasnb-tick").last).to_have_text("memory (MiB)")
    expect(view.locator("polyline.caasnb-series")).to_have_count(2)

    view.locator('g.caasnb-marker[data-kind="container.die"] path').click()
    expect(view.locator(".caasnb-marker-label")).to_contain_text("container.die web (137)")
