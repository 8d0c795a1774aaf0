"""One host's docker daemon, swarm side: the Engine API's swarm, node, service and task calls.

Each method answers as that host's dockerd would: JSON shaped like the Engine API in and
out, Docker's errors (moby ``daemon/cluster``, swarmkit ``controlapi``) on failure, and
nothing changed when it fails. Writes go through Raft from this host (see
:class:`~caasnb.swarm.runtime.Swarm`), so they take simulated time and fail without quorum.
"""

from __future__ import annotations

from typing import Any

from ..containers import ContainerRuntime
from ..containers.names import random_name
from ..errors import Conflict, DockerError, InvalidArgument, NotFound, Unavailable
from ..images import ImageStore
from ..net.ipam import swarm_pools
from ..observe import Daemon as LogDaemon
from ..observe import LogHub
from ..observe.programs import Programs
from ..sim import EPOCH_NS
from ..volumes import VolumeStore
from .allocator import delete_service, put_service
from .ca import RootCA
from .ids import new_id
from .networks import HostNetworks
from .nodes import ManagerStatus, Node
from .records import DEFAULT_ADDR_POOL, DEFAULT_SUBNET_SIZE, Service, SwarmRecord, UpdateStatus
from .runtime import OUT_OF_SEQUENCE, Swarm
from .spec.common import Platform
from .spec.node import NodeSpec
from .spec.service import Global, ServiceSpec
from .spec.swarm import SwarmSpec
from .spec.task import ResourceObject
from .store import Delete, Put, Store
from .tasks import TaskState, _evolve
from .tokens import check_join_token, generate_join_token, generate_unlock_key, parse_unlock_key
from .updater import ACTIVE, ROLLBACK_STARTED, UPDATING

ENGINE_VERSION = "28.2.2"
SWARM_PORT = 2377
NO_SWARM = "This node is not part of a swarm"
SWARM_EXISTS = (
    'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.'
)
NOT_IN_SWARM = (
    'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm '
    "and try again."
)
NOT_MANAGER = (
    "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this "
    "command on a manager node or promote the current node to a manager."
)
LOCKED = (
    'Swarm is encrypted and needs to be unlocked before it can be used. Please use "docker swarm unlock" to unlock it.'
)
LOCKED_LEAVE = "Swarm is encrypted and locked. Please unlock it first or use `--force` to ignore this message."
LAST_MANAGER = "Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message. "
JOIN_TIMEOUT = (
    "Timeout was reached before node joined. The attempt to join the swarm will continue in the background. "
    'Use the "docker info" command to see the current swarm status of your node.'
)
LEAVE_MANAGER = "You are attempting to leave the swarm on a node that is participating as a manager. "
NANO_CPUS = 2_000_000_000
MEMORY_BYTES = 4 * 1024**3


def _log_ids(sim, host: str):
    """``stringid.GenerateRandomID`` for one host's logging (ids of split long lines), seeded per host."""
    rng = sim.rng(f"observe.ids:{host}")
    return lambda: f"{rng.getrandbits(256):064x}"


class Unauthorized(DockerError):
    """401: a wrong key (errdefs.Unauthorized)."""

    status = 401


class Daemon:
    """The swarm-facing half of one host's dockerd."""

    def __init__(self, cluster, host: str, index: int) -> None:
        self.cluster = cluster
        self.host = host
        self.addr = f"192.168.99.{100 + index}"
        self.node_id = ""
        self.locked = False
        self.networks = HostNetworks(self)
        self.resources = ResourceObject(nano_cpus=NANO_CPUS, memory_bytes=MEMORY_BYTES)  # the machine's CPUs and memory
        self.containers = ContainerRuntime(self)
        self.images = ImageStore(self)
        self.volumes = VolumeStore(self)
        self.logs = LogHub(
            cluster.sim, LogDaemon(host, self.addr, new_id=_log_ids(cluster.sim, host)), disk=cluster.hosts[host]
        )
        self.programs = Programs(cluster.sim, host, self._program_facts)

    def _program_facts(self, container_id: str) -> tuple[int, list[str], list[str]]:
        """What the program model needs of a container: its memory limit, command line and environment."""
        container = self.containers.get(container_id)
        return container.host_config.get("Memory") or 0, container.argv, list(container.config.get("Env") or ())

    # -- where this daemon stands ---------------------------------------------------
    @property
    def swarm(self) -> Swarm | None:
        return self.cluster.swarm if self.node_id else None

    def _node(self, store: Store) -> Node | None:
        return store.nodes.get(self.node_id)

    def is_manager(self) -> bool:
        swarm = self.swarm
        return swarm is not None and self.host in swarm.group.members

    def _manager(self) -> Swarm:
        """The swarm, if this daemon may answer control API calls; Docker's refusal otherwise."""
        if self.locked:
            raise Unavailable(LOCKED)
        swarm = self.swarm
        if swarm is None:
            raise Unavailable(NOT_IN_SWARM)
        if not self.is_manager():
            raise Unavailable(NOT_MANAGER)
        return swarm

    def _read(self) -> Store:
        return self._manager().read_store(self.host)

    def _write(self, *writes) -> Store:
        return self._manager().commit(self.host, writes)

    def local_state(self) -> str:
        """``LocalNodeState``: inactive, pending, active, error or locked."""
        if self.locked:
            return "locked"
        return "active" if self.swarm is not None else "inactive"

    # -- swarm ----------------------------------------------------------------------
    def info_swarm(self) -> dict[str, Any]:
        """The ``Swarm`` part of ``GET /info``."""
        state = self.local_state()
        info: dict[str, Any] = {
            "NodeID": self.node_id,
            "NodeAddr": self.addr if self.node_id else "",
            "LocalNodeState": state,
            "ControlAvailable": False,
            "Error": "",
            "RemoteManagers": None,
        }
        swarm = self.swarm
        if swarm is None or self.locked:
            return info
        managers = [d for d in self.cluster.daemons.values() if d.node_id and d.is_manager()]
        info["RemoteManagers"] = [{"NodeID": d.node_id, "Addr": f"{d.addr}:{SWARM_PORT}"} for d in managers]
        if self.is_manager():
            try:
                store = swarm.read_store(self.host)
            except DockerError as error:
                info["Error"] = str(error)
                return info
            info["ControlAvailable"] = True
            info["Nodes"] = len(store.nodes)
            info["Managers"] = sum(node.role == "manager" for node in store.nodes.values())
            info["Cluster"] = store.swarm.info_api(EPOCH_NS)
        return info

    def swarm_inspect(self) -> dict[str, Any]:
        return self._read().swarm.to_api(EPOCH_NS)

    def swarm_init(self, request: dict[str, Any]) -> str:
        """Create a swarm with this host as its first manager and leader; returns the node ID."""
        if self.swarm is not None or self.locked:
            raise Unavailable(SWARM_EXISTS)
        if self.cluster.swarm is not None and any(d.node_id for d in self.cluster.daemons.values()):
            raise Unavailable("caasnb runs one swarm per Cluster: make every node leave the old swarm first")
        spec = SwarmSpec.from_api(request.get("Spec") or {})
        availability = (request.get("Availability") or "active").lower()
        if availability not in ("active", "pause", "drain"):
            raise InvalidArgument(f'invalid Availability: "{request.get("Availability")}"')
        addr_pool = tuple(request.get("DefaultAddrPool") or DEFAULT_ADDR_POOL)
        subnet_size = request.get("SubnetSize") or DEFAULT_SUBNET_SIZE
        address_pools = swarm_pools(addr_pool, subnet_size)  # the overlays' subnets come from these
        swarm = Swarm(self.cluster, self.host)
        rng, now = swarm.rng, self.cluster.sim.now
        root = RootCA.create(rng, now)
        record = SwarmRecord(
            id=new_id(rng),
            spec=spec,
            root_ca=root,
            worker_token=generate_join_token(rng, root.digest),
            manager_token=generate_join_token(rng, root.digest),
            unlock_key=generate_unlock_key(rng) if spec.auto_lock_managers else "",
            default_addr_pool=addr_pool,
            subnet_size=subnet_size,
            created_at=now,
            updated_at=now,
        )
        self.cluster.swarm = swarm
        self.node_id = new_id(rng)
        swarm.group.campaign(self.host)
        swarm.group.run(until=lambda g: g.leader == self.host, timeout=5)
        node = self._new_node("manager", availability)
        swarm.commit(self.host, [Put(record), Put(node)])
        swarm.start_agent(self.host, self.node_id)
        self.networks.create_ingress(address_pools)
        self.networks.join_swarm()
        return self.node_id

    def _new_node(self, role: str, availability: str) -> Node:
        now = self.cluster.sim.now
        status = ManagerStatus(f"{self.addr}:{SWARM_PORT}") if role == "manager" else None
        return Node(
            id=self.node_id,
            spec=NodeSpec(role=role, availability=availability),
            hostname=self.host,
            platform=Platform(architecture="x86_64", os="linux"),
            resources=self.resources,
            engine_version=ENGINE_VERSION,
            addr=self.addr,
            manager_status=status,
            created_at=now,
            updated_at=now,
        )

    def swarm_join(self, request: dict[str, Any]) -> None:
        """Join the swarm a manager at one of ``RemoteAddrs`` belongs to, as the token's role."""
        if self.swarm is not None or self.locked:
            raise Unavailable(SWARM_EXISTS)
        token = request.get("JoinToken") or ""
        remotes = request.get("RemoteAddrs") or []
        if not remotes:
            raise InvalidArgument("at least 1 RemoteAddr is required to join")
        swarm = self.cluster.swarm
        manager = self._manager_at(remotes)
        if swarm is None or manager is None or not self.cluster.net.reachable(self.host, manager.host):
            self.cluster.run(20)
            raise Unavailable(JOIN_TIMEOUT)
        store = swarm.read_store(manager.host)
        record = store.swarm
        parsed = check_join_token(token, record.root_ca.digest, (record.worker_token, record.manager_token))
        role = "manager" if str(parsed) == record.manager_token else "worker"
        availability = (request.get("Availability") or "active").lower()
        self.node_id = new_id(swarm.rng)
        try:
            if role == "manager":
                index = swarm.group.add(self.host)
                swarm.group.run(until=lambda g: g.nodes[g.leader].commit >= index if g.leader else False, timeout=20)
            swarm.commit(manager.host, [Put(self._new_node(role, availability))])
        except DockerError:
            self.node_id = ""
            raise
        swarm.start_agent(self.host, self.node_id)
        self.networks.join_swarm()

    def _manager_at(self, remotes: list[str]) -> Daemon | None:
        for remote in remotes:
            address = remote.split(":")[0]
            for daemon in self.cluster.daemons.values():
                if address in (daemon.addr, daemon.host) and daemon.is_manager():
                    return daemon
        return None

    def swarm_leave(self, force: bool = False) -> None:
        swarm = self.swarm
        if swarm is None and not self.locked:
            raise Unavailable(NO_SWARM)
        if self.locked and not force:
            raise Unavailable(
                "Swarm is encrypted and locked. Please unlock it first or use `--force` to ignore this message."
            )
        if self.is_manager() and not force:
            raise Unavailable(self._leave_warning(swarm))
        if self.is_manager():
            if len(swarm.group.members) > 1 and swarm.group.leader is not None:
                swarm.group.remove(self.host)
                swarm.group.run(until=lambda g: self.host in g.removed, timeout=20)
            else:
                swarm.group.crash(self.host)
        swarm.stop_agent(self.host)
        swarm.agents.pop(self.host, None)
        self.networks.leave_swarm()
        self.node_id = ""
        self.locked = False

    def _leave_warning(self, swarm: Swarm) -> str:
        message = LEAVE_MANAGER
        reachable = sum(1 for m in swarm.group.members if m in swarm.group.nodes and swarm.net.is_up(m))
        unreachable = len(swarm.group.members) - reachable
        if reachable - 1 <= (reachable + unreachable) // 2:
            if reachable + unreachable == 1:
                return message + LAST_MANAGER
            message += (
                f"Removing this node leaves {reachable - 1} managers out of {reachable + unreachable}. "
                "Without a Raft quorum your swarm will be inaccessible. "
            )
        return message + (
            "The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. "
            "Use `--force` to suppress this message."
        )

    def swarm_update(
        self,
        spec: dict[str, Any],
        version: int,
        rotate_worker_token: bool = False,
        rotate_manager_token: bool = False,
        rotate_manager_unlock_key: bool = False,
    ) -> None:
        store = self._read()
        record = store.swarm
        if version != record.version.index:
            raise DockerError(OUT_OF_SEQUENCE)
        new_spec = SwarmSpec.from_api(spec, base=record.spec)
        rng = self.swarm.rng
        unlock_key = record.unlock_key
        if new_spec.auto_lock_managers and (not unlock_key or rotate_manager_unlock_key):
            unlock_key = generate_unlock_key(rng)
        if not new_spec.auto_lock_managers:
            unlock_key = ""
        now = self.cluster.sim.now
        root_ca = record.root_ca
        if new_spec.force_rotate != record.last_forced_rotation:
            # swarmkit's root rotation, converged at once: a new root CA, and both join tokens made
            # again for its digest (ca/reconciler.go finishRootRotation)
            root_ca = RootCA.create(rng, now)
            rotate_worker_token = rotate_manager_token = True
        updated = _evolve(
            record,
            spec=new_spec,
            root_ca=root_ca,
            last_forced_rotation=new_spec.force_rotate,
            worker_token=_token(rng, root_ca, rotate_worker_token, record.worker_token),
            manager_token=_token(rng, root_ca, rotate_manager_token, record.manager_token),
            unlock_key=unlock_key,
            updated_at=now,
        )
        self._write(Put(updated))

    def swarm_unlock_key(self) -> dict[str, str]:
        return {"UnlockKey": self._read().swarm.unlock_key}

    def swarm_unlock(self, request: dict[str, Any]) -> None:
        """Start a locked manager again with the current unlock key."""
        if not self.locked:
            if self.swarm is None:
                raise Unavailable(NO_SWARM)
            raise Conflict("swarm is not locked")
        key = request.get("UnlockKey") or ""
        parse_unlock_key(key)
        swarm = self.cluster.swarm
        current = swarm.store(self.host).swarm
        if key != current.unlock_key:
            raise Unauthorized("swarm could not be unlocked: invalid key provided")
        self.locked = False
        self.start()

    # -- the host's life ------------------------------------------------------------
    def stop(self) -> None:
        """The machine went down: the raft node, the agent and the containers die with it."""
        self.containers.host_down()
        swarm = self.swarm
        if swarm is None:
            return
        if self.host in swarm.group.nodes:
            swarm.group.crash(self.host)
        swarm.stop_agent(self.host)

    def boot(self) -> None:
        """The machine is back: a manager of an autolocked swarm stays locked; anything else rejoins."""
        self.containers.host_up()
        swarm = self.swarm
        if swarm is None:
            return
        if self.is_manager() and swarm.store(self.host).swarm.spec.auto_lock_managers:
            self.locked = True
            return
        self.start()

    def start(self) -> None:
        swarm = self.cluster.swarm
        if self.is_manager() and self.host not in swarm.group.nodes:
            swarm.group.restart(self.host)
        swarm.start_agent(self.host, self.node_id)

    # -- nodes ----------------------------------------------------------------------
    def node_list(self, filters: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
        store = self._read()
        nodes = sorted(store.nodes.values(), key=lambda n: n.id)
        return [self._node_api(n, store) for n in nodes if _node_matches(n, filters or {}, self.node_id)]

    def node_inspect(self, ref: str) -> dict[str, Any]:
        store = self._read()
        return self._node_api(_find(store.nodes, ref, "node", lambda n: n.hostname), store)

    def _node_api(self, node: Node, store: Store) -> dict[str, Any]:
        """A node as the Engine API shows it, with its manager status read from Raft now and the
        TLS facts of the swarm's root CA (every node's certificate is rotated at once)."""
        swarm = self.swarm
        host = node.hostname
        if node.role == "manager" and host in swarm.group.members:
            leader = swarm.group.leader
            reachable = host in swarm.group.nodes and (leader is None or swarm.net.reachable(leader, host))
            status = ManagerStatus(
                f"{node.addr}:{SWARM_PORT}", "reachable" if reachable else "unreachable", host == leader
            )
            node = _evolve(node, manager_status=status)
        api = node.to_api(EPOCH_NS)
        api["Description"]["TLSInfo"] = store.swarm.tls_info()
        return api

    def node_update(self, ref: str, version: int, spec: dict[str, Any]) -> None:
        store = self._read()
        node = _find(store.nodes, ref, "node", lambda n: n.hostname)
        if version != node.version.index:
            raise DockerError(OUT_OF_SEQUENCE)
        new_spec = NodeSpec.from_api(spec)
        swarm = self.swarm
        if new_spec.role != node.role:
            self._change_role(swarm, node, new_spec.role)
        self._write(Put(_evolve(node, spec=new_spec, updated_at=self.cluster.sim.now)))

    def _change_role(self, swarm: Swarm, node: Node, role: str) -> None:
        """Promote (add to Raft) or demote (remove from Raft, refusing to break quorum)."""
        if role == "manager":
            index = swarm.group.add(node.hostname)
            swarm.group.run(until=lambda g: bool(g.leader) and g.nodes[g.leader].commit >= index, timeout=20)
            return
        members = swarm.group.members
        if len(members) == 1:
            raise InvalidArgument(
                "rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm"
            )
        reachable = sum(1 for m in members if m in swarm.group.nodes)
        if reachable - 1 < len(members) // 2 + 1 - (0 if node.hostname in swarm.group.nodes else 1):
            raise InvalidArgument(
                "rpc error: code = FailedPrecondition desc = can't remove member from the raft: this would result "
                "in a loss of quorum"
            )
        swarm.group.remove(node.hostname)

    def node_delete(self, ref: str, force: bool = False) -> None:
        store = self._read()
        node = _find(store.nodes, ref, "node", lambda n: n.hostname)
        if node.role == "manager":
            raise InvalidArgument(
                f"rpc error: code = FailedPrecondition desc = node {node.id} is a cluster manager and is a member of "
                "the raft cluster. It must be demoted to worker before removal"
            )
        if node.state != "down" and not force:
            raise InvalidArgument(
                f"rpc error: code = FailedPrecondition desc = node {node.id} is not down and can't be removed"
            )
        self._write(Delete("nodes", node.id))
        for daemon in self.cluster.daemons.values():
            if daemon.node_id == node.id:
                self.swarm.stop_agent(daemon.host)
                daemon.node_id = ""

    # -- services -------------------------------------------------------------------
    def service_list(self, filters: dict[str, list[str]] | None = None, status: bool = False) -> list[dict[str, Any]]:
        store = self._read()
        services = sorted(store.services.values(), key=lambda s: s.id)
        out = []
        for service in services:
            if not _service_matches(service, filters or {}):
                continue
            api = service.to_api(EPOCH_NS)
            if status:
                api["ServiceStatus"] = _service_status(store, service)
            out.append(api)
        return out

    def service_create(self, spec: dict[str, Any], registry_auth: str | None = None) -> dict[str, Any]:
        store = self._read()
        parsed = ServiceSpec.from_api(spec).with_registry_auth(registry_auth or "")
        rng = self.swarm.rng
        if not parsed.name:
            parsed = _evolve(parsed, name=random_name(rng))
        if any(s.name == parsed.name for s in store.services.values()):
            raise Conflict(f"rpc error: code = AlreadyExists desc = service {parsed.name} already exists")
        now = self.cluster.sim.now
        service = Service(id=new_id(rng), spec=parsed, created_at=now, updated_at=now)
        put_service(self.cluster.swarm_networks, store, service, self._write)
        return {"ID": service.id}

    def service_inspect(self, ref: str, insert_defaults: bool = False) -> dict[str, Any]:
        store = self._read()
        return _find(store.services, ref, "service", lambda s: s.name).to_api(EPOCH_NS)

    def service_update(
        self,
        ref: str,
        version: int,
        spec: dict[str, Any],
        registry_auth_from: str = "spec",
        rollback: str | None = None,
        registry_auth: str | None = None,
    ) -> dict[str, Any]:
        store = self._read()
        service = _find(store.services, ref, "service", lambda s: s.name)
        if not registry_auth:  # moby keeps the PullOptions of the spec named by ``registryAuthFrom``
            if registry_auth_from not in ("spec", "previous-spec"):
                raise InvalidArgument("unsupported registryAuthFrom value")
            if registry_auth_from == "previous-spec" and service.previous_spec is None:
                raise InvalidArgument("service does not have a previous spec")
            kept = service.spec if registry_auth_from == "spec" else service.previous_spec
            registry_auth = kept.task_template.container_spec.registry_auth
        if version != service.version.index:
            raise DockerError(OUT_OF_SEQUENCE)
        now = self.cluster.sim.now
        if rollback == "previous":
            if service.previous_spec is None:
                raise InvalidArgument(
                    f"rpc error: code = FailedPrecondition desc = service {service.id} does not have a previous spec"
                )
            status = UpdateStatus(ROLLBACK_STARTED, now, None, "manually requested rollback")
            updated = _evolve(
                service, spec=service.previous_spec, previous_spec=service.spec, update_status=status, updated_at=now
            )
        else:
            parsed = ServiceSpec.from_api(spec).with_registry_auth(registry_auth)
            if parsed.name != service.name:
                raise InvalidArgument("rpc error: code = Unimplemented desc = renaming services is not supported")
            status = service.update_status  # swarmkit resets a finished one; a running update goes on
            if status is not None and status.state not in ACTIVE:
                status = None
            if parsed.task_template != service.spec.task_template:
                status = UpdateStatus(UPDATING, now, None, "update in progress")
            updated = _evolve(service, spec=parsed, previous_spec=service.spec, update_status=status, updated_at=now)
        put_service(self.cluster.swarm_networks, store, updated, self._write)
        return {"Warnings": []}

    def service_delete(self, ref: str) -> None:
        store = self._read()
        service = _find(store.services, ref, "service", lambda s: s.name)
        delete_service(self.cluster.swarm_networks, service, self._write)

    # -- tasks ----------------------------------------------------------------------
    def task_list(self, filters: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
        store = self._read()
        tasks = sorted(store.tasks.values(), key=lambda t: (t.service_name, t.slot, t.node_id, t.created_at, t.id))
        return [t.to_api(EPOCH_NS) for t in tasks if _task_matches(store, t, filters or {})]

    def task_inspect(self, ref: str) -> dict[str, Any]:
        store = self._read()
        return _find(store.tasks, ref, "task", lambda t: t.name).to_api(EPOCH_NS)


def _token(rng, root_ca: RootCA, rotate: bool, current: str) -> str:
    return generate_join_token(rng, root_ca.digest) if rotate else current


# -- lookups and filters ------------------------------------------------------------
def _find(table: dict[str, Any], ref: str, kind: str, name_of) -> Any:
    """By full ID, then by name, then by unique ID prefix — as moby's getNode/getService do."""
    if ref in table:
        return table[ref]
    named = [obj for obj in table.values() if name_of(obj) == ref]
    if len(named) == 1:
        return named[0]
    prefixed = [obj for key, obj in table.items() if key.startswith(ref)] if ref else []
    if len(named) > 1 or len(prefixed) > 1:
        raise InvalidArgument(f"{kind} {ref} is ambiguous ({len(named) or len(prefixed)} matches found)")
    if prefixed:
        return prefixed[0]
    raise NotFound(f"{kind} {ref} not found")


def _node_matches(node: Node, filters: dict[str, list[str]], self_id: str) -> bool:
    checks = {
        "id": lambda v: node.id.startswith(v),
        "name": lambda v: node.hostname == v or node.spec.name == v,
        "role": lambda v: node.role == v,
        "membership": lambda v: v == "accepted",
        "node.label": lambda v: _label(node.labels, v),
        "label": lambda v: _label(node.engine_labels, v),
    }
    return _all_filters(filters, checks)


def _service_matches(service: Service, filters: dict[str, list[str]]) -> bool:
    mode = "global" if isinstance(service.spec.mode, Global) else "replicated"
    checks = {
        "id": lambda v: service.id.startswith(v),
        "name": lambda v: service.name.startswith(v),
        "label": lambda v: _label(service.spec.labels, v),
        "mode": lambda v: v == mode,
    }
    return _all_filters(filters, checks)


def _task_matches(store: Store, task, filters: dict[str, list[str]]) -> bool:
    service = store.services.get(task.service_id)
    node = store.nodes.get(task.node_id)
    checks = {
        "id": lambda v: task.id.startswith(v),
        "name": lambda v: task.name.startswith(v),
        "service": lambda v: task.service_id == v or (service is not None and service.name == v),
        "node": lambda v: task.node_id == v or (node is not None and node.hostname == v),
        "desired-state": lambda v: (
            task.desired_state.label == v or (v == "accepted" and task.desired_state == TaskState.ACCEPTED)
        ),
        "label": lambda v: service is not None and _label(service.spec.labels, v),  # swarmkit: ServiceAnnotations
        "_up-to-date": lambda v: service is not None and task.spec == service.spec.task_template,
        "runtime": lambda v: v == "container",
    }
    return _all_filters(filters, checks)


def _all_filters(filters: dict[str, list[str]], checks: dict[str, Any]) -> bool:
    for key, values in filters.items():
        if key not in checks:
            raise InvalidArgument(f"invalid filter '{key}'")
        if values and not any(checks[key](value) for value in values):
            return False
    return True


def _label(labels: dict[str, str], wanted: str) -> bool:
    key, sep, value = wanted.partition("=")
    return key in labels and (not sep or labels[key] == value)


def _service_status(store: Store, service: Service) -> dict[str, int]:
    tasks = list(store.service_tasks(service.id))
    running = sum(t.state == TaskState.RUNNING and t.desired_state <= TaskState.RUNNING for t in tasks)
    if isinstance(service.spec.mode, Global):
        desired = sum(1 for n in store.nodes.values() if n.state != "down" and n.availability == "active")
    else:
        desired = getattr(service.spec.mode, "replicas", 0)
    return {"RunningTasks": running, "DesiredTasks": desired, "CompletedTasks": 0}
