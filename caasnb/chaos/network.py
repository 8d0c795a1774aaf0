"""Network faults on the underlay: partitions, and netem's delay, jitter, loss, duplication, corruption, rate.

A link target names directions like ``tc`` on an interface would shape them:
``"a->b"`` (what a sends to b), ``"a<->b"`` (both ways), or ``"a"`` (everything a sends:
its egress to every other host). A partition target is a list of groups of hosts (hosts
named in no group form one more group); ``isolate`` cuts one host off from all the others.
Partitions are one-way blocks in both directions (:mod:`.shaping` counts them), so they
combine with other faults and heal one by one.
"""

from __future__ import annotations

import itertools
from typing import Any

from ..errors import InvalidArgument
from .fault import Fault
from .params import chance, duration_ns, rate_bytes

Direction = tuple[str, str]


def directions(chaos, target: Any) -> list[Direction]:
    """The link directions a target names (see the module docstring)."""
    if not isinstance(target, str) or not target:
        raise InvalidArgument(f'a link is "a->b", "a<->b" or a host name, not {target!r}')
    if "<->" in target:
        a, b = (chaos.host(part.strip()) for part in target.split("<->", 1))
        pairs = [(a, b), (b, a)]
    elif "->" in target:
        a, b = (chaos.host(part.strip()) for part in target.split("->", 1))
        pairs = [(a, b)]
    else:
        a = chaos.host(target)
        pairs = [(a, other) for other in chaos.cluster.hosts if other != a]
    if any(src == dst for src, dst in pairs):
        raise InvalidArgument(f"a link joins two different hosts, not {target!r}")
    return pairs


class Partition(Fault):
    kind = "partition"
    target_kind = "groups"
    summary = "split the network: each group of hosts hears only itself"

    def __init__(self, chaos, target: Any) -> None:
        if isinstance(target, str) or not isinstance(target, (list, tuple)) or not target:
            raise InvalidArgument(f"a partition is a list of groups of hosts, not {target!r}")
        groups = [sorted({chaos.host(h) for h in _group(group)}) for group in target]
        named = [h for group in groups for h in group]
        if len(named) != len(set(named)):
            raise InvalidArgument("a host is in more than one partition group")
        rest = [h for h in chaos.cluster.hosts if h not in named]
        if rest:
            groups.append(rest)
        if len(groups) < 2:
            raise InvalidArgument("a partition needs at least two groups: every host is in the same one")
        super().__init__(chaos, groups)
        self.cuts = [(a, b) for one, other in itertools.permutations(groups, 2) for a in one for b in other]

    def start(self) -> None:
        self.chaos.shaper.cut(self.cuts)

    def heal(self) -> None:
        self.chaos.shaper.mend(self.cuts)

    def describe_target(self) -> str:
        return " | ".join(",".join(group) for group in self.target)

    def params(self) -> dict[str, Any]:
        return {"groups": [list(group) for group in self.target]}


class Isolate(Partition):
    kind = "isolate"
    target_kind = "host"
    summary = "cut one host off from every other host"

    def __init__(self, chaos, target: Any) -> None:
        super().__init__(chaos, [[chaos.host(target)]])

    def hosts(self) -> list[str]:
        return list(self.target[0])


def _group(group: Any) -> list[str]:
    if isinstance(group, str) or not isinstance(group, (list, tuple, set)) or not group:
        raise InvalidArgument(f"a partition group is a non-empty list of hosts, not {group!r}")
    return list(group)


class Netem(Fault):
    """Shared by the netem kinds: shape some link directions with settings until healed."""

    target_kind = "link"

    def __init__(self, chaos, target: Any, settings: dict[str, Any]) -> None:
        super().__init__(chaos, target)
        self.directions = directions(chaos, target)
        self.settings = settings

    def start(self) -> None:
        self.chaos.shaper.shape(self.directions, self.settings)

    def heal(self) -> None:
        self.chaos.shaper.unshape(self.directions, self.settings)

    def params(self) -> dict[str, Any]:
        return dict(self.settings)

    def hosts(self) -> list[str]:
        return sorted({src for src, _ in self.directions})


class Delay(Netem):
    kind = "delay"
    summary = "netem delay: every message waits `delay` longer, plus up to `jitter` more"

    def __init__(self, chaos, target: Any, *, delay: str | float = "100ms", jitter: str | float = "0s") -> None:
        settings = {"delay": duration_ns(delay, "delay"), "jitter": duration_ns(jitter, "jitter")}
        super().__init__(chaos, target, settings)


class Loss(Netem):
    kind = "loss"
    summary = "netem loss: this fraction of messages is lost"

    def __init__(self, chaos, target: Any, *, loss: float = 0.1) -> None:
        super().__init__(chaos, target, {"loss": chance(loss, "loss")})


class Duplicate(Netem):
    kind = "duplicate"
    summary = "netem duplicate: this fraction of messages arrives twice"

    def __init__(self, chaos, target: Any, *, duplicate: float = 0.1) -> None:
        super().__init__(chaos, target, {"duplicate": chance(duplicate, "duplicate")})


class Corrupt(Netem):
    kind = "corrupt"
    summary = "netem corrupt: this fraction of messages is damaged, and the receiver's checksum drops them"

    def __init__(self, chaos, target: Any, *, corrupt: float = 0.1) -> None:
        super().__init__(chaos, target, {"corrupt": chance(corrupt, "corrupt")})


class Rate(Netem):
    kind = "rate"
    summary = "netem rate: the link sends at most this many bytes per second; messages queue"

    def __init__(self, chaos, target: Any, *, rate: str | int = "1mbit") -> None:
        limit = rate_bytes(rate)
        if not limit:
            raise InvalidArgument("a rate fault needs a rate > 0")
        super().__init__(chaos, target, {"rate": limit})
