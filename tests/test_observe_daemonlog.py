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
        'time="2024-05-01T10:00:00.000000000Z" level=info msg="Docker daemon" commit=89c5e8f '
        "containerd-snapshotter=false storage-driver=overlay2 version=28.5.2\n"
    )
    assert len(lines) == 6
    cluster.sim.emit("logger.start", "f" * 64, host="worker-1", driver="gelf", cache=True)
    assert daemon_log(cluster.sim.events, "worker-1")[-1] == (
        'time="2024-05-01T10:00:00.000000000Z" level=info msg="Configured log driver does not support reads, '
        f'enabling local file cache for container logs" container={"f" * 64} driver=gelf\n'
    )
    assert daemon_log(cluster.sim.events, "manager-1")[-1].endswith('msg="API listen on /run/docker.sock"\n')
