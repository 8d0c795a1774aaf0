"""The same update and the same failures under Swarm's, Kubernetes' and Marathon's rules: comparable timelines.

A small deterministic model, not a simulation of the other orchestrators: it keeps only the
rules in which the platforms differ, with their documented defaults.

Rolling update of ``replicas`` tasks whose new version takes ``start_s`` to become ready:

* **Swarm** updates in batches of ``parallelism`` (0 = all): stop-first stops a batch, starts
  its replacements and waits for them; start-first starts them first, then stops the old
  ones; ``delay`` seconds pass before the next batch.
* **Kubernetes** (Deployment) keeps at most ``replicas + maxSurge`` pods and at least
  ``replicas - maxUnavailable`` available ones, and reacts whenever a new pod becomes
  available (after ``minReadySeconds``) — no batches, no delay.
* **Marathon** does the same with fractions: at least ``minimumHealthCapacity × instances``
  healthy, at most ``(1 + maximumOverCapacity) × instances`` running (defaults 1 and 1:
  start every new instance, then stop every old one).

Failures:

* a **crashed machine**: Swarm marks the node down after 3 missed heartbeats of 5 s and
  reschedules at once; Kubernetes marks the node NotReady after the 40 s grace period and
  evicts its pods when the default ``unreachable`` toleration of 300 s runs out; Mesos declares
  the agent lost after 5 missed pings of 15 s, and Marathon relaunches.
* a **crash-looping container**: Swarm replaces the task after the restart delay (5 s, constant);
  the kubelet restarts in place after 10 s, doubling up to 5 minutes (CrashLoopBackOff);
  Marathon waits 1 s × 1.15ⁿ, up to an hour.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

PLATFORMS = ("swarm", "kubernetes", "marathon")


@dataclass(frozen=True)
class Point:
    """From ``t`` on: ``old`` and ``new`` replicas serving, ``running`` containers in all (serving or starting)."""

    t: float
    old: int
    new: int
    running: int

    @property
    def serving(self) -> int:
        return self.old + self.new


@dataclass
class Timeline:
    """One platform's update: the steps of its serving capacity, and summary numbers."""

    platform: str
    replicas: int
    points: list[Point] = field(default_factory=list)

    def record(self, t: float, old: int, new: int, running: int) -> None:
        point = Point(round(t, 3), old, new, running)
        if self.points and self.points[-1].t == point.t:
            self.points[-1] = point
        else:
            self.points.append(point)

    @property
    def duration(self) -> float:
        return self.points[-1].t

    @property
    def min_serving(self) -> int:
        return min(point.serving for point in self.points)

    @property
    def peak_running(self) -> int:
        return max(point.running for point in self.points)

    def summary(self) -> dict:
        return {
            "platform": self.platform,
            "duration_s": self.duration,
            "min_serving": self.min_serving,
            "min_availability": f"{100 * self.min_serving / self.replicas:.0f}%",
            "peak_running": self.peak_running,
        }


def swarm_update(
    replicas: int, start_s: float, parallelism: int = 1, delay_s: float = 0.0, order: str = "stop-first"
) -> Timeline:
    """Swarm's updater: batches of ``parallelism`` tasks, ``delay_s`` between batches."""
    timeline = Timeline("swarm", replicas)
    batch = parallelism or replicas
    old, new, t = replicas, 0, 0.0
    while old:
        size = min(batch, old)
        still_serving = old if order == "start-first" else old - size  # stop-first takes the batch down first
        timeline.record(t, still_serving, new, still_serving + new + size)
        t += start_s
        old, new = old - size, new + size
        timeline.record(t, old, new, old + new)
        if old:
            t += delay_s
    return timeline


def surge_update(
    platform: str, replicas: int, start_s: float, max_surge: int, max_unavailable: int, min_ready_s: float = 0.0
) -> Timeline:
    """A Deployment controller's (or Marathon's) update: at most ``replicas + max_surge`` pods, at least
    ``replicas - max_unavailable`` available, re-evaluated whenever a new pod becomes available."""
    if max_surge == 0 and max_unavailable == 0:
        raise ValueError(
            "no room to move: nothing may stop and nothing extra may start, the update could never progress"
        )
    timeline = Timeline(platform, replicas)
    old, ready, starting = replicas, 0, []  # starting: heap of times new pods become available
    t = 0.0
    while True:
        changed = True
        while changed:  # one controller sync: scale the old set down and the new set up until neither can move
            removable = max(min(old, old + ready - (replicas - max_unavailable)), 0)
            created = max(
                min(replicas - ready - len(starting), replicas + max_surge - (old + ready + len(starting))), 0
            )
            old -= removable
            for _ in range(created):
                heapq.heappush(starting, t + start_s + min_ready_s)
            changed = bool(removable or created)
        timeline.record(t, old, ready, old + ready + len(starting))
        if not starting:
            break
        t = heapq.heappop(starting)
        ready += 1
        while starting and starting[0] == t:
            heapq.heappop(starting)
            ready += 1
    return timeline


def marathon_update(
    replicas: int, start_s: float, minimum_health_capacity: float = 1.0, maximum_over_capacity: float = 1.0
) -> Timeline:
    """Marathon's upgradeStrategy as a surge budget (its defaults: keep all healthy, start all new first)."""
    keep = math.ceil(replicas * minimum_health_capacity)
    surge = math.floor(replicas * maximum_over_capacity)
    return surge_update("marathon", replicas, start_s, surge, replicas - keep)


def compare_update(
    replicas: int = 6, start_s: float = 10.0, parallelism: int = 1, delay_s: float = 10.0, order: str = "stop-first"
) -> list[Timeline]:
    """One swarm update config and its closest translation on each platform (see ``spec.update_budget``)."""
    surge, unavailable = (parallelism, 0) if order == "start-first" else (0, parallelism)
    return [
        swarm_update(replicas, start_s, parallelism, delay_s, order),
        surge_update("kubernetes", replicas, start_s, surge, unavailable),
        marathon_update(replicas, start_s, (replicas - unavailable) / replicas, surge / replicas),
    ]


# -- failures -------------------------------------------------------------------
SWARM_HEARTBEAT_S, SWARM_MISSED = 5.0, 3
K8S_NODE_GRACE_S, K8S_TOLERATION_S = 40.0, 300.0
MESOS_PING_S, MESOS_MAX_PINGS = 15.0, 5


def node_loss_recovery(platform: str, start_s: float = 10.0) -> dict:
    """Seconds from a machine's crash until its work runs elsewhere: detect, decide, start."""
    detect, decide = {
        "swarm": (SWARM_HEARTBEAT_S * SWARM_MISSED, 0.0),
        "kubernetes": (K8S_NODE_GRACE_S, K8S_TOLERATION_S),
        "marathon": (MESOS_PING_S * MESOS_MAX_PINGS, 0.0),
    }[platform]
    return {
        "platform": platform,
        "detect_s": detect,
        "wait_s": decide,
        "start_s": start_s,
        "recovered_s": detect + decide + start_s,
    }


def restart_delays(platform: str, failures: int) -> list[float]:
    """The wait before each of ``failures`` restarts of a container that keeps crashing at once."""
    if platform == "swarm":
        return [5.0] * failures
    if platform == "kubernetes":
        return [0.0] + [min(10.0 * 2**n, 300.0) for n in range(failures - 1)]
    delays, delay = [], 1.0
    for _ in range(failures):
        delays.append(round(delay, 3))
        delay = min(delay * 1.15, 3600.0)
    return delays


def restarts_within(platform: str, window_s: float, run_s: float = 1.0) -> int:
    """How many restarts a crash loop gets in ``window_s`` (each attempt runs ``run_s`` then dies)."""
    t, count = run_s, 0
    for delay in restart_delays(platform, int(window_s / run_s) + 1):
        t += delay + run_s
        if t > window_s:
            return count
        count += 1
    return count
