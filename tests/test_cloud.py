"""caasnb.cloud: provisioning is deterministic and lands machines where asked; the cost model adds up."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.cloud import (
    BARE_METAL,
    CONTAINER_KINDS,
    SIZES,
    VIRTUAL_MACHINE,
    Cloud,
    estimate,
    kinds,
    link_latency,
    sweep,
)
from caasnb.errors import InvalidArgument, NotFound
from caasnb.sim import SECOND

ZONES = ["eu-central-a", "eu-central-b", "eu-central-c"]


def provision(seed=7, count=4, size="vm.small", zones=ZONES):
    return Cloud().provision(count, size, zones=zones, seed=seed)


def test_same_seed_same_machines_and_trace():
    a, b = provision(seed=3), provision(seed=3)
    assert [m.boot_time for m in a.machines.values()] == [m.boot_time for m in b.machines.values()]
    assert a.cluster.trace_hash() == b.cluster.trace_hash()
    assert provision(seed=4).cluster.trace_hash() != a.cluster.trace_hash()


def test_machines_are_named_spread_over_zones_in_turn_and_booted_in_range():
    fleet = provision(count=5)
    assert list(fleet.machines) == ["vm-1", "vm-2", "vm-3", "vm-4", "vm-5"]
    assert [m.zone.name for m in fleet.machines.values()] == ZONES + ZONES[:2]
    low, high = VIRTUAL_MACHINE.boot_time
    assert all(low <= m.boot_time <= high for m in fleet.machines.values())
    assert fleet.cluster.sim.now == max(m.boot_time for m in fleet.machines.values())
    running = fleet.cluster.events.query("cloud.running")
    assert sorted(e.subject for e in running) == sorted(fleet.machines)
    assert all(e.time == fleet.machines[e.subject].boot_time for e in running)


def test_bare_metal_takes_minutes_and_is_named_metal():
    fleet = Cloud().provision(2, "metal.medium", seed=1)
    assert list(fleet.machines) == ["metal-1", "metal-2"]
    assert fleet.cluster.now >= BARE_METAL.boot_time[0] / SECOND
    assert fleet.price_per_hour == pytest.approx(2 * SIZES["metal.medium"].price_per_hour)


def test_default_zones_are_the_first_region():
    fleet = Cloud().provision(3, "vm.small", seed=1)
    assert {m.zone.region for m in fleet.machines.values()} == {"eu-central"}


def test_link_latency_grows_with_distance_and_virtualization():
    cloud = Cloud()
    fleet = cloud.provision(4, "vm.small", zones=["eu-central-a", "eu-central-a", "eu-central-b", "us-east-a"], seed=2)
    vm = fleet.machines
    same, cross_zone, cross_region = (link_latency(vm["vm-1"], vm[n]) for n in ("vm-2", "vm-3", "vm-4"))
    assert same[1] < cross_zone[0] and cross_zone[1] < cross_region[0]
    assert same[0] == 200_000 + 2 * VIRTUAL_MACHINE.hop_latency
    assert fleet.cluster.net.link("vm-1", "vm-4").latency == cross_region


def test_init_swarm_forms_the_swarm_and_labels_the_nodes():
    fleet = provision(count=4)
    transcript = fleet.init_swarm(managers=3)
    assert transcript.startswith("vm-1$ docker swarm init --advertise-addr 192.168.99.100\nSwarm initialized")
    c = fleet.cluster
    rows = c.docker("node ls --format '{{.Hostname}} {{.ManagerStatus}}'").stdout.split("\n")
    assert rows[:4] == ["vm-1 Leader", "vm-2 Reachable", "vm-3 Reachable", "vm-4 "]
    labels = c.docker("node inspect --format '{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}} {{end}}' vm-3").stdout
    assert labels.strip() == "instance-type=vm.small machine=vm region=eu-central zone=eu-central-c"


def test_zone_labels_drive_constraints_and_spread():
    fleet = provision(count=6)
    fleet.init_swarm()
    c = fleet.cluster
    c.docker("service create -d --name web --replicas 6 --placement-pref spread=node.labels.zone nginx:1.27")
    c.docker("service create -d --name a --replicas 2 --constraint node.labels.zone==eu-central-a nginx:1.27")
    c.run(30)
    zone_of = {m.name: m.zone.name for m in fleet.machines.values()}
    web = c.docker("service ps web --format '{{.Node}}'").stdout.split()
    assert sorted(zone_of[n] for n in web) == sorted(ZONES * 2)
    assert {zone_of[n] for n in c.docker("service ps a --format '{{.Node}}'").stdout.split()} == {"eu-central-a"}


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: Cloud().provision(0, "vm.small"), InvalidArgument),
        (lambda: Cloud().provision(2, "vm.huge"), NotFound),
        (lambda: Cloud().provision(2, "vm.small", zones=["mars-1a"]), NotFound),
        (lambda: provision(count=2).init_swarm(managers=3), InvalidArgument),
        (lambda: caasnb.Cluster(hosts=["a", "a"]), InvalidArgument),
        (lambda: caasnb.Cluster(hosts=[]), InvalidArgument),
    ],
)
def test_bad_orders_are_refused(call, error):
    with pytest.raises(error):
        call()


def test_named_hosts_make_a_cluster_without_a_swarm():
    c = caasnb.Cluster(hosts=("alpha", "beta"), seed=1)
    assert list(c.hosts) == ["alpha", "beta"] and c.swarm is None


# -- the cost model -----------------------------------------------------------------
def test_estimate_of_docker_containers_on_a_medium_vm():
    e = estimate("docker container", 100, "vm.medium")
    # 4 vCPU less 5 % = 3.8 CPUs / 0.05 per container = 76; memory would allow 256; the kind's limit 500
    assert (e.per_host, e.limited_by, e.hosts) == (76, "cpu", 2)
    assert e.disk_gb_per_host == round((140 + 20 * 76) / 1024, 2)
    assert e.price_per_hour == round(2 * 0.168, 3)
    assert e.price_per_instance_month == round(2 * 0.168 * 730 / 100, 2)


def test_density_limit_caps_a_big_host():
    e = estimate("app container", 5000, "metal.large")
    assert (e.per_host, e.limited_by) == (1000, "density limit")


def test_without_copy_on_write_every_instance_pays_for_the_image():
    full = CONTAINER_KINDS["full system"]
    assert kinds.host_disk_mb(full, 10) == 10 * (full.image_mb + full.writable_mb)
    docker = CONTAINER_KINDS["docker container"]
    assert kinds.host_disk_mb(docker, 10) == docker.image_mb + 10 * docker.writable_mb


def test_hypervisor_overhead_lowers_density():
    heavy = replace(SIZES["vm.medium"], kind=replace(VIRTUAL_MACHINE, cpu_overhead=0.5))
    assert estimate("docker container", 10, heavy).per_host < estimate("docker container", 10, "vm.medium").per_host


def test_a_kind_that_does_not_fit_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        estimate(replace(CONTAINER_KINDS["full system"], memory_mb=10**6), 1, "vm.small")


def test_sweep_is_every_combination():
    rows = sweep(kinds=("app container", "full system"), instance_types=("vm.small",), instances=(1, 10, 100))
    assert len(rows) == 6
    assert [(r["kind"], r["instances"]) for r in rows[:3]] == [("app container", n) for n in (1, 10, 100)]


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(sorted(CONTAINER_KINDS)),
    size=st.sampled_from(sorted(SIZES)),
    instances=st.integers(min_value=1, max_value=20_000),
)
def test_hosts_are_just_enough(kind, size, instances):
    e = estimate(kind, instances, size)
    assert e.hosts == math.ceil(instances / e.per_host)
    assert (e.hosts - 1) * e.per_host < instances <= e.hosts * e.per_host
    assert e.per_host <= CONTAINER_KINDS[kind].density_limit


def test_nodes_report_their_machine_size_and_the_scheduler_respects_it():
    fleet = provision(count=2, size="vm.small")
    fleet.init_swarm()
    c = fleet.cluster
    resources = c.docker(
        "node inspect --format '{{.Description.Resources.NanoCPUs}} {{.Description.Resources.MemoryBytes}}' vm-2"
    )
    assert resources.stdout.strip() == f"2000000000 {4 * 1024**3}"
    assert c.docker("info --format '{{.NCPU}} {{.MemTotal}}'", on="vm-1").stdout.strip() == f"2 {4 * 1024**3}"
    c.docker("service create -d --name big --replicas 3 --reserve-memory 3G nginx:1.27")
    c.run(20)
    states = c.docker("service ps --no-trunc big --format '{{.CurrentState}} {{.Error}}'").stdout.splitlines()
    assert sum(s.startswith("Running") for s in states) == 2
    assert any("insufficient resources" in s for s in states)
