"""caasnb.swarm — the swarm's data model and pure decisions: IDs, tokens, specs, tasks, scheduling.

Nothing here reads the clock or the global ``random``: callers pass ``sim.rng(name)``
streams and ``sim.now``. The replicated store and the reconcilers that use these pieces
(orchestrator, dispatcher, updater) build on top.
"""

from .ca import RootCA
from .constraints import Constraint, parse_constraints
from .ids import new_id
from .nodes import ManagerStatus, Node
from .scheduler import Decision, GroupReport, ScheduleResult, schedule
from .tasks import ContainerStatus, IllegalTransition, Task, TaskState, TaskStatus
from .tokens import JoinToken, generate_join_token, generate_unlock_key, parse_join_token, parse_unlock_key

__all__ = [
    "Constraint",
    "ContainerStatus",
    "Decision",
    "GroupReport",
    "IllegalTransition",
    "JoinToken",
    "ManagerStatus",
    "Node",
    "RootCA",
    "ScheduleResult",
    "Task",
    "TaskState",
    "TaskStatus",
    "generate_join_token",
    "generate_unlock_key",
    "new_id",
    "parse_constraints",
    "parse_join_token",
    "parse_unlock_key",
    "schedule",
]
