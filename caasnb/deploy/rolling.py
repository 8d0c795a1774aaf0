"""The rolling update as a release strategy: swarm's own ``docker service update``, under the same workload.

The stable service's tasks are replaced ``parallelism`` at a time with ``delay`` between
batches; the updater watches each new task for ``monitor`` seconds and, with
``failure_action=rollback`` (the course's default choice), rolls back when too many fail.
It judges only task health — a release that runs but answers slowly or with a few errors
goes out to every user. That is the comparison with blue/green and canary.
"""

from __future__ import annotations

from ..errors import DockerError
from . import services
from .rollout import DECISION, PROMOTED, ROLLED_BACK, Rollout

DONE = {"completed": PROMOTED, "rollback_completed": ROLLED_BACK, "paused": "paused", "rollback_paused": "paused"}


class Rolling(Rollout):
    """``docker service update --image IMAGE`` with the given update policy, run to its end."""

    strategy = "rolling"

    def __init__(
        self,
        workload,
        image: str,
        *,
        parallelism: int = 1,
        delay: str = "10s",
        monitor: str = "10s",
        failure_action: str = "rollback",
        order: str = "start-first",
    ) -> None:
        super().__init__(workload, image)
        self.command = (
            f"service update --detach --image {image} --update-parallelism {parallelism} --update-delay {delay} "
            f"--update-monitor {monitor} --update-failure-action {failure_action} --update-order {order} {self.stable}"
        )

    def run(self, timeout: float = 3600.0) -> str:
        """Start the update and run until swarm reports it finished; returns the final phase."""
        result = self.cluster.docker(self.command)
        if result.exit_code:
            raise DockerError(result.stderr.strip())
        self.sim.emit(DECISION, self.name, action="update", command=f"docker {self.command}")
        self.cluster.run(until=lambda c: services.update_state(c, self.stable) in DONE, timeout=timeout)
        self.phase = DONE.get(services.update_state(self.cluster, self.stable), "updating")
        self.sim.emit(DECISION, self.name, action="finished", phase=self.phase)
        return self.phase
