"""The running swarm: formation, services converging, node failure, quorum, rolling updates, determinism."""

import collections

import pytest

from caasnb import Cluster
from caasnb.errors import DockerError, NotFound, Unavailable
from caasnb.swarm.daemon import NOT_IN_SWARM, NOT_MANAGER

NGINX = {
    "Name": "web",
    "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27"}},
    "Mode": {"Replicated": {"Replicas": 6}},
}


def running_by_host(daemon):
    hosts = {n["ID"]: n["Description"]["Hostname"] for n in daemon.node_list()}
    tasks = daemon.task_list()
    live = [t for t in tasks if t["DesiredState"] == "running" and t["Status"]["State"] == "running"]
    return collections.Counter(hosts[t["NodeID"]] for t in live)


@pytest.fixture
def swarm():
    c = Cluster(seed=7)
    c.daemons["manager-1"].service_create(NGINX)
    c.run(10)
    return c


def test_a_formed_swarm_has_every_node_ready_and_three_reachable_managers():
    c = Cluster(seed=7)
    nodes = c.daemons["manager-2"].node_list()
    assert sorted(n["Description"]["Hostname"] for n in nodes) == list(c.hosts)
    assert all(n["Status"]["State"] == "ready" for n in nodes)
    managers = [n for n in nodes if n["Spec"]["Role"] == "manager"]
    assert len(managers) == 3 and all(n["ManagerStatus"]["Reachability"] == "reachable" for n in managers)
    assert [n["Description"]["Hostname"] for n in managers if n["ManagerStatus"].get("Leader")] == ["manager-1"]


def test_a_service_converges_spread_over_the_nodes(swarm):
    daemon = swarm.daemons["manager-1"]
    assert daemon.service_list(status=True)[0]["ServiceStatus"]["RunningTasks"] == 6
    counts = running_by_host(daemon)
    assert sum(counts.values()) == 6 and max(counts.values()) - min(counts.values()) <= 1


def test_a_dead_worker_is_marked_down_by_missed_heartbeats_and_its_tasks_move(swarm):
    daemon = swarm.daemons["manager-1"]
    swarm.crash("worker-1")
    start = swarm.now
    swarm.run(until=lambda c: any(n["Status"]["State"] == "down" for n in daemon.node_list()), timeout=60)
    assert 10 <= swarm.now - start <= 16  # 3 heartbeat periods of 5 s from the last heartbeat
    swarm.run(10)
    counts = running_by_host(daemon)
    assert "worker-1" not in counts and sum(counts.values()) == 6


def test_losing_quorum_stops_writes_but_not_running_tasks(swarm):
    swarm.crash("manager-1")
    swarm.crash("manager-2")
    swarm.run(30)
    survivor = swarm.daemons["manager-3"]
    with pytest.raises(Unavailable, match="does not have a leader"):
        survivor.service_list()
    assert sum(len([s for s in a.states.values() if s.label == "running"]) for a in swarm.swarm.agents.values()) >= 4
    swarm.restart("manager-1")
    swarm.run(until=lambda c: c.swarm.leader is not None, timeout=60)
    assert survivor.service_list()[0]["Spec"]["Name"] == "web"


def test_a_rolling_update_replaces_every_task_and_completes(swarm):
    daemon = swarm.daemons["manager-1"]
    service = daemon.service_inspect("web")
    spec = service["Spec"] | {"TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.28"}}}
    daemon.service_update("web", service["Version"]["Index"], spec)
    done = swarm.run(until=lambda c: daemon.service_inspect("web")["UpdateStatus"]["State"] == "completed", timeout=300)
    assert done
    live = [t for t in daemon.task_list() if t["DesiredState"] == "running"]
    assert len(live) == 6 and {t["Spec"]["ContainerSpec"]["Image"] for t in live} == {"nginx:1.28"}


def test_a_failing_release_pauses_the_update_as_the_default_failure_action_says(swarm):
    daemon = swarm.daemons["manager-1"]
    service = daemon.service_inspect("web")
    bad = {"ContainerSpec": {"Image": "nginx:1.28", "Command": ["false"]}}
    daemon.service_update("web", service["Version"]["Index"], service["Spec"] | {"TaskTemplate": bad})
    swarm.run(until=lambda c: daemon.service_inspect("web")["UpdateStatus"]["State"] == "paused", timeout=120)
    status = daemon.service_inspect("web")["UpdateStatus"]
    assert status["Message"].startswith("update paused due to failure or early termination of task ")


def test_workers_and_strangers_get_dockers_refusals():
    c = Cluster(managers=1, workers=1, seed=3)
    with pytest.raises(Unavailable) as worker:
        c.daemons["worker-1"].service_list()
    assert str(worker.value) == NOT_MANAGER
    lone = Cluster(hosts=2, seed=3)
    with pytest.raises(Unavailable) as stranger:
        lone.daemons["host-1"].node_list()
    assert str(stranger.value) == NOT_IN_SWARM
    with pytest.raises(NotFound, match="service nope not found"):
        c.daemons["manager-1"].service_inspect("nope")


def test_a_bad_request_changes_nothing(swarm):
    daemon = swarm.daemons["manager-1"]
    before = swarm.trace_hash()
    with pytest.raises(DockerError):
        daemon.service_create({"Name": "web", "TaskTemplate": {"ContainerSpec": {"Image": "nginx"}}})
    with pytest.raises(DockerError):
        daemon.service_create({"Name": "x", "TaskTemplate": {"ContainerSpec": {}}})
    assert swarm.trace_hash() == before


def test_same_seed_same_story():
    def story():
        c = Cluster(seed=11)
        c.daemons["manager-1"].service_create(NGINX)
        c.run(20)
        c.crash("worker-2")
        c.run(30)
        return c.trace_hash()

    assert story() == story()


def test_an_update_right_after_create_still_finishes():
    # Tasks still ASSIGNED when the update shuts them down must be reported shut down, not stay assigned.
    c = Cluster(seed=7)
    c.docker("service create -d --name web --replicas 2 nginx:1.27")
    c.docker("service update -d --image nginx:1.28 web")
    daemon = c.daemons["manager-1"]
    assert c.run(until=lambda c: daemon.service_inspect("web")["UpdateStatus"]["State"] == "completed", timeout=120)


def test_a_node_that_left_and_rejoined_keeps_its_new_tasks_when_the_old_node_goes_down():
    # After leave + join, worker-2 is a new node with the same hostname; when the old node is
    # marked down, its tasks must not be sent to the new node's agent (that killed its tasks).
    c = Cluster(seed=7)
    c.docker("service create --mode global --name agent nginx:1.27")
    c.docker("swarm leave", on="worker-2")
    c.run(10)
    token = c.docker("swarm join-token -q worker").stdout.strip()
    assert c.docker(f"swarm join --token {token} 192.168.99.100:2377", on="worker-2").exit_code == 0
    joined = c.sim.now
    c.run(30)
    failed = c.events.query("task.state", since=joined, where=lambda e: e.attrs["state"] == "failed")
    assert failed == []
    daemon = c.daemons["manager-1"]
    assert daemon.service_list(status=True)[0]["ServiceStatus"]["RunningTasks"] == 5


@pytest.mark.parametrize(
    "arg, seconds", [("5", 5), ("1.5", 1.5), ("30s", 30), ("10m", 600), ("2h", 7200), ("1d", 86400), ("1m30s", 90)]
)
def test_sleep_takes_the_suffixes_alpines_sleep_takes(arg, seconds):
    from caasnb.containers.process import sleep_duration
    from caasnb.sim import SECOND

    assert sleep_duration(arg) == round(seconds * SECOND)


def test_an_update_completes_one_monitor_period_after_the_last_batch_and_its_delay():
    # swarmkit's updater: every worker waits Delay after its last slot, then the update
    # watches one more Monitor period before it is marked completed.
    from caasnb.sim import SECOND

    c = Cluster(seed=7)
    c.docker("service create --replicas 4 --name redis --update-delay 10s --update-parallelism 2 redis:3.0.5")
    started = c.sim.now
    c.docker("service update -d --update-monitor 3s --image redis:3.0.7 redis")
    daemon = c.daemons["manager-1"]
    assert c.run(until=lambda c: daemon.service_inspect("redis")["UpdateStatus"]["State"] == "completed", timeout=300)
    running = c.events.query("task.state", since=started, where=lambda e: e.attrs["state"] == "running")
    assert 13 * SECOND <= c.sim.now - max(e.time for e in running) <= 13 * SECOND + SECOND // 2


def _slots_of_spec(daemon, service, image):
    return {
        t["Slot"]
        for t in daemon.task_list()
        if t["ServiceID"] == service and t["Spec"]["ContainerSpec"]["Image"].partition("@")[0] == image  # pinned
    }


def test_max_failure_ratio_counts_failures_over_every_slot_of_the_update():
    # swarmkit updater.go: totalFailures / len(dirtySlots) > MaxFailureRatio — 1/4 is within 0.3, 2/4 is not
    c = Cluster(seed=7)
    c.docker("service create -d --name api --replicas 4 nginx:1.27")
    c.run(10)
    r = c.docker("service update -d --update-max-failure-ratio 0.3 --image busybox:1.36 --entrypoint false api")
    assert r.exit_code == 0, r.stderr
    daemon = c.daemons["manager-1"]
    assert c.run(until=lambda c: daemon.service_inspect("api")["UpdateStatus"]["State"] == "paused", timeout=120)
    service = daemon.service_inspect("api")["ID"]
    assert _slots_of_spec(daemon, service, "busybox:1.36") == {1, 2}


def test_a_rollback_replaces_the_slot_whose_new_task_already_failed():
    c = Cluster(seed=7)
    c.docker("service create -d --name api --replicas 4 --update-delay 2s nginx:1.27")
    c.run(10)
    c.docker("service update -d --update-failure-action rollback --entrypoint false api")
    daemon = c.daemons["manager-1"]
    status = lambda: daemon.service_inspect("api")["UpdateStatus"]["State"]  # noqa: E731
    assert c.run(until=lambda c: status() == "rollback_started", timeout=60)
    started = c.sim.now
    assert c.run(until=lambda c: status() == "rollback_completed", timeout=60)
    from caasnb.sim import SECOND

    assert c.sim.now - started >= 5 * SECOND  # the slot was replaced, then watched for the rollback's Monitor
    slot1 = [t for t in daemon.task_list() if t["Slot"] == 1 and t["DesiredState"] == "running"]
    assert len(slot1) == 1 and "Command" not in slot1[0]["Spec"]["ContainerSpec"]
    assert slot1[0]["Status"]["State"] == "running"


@pytest.mark.parametrize("flags", ["--restart-condition none", "--restart-max-attempts 1 --restart-delay 1s"])
def test_a_task_that_is_not_restarted_ends_with_desired_state_shutdown_and_keeps_its_slot(flags):
    # swarmkit restart.go Restart(): DesiredState = Shutdown, then no new task when shouldRestart says no
    c = Cluster(seed=7)
    c.docker(f"service create -d --name job --replicas 2 {flags} alpine:3.20 sleep 2")
    c.run(30)
    out = c.docker("service ps job --format '{{.Name}} {{.DesiredState}} {{.CurrentState}}'").stdout.splitlines()
    finished = [line.split()[:3] for line in out]
    expected = 2 if "none" in flags else 4
    assert len(finished) == expected
    assert all(state[1:] == ["Shutdown", "Complete"] for state in finished)


def test_docker_without_on_runs_on_a_running_manager_while_the_leaders_machine_is_down():
    c = Cluster(seed=7)
    c.crash("manager-1")
    assert "does not have a leader" in c.docker("node ls").stderr  # manager-2 answers (not a dead socket)
    c.run(30)
    r = c.docker("node ls")
    assert r.exit_code == 0 and "Leader" in r.stdout, r.stderr
