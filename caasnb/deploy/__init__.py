"""caasnb.deploy — continuous deployment: a traffic router, blue/green, canary with a statistical judge, rolling.

* :class:`Router` (``cluster, name, {service: percent}``): weighted split of an application's
  traffic; the :class:`caasnb.workload.Workload` sends to it.
* :class:`Judge` over :class:`Metric` s: Mann-Whitney U per metric, Kayenta-style score,
  marginal/pass thresholds, critical metrics; :func:`compare` reads the samples of two services.
* Strategies, each ``(workload, image, ...)`` with ``run()`` → final phase: :class:`Canary`
  (stepWeight, maxWeight, interval, threshold; analysis every interval; auto promote or
  rollback; ``promote()``/``abort()`` by hand), :class:`BlueGreen` (idle colour, smoke test,
  atomic switch, keep the old colour, retire), :class:`Rolling` (swarm's rolling update).
* :mod:`.release` runs the three on one scenario and seed; :mod:`.noise` asks how many
  samples a judge needs to see a regression under noise.
"""

from .analysis import compare, samples
from .bluegreen import BlueGreen
from .canary import Canary
from .judge import DEFAULT_METRICS, Judge, Metric, MetricResult, Verdict
from .rolling import Rolling
from .router import Router

__all__ = [
    "DEFAULT_METRICS",
    "BlueGreen",
    "Canary",
    "Judge",
    "Metric",
    "MetricResult",
    "Rolling",
    "Router",
    "Verdict",
    "compare",
    "samples",
]
