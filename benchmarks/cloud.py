"""How long does the 7.6 lab take to simulate? Provision VMs in three zones, form a swarm, deploy a stack.

Measures wall time for fleets of 6 and 30 VMs (provision + ``init_swarm`` with 3 managers +
``stack deploy`` of one 2-per-VM service + 60 simulated seconds), and for a full cost sweep
(every container kind × every instance type × 4 counts). Prints one JSON line.

    python benchmarks/cloud.py
"""

from __future__ import annotations

import json
import time

from caasnb.cloud import CONTAINER_KINDS, SIZES, Cloud, sweep

ZONES = ["eu-central-a", "eu-central-b", "eu-central-c"]


def lab(machines: int) -> dict:
    start = time.perf_counter()
    fleet = Cloud().provision(machines, "vm.medium", zones=ZONES, seed=7)
    fleet.init_swarm(managers=3)
    c = fleet.cluster
    compose = f"services:\n  web:\n    image: nginx:1.27\n    deploy: {{replicas: {2 * machines}}}\n"
    assert c.docker("stack deploy -d -c - shop", stdin=compose).exit_code == 0
    c.run(60)
    events = len(c.events)
    return {"machines": machines, "wall_s": round(time.perf_counter() - start, 3), "events": events}


def main() -> None:
    runs = [lab(6), lab(30)]
    start = time.perf_counter()
    rows = sweep(kinds=tuple(CONTAINER_KINDS), instance_types=tuple(SIZES), instances=(10, 100, 1000, 10_000))
    sweep_s = time.perf_counter() - start
    print(json.dumps({"benchmark": "cloud", "labs": runs, "sweep_rows": len(rows), "sweep_s": round(sweep_s, 4)}))


if __name__ == "__main__":
    main()
