"""``docker logs`` on a simulated daemon: what can be read, which lines, how they print."""

from __future__ import annotations

import pytest

from caasnb.errors import ClientError, InvalidArgument, NotImplementedByDaemon
from caasnb.observe import ContainerInfo, LogConfig, LogHub, check, write_output
from caasnb.observe.copier import BUFFER_SIZE
from caasnb.observe.reading import tail_count
from caasnb.sim import SECOND, Simulation

CID = "d" * 64


def hub_with(driver: str, opts: dict | None = None, labels: dict | None = None) -> tuple[Simulation, LogHub]:
    sim = Simulation(3)
    hub = LogHub(sim)
    info = ContainerInfo(CID, "web", "nginx:1.27", labels=labels or {})
    hub.start(info, check(LogConfig(driver, opts or {}), hub.default))
    for second in range(1, 11):  # line-1 .. line-10, one a second; line-k at k s; errors on stderr every 5 s
        sim.run(until=second * SECOND)
        write_output(sim, CID, "stdout", [f"line-{second}"])
        if second % 5 == 0:
            write_output(sim, CID, "stderr", [f"err-{second}"])
    return sim, hub


def texts(lines) -> list[str]:
    return [line.text for line in lines]


@pytest.mark.parametrize("driver", ["json-file", "local", "journald", "syslog", "fluentd"])
def test_every_readable_path_returns_the_lines(driver):
    _, hub = hub_with(driver)
    lines = hub.logs(CID)
    assert texts(lines)[:3] == ["line-1\n", "line-2\n", "line-3\n"]
    assert [(line.stream, line.text) for line in lines if line.stream == "stderr"] == [
        ("stderr", "err-5\n"),
        ("stderr", "err-10\n"),
    ]
    assert len(lines) == 12


def test_tail():
    _, hub = hub_with("json-file")
    assert texts(hub.logs(CID, tail="2")) == ["line-10\n", "err-10\n"]
    assert hub.logs(CID, tail="0") == []
    assert len(hub.logs(CID, tail="all")) == len(hub.logs(CID, tail="nonsense")) == 12
    assert tail_count("all") == -1 and tail_count("-3") == -3 and tail_count("12") == 12


def test_since_until_timestamps_and_relative_durations():
    _, hub = hub_with("json-file")
    window = hub.logs(CID, since="2024-05-01T10:00:03Z", until="2024-05-01T10:00:05Z", timestamps=True)
    assert texts(window) == [
        "2024-05-01T10:00:03.000000000Z line-3\n",
        "2024-05-01T10:00:04.000000000Z line-4\n",
        "2024-05-01T10:00:05.000000000Z line-5\n",
        "2024-05-01T10:00:05.000000000Z err-5\n",
    ]
    assert texts(hub.logs(CID, since="3s")) == ["line-7\n", "line-8\n", "line-9\n", "line-10\n", "err-10\n"]
    assert texts(hub.logs(CID, since="1714557608")) == ["line-8\n", "line-9\n", "line-10\n", "err-10\n"]
    # json-file applies --tail first, then the time window: the last 3 lines are all after --until
    assert hub.logs(CID, tail="3", until="2024-05-01T10:00:05Z") == []


def test_journald_counts_the_tail_back_from_until():
    _, hub = hub_with("journald")
    assert texts(hub.logs(CID, tail="2", until="2024-05-01T10:00:05Z")) == ["line-5\n", "err-5\n"]
    assert texts(hub.logs(CID, tail="2")) == ["line-10\n", "err-10\n"]


def test_bad_since_is_the_clients_error():
    _, hub = hub_with("json-file")
    with pytest.raises(ClientError, match=r'^failed to parse value as time or duration: "yesterday"$'):
        hub.logs(CID, since="yesterday")
    with pytest.raises(ClientError, match=r'^parsing time "2024-13-01": month out of range$'):
        hub.logs(CID, since="2024-13-01")


def test_details_prints_attributes_query_escaped():
    _, hub = hub_with("json-file", {"labels": "team", "tag": "a b"}, labels={"team": "blue&green"})
    assert texts(hub.logs(CID, details=True, tail="1")) == ["tag=a+b,team=blue%26green err-10\n"]
    _, plain = hub_with("json-file")
    assert texts(plain.logs(CID, details=True, tail="1")) == [" err-10\n"]


def test_stream_selection():
    _, hub = hub_with("json-file")
    assert texts(hub.logs(CID, stdout=False)) == ["err-5\n", "err-10\n"]
    with pytest.raises(InvalidArgument, match="You must choose at least one stream"):
        hub.logs(CID, stdout=False, stderr=False)


@pytest.mark.parametrize(
    ("driver", "opts"),
    [
        ("none", {}),
        ("syslog", {"cache-disabled": "true"}),
        ("gelf", {"gelf-address": "udp://g:12201", "cache-disabled": "1"}),
    ],
)
def test_unreadable_logs(driver, opts):
    _, hub = hub_with(driver, opts)
    with pytest.raises(NotImplementedByDaemon, match="^configured logging driver does not support reading$") as caught:
        hub.logs(CID)
    assert caught.value.status == 501


def test_dual_logging_cache_is_announced_in_the_event_log():
    sim, hub = hub_with("syslog")
    (start,) = sim.events.query(kind="logger.start")
    assert dict(start.attrs) == {"host": "localhost", "driver": "syslog", "cache": True}
    assert hub.loggers[CID].cache.file.path.endswith(f"{CID}/container-cached.log")
    assert len(hub.daemon.collector("/dev/log")) == 12


def test_follow_yields_new_lines_as_the_simulation_writes_them():
    sim, hub = hub_with("json-file")
    follow = hub.follow(CID, tail="1", until="2024-05-01T10:00:12Z")
    assert texts(follow) == ["err-10\n"]
    assert list(follow) == []
    for second in (11, 12, 13):
        sim.run(until=second * SECOND)
        write_output(sim, CID, "stdout", [f"line-{second}"])
    assert texts(follow) == ["line-11\n", "line-12\n"]
    assert follow.done


def test_follow_ends_when_the_container_stops():
    sim, hub = hub_with("local")
    follow = hub.follow(CID, tail="0")
    write_output(sim, CID, "stdout", ["last words"])
    hub.stop(CID)
    write_output(sim, CID, "stdout", ["never logged"])
    assert texts(follow) == ["last words\n"] and follow.done
    assert texts(hub.logs(CID, tail="1")) == ["last words\n"]


def test_long_lines_are_cut_into_partial_messages_and_read_back_whole():
    sim, hub = hub_with("json-file")
    long_line = "x" * (BUFFER_SIZE * 2 + 10)
    write_output(sim, CID, "stdout", [long_line, "short"])
    groups = hub.loggers[CID].driver.file.select(tail=4)
    first, second, last, short = [record for _, group in groups for record in group]
    assert first == second == '{"log":"' + "x" * BUFFER_SIZE + '","stream":"stdout","time":"2024-05-01T10:00:10Z"}'
    assert last.startswith('{"log":"' + "x" * 10 + '\\n"') and '"log":"short\\n"' in short
    assert "".join(texts(hub.logs(CID, tail="4"))) == long_line + "\nshort\n"


def test_unknown_container():
    _, hub = hub_with("json-file")
    with pytest.raises(Exception, match="No such container: nope"):
        hub.logs("nope")


def test_same_seed_same_trace():
    first, _ = hub_with("journald")
    second, _ = hub_with("journald")
    assert first.trace_hash() == second.trace_hash()
