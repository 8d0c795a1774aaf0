"""How fast is the simulation kernel? One workload, three engines, one JSON line.

The workload: 1,000 processes, each repeatedly waiting a seeded random delay, until
1,000,000 waits have fired. It runs on caasnb.sim, on SimPy (coroutine processes), and
on a bare ``heapq`` loop that only pops and pushes (the ceiling for pure Python). Also
reports how long ``import caasnb`` takes in a fresh interpreter.

    python benchmarks/sim_kernel.py
"""

from __future__ import annotations

import heapq
import json
import random
import subprocess
import sys
import time

PROCESSES = 1_000
EVENTS = 1_000_000
SEED = 42


def delays(seed: int):
    """A stream of integer delays (ns) all three engines draw from, so they do the same work."""
    draw = random.Random(seed).random
    return lambda: int(draw() * 1_000_000) + 1


def run_caasnb() -> int:
    from caasnb.sim import Simulation

    sim = Simulation(SEED)
    delay = delays(SEED)
    fired = 0
    schedule = sim.schedule

    def wake() -> None:
        nonlocal fired
        fired += 1
        if fired + PROCESSES <= EVENTS:
            schedule(delay(), wake)

    for _ in range(PROCESSES):
        schedule(delay(), wake)
    sim.run()
    return fired


def run_simpy() -> int:
    import simpy

    env = simpy.Environment()
    delay = delays(SEED)
    fired = 0

    def process(env):
        nonlocal fired
        while True:
            yield env.timeout(delay())
            fired += 1
            if fired + PROCESSES > EVENTS:
                return

    for _ in range(PROCESSES):
        env.process(process(env))
    env.run()
    return fired


def run_heapq() -> int:
    delay = delays(SEED)
    heap = [(delay(), i) for i in range(PROCESSES)]
    heapq.heapify(heap)
    fired = 0
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        now, process = pop(heap)
        fired += 1
        if fired + PROCESSES <= EVENTS:
            push(heap, (now + delay(), process))
    return fired


def rate(engine) -> float:
    """Events per second of the best of three runs (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fired = engine()
        best = min(best, time.perf_counter() - start)
    assert fired == EVENTS, (engine.__name__, fired)
    return EVENTS / best


def import_seconds() -> float:
    """Wall time of ``import caasnb`` in a fresh interpreter (best of three)."""
    code = "import time; t = time.perf_counter(); import caasnb; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(3)]
    return min(runs)


def main() -> None:
    ours, simpy_rate, heapq_rate = rate(run_caasnb), rate(run_simpy), rate(run_heapq)
    print(
        json.dumps(
            {
                "benchmark": "sim_kernel",
                "events": EVENTS,
                "processes": PROCESSES,
                "caasnb_events_per_s": round(ours),
                "simpy_events_per_s": round(simpy_rate),
                "heapq_events_per_s": round(heapq_rate),
                "vs_simpy": round(ours / simpy_rate, 2),
                "vs_heapq": round(ours / heapq_rate, 2),
                "import_caasnb_s": round(import_seconds(), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
