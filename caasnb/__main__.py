"""``caasnb serve``: a simulated cluster for the real docker CLI, from a terminal.

    caasnb serve                                  # 3 managers + 2 workers, seed 7, real time
    caasnb serve --scenario hosts                 # 4 engines, no swarm: start with `docker swarm init`
    caasnb serve --managers 1 --workers 3 --speed 10 --port 2375
    caasnb serve --scenario my-lab.json --socket /tmp/lab/docker.sock

It prints the ``export DOCKER_HOST=...`` line for another shell and serves until Ctrl-C.
A scenario is a name below or a JSON file of the same shape: the cluster (``managers`` +
``workers``, or ``hosts`` for engines without a swarm), the ``seed``, and ``steps`` run
before serving — a string is a docker command line run on the leader, a number is that
many simulated seconds.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from .cluster import Cluster
from .errors import DockerError

SCENARIOS: dict[str, dict[str, Any]] = {
    "swarm": {"managers": 3, "workers": 2},
    "hosts": {"hosts": 4},
    "redis": {
        "managers": 3,
        "workers": 2,
        "steps": ["service create -d --replicas 10 --name redis --update-delay 10s redis:3.0.5", 30],
    },
}
"""Ready-made scenarios: a formed swarm, bare engines, and the course's redis service."""


def load_scenario(name_or_file: str) -> dict[str, Any]:
    """A named scenario, or the JSON object in file ``name_or_file``."""
    if name_or_file in SCENARIOS:
        return SCENARIOS[name_or_file]
    path = Path(name_or_file)
    if not path.is_file():
        raise ValueError(f"no scenario {name_or_file!r}: give one of {', '.join(SCENARIOS)} or a JSON file")
    scenario = json.loads(path.read_text())
    if not isinstance(scenario, dict):
        raise ValueError(f"{path}: a scenario is a JSON object")
    return scenario


def build(scenario: dict[str, Any], seed: int | None, managers: int | None, workers: int | None) -> Cluster:
    """The scenario's cluster (with ``--managers/--workers/--seed`` overriding it), its steps run."""
    seed = scenario.get("seed", 7) if seed is None else seed
    if managers is not None or workers is not None or "hosts" not in scenario:
        shape = {"managers": scenario.get("managers", 3), "workers": scenario.get("workers", 2)}
        shape |= {k: v for k, v in (("managers", managers), ("workers", workers)) if v is not None}
        cluster = Cluster(**shape, seed=seed)
    else:
        cluster = Cluster(hosts=scenario["hosts"], seed=seed)
    for step in scenario.get("steps", ()):
        if isinstance(step, (int, float)) and not isinstance(step, bool):
            cluster.run(step)
            continue
        result = cluster.docker(step)
        if result.exit_code:
            raise ValueError(f"scenario step `docker {step}` failed: {result.stderr.strip()}")
    return cluster


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="caasnb", description="caasnb: a simulated Docker swarm")
    commands = root.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a simulated cluster to the real docker CLI and docker-py")
    serve.add_argument("--scenario", default="swarm", help=f"one of {', '.join(SCENARIOS)}, or a JSON file")
    serve.add_argument("--seed", type=int, help="the scenario's random seed (default 7)")
    serve.add_argument("--speed", type=float, default=1.0, help="simulated seconds per wall second (0: frozen)")
    serve.add_argument("--managers", type=int, help="number of managers (a formed swarm)")
    serve.add_argument("--workers", type=int, help="number of workers")
    serve.add_argument("--node", help="the host whose daemon is served (default: the first)")
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--socket", help="unix socket path (default: docker.sock in a new private directory)")
    where.add_argument("--port", type=int, help="serve on tcp://127.0.0.1:PORT instead of a unix socket")
    serve.add_argument("--host", default=None, help="with --port: 127.0.0.1 (default) or ::1; nothing else")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        cluster = build(load_scenario(args.scenario), args.seed, args.managers, args.workers)
        served = cluster.serve(args.node, socket=args.socket, port=args.port, host=args.host, speed=args.speed)
    except (ValueError, DockerError) as error:
        print(f"caasnb serve: {error}", file=sys.stderr)
        return 2
    print(served.export, flush=True)
    print(f"# {cluster!r}, serving {served.node} at speed {served.speed:g}; Ctrl-C stops", file=sys.stderr)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the clean stop
    served.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
