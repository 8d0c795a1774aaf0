"""caasnb.whatif — seeded experiments over scenarios, each trial its own reproducible run.

:func:`sweep` runs a scenario over a parameter :func:`grid` × seeds in this process, in
spawned processes or on Dask, with identical tidy rows; :func:`leader_downtime` (the Raft
paper's Figure 16) is one such sweep.
"""

from .leader_downtime import downtime_trial, leader_downtime
from .sweep import EXECUTORS, grid, run_trial, sweep

__all__ = ["EXECUTORS", "downtime_trial", "grid", "leader_downtime", "run_trial", "sweep"]
