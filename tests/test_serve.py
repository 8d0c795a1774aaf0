"""Serving a cluster (``caasnb.serve``, ``Cluster.serve``, ``caasnb serve``): pacing, listeners, the lock, the CLI.

Nothing here measures the wall clock: pacing is checked by waiting (with a generous bound)
for simulated time to pass a mark, never by comparing durations.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from engine_http_client import UnixHTTPConnection

import caasnb
from caasnb.__main__ import SCENARIOS, build, load_scenario


def ping(served) -> bytes:
    connection = UnixHTTPConnection(str(served.facade.socket_path))
    try:
        connection.request("GET", "/_ping")
        return connection.getresponse().read()
    finally:
        connection.close()


def eventually(condition, within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_time_follows_the_wall_clock_at_the_chosen_speed():
    cluster = caasnb.Cluster(managers=1, workers=1, seed=7)
    start = cluster.now
    with cluster.serve(speed=50) as served:
        assert eventually(lambda: cluster.now > start + 2)
        served.speed = 0
        time.sleep(0.1)  # let a pacing step that was under way finish
        frozen = cluster.now
        time.sleep(0.3)
        assert cluster.now == frozen


def test_at_speed_zero_only_the_notebook_moves_time():
    cluster = caasnb.Cluster(managers=1, workers=1, seed=7)
    with cluster.serve(speed=0) as served:
        before = cluster.now
        time.sleep(0.2)
        assert cluster.now == before
        cluster.run(5)
        assert cluster.now == before + 5
        assert ping(served) == b"OK"


def test_listeners_hear_about_changes_made_through_the_socket():
    cluster = caasnb.Cluster(managers=1, workers=1, seed=7)
    heard = threading.Event()
    with cluster.serve(speed=0) as served:
        served.on_tick(heard.set)
        assert heard.wait(5)  # the first step reports the state as it is
        heard.clear()
        connection = UnixHTTPConnection(str(served.facade.socket_path))
        body = json.dumps({"Name": "web", "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27"}}})
        connection.request("POST", "/services/create", body=body, headers={"Content-Type": "application/json"})
        assert connection.getresponse().status == 201
        connection.close()
        assert heard.wait(5)


def test_a_broken_listener_does_not_stop_the_clock(capsys):
    cluster = caasnb.Cluster(managers=1, workers=1, seed=7)

    def broken():
        raise RuntimeError("view gone")

    with cluster.serve(speed=50) as served:
        served.on_tick(broken)
        assert eventually(lambda: cluster.now > 2)
    assert "RuntimeError: view gone" in capsys.readouterr().err


def test_clients_and_the_notebook_share_one_cluster_under_one_lock():
    """Requests from threads while the notebook runs time and types commands: no crash, one consistent store."""
    cluster = caasnb.Cluster(managers=1, workers=2, seed=7)
    failures = []
    with cluster.serve(speed=0) as served:

        def client(index: int) -> None:
            connection = UnixHTTPConnection(str(served.facade.socket_path))
            try:
                for _ in range(20):
                    connection.request("GET", "/tasks")
                    response = connection.getresponse()
                    json.loads(response.read())
                    if response.status != 200:
                        failures.append(response.status)
            except Exception as error:  # noqa: BLE001 - collected and reported below
                failures.append(repr(error))
            finally:
                connection.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        cluster.docker("service create -d --name web --replicas 6 nginx:1.27")
        for _ in range(10):
            cluster.run(2)
        for thread in threads:
            thread.join()
    assert failures == []
    assert "6/6" in cluster.docker("service ls").stdout


def test_stop_removes_the_socket_and_leaves_the_cluster_usable():
    cluster = caasnb.Cluster(managers=1, workers=1, seed=7)
    served = cluster.serve(speed=0)
    path = served.facade.socket_path
    served.stop()
    served.stop()  # twice is harmless
    assert not path.exists()
    assert repr(served).endswith("# stopped")
    assert cluster.docker("node ls").exit_code == 0
    with cluster.serve(speed=0) as again:
        assert ping(again) == b"OK"


def test_serving_a_host_the_cluster_lacks_is_docker_not_found():
    with pytest.raises(caasnb.DockerError, match="no such host: db-1"):
        caasnb.Cluster(managers=1, workers=0).serve("db-1")


def test_negative_speed_is_refused():
    with pytest.raises(ValueError, match="speed must be >= 0"):
        caasnb.Cluster(managers=1, workers=0).serve(speed=-1)


# -- caasnb serve ---------------------------------------------------------------------
def test_named_scenarios_and_scenario_files(tmp_path):
    assert load_scenario("hosts") == SCENARIOS["hosts"]
    lab = tmp_path / "lab.json"
    lab.write_text(json.dumps({"managers": 1, "workers": 1, "seed": 3, "steps": ["network create -d overlay x", 2]}))
    cluster = build(load_scenario(str(lab)), seed=None, managers=None, workers=2)
    assert (sorted(cluster.hosts), cluster.seed, cluster.now) == (["manager-1", "worker-1", "worker-2"], 3, 2.0)
    assert "x" in cluster.docker("network ls --format {{.Name}}").stdout.split()
    with pytest.raises(ValueError, match="no scenario 'nope'"):
        load_scenario("nope")
    bare = build(load_scenario("hosts"), seed=1, managers=None, workers=None)
    assert list(bare.hosts) == ["host-1", "host-2", "host-3", "host-4"] and bare.swarm is None


def test_a_failing_scenario_step_says_which(tmp_path):
    lab = tmp_path / "lab.json"
    lab.write_text(json.dumps({"hosts": 1, "steps": ["service ls"]}))
    with pytest.raises(ValueError, match="scenario step `docker service ls` failed: Error response from daemon"):
        build(load_scenario(str(lab)), seed=None, managers=None, workers=None)


def test_the_command_prints_the_export_line_and_stops_on_sigint(tmp_path):
    socket_path = tmp_path / "lab" / "docker.sock"
    command = [sys.executable, "-m", "caasnb", "serve", "--managers", "1", "--workers", "1", "--speed", "0"]
    process = subprocess.Popen(
        [*command, "--socket", str(socket_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    try:
        assert process.stdout.readline() == f"export DOCKER_HOST=unix://{socket_path}\n"
        connection = UnixHTTPConnection(str(socket_path))
        connection.request("GET", "/_ping")
        assert connection.getresponse().read() == b"OK"
        connection.close()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.wait()
    assert not socket_path.exists()


def test_the_command_refuses_a_lan_address():
    result = subprocess.run(
        [sys.executable, "-m", "caasnb", "serve", "--port", "2375", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    assert result.returncode == 2
    assert "refusing to serve the Engine API on '0.0.0.0'" in result.stderr
