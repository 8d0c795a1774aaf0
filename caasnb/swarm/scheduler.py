"""SwarmKit's scheduler as a pure function: nodes and tasks in, placement decisions (with reasons) out.

``schedule(nodes, tasks, now)`` follows ``manager/scheduler/scheduler.go``:

* Tasks pre-assigned to a node (global services) are only checked against that node:
  ``scheduler confirmed task can run on preassigned node``, or they stay PENDING with the
  filters' explanation as error.
* The other PENDING tasks are grouped by service and spec version. Each group is spread
  over the nodes that pass the filters, preferring the node with the fewest active tasks
  of the service, then the fewest active tasks overall. As in SwarmKit, the group fills
  the best node until the next one is strictly better, then deals tasks round-robin.
  Placement preferences (``spread=node.labels.zone``) first split the group evenly across
  the label's values.
* Tasks that fit nowhere stay PENDING with ``no suitable node (<explanation>)``.

Where SwarmKit iterates Go maps (in random order), this scheduler is deterministic: ties
between equal nodes go to the smaller node ID, groups go in order of first appearance,
tasks within a group by slot then ID, preference branches by value.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field

from .filters import NodeVerdict, Pipeline
from .nodeinfo import NodeInfo, is_active
from .nodes import Node
from .tasks import Task, TaskState

ASSIGNED_MESSAGE = "scheduler assigned task to node"
PREASSIGNED_MESSAGE = "scheduler confirmed task can run on preassigned node"
NO_SUITABLE_NODE = "no suitable node"
_LABEL_PREFIXES = ("node.labels.", "engine.labels.")


@dataclass
class GroupReport:
    """One scheduling round for a group of identical tasks, kept so a widget can answer "why here?".

    ``verdicts`` holds every node's filter results at the start of the round (only when
    the scheduler was asked to explain); ``explanation`` is SwarmKit's text for the tasks
    that stayed pending ("" when all were placed).
    """

    service_id: str
    spec_version: int
    preferences: tuple[str, ...]
    verdicts: tuple[NodeVerdict, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class Decision:
    """What the scheduler did with one task.

    ``task`` is the task as the scheduler leaves it (ASSIGNED to ``node_id``, or still
    PENDING with an error). ``service_tasks``/``total_tasks`` are the chosen node's active
    tasks of the service and overall just before this one (its spread score); ``branch``
    holds the node's values for the placement preferences.
    """

    task: Task
    group: GroupReport
    node_id: str = ""
    service_tasks: int = 0
    total_tasks: int = 0
    branch: tuple[str, ...] = ()

    @property
    def assigned(self) -> bool:
        return self.task.state == TaskState.ASSIGNED


@dataclass
class ScheduleResult:
    """Every decision of one scheduling pass, in the order they were made."""

    decisions: list[Decision] = field(default_factory=list)
    groups: list[GroupReport] = field(default_factory=list)

    @property
    def assigned(self) -> list[Decision]:
        return [decision for decision in self.decisions if decision.assigned]

    @property
    def pending(self) -> list[Decision]:
        return [decision for decision in self.decisions if not decision.assigned]

    def for_task(self, task_id: str) -> Decision:
        return next(decision for decision in self.decisions if decision.task.id == task_id)


def schedule(nodes: Iterable[Node], tasks: Iterable[Task], now: int = 0, explain: bool = True) -> ScheduleResult:
    """Place every PENDING task of ``tasks`` on one of ``nodes``, as SwarmKit's scheduler would at time ``now``.

    ``tasks`` may include tasks already on nodes (ASSIGNED..RUNNING): they count against
    their node's resources, host ports and spread. With ``explain`` each group records
    every node's filter verdicts (costs one pass over the nodes per group).
    """
    return _Scheduling(nodes, explain).run(tasks, now)


def spread_value(node: Node, descriptor: str) -> str | None:
    """The node's value for a ``spread=`` descriptor (``node.labels.x``/``engine.labels.x``; missing = "").

    None for descriptors SwarmKit ignores (anything but node or engine labels).
    """
    lowered = descriptor.lower()
    for prefix, labels in zip(_LABEL_PREFIXES, (node.labels, node.engine_labels), strict=True):
        if len(lowered) > len(prefix) and lowered.startswith(prefix):
            return labels.get(descriptor[len(prefix) :], "")
    return None


def _spread_key(info: NodeInfo, service_id: str) -> tuple[int, int, str]:
    """Best node first: fewest tasks of the service, then fewest tasks, then smallest ID."""
    return info.service_tasks(service_id), info.active_tasks, info.id


def _less(a: NodeInfo, b: NodeInfo, service_id: str) -> bool:
    """SwarmKit's ``nodeLess``: fewer tasks of the service, then fewer tasks overall (strictly)."""
    return (a.service_tasks(service_id), a.active_tasks) < (b.service_tasks(service_id), b.active_tasks)


@dataclass
class _Group:
    """The group being scheduled: its tasks in order, how many are decided, and its report."""

    tasks: list[Task]
    report: GroupReport
    next: int = 0

    @property
    def service_id(self) -> str:
        return self.report.service_id


@dataclass
class _Branch:
    """A node of SwarmKit's decision tree: tasks of the service below it, children by label value, leaf nodes."""

    path: tuple[str, ...] = ()
    tasks: int = 0
    children: dict[str, _Branch] = field(default_factory=dict)
    nodes: list[NodeInfo] = field(default_factory=list)
    candidates: list[NodeInfo] | None = None


class _Scheduling:
    """State of one scheduling pass: per-node bookkeeping plus indexes that keep big clusters fast."""

    def __init__(self, nodes: Iterable[Node], explain: bool) -> None:
        self.infos = {node.id: NodeInfo.of(node) for node in sorted(nodes, key=lambda node: node.id)}
        self.explain = explain
        self.by_load = [(0, node_id) for node_id in self.infos]  # (active tasks, id), kept sorted
        self.nodes_of_service: dict[str, set[str]] = {}
        self.result = ScheduleResult()
        self.now = 0

    # -- bookkeeping ----------------------------------------------------------------
    def _add(self, task: Task, info: NodeInfo) -> None:
        """Count ``task`` on ``info`` and keep the load index and per-service index current."""
        before = info.active_tasks
        info.add(task)
        if is_active(task):
            self.by_load.pop(bisect_left(self.by_load, (before, info.id)))
            insort(self.by_load, (info.active_tasks, info.id))
            self.nodes_of_service.setdefault(task.service_id, set()).add(info.id)

    def run(self, tasks: Iterable[Task], now: int) -> ScheduleResult:
        self.now = now
        unassigned: dict[tuple[str, int], list[Task]] = {}
        preassigned = []
        for task in tasks:
            if not TaskState.PENDING <= task.state <= TaskState.RUNNING:
                continue
            if task.state == TaskState.PENDING and task.desired_state > TaskState.COMPLETE:
                continue
            if not task.node_id:
                unassigned.setdefault((task.service_id, task.spec_version.index), []).append(task)
            elif task.state == TaskState.PENDING:
                preassigned.append(task)
            elif task.node_id in self.infos:
                self._add(task, self.infos[task.node_id])
        for task in preassigned:
            self._confirm_preassigned(task)
        for (service_id, version), group in unassigned.items():
            group.sort(key=lambda task: (task.slot, task.id))
            self._schedule_group(service_id, version, group)
        return self.result

    # -- global services ----------------------------------------------------------
    def _confirm_preassigned(self, task: Task) -> None:
        """SwarmKit's ``taskFitNode``: the orchestrator chose the node; check that it fits."""
        info = self.infos.get(task.node_id)
        if info is None:
            return
        pipeline = Pipeline(task)
        report = GroupReport(task.service_id, task.spec_version.index, ())
        if self.explain:
            report.verdicts = (pipeline.verdict(info),)
        self.result.groups.append(report)
        score = info.service_tasks(task.service_id), info.active_tasks
        if pipeline.process(info):
            placed = task.advance(TaskState.ASSIGNED, self.now, PREASSIGNED_MESSAGE)
            self._add(placed, info)
            self.result.decisions.append(Decision(placed, report, info.id, *score))
            return
        report.explanation = pipeline.explain()
        waiting = task.with_error(self.now, report.explanation)
        self.result.decisions.append(Decision(waiting, report))

    # -- replicated services --------------------------------------------------------
    def _schedule_group(self, service_id: str, version: int, group: list[Task]) -> None:
        """SwarmKit's ``scheduleTaskGroup`` for tasks sharing a service and spec version."""
        first = group[0]
        pipeline = Pipeline(first)
        preferences = first.spec.placement.preferences
        report = GroupReport(service_id, version, preferences)
        if self.explain:
            report.verdicts = tuple(pipeline.verdict(info) for info in self.infos.values())
        self.result.groups.append(report)
        run = _Group(group, report)
        self._place_on_branch(run, len(group), self._tree(service_id, preferences), pipeline)
        if run.next < len(group):
            explanation = pipeline.explain()
            report.explanation = explanation
            err = f"{NO_SUITABLE_NODE} ({explanation})" if explanation else NO_SUITABLE_NODE
            for task in group[run.next :]:
                self.result.decisions.append(Decision(task.with_error(self.now, err), report))

    def _tree(self, service_id: str, preferences: tuple[str, ...]) -> _Branch:
        """SwarmKit's ``nodeSet.tree``: nodes grouped by their value for each spread preference, in turn."""
        root = _Branch()
        descriptors = [d for d in preferences if any(d.lower().startswith(p) for p in _LABEL_PREFIXES)]
        if not descriptors:
            return root
        for info in self.infos.values():
            branch, own = root, info.service_tasks(service_id)
            for descriptor in descriptors:
                value = spread_value(info.node, descriptor)
                if value is None:
                    continue
                branch.tasks += own
                if value not in branch.children:
                    branch.children[value] = _Branch(path=branch.path + (value,))
                branch = branch.children[value]
            branch.tasks += own
            branch.nodes.append(info)
        return root

    def _place_on_branch(self, group: _Group, wanted: int, branch: _Branch, pipeline: Pipeline) -> int:
        """SwarmKit's ``scheduleNTasksOnSubtree``: even out tasks across child branches, recursively."""
        if not branch.children:
            nodes = self._leaf_candidates(group, branch, pipeline)
            return self._place_on_nodes(group, wanted, nodes, pipeline, branch.path) if nodes else 0
        children = [branch.children[value] for value in sorted(branch.children)]
        placed_total, usable_tasks, full = 0, branch.tasks, set()
        converging = True
        while placed_total != wanted and len(full) != len(children) and converging:
            open_branches = len(children) - len(full)
            per_branch, remainder = divmod(usable_tasks + wanted - placed_total, open_branches)
            converging = False
            for index, child in enumerate(children):
                if index in full:
                    continue
                if child.tasks < per_branch or (child.tasks == per_branch and remainder > 0):
                    converging = True
                    share = per_branch - child.tasks + (1 if remainder > 0 else 0)
                    placed = self._place_on_branch(group, share, child, pipeline)
                    if placed < share:
                        full.add(index)
                        usable_tasks -= child.tasks
                    elif remainder > 0:
                        remainder -= 1
                    placed_total += placed
        return placed_total

    def _leaf_candidates(self, group: _Group, branch: _Branch, pipeline: Pipeline) -> list[NodeInfo]:
        """The best nodes of a leaf that pass the filters (at most one per task of the group), best first.

        Chosen once per leaf, like SwarmKit's bounded heap; a later visit re-filters and re-sorts them.
        """
        service_id, capacity = group.service_id, len(group.tasks)
        if branch.candidates is not None:
            kept = [info for info in branch.candidates if pipeline.process(info)]
        elif branch.path:
            ordered = sorted(branch.nodes, key=lambda info: _spread_key(info, service_id))
            kept = self._first_passing(ordered, pipeline, capacity)
        else:
            kept = self._best_passing(service_id, pipeline, capacity)
        kept.sort(key=lambda info: _spread_key(info, service_id))
        branch.candidates = kept
        return kept

    @staticmethod
    def _first_passing(ordered: Iterable[NodeInfo], pipeline: Pipeline, capacity: int) -> list[NodeInfo]:
        kept = []
        for info in ordered:
            if pipeline.process(info):
                kept.append(info)
                if len(kept) == capacity:
                    break
        return kept

    def _best_passing(self, service_id: str, pipeline: Pipeline, capacity: int) -> list[NodeInfo]:
        """The best passing nodes of the whole cluster, found without sorting it.

        Nodes without tasks of the service come first, least loaded first (from the load
        index); only if they run out are the service's own nodes sorted and tried.
        """
        busy = self.nodes_of_service.get(service_id, set())
        idle = (self.infos[node_id] for _, node_id in self.by_load if node_id not in busy)
        kept = self._first_passing(idle, pipeline, capacity)
        if len(kept) < capacity and busy:
            ordered = sorted((self.infos[node_id] for node_id in busy), key=lambda i: _spread_key(i, service_id))
            kept += self._first_passing(ordered, pipeline, capacity - len(kept))
        return kept

    def _place_on_nodes(
        self, group: _Group, wanted: int, nodes: list[NodeInfo], pipeline: Pipeline, path: tuple[str, ...]
    ) -> int:
        """SwarmKit's ``scheduleNTasksOnNodes``: fill the best node until the next is strictly better, then deal."""
        service_id = group.service_id
        placed, position, count, failed = 0, 0, len(nodes), set()
        while group.next < len(group.tasks):
            task = group.tasks[group.next]
            info = nodes[position % count]
            score = info.service_tasks(service_id), info.active_tasks
            assigned = task.advance(TaskState.ASSIGNED, self.now, ASSIGNED_MESSAGE, node_id=info.id)
            self._add(assigned, info)
            self.result.decisions.append(Decision(assigned, group.report, info.id, *score, path))
            group.next += 1
            placed += 1
            if placed == wanted:
                return placed
            if position + 1 < count:
                if _less(nodes[(position + 1) % count], info, service_id):
                    position += 1
            else:
                position += 1
            start = position
            while position % count in failed or not pipeline.process(nodes[position % count]):
                failed.add(position % count)
                position += 1
                if position - start == count:
                    return placed
        return placed
