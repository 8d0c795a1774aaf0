"""Serving a cluster to real docker clients: the HTTP façade plus simulated time that follows the wall clock.

This module is the serving layer, not the core, and tests/test_architecture.py lists it
with the notebook-facing modules for that reason: it paces the simulation by the wall
clock (``time.monotonic``), which the core must never read. Pacing belongs here because
real clients live in wall time — ``docker service create`` polls every 200 ms and waits a
5-second wall-clock monitor period — so while a cluster is served its simulated clock
advances ``speed`` simulated seconds per wall second (1.0 = real time). With ``speed=0``
time moves only when the notebook runs it (``c.run(5)``), which is what tests and
step-by-step teaching want.

Every change to the simulation — a request, a pacing tick, ``c.run`` or ``c.docker`` from
the notebook — holds the cluster's lock, so the terminal's docker CLI, docker-py and the
notebook's widgets all see one consistent cluster.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from .engine.http import EngineGate, HTTPFacade
from .sim import SECOND

TICK_SECONDS = 0.05
"""Wall seconds between pacing steps: 20 steps a second keeps progress output smooth."""
MAX_STEP_SECONDS = 1.0
"""Wall seconds one pacing step may catch up at most, so a stalled process does not leap ahead."""


class Served:
    """A cluster served on a socket: ``docker_host``, ``export`` (the shell line) and ``stop()``.

    ``speed`` (simulated seconds per wall second) may be changed while serving; 0 pauses
    time for the clients (the notebook can still run it). ``on_tick(fn)`` calls ``fn()``
    under the lock after every pacing step in which something happened (time moved, or a
    client changed the cluster) — e.g. a widget's ``refresh``, so it follows the terminal.
    """

    def __init__(
        self,
        cluster: Any,
        *,
        node: str | None = None,
        socket: str | os.PathLike[str] | None = None,
        port: int | None = None,
        host: str | None = None,
        speed: float = 1.0,
    ) -> None:
        if speed < 0:
            raise ValueError(f"speed must be >= 0 simulated seconds per wall second, not {speed}")
        self.cluster = cluster
        self.node = node or next(iter(cluster.hosts))
        cluster.host(self.node)  # NotFound for a host the cluster does not have
        self.speed = float(speed)
        self.gate = EngineGate(cluster.lock)
        self.facade = HTTPFacade(cluster.engine, self.node, self.gate, socket_path=socket, host=host, port=port)
        self.docker_host = self.facade.docker_host
        self._listeners: list[Callable[[], None]] = []
        self._stopped = threading.Event()
        self._pacer = threading.Thread(target=self._pace, name="caasnb-pacer", daemon=True)
        self.facade.start()
        self._pacer.start()

    @property
    def export(self) -> str:
        """The line to paste into a shell so ``docker`` talks to this cluster."""
        return f"export DOCKER_HOST={self.docker_host}"

    @property
    def environ(self) -> dict[str, str]:
        """``os.environ`` plus DOCKER_HOST, for ``subprocess.run(["docker", ...], env=served.environ)``."""
        return {**os.environ, "DOCKER_HOST": self.docker_host}

    def on_tick(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _pace(self) -> None:
        """Advance simulated time with the wall clock until stopped; tell the listeners what changed."""
        last, seen = time.monotonic(), -1
        while not self._stopped.wait(TICK_SECONDS):
            now = time.monotonic()
            elapsed, last = min(now - last, MAX_STEP_SECONDS), now
            step = round(elapsed * self.speed * SECOND)
            with self.cluster.lock:
                sim = self.cluster.sim
                if step > 0:
                    sim.run(until=sim.now + step)
                if step > 0 or len(sim.events) != seen:
                    seen = len(sim.events)
                    for listener in self._listeners:
                        try:
                            listener()
                        except Exception:  # a broken view must not stop the clock
                            traceback.print_exc()
            if step > 0:
                self.gate.time_moved()

    def stop(self) -> None:
        """Stop pacing and serving; the cluster stays as it is (and can be served again)."""
        if not self._stopped.is_set():
            self._stopped.set()
            self._pacer.join()
            self.facade.stop()

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "stopped" if self._stopped.is_set() else f"serving {self.node} at speed {self.speed:g}"
        return f"{self.export}  # {state}"
