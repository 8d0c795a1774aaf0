"""The Prometheus text exposition format (version 0.0.4), as client_golang writes it.

Families sorted by name, each with ``# HELP`` (``\\`` and newline escaped) and ``# TYPE``
lines, then its series sorted by label values; label values escape ``\\``, ``"`` and
newline; numbers are Go's shortest ``'g'`` form (``1e+06``, ``+Inf``, ``NaN``).
Histograms expand to cumulative ``_bucket{le="..."}`` series ending with ``le="+Inf"``,
then ``_sum`` and ``_count``. No sample timestamps, so the text is the same every run.
"""

from __future__ import annotations

from ..golang.strconv import format_float
from .metrics import Family, Metrics


def _help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _label_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: list[tuple[str, str]]) -> str:
    return "{" + ",".join(f'{k}="{_label_value(v)}"' for k, v in pairs) + "}" if pairs else ""


def _family_lines(family: Family, at: int | None) -> list[str]:
    lines = [f"# HELP {family.name} {_help(family.help)}", f"# TYPE {family.name} {family.kind}"]
    for key in sorted(family.series):
        series = family.series[key]
        pairs = list(zip(family.labels, key, strict=True))
        if family.kind != "histogram":
            lines.append(f"{family.name}{_labels(pairs)} {format_float(series.value_at(at))}")
            continue
        cumulative, total, count = family.histogram_at(series, at)
        bounds = [format_float(b) for b in family.buckets] + ["+Inf"]
        for bound, seen in zip(bounds, cumulative, strict=True):
            lines.append(f"{family.name}_bucket{_labels(pairs + [('le', bound)])} {seen}")
        lines.append(f"{family.name}_sum{_labels(pairs)} {format_float(total)}")
        lines.append(f"{family.name}_count{_labels(pairs)} {count}")
    return lines


def exposition(metrics: Metrics, at: int | None = None) -> str:
    """The store as a ``/metrics`` page at simulated time ``at`` (latest when None)."""
    lines: list[str] = []
    for name in sorted(metrics.families):
        family = metrics.families[name]
        if family.series:
            lines += _family_lines(family, at)
    return "".join(line + "\n" for line in lines)
