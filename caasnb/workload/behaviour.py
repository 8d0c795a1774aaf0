"""How one version of an application answers: a lognormal latency with a chosen p50 and p99, and an error rate.

A version is identified by its image reference (``web:1.1``), so the same description
applies however the version is deployed: a second service (blue/green, canary) or new tasks
of the same service (rolling update). A lognormal is fixed by two quantiles:
``mu = ln(p50)`` and ``sigma = ln(p99 / p50) / z99`` with ``z99`` the standard normal's
99th percentile, which is why a "subtly bad" release can be written as *+20 % p99*.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from random import Random

from ..errors import InvalidArgument

Z99 = 2.3263478740408408  # Φ⁻¹(0.99)


@dataclass(frozen=True)
class Behaviour:
    """A version's latency (p50/p99 in ms), its share of failed requests, and its CPU cost per request."""

    p50_ms: float = 20.0
    p99_ms: float = 80.0
    error_rate: float = 0.0
    cpu_ms: float = 2.0

    def __post_init__(self) -> None:
        if not 0 < self.p50_ms < self.p99_ms:
            raise InvalidArgument(f"need 0 < p50 < p99, not p50={self.p50_ms} ms, p99={self.p99_ms} ms")
        if not 0 <= self.error_rate <= 1:
            raise InvalidArgument(f"error_rate must lie in [0, 1], not {self.error_rate}")
        if self.cpu_ms < 0:
            raise InvalidArgument(f"cpu_ms must be >= 0, not {self.cpu_ms}")

    @property
    def mu(self) -> float:
        """ln of the median latency in seconds."""
        return math.log(self.p50_ms / 1000)

    @property
    def sigma(self) -> float:
        """The lognormal's shape, from the p99/p50 ratio."""
        return math.log(self.p99_ms / self.p50_ms) / Z99

    def worse(self, p99: float = 1.0, p50: float = 1.0, errors: float = 0.0) -> Behaviour:
        """A regressed copy: p99 and p50 multiplied by the factors, ``errors`` added to the error rate.

        ``worse(p99=1.2)`` is the subtly bad release with a 20 % slower tail; ``worse(errors=0.005)``
        fails one request in 200 more.
        """
        return replace(self, p50_ms=self.p50_ms * p50, p99_ms=self.p99_ms * p99, error_rate=self.error_rate + errors)

    def latency(self, rng: Random, inflation: float = 1.0) -> float:
        """One request's latency in seconds, stretched by the node's contention ``inflation``."""
        return rng.lognormvariate(self.mu, self.sigma) * inflation


DEFAULT = Behaviour()
