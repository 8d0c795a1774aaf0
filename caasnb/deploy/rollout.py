"""What every release strategy shares: the workload it is judged under, its router, phase and events.

A rollout releases ``image`` for the application behind ``workload``'s :class:`~.router.Router`,
which must send all its traffic to one service (the stable one) when the rollout begins.
Every rollout has a name (``canary:web``), a ``phase`` and emits ``deploy.*`` events:
``deploy.start``, ``deploy.analysis`` (a judge's verdict and evidence), ``deploy.decision``
(what it did and why) and ``deploy.route`` (every router change).
"""

from __future__ import annotations

from ..errors import InvalidArgument
from .router import Router

START, ANALYSIS, DECISION = "deploy.start", "deploy.analysis", "deploy.decision"
PROGRESSING, PROMOTING, PROMOTED = "progressing", "promoting", "promoted"
ROLLED_BACK, REJECTED = "rolled back", "rejected"


class Rollout:
    """Base of :class:`~.canary.Canary`, :class:`~.bluegreen.BlueGreen` and :class:`~.rolling.Rolling`."""

    strategy = ""

    def __init__(self, workload, image: str) -> None:
        router = workload.target
        if not isinstance(router, Router):
            raise InvalidArgument("a rollout needs a workload whose target is a caasnb.deploy.Router")
        weights = router.weights()
        if len(weights) != 1:
            raise InvalidArgument(f"{router.name} must send all traffic to one service to start, not {weights}")
        self.workload = workload
        self.cluster = workload.cluster
        self.sim = workload.sim
        self.router = router
        self.stable = next(iter(weights))
        self.image = image
        self.name = f"{self.strategy}:{router.name}"
        self.phase = ""
        self.cleaned = False
        self.started = self.sim.now
        self.sim.emit(START, self.name, strategy=self.strategy, image=image, stable=self.stable)
