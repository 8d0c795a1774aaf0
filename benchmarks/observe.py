"""How fast are container logs? One JSON line.

* ``generate_lines_per_s``: lines formatted as json-file records and appended to a
  rotating log (``max-size=100m``, ``max-file=3``), in batches of 1,000 lines written at
  one instant (the copier's natural unit), straight into the driver.
* ``event_path_lines_per_s``: the same through the event log (``container.log`` events
  → LogHub → copier → driver), 1,000 lines an event.
* ``filter_lines_per_s``: ``docker logs --since/--until`` over the 1,000,000-line log,
  selecting the middle half, decoding each record and rendering it with ``--timestamps``.
* ``tail100_ms``: ``docker logs --tail 100`` on the 1,000,000-line container.

    python benchmarks/observe.py
"""

from __future__ import annotations

import json
import os
import time

from caasnb.observe import ContainerInfo, LogBatch, LogConfig, LogHub, LogsOptions, read_logs, write_output
from caasnb.observe.drivers import Daemon
from caasnb.observe.logconfig import ContainerLogger
from caasnb.sim import MILLISECOND, SECOND, Simulation

LINES = 1_000_000
BATCH = 1_000
OPTS = {"max-size": "100m", "max-file": "3"}
INFO = ContainerInfo("ab" * 32, "/web.1.k3j5l2m9x8w7v6u5t4s3r2q1p", "nginx:1.27")


def access_lines(seed: int, count: int) -> list[str]:
    """nginx-style access log lines from a seeded stream."""
    draw = Simulation(seed).rng("bench.lines")
    paths = ["/", "/index.html", "/api/v1/items", "/api/v1/items/42", "/static/app.js", "/healthz"]
    codes = [200, 200, 200, 201, 304, 404, 500]
    return [
        f'10.0.{draw.randrange(256)}.{draw.randrange(256)} - - [01/May/2024:10:00:00 +0000] "GET '
        f'{draw.choice(paths)} HTTP/1.1" {draw.choice(codes)} {draw.randrange(100, 9000)} "-" "curl/8.5.0"'
        for _ in range(count)
    ]


def generate() -> tuple[float, ContainerLogger]:
    lines = access_lines(1, BATCH)
    logger = ContainerLogger(INFO, LogConfig("json-file", OPTS), Daemon())
    start = time.perf_counter()
    for index in range(LINES // BATCH):
        logger.log(LogBatch("stdout", index * MILLISECOND, lines))
    return LINES / (time.perf_counter() - start), logger


def event_path() -> float:
    sim = Simulation(2)
    hub = LogHub(sim)
    hub.start(INFO, LogConfig("json-file", OPTS))
    lines = access_lines(2, BATCH)
    start = time.perf_counter()
    for _ in range(LINES // BATCH):
        write_output(sim, INFO.id, "stdout", lines)
    return LINES / (time.perf_counter() - start)


def reading(logger: ContainerLogger) -> tuple[float, float]:
    now = LINES // BATCH * MILLISECOND
    start = time.perf_counter()
    tail = read_logs(logger, LogsOptions(tail="100"), now)
    tail_ms = (time.perf_counter() - start) * 1000
    assert len(tail) == 100
    since, until = now // 4, now * 3 // 4
    window = LogsOptions(
        since=f"{1_714_557_600 + since / SECOND:.9f}", until=f"{1_714_557_600 + until / SECOND:.9f}", timestamps=True
    )
    start = time.perf_counter()
    selected = read_logs(logger, window, now)
    rate = len(selected) / (time.perf_counter() - start)
    return rate, tail_ms


def main() -> None:
    generated, logger = generate()
    filtered, tail_ms = reading(logger)
    result = {
        "benchmark": "observe",
        "lines": LINES,
        "batch": BATCH,
        "generate_lines_per_s": round(generated),
        "event_path_lines_per_s": round(event_path()),
        "filter_lines_per_s": round(filtered),
        "tail100_ms": round(tail_ms, 3),
        "retained_lines": logger.driver.file.retained,
        "files": [f.name.rsplit("/", 1)[1][-14:] for f in logger.driver.file.files()],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
