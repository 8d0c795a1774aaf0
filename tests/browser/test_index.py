"""The course map in JupyterLab: index.ipynb runs, shows the progress table, and its links open the notebooks."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_index_link_opens_the_notebook_it_names(page, run_notebook):
    link = run_notebook("index.ipynb", 'a[href*="12-containers-and-hosts.ipynb"]')
    index = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(index.locator(".jp-RenderedMarkdown table").filter(has_text="exercises").first).to_be_visible()
    expect(link).to_have_text("12 · Containers and hosts")
    link.click()
    opened = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(opened.locator(".jp-RenderedMarkdown h1").first).to_contain_text("12 · Containers and hosts")
    expect(
        page.locator(".lm-TabBar-tab.lm-mod-current").filter(has_text="12-containers-and-hosts.ipynb")
    ).to_have_count(1)
