"""caasnb.workload — request traffic against swarm services, shared by deploy, chaos and observe.

The API other rooms code against:

* :class:`Behaviour` ``(p50_ms=20, p99_ms=80, error_rate=0.0, cpu_ms=2.0)``: how one version
  answers (lognormal latency fixed by its p50 and p99); ``b.worse(p99=1.2)`` or
  ``b.worse(errors=0.005)`` make a subtly bad release.
* :class:`Workload` ``(cluster, target, rate, duration=None, *, versions={image: Behaviour},
  default=Behaviour(), interval=1.0, noise=0.0, spread=0.0, entry=None, name="")`` with
  ``.start()`` / ``.stop()``: open-loop requests at ``rate``/s to a service name or any
  :class:`Target` (an object with ``name`` and ``weights() -> {service: weight}``, e.g.
  ``caasnb.deploy.Router``), round-robin over the running tasks behind the service's VIP
  (:func:`backends`: the networking room's IPVS view; a service on no network has no VIP
  and drops every request; ``entry`` keeps to tasks reachable from that host). Batched per
  interval: one ``workload.requests`` event per task (:func:`caasnb.observe.record_requests`:
  ``service``, ``node``, ``latencies`` in s, ``statuses``). Requests that find no running
  task: ``workload.dropped`` (``service``, ``count``); ``workload.start`` /
  ``workload.stop`` frame a run. ``sent``/``dropped`` count requests so far,
  ``served``/``failed`` per image (version).
* Noisy neighbours: :func:`contention` ``(cluster)`` is the cluster's one
  :class:`Contention`; :func:`hog` ``(cluster, host, cpus, duration)`` starts a CPU noisy
  neighbour that heals by itself (``workload.hog`` / ``workload.hog.heal`` events; heal early
  with ``contention(cluster).heal(hog)``). A request on a node with CPU utilisation ``u``
  (all workloads' demand plus hogs over the node's CPUs) takes ``1/(1-u)`` times longer
  (``Contention.inflation(host)``).
* :func:`requests_of` ``(sim, service, since, until)``: a service's request events.
"""

from .backends import Backend, backends
from .behaviour import DEFAULT, Behaviour
from .contention import HOG, HOG_HEAL, Contention, Hog, contention, hog
from .traffic import DROPPED, START, STOP, Service, Target, Workload, requests_of

__all__ = [
    "DEFAULT",
    "DROPPED",
    "HOG",
    "HOG_HEAL",
    "START",
    "STOP",
    "Backend",
    "Behaviour",
    "Contention",
    "Hog",
    "Service",
    "Target",
    "Workload",
    "backends",
    "contention",
    "hog",
    "requests_of",
]
