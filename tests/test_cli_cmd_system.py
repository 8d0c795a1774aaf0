"""docker info and docker version end to end: exact output, ``--format``, locked and unreachable daemons."""

from __future__ import annotations

import json

import pytest

import caasnb
from caasnb.cli.commands.system import reformat_date
from caasnb.errors import CLIResult

CANNOT_CONNECT = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"
CLIENT = """Client: Docker Engine - Community
 Version:    28.2.2
 Context:    default
 Debug Mode: false

Server:
"""
SERVER_HEAD = """ Containers: 0
  Running: 0
  Paused: 0
  Stopped: 0
 Images: 0
 Server Version: 28.2.2
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 CDI spec directories:
  /etc/cdi
  /var/run/cdi
"""
MANAGER_ADDRESSES = """  Manager Addresses:
   192.168.99.100:2377
   192.168.99.101:2377
   192.168.99.102:2377
"""
MANAGER_SWARM = f""" Swarm: active
  NodeID: 9wvog0sgvtqbhg0k5g779keng
  Is Manager: true
  ClusterID: v8gdvqs49cyjmjij1r6gpkoh3
  Managers: 3
  Nodes: 5
  Default Address Pool: 10.0.0.0/8{"  "}
  SubnetSize: 24
  Data Path Port: 4789
  Orchestration:
   Task History Retention Limit: 5
  Raft:
   Snapshot Interval: 10000
   Number of Old Snapshots to Retain: 0
   Heartbeat Tick: 1
   Election Tick: 10
  Dispatcher:
   Heartbeat Period: 5 seconds
  CA Configuration:
   Expiry Duration: 3 months
   Force Rotate: 0
  Autolock Managers: false
  Root Rotation In Progress: false
  Node Address: 192.168.99.100
"""
WORKER_SWARM = """ Swarm: active
  NodeID: lh6q182a9ut9hyb4k7xcsja7o
  Is Manager: false
  Node Address: 192.168.99.103
"""
SERVER_MIDDLE = """ Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: 05044ec0a9a75232cad458027ca83437aae3f4da
 runc version: v1.2.5-0-g59923ef
 init version: de40ad0
 Security Options:
  apparmor
  seccomp
   Profile: builtin
  cgroupns
 Kernel Version: 6.8.0-60-generic
 Operating System: Ubuntu 24.04.2 LTS
 OSType: linux
 Architecture: x86_64
 CPUs: 2
 Total Memory: 4GiB
"""
SERVER_TAIL = """ Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false

"""
VERSION = """Client: Docker Engine - Community
 Version:           28.2.2
 API version:       1.50
 Go version:        go1.24.3
 Git commit:        e6534b4
 Built:             Fri May 30 12:07:27 2025
 OS/Arch:           linux/amd64
 Context:           default
"""
SERVER_VERSION = """
Server: Docker Engine - Community
 Engine:
  Version:          28.2.2
  API version:      1.50 (minimum version 1.24)
  Go version:       go1.24.3
  Git commit:       45873be
  Built:            Fri May 30 12:07:27 2025
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.7.27
  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da
 runc:
  Version:          1.2.5
  GitCommit:        v1.2.5-0-g59923ef
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
"""


def info_text(swarm: str, name: str, daemon_id: str) -> str:
    return CLIENT + SERVER_HEAD + swarm + SERVER_MIDDLE + f" Name: {name}\n ID: {daemon_id}\n" + SERVER_TAIL


@pytest.fixture(scope="module")
def cluster():
    return caasnb.Cluster(managers=3, workers=2, seed=7)


def test_info_on_a_manager(cluster):
    expected = info_text(MANAGER_SWARM + MANAGER_ADDRESSES, "manager-1", "ed58b10c-efe0-4800-974f-9e0ea949e61f")
    assert cluster.docker("info", on="manager-1") == CLIResult(0, expected)


def test_info_on_a_worker(cluster):
    expected = info_text(WORKER_SWARM + MANAGER_ADDRESSES, "worker-1", "79ec1e78-2d21-42c6-9bd4-6c7ca77d48ca")
    assert cluster.docker("info", on="worker-1") == CLIResult(0, expected)


def test_info_without_a_swarm():
    hosts = caasnb.Cluster(hosts=2, seed=7)
    expected = info_text(" Swarm: inactive\n", "host-1", "0368453f-0efc-4cad-97f8-233c12195853")
    assert hosts.docker("info") == CLIResult(0, expected)


def test_a_locked_manager_says_only_locked():
    cluster = caasnb.Cluster(managers=3, workers=1, seed=7)
    assert cluster.docker("swarm update --autolock=true").ok
    cluster.run(5)
    cluster.crash("manager-2")
    cluster.run(1)
    cluster.restart("manager-2")
    result = cluster.docker("info", on="manager-2")
    assert " Swarm: locked\n Runtimes: io.containerd.runc.v2 runc\n" in result.stdout
    assert cluster.docker("info -f '{{.Swarm.LocalNodeState}}'", on="manager-2") == CLIResult(0, "locked\n")


@pytest.mark.parametrize(
    ("line", "on", "output"),
    [
        ("info --format '{{.Swarm.LocalNodeState}}'", "manager-1", "active\n"),
        ("info -f '{{.Swarm.ControlAvailable}} {{.Swarm.Managers}}'", "manager-2", "true 3\n"),
        ("info -f '{{.Swarm.ControlAvailable}} {{.Name}} {{.NCPU}}'", "worker-2", "false worker-2 2\n"),
        (
            "info -f '{{.ClientInfo.Version}} {{.ClientInfo.Context}} {{json .ClientInfo.Plugins}}'",
            None,
            "28.2.2 default []\n",
        ),
        ("info -f '{{.ServerVersion}}/{{.OSType}}/{{.Architecture}}'", None, "28.2.2/linux/x86_64\n"),
        ("version --format '{{.Server.Version}}'", None, "28.2.2\n"),
        (
            "version -f '{{.Client.Version}} {{.Client.APIVersion}} {{.Client.GitCommit}}'",
            None,
            "28.2.2 1.50 e6534b4\n",
        ),
        ("version -f '{{(index .Server.Components 0).Details.BuildTime}}'", None, "Fri May 30 12:07:27 2025\n"),
        ("version -f '{{range .Server.Components}}{{.Name}} {{end}}'", None, "Engine containerd runc docker-init \n"),
    ],
)
def test_format(cluster, line, on, output):
    assert cluster.docker(line, on=on) == CLIResult(0, output)


def test_info_json_is_the_daemon_answer_then_the_client(cluster):
    result = json.loads(cluster.docker("info --format json").stdout)
    assert list(result)[:3] == ["ID", "Containers", "ContainersRunning"]
    assert list(result)[-1] == "ClientInfo"
    assert result["Swarm"]["Cluster"]["ID"] == "v8gdvqs49cyjmjij1r6gpkoh3"
    assert result["ClientInfo"] == {
        "Debug": False,
        "Platform": {"Name": "Docker Engine - Community"},
        "Version": "28.2.2",
        "DefaultAPIVersion": "1.50",
        "GitCommit": "e6534b4",
        "GoVersion": "go1.24.3",
        "Os": "linux",
        "Arch": "amd64",
        "BuildTime": "Fri May 30 12:07:27 2025",
        "Context": "default",
        "Plugins": [],
        "Warnings": None,
    }


def test_version(cluster):
    assert cluster.docker("version", on="worker-2") == CLIResult(0, VERSION + SERVER_VERSION)
    result = json.loads(cluster.docker("version -f json").stdout)
    assert (result["Client"]["ApiVersion"], result["Server"]["BuildTime"]) == (
        "1.50",
        "2025-05-30T12:07:27.000000000+00:00",
    )


@pytest.mark.parametrize(
    ("line", "result"),
    [
        ("info -f '{{.Swarm'", CLIResult(64, "", "template parsing error: template: :1: unclosed action\n")),
        (
            "info -f 'x{{.Nope}}'",
            CLIResult(
                1,
                "x\n",
                'template: :1:3: executing "" at <.Nope>: can\'t evaluate field Nope in type system.dockerInfo\n',
            ),
        ),
        (
            "version -f '{{.Nope}}'",
            CLIResult(
                1,
                "\n",
                'template: version:1:2: executing "version" at <.Nope>: '
                "can't evaluate field Nope in type system.versionInfo\n",
            ),
        ),
        ("info extra", None),
    ],
)
def test_errors(cluster, line, result):
    if result is None:
        assert cluster.docker(line).stderr.startswith("docker: 'docker info' accepts no arguments")
    else:
        assert cluster.docker(line) == result


def test_an_unreachable_daemon_still_shows_the_client():
    cluster = caasnb.Cluster(hosts=2, seed=7)
    cluster.crash("host-2")
    assert cluster.docker("info", on="host-2") == CLIResult(1, CLIENT, CANNOT_CONNECT)
    assert cluster.docker("version", on="host-2") == CLIResult(1, VERSION, CANNOT_CONNECT)
    assert cluster.docker("info -f '{{.ClientInfo.Context}}'", on="host-2") == CLIResult(0, "default\n")
    assert cluster.docker("info -f '{{.Swarm.NodeID}}'", on="host-2") == CLIResult(1, "\n", CANNOT_CONNECT)


def test_both_commands_are_common_commands(cluster):
    help_text = cluster.docker("--help").stdout
    common = help_text.split("Common Commands:\n", 1)[1].split("\n\n", 1)[0]
    assert "  version     Show the Docker version information\n  info        Display" in common


@pytest.mark.parametrize(
    ("stamp", "text"),
    [
        ("2025-05-30T12:07:27Z", "Fri May 30 12:07:27 2025"),
        ("2024-02-03T01:02:03.5-07:00", "Sat Feb  3 01:02:03 2024"),
        ("yesterday", "yesterday"),
    ],
)
def test_build_times_are_printed_as_go_ansic(stamp, text):
    assert reformat_date(stamp) == text
