"""Seeded sweeps: one scenario over a parameter grid × seeds, on the executor of your choice.

A scenario is a plain top-level function ``scenario(**params, seed=seed)`` returning a dict
(or one value, stored as ``value``). Spawned processes receive it by name, so for
``"processes"`` it must live in an importable module (a function defined in a notebook cell
cannot be found by a fresh interpreter); Dask ships it with cloudpickle, so notebook
functions work there too. Every trial is its own seeded simulation, so a
row depends only on its parameters and seed — never on the executor, the worker or the
order trials finish in — and :func:`sweep` returns the rows in grid-then-seed order:

* ``"inprocess"``: a loop in this process (tests, small sweeps, debugging);
* ``"processes"``: :class:`concurrent.futures.ProcessPoolExecutor` with the ``spawn``
  start method (safe on every platform and inside Jupyter);
* ``"dask"``: a :class:`distributed.LocalCluster` of ``workers`` processes, or the Dask
  scheduler at ``address`` (install the ``dask`` extra) — for sweeps bigger than one machine.

``progress(done, total)`` is called as trials finish; the notebook side passes a progress
bar (:func:`caasnb.widgets.progress.progress_bar`), the core never draws one. Rows are
tidy (one trial per row, one column per parameter or result): ``pandas.DataFrame(rows)``
makes a frame, and the widgets side plots them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import Any

from ..errors import InvalidArgument

EXECUTORS = ("inprocess", "processes", "dask")
Progress = Callable[[int, int], None]


def grid(**axes: Iterable[Any]) -> list[dict[str, Any]]:
    """Every combination of the axes' values: ``grid(a=[1, 2], b="xy")`` → 4 parameter dicts."""
    names = list(axes)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*(list(v) for v in axes.values()))]


def run_trial(scenario: Callable[..., Any], params: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """One trial as a row: its parameters, its seed, and what the scenario returned."""
    result = scenario(**params, seed=seed)
    row = {**params, "seed": seed}
    row.update(result if isinstance(result, Mapping) else {"value": result})
    return row


def sweep(
    scenario: Callable[..., Any],
    params: Mapping[str, Iterable[Any]] | Sequence[Mapping[str, Any]] = (),
    seeds: int | Iterable[int] = 10,
    *,
    executor: str = "inprocess",
    workers: int = 2,
    address: str | None = None,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Run ``scenario`` for every parameter set × seed; rows in grid-then-seed order, equal on every executor.

    ``params`` is a grid (``{"rate": [100, 200]}``, expanded by :func:`grid`) or an explicit
    list of parameter dicts; ``seeds`` a count (0..n-1) or the seeds themselves.
    """
    if executor not in EXECUTORS:
        raise InvalidArgument(f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    combos = grid(**params) if isinstance(params, Mapping) else [dict(p) for p in params] or [{}]
    seed_list = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
    trials = [(params, seed) for params in combos for seed in seed_list]
    if not trials:
        return []
    run = {"inprocess": _in_process, "processes": _in_processes, "dask": _on_dask}[executor]
    return run(scenario, trials, workers, address, progress or _silent)


def _silent(done: int, total: int) -> None:
    """No progress display."""


def _in_process(scenario, trials, workers, address, progress) -> list[dict]:
    rows = []
    for params, seed in trials:
        rows.append(run_trial(scenario, params, seed))
        progress(len(rows), len(trials))
    return rows


def _in_processes(scenario, trials, workers, address, progress) -> list[dict]:
    rows: list[dict | None] = [None] * len(trials)
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(run_trial, scenario, p, s): i for i, (p, s) in enumerate(trials)}
        for done, future in enumerate(as_completed(futures), 1):
            rows[futures[future]] = future.result()
            progress(done, len(trials))
    return rows


def _on_dask(scenario, trials, workers, address, progress) -> list[dict]:
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    cluster = None if address else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
    try:
        with Client(address or cluster) as client:
            futures = [client.submit(run_trial, scenario, p, s, pure=False) for p, s in trials]
            index = {future.key: i for i, future in enumerate(futures)}
            rows: list[dict | None] = [None] * len(trials)
            for done, future in enumerate(dask_completed(futures), 1):
                rows[index[future.key]] = future.result()
                progress(done, len(trials))
            return rows
    finally:
        if cluster is not None:
            cluster.close()
