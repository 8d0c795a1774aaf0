"""Service mounts: ``--mount`` reaches ``ContainerSpec.Mounts``, and a stateful task keeps or loses its data.

A ``local`` volume is created on the node the task lands on, so a task rescheduled after a node
crash starts with an empty one; a ``caasnb/nfs`` volume follows the task to any node.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caasnb import Cluster
from caasnb.errors import CLIResult, Unavailable

HOSTS = ["manager-1", "manager-2", "manager-3", "worker-1", "worker-2"]


def running_tasks(cluster: Cluster, manager: str = "manager-1") -> list[tuple[str, str]]:
    """(host, container ID) of each running task of the service, as ``manager`` knows it."""
    daemon = cluster.daemons[manager]
    hosts = {node["ID"]: node["Description"]["Hostname"] for node in daemon.node_list()}
    live = [t for t in daemon.task_list() if t["DesiredState"] == "running" and t["Status"]["State"] == "running"]
    return [(hosts[t["NodeID"]], t["Status"]["ContainerStatus"]["ContainerID"]) for t in live]


def running_task(cluster: Cluster, manager: str = "manager-1") -> tuple[str, str]:
    """(host, container ID) of the service's one running task."""
    (task,) = running_tasks(cluster, manager)
    return task


def moved_off(lost: str, manager: str):
    """A ``Cluster.run`` condition: the task runs again, on another node than ``lost``."""

    def condition(cluster: Cluster) -> bool:
        try:
            return [host for host, _ in running_tasks(cluster, manager)] not in ([], [lost])
        except Unavailable:  # the managers are still electing a leader
            return False

    return condition


def database(driver_option: str, seed: int = 7, placement: str = "--constraint node.role==worker ") -> Cluster:
    cluster = Cluster(seed=seed)
    mount = f"type=volume,source=db-data,target=/data{driver_option}"
    cluster.docker(f"service create -d --name db {placement}--mount {mount} redis:7")
    cluster.run(20)
    return cluster


def test_mount_flags_reach_the_container_spec_as_docker_sends_them():
    cluster = Cluster(seed=7)
    mounts = (
        "--mount type=volume,source=db-data,target=/var/lib/postgresql/data,volume-driver=caasnb/nfs,volume-opt=a=b "
        "--mount type=bind,src=/srv/conf,dst=/etc/conf,readonly,bind-propagation=rslave "
        "--mount type=tmpfs,target=/run/cache,tmpfs-size=64m,tmpfs-mode=1770"
    )
    assert cluster.docker(f"service create -d -q --name db {mounts} postgres:16").exit_code == 0
    shown = cluster.docker("service inspect --format '{{json .Spec.TaskTemplate.ContainerSpec.Mounts}}' db")
    assert json.loads(shown.stdout) == [
        {
            "Type": "volume",
            "Source": "db-data",
            "Target": "/var/lib/postgresql/data",
            "VolumeOptions": {"DriverConfig": {"Name": "caasnb/nfs", "Options": {"a": "b"}}},
        },
        {
            "Type": "bind",
            "Source": "/srv/conf",
            "Target": "/etc/conf",
            "ReadOnly": True,
            "BindOptions": {"Propagation": "rslave"},
        },  # fmt: skip
        {"Type": "tmpfs", "Target": "/run/cache", "TmpfsOptions": {"SizeBytes": 67108864, "Mode": 1016}},
    ]
    pretty = cluster.docker("service inspect --pretty db").stdout
    assert (
        "Mounts:\n Target:\t/var/lib/postgresql/data\n  Source:\tdb-data\n  ReadOnly:\tfalse\n  Type:\t\tvolume\n"
        in pretty
    )


def test_mount_add_replaces_by_target_and_mount_rm_removes_sorted_by_source():
    cluster = Cluster(seed=7)
    cluster.docker("service create -d -q --name db --mount source=b,target=/b --mount source=a,target=/a redis:7")
    cluster.docker(
        "service update -d -q --mount-add source=c,target=/b --mount-add type=tmpfs,target=/t --mount-rm /a db"
    )
    shown = cluster.docker("service inspect --format '{{json .Spec.TaskTemplate.ContainerSpec.Mounts}}' db")
    assert json.loads(shown.stdout) == [
        {"Type": "tmpfs", "Target": "/t"},
        {"Type": "volume", "Source": "c", "Target": "/b"},
    ]


USAGE = "\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
HELP = "Run 'docker service create --help' for more information\n"


@pytest.mark.parametrize(
    ("mount", "err"),
    [
        ("type=foo,target=/x", 'Error response from daemon: invalid MountType: "foo"\n'),
        ("type=bind,target=/x,bind-propagation=up", 'Error response from daemon: invalid MountPropagation: "up"\n'),
        ("source=a", 'invalid argument "source=a" for "--mount" flag: target is required\n' + USAGE + HELP),
        (
            "target=/x,size=1",
            'invalid argument "target=/x,size=1" for "--mount" flag: unexpected key \'size\' in '
            "'size=1'\n" + USAGE + HELP,
        ),  # fmt: skip
        (
            "target=/x,tmpfs-size=1m",
            'invalid argument "target=/x,tmpfs-size=1m" for "--mount" flag: cannot mix '
            "'tmpfs-*' options with mount type 'volume'\n" + USAGE + HELP,
        ),  # fmt: skip
        (
            "target=/x,nocopy",
            'invalid argument "target=/x,nocopy" for "--mount" flag: invalid field \'nocopy\' '
            "must be a key=value pair\n" + USAGE + HELP,
        ),  # fmt: skip
    ],
)
def test_bad_mounts_are_refused_with_dockers_words_and_create_nothing(mount, err):
    cluster = Cluster(seed=7)
    result = cluster.docker(f"service create -d --mount {mount} redis:7")
    assert (result.exit_code, result.stderr) == (1 if "Error response" in err else 125, err)
    assert cluster.docker("service ls -q") == CLIResult(0, "")


def test_two_mounts_on_one_target_are_refused_by_swarmkit():
    result = Cluster(seed=7).docker("service create -d --mount target=/x --mount type=tmpfs,target=/x redis:7")
    assert result.stderr == (
        "Error response from daemon: rpc error: code = InvalidArgument desc = "
        "ContainerSpec: duplicate mount point: /x\n"
    )


@pytest.mark.parametrize(
    ("driver_option", "driver", "after_crash"),
    [
        ("", "local", ("", "cat: can't open '/data/dump.rdb': No such file or directory\n")),
        (",volume-driver=caasnb/nfs", "caasnb/nfs:latest", ("saved\n", "")),
    ],
)
def test_a_rescheduled_database_task_loses_local_data_and_keeps_network_data(driver_option, driver, after_crash):
    cluster = database(driver_option)
    host, container = running_task(cluster)
    written = cluster.docker(f"exec {container[:12]} sh -c 'echo saved > /data/dump.rdb'", on=host)
    assert written.exit_code == 0
    inspect = cluster.docker(f"inspect --format '{{{{json .Mounts}}}}' {container[:12]}", on=host)
    (mount,) = json.loads(inspect.stdout)
    assert (mount["Name"], mount["Driver"], mount["Destination"]) == ("db-data", driver, "/data")
    assert mount["Source"] == cluster.daemons[host].volumes.get("db-data").mountpoint
    cluster.crash(host)
    cluster.run(30)
    new_host, new_container = running_task(cluster)
    assert new_host != host
    read = cluster.docker(f"exec {new_container[:12]} cat /data/dump.rdb", on=new_host)
    assert (read.stdout, read.stderr) == after_crash


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 50), victim=st.sampled_from(["the task's node", *HOSTS]))
def test_network_volume_data_survives_any_single_node_loss(seed, victim):
    """Whichever node crashes (often the one the task runs on), the task then reads what was written."""
    cluster = database(",volume-driver=caasnb/nfs", seed=seed, placement="")
    host, container = running_task(cluster)
    cluster.docker(f"exec {container[:12]} sh -c 'echo row-1 > /data/table'", on=host)
    lost = host if victim == "the task's node" else victim
    cluster.crash(lost)
    manager = "manager-2" if lost == "manager-1" else "manager-1"
    cluster.run(until=moved_off(lost, manager), timeout=120)
    host, container = running_task(cluster, manager)
    assert cluster.docker(f"exec {container[:12]} cat /data/table", on=host).stdout == "row-1\n"
