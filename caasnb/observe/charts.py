"""Metric lines and event markers for one chart: the vendors' "events on the metrics" view, as data.

:func:`metric_lines` turns the cluster's :class:`~.telemetry.MetricsView` into one line per
container (or service) of a chosen metric — CPU % (the docker stats way: CPU seconds per
second × 100), memory in MiB, requests per second, p99 latency, share of 5xx answers — and
:func:`event_markers` picks the events that explain bends in those lines (a container dying,
an OOM kill, a noisy neighbour, a node going down). Widgets draw both; nothing here knows how.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..sim import SECOND, EventLog
from .programs import TICK as SAMPLE_PERIOD
from .telemetry import MetricsView

METRICS = {
    "cpu": ("container_cpu_usage_seconds_total", "CPU %"),
    "memory": ("container_memory_usage_bytes", "memory (MiB)"),
    "requests": ("http_requests_total", "requests/s"),
    "latency": ("http_request_duration_seconds", "p99 latency (ms)"),
    "errors": ("http_requests_total", "errors (% 5xx)"),
}
MARKER_KINDS = (
    "container.start",
    "container.die",
    "container.oom",
    "container.kill",
    "container.health_status",
    "workload.hog",
    "workload.hog.heal",
    "host.down",
    "host.up",
)


def metric_lines(view: MetricsView, metric: str, by: str = "container", step: float | None = None) -> list[dict]:
    """``[{"name", "x" (s), "y"}]``: one line per ``by`` label value (``container``, ``service`` or ``node``).

    Time is cut in ``step``-second bins (default: the sampling period for CPU and memory, 1 s for
    requests): counters become rates (their increments in a bin over its length), memory the sum
    of each container's last value in the bin.
    """
    if step is None:
        step = SAMPLE_PERIOD / SECOND if metric in ("cpu", "memory") else 1.0
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    family = view.metrics.families[METRICS[metric][0]]
    position, width = family.labels.index(by), round(step * SECOND)
    if metric == "latency":
        return _latency_lines(family, position, width)
    if metric == "errors":
        return _error_lines(family, position, width)
    bins: dict[str, dict[int, float]] = {}
    for key, series in family.series.items():
        group = bins.setdefault(key[position], {})
        if metric == "memory":
            last: dict[int, float] = {}
            for time, value in zip(series.times, series.values, strict=True):
                last[-(-time // width)] = value
            for index, value in last.items():
                group[index] = group.get(index, 0.0) + value
            continue
        previous = 0.0
        for time, value in zip(series.times, series.values, strict=True):
            index = -(-time // width)
            group[index] = group.get(index, 0.0) + value - previous
            previous = value
    scale = {"cpu": 100.0 / step, "requests": 1.0 / step, "memory": 1.0 / 2**20}[metric]
    lines = []
    for name, group in sorted(bins.items()):
        indexes = sorted(group)
        xs = [index * width / SECOND for index in indexes]
        lines.append({"name": name, "x": xs, "y": [round(group[index] * scale, 4) for index in indexes]})
    return lines


def _lines(bins: dict[str, dict[int, float]], width: int) -> list[dict]:
    return [
        {"name": name, "x": [index * width / SECOND for index in sorted(group)], "y": [group[i] for i in sorted(group)]}
        for name, group in sorted(bins.items())
    ]


def _latency_lines(family, position: int, width: int) -> list[dict]:
    """Each bin's 99th percentile request latency (nearest rank), in milliseconds."""
    observed: dict[str, dict[int, list[float]]] = {}
    for key, series in family.series.items():
        group = observed.setdefault(key[position], {})
        for time, value in zip(series.times, series.values, strict=True):
            group.setdefault(-(-time // width), []).append(value)
    bins = {
        name: {
            index: round(sorted(values)[max(0, -(-99 * len(values) // 100) - 1)] * 1000, 3)
            for index, values in group.items()
        }
        for name, group in observed.items()
    }
    return _lines(bins, width)


def _error_lines(family, position: int, width: int) -> list[dict]:
    """Each bin's share of answers with a 5xx status, in percent."""
    code = family.labels.index("code")
    counts: dict[str, dict[int, list[float]]] = {}
    for key, series in family.series.items():
        group = counts.setdefault(key[position], {})
        previous = 0.0
        for time, value in zip(series.times, series.values, strict=True):
            pair = group.setdefault(-(-time // width), [0.0, 0.0])
            pair[0] += (value - previous) if key[code].startswith("5") else 0.0
            pair[1] += value - previous
            previous = value
    bins = {
        name: {i: round(100 * bad / total, 3) for i, (bad, total) in group.items()} for name, group in counts.items()
    }
    return _lines(bins, width)


def event_markers(events: EventLog, kinds: Iterable[str] = MARKER_KINDS, since: int | None = None) -> list[dict]:
    """``[{"i", "t" (s), "kind", "subject", "label"}]`` for the events worth drawing on a chart."""
    wanted = tuple(kinds)
    markers = []
    for event in events.query(kind=wanted, since=since):
        attrs = event.attrs
        detail = attrs.get("exitCode", attrs.get("status", attrs.get("host", "")))
        who = str(attrs.get("name", event.subject[:12]))
        markers.append(
            {
                "t": event.time / SECOND,
                "kind": event.kind,
                "subject": event.subject,
                "label": f"{event.kind} {who}" + (f" ({detail})" if detail else ""),
            }
        )
    return markers
