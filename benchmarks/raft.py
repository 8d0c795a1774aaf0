"""Raft benchmark: the paper's Figure 16 reproduced in full, and safety-fuzzing throughput. One JSON line.

Figure 16 (Raft paper §9.3): 11 election-timeout ranges, 1,000 leader crashes each (100 for
150–150 ms), five servers, ~15 ms broadcast time; each range's median, mean and max
downtime next to the figures the paper quotes. A trial still without a leader after
20 simulated seconds counts as 20 s ("gave_up"; the paper only says "> 10 s"). Fuzzing: short random fault schedules
(crashes, restarts, partitions, one-way blocks, loss, duplication, membership changes,
proposals) on groups with the continuous safety check on; reports schedules per second
and violations (must be 0).

Work is spread over 2 processes with ``concurrent.futures``. Wall time is measured here
only (``time.perf_counter``), never inside caasnb.

    python benchmarks/raft.py
"""

from __future__ import annotations

import json
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from caasnb.errors import DockerError
from caasnb.raft import RaftGroup, SafetyViolation
from caasnb.whatif import downtime_trial

WORKERS = 2
TOP = [(150, 150), (150, 151), (150, 155), (150, 175), (150, 200), (150, 300)]
BOTTOM = [(12, 24), (25, 50), (50, 100), (100, 200), (150, 300)]
PAPER = {
    "150-150": {"median_ms": "> 10000"},
    "150-155": {"median_ms": 287},
    "150-200": {"max_ms": 513},
    "12-24": {"mean_ms": 35, "max_ms": 152},
}
GIVE_UP_S = 20.0
FUZZ_SCHEDULES = 10_000
FUZZ_CHUNK = 250


def trials_for(span: tuple[int, int]) -> int:
    """The paper's trial counts: 100 for the no-randomness range, 1,000 otherwise."""
    return 100 if span[0] == span[1] else 1000


def downtimes(span: tuple[int, int], first: int, count: int) -> list[float]:
    """Trials ``first .. first+count-1`` of one range (a unit of work for a process)."""
    return [downtime_trial(span, 0, trial, give_up_s=GIVE_UP_S) for trial in range(first, first + count)]


def figure16(pool: ProcessPoolExecutor) -> dict[str, dict]:
    """Every range of both panels, split into chunks of 100 trials across the pool."""
    spans = list(dict.fromkeys(TOP + BOTTOM))
    jobs = {
        span: [pool.submit(downtimes, span, first, 100) for first in range(0, trials_for(span), 100)] for span in spans
    }
    table = {}
    for span, futures in jobs.items():
        results = [d for future in futures for d in future.result()]
        name = f"{span[0]}-{span[1]}"
        table[name] = {
            "trials": len(results),
            "median_ms": round(statistics.median(results), 1),
            "mean_ms": round(statistics.mean(results), 1),
            "max_ms": round(max(results), 1),
            "gave_up": sum(d >= GIVE_UP_S * 1000 for d in results),
            "paper": PAPER.get(name, {}),
        }
    return table


def fuzz(first: int, count: int) -> tuple[int, int]:
    """Run ``count`` random fault schedules (seeds first..); returns (schedules run, violations)."""
    violations = 0
    for seed in range(first, first + count):
        try:
            fuzz_schedule(seed)
        except SafetyViolation:
            violations += 1
    return count, violations


def fuzz_schedule(seed: int) -> None:
    """One short random schedule on a checked group: 8 faults or proposals, with time passing between."""
    group = RaftGroup(3 + 2 * (seed % 2), seed=seed, trace_messages=False, check=True, **_features(seed))
    rng = group.sim.rng("fuzz")
    ids = list(group.storages)
    for _ in range(8):
        action = rng.randrange(9)
        try:
            if action <= 1:
                group.propose(f"v{rng.randrange(1000)}")
            elif action == 2 and len(group.nodes) > 1:
                group.crash(rng.choice(sorted(group.nodes)))
            elif action == 3:
                crashed = [i for i in group.members if i not in group.nodes]
                if crashed:
                    group.restart(rng.choice(crashed))
            elif action == 4:
                group.partition(rng.sample(ids, rng.randint(1, len(ids) - 1)))
            elif action == 5:
                group.heal()
            elif action == 6:
                src, dst = rng.sample(ids, 2)
                group.net.block(src, dst)
            elif action == 7:
                src, dst = rng.sample(ids, 2)
                group.net.set_link(src, dst, loss=rng.choice([0.0, 0.2]), duplicate=rng.choice([0.0, 0.2]))
            elif group.leader is not None and len(group.members) < 6:
                group.add(f"s{len(group.storages) + 1}")
        except DockerError:
            pass
        group.run(rng.uniform(0.02, 0.25))


def _features(seed: int) -> dict:
    return {"pre_vote": seed % 3 == 0, "check_quorum": seed % 5 < 2, "snapshot_interval": 4, "keep_entries": 1}


def main() -> None:
    started = time.perf_counter()
    with ProcessPoolExecutor(WORKERS) as pool:
        table = figure16(pool)
        figure_s = time.perf_counter() - started
        fuzz_started = time.perf_counter()
        chunks = [pool.submit(fuzz, first, FUZZ_CHUNK) for first in range(0, FUZZ_SCHEDULES, FUZZ_CHUNK)]
        runs = [future.result() for future in chunks]
        fuzz_s = time.perf_counter() - fuzz_started
    schedules = sum(count for count, _ in runs)
    print(
        json.dumps(
            {
                "benchmark": "raft",
                "workers": WORKERS,
                "figure16_wall_s": round(figure_s, 2),
                "figure16": table,
                "fuzz_schedules": schedules,
                "fuzz_violations": sum(v for _, v in runs),
                "fuzz_wall_s": round(fuzz_s, 2),
                "fuzz_schedules_per_s": round(schedules / fuzz_s, 1),
            },
            separators=(",", ":"),
        )
    )


if __name__ == "__main__":
    main()
