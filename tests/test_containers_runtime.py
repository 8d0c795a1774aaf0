"""The container runtime: lifecycle, STATUS strings, names, restart policies, processes, task containers."""

from __future__ import annotations

import pytest

import caasnb
from caasnb.errors import Conflict, DockerError, NotFound
from caasnb.sim import SECOND


@pytest.fixture
def host():
    c = caasnb.Cluster(hosts=1, seed=7)
    daemon = c.daemons["host-1"]
    for ref in ("nginx:1.27", "alpine", "ubuntu"):
        daemon.images.pull(ref)
    return c, daemon.containers


def run(runtime, image, *cmd, name="", **host_config):
    body = {"Image": image, **({"Cmd": list(cmd)} if cmd else {}), "HostConfig": host_config}
    created = runtime.create(body, name)
    runtime.start(created["Id"])
    return runtime.get(created["Id"])


def test_status_strings_follow_docker_ps(host):
    c, rt = host
    web = run(rt, "nginx:1.27", name="web")
    job = run(rt, "alpine", "sh", "-c", "exit 3", name="job")
    c.run(5)
    assert web.status_text(c.sim.now) == "Up 5 seconds"
    assert job.status_text(c.sim.now) == "Exited (3) 5 seconds ago"
    rt.pause("web")
    c.run(120)
    assert web.status_text(c.sim.now) == "Up 2 minutes (Paused)"
    assert rt.get(rt.create({"Image": "alpine"}, "fresh")["Id"]).status_text(c.sim.now) == "Created"


def test_names_are_unique_with_dockers_conflict_text(host):
    _, rt = host
    web = run(rt, "nginx:1.27", name="web")
    with pytest.raises(Conflict) as error:
        rt.create({"Image": "alpine"}, "web")
    assert str(error.value) == (
        f'Conflict. The container name "/web" is already in use by container "{web.id}". '
        "You have to remove (or rename) that container to be able to reuse that name."
    )
    assert rt.inspect("web")["Name"] == "/web"
    with pytest.raises(NotFound, match="No such container: nope"):
        rt.get("nope")


def test_stop_of_a_pid1_shell_waits_for_the_timeout_and_kills(host):
    c, rt = host
    plain = run(rt, "alpine", "sleep", "1000", name="plain")
    with_init = run(rt, "alpine", "sleep", "1000", name="tini", Init=True)
    rt.stop("plain")
    rt.stop("tini")
    assert (with_init.status, with_init.exit_code) == ("exited", 143)
    assert plain.status == "running"
    c.run(10)
    assert (plain.status, plain.exit_code) == ("exited", 137)
    nginx = run(rt, "nginx:1.27", name="web")
    rt.stop("web")
    assert (nginx.status, nginx.exit_code) == ("exited", 0)  # SIGQUIT is nginx's graceful stop signal


def test_restart_policy_backs_off_like_moby(host):
    c, rt = host
    crashy = run(rt, "alpine", "false", name="crashy", RestartPolicy={"Name": "on-failure", "MaximumRetryCount": 3})
    c.run(10)
    assert (crashy.status, crashy.restart_count, crashy.exit_code) == ("exited", 3, 1)
    starts = [e.time for e in c.events.query("container.start") if e.subject == crashy.id]
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == [SECOND // 10, SECOND // 5, 2 * SECOND // 5]
    always = run(rt, "alpine", "false", name="always", RestartPolicy={"Name": "always"})
    rt.kill("always")
    c.run(5)
    assert always.status == "exited"  # docker kill marks it stopped by hand: no restart


def test_writes_to_the_container_layer_go_with_the_container(host):
    c, rt = host
    box = run(rt, "alpine", "sleep", "100", name="box")
    result = rt.exec("box", ["sh", "-c", "echo hi > /tmp/note; cat /tmp/note; ls /tmp"])
    assert (result.exit_code, result.stdout) == (0, "hi\nnote\n")
    assert box.files.layer == {"/tmp/note": b"hi\n"}
    missing = rt.exec("box", ["nosuch"])
    assert missing.exit_code == 126 and 'exec: "nosuch": executable file not found in $PATH' in missing.stdout


def test_zombies_without_init_and_none_with_it(host):
    c, rt = host
    run(rt, "ubuntu", "sh", "-c", "sleep 1 & exec sleep infinity", name="vm")
    run(rt, "ubuntu", "sh", "-c", "sleep 1 & exec sleep infinity", name="vm2", Init=True)
    c.run(2)
    assert [row[-1] for row in rt.top("vm")["Processes"]] == ["sleep infinity", "[sleep] <defunct>"]
    assert [row[-1] for row in rt.top("vm2")["Processes"]] == [
        "/sbin/docker-init -- sh -c sleep 1 & exec sleep infinity",
        "sleep infinity",
    ]


def test_removed_containers_leave_no_endpoints_or_ports(host):
    c, rt = host
    web = run(rt, "nginx:1.27", name="web", PortBindings={"80/tcp": [{"HostPort": "8080"}]})
    bridge = rt.daemon.networks.controller.find("bridge")
    assert [ep.name for ep in bridge.endpoints.values()] == ["web"]
    with pytest.raises(DockerError, match="Bind for 0.0.0.0:8080 failed: port is already allocated"):
        run(rt, "nginx:1.27", name="web2", PortBindings={"80/tcp": [{"HostPort": "8080"}]})
    rt.remove("web", force=True)
    assert not bridge.endpoints or [ep.name for ep in bridge.endpoints.values()] == []
    assert web.id not in rt.containers
    again = run(rt, "nginx:1.27", name="web3", PortBindings={"80/tcp": [{"HostPort": "8080"}]})
    assert again.status == "running"


def test_killing_a_task_container_fails_the_task_with_137():
    c = caasnb.Cluster(managers=1, workers=0, seed=7)
    c.docker("service create -d --name web nginx:1.27")
    c.run(10)
    rt = c.daemons["manager-1"].containers
    (container,) = rt.containers.values()
    assert container.name.startswith("web.1.") and container.labels["com.docker.swarm.service.name"] == "web"
    rt.kill(container.id)
    c.run(3)
    tasks = c.daemons["manager-1"].task_list()
    failed = [t for t in tasks if t["Status"]["State"] == "failed"]
    assert failed and failed[0]["Status"]["Err"] == "task: non-zero exit (137)"
    assert failed[0]["Status"]["ContainerStatus"]["ContainerID"] == container.id


def test_the_same_session_gives_the_same_trace():
    def session() -> str:
        c = caasnb.Cluster(hosts=1, seed=11)
        for line in ("run -d --name web -P nginx:1.27", "run --rm alpine echo hi", "run -d alpine sleep 5"):
            c.docker(line, on="host-1")
        c.run(10)
        c.docker("rm -f web", on="host-1")
        return c.trace_hash()

    assert session() == session()
