"""Choosing a platform (section 8.4): the same app as Kubernetes or Marathon objects, and under their rules.

* :mod:`.kubernetes` / :mod:`.marathon`: a swarm ``ServiceSpec`` as a Deployment + Service
  (YAML) or a Marathon app (JSON); :mod:`.export` reads specs from a running cluster.
* :mod:`.semantics`: rolling updates and failures as each platform handles them, as timelines.
* :mod:`.features`: the feature table Swarm vs Kubernetes vs Mesos/Marathon vs Docker EE.
"""

from . import features, kubernetes, marathon, semantics
from .export import service_spec, stack_specs, to_kubernetes, to_marathon

__all__ = [
    "features",
    "kubernetes",
    "marathon",
    "semantics",
    "service_spec",
    "stack_specs",
    "to_kubernetes",
    "to_marathon",
]
