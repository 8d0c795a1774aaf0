"""docker swarm and docker node against a canned Engine API: exact output, requests and errors."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

import caasnb.cli.commands  # noqa: F401 - registers the commands
from caasnb.cli import run_command
from caasnb.errors import NotFound, Unavailable
from caasnb.sim import Simulation

LEADER = "a" * 25
WORKER = "b" * 25
TOKEN_W = "SWMTKN-1-" + "0" * 50 + "-" + "w" * 25
TOKEN_M = "SWMTKN-1-" + "0" * 50 + "-" + "m" * 25
KEY = "SWMKEY-1-" + "k" * 43
MANAGER_STATUS = {"Leader": True, "Reachability": "reachable", "Addr": "10.0.0.1:2377"}


def node(node_id, host, role, manager=None):
    return {
        "ID": node_id,
        "Version": {"Index": 10},
        "CreatedAt": "2024-05-01T10:00:00.5Z",
        "Spec": {"Labels": {}, "Role": role, "Availability": "active"},
        "Description": {
            "Hostname": host,
            "Platform": {"Architecture": "x86_64", "OS": "linux"},
            "Resources": {"NanoCPUs": 2000000000, "MemoryBytes": 4294967296},
            "Engine": {"EngineVersion": "28.2.2"},
        },
        "Status": {"State": "ready", "Addr": "10.0.0.2"},
        **({"ManagerStatus": manager} if manager else {}),
    }


class FakeEngine:
    """Answers the few Engine API requests these commands send; records every write."""

    def __init__(self):
        self.writes = []
        self.nodes = {
            LEADER: node(LEADER, "manager-1", "manager", MANAGER_STATUS),
            WORKER: node(WORKER, "worker-1", "worker"),
        }
        self.locked = False
        self.autolock = False

    def call(self, host, method, path, *, query=None, body=None, headers=None):
        if method != "GET":
            self.writes.append((method, path, query, copy.deepcopy(body)))
        if path == "/swarm/init":
            return LEADER
        if path == "/info":
            state = "locked" if self.locked else "active"
            return {"Swarm": {"NodeID": LEADER, "LocalNodeState": state, "ControlAvailable": True}}
        if path == "/swarm":
            spec = {"EncryptionConfig": {"AutoLockManagers": self.autolock}}
            return {"Version": {"Index": 7}, "Spec": spec, "JoinTokens": {"Worker": TOKEN_W, "Manager": TOKEN_M}}
        if path == "/swarm/unlockkey":
            return {"UnlockKey": KEY if self.autolock else ""}
        if path == "/nodes":
            return [copy.deepcopy(n) for n in self.nodes.values()]
        if path.startswith("/nodes/"):
            ref = path.split("/")[2]
            found = [n for n in self.nodes.values() if n["ID"].startswith(ref) or n["Description"]["Hostname"] == ref]
            if not found:
                raise NotFound(f"node {ref} not found")
            return None if method != "GET" else copy.deepcopy(found[0])
        if path == "/tasks":
            return [task()]
        if path.startswith("/services/"):
            return {"Spec": {"Name": "web"}}
        if path == "/swarm/leave":
            raise Unavailable("This node is not part of a swarm")
        return None


def task():
    return {
        "ID": "t" * 25,
        "CreatedAt": "2024-05-01T10:00:00Z",
        "Spec": {"ContainerSpec": {"Image": "nginx:1.27@sha256:" + "0" * 64}},
        "ServiceID": "s" * 25,
        "Slot": 1,
        "NodeID": WORKER,
        "Status": {"Timestamp": "2024-05-01T10:00:00Z", "State": "running", "Err": ""},
        "DesiredState": "running",
    }


@pytest.fixture
def docker():
    engine = FakeEngine()
    sim = Simulation(7)
    sim.run(until=150 * 10**9)

    def run(line, stdin=""):
        return run_command(line, SimpleNamespace(engine=engine, node="manager-1", sim=sim, stdin=stdin))

    run.engine = engine
    return run


def test_swarm_init_prints_the_join_command_and_sends_docker_request(docker):
    result = docker("swarm init --advertise-addr 10.0.0.1 --task-history-limit 3")
    assert result.exit_code == 0
    assert result.stdout == (
        f"Swarm initialized: current node ({LEADER}) is now a manager.\n\n"
        "To add a worker to this swarm, run the following command:\n\n"
        f"    docker swarm join --token {TOKEN_W} 10.0.0.1:2377\n\n"
        "To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n"
    )
    assert docker.engine.writes[0][2:] == (
        {},
        {
            "ListenAddr": "0.0.0.0:2377",
            "AdvertiseAddr": "10.0.0.1",
            "DataPathAddr": "",
            "DataPathPort": 0,
            "ForceNewCluster": False,
            "Spec": {
                "Labels": None,
                "Orchestration": {"TaskHistoryRetentionLimit": 3},
                "Raft": {"ElectionTick": 0, "HeartbeatTick": 0},
                "Dispatcher": {},
                "CAConfig": {},
                "TaskDefaults": {},
                "EncryptionConfig": {"AutoLockManagers": False},
            },
            "AutoLockManagers": False,
            "Availability": "",
            "DefaultAddrPool": [],
            "SubnetSize": 24,
        },
    )


def test_swarm_init_rejects_an_unknown_availability(docker):
    result = docker("swarm init --availability busy")
    assert (result.exit_code, result.stderr) == (
        1,
        'invalid availability "busy", only active, pause and drain are supported\n',
    )


def test_join_token_quiet_rotate_and_unknown_role(docker):
    assert docker("swarm join-token -q worker").stdout == TOKEN_W + "\n"
    rotated = docker("swarm join-token --rotate manager")
    assert rotated.stdout.startswith("Successfully rotated manager join token.\n\nTo add a manager to this swarm")
    assert docker.engine.writes[-1][2] == {
        "version": "7",
        "rotateWorkerToken": "false",
        "rotateManagerToken": "true",
        "rotateManagerUnlockKey": "false",
    }
    assert docker("swarm join-token boss").stderr == "unknown role boss\n"


def test_leave_reports_the_daemon_error(docker):
    result = docker("swarm leave -f")
    assert (result.exit_code, result.stderr) == (1, "Error response from daemon: This node is not part of a swarm\n")
    assert docker.engine.writes[-1][2] == {"force": "1"}


def test_unlock_reads_the_key_from_stdin(docker):
    assert docker("swarm unlock").stderr == "Error: swarm is not locked\n"
    docker.engine.locked = True
    assert docker("swarm unlock", stdin=KEY + "\n").exit_code == 0
    assert docker.engine.writes[-1][1:] == ("/swarm/unlock", {}, {"UnlockKey": KEY})


def test_unlock_key(docker):
    assert docker("swarm unlock-key").stderr == "no unlock key is set\n"
    assert docker("swarm unlock-key --rotate").stderr == "cannot rotate because autolock is not turned on\n"
    docker.engine.autolock = True
    assert docker("swarm unlock-key -q").stdout == KEY + "\n"
    assert docker("swarm unlock-key").stdout == (
        "To unlock a swarm manager after it restarts, run the `docker swarm unlock`\n"
        f"command and provide the following key:\n\n    {KEY}\n\n"
        "Remember to store this key in a password manager, since without it you\n"
        "will not be able to restart the manager.\n"
    )


def test_node_ls_table_marks_self_and_leader(docker):
    assert docker("node ls").stdout == (
        "ID                            HOSTNAME    STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n"
        f"{LEADER} *   manager-1   Ready     Active         Leader           28.2.2\n"
        f"{WORKER}     worker-1    Ready     Active                          28.2.2\n"
    )
    assert docker("node ls -q").stdout == f"{LEADER}\n{WORKER}\n"


def test_node_promote_demote_and_update(docker):
    assert docker("node promote worker-1").stdout == "Node worker-1 promoted to a manager in the swarm.\n"
    method, path, query, spec = docker.engine.writes[-1]
    assert (path, query, spec["Role"]) == (f"/nodes/{WORKER}/update", {"version": "10"}, "manager")
    assert docker("node promote manager-1").stdout == f"Node {LEADER} is already a manager.\n"
    assert docker("node demote manager-1").stdout == "Manager manager-1 demoted in the swarm.\n"
    assert docker("node update --availability drain --label-add zone=a worker-1").stdout == "worker-1\n"
    assert docker.engine.writes[-1][3] == {"Labels": {"zone": "a"}, "Role": "worker", "Availability": "drain"}
    assert docker("node update --label-rm zone worker-1").stderr == "key zone doesn't exist in node's labels\n"


def test_node_inspect_errors_and_pretty(docker):
    missing = docker("node inspect nope")
    assert (missing.exit_code, missing.stdout, missing.stderr) == (
        1,
        "[]\n",
        "Error response from daemon: node nope not found\n",
    )
    assert docker("node inspect -f '{{.Description.Hostname}}' self").stdout == "manager-1\n"
    pretty = docker("node inspect --pretty self").stdout
    assert pretty.startswith(f"ID:\t\t\t{LEADER}\nHostname:              \tmanager-1\n")
    assert "Joined at:             \t2024-05-01 10:00:00.5 +0000 utc\n" in pretty
    assert " CPUs:\t\t\t2\n Memory:\t\t4GiB\nEngine Version:\t\t28.2.2\n" in pretty
    assert docker("node inspect --format pretty2 self").stderr == (
        "cannot supply extra formatting options to the pretty template\n"
    )


def test_node_ps_shows_the_task_table_in_simulated_time(docker):
    assert docker("node ps worker-1").stdout == (
        "ID             NAME      IMAGE        NODE       DESIRED STATE   CURRENT STATE           ERROR     PORTS\n"
        f"{'t' * 12}   web.1     nginx:1.27   worker-1   Running         Running 2 minutes ago             \n"
    )


def test_node_rm_reports_every_failure(docker):
    result = docker("node rm worker-1 ghost")
    assert (result.stdout, result.stderr) == ("worker-1\n", "Error response from daemon: node ghost not found\n")
