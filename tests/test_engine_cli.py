"""``Cluster.docker``: which host a command runs on, what context it gets, and that it never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb
from caasnb import shell
from caasnb.cli import SwarmStatus
from caasnb.errors import CLIResult


@pytest.fixture
def recorded(monkeypatch):
    """Replace the CLI with a recorder of what it would be given."""
    calls = []

    def run_command(words, context, *, swarm=None):
        calls.append((words, context, swarm))
        return CLIResult(0, "ran\n")

    monkeypatch.setattr(shell, "run_command", run_command)
    return calls


@pytest.fixture(scope="module")
def swarm():
    return caasnb.Cluster(managers=3, workers=2, seed=7)


def test_commands_run_on_the_leader_by_default(swarm, recorded):
    assert swarm.docker("service ls") == CLIResult(0, "ran\n")
    words, context, status = recorded[0]
    assert words == ["service", "ls"]
    assert (context.node, context.engine, context.sim, context.stdin) == ("manager-1", swarm.engine, swarm.sim, "")
    assert status == SwarmStatus("active", True)


def test_piped_input_reaches_the_command(swarm, recorded):
    swarm.docker("swarm unlock", on="manager-2", stdin="SWMKEY-1-x\n")
    assert (recorded[-1][1].node, recorded[-1][1].stdin) == ("manager-2", "SWMKEY-1-x\n")


def test_the_default_follows_the_leader(recorded):
    cluster = caasnb.Cluster(managers=3, workers=1, seed=7)
    cluster.crash("manager-1")
    assert cluster.run(until=lambda c: c.swarm.leader not in (None, "manager-1"), timeout=60)
    cluster.docker("node ls")
    assert recorded[-1][1].node == cluster.swarm.leader


def test_without_a_swarm_commands_run_on_the_first_host(recorded):
    cluster = caasnb.Cluster(hosts=3, seed=7)
    cluster.docker("info")
    assert recorded[-1][1].node == "host-1"
    assert recorded[-1][2] == SwarmStatus("inactive", False)


@pytest.mark.parametrize(
    ("line", "on", "node", "words"),
    [
        ("node ls", "worker-1", "worker-1", ["node", "ls"]),
        ("docker node ls", "worker-2", "worker-2", ["node", "ls"]),
        ("-H worker-1 node ls", None, "worker-1", ["node", "ls"]),
        ("docker --host manager-3 info", None, "manager-3", ["info"]),
        ("--host=ssh://root@worker-2 info", "manager-2", "worker-2", ["info"]),
        ("-H tcp://manager-2:2375 info", None, "manager-2", ["info"]),
        ("-H unix:///var/run/docker.sock info", "worker-1", "worker-1", ["info"]),
        (["-H", "worker-1", "service", "ls"], None, "worker-1", ["service", "ls"]),
        ("service ls -H worker-1", None, "manager-1", ["service", "ls", "-H", "worker-1"]),
    ],
)
def test_choosing_the_host(swarm, recorded, line, on, node, words):
    swarm.docker(line, on=on)
    assert (recorded[-1][0], recorded[-1][1].node) == (words, node)


def test_a_worker_pings_as_a_worker(swarm, recorded):
    swarm.docker("--help", on="worker-2")
    assert recorded[-1][2] == SwarmStatus("active", False)


@pytest.mark.parametrize(("line", "on"), [("node ls", "manager-9"), ("-H nowhere node ls", None)])
def test_an_unknown_host_is_a_clear_error(swarm, line, on):
    result = swarm.docker(line, on=on)
    host = on or "nowhere"
    hosts = "manager-1, manager-2, manager-3, worker-1, worker-2"
    assert result == CLIResult(1, "", f"no such host: {host} (hosts are {hosts})\n")


def test_a_shell_syntax_error_never_reaches_docker(swarm):
    result = swarm.docker('service create --name "web nginx')
    assert (result.exit_code, result.stderr) == (2, "syntax error: unterminated quoted string or trailing backslash\n")


def test_a_crashed_host_cannot_be_pinged():
    cluster = caasnb.Cluster(hosts=2, seed=7)
    cluster.crash("host-2")
    assert shell.swarm_status(cluster.engine, "host-2") is None
    assert cluster.docker("--version", on="host-2").ok


def test_real_commands_run(swarm):
    assert swarm.docker("--version") == CLIResult(0, "Docker version 28.2.2, build e6534b4\n")
    assert swarm.docker("nope").exit_code == 1


GARBAGE = caasnb.Cluster(managers=1, workers=1, seed=7)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["manager-1", "worker-1"])))
def test_cluster_docker_never_raises(line, on):
    result = GARBAGE.docker(line, on=on)
    assert isinstance(result, CLIResult) and isinstance(result.exit_code, int)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(), max_size=6))
def test_cluster_docker_never_raises_on_word_lists(words):
    assert isinstance(GARBAGE.docker(words), CLIResult)
