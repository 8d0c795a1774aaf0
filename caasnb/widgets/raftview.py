"""RaftView: watch a Raft group elect, replicate and recover — and break it yourself.

Servers sit on a ring coloured by role, with their election timers; messages fly between
them (click one to drop it); every log is drawn with its commit index. Crash, restart or
time out a server, send a client request, cut the network in two and heal it. The time
slider replays: the group is rebuilt from its seed and the actions taken through the view
are re-applied up to the chosen moment, so going back costs only a re-run.
"""

from __future__ import annotations

import itertools
from typing import Any

import traitlets

from ..errors import DockerError
from ..raft import RaftGroup
from ..sim import SECOND, seconds
from ._assets import css, esm
from .base import SimWidget

LOG_WINDOW = 40


class RaftView(SimWidget):
    """``RaftView(size=5, seed=0, preset="paper", **overrides)`` builds and shows a new group;
    ``RaftView(group)`` shows an existing one (then replaying back in time is not possible).
    """

    _esm = esm("raftview.js")
    _css = css("raftview.css")

    servers = traitlets.List().tag(sync=True)
    messages = traitlets.List().tag(sync=True)
    leader = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    groups = traitlets.List().tag(sync=True)
    horizon_ns = traitlets.Int(0).tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)

    def __init__(self, group: RaftGroup | None = None, /, **group_options: Any) -> None:
        if group is not None and group_options:
            raise TypeError("give either an existing RaftGroup or options to build one, not both")
        self._recipe = None if group is not None else {"size": 5, **group_options}
        self.group = group if group is not None else RaftGroup(**self._recipe)
        self._actions: list[tuple[int, str, tuple]] = []
        self._in_flight: dict[int, dict] = {}
        self._requests = itertools.count(1)
        heartbeat = self.group.config.heartbeat_interval
        super().__init__(self.group, step_s=heartbeat / SECOND / 10, speed=0.02 if heartbeat < SECOND else 1.0)

    # -- what the browser sees ----------------------------------------------------
    def note(self, event) -> None:
        if event.kind == "net.send":
            self._in_flight[event.attrs["id"]] = {
                "id": event.attrs["id"],
                "src": event.subject,
                "dst": event.attrs["dst"],
                "type": event.attrs.get("type", ""),
                "term": event.attrs.get("term", 0),
                "reply": event.attrs.get("type", "").endswith("Resp"),
                "sent_ns": event.time,
                "deliver_ns": event.attrs["arrive"],
            }
        elif event.kind in ("net.deliver", "net.drop"):
            self._in_flight.pop(event.attrs["id"], None)

    def sync_state(self) -> None:
        self.servers = [self._server(node_id) for node_id in self.group.members]
        self.messages = sorted(self._in_flight.values(), key=lambda m: m["id"])
        self.leader = self.group.leader
        self.groups = self.group.net.groups
        self.horizon_ns = max(self.horizon_ns, self.sim.now)

    def _server(self, node_id: str) -> dict:
        node = self.group.nodes.get(node_id)
        storage = self.group.storages[node_id]
        entries = node.log.slice(node.log.first_index, node.log.last_index + 1) if node else list(storage.entries)
        shown = entries[-LOG_WINDOW:]
        timer = self.group.election_timer(node_id)
        return {
            "id": node_id,
            "up": node is not None,
            "role": node.role if node else "follower",
            "term": node.term if node else storage.hard_state.term,
            "commit": node.commit if node else storage.hard_state.commit,
            "first_index": shown[0].index if shown else (node.log.last_index + 1 if node else 1),
            "log": [{"index": e.index, "term": e.term} for e in shown],
            "deadline_ns": timer[0] if timer else None,
            "timeout_ns": timer[1] if timer else None,
        }

    # -- actions (from buttons or from code) ---------------------------------------
    def crash(self, node_id: str) -> None:
        self._do("crash", node_id)

    def restart(self, node_id: str) -> None:
        self._do("restart", node_id)

    def timeout(self, node_id: str) -> None:
        """Make a server's election timer fire now."""
        self._do("campaign", node_id)

    def request(self) -> None:
        """A client request: the leader appends ``x<n>`` to its log."""
        self._do("propose", f"x{next(self._requests)}")

    def partition(self, *groups) -> None:
        self._do("partition", *[sorted(g) for g in groups])

    def heal(self) -> None:
        self._do("heal")

    def drop(self, message_id: int) -> None:
        """Lose one message that is on the wire."""
        if not self.group.net.drop(message_id):
            self.notice = f"message {message_id} already arrived"

    def advance(self, duration: float) -> None:
        """Run ``duration`` simulated seconds further (like :meth:`seek`, re-doing remembered actions), then refresh."""
        self.seek(self.sim.now + seconds(duration))
        self.refresh()

    def seek(self, now_ns: int) -> None:
        """Jump to simulated time ``now_ns``: forward by running, back by replaying from the seed."""
        if now_ns >= self.sim.now:
            # After a seek back, actions remembered beyond the present happen again on the way forward.
            for at, name, args in self._actions:
                if self.sim.now < at <= now_ns:
                    self.sim.run(until=at)
                    self._apply(name, args)
            self.sim.run(until=now_ns)
            return
        if self._recipe is None:
            self.notice = "replay needs a RaftView that built its own group: RaftView(size=5, seed=...)"
            return
        group = RaftGroup(**self._recipe)
        self._in_flight.clear()
        self._follow(group)
        for at, name, args in self._actions:
            if at > now_ns:
                break
            group.sim.run(until=at)
            self._apply(name, args)
        group.sim.run(until=now_ns)

    def handle(self, action: str, message: dict) -> None:
        server = str(message.get("server", ""))
        simple = {
            "crash": lambda: self.crash(server),
            "restart": lambda: self.restart(server),
            "timeout": lambda: self.timeout(server),
            "request": self.request,
            "heal": self.heal,
        }
        if action in simple:
            simple[action]()
        elif action == "drop":
            self.drop(int(message.get("message", -1)))
        elif action == "partition":
            chosen = [str(s) for s in message.get("group", [])]
            self.partition(chosen)
        elif action == "seek":
            self.seek(int(message.get("now_ns", self.sim.now)))
        else:
            super().handle(action, message)

    def _do(self, name: str, *args) -> None:
        """Apply an action now and remember it for replays (forgetting any replayed future)."""
        if self._apply(name, args):
            self._actions = [a for a in self._actions if a[0] <= self.sim.now]
            self._actions.append((self.sim.now, name, args))

    def _apply(self, name: str, args: tuple) -> bool:
        try:
            getattr(self.group, name)(*args)
        except DockerError as error:
            self.notice = str(error)
            return False
        self.notice = ""
        return True

    def _follow(self, group: RaftGroup) -> None:
        self.group = group
        self.retarget(group)

    def __repr__(self) -> str:
        return (
            f"RaftView(servers={len(self.group.members)}, t={self.sim.now / SECOND:.3f} s, leader={self.group.leader})"
        )
