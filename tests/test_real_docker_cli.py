"""The real docker CLI against a served cluster: the course's commands, each checked against caasnb's own CLI.

A lab cluster is served (one socket per host, time frozen: ``speed=0``) and a twin made with
the same seed gets the same commands through ``Cluster.docker``. Both start equal and get
the same actions, so the real client's stdout, stderr and exit code must be the simulated
CLI's, byte for byte: that checks the façade and the simulated CLI's fidelity at once.
Commands that print relative times use ``--format`` without them (the real CLI measures
"ago" from the wall clock).

Every docker binary found (``docker`` on PATH — Debian's docker.io 20.10 on a fresh CI
machine — and any other of a different version) runs the sequence, and the newest also
with ``DOCKER_API_VERSION=1.41`` (what a 20.10 client speaks).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field

import pytest

import caasnb

ADDR = "192.168.99.100"  # host-1's address on the simulated underlay


def _clients() -> list[tuple[str, str, dict[str, str], str]]:
    """(label, binary, extra environment, the client API version it speaks by default)."""
    found: dict[str, str] = {}
    for candidate in (shutil.which("docker"), "/usr/bin/docker", "/usr/local/bin/docker"):
        if candidate and os.access(candidate, os.X_OK):
            version = subprocess.run([candidate, "--version"], capture_output=True, text=True).stdout.split(",")[0]
            found.setdefault(version.removeprefix("Docker version "), candidate)
    clients = [(f"docker-{v}", path, {}, "1.41" if v.startswith("20.10") else "1.50") for v, path in found.items()]
    newest = max(found, key=lambda v: [int(p) if p.isdigit() else 0 for p in v.split("+")[0].split(".")], default=None)
    if newest and not newest.startswith("20.10"):
        clients.append((f"docker-{newest}-api-1.41", found[newest], {"DOCKER_API_VERSION": "1.41"}, "1.41"))
    return clients


CLIENTS = _clients()


def test_a_docker_cli_is_there_under_ci():
    """Without a client every test below skips (an empty parameter list); under CI that must not pass quietly."""
    if not CLIENTS and not os.environ.get("CI"):
        pytest.skip("no docker CLI installed here")
    assert CLIENTS, "CI must have the docker CLI: .ci/run installs Debian's docker.io"


@dataclass
class Lab:
    """A served cluster, its twin, and the docker binary that drives the served one."""

    binary: str
    extra_env: dict[str, str]
    api: str
    exact: bool
    config_dir: str
    real: caasnb.Cluster = field(default_factory=lambda: caasnb.Cluster(hosts=3, seed=7))
    twin: caasnb.Cluster = field(default_factory=lambda: caasnb.Cluster(hosts=3, seed=7))
    served: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.served = {host: self.real.serve(host, speed=0) for host in self.real.hosts}

    def env(self, host: str) -> dict[str, str]:
        clean = {key: value for key, value in os.environ.items() if not key.startswith("DOCKER_")}
        return clean | {"DOCKER_HOST": self.served[host].docker_host, "DOCKER_CONFIG": self.config_dir} | self.extra_env

    def cli(self, line: str, on: str = "host-1", stdin: str = "") -> subprocess.CompletedProcess:
        """Run the real docker CLI against host ``on``."""
        argv = [self.binary, *shlex.split(line)]
        return subprocess.run(argv, env=self.env(on), input=stdin, capture_output=True, text=True, timeout=60)

    def both(self, line: str, on: str = "host-1") -> subprocess.CompletedProcess:
        """Run ``line`` with the real CLI on the lab and with caasnb's CLI on the twin; they must agree.

        caasnb's CLI is docker 28.2's, so a 28.x client must print exactly the same; an older
        client words some messages its own way, and only its exit code is compared here.
        """
        real = self.cli(line, on)
        sim = self.twin.docker(line, on=on)
        if self.exact:
            assert (real.returncode, real.stdout, real.stderr) == (sim.exit_code, sim.stdout, sim.stderr), line
        else:
            assert real.returncode == sim.exit_code, (line, real.stderr, sim.stderr)
        return real

    def run(self, seconds: float) -> None:
        self.real.run(seconds)
        self.twin.run(seconds)

    def stop(self) -> None:
        for served in self.served.values():
            served.stop()


@pytest.fixture(scope="module", params=CLIENTS, ids=[client[0] for client in CLIENTS])
def lab(request, tmp_path_factory):
    label, binary, extra_env, api = request.param
    lab = Lab(binary, extra_env, api, label.startswith("docker-28."), str(tmp_path_factory.mktemp("docker-config")))
    yield lab
    lab.stop()


def test_versions_are_negotiated(lab):
    result = lab.cli("version --format '{{.Client.APIVersion}} {{.Server.APIVersion}} {{.Server.Version}}'")
    assert result.stdout.split() == [lab.api, "1.50", "28.2.2"]


def test_swarm_init_and_join_tokens(lab):
    init = lab.both(f"swarm init --advertise-addr {ADDR}")
    assert init.stdout.startswith("Swarm initialized: current node (")
    lab.both("swarm join-token worker")
    lab.both("swarm join-token -q manager")


def test_hosts_join_with_the_printed_tokens(lab):
    worker = lab.cli("swarm join-token -q worker").stdout.strip()
    manager = lab.cli("swarm join-token -q manager").stdout.strip()
    assert lab.both(f"swarm join --token {worker} {ADDR}:2377", on="host-2").stdout == (
        "This node joined a swarm as a worker.\n"
    )
    assert lab.both(f"swarm join --token {manager} {ADDR}:2377", on="host-3").stdout == (
        "This node joined a swarm as a manager.\n"
    )
    lab.run(10)
    table = lab.both("node ls").stdout.splitlines()
    assert table[0].split() == ["ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER", "STATUS", "ENGINE", "VERSION"]
    assert sorted(line.split()[1] for line in table[1:] if not line.startswith("ID")) == ["*", "host-2", "host-3"]


def test_autolock_and_unlock_key(lab):
    update = lab.both("swarm update --autolock=true")
    key = lab.both("swarm unlock-key -q").stdout.strip()
    assert key.startswith("SWMKEY-1-") and key in update.stdout


def test_overlay_network_create_ls_inspect(lab):
    network_id = lab.both("network create -d overlay --attachable backend").stdout.strip()
    assert len(network_id) == 25
    rows = [line.split() for line in lab.both("network ls").stdout.splitlines()]
    assert [network_id[:12], "backend", "overlay", "swarm"] in rows
    inspected = json.loads(lab.both("network inspect backend").stdout)
    assert (inspected[0]["Id"], inspected[0]["Driver"], inspected[0]["Attachable"]) == (network_id, "overlay", True)


def test_service_create_ls_ps_inspect(lab):
    # caasnb's CLI does not ask the registry for the image digest (the real one does, next test): both skip it here.
    created = lab.both("service create -d --no-resolve-image --name web --replicas 3 --network backend nginx:1.27")
    assert len(created.stdout.strip()) == 25
    lab.run(15)
    table = lab.both("service ls").stdout.splitlines()
    assert table[1].split()[1:5] == ["web", "replicated", "3/3", "nginx:1.27"]
    tasks = lab.both("service ps --format '{{.Name}} {{.Node}} {{.DesiredState}}' web").stdout.splitlines()
    assert sorted(task.split()[0] for task in tasks) == ["web.1", "web.2", "web.3"]
    assert sorted(task.split()[1] for task in tasks) == ["host-1", "host-2", "host-3"]  # spread
    assert {task.split()[2] for task in tasks} == {"Running"}
    spec = json.loads(lab.both("service inspect web").stdout)[0]["Spec"]
    assert spec["Mode"] == {"Replicated": {"Replicas": 3}}


def test_the_real_cli_pins_the_image_digest_the_registry_reports(lab):
    lab.cli("service create -d --name pinned redis:7")
    image = lab.cli("service inspect --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' pinned").stdout.strip()
    digest = lab.real.engine.call("host-1", "GET", "/distribution/redis:7/json")["Descriptor"]["digest"]
    assert image == f"redis:7@{digest}"
    lab.cli("service rm pinned")
    lab.twin.docker("service create -d --name pinned redis:7")  # keep the twin's IDs in step
    lab.twin.docker("service rm pinned")
    lab.run(5)


def test_service_scale_update_rollback(lab):
    lab.both("service scale -d web=5")
    lab.run(15)
    assert lab.both("service ls --format '{{.Name}} {{.Replicas}}'").stdout == "web 5/5\n"
    lab.both("service update -d --env-add COLOR=blue --update-parallelism 2 web")
    lab.run(30)
    env = "service inspect --format '{{json .Spec.TaskTemplate.ContainerSpec.Env}}' web"
    assert lab.both(env).stdout == '["COLOR=blue"]\n'
    lab.both("service rollback -d web")
    lab.run(30)
    assert lab.both(env).stdout == "null\n"
    assert lab.both("service inspect --format '{{.UpdateStatus.State}}' web").stdout == "rollback_completed\n"


def test_service_logs(lab):
    lab.both("service logs --tail 5 web")


def test_service_rm_and_network_rm(lab):
    assert lab.both("service rm web").stdout == "web\n"
    lab.run(10)
    assert lab.both("network rm backend").stdout == "backend\n"
    assert "backend" not in lab.both("network ls --format {{.Name}}").stdout.split()


def test_run_ps_logs_rm(lab):
    container = lab.both("run -d --name hello alpine echo hi").stdout.strip()
    assert len(container) == 64
    lab.run(5)
    assert lab.both("ps -a --format '{{.Names}} {{.Image}} {{.Command}}'").stdout.startswith("hello alpine")
    assert lab.both("logs hello").stdout == "hi\n"
    assert lab.both("rm hello").stdout == "hello\n"


def test_events_since_until(lab):
    since, until = "2024-05-01T10:00:00Z", "2024-05-01T10:00:01Z"
    events = lab.both(f"events --since {since} --until {until} --format '{{{{.Type}}}} {{{{.Action}}}}'")
    assert events.stdout  # swarm init and the joins happened within the first second


def test_service_create_waits_and_shows_progress_in_real_time(lab):
    """Without -d the CLI polls in wall time; the served clock must move with it (speed > 0)."""
    cluster = caasnb.Cluster(managers=1, workers=1, seed=3)
    with cluster.serve(speed=20) as served:
        env = lab.env("host-1") | {"DOCKER_HOST": served.docker_host}
        argv = [lab.binary, "service", "create", "--name", "quick", "--replicas", "2", "nginx:1.27"]
        result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "overall progress: 2 out of 2 tasks" in result.stdout
    assert "verify: Service" in result.stdout and "converged" in result.stdout
