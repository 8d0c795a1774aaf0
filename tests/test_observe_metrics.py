"""Metrics: the time-series store, Prometheus text exposition, docker stats values."""

from __future__ import annotations

import math

import pytest

from caasnb.observe import Metrics, MetricsView, ResourceSample, exposition, record_requests, record_sample, stats_row
from caasnb.sim import SECOND, Simulation

MIB = 1024 * 1024


def store() -> Metrics:
    metrics = Metrics()
    requests = metrics.counter("http_requests_total", "Requests served.\nBy code.", ("code", "service"))
    requests.inc(1 * SECOND, 3, code="200", service="web")
    requests.inc(2 * SECOND, 1_000_000, code="200", service="web")
    requests.inc(2 * SECOND, 2, code="500", service='we"b\\')
    metrics.gauge("up", "Is it up?").set(0, 1)
    latency = metrics.histogram("latency_seconds", "Latency.", ("service",), buckets=(0.1, 0.5, 1))
    latency.observe(1 * SECOND, [0.05, 0.2, 0.2, 0.7, 3.0], service="web")
    metrics.counter("unused_total", "Never incremented.")
    return metrics


def test_exposition_text():
    assert exposition(store()) == (
        "# HELP http_requests_total Requests served.\\nBy code.\n"
        "# TYPE http_requests_total counter\n"
        'http_requests_total{code="200",service="web"} 1.000003e+06\n'
        'http_requests_total{code="500",service="we\\"b\\\\"} 2\n'
        "# HELP latency_seconds Latency.\n"
        "# TYPE latency_seconds histogram\n"
        'latency_seconds_bucket{service="web",le="0.1"} 1\n'
        'latency_seconds_bucket{service="web",le="0.5"} 3\n'
        'latency_seconds_bucket{service="web",le="1"} 4\n'
        'latency_seconds_bucket{service="web",le="+Inf"} 5\n'
        'latency_seconds_sum{service="web"} 4.15\n'
        'latency_seconds_count{service="web"} 5\n'
        "# HELP up Is it up?\n"
        "# TYPE up gauge\n"
        "up 1\n"
    )
    assert 'code="200",service="web"} 3\n' in exposition(store(), at=1 * SECOND)


def test_exposition_parses_back():
    parser = pytest.importorskip("prometheus_client.parser")
    families = {f.name: f for f in parser.text_string_to_metric_families(exposition(store()))}
    assert families["http_requests"].type == "counter"
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families.values() for s in f.samples}
    assert samples[("http_requests_total", (("code", "500"), ("service", 'we"b\\')))] == 2
    assert samples[("latency_seconds_bucket", (("le", "+Inf"), ("service", "web")))] == 5
    assert families["http_requests"].documentation == "Requests served.\nBy code."


def test_queries():
    metrics = store()
    assert metrics.value("http_requests_total", service="web") == 1_000_003
    assert metrics.rate("http_requests_total", SECOND, 2 * SECOND, service="web") == 1_000_000
    assert metrics.ratio("http_requests_total", "http_requests_total", 2 * SECOND, 2 * SECOND, {"code": "500"}) == (
        pytest.approx(2 / 1_000_005)
    )
    assert metrics.quantile("latency_seconds", 0.5) == 0.2
    assert metrics.quantile("latency_seconds", 1.0) == 3.0
    assert metrics.bucket_quantile("latency_seconds", 0.5) == pytest.approx(0.1 + 0.4 * (2.5 - 1) / 2)
    assert math.isnan(metrics.quantile("latency_seconds", 0.5, since=5 * SECOND))
    rows = metrics.rows("up")
    assert rows == [{"metric": "up", "kind": "gauge", "time": 0.0, "value": 1.0}]


def test_stats_values():
    before = ResourceSample(0, 1_000_000_000, 100_000_000_000, 2, 0, 0)
    after = ResourceSample(
        SECOND,
        cpu_usage=1_500_000_000,
        system_usage=102_000_000_000,
        online_cpus=2,
        memory_usage=20 * MIB,
        memory_limit=2087354368,
        memory_inactive_file=round(7.7 * MIB),
        rx_bytes=1500,
        tx_bytes=648,
        blk_write=4_096_000,
        pids=3,
    )
    row = stats_row("a" * 64, "/web.1.x", before, after)
    assert (row.container, row.name, row.cpu_perc, row.mem_usage, row.mem_perc) == (
        "aaaaaaaaaaaa",
        "web.1.x",
        "50.00%",
        "12.3MiB / 1.944GiB",
        "0.62%",
    )
    assert (row.net_io, row.block_io, row.pids) == ("1.5kB / 648B", "0B / 4.1MB", "3")
    idle = stats_row("a" * 64, "web", after, after)
    assert idle.cpu_perc == "0.00%"


def test_metrics_view_follows_events():
    sim = Simulation(5)
    record_requests(sim, "c" * 64, "web", "worker-1", [0.01, 0.02, 0.5], [200, 200, 503])
    view = MetricsView(sim)  # catches up with what already happened
    sim.run(until=SECOND)
    record_requests(sim, "c" * 64, "web", "worker-1", [0.03], [200])
    assert view.metrics.value("http_requests_total", code="200") == 3
    assert view.metrics.ratio("http_requests_total", "http_requests_total", 2 * SECOND, SECOND, {"code": "503"}) == 0.25
    sample = ResourceSample(0, 2 * SECOND, 40 * SECOND, 4, 64 * MIB, 1024 * MIB, pids=5)
    record_sample(sim, "c" * 64, "web", "worker-1", sample)
    sim.run(until=2 * SECOND)
    record_sample(
        sim, "c" * 64, "web", "worker-1", ResourceSample(0, 3 * SECOND, 44 * SECOND, 4, 64 * MIB, 1024 * MIB, pids=6)
    )
    assert view.stats("c" * 64, "web").cpu_perc == "100.00%"
    assert view.metrics.value("container_cpu_usage_seconds_total") == 3.0
    assert view.metrics.value("container_pids") == 6
    assert "container_memory_usage_bytes" in exposition(view.metrics)
