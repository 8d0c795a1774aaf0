"""The underlay: the physical network between hosts, where messages are delayed, lost, duplicated or cut off.

Hosts and links form a directed networkx graph: every two hosts are linked both ways (a link's
edge appears in the graph when it is first used or configured).
Each direction of a link has its own latency distribution, jitter, loss, duplication and
corruption rate, an optional rate limit, and its own random stream (``sim.rng("net:a->b")``), so changing one link never
shifts the randomness of another. Faults follow Jepsen's vocabulary:

* ``partition(*groups)``: each group talks only within itself. Hosts not named in any
  group form one more group together. A new partition replaces the previous one.
* ``isolate(host)``: the partition ``[host]`` versus everyone else.
* ``block(src, dst)``: a one-way fault; ``dst`` hears nothing from ``src`` while ``src``
  still hears ``dst``. Blocks add up until ``unblock`` or ``heal``.
* ``down(host)`` / ``up(host)``: a down host neither sends nor receives.
* ``heal()``: removes the partition and every block (it does not power hosts back on).

Like netem, ``corrupt`` damages a message on the wire: the receiver's checksum discards
it (a drop with reason ``corrupt``). ``rate`` (bytes per second, 0 for no limit) makes a
link serialise its messages: each one (``wire_size`` bytes if the payload says, one
MTU-sized packet otherwise) leaves only after those queued before it.

With ``trace=True`` every message leaves ``net.send`` (with its ``arrive`` time),
``net.deliver`` or ``net.drop`` (with a ``reason``) events; a payload with a
``trace_attrs()`` method adds its own attributes.

A message is checked twice: when it is sent (a cut link or a down sender loses it) and
when it arrives (a link cut meanwhile, or a receiver that went down, loses it). A message
already on the wire when its sender crashes still arrives, as packets do.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..errors import InvalidArgument
from ..sim import MILLISECOND, Simulation, Timer

Latency = int | tuple[int, int] | Callable[[random.Random], int]
Deliver = Callable[[Any], None]

DEFAULT_LATENCY = (MILLISECOND // 2, MILLISECOND)
DEFAULT_MESSAGE_SIZE = 1500  # bytes: one Ethernet MTU, for payloads that do not say their wire_size
SETTINGS = ("latency", "jitter", "loss", "duplicate", "corrupt", "rate")


@dataclass(slots=True)
class Link:
    """One direction of a link: how long a message takes, how often it is lost, doubled or corrupted,
    and how fast it serialises (``rate`` bytes/s; 0: no limit)."""

    latency: tuple[int, int] | Callable[[random.Random], int]
    jitter: int
    loss: float
    duplicate: float
    rng: random.Random
    corrupt: float = 0.0
    rate: int = 0
    busy_until: int = 0  # when the last queued message has left (rate-limited links only)

    def delay(self) -> int:
        """Draw one message's transit time (ns) from this link's stream."""
        latency = self.latency
        base = latency(self.rng) if callable(latency) else self.rng.randint(latency[0], latency[1])
        return base + self.rng.randint(0, self.jitter) if self.jitter else base

    def queue(self, now: int, size: int) -> int:
        """How long (ns) a message of ``size`` bytes waits for and takes to leave a rate-limited link."""
        if not self.rate:
            return 0
        leaves = max(now, self.busy_until) + size * 1_000_000_000 // self.rate
        self.busy_until = leaves
        return leaves - now

    def settings(self) -> dict[str, Any]:
        """The link's parameters as event attributes."""
        latency = self.latency if not callable(self.latency) else getattr(self.latency, "__name__", "callable")
        return {
            "latency": latency,
            "jitter": self.jitter,
            "loss": self.loss,
            "duplicate": self.duplicate,
            "corrupt": self.corrupt,
            "rate": self.rate,
        }


class Underlay:
    """Hosts joined by links on a simulation clock; ``send`` delivers payloads with delay, loss and faults."""

    def __init__(
        self,
        sim: Simulation,
        hosts: Iterable[str] = (),
        *,
        latency: Latency = DEFAULT_LATENCY,
        jitter: int = 0,
        loss: float = 0.0,
        duplicate: float = 0.0,
        trace: bool = False,
    ) -> None:
        self.sim = sim
        self.graph = nx.DiGraph()
        self.trace = trace
        self._defaults = _link_settings(latency=latency, jitter=jitter, loss=loss, duplicate=duplicate)
        self._links: dict[tuple[str, str], Link] = {}
        self._handlers: dict[str, Deliver] = {}
        self._group_of: dict[str, int] = {}
        self._blocked: set[tuple[str, str]] = set()
        self._down: set[str] = set()
        self._next_id = 0
        self._in_flight: dict[int, list[Timer]] = {}
        for host in hosts:
            self._attach(_host_name(host))

    # -- topology -----------------------------------------------------------------
    @property
    def hosts(self) -> list[str]:
        """Host names in the order they joined."""
        return list(self.graph.nodes)

    def add_host(self, host: str) -> None:
        """Join a new host to the mesh with the default link settings."""
        if host in self.graph:
            raise InvalidArgument(f"host {host} is already on the network")
        self._attach(_host_name(host))
        self.sim.emit("net.host_added", host)

    def set_link(self, src: str, dst: str, *, both: bool = True, **settings: Any) -> None:
        """Change ``latency``/``jitter``/``loss``/``duplicate``/``corrupt``/``rate`` of the link src→dst
        (and dst→src if ``both``)."""
        self._known(src, dst)
        if src == dst:
            raise InvalidArgument(f"a link joins two different hosts, not {src} to itself")
        unknown = sorted(set(settings) - set(SETTINGS))
        if unknown:
            raise InvalidArgument(f"unknown link setting(s): {', '.join(unknown)}")
        directions = [(src, dst), (dst, src)] if both else [(src, dst)]
        for a, b in directions:
            link = self._link(a, b)
            merged = _link_settings(**{**_current(link), **settings})
            for name, value in merged.items():
                setattr(link, name, value)
            self.sim.emit("net.link", a, dst=b, **link.settings())

    def link(self, src: str, dst: str) -> Link:
        """The link src→dst (read its settings; change them with :meth:`set_link`)."""
        self._known(src, dst)
        if src == dst:
            raise InvalidArgument(f"a link joins two different hosts, not {src} to itself")
        return self._link(src, dst)

    def listen(self, host: str, handler: Deliver) -> None:
        """Deliver messages sent to ``host`` without their own callback to ``handler(payload)``."""
        self._known(host)
        self._handlers[host] = handler

    # -- faults -------------------------------------------------------------------
    def partition(self, *groups: Iterable[str]) -> None:
        """Split the network: each group hears only itself; unnamed hosts form one more group together."""
        named = [sorted(_group(g)) for g in groups]
        if not named or not all(named):
            raise InvalidArgument("partition needs at least one non-empty group of hosts")
        seen: set[str] = set()
        for group in named:
            self._known(*group)
            twice = seen.intersection(group)
            if twice:
                raise InvalidArgument(f"host {sorted(twice)[0]} is in more than one partition group")
            seen.update(group)
        rest = [h for h in self.graph.nodes if h not in seen]
        if rest:
            named.append(rest)
        self._group_of = {host: number for number, group in enumerate(named) for host in group}
        self.sim.emit("net.partition", "underlay", groups=named)

    @property
    def groups(self) -> list[list[str]]:
        """The current partition's groups (one group holding every host when there is none)."""
        if not self._group_of:
            return [list(self.graph.nodes)]
        named: dict[int, list[str]] = {}
        for host, number in self._group_of.items():
            named.setdefault(number, []).append(host)
        return [named[number] for number in sorted(named)]

    def isolate(self, host: str) -> None:
        """Cut ``host`` off from every other host (a partition of it against the rest)."""
        self.partition([host])

    def block(self, src: str, dst: str) -> None:
        """One-way fault: ``dst`` stops hearing ``src``; ``src`` still hears ``dst``."""
        self._known(src, dst)
        if src == dst:
            raise InvalidArgument(f"cannot block {src} from itself")
        if (src, dst) not in self._blocked:
            self._blocked.add((src, dst))
            self.sim.emit("net.block", src, dst=dst)

    def unblock(self, src: str, dst: str) -> None:
        """Undo :meth:`block`."""
        self._known(src, dst)
        if (src, dst) in self._blocked:
            self._blocked.discard((src, dst))
            self.sim.emit("net.unblock", src, dst=dst)

    def blocked(self, src: str, dst: str) -> bool:
        """Whether a one-way block stops ``dst`` hearing ``src``."""
        return (src, dst) in self._blocked

    def heal(self) -> None:
        """Remove the partition and all one-way blocks."""
        self._group_of = {}
        self._blocked.clear()
        self.sim.emit("net.heal", "underlay")

    def down(self, host: str, *, announce: bool = True) -> None:
        """Take a host off the network: it neither sends nor receives until :meth:`up`.

        ``announce=False`` skips the ``net.down`` event when the caller already recorded
        the cause (a crashed machine's ``host.down``).
        """
        self._known(host)
        if host not in self._down:
            self._down.add(host)
            if announce:
                self.sim.emit("net.down", host)

    def up(self, host: str, *, announce: bool = True) -> None:
        """Put a host back on the network (``announce`` as for :meth:`down`)."""
        self._known(host)
        if host in self._down:
            self._down.discard(host)
            if announce:
                self.sim.emit("net.up", host)

    def is_up(self, host: str) -> bool:
        """Whether ``host`` is on the network."""
        self._known(host)
        return host not in self._down

    def reachable(self, src: str, dst: str) -> bool:
        """Whether a message sent now from ``src`` could reach ``dst`` (ignoring random loss)."""
        self._known(src, dst)
        return src not in self._down and dst not in self._down and self._cut(src, dst) is None

    # -- messages -----------------------------------------------------------------
    def send(self, src: str, dst: str, payload: Any, deliver: Deliver | None = None) -> None:
        """Put ``payload`` on the wire; ``deliver(payload)`` (or dst's handler) runs when it arrives."""
        link = self._links.get((src, dst))
        if link is None:
            self._known(src, dst)
            if src == dst:
                raise InvalidArgument(f"no link from {src} to {dst}")
            link = self._link(src, dst)
        if deliver is None:
            deliver = self._handlers.get(dst)
            if deliver is None:
                raise InvalidArgument(f"{dst} has no handler for messages; pass deliver= or listen() first")
        self._next_id += 1
        message_id = self._next_id
        cut = "sender down" if src in self._down else self._cut(src, dst)
        if cut is not None:
            if self.trace:
                self._trace("net.drop", src, dst, message_id, payload, reason=cut)
            return
        copies = 2 if link.duplicate and link.rng.random() < link.duplicate else 1
        for _ in range(copies):
            if link.loss and link.rng.random() < link.loss:
                if self.trace:
                    self._trace("net.drop", src, dst, message_id, payload, reason="loss")
                continue
            if link.corrupt and link.rng.random() < link.corrupt:
                if self.trace:
                    self._trace("net.drop", src, dst, message_id, payload, reason="corrupt")
                continue
            delay = link.delay()
            if link.rate:
                delay += link.queue(self.sim.now, getattr(payload, "wire_size", DEFAULT_MESSAGE_SIZE))
            if self.trace:
                self._trace("net.send", src, dst, message_id, payload, arrive=self.sim.now + delay)
            timer = self.sim.schedule(delay, self._arrive, src, dst, payload, deliver, message_id)
            self._in_flight.setdefault(message_id, []).append(timer)

    def drop(self, message_id: int) -> bool:
        """Lose a message that is on the wire now (every copy of it); False if none is in flight."""
        timers = self._in_flight.pop(message_id, None)
        if not timers:
            return False
        src, dst, payload = timers[0][3][:3]
        for timer in timers:
            self.sim.cancel(timer)
        if self.trace:
            self._trace("net.drop", src, dst, message_id, payload, reason="dropped by hand")
        return True

    def _arrive(self, src: str, dst: str, payload: Any, deliver: Deliver, message_id: int) -> None:
        copies = self._in_flight.get(message_id)
        if copies is not None:
            copies.pop(0)
            if not copies:
                del self._in_flight[message_id]
        cut = "receiver down" if dst in self._down else self._cut(src, dst)
        if cut is not None:
            if self.trace:
                self._trace("net.drop", src, dst, message_id, payload, reason=cut)
            return
        if self.trace:
            self._trace("net.deliver", src, dst, message_id, payload)
        deliver(payload)

    def _cut(self, src: str, dst: str) -> str | None:
        """Why the link src→dst is cut right now, or None when it is open."""
        groups = self._group_of
        if groups and groups[src] != groups[dst]:
            return "partition"
        if (src, dst) in self._blocked:
            return "blocked"
        return None

    def _trace(self, kind: str, src: str, dst: str, message_id: int, payload: Any, **extra: Any) -> None:
        describe = getattr(payload, "trace_attrs", None)
        attrs = describe() if describe is not None else {"payload": type(payload).__name__}
        self.sim.emit(kind, src, dst=dst, id=message_id, **attrs, **extra)

    # -- helpers ------------------------------------------------------------------
    def _attach(self, host: str) -> None:
        if host in self.graph:
            raise InvalidArgument(f"host {host} is named twice")
        self.graph.add_node(host)
        if self._group_of:
            self._group_of[host] = max(self._group_of.values()) + 1

    def _link(self, src: str, dst: str) -> Link:
        """The link src→dst, made on first use: every two hosts are linked, but a swarm of
        thousands of hosts only ever uses a few of its million pairs. Each link's stream is
        named after its ends, so when it is made never changes what it draws."""
        link = self._links.get((src, dst))
        if link is None:
            link = self._links[(src, dst)] = Link(rng=self.sim.rng(f"net:{src}->{dst}"), **self._defaults)
            self.graph.add_edge(src, dst, link=link)
        return link

    def _known(self, *hosts: str) -> None:
        for host in hosts:
            if host not in self.graph:
                known = ", ".join(self.graph.nodes) or "none"
                raise InvalidArgument(f"no such host on the network: {host} (hosts are {known})")

    def __repr__(self) -> str:
        return f"Underlay(hosts={len(self.graph)}, down={len(self._down)}, blocked={len(self._blocked)})"


def _host_name(host: Any) -> str:
    if not isinstance(host, str) or not host:
        raise InvalidArgument(f"a host name must be a non-empty string, not {host!r}")
    return host


def _group(group: Iterable[str]) -> set[str]:
    if isinstance(group, str):
        raise InvalidArgument(f"a partition group is a list of hosts, not the string {group!r}")
    return set(group)


def _current(link: Link) -> dict[str, Any]:
    return {name: getattr(link, name) for name in SETTINGS}


def _link_settings(
    *, latency: Any, jitter: Any, loss: Any, duplicate: Any, corrupt: Any = 0.0, rate: Any = 0
) -> dict[str, Any]:
    """Validate link parameters; a single latency number means a fixed delay."""
    if callable(latency):
        span = latency
    else:
        span = (latency, latency) if isinstance(latency, int) else tuple(latency)
        if len(span) != 2 or not all(isinstance(v, int) and v >= 0 for v in span) or span[0] > span[1]:
            raise InvalidArgument(f"latency must be ns >= 0, a (min, max) pair of ns or a callable, not {latency!r}")
    if not isinstance(jitter, int) or jitter < 0:
        raise InvalidArgument(f"jitter must be a whole number of ns >= 0, not {jitter!r}")
    for name, chance in (("loss", loss), ("duplicate", duplicate), ("corrupt", corrupt)):
        if not isinstance(chance, (int, float)) or not 0.0 <= chance <= 1.0:
            raise InvalidArgument(f"{name} must be a probability between 0 and 1, not {chance!r}")
    if not isinstance(rate, int) or isinstance(rate, bool) or rate < 0:
        raise InvalidArgument(f"rate must be a whole number of bytes per second >= 0 (0: no limit), not {rate!r}")
    return {
        "latency": span,
        "jitter": jitter,
        "loss": float(loss),
        "duplicate": float(duplicate),
        "corrupt": float(corrupt),
        "rate": rate,
    }
