"""LogView: the daemon, container and application logs of a cluster, merged or one source at a time.

Filters (source, node, service, task, level, search text) run in Python over the rows
(:class:`caasnb.observe.logrows.LogRows`); the browser receives only the last ``limit``
matches. *Follow* keeps the newest lines in view as time runs. Clicking a line selects its
event (``selected``: index, time and kind), and a Timeline given as ``timeline=`` jumps to
that event (``Timeline.select``: highlighted and scrolled into view).
"""

from __future__ import annotations

import traitlets

from ..observe.logrows import LEVELS, SOURCES, LogRows
from ..sim import SECOND
from ._assets import css, esm
from .base import SimWidget, simulation_of


def payload(rows: LogRows, filters: dict, limit: int) -> dict:
    """What the browser shows for ``filters``: the matching rows and the choices the filters offer."""
    found, matched = rows.select(
        sources=filters.get("sources") or SOURCES,
        node=filters.get("node", ""),
        service=filters.get("service", ""),
        task=filters.get("task", ""),
        levels=filters.get("levels") or LEVELS,
        search=filters.get("search", ""),
        limit=limit,
    )
    owners = rows.owners.values()
    return {
        "rows": [row.as_dict() for row in found],
        "matched": matched,
        "total": len(rows.rows),
        "nodes": sorted({row.node for row in rows.rows[-5000:] if row.node} | {o.node for o in owners if o.node}),
        "services": sorted({o.service for o in owners if o.service}),
    }


class LogView(SimWidget):
    """``LogView(cluster, sources=("application",), service="web", timeline=None)``."""

    _esm = esm("logview.js")
    _css = css("logview.css")

    filters = traitlets.Dict().tag(sync=True)
    follow = traitlets.Bool(True).tag(sync=True)
    limit = traitlets.Int(500).tag(sync=True)
    view = traitlets.Dict().tag(sync=True)
    selected = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        target,
        *,
        sources=SOURCES,
        node="",
        service="",
        task="",
        levels=LEVELS,
        search="",
        timeline=None,
        limit: int = 500,
    ) -> None:
        self.rows = LogRows(simulation_of(target).events)
        self.timeline = timeline
        filters = {"sources": list(sources), "node": node, "service": service, "task": task}
        filters |= {"levels": list(levels), "search": search}
        super().__init__(target, filters=filters, limit=limit)
        self.observe(lambda _change: self.refresh(), names=["filters", "limit"])

    def sync_state(self) -> None:
        self.rows.catch_up(self.sim.events)
        self.view = payload(self.rows, self.filters, self.limit)

    def handle(self, action: str, message: dict) -> None:
        if action == "select":
            self.select(int(message["index"]))
        else:
            super().handle(action, message)

    def select(self, index: int) -> None:
        """Pick the event behind a line; a linked Timeline jumps to it."""
        event = self.sim.events[index]
        self.selected = {"i": index, "t": event.time, "kind": event.kind, "subject": event.subject}
        if self.timeline is not None:
            self.timeline.select(index)

    def lines(self) -> list[str]:
        """The lines shown now, as text (for notebooks and tests)."""
        return [row["text"] for row in self.view["rows"]]

    def __repr__(self) -> str:
        view = self.view
        return f"LogView(t={self.sim.now / SECOND:.3f} s, shown={len(view['rows'])}, matched={view['matched']})"
