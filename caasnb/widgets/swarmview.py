"""SwarmView: the swarm's nodes side by side, the tasks on each, the managers' quorum — and "why here?".

One column per node (role, leader badge, availability, status as the swarm sees it, and
whether its machine is on) holds task cards coloured by service. Click a node to crash,
restart, drain or activate it (drain and activate are real ``docker node update``
commands, so they need a quorum like any write); click a task to read the scheduler's
reasons for putting it there. Everything shown is read from the leader's store (without a
leader, from the running manager that has applied most).
"""

from __future__ import annotations

import traitlets

from ..cli.commands.task_table import familiar_image, natural_key
from ..errors import DockerError
from ..sim import SECOND
from ..swarm.nodes import Node
from ..swarm.store import Store
from ..swarm.tasks import Task, TaskState
from ._assets import css, esm
from .base import SimWidget

CARDS_PER_NODE = 40
CARDS_IN_ALL = 600  # big swarms: fewer cards per node, so one refresh stays small
UNASSIGNED = "(unassigned)"


def task_card(task: Task, colour: int) -> dict:
    """One task as a card: its name, state, image and service colour; faded once it is meant to stop."""
    return {
        "id": task.id,
        "name": task.name,
        "service": colour,
        "state": task.state.label,
        "image": familiar_image(task.spec.container_spec.image),
        "faded": task.desired_state > TaskState.RUNNING,
        "err": task.status.err,
    }


def _card_order(task: Task) -> tuple:
    """Live tasks first (by service and slot), then those told to stop, newest first."""
    stopping = task.desired_state > TaskState.RUNNING
    return stopping, -task.updated_at if stopping else 0, task.service_name, task.slot, task.id


def _cards(tasks: list[Task], colours: dict[str, int], limit: int) -> dict:
    """The first ``limit`` cards of a column, and how many more there are."""
    tasks.sort(key=_card_order)
    shown = tasks[:limit]
    return {"tasks": [task_card(t, colours.get(t.service_id, -1)) for t in shown], "more": len(tasks) - len(shown)}


class SwarmView(SimWidget):
    """``SwarmView(cluster)``: live columns of nodes and tasks, a quorum gauge, node actions and "why here?"."""

    _esm = esm("swarmview.js")
    _css = css("swarmview.css")

    nodes = traitlets.List().tag(sync=True)
    services = traitlets.List().tag(sync=True)
    quorum = traitlets.Dict().tag(sync=True)
    why = traitlets.Dict().tag(sync=True)
    running_only = traitlets.Bool(False).tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)
    notice_error = traitlets.Bool(False).tag(sync=True)

    def __init__(self, cluster, **kwargs) -> None:
        if not hasattr(cluster, "swarm"):
            raise TypeError(f"SwarmView shows a caasnb.Cluster, not {type(cluster).__name__}")
        self._why_task: str | None = None
        super().__init__(cluster, **kwargs)

    @property
    def cluster(self):
        """The Cluster shown."""
        return self.target

    # -- what the browser sees ----------------------------------------------------
    def store(self) -> Store | None:
        """The store shown: the leader's, else the running manager that has applied most, else None (no swarm)."""
        swarm = self.cluster.swarm
        if swarm is None:
            return None
        if swarm.leader is not None:
            return swarm.store(swarm.leader)
        running = [host for host in swarm.group.members if host in swarm.group.nodes] or swarm.group.members
        return max((swarm.store(host) for host in running), key=lambda store: store.index)

    def sync_state(self) -> None:
        store = self.store()
        if store is None:
            self.nodes, self.services, self.quorum, self.why = [], [], {}, {}  # the browser says "no swarm yet"
            return
        ordered = sorted(store.services.values(), key=lambda s: (s.created_at, s.id))
        colours = {service.id: index for index, service in enumerate(ordered)}
        self.services = [
            {"name": s.name, "image": familiar_image(s.spec.task_template.container_spec.image)} for s in ordered
        ]
        lanes: dict[str, list[Task]] = {node_id: [] for node_id in store.nodes}
        for task in store.tasks.values():
            if not self.running_only or task.state == TaskState.RUNNING:
                lanes.setdefault(task.node_id if task.node_id in store.nodes else "", []).append(task)
        leader = self.cluster.swarm.leader
        per_lane = max(4, min(CARDS_PER_NODE, CARDS_IN_ALL // max(1, len(lanes))))
        columns = [
            self._column(node, leader) | _cards(lanes[node.id], colours, per_lane)
            for node in sorted(store.nodes.values(), key=lambda n: (n.role != "manager", natural_key(n.hostname)))
        ]
        if lanes.get(""):
            columns.append({"id": "", "hostname": UNASSIGNED} | _cards(lanes[""], colours, per_lane))
        self.nodes = columns
        self.quorum = self._quorum()
        self.why = self._explain(store, self._why_task) if self._why_task else {}

    def _column(self, node: Node, leader: str | None) -> dict:
        """A node's header: role, leader badge, availability, status as the swarm sees it, machine on or off."""
        host = self.cluster.hosts.get(node.hostname)
        return {
            "id": node.id,
            "hostname": node.hostname,
            "role": node.role,
            "leader": node.hostname == leader,
            "availability": node.availability,
            "state": node.state,
            "up": host is not None and host.up,
        }

    def _quorum(self) -> dict:
        """Managers, how many are up, how many the leader (or, leaderless, the best-connected manager) reaches."""
        swarm = self.cluster.swarm
        members, running, leader = swarm.group.members, list(swarm.group.nodes), swarm.leader
        net = self.cluster.net

        def reach(src: str) -> int:
            return sum(dst == src or net.reachable(src, dst) for dst in running)

        reachable = reach(leader) if leader else max(map(reach, running), default=0)
        needed = len(members) // 2 + 1
        return {
            "managers": len(members),
            "up": len(running),
            "reachable": reachable,
            "needed": needed,
            "leader": leader,
            "writable": leader is not None and reachable >= needed,
        }

    def _explain(self, store: Store, task_id: str) -> dict:
        """The scheduler's reasons for ``task_id``'s node: chosen node, spread score, every node's filters."""
        task = store.tasks.get(task_id)
        name = task.name if task else task_id
        decision = self.cluster.swarm.placements.get(task_id)
        if decision is None:
            return {"task": task_id, "name": name, "missing": "the scheduler kept no record of placing this task"}
        chosen = store.nodes.get(decision.node_id)
        verdicts = sorted(
            decision.group.verdicts,
            key=lambda v: (v.node_id != decision.node_id, not v.eligible, v.service_tasks, v.total_tasks, v.node_id),
        )
        rows = [
            {
                "hostname": v.hostname,
                "chosen": v.node_id == decision.node_id,
                "eligible": v.eligible,
                "score": [v.service_tasks, v.total_tasks],
                "checks": [[check.filter, check.passed, check.detail] for check in v.checks],
            }
            for v in verdicts[:CARDS_PER_NODE]
        ]
        return {
            "task": task_id,
            "name": name,
            "node": chosen.hostname if chosen else decision.node_id,
            "score": [decision.service_tasks, decision.total_tasks],
            "branch": list(decision.branch),
            "preferences": list(decision.group.preferences),
            "message": decision.task.status.message,
            "err": decision.task.status.err,
            "nodes": rows,
            "more": len(verdicts) - len(rows),
        }

    # -- actions (from buttons or from code) ---------------------------------------
    def crash(self, host: str) -> None:
        """Power off ``host``'s machine."""
        self._fault(self.cluster.crash, host)

    def restart(self, host: str) -> None:
        """Power ``host``'s machine back on."""
        self._fault(self.cluster.restart, host)

    def drain(self, host: str) -> None:
        """``docker node update --availability drain host`` on the leader: its tasks move elsewhere."""
        self._availability(host, "drain")

    def activate(self, host: str) -> None:
        """``docker node update --availability active host`` on the leader: it takes new tasks again."""
        self._availability(host, "active")

    def explain(self, task_id: str | None) -> None:
        """Show "why here?" for ``task_id`` (None closes it)."""
        self._why_task = task_id or None

    def show_running_only(self, on: bool) -> None:
        """Hide every task that is not running (or show them all again)."""
        self.running_only = on

    def handle(self, action: str, message: dict) -> None:
        host = str(message.get("node", ""))
        actions = {
            "crash": lambda: self.crash(host),
            "restart": lambda: self.restart(host),
            "drain": lambda: self.drain(host),
            "activate": lambda: self.activate(host),
            "why": lambda: self.explain(str(message.get("task", ""))),
            "running_only": lambda: self.show_running_only(bool(message.get("on"))),
        }
        if action in actions:
            actions[action]()
        else:
            super().handle(action, message)

    def _fault(self, fault, host: str) -> None:
        try:
            fault(host)
        except DockerError as error:
            self._say(str(error), error=True)
        else:
            self._say("", error=False)

    def _availability(self, host: str, availability: str) -> None:
        command = f"node update --availability {availability} {host}"
        result = self.cluster.docker(command)
        detail = result.stderr.strip() if result.exit_code else "done"
        self._say(f"$ docker {command}: {detail}", error=bool(result.exit_code))

    def _say(self, text: str, error: bool) -> None:
        self.notice, self.notice_error = text, error

    def __repr__(self) -> str:
        store = self.store()
        nodes = len(store.nodes) if store else 0
        services = len(store.services) if store else 0
        running = sum(t.state == TaskState.RUNNING for t in store.tasks.values()) if store else 0
        leader = self.cluster.swarm.leader if self.cluster.swarm else None
        return (
            f"SwarmView(nodes={nodes}, services={services}, tasks={running} running, "
            f"leader={leader}, t={self.sim.now / SECOND:.3f} s)"
        )
