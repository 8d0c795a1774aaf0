"""How fast do what-if sweeps run? One JSON line.

The scenario is :func:`caasnb.deploy.release.release`: a 10-node swarm (3 managers,
7 workers), ``nginx:1.26`` on every node behind a router, 200 requests/s, and a canary of
a subtly bad ``nginx:1.27`` (+20 % p99) analysed every minute until it is rolled back — one
seeded run of about 3 simulated minutes.

* ``runs_per_s_1``: scenario runs per second in this process;
* ``runs_per_s_2proc``: with 2 spawned worker processes (pool start-up included);
* ``runs_per_s_dask2``: on a ``distributed.LocalCluster`` of 2 worker processes (cluster
  start-up included); ``speedup_*`` relative to one process. ``identical`` says whether
  the three executors returned the same rows. ``cpus`` and ``load_1m`` (the machine's load
  average when done) say how much room the workers had: on a busy 2-core machine a second
  process has no core of its own, and start-up (each worker imports caasnb) dominates.

    python benchmarks/whatif.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import time

from caasnb.deploy.release import release
from caasnb.whatif import sweep

GRID = {"strategy": ["canary"], "new": ["slow-tail"], "nodes": [10]}


def timed(executor: str, runs: int) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    rows = sweep(release, GRID, runs, executor=executor, workers=2)
    return runs / (time.perf_counter() - start), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=16, help="scenario runs per executor")
    runs = parser.parse_args().runs
    one, rows = timed("inprocess", runs)
    two, rows_processes = timed("processes", runs)
    dask, rows_dask = timed("dask", runs)
    print(
        json.dumps(
            {
                "benchmark": "whatif",
                "scenario": "canary, 10 nodes, 200 req/s, bad release",
                "runs": runs,
                "runs_per_s_1": round(one, 3),
                "runs_per_s_2proc": round(two, 3),
                "runs_per_s_dask2": round(dask, 3),
                "speedup_2proc": round(two / one, 2),
                "speedup_dask2": round(dask / one, 2),
                "identical": rows == rows_processes == rows_dask,
                "cpus": os.cpu_count(),
                "load_1m": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
