"""Canary releases with automated analysis, the way Flagger and Argo Rollouts step them.

A canary service runs the new image beside the stable one, and — as Kayenta recommends — a
baseline service of the same size runs the old image: the judge compares like with like
(same replica count, same share of traffic, so the same load and the same contention on
their nodes) instead of a busy canary with a big, lightly loaded stable service. The router
first sends canary and baseline ``step_weight`` % of the traffic each; every ``interval``
seconds the judge compares the canary's requests of that interval with the baseline's
(:mod:`.analysis`, :mod:`.judge`) and the rollout acts on the verdict:

* ``pass``: the weight grows by ``step_weight`` up to ``max_weight``; a pass at
  ``max_weight`` promotes;
* ``marginal``: hold the weight and analyse again;
* ``fail``: one more failed check; at ``threshold`` failed checks the router sends 100 %
  back to stable at once (rollback).

``max_weight`` is therefore at most 50 (canary and baseline 50 % each).

Each analysis is a ``deploy.analysis`` event with its evidence (score, and per metric the
classification, p-value, effect size and sample sizes); each decision is a ``deploy.decision``
event. Analyses run on the simulation's timers, so they happen however time is advanced
(``cluster.run``, a widget's play button). The swarm writes that follow a decision — rolling
the stable service to the promoted image, removing the canary service — happen in
:meth:`Canary.finish` (called by :meth:`Canary.run`), outside any timer, like the
controller's reconcile loop acting on the rollout's status.
"""

from __future__ import annotations

from ..errors import InvalidArgument
from ..sim import Timer, seconds
from . import services
from .analysis import compare
from .judge import DEFAULT_METRICS, Judge, Verdict
from .rollout import ANALYSIS, DECISION, PROGRESSING, PROMOTED, PROMOTING, ROLLED_BACK, Rollout


class Canary(Rollout):
    """Shift traffic to ``image`` step by step while the judge agrees; roll back when it does not."""

    strategy = "canary"

    def __init__(
        self,
        workload,
        image: str,
        *,
        step_weight: float = 10,
        max_weight: float = 50,
        interval: float = 60.0,
        threshold: int = 2,
        replicas: int = 1,
        judge: Judge | None = None,
        bucket_s: float = 10.0,
    ) -> None:
        if not 0 < step_weight <= max_weight <= 50 or interval <= 0 or threshold < 1:
            raise InvalidArgument(
                "need 0 < step_weight <= max_weight <= 50 (canary and baseline each get max_weight %), "
                "interval > 0 and threshold >= 1"
            )
        super().__init__(workload, image)
        self.step_weight = step_weight
        self.max_weight = max_weight
        self.interval = seconds(interval)
        self.threshold = threshold
        self.replicas = replicas
        self.judge = judge or Judge(DEFAULT_METRICS)
        self.bucket_s = bucket_s
        self.canary = f"{self.stable}-canary"
        self.baseline = f"{self.stable}-baseline"
        self.failed_checks = 0
        self.verdicts: list[tuple[int, float, Verdict]] = []
        self._timer: Timer | None = None
        self._window_start = 0

    def start(self) -> Canary:
        """Create the canary and baseline services, wait for their tasks, send them the first step of traffic."""
        old = services.image_of(self.cluster, self.stable)
        services.clone(self.cluster, self.stable, self.canary, self.image, self.replicas)
        services.clone(self.cluster, self.stable, self.baseline, old, self.replicas)
        services.wait_running(self.cluster, self.canary, self.image, self.replicas)
        services.wait_running(self.cluster, self.baseline, old, self.replicas)
        self.phase = PROGRESSING
        self._set_weight(self.step_weight, "first step")
        return self

    @property
    def weight(self) -> float:
        return self.router.weight(self.canary)

    def _set_weight(self, weight: float, reason: str) -> None:
        split = {self.stable: 100 - 2 * weight, self.baseline: weight, self.canary: weight}
        self.router.route(split, reason=reason)
        self._window_start = self.sim.now
        if self._timer is not None:
            self.sim.cancel(self._timer)
        self._timer = self.sim.schedule(self.interval, self._analyse) if 0 < weight else None

    def _analyse(self) -> None:
        self._timer = None
        evidence = compare(self.sim, self.baseline, self.canary, self._window_start, self.sim.now, self.bucket_s)
        verdict = self.judge.judge(evidence)
        weight = self.weight
        self.verdicts.append((self.sim.now, weight, verdict))
        if verdict.outcome == "fail":
            self.failed_checks += 1
        self.sim.emit(ANALYSIS, self.name, weight=weight, failed_checks=self.failed_checks, **verdict.to_dict())
        if verdict.outcome == "fail" and self.failed_checks >= self.threshold:
            self.rollback(f"{self.failed_checks} failed checks (threshold {self.threshold}): {verdict.reason}")
        elif verdict.outcome == "pass" and weight >= self.max_weight:
            self.promote(f"passed at max weight {self.max_weight:g}%")
        elif verdict.outcome == "pass":
            step = min(weight + self.step_weight, self.max_weight)
            self.sim.emit(DECISION, self.name, action="step", weight=step, reason=verdict.reason)
            self._set_weight(step, "analysis passed")
        else:
            self.sim.emit(DECISION, self.name, action="hold", weight=weight, reason=verdict.reason)
            self._window_start = self.sim.now
            self._timer = self.sim.schedule(self.interval, self._analyse)

    def promote(self, reason: str = "promoted by hand") -> None:
        """Decide to promote now (the swarm part happens in :meth:`finish`)."""
        if self.phase != PROGRESSING:
            return
        self._stop_analysis()
        self.phase = PROMOTING
        self.sim.emit(DECISION, self.name, action="promote", weight=self.weight, reason=reason)

    def rollback(self, reason: str = "aborted by hand") -> None:
        """Send 100 % of the traffic back to the stable service, now."""
        if self.phase != PROGRESSING:
            return
        self._stop_analysis()
        self.router.route({self.stable: 100}, reason="rollback")
        self.phase = ROLLED_BACK
        self.sim.emit(DECISION, self.name, action="rollback", weight=0.0, reason=reason)

    abort = rollback

    def _stop_analysis(self) -> None:
        if self._timer is not None:
            self.sim.cancel(self._timer)
            self._timer = None

    @property
    def decided(self) -> bool:
        return self.phase in (PROMOTING, ROLLED_BACK, PROMOTED)

    def finish(self) -> None:
        """Carry out a decision on the swarm: promote rolls stable to the new image, then the canary goes."""
        if self.phase == PROMOTING:
            services.set_image(self.cluster, self.stable, self.image)
            replicas = services.replicas_of(self.cluster, self.stable)
            services.wait_running(self.cluster, self.stable, self.image, replicas)
            self.cluster.run(until=lambda c: services.update_state(c, self.stable) == "completed", timeout=600)
            self.router.route({self.stable: 100}, reason="promoted")
            self.phase = PROMOTED
        if self.phase in (PROMOTED, ROLLED_BACK) and not self.cleaned:
            services.remove(self.cluster, self.canary)
            services.remove(self.cluster, self.baseline)
            self.cleaned = True
            removed = [self.canary, self.baseline]
            self.sim.emit(DECISION, self.name, action="cleanup", removed=removed, reason=self.phase)

    def run(self, timeout: float = 3600.0) -> str:
        """Start if needed, advance time until the rollout decides, carry it out; returns the final phase."""
        if self.phase == "":
            self.start()
        self.cluster.run(until=lambda _: self.decided, timeout=timeout)
        self.finish()
        return self.phase
