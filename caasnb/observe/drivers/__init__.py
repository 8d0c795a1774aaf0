"""The logging drivers a Docker 28 daemon registers, by name.

Linux daemons register awslogs, fluentd, gcplogs, gelf, journald, json-file, local,
splunk and syslog; Windows daemons etwlogs instead of journald (``daemon/logdrivers_*.go``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import awslogs, etwlogs, fluentd, gcplogs, gelf, journald, jsonfile, local, splunk, syslog
from .base import Collector, Daemon, Driver, LogOptError, Options


@dataclass(frozen=True)
class DriverSpec:
    """A registered driver: how to check its options, how to build it, where it exists."""

    name: str
    validate: Callable[[Options], None]
    factory: type[Driver]
    platforms: tuple[str, ...] = ("linux", "windows")


DRIVERS = {
    spec.name: spec
    for spec in (
        DriverSpec(awslogs.NAME, awslogs.validate, awslogs.AWSLogsDriver),
        DriverSpec(etwlogs.NAME, etwlogs.validate, etwlogs.ETWLogsDriver, ("windows",)),
        DriverSpec(fluentd.NAME, fluentd.validate, fluentd.FluentdDriver),
        DriverSpec(gcplogs.NAME, gcplogs.validate, gcplogs.GCPLogsDriver),
        DriverSpec(gelf.NAME, gelf.validate, gelf.GELFDriver),
        DriverSpec(journald.NAME, journald.validate, journald.JournaldDriver, ("linux",)),
        DriverSpec(jsonfile.NAME, jsonfile.validate, jsonfile.JSONFileDriver),
        DriverSpec(local.NAME, local.validate, local.LocalDriver),
        DriverSpec(splunk.NAME, splunk.validate, splunk.SplunkDriver),
        DriverSpec(syslog.NAME, syslog.validate, syslog.SyslogDriver),
    )
}


def registered(platform: str = "linux") -> list[str]:
    """Driver names a daemon on ``platform`` knows, sorted (``docker info``'s Log plugins)."""
    return sorted(name for name, spec in DRIVERS.items() if platform in spec.platforms)


__all__ = ["DRIVERS", "Collector", "Daemon", "Driver", "DriverSpec", "LogOptError", "registered"]
