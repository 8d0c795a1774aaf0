"""Test settings shared by every test module.

Under CI (``CI`` set) Hypothesis draws its examples from a fixed seed, so a run is
repeatable and a red build always means a change, never a lucky draw; on developers'
machines it explores new examples every run.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
