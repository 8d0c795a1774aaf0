"""dockerd's log lines: logrus text format, derived from events."""

from __future__ import annotations

import caasnb
from caasnb.observe import daemon_log, logrus_line
from caasnb.sim import EPOCH_NS


def test_logrus_text_format_and_quoting():
    line = logrus_line(EPOCH_NS + 123_456_789, "info", "API listen on /run/docker.sock")
    assert line == 'time="2024-05-01T10:00:00.123456789Z" level=info msg="API listen on /run/docker.sock"\n'
    line = logrus_line(EPOCH_NS, "warning", "ok", {"z": 1.5, "error": 'bad "x"\n', "b": True, "e": "", "n": "a/b@c"})
    assert line == (
        'time="2024-05-01T10:00:00.000000000Z" level=warning msg=ok b=true e= error="bad \\"x\\"\\n" n=a/b@c z=1.5\n'
    )


def test_daemon_start_and_cache_lines_come_from_events():
    cluster = caasnb.Cluster(managers=1, workers=1)
    lines = daemon_log(cluster.sim.events, "worker-1")
    assert lines[0] == 'time="2024-05-01T10:00:00.000000000Z" level=info msg="Starting up"\n'
    assert lines[3] == (
        'time="2024-05-01T10:00:00.000000000Z" level=info msg="Docker daemon" commit=45873be '
        "containerd-snapshotter=false storage-driver=overlay2 version=28.2.2\n"
    )
    assert len(lines) == 6
    cluster.sim.emit("logger.start", "f" * 64, host="worker-1", driver="gelf", cache=True)
    assert daemon_log(cluster.sim.events, "worker-1")[-1] == (
        'time="2024-05-01T10:00:00.000000000Z" level=info msg="Configured log driver does not support reads, '
        f'enabling local file cache for container logs" container={"f" * 64} driver=gelf\n'
    )
    started = [line for line in daemon_log(cluster.sim.events, "manager-1") if "module=raft" not in line]
    assert started[-1].endswith('msg="API listen on /run/docker.sock"\n')


def test_a_skewed_clock_stamps_the_daemon_log_and_system_time():
    from caasnb import Cluster
    from caasnb.golang.timefmt import rfc3339nano_fixed
    from caasnb.sim import EPOCH_NS, SECOND

    c = Cluster(managers=1, workers=1, seed=7)
    fault = c.chaos.inject("clock-skew", "worker-1", offset="-90s")
    c.docker("run -d --name box busybox:1.36 sleep 3600", on="worker-1")
    c.docker("kill box", on="worker-1")
    died = c.events.query(kind="container.die")[-1].time
    skewed = [line for line in daemon_log(c.events, "worker-1") if "TaskDelete" in line]
    assert skewed == [line for line in skewed if rfc3339nano_fixed(EPOCH_NS + died - 90 * SECOND) in line] != []
    assert c.docker("info --format '{{.SystemTime}}'", on="worker-1").stdout.startswith(
        rfc3339nano_fixed(EPOCH_NS + c.sim.now - 90 * SECOND)[:19]
    )
    c.chaos.heal(fault)
    assert skewed == [line for line in daemon_log(c.events, "worker-1") if "TaskDelete" in line]  # history stays
    assert c.docker("info --format '{{.SystemTime}}'", on="worker-1").stdout.startswith(
        rfc3339nano_fixed(EPOCH_NS + c.sim.now)[:19]
    )


def test_raft_leader_changes_and_task_failures_reach_the_daemon_log():
    from caasnb import Cluster
    from caasnb.observe import raft_id

    c = Cluster(managers=3, workers=1, seed=7)
    c.run(5)
    c.chaos.inject("crash", "manager-1", duration="60s")
    c.run(30)
    leader = next(h for h in ("manager-2", "manager-3") if c.swarm.group.leader == h)
    me = raft_id(leader)
    said = [line.split(" ", 2)[2] for line in daemon_log(c.events, leader) if "module=raft" in line]
    assert said[-2:] == [
        f'msg="{me} became leader at term 2" module=raft\n',
        f'msg="raft.node: {me} elected leader {me} at term 2" module=raft\n',
    ]


def test_a_task_failure_reaches_its_nodes_daemon_log():
    from caasnb import Cluster

    c = Cluster(managers=1, workers=1, seed=7)
    c.docker("service create -d --name api -e DATABASE_URL=db:5432 python:3.12 python -m app")
    c.run(10)
    task = c.docker("service ps -q api").stdout.split()[-1]
    failed = [line for line in daemon_log(c.events, "worker-1") if "fatal task error" in line]
    assert failed and all('error="task: non-zero exit (1)" module=node/agent/taskmanager' in f for f in failed)
    assert any(f"task.id={task}" in line for line in failed)
