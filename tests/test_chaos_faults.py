"""The fault catalogue: each fault's effect as docker shows it, its events, and its healing."""

import pytest

from caasnb import Cluster
from caasnb.chaos import FAULTS, catalogue, zones
from caasnb.errors import Conflict, InvalidArgument, NotFound
from caasnb.net import Underlay
from caasnb.observe import daemon_log
from caasnb.sim import MILLISECOND, SECOND, Simulation
from caasnb.workload import contention


@pytest.fixture
def c():
    cluster = Cluster(managers=3, workers=2, seed=7)
    cluster.docker("service create -q --name web --replicas 4 nginx:1.27")
    cluster.run(10)
    return cluster


def node_status(c, host):
    return c.docker(f"node inspect --format '{{{{.Status.State}}}}' {host}").stdout.strip()


def chaos_events(c, since=0):
    return [(e.kind, e.subject, dict(e.attrs)) for e in c.events.query(("chaos.inject", "chaos.heal"), since=since)]


def test_crash_marks_the_node_down_then_it_boots_and_is_ready_again(c):
    start = c.sim.now
    fault = c.chaos.inject("crash", "worker-1", duration="60s")
    assert not c.hosts["worker-1"].up
    c.run(30)
    assert node_status(c, "worker-1") == "down"
    c.run(40)
    assert c.hosts["worker-1"].up and node_status(c, "worker-1") == "ready"
    assert not fault.active and fault.heal_reason == "expired"
    assert chaos_events(c, start) == [
        (
            "chaos.inject",
            "fault-1",
            {"type": "crash", "target": "worker-1", "duration": 60 * SECOND, "host": "worker-1"},
        ),
        ("chaos.heal", "fault-1", {"type": "crash", "target": "worker-1", "reason": "expired", "host": "worker-1"}),
    ]
    assert [e.time - start for e in c.events.query("chaos.heal", since=start)] == [60 * SECOND]


@pytest.mark.parametrize(
    "kind, target, params, error, text",
    [
        ("meltdown", "worker-1", {}, InvalidArgument, "unknown fault kind 'meltdown'"),
        ("crash", "worker-9", {}, NotFound, "no such host: worker-9"),
        ("crash", "worker-1", {"colour": "red"}, InvalidArgument, "fault crash has no parameter 'colour'"),
        ("crash", "worker-1", {"duration": "0s"}, InvalidArgument, "needs a duration > 0"),
        ("crash", "worker-1", {"duration": "soon"}, InvalidArgument, "invalid duration 'soon'"),
        ("delay", "worker-1->worker-1", {}, InvalidArgument, "a link joins two different hosts"),
        ("loss", "worker-1", {"loss": 1.5}, InvalidArgument, "loss must be a fraction between 0 and 1"),
        ("rate", "worker-1", {"rate": "fast"}, InvalidArgument, "tc rate such as 1mbit"),
        ("partition", "worker-1", {}, InvalidArgument, "a partition is a list of groups"),
        ("partition", [["worker-1"], ["worker-1"]], {}, InvalidArgument, "more than one partition group"),
        ("zone", "a", {}, NotFound, "no node has the label zone=a"),
        ("kill", "nosuch", {}, NotFound, "No such container: nosuch"),
    ],
)
def test_a_rejected_fault_changes_nothing(c, kind, target, params, error, text):
    before = (len(c.events), c.trace_hash())
    with pytest.raises(error, match=text.replace("(", r"\(")):
        c.chaos.inject(kind, target, **params)
    assert (len(c.events), c.trace_hash()) == before
    assert c.chaos.faults == []


def test_partition_elects_a_leader_in_the_majority_and_heals(c):
    c.chaos.inject("partition", [["manager-1"]], duration="60s")
    c.run(40)  # swarmkit's election timeouts are seconds long, and a first vote may split
    assert c.swarm.leader in ("manager-2", "manager-3")
    assert c.docker("node ls", on="manager-1").exit_code == 1
    assert c.docker("node ls", on="manager-2").exit_code == 0
    c.run(40)
    assert not any(c.net.blocked(a, b) for a in c.hosts for b in c.hosts if a != b)
    assert c.docker("node ls", on="manager-1").exit_code == 0


def test_netem_faults_add_up_on_a_link_and_give_its_own_settings_back(c):
    own = c.net.link("manager-1", "worker-1").settings()
    slow = c.chaos.inject("delay", "manager-1", delay="50ms", jitter="10ms")
    lossy = c.chaos.inject("loss", "manager-1->worker-1", loss=0.2)
    c.chaos.inject("loss", "manager-1<->worker-1", loss=0.5)
    c.chaos.inject("rate", "manager-1->worker-1", rate="8mbit")
    c.chaos.inject("corrupt", "manager-1->worker-1", corrupt=0.1)
    c.chaos.inject("duplicate", "manager-1->worker-1", duplicate=0.1)
    link = c.net.link("manager-1", "worker-1").settings()
    assert link == {
        "latency": (own["latency"][0] + 50 * MILLISECOND, own["latency"][1] + 50 * MILLISECOND),
        "jitter": 10 * MILLISECOND,
        "loss": 0.6,
        "duplicate": 0.1,
        "corrupt": 0.1,
        "rate": 1_000_000,
    }
    assert c.net.link("worker-1", "manager-1").loss == 0.5
    assert c.net.link("manager-2", "manager-1").settings() == own  # egress only
    c.chaos.heal(lossy)
    assert c.net.link("manager-1", "worker-1").loss == 0.5
    c.chaos.heal(slow)
    assert c.net.link("manager-1", "worker-1").latency == own["latency"]
    c.chaos.heal_all()
    assert c.net.link("manager-1", "worker-1").settings() == own
    assert c.chaos.active == []


def test_underlay_corrupts_and_rate_limits_messages():
    sim = Simulation(1)
    net = Underlay(sim, ["a", "b"], latency=0, trace=True)
    got = []
    net.set_link("a", "b", both=False, rate=1500)  # one 1500-byte message per second
    for n in range(3):
        net.send("a", "b", n, deliver=got.append)
    sim.run()
    assert got == [0, 1, 2]
    assert [e.time for e in sim.events.query("net.deliver")] == [SECOND, 2 * SECOND, 3 * SECOND]
    net.set_link("a", "b", both=False, rate=0, corrupt=1.0)
    net.send("a", "b", "x", deliver=got.append)
    sim.run()
    assert got == [0, 1, 2] and sim.events.query("net.drop")[-1].attrs["reason"] == "corrupt"


def test_a_block_made_by_hand_survives_a_partition_healing(c):
    c.net.block("worker-1", "worker-2")
    c.chaos.inject("isolate", "worker-1", duration="5s")
    c.run(10)
    assert c.net.blocked("worker-1", "worker-2") and not c.net.blocked("worker-1", "manager-1")


def test_clock_skew_beyond_the_certificates_breaks_tls_and_the_node_goes_down(c):
    c.run(until=lambda c: c.now >= 20)
    fault = c.chaos.inject("clock-skew", "worker-2", offset="-1h", duration="60s")
    now = c.sim.now
    assert fault.attrs()["tls_error"] == (
        "x509: certificate has expired or is not yet valid: "
        "current time 2024-05-01T09:00:20Z is before 2024-05-01T09:55:00Z"
    )
    assert c.hosts["worker-2"].wall_ns(now) == c.hosts["worker-1"].wall_ns(now) - 3600 * SECOND
    line = daemon_log(c.events, "worker-2", since=now)[0]
    assert line == (  # stamped by worker-2's own (skewed) clock
        'time="2024-05-01T09:00:20.000000000Z" level=error msg="agent: session failed" backoff=100ms '
        'error="rpc error: code = Unavailable desc = connection error: desc = \\"transport: authentication '
        "handshake failed: x509: certificate has expired or is not yet valid: current time 2024-05-01T09:00:20Z "
        'is before 2024-05-01T09:55:00Z\\"" module=node/agent\n'
    )
    c.run(30)
    assert node_status(c, "worker-2") == "down"
    c.run(45)
    assert node_status(c, "worker-2") == "ready" and c.hosts["worker-2"].clock_offset == 0


def test_a_small_clock_skew_only_moves_the_hosts_clock(c):
    fault = c.chaos.inject("clock-skew", "worker-2", offset="+3m", duration="60s")
    assert "tls_error" not in fault.attrs() and fault.attrs()["offset"] == 180 * SECOND
    c.run(30)
    assert node_status(c, "worker-2") == "ready"
    assert c.hosts["worker-2"].clock_offset == 180 * SECOND


def test_restart_stops_the_engine_and_its_log_shows_the_restart(c):
    since = c.sim.now
    c.chaos.inject("restart", "manager-3", duration="20s")
    assert c.hosts["manager-3"].up and "manager-3" not in c.swarm.group.nodes
    with pytest.raises(Conflict, match="already stopped"):
        c.chaos.inject("restart", "manager-3")
    c.run(25)
    assert "manager-3" in c.swarm.group.nodes
    log = [line.split(" msg=")[1].split('"')[1] for line in daemon_log(c.events, "manager-3", since=since)]
    assert log[:3] == ["Processing signal 'terminated'", "Daemon shutdown complete", "Starting up"]


def test_zone_outage_takes_every_labelled_node_and_overlapping_faults_keep_a_host_down(c):
    c.docker("node update --label-add zone=a worker-1")
    c.docker("node update --label-add zone=a manager-3")
    c.docker("node update --label-add zone=b worker-2")
    assert zones(c) == {"a": ["manager-3", "worker-1"], "b": ["worker-2"]}
    zone = c.chaos.inject("zone", "a", duration="30s")
    crash = c.chaos.inject("crash", "worker-1", duration="60s")
    assert zone.attrs()["hosts"] == ["manager-3", "worker-1"]
    c.run(40)
    assert c.hosts["manager-3"].up and not c.hosts["worker-1"].up
    c.run(30)
    assert c.hosts["worker-1"].up and not crash.active


def test_memory_hog_makes_the_oom_killer_end_containers_until_it_heals(c):
    since = c.sim.now
    c.chaos.inject("memory-hog", "worker-1", duration="20s")
    c.run(30)
    ooms = c.events.query("container.oom", since=since)
    assert ooms and all(e.attrs["host"] == "worker-1" for e in ooms)
    assert all(e.time - since <= 20 * SECOND for e in ooms)
    assert '"task: non-zero exit (137)"' in c.docker("service ps web").stdout
    killed = c.daemons["worker-1"].containers.inspect(ooms[0].subject)["State"]
    assert killed["OOMKilled"] and killed["ExitCode"] == 137
    with pytest.raises(InvalidArgument, match="at most the node's 4294967296 bytes"):
        c.chaos.inject("memory-hog", "worker-1", size="5g")


def test_disk_full_leaves_no_room_until_it_heals(c):
    assert c.hosts["worker-1"].disk_fits(10**9)
    c.chaos.inject("disk-full", "worker-1", duration="10s")
    assert not c.hosts["worker-1"].disk_fits(1) and c.hosts["worker-1"].disk_fits(0)
    with pytest.raises(Conflict, match="already full"):
        c.chaos.inject("disk-full", "worker-1")
    c.run(11)
    assert c.hosts["worker-1"].disk_free is None


def test_disk_full_fails_container_and_log_writes_until_it_heals(c):
    from caasnb.observe import write_output

    c.docker("run -d --name box busybox:1.36 sleep 3600", on="worker-1")
    box = c.daemons["worker-1"].containers.get("box")
    c.chaos.inject("disk-full", "worker-1", duration="10s")
    full = c.docker(["exec", "box", "sh", "-c", "echo hi > /data"], on="worker-1")
    assert (full.exit_code, full.stderr) == (1, "sh: write error: No space left on device\n")
    write_output(c.sim, box.id, "stdout", ["lost line"])
    c.run(1)
    assert c.docker("logs box", on="worker-1").stdout == ""
    said = [line for line in daemon_log(c.events, "worker-1") if "Error writing log message" in line]
    assert len(said) == 1 and "driver=json-file" in said[0] and 'message="lost line"' in said[0]
    assert f"write /var/lib/docker/containers/{box.id}/{box.id}-json.log: no space left on device" in said[0]
    c.run(10)
    assert c.docker(["exec", "box", "sh", "-c", "echo hi > /data"], on="worker-1").exit_code == 0
    write_output(c.sim, box.id, "stdout", ["kept line"])
    c.run(1)
    assert c.docker("logs box", on="worker-1").stdout == "kept line\n"


def test_cpu_hog_slows_the_node_until_it_heals(c):
    c.chaos.inject("cpu-hog", "worker-1", cpus=1.0, duration="10s")
    assert contention(c).inflation("worker-1") == pytest.approx(2.0)
    assert contention(c).inflation("worker-2") == 1.0
    c.run(11)
    assert contention(c).inflation("worker-1") == 1.0


def test_heal_all_heals_every_active_fault_newest_first(c):
    c.chaos.inject("crash", "worker-1", duration="1h")
    c.chaos.inject("delay", "manager-2", duration="1h")
    healed = c.chaos.heal_all()
    assert [f.id for f in healed] == ["fault-2", "fault-1"]
    assert c.chaos.active == [] and c.hosts["worker-1"].up
    with pytest.raises(Conflict, match="fault-1 is not active"):
        c.chaos.heal("fault-1")


def test_the_catalogue_lists_every_kind_with_its_parameters():
    rows = {row["kind"]: row for row in catalogue()}
    assert sorted(rows) == sorted(FAULTS)
    assert rows["delay"]["params"] == {"delay": "100ms", "jitter": "0s"}
    assert rows["kill"]["instant"] and rows["kill"]["target"] == "container"
    assert set(rows) >= {
        "kill",
        "stop",
        "pause",
        "crash",
        "restart",
        "zone",
        "partition",
        "isolate",
        "delay",
        "loss",
        "duplicate",
        "corrupt",
        "rate",
        "cpu-hog",
        "disk-full",
        "clock-skew",
    }


def standalone(c, host="worker-1", name="db", image="redis:7.2"):
    daemon = c.daemons[host]
    daemon.images.pull(image)
    daemon.containers.create({"Image": image}, name=name)
    daemon.containers.start(name)
    c.run(2)
    return daemon.containers


def test_kill_fails_the_task_with_137_and_the_service_replaces_it(c):
    runtime = c.daemons["worker-1"].containers
    name = runtime.list(filters={"label": ["com.docker.swarm.service.name=web"]})[0]["Names"][0].lstrip("/")
    since = c.sim.now
    fault = c.chaos.inject("kill", name)
    assert fault.heal_reason == "instant" and fault.duration == 0
    die = c.events.query("container.die", since=since)[0]
    assert die.attrs["exitCode"] == "137" and die.attrs["name"] == name
    c.run(10)
    tasks = c.docker(f"service ps web --filter name={name.split('.')[0]}.{name.split('.')[1]}").stdout
    assert '"task: non-zero exit (137)"' in tasks and "Running" in tasks
    assert [(k, dict(a)["type"]) for k, _, a in chaos_events(c, since)] == [
        ("chaos.inject", "kill"),
        ("chaos.heal", "kill"),
    ]


def test_pause_freezes_a_container_until_the_fault_heals(c):
    runtime = standalone(c)
    c.chaos.inject("pause", "db", duration="10s")
    assert runtime.get("db").status == "paused"
    with pytest.raises(Conflict, match="is already paused"):
        c.chaos.inject("pause", "db")
    c.run(11)
    assert runtime.get("db").status == "running"


def test_stop_starts_a_standalone_container_again_when_it_heals(c):
    runtime = standalone(c)
    fault = c.chaos.inject("stop", "db", duration="20s", timeout=2)
    assert fault.attrs()["timeout"] == 2 and fault.attrs()["host"] == "worker-1"
    c.run(5)
    assert runtime.get("db").status == "exited"
    c.run(20)
    assert runtime.get("db").status == "running"


@pytest.mark.parametrize(
    "kind, target, params, attrs",
    [
        (
            "delay",
            "manager-1->worker-1",
            {"delay": "150ms", "jitter": "20ms"},
            {"host": "manager-1", "delay": 150_000_000, "jitter": 20_000_000},
        ),
        ("loss", "worker-1<->worker-2", {"loss": 0.25}, {"hosts": ["worker-1", "worker-2"], "loss": 0.25}),
        ("duplicate", "worker-1->worker-2", {"duplicate": 0.5}, {"host": "worker-1", "duplicate": 0.5}),
        ("corrupt", "worker-1->worker-2", {"corrupt": 0.05}, {"host": "worker-1", "corrupt": 0.05}),
        ("rate", "worker-2", {"rate": "500kbps"}, {"host": "worker-2", "rate": 500_000}),
        (
            "partition",
            [["manager-1", "worker-1"]],
            {},
            {"groups": [["manager-1", "worker-1"], ["manager-2", "manager-3", "worker-2"]]},
        ),
        (
            "isolate",
            "worker-2",
            {},
            {"host": "worker-2", "groups": [["worker-2"], ["manager-1", "manager-2", "manager-3", "worker-1"]]},
        ),
        ("cpu-hog", "worker-1", {"cpus": 2}, {"host": "worker-1", "cpus": 2.0}),
        ("memory-hog", "worker-1", {"size": "1g"}, {"host": "worker-1", "size": 1024**3}),
        ("disk-full", "worker-1", {"free": 4096}, {"host": "worker-1", "free": 4096}),
        ("restart", "worker-2", {}, {"host": "worker-2"}),
    ],
)
def test_golden_inject_event_attributes(c, kind, target, params, attrs):
    fault = c.chaos.inject(kind, target, duration="45s", **params)
    event = c.events.query("chaos.inject")[-1]
    assert event.subject == fault.id == "fault-1"
    assert dict(event.attrs) == {"type": kind, "target": fault.describe_target(), "duration": 45 * SECOND} | attrs
