"""What every caasnb widget shares: it follows one simulation's clock and event log.

A widget is thin (DESIGN rule 8): it subscribes to the event log, keeps a small
synchronised summary for the browser, and turns button presses into calls on the
simulation. Python always drives time; the browser only asks.
"""

from __future__ import annotations

import weakref

import anywidget
import traitlets

from ..sim import Simulation, seconds


def simulation_of(target) -> Simulation:
    """The Simulation behind ``target`` (a Simulation, or anything with a ``.sim`` such as a Cluster)."""
    if isinstance(target, Simulation):
        return target
    sim = getattr(target, "sim", None)
    if isinstance(sim, Simulation):
        return sim
    raise TypeError(f"expected a Simulation or an object with a .sim (a Cluster), not {type(target).__name__}")


class SimWidget(anywidget.AnyWidget):
    """Base class: ``now_ns`` mirrors the clock; ``refresh()`` pushes fresh state to the browser.

    Subclasses override :meth:`sync_state` (and may override :meth:`note` to see each
    event as it is appended). ``refresh`` runs after every widget action and, inside
    IPython, after every executed cell, so state changed from code shows up too. Every
    widget has the same time controls: *step* runs ``step_s`` simulated seconds, *play*
    runs ``speed`` simulated seconds per wall-clock second until *pause*.
    """

    now_ns = traitlets.Int(0).tag(sync=True)
    playing = traitlets.Bool(False).tag(sync=True)
    speed = traitlets.Float(1.0).tag(sync=True)
    step_s = traitlets.Float(1.0).tag(sync=True)

    def __init__(self, target, **kwargs) -> None:
        self.sim = simulation_of(target)
        self.target = target
        super().__init__(**kwargs)
        self._unsubscribe = self.sim.events.subscribe(self.note)
        self.on_msg(self._on_browser_message)
        _refresh_after_each_cell(self)
        self.refresh()

    def retarget(self, target) -> None:
        """Follow another simulation from now on (e.g. a replayed copy of the same run)."""
        self._unsubscribe()
        self.sim = simulation_of(target)
        self.target = target
        self._unsubscribe = self.sim.events.subscribe(self.note)

    def note(self, event) -> None:
        """Called for every new event; the default does nothing until the next refresh."""

    def sync_state(self) -> None:
        """Copy what the browser shows from the simulation into synced traits."""

    def refresh(self) -> None:
        """Bring the browser up to date with the simulation (hold_sync sends one message)."""
        with self.hold_sync():
            self.now_ns = self.sim.now
            self.sync_state()

    def advance(self, duration: float) -> None:
        """Run the simulation ``duration`` simulated seconds further, then refresh."""
        self.sim.run(until=self.sim.now + seconds(duration))
        self.refresh()

    def step(self) -> None:
        """Advance ``step_s`` simulated seconds."""
        self.advance(self.step_s)

    def handle(self, action: str, message: dict) -> None:
        """React to a browser action: here the time controls; subclasses handle theirs first."""
        if action == "step":
            self.step()
        elif action in ("play", "pause"):
            self.playing = action == "play"
        elif action == "tick":
            if self.playing:  # a tick may arrive just after pause: ignore it
                wall_ms = min(max(float(message.get("wall_ms", 0)), 0.0), 1000.0)  # a stalled tab can't leap ahead
                self.advance(self.speed * wall_ms / 1000)
        else:
            raise ValueError(f"unknown widget action {action!r}")

    def _on_browser_message(self, _widget, message, _buffers) -> None:
        if isinstance(message, dict) and isinstance(message.get("action"), str):
            self.handle(message["action"], message)
            self.refresh()

    def close(self) -> None:
        unsubscribe = getattr(self, "_unsubscribe", None)  # absent when __init__ failed early
        if unsubscribe is not None:
            unsubscribe()
        super().close()


def _refresh_after_each_cell(widget: SimWidget) -> None:
    """Inside IPython, refresh ``widget`` after every cell (held weakly: closing it stops this)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    ref = weakref.ref(widget)

    def after_cell(*_args) -> None:
        live = ref()
        if live is None or live.comm is None:
            shell.events.unregister("post_run_cell", after_cell)
        else:
            live.refresh()

    shell.events.register("post_run_cell", after_cell)
