"""``docker swarm ca|init|join|join-token|leave|update|unlock|unlock-key`` (docker/cli ``cli/command/swarm``).

``docker swarm unlock`` reads the key from standard input when it is not a terminal, as
docker does: a notebook has no terminal, so the learner pipes it in
(``c.docker("swarm unlock", stdin="SWMKEY-1-...")``, or ``%%docker swarm unlock`` with the
key as the cell's body).
"""

from __future__ import annotations

import hashlib
import ipaddress

from ...errors import ClientError, DockerError
from ...golang.strconv import parse_uint
from ...sim.durations import HOUR, SECOND
from .. import BOOL, DURATION, INT64, NO_ARGS, STRING, UINT64, Command, Flag, FlagKind, Invocation, exact_args, register
from ..help import usage_text
from .client import Client
from .progress import PATIENCE, POLL, Screen

DEFAULT_LISTEN_ADDR = "0.0.0.0:2377"
AVAILABILITIES = ("active", "pause", "drain")
ADDRESS_ERRORS = ("could not choose an IP address to advertise", "could not find the system's IP address")


def _node_addr(text: str) -> str:
    """``opts.ParseTCPAddr`` against the default ``0.0.0.0:2377``: missing host or port are filled in."""
    address = text.removeprefix("tcp://")
    host, colon, port = address.rpartition(":")
    if not colon:
        host, port = address, "2377"
    return f"{host or '0.0.0.0'}:{port or '2377'}"


def _add_pools(text: str, current: tuple[str, ...], first: bool) -> tuple[str, ...]:
    """pflag's ``ipNetSlice``: comma-separated CIDRs, kept as Go prints the network."""
    pools = []
    for cidr in filter(None, (part.strip() for part in text.split(","))):
        try:
            pools.append(str(ipaddress.ip_network(cidr, strict=False)))
        except ValueError:
            raise ValueError(f"invalid CIDR address: {cidr}") from None
    return (*(() if first else current), *pools)


NODE_ADDR = FlagKind("node-addr", lambda text, _c, _f: _node_addr(text), str, DEFAULT_LISTEN_ADDR)
IPNET_SLICE = FlagKind("ipNetSlice", _add_pools, lambda v: "[" + ",".join(v) + "]", (), frozenset({"[]"}))
EXTERNAL_CA = FlagKind("external-ca", lambda text, _c, _f: text, str, "")
PEM_FILE = FlagKind("pem-file", lambda text, _c, _f: text, str, "")
UINT32 = FlagKind("uint32", lambda text, _c, _f: parse_uint(text, 0, 32), str, 0, frozenset({"0"}))

ADDRESS_FLAGS = (
    Flag("listen-addr", NODE_ADDR, 'Listen address (format: "<ip|interface>[:port]")'),
    Flag("advertise-addr", STRING, 'Advertised address (format: "<ip|interface>[:port]")'),
    Flag("data-path-addr", STRING, 'Address or interface to use for data path traffic (format: "<ip|interface>")'),
    Flag("availability", STRING, 'Availability of the node ("active", "pause", "drain")', default="active"),
)
CA_FLAGS = (  # addSwarmCAFlags
    Flag("cert-expiry", DURATION, "Validity period for node certificates (ns|us|ms|s|m|h)", default=2160 * HOUR),
    Flag("external-ca", EXTERNAL_CA, "Specifications of one or more certificate signing endpoints"),
)
SPEC_FLAGS = (
    Flag("task-history-limit", INT64, "Task history retention limit", default=5),
    Flag("dispatcher-heartbeat", DURATION, "Dispatcher heartbeat period (ns|us|ms|s|m|h)", default=5 * SECOND),
    Flag("max-snapshots", UINT64, "Number of additional Raft snapshots to retain"),
    Flag("snapshot-interval", UINT64, "Number of log entries between Raft snapshots", default=10000),
    *CA_FLAGS,
)
CERTS_ROTATED, ROOTS_ROTATED = "  rotated TLS certificates", "  rotated CA certificates"


def empty_spec() -> dict:
    """A zero ``swarm.Spec`` as Go marshals it."""
    return {
        "Labels": None,
        "Orchestration": {},
        "Raft": {"ElectionTick": 0, "HeartbeatTick": 0},
        "Dispatcher": {},
        "CAConfig": {},
        "TaskDefaults": {},
        "EncryptionConfig": {"AutoLockManagers": False},
    }


def merge_spec(spec: dict, invocation: Invocation) -> dict:
    """docker's ``mergeSwarmSpec``: only the flags given change the spec."""
    given, value = invocation.was_set, invocation.flag
    if given("external-ca"):
        raise ClientError("external CAs are not supported by this simulation")
    if given("task-history-limit"):
        spec["Orchestration"]["TaskHistoryRetentionLimit"] = value("task-history-limit")
    if given("dispatcher-heartbeat"):
        spec["Dispatcher"]["HeartbeatPeriod"] = value("dispatcher-heartbeat")
    if given("max-snapshots"):
        spec["Raft"]["KeepOldSnapshots"] = value("max-snapshots")
    if given("snapshot-interval"):
        spec["Raft"]["SnapshotInterval"] = value("snapshot-interval")
    if given("autolock"):
        spec["EncryptionConfig"]["AutoLockManagers"] = value("autolock")
    if given("cert-expiry"):
        spec["CAConfig"]["NodeCertExpiry"] = value("cert-expiry")
    return spec


def _availability(invocation: Invocation) -> str:
    """The ``Availability`` of an init or join request: set only when the flag was given."""
    if not invocation.was_set("availability"):
        return ""
    availability = invocation.flag("availability").lower()
    if availability not in AVAILABILITIES:
        raise ClientError(
            f'invalid availability "{invocation.flag("availability")}", only active, pause and drain are supported'
        )
    return availability


def unlock_text(key: str) -> str:
    """docker's ``printUnlockCommand``."""
    if not key:
        return ""
    return (
        "To unlock a swarm manager after it restarts, run the `docker swarm unlock`\n"
        f"command and provide the following key:\n\n    {key}\n\n"
        "Remember to store this key in a password manager, since without it you\n"
        "will not be able to restart the manager.\n"
    )


def join_text(client: Client, node_id: str, role: str) -> str:
    """docker's ``printJoinCommand`` for one role (nothing unless the node is a manager)."""
    node = client.get(f"/nodes/{node_id}")
    swarm = client.get("/swarm")
    if not node.get("ManagerStatus"):
        return ""
    token = swarm["JoinTokens"]["Worker" if role == "worker" else "Manager"]
    return (
        f"To add a {role} to this swarm, run the following command:\n\n"
        f"    docker swarm join --token {token} {node['ManagerStatus']['Addr']}\n\n"
    )


def run_init(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    request = {
        "ListenAddr": flag("listen-addr"),
        "AdvertiseAddr": flag("advertise-addr"),
        "DataPathAddr": flag("data-path-addr"),
        "DataPathPort": flag("data-path-port"),
        "ForceNewCluster": flag("force-new-cluster"),
        "Spec": merge_spec(empty_spec(), invocation),
        "AutoLockManagers": flag("autolock"),
        "Availability": _availability(invocation),
        "DefaultAddrPool": list(flag("default-addr-pool")),
        "SubnetSize": flag("default-addr-pool-mask-length"),
    }
    try:
        node_id = client.call("POST", "/swarm/init", body=request)
    except DockerError as error:  # docker adds a hint to the daemon's address errors
        if any(text in error.message for text in ADDRESS_ERRORS):
            error.message += " - specify one with --advertise-addr"
        raise
    out = invocation.out
    out.write(f"Swarm initialized: current node ({node_id}) is now a manager.\n\n")
    out.write(join_text(client, node_id, "worker"))
    out.write("To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n")
    if request["AutoLockManagers"]:
        out.write(unlock_text(_unlock_key(client)))


def run_join(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    request = {
        "ListenAddr": flag("listen-addr"),
        "AdvertiseAddr": flag("advertise-addr"),
        "DataPathAddr": flag("data-path-addr"),
        "RemoteAddrs": [invocation.args[0]],
        "JoinToken": flag("token"),
        "Availability": _availability(invocation),
    }
    client.call("POST", "/swarm/join", body=request)
    role = "manager" if client.get("/info")["Swarm"]["ControlAvailable"] else "worker"
    invocation.out.write(f"This node joined a swarm as a {role}.\n")


def _update_swarm(client: Client, swarm: dict, **rotate: bool) -> None:
    """``SwarmUpdate``: the version read, the spec, and the three rotation flags, always sent."""
    query = {"version": str(swarm["Version"]["Index"])}
    for name in ("rotateWorkerToken", "rotateManagerToken", "rotateManagerUnlockKey"):
        query[name] = "true" if rotate.get(name) else "false"
    client.call("POST", "/swarm/update", query=query, body=swarm["Spec"])


def run_join_token(invocation: Invocation) -> None:
    role, quiet = invocation.args[0], invocation.flag("quiet")
    if role not in ("worker", "manager"):
        raise ClientError(f"unknown role {role}")
    client = Client(invocation)
    if invocation.flag("rotate"):
        flag_name = "rotateWorkerToken" if role == "worker" else "rotateManagerToken"
        _update_swarm(client, client.get("/swarm"), **{flag_name: True})
        if not quiet:
            invocation.out.write(f"Successfully rotated {role} join token.\n\n")
    swarm = client.get("/swarm")
    if quiet:
        invocation.out.write(swarm["JoinTokens"]["Worker" if role == "worker" else "Manager"] + "\n")
        return
    node_id = client.get("/info")["Swarm"]["NodeID"]
    invocation.out.write(join_text(client, node_id, role))


def run_leave(invocation: Invocation) -> None:
    Client(invocation).call("POST", "/swarm/leave", query={"force": "1"} if invocation.flag("force") else {})
    invocation.out.write("Node left the swarm.\n")


def run_update(invocation: Invocation) -> int:
    if not invocation.flags.changed:
        invocation.out.write(usage_text(invocation.command, invocation.swarm))
        return 0
    client = Client(invocation)
    swarm = client.get("/swarm")
    was_locked = swarm["Spec"].get("EncryptionConfig", {}).get("AutoLockManagers", False)
    spec = swarm["Spec"]
    for part in ("Orchestration", "Raft", "Dispatcher", "CAConfig", "EncryptionConfig"):
        spec.setdefault(part, {})
    merge_spec(spec, invocation)
    _update_swarm(client, swarm)
    invocation.out.write("Swarm updated.\n")
    if spec["EncryptionConfig"].get("AutoLockManagers") and not was_locked:
        invocation.out.write(unlock_text(_unlock_key(client)))
    return 0


def _unlock_key(client: Client) -> str:
    try:
        return client.get("/swarm/unlockkey")["UnlockKey"]
    except DockerError as error:
        raise ClientError("could not fetch unlock key: " + error.cli_lines().rstrip("\n")) from None


def run_ca(invocation: Invocation) -> None:
    """``runCA``: print the root CA certificate, or rotate it (``CAConfig.ForceRotate`` + 1) and
    follow the rotation as ``RootRotationProgress`` does before printing the new one."""
    client, given, flag = Client(invocation), invocation.was_set, invocation.flag
    swarm = client.get("/swarm")
    if not flag("rotate"):
        for name in ("ca-cert", "ca-key", "cert-expiry", "external-ca"):
            if given(name):
                raise ClientError(f"`--{name}` flag requires the `--rotate` flag to update the CA")
        invocation.out.write(swarm["TLSInfo"]["TrustRoot"].strip() + "\n")
        return
    if given("ca-cert") or given("ca-key"):
        raise ClientError("root CA certificates and keys of your own are not supported by this simulation")
    spec = swarm["Spec"]
    ca_config = spec.setdefault("CAConfig", {})
    merge_spec(spec, invocation)
    ca_config["ForceRotate"] = ca_config.get("ForceRotate", 0) + 1
    _update_swarm(client, swarm)
    if flag("detach"):
        return
    screen = _rotation_progress(client)
    if not flag("quiet"):
        invocation.out.write(screen.text())
        invocation.out.write(client.get("/swarm")["TLSInfo"]["TrustRoot"].strip() + "\n")


def _rotation_progress(client: Client) -> Screen:
    """Poll every 200 ms until every node has a certificate from, and trusts, the desired root CA."""
    screen = Screen()
    screen.progress("desired root digest", "")
    screen.progress(CERTS_ROTATED, "")
    screen.progress(ROOTS_ROTATED, " ")
    done, give_up = False, client.sim.now + PATIENCE
    while True:
        info = client.get("/swarm")
        if done:
            return screen
        if client.sim.now >= give_up:
            screen.message("Operation continuing in background.")
            screen.message("Use `swarmctl cluster inspect default` to check progress.")
            return screen
        desired, nodes = info["TLSInfo"], client.get("/nodes")
        screen.progress("desired root digest", "sha256:" + hashlib.sha256(desired["TrustRoot"].encode()).hexdigest())
        issuer = ("CertIssuerPublicKey", "CertIssuerSubject")
        certs = sum(all(n["Description"]["TLSInfo"].get(k) == desired[k] for k in issuer) for n in nodes)
        roots = sum(n["Description"]["TLSInfo"].get("TrustRoot") == desired["TrustRoot"] for n in nodes)
        screen.progress(CERTS_ROTATED, "", certs, len(nodes), "nodes")
        converged = certs == len(nodes) and not info["RootRotationInProgress"]
        screen.progress(ROOTS_ROTATED, " ", roots if converged else 0, len(nodes), "nodes")
        done = converged and roots == len(nodes)
        client.sleep(POLL)


def run_unlock(invocation: Invocation) -> None:
    client = Client(invocation)
    state = client.get("/info")["Swarm"]["LocalNodeState"]
    if state == "inactive":
        raise ClientError("Error: This node is not part of a swarm")
    if state != "locked":
        raise ClientError("Error: swarm is not locked")
    key = client.stdin.split("\n", 1)[0].strip()
    client.call("POST", "/swarm/unlock", body={"UnlockKey": key})


def run_unlock_key(invocation: Invocation) -> None:
    client, quiet = Client(invocation), invocation.flag("quiet")
    if invocation.flag("rotate"):
        swarm = client.get("/swarm")
        if not swarm["Spec"].get("EncryptionConfig", {}).get("AutoLockManagers"):
            raise ClientError("cannot rotate because autolock is not turned on")
        _update_swarm(client, swarm, rotateManagerUnlockKey=True)
        if not quiet:
            invocation.out.write("Successfully rotated manager unlock key.\n")
    key = _unlock_key(client)
    if not key:
        raise ClientError("no unlock key is set")
    invocation.out.write(key + "\n" if quiet else unlock_text(key))


register(Command("swarm", "Manage Swarm", swarm=""))
register(
    Command(
        "ca [OPTIONS]",
        "Display and rotate the root CA",
        run=run_ca,
        args=NO_ARGS,
        swarm="manager",
        flags=(
            *CA_FLAGS,
            Flag(
                "rotate",
                BOOL,
                "Rotate the swarm CA - if no certificate or key are provided, new ones will be generated",
            ),
            Flag("ca-cert", PEM_FILE, "Path to the PEM-formatted root CA certificate to use for the new cluster"),
            Flag("ca-key", PEM_FILE, "Path to the PEM-formatted root CA key to use for the new cluster"),
            Flag(
                "detach", BOOL, "Exit immediately instead of waiting for the root rotation to converge", shorthand="d"
            ),
            Flag("quiet", BOOL, "Suppress progress output", shorthand="q"),
        ),
    ),
    Command(
        "init [OPTIONS]",
        "Initialize a swarm",
        run=run_init,
        args=NO_ARGS,
        flags=(
            *ADDRESS_FLAGS,
            Flag(
                "data-path-port",
                UINT32,
                "Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, "
                "the default port (4789) is used.",
            ),
            Flag("force-new-cluster", BOOL, "Force create a new cluster from current state"),
            Flag("autolock", BOOL, "Enable manager autolocking (requiring an unlock key to start a stopped manager)"),
            Flag("default-addr-pool", IPNET_SLICE, "default address pool in CIDR format"),
            Flag("default-addr-pool-mask-length", UINT32, "default address pool subnet mask length", default=24),
            *SPEC_FLAGS,
        ),
    ),
    Command(
        "join [OPTIONS] HOST:PORT",
        "Join a swarm as a node and/or manager",
        run=run_join,
        args=exact_args(1),
        flags=(*ADDRESS_FLAGS, Flag("token", STRING, "Token for entry into the swarm")),
    ),
    Command(
        "join-token [OPTIONS] (worker|manager)",
        "Manage join tokens",
        run=run_join_token,
        args=exact_args(1),
        swarm="manager",
        flags=(
            Flag("rotate", BOOL, "Rotate join token"),
            Flag("quiet", BOOL, "Only display token", shorthand="q"),
        ),
    ),
    Command(
        "leave [OPTIONS]",
        "Leave the swarm",
        run=run_leave,
        args=NO_ARGS,
        swarm="active",
        flags=(Flag("force", BOOL, "Force this node to leave the swarm, ignoring warnings", shorthand="f"),),
    ),
    Command(
        "update [OPTIONS]",
        "Update the swarm",
        run=run_update,
        args=NO_ARGS,
        swarm="manager",
        flags=(Flag("autolock", BOOL, "Change manager autolocking setting (true|false)"), *SPEC_FLAGS),
    ),
    Command("unlock", "Unlock swarm", run=run_unlock, args=NO_ARGS, swarm="manager"),
    Command(
        "unlock-key [OPTIONS]",
        "Manage the unlock key",
        run=run_unlock_key,
        args=NO_ARGS,
        swarm="manager",
        flags=(Flag("rotate", BOOL, "Rotate unlock key"), Flag("quiet", BOOL, "Only display token", shorthand="q")),
    ),
    under="swarm",
)
