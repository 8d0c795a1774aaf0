"""How fast are container logs? One JSON line.

* ``generate_lines_per_s``: lines formatted as json-file records and appended to a
  rotating log (``max-size=100m``, ``max-file=3``), in batches of 1,000 lines written at
  one instant (the copier's natural unit), straight into the driver.
* ``event_path_lines_per_s``: the same through the event log (``container.log`` events
  → LogHub → copier → driver), 1,000 lines an event.
* ``filter_lines_per_s``: ``docker logs --since/--until`` over the 1,000,000-line log,
  selecting the middle half, decoding each record and rendering it with ``--timestamps``.
* ``tail100_ms``: ``docker logs --tail 100`` on the 1,000,000-line container (the reader alone).
* ``cli_tail100_ms``: the same as a learner types it, ``c.docker("logs --tail 100 web")``:
  CLI parsing, the Engine API route, multiplexed framing and the CLI splitting it again.
* ``logview_first_render_ms``: ``LogView(cluster)`` over 100,000 application lines: the
  rows built from the event log and the widget's first payload (the last 500 lines).

    python benchmarks/observe.py
"""

from __future__ import annotations

import json
import os
import time

import caasnb
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


def cli_tail() -> float:
    cluster = caasnb.Cluster(hosts=1, seed=3)
    daemon = cluster.daemons["host-1"]
    daemon.images.pull("nginx:1.27")
    log = {"Type": "json-file", "Config": OPTS}
    container = daemon.containers.create({"Image": "nginx:1.27", "HostConfig": {"LogConfig": log}}, name="web")
    daemon.containers.start(container["Id"])
    lines = access_lines(3, BATCH)
    for _ in range(LINES // BATCH):
        write_output(cluster.sim, container["Id"], "stdout", lines)
    start = time.perf_counter()
    result = cluster.docker("logs --tail 100 web")
    elapsed = (time.perf_counter() - start) * 1000
    assert result.exit_code == 0 and result.stdout.count("\n") == 100
    return elapsed


def logview_first_render() -> float:
    from caasnb.widgets.logview import LogView

    cluster = caasnb.Cluster(hosts=1, seed=4)
    lines = access_lines(4, BATCH)
    for _ in range(100_000 // BATCH):
        write_output(cluster.sim, INFO.id, "stdout", lines)
    start = time.perf_counter()
    view = LogView(cluster)
    elapsed = (time.perf_counter() - start) * 1000
    assert view.view["total"] >= 100_000 and len(view.view["rows"]) == 500
    view.close()
    return elapsed


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
        "cli_tail100_ms": round(cli_tail(), 3),
        "logview_first_render_ms": round(logview_first_render(), 3),
        "retained_lines": logger.driver.file.retained,
        "files": [f.name.rsplit("/", 1)[1][-14:] for f in logger.driver.file.files()],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
