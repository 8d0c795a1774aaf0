"""``--log-driver``/``--log-opt`` checks with Docker 28's messages, at create and at start."""

from __future__ import annotations

import pytest

from caasnb.errors import DockerError, InvalidArgument
from caasnb.observe import ContainerInfo, ContainerLogger, Daemon, LogConfig, check, daemon_default, registered

INFO = ContainerInfo("e" * 64, "web", "nginx")
DEFAULT = daemon_default()


@pytest.mark.parametrize(
    ("driver", "opts", "message"),
    [
        ("json-file", {"x": "1"}, "unknown log opt 'x' for json-file log driver"),
        ("local", {"labels": "a"}, "unknown log opt 'labels' for log driver local"),
        ("journald", {"max-size": "1m"}, "unknown log opt 'max-size' for journald log driver"),
        ("syslog", {"syslog-facility": "nope"}, "invalid syslog facility"),
        ("syslog", {"syslog-format": "json"}, "Invalid syslog format"),
        ("syslog", {"syslog-address": "http://x"}, "unsupported scheme: 'http'"),
        ("gelf", {}, "gelf-address is a required parameter"),
        ("gelf", {"gelf-address": "http://g:1"}, "gelf: endpoint needs to be TCP or UDP"),
        ("gelf", {"gelf-address": "udp://g"}, "gelf: please provide gelf-address as proto://host:port"),
        (
            "gelf",
            {"gelf-address": "tcp://g:1", "gelf-compression-type": "gzip"},
            "compression is only supported on UDP",
        ),
        ("gelf", {"gelf-address": "udp://g:1", "x": "1"}, 'unknown log opt "x" for gelf log driver'),
        ("fluentd", {"fluentd-address": "http://f"}, "invalid fluentd-address (http://f): unsupported scheme: 'http'"),
        ("fluentd", {"fluentd-retry-wait": "5"}, 'time: missing unit in duration "5"'),
        ("awslogs", {}, "must specify a value for log opt 'awslogs-group'"),
        ("awslogs", {"awslogs-group": "g", "awslogs-format": "x"}, "unsupported log format 'x'"),
        ("gcplogs", {"x": "1"}, '"x" is not a valid option for the gcplogs driver'),
        ("splunk", {"x": "1"}, "unknown log opt 'x' for splunk log driver"),
        ("etwlogs", {}, "logger: no log driver named 'etwlogs' is registered"),
        ("nope", {}, "logger: no log driver named 'nope' is registered"),
        ("json-file", {"mode": "fast"}, "logger: logging mode not supported: fast"),
        (
            "json-file",
            {"max-buffer-size": "4m"},
            "logger: max-buffer-size option is only supported with 'mode=non-blocking'",
        ),
        ("json-file", {"cache-disabled": "maybe"}, "invalid value for option cache-disabled: maybe"),
    ],
)
def test_create_time_errors(driver, opts, message):
    with pytest.raises(InvalidArgument) as caught:
        check(LogConfig(driver, opts), DEFAULT)
    assert caught.value.message == message and caught.value.status == 400


def test_accepted_options_pass():
    check(
        LogConfig("json-file", {"max-size": "10m", "max-file": "3", "mode": "non-blocking", "max-buffer-size": "4m"}),
        DEFAULT,
    )
    check(LogConfig("syslog", {"cache-disabled": "false", "syslog-address": "udp://1.2.3.4:514"}), DEFAULT)
    check(LogConfig("none", {"anything": "goes"}), DEFAULT)


@pytest.mark.parametrize(
    ("driver", "opts", "message"),
    [
        ("json-file", {"max-size": "10x"}, "invalid suffix: 'x'"),
        ("json-file", {"max-size": "0"}, "max-size must be a positive number"),
        ("json-file", {"max-file": "0"}, "max-file cannot be less than 1"),
        ("json-file", {"max-file": "two"}, 'strconv.Atoi: parsing "two": invalid syntax'),
        (
            "json-file",
            {"compress": "true", "max-file": "3"},
            "compress cannot be true when max-file is less than 2 or max-size is not set",
        ),
        (
            "json-file",
            {"tag": "{{.Nope}}"},
            'template: log-tag:1:2: executing "log-tag" at <.Nope>: can\'t evaluate field Nope in type *logger.Info',
        ),
        ("local", {"max-file": "1"}, "compression cannot be enabled when max file count is 1"),
        ("local", {"max-size": "big"}, "invalid value for max-size: big: invalid size: 'big'"),
        ("splunk", {"splunk-url": "https://s:8088"}, "splunk: splunk-token is expected"),
        (
            "gcplogs",
            {},
            "No project was specified and couldn't read project from the metadata server. Please specify a project",
        ),
    ],
)
def test_start_time_errors(driver, opts, message):
    merged = check(LogConfig(driver, opts), DEFAULT)
    with pytest.raises(DockerError) as caught:
        ContainerLogger(INFO, merged, Daemon())
    assert caught.value.message == "failed to initialize logging driver: " + message


def test_daemon_default_driver_and_options():
    default = daemon_default("local", {"max-size": "5m", "cache-disabled": "true"})
    assert check(LogConfig(), default) == LogConfig("local", {"max-size": "5m", "cache-disabled": "true"})
    # another driver keeps its own options, but the dual-logging cache options still apply
    assert check(LogConfig("syslog"), default) == LogConfig("syslog", {"cache-disabled": "true"})
    with pytest.raises(InvalidArgument, match="^failed to set log opts: unknown log opt 'x' for json-file log driver$"):
        daemon_default("json-file", {"x": "y"})
    assert DEFAULT == LogConfig("json-file", {})


def test_registered_drivers_per_platform():
    linux = ["awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local", "splunk", "syslog"]
    assert registered("linux") == linux
    assert "etwlogs" in registered("windows") and "journald" not in registered("windows")
