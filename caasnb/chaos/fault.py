"""A fault: one kind of damage done to one target for a while, then undone.

Every kind in the catalogue is a subclass of :class:`Fault` registered under its name
(``crash``, ``partition``, ``delay``, ...). Its constructor checks the target and the
parameters and changes nothing (a rejected fault leaves no trace); :meth:`Fault.start`
does the damage and :meth:`Fault.heal` undoes it. :class:`~caasnb.chaos.Chaos` runs
both and records them as ``chaos.inject`` / ``chaos.heal`` events. The keyword
parameters of a kind's constructor, with their defaults, are its catalogue entry
(:func:`catalogue`), which is what the ChaosPanel offers.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .injector import Chaos

FAULTS: dict[str, type[Fault]] = {}


class Fault:
    """Base of every fault kind: the record of one injection (id, target, when, healed or not)."""

    kind: ClassVar[str] = ""
    target_kind: ClassVar[str] = ""  # what a target names: host, container, link, groups, zone
    summary: ClassVar[str] = ""
    instant: ClassVar[bool] = False  # done at once with nothing to undo (kill): heals as it starts

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            FAULTS[cls.kind] = cls

    def __init__(self, chaos: Chaos, target: Any) -> None:
        self.chaos = chaos
        self.cluster = chaos.cluster
        self.target = target
        self.id = ""
        self.duration = 0
        self.started: int | None = None
        self.healed: int | None = None
        self.heal_reason = ""
        self.timer = None

    # -- what a kind defines --------------------------------------------------------
    def start(self) -> None:
        """Do the damage."""
        raise NotImplementedError

    def heal(self) -> None:
        """Undo the damage (as far as anything is left to undo)."""

    def params(self) -> dict[str, Any]:
        """The fault's parameters as event attributes (checked values, in ns, bytes/s or fractions)."""
        return {}

    def hosts(self) -> list[str]:
        """The hosts the fault acts on (a host's dockerd log shows faults on it)."""
        return []

    def describe_target(self) -> str:
        """The target as one line of text."""
        return str(self.target)

    # -- the record -------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.started is not None and self.healed is None

    def attrs(self) -> dict[str, Any]:
        """``chaos.inject`` attributes: its kind as ``type``, target, duration (ns), the hosts it touches and
        its parameters."""
        hosts = self.hosts()
        attrs: dict[str, Any] = {"type": self.kind, "target": self.describe_target(), "duration": self.duration}
        if len(hosts) == 1:
            attrs["host"] = hosts[0]
        elif hosts:
            attrs["hosts"] = hosts
        return attrs | self.params()

    def __repr__(self) -> str:
        state = "active" if self.active else f"healed ({self.heal_reason})" if self.healed is not None else "new"
        return f"<{self.id or 'fault'} {self.kind} {self.describe_target()} {state}>"


def catalogue() -> list[dict[str, Any]]:
    """Every fault kind: name, what its target is, a one-line summary and its parameters with defaults."""
    rows = []
    for name, cls in sorted(FAULTS.items()):
        signature = inspect.signature(cls.__init__)
        params = {
            p.name: p.default
            for p in signature.parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not inspect.Parameter.empty
        }
        rows.append(
            {"kind": name, "target": cls.target_kind, "summary": cls.summary, "instant": cls.instant, "params": params}
        )
    return rows
