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
    checkboxes hide kinds of events (``hidden_kinds``). ``select(index)`` jumps to one event
    of the log (``selected``: its index, -1 for none): the list shows it — even when it is older
    than the latest :data:`RECENT` events, or of a hidden kind — highlighted and scrolled into view.
    """

    _esm = esm("timeline.js")
    _css = css("timeline.css")

    events = traitlets.List().tag(sync=True)
    kinds = traitlets.List().tag(sync=True)
    hidden_kinds = traitlets.List().tag(sync=True)
    selected = traitlets.Int(-1).tag(sync=True)

    def __init__(self, target, **kwargs) -> None:
        self._kinds = set(simulation_of(target).events.kinds())
        super().__init__(target, **kwargs)

    def note(self, event) -> None:
        self._kinds.add(event.kind)

    def select(self, index: int) -> None:
        """Jump to event ``index`` of the log (what LogView calls when a line is clicked)."""
        event = self.sim.events[index]
        if event.kind in self.hidden_kinds:
            self.hidden_kinds = [kind for kind in self.hidden_kinds if kind != event.kind]
        self.selected = index
        self.sync_state()

    def sync_state(self) -> None:
        log = self.sim.events
        start = max(0, len(log) - RECENT)
        rows = [event_row(i, log[i]) for i in range(start, len(log))]
        if 0 <= self.selected < start:  # an older event stays listed while it is selected
            rows.insert(0, event_row(self.selected, log[self.selected]))
        self.events = rows
        self.kinds = sorted(self._kinds)

    def __repr__(self) -> str:
        return f"Timeline(t={self.sim.now / SECOND:.3f} s, events={len(self.sim.events)}, playing={self.playing})"
