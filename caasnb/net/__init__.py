"""caasnb.net — the simulated network: the underlay every message crosses, and container networking on it.

``probe(cluster, source, "web:80")`` asks whether a container (or a host) reaches a name or
address and port now, and returns the verdict, the reason and the path (:mod:`caasnb.net.reach`).
"""

from .reach import reach as probe
from .underlay import Link, Underlay

__all__ = ["Link", "Underlay", "probe"]
