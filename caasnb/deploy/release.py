"""One release scenario, three strategies: the same cluster, seed, traffic and new version for each.

:func:`release` builds a swarm of ``nodes`` nodes, runs ``nginx:1.26`` on every node behind a
router, sends it traffic, then releases ``nginx:1.27`` with one strategy. The new version is
``good`` (no change), ``slow-tail`` (+20 % p99, the median unchanged) or ``errors`` (0.5 %
of requests fail). The row says what users went through: how many requests the new version
answered before the release ended (``exposed``), how many of all requests failed or were
dropped, and whether the strategy caught the bad version (rolled it back or rejected it).
"""

from __future__ import annotations

from ..cluster import Cluster
from ..errors import InvalidArgument
from ..workload import Behaviour, Workload
from . import services
from .bluegreen import BlueGreen
from .canary import Canary
from .rolling import Rolling
from .rollout import REJECTED, ROLLED_BACK
from .router import Router

STABLE, NEW = "nginx:1.26", "nginx:1.27"
BASELINE = Behaviour(p50_ms=20, p99_ms=80, error_rate=0.0)
RELEASES = {
    "good": BASELINE,
    "slow-tail": BASELINE.worse(p99=1.2),
    "errors": BASELINE.worse(errors=0.005),
}
STRATEGIES = {"rolling": Rolling, "bluegreen": BlueGreen, "canary": Canary}


def release(
    strategy: str = "canary",
    seed: int = 7,
    new: str = "slow-tail",
    nodes: int = 5,
    rate: float = 200.0,
    noise: float = 0.0,
    spread: float = 0.0,
    warmup: float = 30.0,
    **options,
) -> dict:
    """Release ``nginx:1.27`` (behaving as ``RELEASES[new]``) with ``strategy``; one tidy row of what happened.

    ``options`` go to the strategy (``step_weight=20``, ``keep_s=120``, ``delay="5s"``...).
    """
    if strategy not in STRATEGIES or new not in RELEASES:
        raise InvalidArgument(f"strategy is one of {', '.join(STRATEGIES)}; new is one of {', '.join(RELEASES)}")
    managers = min(3, nodes)
    cluster = Cluster(managers=managers, workers=nodes - managers, seed=seed)
    live = "web-blue" if strategy == "bluegreen" else "web"
    cluster.docker("network create --driver overlay web-net")
    cluster.docker(f"service create --detach --name {live} --network web-net --replicas {nodes} {STABLE}")
    services.wait_running(cluster, live, STABLE, nodes)
    router = Router(cluster, "web", {live: 100})
    versions = {STABLE: BASELINE, NEW: RELEASES[new]}
    workload = Workload(cluster, router, rate, versions=versions, noise=noise, spread=spread).start()
    cluster.run(warmup)
    began = cluster.now
    phase = STRATEGIES[strategy](workload, NEW, **options).run()
    workload.stop()
    caught = phase in (ROLLED_BACK, REJECTED)
    return {
        "strategy": strategy,
        "new": new,
        "seed": seed,
        "phase": phase,
        "caught": caught,
        "correct": caught == (new != "good"),
        "exposed": workload.served.get(NEW, 0),
        "failed": sum(workload.failed.values()),
        "dropped": workload.dropped,
        "requests": workload.sent,
        "release_s": round(cluster.now - began, 3),
    }


def compare_strategies(seed: int = 7, new: str = "slow-tail", **scenario) -> list[dict]:
    """The three strategies on one scenario and seed, one row each."""
    return [release(strategy, seed, new, **scenario) for strategy in STRATEGIES]
