"""The course notebooks, run in JupyterLab the way a learner runs them."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CLOCK = re.compile(r"t = \d+\.\d{3} s")


def test_start_here_timeline_step_advances_the_clock(run_notebook):
    timeline = run_notebook("00-start-here.ipynb", ".caasnb-timeline")
    clock = timeline.locator(".caasnb-clock")
    expect(clock).to_have_text(CLOCK)
    before = clock.inner_text()
    timeline.locator('button[data-action="step"]').click()
    expect(clock).not_to_have_text(before)
    expect(clock).to_have_text(CLOCK)
