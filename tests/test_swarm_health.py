"""Health checks: STARTING until healthy, an unhealthy container fails its task, health_status events."""

import pytest

from caasnb import Cluster
from caasnb.sim import SECOND
from caasnb.swarm.health import first_status
from caasnb.swarm.spec.task import HealthConfig


def tasks_of(c, name):
    daemon = c.daemons["manager-1"]
    service = daemon.service_inspect(name)["ID"]
    return [t for t in daemon.task_list() if t["ServiceID"] == service]


def test_a_task_with_a_passing_check_stays_starting_until_its_first_probe():
    c = Cluster(seed=7)
    c.docker("service create -d --name web --health-cmd 'curl -f http://localhost/' --health-interval 10s nginx:1.27")
    c.run(5)
    assert [t["Status"]["State"] for t in tasks_of(c, "web")] == ["starting"]
    c.run(10)
    assert [t["Status"]["State"] for t in tasks_of(c, "web")] == ["running"]
    events = c.events.query("container.health_status")
    assert [e.attrs["status"] for e in events] == ["healthy"]


def test_an_unhealthy_container_fails_its_task_with_mobys_error():
    c = Cluster(seed=7)
    c.docker("service create -d --name bad --health-cmd 'exit 1' --health-interval 2s --health-retries 2 nginx:1.27")
    c.run(10)
    failed = [t for t in tasks_of(c, "bad") if t["Status"]["State"] == "failed"]
    assert failed, tasks_of(c, "bad")
    status = failed[0]["Status"]
    assert status["Err"] == "task: non-zero exit (143): dockerexec: unhealthy container"
    assert status["Message"] == "starting" and status["ContainerStatus"]["ExitCode"] == 143
    assert "running" not in {e.attrs["state"] for e in c.events.query("task.state")}
    assert [e.attrs["status"] for e in c.events.query("container.health_status")][0] == "unhealthy"


def test_no_healthcheck_runs_at_once():
    c = Cluster(seed=7)
    c.docker("service create -d --name web --no-healthcheck nginx:1.27")
    c.run(5)
    assert [t["Status"]["State"] for t in tasks_of(c, "web")] == ["running"]


@pytest.mark.parametrize(
    ("config", "passes", "expected"),
    [
        (HealthConfig(test=("CMD-SHELL", "true")), True, (True, 30 * SECOND)),  # defaultProbeInterval
        (HealthConfig(test=("CMD-SHELL", "false")), False, (False, 90 * SECOND)),  # 3 retries
        (HealthConfig(test=("CMD", "x"), start_period=12 * SECOND), True, (True, 5 * SECOND)),  # start interval
        # failures inside the start period do not count: probes at 5, 10, 15 (counts), 45 (counts)
        (HealthConfig(test=("CMD", "x"), start_period=12 * SECOND, retries=2), False, (False, 45 * SECOND)),
    ],
)
def test_first_status_follows_mobys_probe_timing(config, passes, expected):
    assert first_status(config, passes) == expected
