"""caasnb.chaos — chaos engineering on the simulated swarm: failure is unavoidable, so test it.

* :class:`Chaos` (``cluster.chaos``): inject a fault from the catalogue (:func:`catalogue`)
  for a duration — ``kill``/``stop``/``pause`` a container, ``crash``/``restart`` a node, a
  ``zone`` outage, ``partition``/``isolate``, netem ``delay``/``loss``/``duplicate``/
  ``corrupt``/``rate`` on link directions, ``cpu-hog`` and ``memory-hog`` noisy neighbours, ``disk-full``,
  ``clock-skew`` — each a ``chaos.inject`` event with its parameters, healed on time
  (``chaos.heal``) or at once with ``heal_all()``.
* The Simian Army: :class:`ChaosMonkey` (seeded terminations of opted-in services' tasks in
  business hours), :class:`LatencyMonkey`, :class:`ChaosGorilla` (a zone from node labels).
"""

from .fault import FAULTS, Fault, catalogue
from .hours import BusinessHours
from .injector import Chaos
from .monkeys import OPT_IN, ChaosGorilla, ChaosMonkey, LatencyMonkey, Monkey
from .nodes import zones

__all__ = [
    "FAULTS",
    "OPT_IN",
    "BusinessHours",
    "Chaos",
    "ChaosGorilla",
    "ChaosMonkey",
    "Fault",
    "LatencyMonkey",
    "Monkey",
    "catalogue",
    "zones",
]
