"""``docker stats`` and ``GET /containers/{id}/stats`` from the programs' resource samples."""

from __future__ import annotations

from dataclasses import replace

import caasnb
from caasnb.cli.commands.stats import sample
from caasnb.engine.stats import stats_response
from caasnb.observe import ResourceSample
from caasnb.sim import EPOCH_NS


def _cluster():
    cluster = caasnb.Cluster(hosts=1, seed=3)
    daemon = cluster.daemons["host-1"]
    for name, image in (("web", "nginx:1.27"), ("api", "python:3.12")):
        daemon.images.pull(image)
        daemon.containers.start(daemon.containers.create({"Image": image}, name=name)["Id"])
    cluster.run(12)  # two periodic samples each (every 5 s)
    return cluster


def test_stats_no_stream_table_golden():
    assert _cluster().docker("stats --no-stream").stdout == (
        "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O       BLOCK I/O    PIDS\n"
        "02055a117221   api       2.00%     48.03MiB / 4GiB     1.17%     180B / 120B   0B / 4.1kB   11\n"
        "714ca85ee68d   web       0.40%     9.124MiB / 4GiB     0.22%     180B / 120B   0B / 4.1kB   3\n"
    )


def test_stats_of_a_stopped_container_are_zero_and_errors_are_dockers():
    cluster = _cluster()
    cluster.daemons["host-1"].containers.kill("web")
    result = cluster.docker("stats --no-stream web nope")
    assert result.stdout == (
        "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n"
        "714ca85ee68d   web       0.00%     0B / 0B             0.00%     0B / 0B   0B / 0B     0\n"
    )
    assert (result.exit_code, result.stderr) == (1, "Error response from daemon: No such container: nope\n")


def test_streaming_stats_follow_new_samples():
    cluster = _cluster()
    before = cluster.now
    result = cluster.docker(["stats", "--format", "{{.Name}} {{.PIDs}}", "api"])
    assert result.stdout == "api 11\n"
    assert cluster.now - before == 10


def test_stats_response_round_trips_through_the_cli_reader():
    current = ResourceSample(2_000_000_000, 30_000_000, 4_000_000_000, 2, 10 << 20, 1 << 30, 1 << 20, 5, 6, 7, 8, 9)
    previous = ResourceSample(1_000_000_000, 10_000_000, 2_000_000_000, 2, 9 << 20, 1 << 30)

    class Container:
        id, name = "ab" * 32, "web"

    body = stats_response(Container, previous, current)
    assert sample(body, "cpu_stats") == replace(current, time=EPOCH_NS + current.time)
    assert sample(body, "precpu_stats").cpu_usage == previous.cpu_usage


def test_asking_for_stats_does_not_change_what_happens_next():
    watched, alone = _cluster(), _cluster()
    watched.docker("stats --no-stream")
    for cluster in (watched, alone):
        cluster.run(10)
    periodic = [
        [e.attrs["memory_usage"] for e in c.events.query("container.stats") if e.time % 5_000_000_000 == 5_000_000]
        for c in (watched, alone)
    ]
    assert periodic[0] == periodic[1] and len(periodic[0]) >= 8
