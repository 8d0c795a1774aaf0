"""An app that cannot parse its settings dies with exit 1, and its stack trace reaches ``docker logs``."""

from __future__ import annotations

import pytest

from caasnb import Cluster
from caasnb.observe.crashes import boot_failure, stack_trace


@pytest.fixture
def c():
    return Cluster(hosts=1, seed=7)


def test_the_last_lines_written_at_death_reach_docker_logs(c):
    c.docker("run -d --name api -e DATABASE_URL=postgres//db:5432/shop node:20 node server.js")
    c.run(2)
    assert c.docker("inspect --format '{{.State.Status}} {{.State.ExitCode}}' api").stdout == "exited 1\n"
    logs = c.docker("logs api")
    assert logs.stdout == ""
    assert logs.stderr.splitlines()[:6] == [
        f"/app/src/settings.js:{logs.stderr.split(':', 1)[1].split()[0]}",
        "    throw new TypeError(`invalid ${name} '${value}': missing '://'`);",
        "    ^",
        "",
        "TypeError: invalid DATABASE_URL 'postgres//db:5432/shop': missing '://'",
        logs.stderr.splitlines()[5],
    ]
    assert logs.stderr.endswith("\nNode.js v20.12.2\n")
    kinds = [e.kind for e in c.events.query(since=0) if e.subject == c.daemons["host-1"].containers.get("api").id]
    assert kinds.index("container.die") < kinds.index("logger.stop")


def test_a_python_traceback_ends_with_the_exception():
    trace = stack_trace("python:3.12", "DATABASE_URL", "db:5432")
    assert trace[0] == "Traceback (most recent call last):"
    assert trace[-1] == "ValueError: invalid DATABASE_URL 'db:5432': missing '://'"
    assert trace == stack_trace("python:3.12", "DATABASE_URL", "db:5432")  # one image, one code base


def test_an_image_of_no_known_language_gets_a_fixed_one():
    first = stack_trace("shop/api:1.4", "CACHE_URL", "redis")
    assert first == stack_trace("shop/api:1.4", "CACHE_URL", "redis")
    assert any(line.startswith(("Traceback", "TypeError", "Exception in thread")) for line in first)


def test_a_healthy_app_prints_no_trace_and_keeps_running(c):
    c.docker("run -d --name api -e DATABASE_URL=postgres://db:5432/shop python:3.12 python -m app")
    c.run(10)
    assert c.docker("inspect --format '{{.State.Status}}' api").stdout == "running\n"
    assert "Traceback" not in c.docker("logs api").stderr
    assert boot_failure(["DATABASE_URL=postgres://db/shop", "LOG_LEVEL=info"]) is None
    assert boot_failure(["A=1", "DATABASE_URL=db"]) == ("DATABASE_URL", "db")
