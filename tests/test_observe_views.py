"""The three log sources as rows, metric lines with event markers, and the widgets over them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.observe.charts import event_markers, metric_lines
from caasnb.observe.logrows import LogRows, application_level
from caasnb.observe.telemetry import record_requests


@pytest.fixture(scope="module")
def cluster():
    cluster = caasnb.Cluster(hosts=1, seed=3)
    daemon = cluster.daemons["host-1"]
    for name, image in (("web", "nginx:1.27"), ("api", "python:3.12")):
        daemon.images.pull(image)
        daemon.containers.start(daemon.containers.create({"Image": image}, name=name)["Id"])
    cluster.run(6)  # one periodic sample each (every 5 s)
    api = daemon.containers.get("api").id
    record_requests(cluster.sim, api, "api", "host-1", [0.01, 0.2], [200, 503])
    cluster.run(2)
    daemon.containers.kill("web")
    cluster.run(2)
    return cluster


@pytest.mark.parametrize(
    ("stream", "line", "level"),
    [
        ("stdout", '{"level":"ERROR","msg":"boom"}', "error"),
        ("stdout", '{"level":"warn"}', "warning"),
        ("stdout", '10.0.0.2 - - [01/May/2024:10:00:03 +0000] "GET / HTTP/1.1" 502 153 "-" "curl/8.5.0" "-"', "error"),
        ("stdout", '10.0.0.2 - - [01/May/2024:10:00:03 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"', "info"),
        ("stderr", "Traceback (most recent call last):", "error"),
        ("stderr", "2024/05/01 10:00:00 [notice] 1#1: nginx/1.27.5", "info"),
    ],
)
def test_application_levels(stream, line, level):
    assert application_level(stream, line) == level


def test_three_sources_side_by_side(cluster):
    rows = LogRows(cluster.events)
    web = cluster.daemons["host-1"].containers.get("web").id
    container_rows, _ = rows.select(sources=["container"])
    assert [row.text for row in container_rows if row.container == "web"] == [
        f"container create {web[:12]} (name=web)",
        f"container start {web[:12]} (name=web)",
        f"container kill {web[:12]} (signal=9)",
        f"container die {web[:12]} (exitCode=137)",
    ]
    daemon_rows, _ = rows.select(sources=["daemon"], search="ignoring event")
    assert [row.text.split(" container=")[1].split()[0] for row in daemon_rows] == [web]
    errors, matched = rows.select(levels=["error"])
    assert matched == 2 and {row.source for row in errors} == {"application", "container"}
    assert all(row.node == "host-1" for row in rows.rows)
    last, matched = rows.select(limit=3)
    assert len(last) == 3 and matched == len(rows.rows) and last == rows.rows[-3:]


def test_rows_catch_up_with_new_events(cluster):
    rows = LogRows(cluster.events)
    before = len(rows.rows)
    cluster.run(1)
    rows.catch_up(cluster.events)
    assert len(rows.rows) >= before


def test_metric_lines_and_markers(cluster):
    lines = {line["name"]: line for line in metric_lines(cluster.metrics, "cpu")}
    assert len(lines) == 2 and all(y >= 0 for line in lines.values() for y in line["y"])
    memory = {line["name"]: line["y"] for line in metric_lines(cluster.metrics, "memory")}
    assert all(8 < value < 10 for value in memory[cluster.daemons["host-1"].containers.get("web").id[:12]])
    requests = metric_lines(cluster.metrics, "requests", by="service")
    assert [(line["name"], sum(line["y"])) for line in requests] == [("api", 2.0)]
    kinds = [m["kind"] for m in event_markers(cluster.events)]
    assert kinds.count("container.start") == 2 and kinds[-2:] == ["container.kill", "container.die"]
    with pytest.raises(ValueError, match="metric must be one of"):
        metric_lines(cluster.metrics, "disk")


def test_widgets_build_their_payloads(cluster):
    from caasnb.widgets import LogView, MetricsView, Timeline

    timeline = Timeline(cluster, hidden_kinds=["container.die"])
    view = LogView(cluster, sources=["container"], levels=["error"], timeline=timeline)
    assert view.lines()[-1].startswith("container die ") and view.view["matched"] == 1
    view.select(view.view["rows"][-1]["i"])
    assert view.selected["kind"] == "container.die" and "container.die" not in timeline.hidden_kinds
    with pytest.raises(TypeError, match="unexpected keyword"):
        LogView(cluster, colour="red")
    chart = MetricsView(cluster, metric="memory")
    assert chart.unit == "memory (MiB)" and len(chart.lines) == 2
    figure = chart.figure()
    assert [trace.name for trace in figure.data][-1] == "events"
    for widget in (timeline, view, chart):
        widget.close()


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 10_000), st.integers(10, 60))
def test_exits_counted_in_metrics_equal_task_failures_in_the_event_log(seed, seconds):
    crashy = caasnb.Cluster(managers=1, workers=1, seed=seed)
    crashy.docker(["service", "create", "-d", "--name", "crashy", "alpine:3.20", "sh", "-c", "exit 3"])
    crashy.run(seconds)
    family = crashy.metrics.metrics.families["container_exits_total"]
    code = family.labels.index("code")
    exits = sum(series.value_at() for key, series in family.series.items() if key[code] == "3")
    failed = crashy.events.query(
        "task.state", where=lambda e: e.attrs["state"] == "failed" and e.attrs["service"] == "crashy"
    )
    in_flight = len(crashy.events.query("container.die")) - len(failed)  # a death the manager has not heard of yet
    assert exits == len(crashy.events.query("container.die"))
    assert 0 <= in_flight <= 1 and len(failed) >= 1


def test_latency_and_error_lines(cluster):
    api = cluster.daemons["host-1"].containers.get("api").id[:12]
    latency = {line["name"]: line for line in metric_lines(cluster.metrics, "latency")}
    assert latency[api]["y"] == [200.0]  # p99 of 10 ms and 200 ms, nearest rank
    errors = {line["name"]: line["y"] for line in metric_lines(cluster.metrics, "errors", by="service")}
    assert errors == {"api": [50.0]}
