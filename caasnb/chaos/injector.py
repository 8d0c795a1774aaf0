"""``Chaos``: injects faults from the catalogue into one cluster, heals them on time, keeps the record.

``chaos.inject("crash", "worker-1", duration="30s")`` checks the request (a rejected one
changes nothing), records a ``chaos.inject`` event with every parameter, does the damage
and schedules its healing; ``chaos.heal(fault)`` and ``chaos.heal_all()`` heal early. Every
healing is a ``chaos.heal`` event with its reason (``expired``, ``healed``, ``instant``).
Faults overlap safely: machines powered off by several faults come back when the last one
heals, and network faults add up on a link (see :mod:`.shaping`).
"""

from __future__ import annotations

import inspect
import itertools
from collections import Counter
from typing import Any

from ..errors import Conflict, InvalidArgument, NotFound
from . import clock, containers, daemonlog, network, nodes, resources  # noqa: F401  (kinds and log rules register)
from .fault import FAULTS, Fault
from .params import duration_ns
from .shaping import Shaper

DEFAULT_DURATION = "30s"


class Chaos:
    """The fault injector of one :class:`~caasnb.Cluster` (``cluster.chaos``)."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.sim = cluster.sim
        self.shaper = Shaper(cluster.net)
        self.faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._powered_off: Counter[str] = Counter()

    # -- faults -------------------------------------------------------------------------
    def inject(self, kind: str, target: Any, duration: str | float = DEFAULT_DURATION, **params: Any) -> Fault:
        """Start fault ``kind`` on ``target`` for ``duration`` (Go duration or seconds); it heals by itself."""
        cls = FAULTS.get(kind)
        if cls is None:
            raise InvalidArgument(f"unknown fault kind {kind!r} (kinds are {', '.join(sorted(FAULTS))})")
        known = [p.name for p in inspect.signature(cls.__init__).parameters.values() if p.kind is p.KEYWORD_ONLY]
        unknown = sorted(set(params) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise InvalidArgument(f"fault {kind} has no parameter {unknown[0]!r} (parameters: {allowed})")
        length = 0 if cls.instant else duration_ns(duration, "duration")
        if not cls.instant and length <= 0:
            raise InvalidArgument(f"a {kind} fault needs a duration > 0, not {duration!r}")
        fault = cls(self, target, **params)
        fault.id = f"fault-{next(self._ids)}"
        fault.duration = length
        fault.started = self.sim.now
        self.faults.append(fault)
        self.sim.emit("chaos.inject", fault.id, **fault.attrs())
        fault.start()
        if cls.instant:
            self._heal(fault, "instant")
        else:
            fault.timer = self.sim.schedule(length, self._heal, fault, "expired")
        return fault

    def heal(self, fault: Fault | str) -> None:
        """Heal one active fault now (by record or id)."""
        if isinstance(fault, str):
            found = [f for f in self.faults if f.id == fault]
            if not found:
                raise NotFound(f"no such fault: {fault}")
            fault = found[0]
        if not fault.active:
            raise Conflict(f"fault {fault.id} is not active")
        self.sim.cancel(fault.timer)
        self._heal(fault, "healed")

    def heal_all(self) -> list[Fault]:
        """Heal every active fault now, newest first; returns them."""
        healed = [fault for fault in reversed(self.faults) if fault.active]
        for fault in healed:
            self.heal(fault)
        return healed

    @property
    def active(self) -> list[Fault]:
        """The faults in effect now, oldest first."""
        return [fault for fault in self.faults if fault.active]

    def _heal(self, fault: Fault, reason: str) -> None:
        fault.healed = self.sim.now
        fault.heal_reason = reason
        fault.timer = None
        where = {k: v for k, v in fault.attrs().items() if k in ("host", "hosts")}
        self.sim.emit("chaos.heal", fault.id, type=fault.kind, target=fault.describe_target(), reason=reason, **where)
        fault.heal()

    # -- targets, for the fault kinds ------------------------------------------------------
    def host(self, name: Any) -> str:
        """A host's name, checked."""
        if not isinstance(name, str):
            raise InvalidArgument(f"a host is named by a string, not {name!r}")
        return self.cluster.host(name).name

    def power_off(self, host: str) -> None:
        """Switch a machine off for a fault; several faults may hold it off at once."""
        if self._powered_off[host] or self.cluster.hosts[host].up:
            self._powered_off[host] += 1
            self.cluster.crash(host)

    def power_on(self, host: str) -> None:
        """A fault holding a machine off has healed: it boots once no fault holds it."""
        if not self._powered_off[host]:
            return  # it was already off when the fault began: not ours to switch on
        self._powered_off[host] -= 1
        if not self._powered_off[host]:
            del self._powered_off[host]
            self.cluster.restart(host)

    def __repr__(self) -> str:
        return f"Chaos(faults={len(self.faults)}, active={len(self.active)})"
