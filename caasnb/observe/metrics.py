"""A small time-series store: counters, gauges and histograms stamped with simulated time.

Each series is a family (name, help, kind, label names) plus label values; every update
is kept with its time, so any instant or window can be asked about later: a counter's
rate, a histogram's quantile (exact, from the observations, or from the buckets as
PromQL's ``histogram_quantile`` would estimate it), an error ratio. :meth:`rows` gives
tidy rows for plotting; :mod:`.prometheus` renders the text exposition format.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate

from ..sim import SECOND

DEFAULT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""client_golang's ``prometheus.DefBuckets`` (seconds)."""


class Series:
    """One labelled series: its value after each update, with the update times."""

    __slots__ = ("times", "values")

    def __init__(self) -> None:
        self.times = array("q")
        self.values = array("d")  # counter/gauge: the value after each update; histogram: each observation

    def value_at(self, time: int | None = None) -> float:
        """The value at ``time`` (latest when None; 0 before the first update)."""
        index = len(self.times) if time is None else bisect_right(self.times, time)
        return self.values[index - 1] if index else 0.0


@dataclass
class Family:
    """A metric family: name, help, kind, label names, and its series by label values."""

    name: str
    help: str
    kind: str
    labels: tuple[str, ...] = ()
    buckets: tuple[float, ...] = ()
    series: dict[tuple[str, ...], Series] = field(default_factory=dict)

    def _series(self, labels: Mapping[str, str]) -> Series:
        if set(labels) != set(self.labels):
            raise ValueError(f"{self.name} takes labels {sorted(self.labels)}, not {sorted(labels)}")
        key = tuple(str(labels[name]) for name in self.labels)
        found = self.series.get(key)
        if found is None:
            found = self.series[key] = Series()
        return found

    def inc(self, time: int, amount: float = 1.0, **labels: str) -> None:
        """Add ``amount`` (≥ 0) to a counter, or to a gauge."""
        if self.kind == "histogram" or (self.kind == "counter" and amount < 0):
            raise ValueError(f"cannot add {amount} to {self.kind} {self.name}")
        series = self._series(labels)
        series.values.append(series.value_at() + amount)
        series.times.append(time)

    def set(self, time: int, value: float, **labels: str) -> None:
        """Set a gauge."""
        if self.kind != "gauge":
            raise ValueError(f"cannot set {self.kind} {self.name}")
        series = self._series(labels)
        series.times.append(time)
        series.values.append(float(value))

    def observe(self, time: int, values: Iterable[float], **labels: str) -> None:
        """Record observations (e.g. request latencies in seconds) in a histogram."""
        if self.kind != "histogram":
            raise ValueError(f"cannot observe into {self.kind} {self.name}")
        series = self._series(labels)
        before = len(series.values)
        series.values.extend(values)
        series.times.extend([time] * (len(series.values) - before))

    def histogram_at(self, series: Series, at: int | None = None) -> tuple[list[int], float, int]:
        """A histogram series at ``at``: cumulative bucket counts (``+Inf`` last), sum and count."""
        end = len(series.times) if at is None else bisect_right(series.times, at)
        counts = [0] * (len(self.buckets) + 1)
        for value in series.values[:end]:
            counts[bisect_left(self.buckets, value)] += 1
        cumulative = list(accumulate(counts))
        return cumulative, math.fsum(series.values[:end]), end


class Metrics:
    """The store: families by name."""

    def __init__(self) -> None:
        self.families: dict[str, Family] = {}

    def _family(self, name: str, help: str, kind: str, labels: Iterable[str], buckets: Iterable[float] = ()) -> Family:
        family = self.families.get(name)
        if family is None:
            family = self.families[name] = Family(name, help, kind, tuple(labels), tuple(sorted(buckets)))
        elif family.kind != kind or family.labels != tuple(labels):
            raise ValueError(f"{name} is already a {family.kind} with labels {family.labels}")
        return family

    def counter(self, name: str, help: str, labels: Iterable[str] = ()) -> Family:
        return self._family(name, help, "counter", labels)

    def gauge(self, name: str, help: str, labels: Iterable[str] = ()) -> Family:
        return self._family(name, help, "gauge", labels)

    def histogram(
        self, name: str, help: str, labels: Iterable[str] = (), buckets: Iterable[float] = DEFAULT_BUCKETS
    ) -> Family:
        return self._family(name, help, "histogram", labels, buckets)

    # -- queries ----------------------------------------------------------------
    def _matching(self, name: str, labels: Mapping[str, str]) -> list[Series]:
        family = self.families[name]
        wanted = {family.labels.index(k): str(v) for k, v in labels.items()}
        return [s for key, s in family.series.items() if all(key[i] == v for i, v in wanted.items())]

    def value(self, name: str, at: int | None = None, **labels: str) -> float:
        """Sum over the matching series of their value at ``at`` (counter or gauge)."""
        return math.fsum(s.value_at(at) for s in self._matching(name, labels))

    def increase(self, name: str, window: int, at: int, **labels: str) -> float:
        """How much a counter grew during ``(at - window, at]``."""
        return self.value(name, at, **labels) - self.value(name, at - window, **labels)

    def rate(self, name: str, window: int, at: int, **labels: str) -> float:
        """Per-second increase of a counter over the window (``rate()`` without extrapolation)."""
        return self.increase(name, window, at, **labels) / (window / SECOND)

    def ratio(
        self, part: str, whole: str, window: int, at: int, part_labels: Mapping[str, str] | None = None, **labels: str
    ) -> float:
        """``increase(part) / increase(whole)`` over a window, e.g. an error ratio; 0 when nothing happened."""
        total = self.increase(whole, window, at, **labels)
        return self.increase(part, window, at, **{**labels, **(part_labels or {})}) / total if total else 0.0

    def _observations(self, name: str, since: int | None, until: int | None, labels: Mapping[str, str]) -> list[float]:
        values: list[float] = []
        for series in self._matching(name, labels):
            lo = 0 if since is None else bisect_right(series.times, since)
            hi = len(series.times) if until is None else bisect_right(series.times, until)
            values.extend(series.values[lo:hi])
        return values

    def quantile(self, name: str, q: float, since: int | None = None, until: int | None = None, **labels: str) -> float:
        """Exact ``q``-quantile of the observations in ``(since, until]`` (linear interpolation); NaN if none."""
        values = sorted(self._observations(name, since, until, labels))
        if not values:
            return math.nan
        position = q * (len(values) - 1)
        low = math.floor(position)
        high = min(low + 1, len(values) - 1)
        return values[low] + (values[high] - values[low]) * (position - low)

    def bucket_quantile(
        self, name: str, q: float, since: int | None = None, until: int | None = None, **labels: str
    ) -> float:
        """The ``q``-quantile as ``histogram_quantile`` estimates it from the bucket counts."""
        bounds = self.families[name].buckets
        counts = [0] * (len(bounds) + 1)
        for value in self._observations(name, since, until, labels):
            counts[bisect_left(bounds, value)] += 1
        total = sum(counts)
        if not total:
            return math.nan
        rank, seen = q * total, 0
        for index, count in enumerate(counts):
            if seen + count >= rank and count:
                if index == len(bounds):
                    return bounds[-1] if bounds else math.nan
                lower = bounds[index - 1] if index else 0.0
                return lower + (bounds[index] - lower) * (rank - seen) / count
            seen += count
        return bounds[-1]

    def rows(self, name: str | None = None) -> list[dict]:
        """Tidy rows, one per update: metric, kind, time (s), value and the labels (histograms: each observation)."""
        out = []
        for family in self.families.values() if name is None else [self.families[name]]:
            for key, series in family.series.items():
                labels = dict(zip(family.labels, key, strict=True))
                for time, value in zip(series.times, series.values, strict=True):
                    out.append(
                        {"metric": family.name, "kind": family.kind, "time": time / SECOND, "value": value, **labels}
                    )
        return out
