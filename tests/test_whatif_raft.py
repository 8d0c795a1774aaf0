"""leader_downtime: the Figure 16 experiment, small and seeded."""

from __future__ import annotations

import pytest

from caasnb.errors import InvalidArgument
from caasnb.whatif import downtime_trial, leader_downtime


def test_downtimes_are_reproducible_and_bounded():
    first = leader_downtime((150, 300), trials=20, seed=3)
    assert first == leader_downtime((150, 300), trials=20, seed=3)
    assert first != leader_downtime((150, 300), trials=20, seed=4)
    # the crash falls within the 75 ms heartbeat interval, so at least 150 - 75 ms pass before a timeout
    assert all(75 <= d < 2000 for d in first)


def test_each_trial_can_be_rerun_alone():
    runs = leader_downtime((25, 50), trials=5, seed=1)
    assert downtime_trial((25, 50), seed=1, trial=4) == runs[4]


def test_shorter_timeouts_mean_shorter_downtime():
    short = sorted(leader_downtime((12, 24), trials=40))
    long = sorted(leader_downtime((150, 300), trials=40))
    assert short[20] < long[20]


def test_invalid_arguments():
    with pytest.raises(InvalidArgument):
        leader_downtime(trials=0)
    with pytest.raises(InvalidArgument):
        downtime_trial((150, 300), 0, 0, servers=2)
