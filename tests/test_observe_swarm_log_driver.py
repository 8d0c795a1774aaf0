"""The swarm's ``TaskDefaults.LogDriver`` (``POST /swarm/update``; the docker CLI 28.2 has no flag for it)
applies to the tasks of services that name no log driver, from the next task created on."""

from __future__ import annotations

import json

from caasnb import Cluster


def _set_default(c: Cluster, driver: dict) -> None:
    engine = c.engine
    swarm = engine.call("manager-1", "GET", "/swarm")
    spec = swarm["Spec"] | {"TaskDefaults": {"LogDriver": driver}}
    response = engine.request("manager-1", "POST", "/swarm/update", {"version": swarm["Version"]["Index"]}, spec)
    assert response.status == 200


def _log_config(c: Cluster, service: str) -> dict:
    task = c.docker(["service", "ps", "-q", "--no-trunc", service]).stdout.split()[0]
    container = c.docker(["inspect", "--format", "{{.Status.ContainerStatus.ContainerID}}", task]).stdout.strip()
    node = c.docker(["inspect", "--format", "{{.NodeID}}", task]).stdout.strip()
    host = c.docker(["node", "inspect", "--format", "{{.Description.Hostname}}", node]).stdout.strip()
    shown = c.docker(["inspect", "--format", "{{json .HostConfig.LogConfig}}", container], on=host).stdout
    return json.loads(shown)


def test_a_service_without_a_log_driver_gets_the_swarm_default():
    c = Cluster(managers=1, workers=1, seed=7)
    _set_default(c, {"Name": "local", "Options": {"max-size": "5m"}})
    c.docker("service create -d --name web nginx:1.27")
    c.docker("service create -d --name own --log-driver json-file --log-opt max-size=1m nginx:1.27")
    c.run(15)
    assert _log_config(c, "web") == {"Type": "local", "Config": {"max-size": "5m"}}
    assert _log_config(c, "own") == {"Type": "json-file", "Config": {"max-size": "1m"}}
    task = c.docker("service ps -q --no-trunc web").stdout.split()[0]
    shown = c.docker(["inspect", "--format", "{{json .LogDriver}}", task]).stdout
    assert json.loads(shown) == {"Name": "local", "Options": {"max-size": "5m"}}


def test_without_a_swarm_default_tasks_use_the_daemon_default():
    c = Cluster(managers=1, workers=0, seed=7)
    c.docker("service create -d --name web nginx:1.27")
    c.run(15)
    assert _log_config(c, "web")["Type"] == "json-file"
    task = c.docker("service ps -q --no-trunc web").stdout.split()[0]
    assert "LogDriver" not in json.loads(c.docker(["inspect", task]).stdout)[0]
