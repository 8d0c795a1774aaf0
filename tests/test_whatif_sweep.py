"""Sweeps: the same rows for the same seeds whichever executor runs them."""

import pytest

from caasnb.deploy.noise import samples_needed_row
from caasnb.deploy.release import release
from caasnb.errors import InvalidArgument
from caasnb.whatif import downtime_trial, grid, leader_downtime, sweep


def test_grid_is_every_combination_in_order():
    assert grid(a=[1, 2], b="xy") == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 2, "b": "x"}, {"a": 2, "b": "y"}]


def test_rows_carry_parameters_seed_and_result_in_grid_then_seed_order():
    seen = []
    rows = sweep(samples_needed_row, {"noise": [0.1, 0.3]}, [4, 9], progress=lambda d, t: seen.append((d, t)))
    assert [(r["noise"], r["seed"]) for r in rows] == [(0.1, 4), (0.1, 9), (0.3, 4), (0.3, 9)]
    assert all(set(r) == {"noise", "seed", "samples"} for r in rows)
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_an_unknown_executor_is_refused():
    with pytest.raises(InvalidArgument):
        sweep(release, {}, 1, executor="threads")


SMALL = {"strategy": ["canary"], "new": ["errors"], "nodes": [3], "rate": [100], "interval": [30], "threshold": [1]}


@pytest.fixture(scope="module")
def in_process_rows():
    return sweep(release, SMALL, 2)


def test_processes_give_the_same_rows(in_process_rows):
    assert sweep(release, SMALL, 2, executor="processes", workers=2) == in_process_rows


def test_a_dask_local_cluster_gives_the_same_rows(in_process_rows):
    pytest.importorskip("distributed")
    assert sweep(release, SMALL, 2, executor="dask", workers=2) == in_process_rows


def test_figure_16_through_the_sweep_is_the_same_as_trial_by_trial():
    direct = [downtime_trial((150, 300), 1, trial) for trial in range(4)]
    assert leader_downtime(trials=4, seed=1) == direct


def test_a_users_dask_scheduler_address_gives_the_same_rows(in_process_rows):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False) as cluster:  # quick to start
        rows = sweep(release, SMALL, 2, executor="dask", address=cluster.scheduler_address)
    assert rows == in_process_rows
