"""ChaosPanel: arm faults and the Chaos Monkey on a cluster, watch what they did and what followed.

Pick a fault from the catalogue (``caasnb.chaos``), a target, a duration and its parameters,
and inject it; start or stop the Chaos Monkey; heal one fault or all of them. The log shows
every ``chaos.*`` event — injections, healings, the monkey's decisions — and the swarm's
reactions that a learner should connect them to: nodes going Down and Ready, tasks failing,
new Raft leaders. Everything runs through :class:`caasnb.chaos.Chaos`, exactly as code would.
"""

from __future__ import annotations

import traitlets

from ..chaos import ChaosMonkey, catalogue, zones
from ..chaos.params import duration_ns
from ..errors import DockerError
from ..sim import SECOND, format_duration
from ._assets import css, esm
from .base import SimWidget

LOG_ROWS = 200
SAID_ELSEWHERE = ("type", "target", "duration", "host", "hosts", "groups")  # inject attrs the log line has already
FOLLOWED = ("chaos.", "node.create", "node.update", "task.state", "raft.elected")


class ChaosPanel(SimWidget):
    """``ChaosPanel(cluster)``: a fault form, the Chaos Monkey switch, active faults, and the log."""

    _esm = esm("chaospanel.js")
    _css = css("chaospanel.css")

    kinds = traitlets.List().tag(sync=True)
    targets = traitlets.Dict().tag(sync=True)
    active = traitlets.List().tag(sync=True)
    log = traitlets.List().tag(sync=True)
    monkey_state = traitlets.Dict().tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)
    notice_error = traitlets.Bool(False).tag(sync=True)

    def __init__(self, cluster, *, monkey: ChaosMonkey | None = None, **kwargs) -> None:
        if not hasattr(cluster, "chaos"):
            raise TypeError(f"ChaosPanel drives a caasnb.Cluster, not {type(cluster).__name__}")
        self.monkey = monkey
        self._rows: list[dict] = []
        self._node_states: dict[str, str] = {}
        for event in cluster.events.query(FOLLOWED):
            self._remember(event)
        super().__init__(cluster, kinds=catalogue(), **kwargs)

    @property
    def cluster(self):
        return self.target

    @property
    def chaos(self):
        return self.cluster.chaos

    # -- what the browser sees --------------------------------------------------------
    def note(self, event) -> None:
        if event.kind.startswith(FOLLOWED):
            self._remember(event)

    def _remember(self, event) -> None:
        text = self._describe(event)
        if text is None:
            return
        who = event.subject if event.kind.startswith("chaos.monkey") else ""
        kind = event.kind.split(".")[1] if event.kind.startswith("chaos.") else "effect"
        self._rows.append({"t": round(event.time / SECOND, 3), "kind": kind, "who": who, "text": text})
        del self._rows[:-LOG_ROWS]

    def _describe(self, event) -> str | None:
        """One log line for an event, or None for events the log leaves out."""
        attrs = event.attrs
        if event.kind == "chaos.inject":
            params = {k: v for k, v in attrs.items() if k not in SAID_ELSEWHERE}
            extra = "".join(f" {k}={_shown(k, v)}" for k, v in params.items())
            length = f" for {format_duration(attrs['duration'])}" if attrs["duration"] else ""
            return f"{event.subject}: {attrs['type']} {attrs['target']}{length}{extra}"
        if event.kind == "chaos.heal":
            return f"{event.subject}: healed {attrs['type']} {attrs['target']} ({attrs['reason']})"
        if event.kind == "chaos.monkey":
            what = attrs.get("target") or attrs.get("service") or ""
            why = f": {attrs['reason']}" if attrs.get("reason") else ""
            return f"{attrs['action']} {what}{why}".replace("  ", " ").strip()
        if event.kind in ("chaos.monkey.start", "chaos.monkey.stop"):
            return f"{event.subject} {event.kind.rsplit('.', 1)[1]}ed"
        if event.kind in ("node.create", "node.update"):
            host, state = attrs["hostname"], attrs["state"]
            before = self._node_states.get(host)
            self._node_states[host] = state
            return f"node {host} is {state.capitalize()}" if before not in (None, state) else None
        if event.kind == "task.state" and attrs["state"] in ("failed", "rejected"):
            return f"task {attrs['service']}.{attrs['slot']} {attrs['state']}: {attrs['err']}"
        if event.kind == "raft.elected":
            return f"{event.subject} is the new swarm leader (term {attrs['term']})"
        return None

    def sync_state(self) -> None:
        cluster = self.cluster
        hosts = list(cluster.hosts)
        self.targets = {
            "host": hosts,
            "link": hosts + [f"{a}->{b}" for a in hosts for b in hosts if a != b],
            "container": self._containers(),
            "zone": list(zones(cluster)),
            "groups": [f"{host} | rest" for host in hosts],
        }
        now = self.sim.now
        self.active = [
            {
                "id": f.id,
                "kind": f.kind,
                "target": f.describe_target(),
                "left": round((f.started + f.duration - now) / SECOND, 1),
            }
            for f in self.chaos.active
        ]
        self.log = list(self._rows)
        monkey = self.monkey
        self.monkey_state = {
            "running": bool(monkey and monkey.running),
            "mean": format_duration(monkey.mean) if monkey else "",
            "decisions": len(monkey.log) if monkey else 0,
        }

    def _containers(self) -> list[str]:
        names = []
        for host, daemon in self.cluster.daemons.items():
            if self.cluster.hosts[host].up:
                names += [c["Names"][0].lstrip("/") for c in daemon.containers.list()]
        return sorted(names)

    # -- actions (from buttons or from code) ------------------------------------------
    def inject(self, kind: str, target, duration: str = "30s", **params) -> None:
        """Inject a fault (as ``cluster.chaos.inject``); a refusal shows Docker's message instead."""
        try:
            fault = self.chaos.inject(kind, target, duration=duration, **params)
        except DockerError as error:
            self._say(str(error), error=True)
        else:
            self._say(f"injected {fault.id}: {fault.kind} {fault.describe_target()}", error=False)

    def heal(self, fault_id: str) -> None:
        """Heal one active fault now."""
        try:
            self.chaos.heal(fault_id)
        except DockerError as error:
            self._say(str(error), error=True)
        else:
            self._say(f"healed {fault_id}", error=False)

    def heal_all(self) -> None:
        """Heal every active fault now."""
        healed = self.chaos.heal_all()
        self._say(f"healed {len(healed)} fault(s)", error=False)

    def start_monkey(self, mean_time_between: str = "5m") -> None:
        """Let the Chaos Monkey loose (a new one when the mean time between terminations changes)."""
        try:
            mean = duration_ns(mean_time_between, "mean_time_between")
            if self.monkey is None or self.monkey.mean != mean:
                replacement = ChaosMonkey(self.cluster, mean_time_between=mean_time_between)
                if self.monkey is not None:
                    self.monkey.stop()
                self.monkey = replacement
        except DockerError as error:
            self._say(str(error), error=True)
            return
        self.monkey.start()
        self._say(f"the Chaos Monkey is loose (mean time between terminations {mean_time_between})", error=False)

    def stop_monkey(self) -> None:
        if self.monkey is not None:
            self.monkey.stop()
        self._say("the Chaos Monkey is back in its cage", error=False)

    def handle(self, action: str, message: dict) -> None:
        if action == "inject":
            target = _target(message.get("target", ""), message.get("target_kind", ""))
            params = {str(k): _value(v) for k, v in dict(message.get("params") or {}).items()}
            self.inject(str(message.get("kind", "")), target, str(message.get("duration", "30s")), **params)
        elif action == "heal":
            self.heal(str(message.get("fault", "")))
        elif action == "heal_all":
            self.heal_all()
        elif action == "monkey":
            if message.get("on"):
                self.start_monkey(str(message.get("mean", "5m")))
            else:
                self.stop_monkey()
        else:
            super().handle(action, message)

    def _say(self, text: str, error: bool) -> None:
        self.notice, self.notice_error = text, error

    def __repr__(self) -> str:
        monkey = "on" if self.monkey and self.monkey.running else "off"
        return (
            f"ChaosPanel(faults={len(self.chaos.faults)}, active={len(self.chaos.active)}, monkey={monkey}, "
            f"t={self.sim.now / SECOND:.3f} s)"
        )


def _shown(name: str, value) -> str:
    """A parameter as the log shows it: durations in Go's notation."""
    if name in ("delay", "jitter", "offset") and isinstance(value, int):
        return format_duration(value)
    return str(value)


def _target(text: str, kind: str):
    """A target typed in the browser: a partition as ``a,b | c,d`` (``rest`` = everyone else), else the text."""
    text = str(text).strip()
    if kind != "groups":
        return text
    groups = [[h.strip() for h in part.split(",") if h.strip()] for part in text.split("|")]
    return [g for g in groups if g and g != ["rest"]]


def _value(text):
    """A parameter typed in the browser: a number when it reads as one, else the text."""
    if not isinstance(text, str):
        return text
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            continue
    return None if text == "None" else text
