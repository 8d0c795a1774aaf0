"""MetricsView: a metric of every container over time, with the events that explain it drawn on the lines.

The course's "metrics vs events": a CPU line jumps when a noisy neighbour starts, a memory
line falls to nothing at an OOM kill, requests stop when a container dies. The lines and
markers come from :mod:`caasnb.observe.charts`; the browser draws them live as time runs,
and :meth:`MetricsView.figure` gives the same chart as a plotly figure (for stored outputs,
zooming, export).
"""

from __future__ import annotations

import plotly.graph_objects as go
import traitlets

from ..observe.charts import MARKER_KINDS, METRICS, event_markers, metric_lines
from ..sim import SECOND
from ._assets import css, esm
from .base import SimWidget


class MetricsView(SimWidget):
    """``MetricsView(cluster, metric="cpu", by="container", markers=MARKER_KINDS)``."""

    _esm = esm("metricsview.js")
    _css = css("metricsview.css")

    metric = traitlets.Unicode("cpu").tag(sync=True)
    by = traitlets.Unicode("container").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    lines = traitlets.List().tag(sync=True)
    markers = traitlets.List().tag(sync=True)

    def __init__(self, cluster, metric: str = "cpu", by: str = "container", markers=MARKER_KINDS, **kwargs) -> None:
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
        self.cluster = cluster
        self.marker_kinds = tuple(markers)
        super().__init__(cluster, metric=metric, by=by, **kwargs)
        self.observe(lambda _change: self.refresh(), names=["metric", "by"])

    def sync_state(self) -> None:
        self.unit = METRICS[self.metric][1]
        self.lines = metric_lines(self.cluster.metrics, self.metric, self.by)
        self.markers = event_markers(self.sim.events, self.marker_kinds)

    def figure(self) -> go.Figure:
        """The chart as a plotly figure: a line per container, a dotted vertical line and label per event."""
        self.refresh()
        figure = go.Figure()
        for line in self.lines:
            figure.add_scatter(x=line["x"], y=line["y"], mode="lines", name=line["name"])
        top = max((max(line["y"], default=0) for line in self.lines), default=1) or 1
        for marker in self.markers:
            figure.add_vline(x=marker["t"], line_dash="dot", line_color="#888")
        figure.add_scatter(
            x=[m["t"] for m in self.markers],
            y=[top] * len(self.markers),
            mode="markers",
            marker={"symbol": "triangle-down", "size": 9, "color": "#cf222e"},
            text=[m["label"] for m in self.markers],
            hoverinfo="text",
            name="events",
        )
        figure.update_layout(
            height=340, margin={"t": 30, "b": 40}, xaxis_title="simulated time (s)", yaxis_title=self.unit
        )
        return figure

    def __repr__(self) -> str:
        return f"MetricsView({self.metric} by {self.by}, t={self.sim.now / SECOND:.3f} s, lines={len(self.lines)})"
