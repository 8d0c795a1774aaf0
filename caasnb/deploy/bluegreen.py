"""Blue/green releases: the new version runs beside the live one, is tested, and takes all traffic at once.

1. The idle colour (``web-green`` beside a live ``web-blue``) is created with the new image
   and the live service's replica count, and waited for.
2. A smoke test sends it ``smoke_rate`` requests/s for ``smoke_s`` seconds, judged against
   the live service's requests of the same seconds. A failed smoke test removes the idle
   service: users never saw it (``rejected``).
3. The router switches 100 % to the new colour in one step: both services have running
   tasks at that instant, so no request is dropped.
4. The old colour keeps running for ``keep_s`` seconds — rollback is one router switch back.
   The new colour's live requests are judged against the old colour's last ``keep_s``
   seconds before the switch; a failure switches back (``rolled back``) and removes the new
   colour, a pass retires the old one (``promoted``).

The lesson the numbers show: the smoke test is short, so a subtly bad release passes it,
and after the switch every user gets it until the keep-window analysis catches it.
"""

from __future__ import annotations

from ..sim import SECOND, seconds
from ..workload import Workload
from . import services
from .analysis import compare
from .judge import DEFAULT_METRICS, Judge
from .rollout import ANALYSIS, DECISION, PROMOTED, REJECTED, ROLLED_BACK, Rollout

COLOURS = {"blue": "green", "green": "blue"}


def idle_colour(live: str) -> str:
    """``web-blue`` → ``web-green`` (and back); any other name gets ``-green``."""
    app, _, colour = live.rpartition("-")
    return f"{app}-{COLOURS[colour]}" if colour in COLOURS and app else f"{live}-green"


class BlueGreen(Rollout):
    """Deploy ``image`` as the idle colour, smoke-test it, switch, keep the old colour, then retire it."""

    strategy = "bluegreen"

    def __init__(
        self,
        workload,
        image: str,
        *,
        smoke_s: float = 10.0,
        smoke_rate: float = 20.0,
        keep_s: float = 60.0,
        judge: Judge | None = None,
        bucket_s: float = 10.0,
    ) -> None:
        super().__init__(workload, image)
        self.idle = idle_colour(self.stable)
        self.smoke_s = smoke_s
        self.smoke_rate = smoke_rate
        self.keep_s = keep_s
        self.judge = judge or Judge(DEFAULT_METRICS)
        self.bucket_s = bucket_s
        self.switched_at: int | None = None

    def run(self) -> str:
        """The whole release; returns the final phase (promoted, rolled back or rejected)."""
        replicas = services.replicas_of(self.cluster, self.stable)
        services.clone(self.cluster, self.stable, self.idle, self.image, replicas)
        services.wait_running(self.cluster, self.idle, self.image, replicas)
        if not self._check("smoke", self._smoke()):
            self.phase = REJECTED
            return self._retire(self.idle, "smoke test failed")
        switched = self.sim.now
        self.router.route({self.idle: 100}, reason="switch")
        self.switched_at = switched
        self.sim.emit(DECISION, self.name, action="switch", live=self.idle, standby=self.stable)
        self.cluster.run(self.keep_s)
        keep = seconds(self.keep_s)
        before = compare(self.sim, self.stable, self.idle, switched - keep, switched, self.bucket_s)
        after = compare(self.sim, self.stable, self.idle, switched, self.sim.now, self.bucket_s)
        evidence = {name: (before[name][0], after[name][1]) for name in before}
        if self._check("live", evidence):
            self.phase = PROMOTED
            return self._retire(self.stable, "new colour healthy")
        self.router.route({self.stable: 100}, reason="rollback")
        self.phase = ROLLED_BACK
        self.sim.emit(DECISION, self.name, action="rollback", live=self.stable, reason="live analysis failed")
        return self._retire(self.idle, "rolled back")

    def _smoke(self):
        since = self.sim.now
        probe = Workload(
            self.cluster,
            self.idle,
            self.smoke_rate,
            self.smoke_s,
            versions=self.workload.versions,
            default=self.workload.default,
            noise=self.workload.noise,
            name=f"smoke:{self.idle}",
        ).start()
        self.cluster.run(self.smoke_s + probe.interval / SECOND)
        return compare(self.sim, self.stable, self.idle, since, self.sim.now, self.bucket_s)

    def _check(self, stage: str, evidence) -> bool:
        verdict = self.judge.judge(evidence)
        self.sim.emit(ANALYSIS, self.name, stage=stage, **verdict.to_dict())
        return verdict.outcome == "pass"

    def _retire(self, service: str, reason: str) -> str:
        services.remove(self.cluster, service)
        self.cleaned = True
        self.sim.emit(DECISION, self.name, action="retire", removed=service, reason=reason)
        return self.phase
