"""caasnb.observe — logs, metrics and daemon logs as views of the event log.

* Container logs: :class:`LogHub` feeds ``container.log`` events (:func:`write_output`)
  through the copier to each container's logging driver (json-file, local, journald,
  syslog, gelf, fluentd, awslogs, splunk, gcplogs, etwlogs, in their real record formats,
  delivered to simulated :class:`Collector` s) and answers ``docker logs`` (:class:`LogsOptions`,
  :class:`Follow`) with Docker 28's rules, including the dual-logging cache.
* Log options: :func:`check` (create time, 400) and :class:`ContainerLogger` (start time).
* dockerd's log: :func:`daemon_log`, :func:`logrus_line`.
* Metrics: :class:`MetricsView` (from ``workload.requests``/``container.stats``/``container.die``
  events), :class:`Metrics`, :func:`exposition` (Prometheus text), :func:`stats_row` (``docker stats``).
* What containers do: :class:`Programs` (per host: nginx, redis, application and CPU-burner
  programs writing their log lines and resource samples as events).
* Views for people: ``docker events`` messages and filters (:mod:`.dockerevents`), the three
  log sources as rows (:class:`LogRows`), metric lines with event markers (:mod:`.charts`).
"""

from .charts import event_markers, metric_lines
from .daemonlog import daemon_log, logrus_line
from .drivers import DRIVERS, Collector, Daemon, LogOptError, registered
from .hub import LogHub, write_output
from .logconfig import ContainerLogger, LogConfig, check, daemon_default, validate_log_opts
from .logrows import LogRow, LogRows
from .message import ContainerInfo, LogBatch, LogEntry, PartialMeta
from .metrics import Metrics
from .programs import Programs
from .prometheus import exposition
from .raftlog import raft_id  # importing it adds raft's lines to the daemon log
from .reading import NOT_READABLE, Follow, LogLine, LogsOptions, read_logs
from .stats import ResourceSample, StatsRow, stats_row
from .telemetry import MetricsView, record_requests, record_sample

__all__ = [
    "DRIVERS",
    "NOT_READABLE",
    "Collector",
    "ContainerInfo",
    "ContainerLogger",
    "Daemon",
    "Follow",
    "LogBatch",
    "LogConfig",
    "LogEntry",
    "LogHub",
    "LogLine",
    "LogOptError",
    "LogRow",
    "LogRows",
    "LogsOptions",
    "Metrics",
    "MetricsView",
    "PartialMeta",
    "Programs",
    "raft_id",
    "ResourceSample",
    "StatsRow",
    "check",
    "daemon_default",
    "daemon_log",
    "event_markers",
    "exposition",
    "logrus_line",
    "metric_lines",
    "read_logs",
    "record_requests",
    "record_sample",
    "registered",
    "stats_row",
    "validate_log_opts",
    "write_output",
]
