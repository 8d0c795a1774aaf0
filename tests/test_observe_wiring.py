"""Logs, events and programs wired to hosts, the Engine API and the CLI.

The containers room starts containers; here the tests play its part of the contract: start
the container's logger through ``daemon.logs`` and emit ``container.start``/``container.die``
with ``name``, ``image``, ``host``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.cli.commands.streams import unframe
from caasnb.engine.logs import frame
from caasnb.observe import ContainerInfo, LogConfig, LogLine, check, write_output
from caasnb.observe.dockerevents import include, messages
from caasnb.observe.hub import OUTPUT
from caasnb.observe.telemetry import record_requests
from caasnb.sim import SECOND

CID = "ab" * 32


def start(cluster, host: str, cid: str, name: str, image: str, config: LogConfig | None = None) -> None:
    """The containers room's part for a task container: its logger, then ``container.start``."""
    daemon = cluster.daemons[host]
    daemon.logs.start(ContainerInfo(cid, name, image), check(config or LogConfig(), daemon.logs.default))
    cluster.sim.emit("container.start", cid, name=name, image=image, host=host)


def run(cluster, name: str, image: str = "nginx:1.27", log: dict | None = None) -> str:
    """``docker run -d --name NAME IMAGE`` through the host's container runtime."""
    daemon = cluster.daemons["host-1"]
    if daemon.images.lookup(image) is None:
        daemon.images.pull(image)
    cid = daemon.containers.create({"Image": image, "HostConfig": {"LogConfig": log or {}}}, name=name)["Id"]
    daemon.containers.start(cid)
    return cid


@pytest.fixture
def nginx():
    cluster = caasnb.Cluster(hosts=1, seed=3)
    run(cluster, "web")
    cluster.run(3)
    return cluster


def _cid(cluster, name: str = "web") -> str:
    return cluster.daemons["host-1"].containers.get(name).id


def test_docker_logs_tail_timestamps_golden(nginx):
    result = nginx.docker("logs --tail 3 -t web")
    assert result.exit_code == 0
    assert result.stderr == (
        "2024-05-01T10:00:00.005000000Z 2024/05/01 10:00:00 [notice] 1#1: start worker processes\n"
        "2024-05-01T10:00:00.005000000Z 2024/05/01 10:00:00 [notice] 1#1: start worker process 29\n"
        "2024-05-01T10:00:00.005000000Z 2024/05/01 10:00:00 [notice] 1#1: start worker process 30\n"
    )
    assert result.stdout == ""


def test_docker_logs_streams_go_to_stdout_and_stderr(nginx):
    result = nginx.docker("logs web")
    assert result.stdout.splitlines()[0] == (
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
    )
    assert result.stdout.splitlines()[-1] == "/docker-entrypoint.sh: Configuration complete; ready for start up"
    assert result.stderr.splitlines()[1] == "2024/05/01 10:00:00 [notice] 1#1: nginx/1.27.5"


def test_requests_become_access_log_lines(nginx):
    record_requests(nginx.sim, _cid(nginx), "web", "host-1", [0.01, 0.02], [200, 404])
    lines = nginx.docker("logs --tail 2 web").stdout.splitlines()
    assert [line.split('"')[2].split()[0] for line in lines] == ["200", "404"]
    assert lines[0].startswith("10.0.0.") and '"GET /' in lines[0] and "[01/May/2024:10:00:03 +0000]" in lines[0]


def test_logs_errors_are_dockers(nginx):
    assert nginx.docker("logs nothing").stderr == "Error response from daemon: No such container: nothing\n"
    run(nginx, "quiet", log={"Type": "syslog", "Config": {"cache-disabled": "true"}})
    result = nginx.docker("logs quiet")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: configured logging driver does not support reading\n",
    )
    run(nginx, "cached", log={"Type": "syslog"})
    nginx.run(1)
    assert nginx.docker("logs --tail 1 cached").stderr.endswith("start worker process 30\n")  # dual logging


def test_logs_since_is_client_side_relative(nginx):
    write_output(nginx.sim, _cid(nginx), "stdout", ["late line"])
    assert nginx.docker("logs --since 1s web").stdout == "late line\n"


def test_logs_follow_runs_a_bounded_window_and_ends_with_the_container(nginx):
    nginx.sim.schedule(2 * SECOND, write_output, nginx.sim, _cid(nginx), "stdout", ["while following"])
    nginx.sim.schedule(3 * SECOND, nginx.daemons["host-1"].containers.kill, "web")
    before = nginx.now
    result = nginx.docker("logs -f --tail 0 web")
    assert result.stdout == "while following\n"
    assert 3 <= nginx.now - before < 4


def test_json_app_lines():
    cluster = caasnb.Cluster(hosts=1, seed=1)
    cid = run(cluster, "api", "python:3.12")
    cluster.run(2)
    record_requests(cluster.sim, cid, "api", "host-1", [0.0123], [500])
    out = cluster.docker("logs api").stdout.splitlines()
    assert out[0] == '{"time":"2024-05-01T10:00:00.005Z","level":"INFO","msg":"server listening","port":8080}'
    assert out[1].startswith('{"time":"2024-05-01T10:00:02.000Z","level":"ERROR","msg":"request served"')
    assert out[1].endswith('"status":500,"duration_ms":12.3}')


def test_events_golden_and_filters(nginx):
    cid = _cid(nginx)
    text = nginx.docker("events --since 0 --until 1s --filter type=container --filter event=start").stdout
    assert text == (
        "2024-05-01T10:00:00.000000000Z container start "
        + cid
        + " (image=nginx:1.27, maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>, name=web)\n"
    )
    fmt = ["events", "--since", "0", "--until", "1s", "--format", "{{.Type}}/{{.Action}}", "-f", "event=create"]
    assert nginx.docker(fmt).stdout == "network/create\nnetwork/create\nnetwork/create\ncontainer/create\n"
    as_json = nginx.docker(["events", "--since", "0", "--until", "1s", "-f", "container=web", "--format", "json"])
    assert as_json.stdout.startswith('{"status":"create","id":"' + cid + '","from":"nginx:1.27","Type":"container"')
    bad = nginx.docker(["events", "--format", "{{.Nope"])
    assert bad.exit_code == 64 and bad.stderr.startswith("Error parsing format: ")


def test_events_without_until_follow_a_bounded_window(nginx):
    nginx.sim.schedule(SECOND, nginx.daemons["host-1"].containers.pause, "web")
    text = nginx.docker("events --format '{{.Action}} {{.Actor.Attributes.name}}'").stdout
    assert text == "pause web\n"


def test_event_filters_follow_moby():
    message = {
        "Type": "container",
        "Action": "health_status: healthy",
        "Actor": {"ID": CID, "Attributes": {"name": "web.1.abc", "image": "nginx:1.27", "tier": "front"}},
        "scope": "local",
    }
    assert include(message, {"event": ["health_status"]})
    assert not include(message, {"event": ["start"]})
    assert include(message, {"container": ["web"]}) and include(message, {"container": [CID[:4]]})
    assert include(message, {"image": ["nginx"]}) and include(message, {"image": ["nginx:1.27"]})
    assert include(message, {"label": ["tier=front"]}) and not include(message, {"label": ["tier=back"]})
    assert not include(message, {"type": ["network"]}) and not include(message, {"scope": ["swarm"]})


def test_swarm_events_on_managers_only():
    cluster = caasnb.Cluster(managers=1, workers=1, seed=2)
    cluster.docker("service create --name web --replicas 1 nginx:1.27")
    on_manager = messages(cluster.events, "manager-1", manager=True)
    assert any(m["Type"] == "service" and m["Actor"]["Attributes"] == {"name": "web"} for m in on_manager)
    assert not any(m["scope"] == "swarm" for m in messages(cluster.events, "worker-1", manager=False))


def _run_tasks(cluster) -> None:
    """Play the containers room for a swarm: each running task's container starts with its logger."""
    for daemon in cluster.daemons.values():
        store = cluster.swarm.store(daemon.host) if daemon.is_manager() else None
        if store is None:
            continue
        for task in store.tasks.values():
            status = task.status.container_status
            host = next(d.host for d in cluster.daemons.values() if d.node_id == task.node_id)
            if status and status.container_id not in cluster.daemons[host].logs.loggers:
                name = f"{task.service_name}.{task.slot}.{task.id}"
                start(cluster, host, status.container_id, name, task.spec.container_spec.image)
        return


def test_service_logs_prefix_golden():
    cluster = caasnb.Cluster(managers=1, workers=1, seed=5)
    cluster.docker("service create --name web --replicas 2 nginx:1.27")
    _run_tasks(cluster)
    cluster.run(2)
    result = cluster.docker("service logs --tail 1 web")
    tasks = {line.split()[0] for line in cluster.docker("service ps -q web").stdout.split()}
    lines = result.stderr.splitlines()  # nginx's last lines are its notices, on stderr
    assert (len(lines), result.stdout) == (2, "")
    for line in lines:
        prefix, _, text = line.partition("    | ")
        name, _, node = prefix.partition("@")
        service, slot, task = name.split(".")
        assert (service, node in ("manager-1", "worker-1"), len(task)) == ("web", True, 12)
        assert any(full.startswith(task) for full in tasks)
        assert text.endswith("[notice] 1#1: start worker process 30")
    bare = cluster.docker("service logs --no-task-ids --tail 1 web").stderr.splitlines()
    assert sorted(line.split("@")[0] for line in bare) == ["web.1", "web.2"]
    raw = cluster.docker("service logs --raw --tail 1 web").stderr.splitlines()
    assert all(line.startswith("2024/05/01 10:00:0") for line in raw)
    assert cluster.docker("service logs nope").stderr == "no such task or service: nope\n"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["stdout", "stderr"]), st.text(st.characters(exclude_categories=("Cs",)))),
        max_size=20,
    )
)
def test_frames_round_trip(lines):
    logs = [LogLine(stream, text) for stream, text in lines]
    assert unframe(frame(logs, multiplexed=True)) == logs


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 1000), st.integers(1, 20), st.lists(st.integers(0, 5), max_size=8))
def test_every_log_line_has_a_source_and_a_time(seed, seconds, requests):
    cluster = caasnb.Cluster(hosts=1, seed=seed)
    CID = run(cluster, "api", "python:3.12")
    for at, count in enumerate(requests):
        cluster.sim.schedule(
            at * SECOND, record_requests, cluster.sim, CID, "api", "host-1", [0.01] * count, [200] * count
        )
    cluster.run(seconds)
    hub = cluster.daemons["host-1"].logs
    written = [e for e in cluster.events.query(kind=OUTPUT)]
    assert {e.subject for e in written} <= set(hub.loggers)
    entries = hub.entries(CID, caasnb.observe.LogsOptions())
    assert len(entries) == sum(len(e.attrs["lines"]) for e in written)
    assert all(0 <= entry.time <= cluster.sim.now for entry in entries)
    times = [e.time for e in written for _ in e.attrs["lines"]]
    assert [entry.time for entry in entries] == times


def test_bad_time_values_fail_on_the_client_as_docker_says(nginx):
    logs = nginx.docker("logs --since nonsense web")
    assert (logs.exit_code, logs.stderr) == (
        1,
        'invalid value for "since": failed to parse value as time or duration: "nonsense"\n',
    )
    events = nginx.docker("events --until nonsense")
    assert events.stderr == 'failed to parse value as time or duration: "nonsense"\n'
