"""What the network faults do to the underlay, so that overlapping faults add up and heal apart.

* Blocks (partitions, TLS failures) are counted per direction: a link stays cut while any
  fault cuts it, and a block the learner made by hand (``net.block``) is never lifted here.
* Netem settings compose over a link's own settings, captured when its first fault starts:
  delays and jitters add, loss/duplicate/corrupt chances combine as independent events
  (1 − Π(1 − p)), and the slowest rate limit wins. When the last fault on a link heals,
  the link gets its own settings back.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..net import Underlay

Direction = tuple[str, str]
CHANCES = ("loss", "duplicate", "corrupt")


class Shaper:
    """The chaos layer's bookkeeping of the blocks and netem settings it put on one underlay."""

    def __init__(self, net: Underlay) -> None:
        self.net = net
        self._blocks: Counter[Direction] = Counter()
        self._own_blocks: set[Direction] = set()  # blocked before chaos touched them: left alone
        self._netem: dict[Direction, list[dict[str, Any]]] = {}
        self._base: dict[Direction, dict[str, Any]] = {}

    # -- cuts -------------------------------------------------------------------------
    def cut(self, directions: list[Direction]) -> None:
        for src, dst in directions:
            if not self._blocks[(src, dst)] and self.net.blocked(src, dst):
                self._own_blocks.add((src, dst))
            self._blocks[(src, dst)] += 1
            self.net.block(src, dst)

    def mend(self, directions: list[Direction]) -> None:
        for direction in directions:
            self._blocks[direction] -= 1
            if not self._blocks[direction]:
                del self._blocks[direction]
                if direction in self._own_blocks:
                    self._own_blocks.discard(direction)
                else:
                    self.net.unblock(*direction)

    # -- netem ------------------------------------------------------------------------
    def shape(self, directions: list[Direction], settings: dict[str, Any]) -> None:
        for direction in directions:
            if direction not in self._netem:
                link = self.net.link(*direction)
                self._base[direction] = {"latency": link.latency, "jitter": link.jitter, "rate": link.rate} | {
                    name: getattr(link, name) for name in CHANCES
                }
            self._netem.setdefault(direction, []).append(settings)
            self._apply(direction)

    def unshape(self, directions: list[Direction], settings: dict[str, Any]) -> None:
        for direction in directions:
            layers = self._netem[direction]
            layers.remove(settings)
            self._apply(direction)
            if not layers:
                del self._netem[direction], self._base[direction]

    def _apply(self, direction: Direction) -> None:
        base = self._base[direction]
        layers = self._netem[direction]
        if not layers:
            self.net.set_link(*direction, both=False, **base)
            return
        delay = sum(layer.get("delay", 0) for layer in layers)
        merged: dict[str, Any] = {
            "latency": _shifted(base["latency"], delay),
            "jitter": base["jitter"] + sum(layer.get("jitter", 0) for layer in layers),
        }
        for name in CHANCES:
            kept = 1.0 - base[name]
            for layer in layers:
                kept *= 1.0 - layer.get(name, 0.0)
            merged[name] = round(1.0 - kept, 12)
        rates = [r for r in [base["rate"], *(layer.get("rate", 0) for layer in layers)] if r]
        merged["rate"] = min(rates) if rates else 0
        self.net.set_link(*direction, both=False, **merged)


def _shifted(latency: Any, delay: int) -> Any:
    """A link's latency plus a fixed ``delay`` (ns)."""
    if not delay:
        return latency
    if callable(latency):
        return _Delayed(latency, delay)
    return (latency[0] + delay, latency[1] + delay)


class _Delayed:
    """A latency distribution shifted by a fixed delay."""

    def __init__(self, latency: Any, delay: int) -> None:
        self.latency, self.delay = latency, delay
        self.__name__ = f"{getattr(latency, '__name__', 'callable')}+{delay}"

    def __call__(self, rng) -> int:
        return self.latency(rng) + self.delay
