"""The Simian Army: business hours, seeded decisions, and what each monkey does."""

import pytest

from caasnb import Cluster
from caasnb.chaos import BusinessHours, ChaosGorilla, ChaosMonkey, LatencyMonkey
from caasnb.errors import InvalidArgument
from caasnb.sim import HOUR, MINUTE, SECOND

DAY = 24 * HOUR


def test_business_hours_on_the_simulated_calendar():
    hours = BusinessHours()  # 9:00-15:00 UTC, Monday to Friday; t=0 is Wednesday 10:00Z
    assert hours.is_open(0) and hours.is_open(5 * HOUR - 1) and not hours.is_open(5 * HOUR)
    assert hours.after(0, HOUR) == HOUR
    assert hours.after(4 * HOUR, 2 * HOUR) == DAY - HOUR + HOUR  # 1 h today, 1 h from 9:00 Thursday
    assert hours.after(2 * DAY, HOUR) == 2 * DAY + HOUR  # Friday is open too
    assert not BusinessHours(utc_offset_hours=-7).is_open(0)  # 3 a.m. in Los Angeles
    assert BusinessHours(utc_offset_hours=-7).after(0, 0) == 6 * HOUR  # opens at 9:00 PDT = 16:00Z


def test_business_hours_skip_the_weekend():
    hours = BusinessHours()
    friday_close = 2 * DAY + 5 * HOUR  # Friday 15:00Z
    assert not hours.is_open(friday_close)
    assert hours.after(friday_close, MINUTE) == friday_close + 2 * DAY + 18 * HOUR + MINUTE  # Monday 9:01


def test_business_hours_reject_nonsense():
    with pytest.raises(InvalidArgument):
        BusinessHours(start_hour=15, end_hour=9)
    with pytest.raises(InvalidArgument):
        BusinessHours(weekdays=(7,))


def latency_run(seed):
    c = Cluster(managers=3, workers=2, seed=seed)
    monkey = LatencyMonkey(c, mean_time_between="2m", duration="30s")
    monkey.start()
    c.run(20 * 60)
    monkey.stop()
    return c, monkey


def test_the_same_seed_gives_the_same_decisions():
    a, monkey_a = latency_run(3)
    b, monkey_b = latency_run(3)
    assert monkey_a.log == monkey_b.log and len(monkey_a.log) >= 4
    assert a.trace_hash() == b.trace_hash()
    _, monkey_c = latency_run(4)
    assert monkey_c.log != monkey_a.log


def test_latency_monkey_decisions_are_delay_faults_that_heal():
    c, monkey = latency_run(3)
    first = monkey.log[0]
    assert set(first) == {"time", "action", "target", "fault"} and first["action"] == "delay"
    fault = next(f for f in c.chaos.faults if f.id == first["fault"])
    assert fault.kind == "delay" and fault.params() == {"delay": 200_000_000, "jitter": 50_000_000}
    assert fault.describe_target() == first["target"] and "->" in first["target"]
    events = [e for e in c.events.query("chaos.monkey") if e.kind == "chaos.monkey"]  # not .start/.stop
    assert [dict(e.attrs) for e in events] == [{k: v for k, v in d.items() if k != "time"} for d in monkey.log]
    c.run(60)
    assert c.chaos.active == []


def test_a_monkey_only_strikes_in_business_hours():
    c = Cluster(managers=1, workers=1, seed=5)
    monkey = LatencyMonkey(c, mean_time_between="30m", hours=BusinessHours(start_hour=10, end_hour=11))
    monkey.start()
    c.run(30 * HOUR / SECOND)
    assert monkey.log and all(BusinessHours(start_hour=10, end_hour=11).is_open(d["time"]) for d in monkey.log)
    assert {d["time"] // DAY for d in monkey.log} == {0, 1}  # Wednesday and Thursday


def test_chaos_gorilla_takes_a_zone_down():
    c = Cluster(managers=3, workers=2, seed=7)
    gorilla = ChaosGorilla(c, duration="1m")
    assert gorilla.strike() == {"action": "skip", "reason": "no node has a zone label"}
    for host, zone in [("manager-1", "a"), ("worker-1", "a"), ("manager-2", "b"), ("worker-2", "b")]:
        c.docker(f"node update --label-add zone={zone} {host}")
    decision = gorilla.strike(zone="b")
    assert decision == {"action": "zone-down", "target": "b", "fault": "fault-1"}
    assert not c.hosts["manager-2"].up and not c.hosts["worker-2"].up and c.hosts["manager-1"].up
    c.run(90)
    assert all(h.up for h in c.hosts.values())


def test_chaos_monkey_leaves_services_that_did_not_opt_in_alone():
    c = Cluster(managers=1, workers=1, seed=7)
    c.docker("service create -q --name web --replicas 2 nginx:1.27")
    monkey = ChaosMonkey(c)
    assert monkey.strike() == {"action": "skip", "reason": "no service has the label chaos.monkey.enabled=true"}
    c.crash("manager-1")
    assert monkey.strike() == {"action": "skip", "reason": "no swarm leader to list services"}
    assert c.chaos.faults == []


def test_a_monkey_needs_a_positive_mean():
    c = Cluster(managers=1, workers=0, seed=7)
    with pytest.raises(InvalidArgument, match="mean_time_between must be > 0"):
        ChaosMonkey(c, mean_time_between="0s")


def monkey_run(seed):
    c = Cluster(managers=3, workers=2, seed=seed)
    c.docker("service create -q --name web --replicas 4 --label chaos.monkey.enabled=true nginx:1.27")
    c.docker("service create -q --name db --replicas 2 redis:7.2")
    monkey = ChaosMonkey(c, mean_time_between="1m")
    monkey.start()
    c.run(10 * 60)
    monkey.stop()
    c.run(30)  # the last replacement starts
    return c, monkey


def test_chaos_monkey_kills_only_opted_in_tasks_and_the_same_seed_kills_the_same_ones():
    c, monkey = monkey_run(7)
    kills = [d for d in monkey.log if d["action"] == "terminate"]
    assert len(kills) >= 5 and all(d["service"] == "web" and d["target"].startswith("web.") for d in kills)
    died = [e.attrs["name"] for e in c.events.query("container.die") if e.attrs.get("exitCode") == "137"]
    assert died == [d["target"] for d in kills]
    assert c.docker("service ls --format '{{.Name}} {{.Replicas}}'").stdout.split("\n")[:2] == ["db 2/2", "web 4/4"]
    again_cluster, again = monkey_run(7)
    assert again.log == monkey.log and again_cluster.trace_hash() == c.trace_hash()
    _, other = monkey_run(8)
    assert other.log != monkey.log
