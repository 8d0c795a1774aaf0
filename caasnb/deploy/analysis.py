"""The judge's samples, read from the ``workload.requests`` events of a time window.

Three metrics, each a list of samples per service (what a metrics backend such as
Prometheus would hand Kayenta):

* ``latency``: every request's latency (s);
* ``latency_p99``: the p99 latency of each task over each ``bucket_s`` slice of the window,
  one point per task and slice with at least ``MIN_POINT`` requests (a tail regression is
  invisible in the median but plain in these points);
* ``errors``: 1 for a request answered 5xx, 0 otherwise (the mean is the error rate).
"""

from __future__ import annotations

import numpy as np

from ..sim import SECOND
from ..workload import requests_of

MIN_POINT = 10


def samples(sim, service: str, since: int, until: int, bucket_s: float = 10.0) -> dict[str, list[float]]:
    """The metric samples of ``service`` from the requests recorded in ``(since, until]`` ns."""
    latency: list[float] = []
    errors: list[float] = []
    points: dict[tuple[str, int], list[float]] = {}
    bucket = max(1, round(bucket_s * SECOND))
    for event in requests_of(sim, service, since + 1, until):
        values = event.attrs["latencies"]
        latency.extend(values)
        errors.extend(1.0 if status >= 500 else 0.0 for status in event.attrs["statuses"])
        points.setdefault((event.subject, (event.time - since - 1) // bucket), []).extend(values)
    p99 = [float(np.percentile(v, 99)) for _, v in sorted(points.items()) if len(v) >= MIN_POINT]
    return {"latency": latency, "latency_p99": p99, "errors": errors}


def compare(
    sim, baseline: str, canary: str, since: int, until: int, bucket_s: float = 10.0
) -> dict[str, tuple[list[float], list[float]]]:
    """``{metric: (baseline samples, canary samples)}`` for the judge."""
    base = samples(sim, baseline, since, until, bucket_s)
    new = samples(sim, canary, since, until, bucket_s)
    return {name: (base[name], new[name]) for name in base}
