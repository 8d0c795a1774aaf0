"""The statistical judge of a canary: Mann-Whitney U per metric and a Kayenta-style score.

For every metric the canary's samples are compared with the baseline's by a Mann-Whitney U
test (:func:`scipy.stats.mannwhitneyu`: no assumption that latencies are normal, only that
the two samples are independent). The test is one-sided in the metric's bad ``direction``
(``increase`` for latency and errors), so at confidence ``c`` a canary no different from
its baseline fails that metric with probability ``1 - c``: the judge's false-positive rate.
A significant difference still passes when its effect (canary mean / baseline mean) stays
within ``allowed_change``: with enough samples everything is significant, and a 1 % slower
canary is not worth a rollback.

Like Kayenta's NetflixACAJudge, each metric is classified ``Pass``, ``High`` or ``Low``
(``NoData`` when a side has too few samples, left out of the score); the score is the
weighted percentage of judged metrics that passed; a score below ``marginal`` fails, one at
or above ``pass_score`` passes, and in between the canary holds. A ``critical`` metric that
does not pass fails the run outright, whatever the score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scipy.stats import mannwhitneyu

from ..errors import InvalidArgument

DIRECTIONS = {"increase": "greater", "decrease": "less", "either": "two-sided"}
PASS, HIGH, LOW, NODATA = "Pass", "High", "Low", "NoData"
MIN_SAMPLES = 3


@dataclass(frozen=True)
class Metric:
    """One metric the judge compares: which change is bad, how much of it is tolerated, how much it counts."""

    name: str
    direction: str = "increase"
    allowed_change: float = 0.0
    critical: bool = False
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise InvalidArgument(f"direction must be one of {', '.join(DIRECTIONS)}, not {self.direction!r}")
        if self.allowed_change < 0 or self.weight <= 0:
            raise InvalidArgument("allowed_change must be >= 0 and weight > 0")


@dataclass(frozen=True)
class MetricResult:
    """The evidence for one metric: classification, p-value, effect size and sample sizes."""

    name: str
    classification: str
    p_value: float | None
    effect: float | None  # canary mean / baseline mean
    u_share: float | None  # U / (n1 n2): chance a canary sample beats a baseline one (0.5: no difference)
    baseline_n: int
    canary_n: int
    critical: bool
    weight: float

    def to_dict(self) -> dict:
        """Plain JSON values: floats rounded, an infinite effect (a baseline at 0) as None."""
        return {k: _plain(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Verdict:
    """The judge's answer for one analysis: ``pass``, ``marginal`` or ``fail``, its score and evidence."""

    outcome: str
    score: float
    reason: str
    results: tuple[MetricResult, ...]

    def to_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "score": round(self.score, 3),
            "reason": self.reason,
            "metrics": [r.to_dict() for r in self.results],
        }


class Judge:
    """Compares canary and baseline samples metric by metric and scores the canary."""

    def __init__(
        self, metrics: Sequence[Metric], confidence: float = 0.95, marginal: float = 75.0, pass_score: float = 95.0
    ) -> None:
        if not metrics:
            raise InvalidArgument("a judge needs at least one metric")
        if not 0 < confidence < 1 or not 0 <= marginal <= pass_score <= 100:
            raise InvalidArgument("need 0 < confidence < 1 and 0 <= marginal <= pass_score <= 100")
        self.metrics = tuple(metrics)
        self.confidence = confidence
        self.marginal = marginal
        self.pass_score = pass_score

    def classify(self, metric: Metric, baseline: Sequence[float], canary: Sequence[float]) -> MetricResult:
        """One metric's classification with its evidence."""
        n_b, n_c = len(baseline), len(canary)
        if n_b < MIN_SAMPLES or n_c < MIN_SAMPLES:
            return MetricResult(metric.name, NODATA, None, None, None, n_b, n_c, metric.critical, metric.weight)
        test = mannwhitneyu(canary, baseline, alternative=DIRECTIONS[metric.direction])
        p_value = float(test.pvalue) if math.isfinite(test.pvalue) else 1.0
        effect = _ratio(sum(canary) / n_c, sum(baseline) / n_b)
        u_share = float(test.statistic) / (n_b * n_c)
        classification = PASS
        if p_value < 1 - self.confidence:
            if effect > 1 + metric.allowed_change and metric.direction != "decrease":
                classification = HIGH
            elif effect < 1 - metric.allowed_change and metric.direction != "increase":
                classification = LOW
        return MetricResult(
            metric.name, classification, p_value, effect, u_share, n_b, n_c, metric.critical, metric.weight
        )

    def judge(self, samples: Mapping[str, tuple[Sequence[float], Sequence[float]]]) -> Verdict:
        """``samples[name] = (baseline, canary)`` for every metric → the verdict."""
        results = tuple(self.classify(m, *samples.get(m.name, ((), ()))) for m in self.metrics)
        judged = [r for r in results if r.classification != NODATA]
        failed_critical = [r.name for r in judged if r.critical and r.classification != PASS]
        if not judged:
            return Verdict("marginal", 0.0, "no data yet", results)
        score = 100 * sum(r.weight for r in judged if r.classification == PASS) / sum(r.weight for r in judged)
        if failed_critical:
            return Verdict("fail", 0.0, f"critical metric failed: {', '.join(failed_critical)}", results)
        if score < self.marginal:
            return Verdict("fail", score, f"score {score:.0f} < marginal {self.marginal:g}", results)
        if score < self.pass_score:
            return Verdict("marginal", score, f"score {score:.0f} < pass {self.pass_score:g}", results)
        return Verdict("pass", score, f"score {score:.0f} >= pass {self.pass_score:g}", results)


def _plain(value):
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else None
    return value


def _ratio(canary: float, baseline: float) -> float:
    if baseline > 0:
        return canary / baseline
    return 1.0 if canary <= 0 else math.inf


DEFAULT_METRICS = (
    Metric("latency", allowed_change=0.05),
    Metric("latency_p99", allowed_change=0.05),
    Metric("errors", critical=True),
)
