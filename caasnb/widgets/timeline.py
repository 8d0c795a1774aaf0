"""Timeline: play, pause and step simulated time, and read the events as they happen."""

from __future__ import annotations

import traitlets

from ..sim import SECOND
from ._assets import css, esm
from .base import SimWidget, simulation_of

RECENT = 300


def event_row(index: int, event) -> dict:
    """One event as the browser lists it."""
    details = " ".join(f"{key}={value}" for key, value in sorted(event.attrs.items()))
    return {"i": index, "t": event.time, "kind": event.kind, "subject": event.subject, "details": details}


class Timeline(SimWidget):
    """Controls over simulated time plus a scrolling, filterable list of the latest events.

    ``Timeline(cluster_or_simulation)``. *Step* runs ``step_s`` simulated seconds; *play*
    runs ``speed`` simulated seconds per wall-clock second until *pause*. The filter
    checkboxes hide kinds of events (``hidden_kinds``).
    """

    _esm = esm("timeline.js")
    _css = css("timeline.css")

    events = traitlets.List().tag(sync=True)
    kinds = traitlets.List().tag(sync=True)
    hidden_kinds = traitlets.List().tag(sync=True)

    def __init__(self, target, **kwargs) -> None:
        self._kinds = set(simulation_of(target).events.kinds())
        super().__init__(target, **kwargs)

    def note(self, event) -> None:
        self._kinds.add(event.kind)

    def sync_state(self) -> None:
        log = self.sim.events
        start = max(0, len(log) - RECENT)
        self.events = [event_row(i, log[i]) for i in range(start, len(log))]
        self.kinds = sorted(self._kinds)

    def __repr__(self) -> str:
        return f"Timeline(t={self.sim.now / SECOND:.3f} s, events={len(self.sim.events)}, playing={self.playing})"
