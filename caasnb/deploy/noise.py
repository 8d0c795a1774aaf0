"""Signal vs noise: how many samples a judge needs to see a regression through the noise.

A latency sample is the true latency times the noise of measuring it on a shared platform
(other tenants, where a task landed, GC pauses): lognormal with shape ``noise``. A
regressed version is ``1 + regression`` times slower. The judge runs a one-sided
Mann-Whitney U test at ``confidence``; its *power* with ``n`` samples per side is the share
of seeded experiments in which it sees the regression, and with no regression that share
is its false-positive rate (about ``1 - confidence``). The noisier the platform, the more
samples — the longer a canary must run — before a 20 % regression shows.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import mannwhitneyu

from ..errors import InvalidArgument
from ..sim import Simulation

MEDIAN_S = 0.02


def _generator(seed: int, name: str) -> np.random.Generator:
    """A numpy generator seeded from the simulation stream ``name`` of ``seed`` (DESIGN rule 2)."""
    return np.random.default_rng(Simulation(seed).rng(name).getrandbits(64))


def detection_rate(
    samples: int,
    regression: float = 0.2,
    noise: float = 0.3,
    confidence: float = 0.95,
    trials: int = 200,
    seed: int = 0,
) -> float:
    """Share of ``trials`` experiments (``samples`` per side) in which the judge flags the canary."""
    if samples < 1 or trials < 1 or noise <= 0:
        raise InvalidArgument("samples and trials must be >= 1 and noise > 0")
    rng = _generator(seed, f"noise:{samples}:{regression}:{noise}")
    baseline = MEDIAN_S * np.exp(rng.normal(0.0, noise, (trials, samples)))
    canary = MEDIAN_S * (1 + regression) * np.exp(rng.normal(0.0, noise, (trials, samples)))
    p_values = mannwhitneyu(canary, baseline, alternative="greater", axis=1).pvalue
    return float(np.mean(p_values < 1 - confidence))


def samples_needed(
    regression: float = 0.2,
    noise: float = 0.3,
    power: float = 0.8,
    confidence: float = 0.95,
    trials: int = 200,
    seed: int = 0,
    most: int = 1 << 16,
) -> int | None:
    """The fewest samples per side with which the judge sees ``regression`` in ``power`` of the trials.

    Doubling finds a bracket, bisection the smallest size in it; None when even ``most`` is not enough.
    """
    if not 0 < power < 1:
        raise InvalidArgument(f"power must lie strictly between 0 and 1, not {power}")

    def enough(n: int) -> bool:
        return detection_rate(n, regression, noise, confidence, trials, seed) >= power

    high = 2
    while not enough(high):
        if high >= most:
            return None
        high = min(2 * high, most)
    low = high // 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if enough(middle) else (middle, high)
    return high


def samples_needed_row(noise: float, regression: float = 0.2, power: float = 0.8, seed: int = 0) -> dict:
    """:func:`samples_needed` as a sweep scenario (one row per noise level and seed)."""
    return {"samples": samples_needed(regression, noise, power, seed=seed)}
