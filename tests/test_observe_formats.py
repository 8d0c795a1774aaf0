"""Golden records: each logging driver's output byte for byte (the Go encodings under them: tests/test_golang_*)."""

from __future__ import annotations

import json
import struct

import pytest

from caasnb.observe import ContainerInfo, LogBatch, PartialMeta
from caasnb.observe.drivers import Daemon
from caasnb.observe.drivers.awslogs import AWSLogsDriver
from caasnb.observe.drivers.etwlogs import ETWLogsDriver
from caasnb.observe.drivers.fluentd import FluentdDriver
from caasnb.observe.drivers.gcplogs import GCPLogsDriver
from caasnb.observe.drivers.gelf import GELFDriver
from caasnb.observe.drivers.journald import JournaldDriver, journal_key
from caasnb.observe.drivers.jsonfile import JSONFileDriver
from caasnb.observe.drivers.local import LocalDriver, encode_entry
from caasnb.observe.drivers.splunk import SplunkDriver
from caasnb.observe.drivers.syslog import SyslogDriver
from caasnb.observe.logtag import TagError, render_tag
from caasnb.sim import EPOCH_NS

CID = "3f2a1b4c5d6e" + "7" * 52
T = 123_456_789  # 2024-05-01T10:00:00.123456789Z
INFO = ContainerInfo(
    CID,
    "/web.1.k3j5l2m9x8w7v6u5t4s3r2q1p",
    "nginx:1.27",
    image_id="sha256:" + "a" * 64,
    entrypoint="nginx",
    args=("-g", "daemon off;"),
    env=("LANG=C", "TIER=front"),
    labels={"com.example.team": "blue"},
)


def daemon() -> Daemon:
    return Daemon(
        hostname="manager-1", address="10.0.0.2", pid=4242, new_id=lambda: "e" * 64, ephemeral_port=lambda: 41234
    )


def records(driver, *batches) -> list:
    for batch in batches:
        driver.log(batch)
    return driver.destination.records


def test_log_tag_templates():
    assert render_tag("{{.ID}}", INFO) == "3f2a1b4c5d6e"
    assert (
        render_tag("{{.Name}}/{{.ImageName}}/{{.DaemonName}}", INFO)
        == "web.1.k3j5l2m9x8w7v6u5t4s3r2q1p/nginx:1.27/docker"
    )
    assert render_tag("{{.FullID}}", INFO) == CID
    assert render_tag("{{.ImageID}}|{{.Command}}", INFO) == "sha256:aaaaa|nginx -g daemon off;"
    assert render_tag('{{join (split .Name ".") "-"}}', INFO) == "web-1-k3j5l2m9x8w7v6u5t4s3r2q1p"
    assert render_tag("{{truncate (.Name | upper) 5}}", INFO) == "WEB.1"
    with pytest.raises(TagError, match="wrong type"):
        render_tag("{{.Name | truncate 5}}", INFO)  # the piped value is the last argument, as in Go
    with pytest.raises(
        TagError, match=r'^template: log-tag:1:6: executing "log-tag" at <\.Nope>: can\'t evaluate field Nope'
    ):
        render_tag("app-{{.Nope}}", INFO)
    with pytest.raises(TagError, match="unclosed action"):
        render_tag("{{.ID", INFO)


# -- drivers -------------------------------------------------------------------------------
def test_json_file_record_is_byte_exact():
    driver = JSONFileDriver(INFO, {}, daemon())
    chunk = driver.encode(LogBatch("stdout", T, ["hello"]))
    assert chunk.data == '{"log":"hello\\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}\n'
    chunk = driver.encode(LogBatch("stderr", 500_000_000, ['a "b" <c>\t', "é\u2028"]))
    assert chunk.data == (
        '{"log":"a \\"b\\" \\u003cc\\u003e\\u0009\\n","stream":"stderr","time":"2024-05-01T10:00:00.5Z"}\n'
        '{"log":"é\\u2028\\n","stream":"stderr","time":"2024-05-01T10:00:00.5Z"}\n'
    )
    assert chunk.nbytes == len(chunk.data.encode())


def test_json_file_attrs_and_partial():
    opts = {"labels": "com.example.team", "env": "TIER", "tag": "{{.Name}}"}
    driver = JSONFileDriver(INFO, opts, daemon())
    chunk = driver.encode(LogBatch("stdout", 0, ["x" * 3], PartialMeta("e" * 64, 1, False)))
    assert chunk.data == (
        '{"log":"xxx","stream":"stdout","attrs":{"TIER":"front","com.example.team":"blue",'
        '"tag":"web.1.k3j5l2m9x8w7v6u5t4s3r2q1p"},"time":"2024-05-01T10:00:00Z"}\n'
    )


def test_local_entry_is_framed_protobuf():
    frame = encode_entry("stdout", EPOCH_NS + T, b"hi", None)
    proto = b"\x0a\x06stdout" + b"\x10" + _varint(EPOCH_NS + T) + b"\x1a\x02hi"
    assert frame == struct.pack(">I", len(proto)) + proto + struct.pack(">I", len(proto))
    partial = encode_entry("stderr", 1, b"", PartialMeta("ab", 2, True))
    assert partial[4:-4] == b"\x0a\x06stderr\x10\x01\x20\x01\x2a\x08\x08\x01\x12\x02ab\x18\x02"
    driver = LocalDriver(INFO, {}, daemon())
    driver.log(LogBatch("stdout", T, ["hi"]))
    assert driver.file.path.endswith(f"{CID}/local-logs/container.log")
    assert driver.read(-1, None, None)[0].text == "hi\n"


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    return bytes(out + bytes([value]))


def test_journald_fields():
    driver = JournaldDriver(INFO, {"labels": "com.example.team"}, daemon())
    entries = driver.journal.records
    driver.log(LogBatch("stderr", T, ["boom", "again"]))
    assert entries[0] == {
        "__REALTIME_TIMESTAMP": "1714557600123456",
        "_PID": "4242",
        "_COMM": "dockerd",
        "_HOSTNAME": "manager-1",
        "_TRANSPORT": "journal",
        "CONTAINER_ID": "3f2a1b4c5d6e",
        "CONTAINER_ID_FULL": CID,
        "CONTAINER_NAME": "web.1.k3j5l2m9x8w7v6u5t4s3r2q1p",
        "CONTAINER_TAG": "3f2a1b4c5d6e",
        "IMAGE_NAME": "nginx:1.27",
        "SYSLOG_IDENTIFIER": "3f2a1b4c5d6e",
        "CONTAINER_LOG_EPOCH": "e" * 64,
        "COM_EXAMPLE_TEAM": "blue",
        "SYSLOG_TIMESTAMP": "2024-05-01T10:00:00.123456789Z",
        "CONTAINER_LOG_ORDINAL": "1",
        "MESSAGE": "boom",
        "PRIORITY": "3",
    }
    assert entries[1]["CONTAINER_LOG_ORDINAL"] == "2"
    assert journal_key("_com.example-Key") == "COM_EXAMPLE_KEY"


@pytest.mark.parametrize(
    ("opts", "expected"),
    [
        ({}, "<30>May  1 10:00:00 3f2a1b4c5d6e[4242]: hello\n"),
        ({"syslog-format": "rfc3164"}, "<30>May  1 10:00:00 localhost 3f2a1b4c5d6e[4242]: hello\n"),
        (
            {"syslog-format": "rfc5424", "syslog-address": "udp://10.0.0.9"},
            "<30>1 2024-05-01T10:00:00Z 10.0.0.2:41234 3f2a1b4c5d6e 4242 3f2a1b4c5d6e - hello\n",
        ),
        (
            {"syslog-format": "rfc5424micro", "syslog-address": "udp://10.0.0.9:514", "tag": "web"},
            "<30>1 2024-05-01T10:00:00.123456Z 10.0.0.2:41234 web 4242 web - hello\n",
        ),
        ({"syslog-facility": "local0", "tag": "web"}, "<134>May  1 10:00:00 web[4242]: hello\n"),
        (
            {"syslog-format": "rfc5424", "syslog-address": "tcp+tls://logs:6514", "tag": "w"},
            "59 <30>1 2024-05-01T10:00:00Z 10.0.0.2:41234 w 4242 w - hello\n",
        ),
    ],
)
def test_syslog_formats(opts, expected):
    driver = SyslogDriver(INFO, opts, daemon())
    assert records(driver, LogBatch("stdout", T, ["hello", ""])) == [expected]


def test_syslog_stderr_priority_and_destination():
    driver = SyslogDriver(INFO, {"syslog-address": "tcp://logs"}, daemon())
    assert records(driver, LogBatch("stderr", 0, ["x"]))[0].startswith("<27>")
    assert driver.destination.address == "tcp://logs:514"


def test_gelf_message():
    driver = GELFDriver(INFO, {"gelf-address": "udp://graylog:12201", "env": "TIER"}, daemon())
    (message,) = records(driver, LogBatch("stdout", T, ["hello <b>", ""]))
    assert message == (
        '{"version":"1.1","host":"manager-1","short_message":"hello \\u003cb\\u003e","timestamp":1714557600.123,'
        '"level":6,"_TIER":"front","_command":"nginx -g daemon off;","_container_id":"' + CID + '",'
        '"_container_name":"web.1.k3j5l2m9x8w7v6u5t4s3r2q1p","_created":"2024-05-01T10:00:00Z",'
        '"_image_id":"sha256:' + "a" * 64 + '","_image_name":"nginx:1.27","_tag":"3f2a1b4c5d6e"}'
    )
    assert json.loads(message)["level"] == 6


def test_fluentd_record():
    driver = FluentdDriver(INFO, {"fluentd-address": "fluent:24224"}, daemon())
    (event,) = records(driver, LogBatch("stderr", T, ["oops"]))
    assert event == (
        "3f2a1b4c5d6e",
        1714557600,
        {"container_id": CID, "container_name": "/web.1.k3j5l2m9x8w7v6u5t4s3r2q1p", "source": "stderr", "log": "oops"},
    )
    assert driver.destination.address == "tcp://fluent:24224"
    precise = FluentdDriver(INFO, {"fluentd-sub-second-precision": "true"}, daemon())
    partial = records(precise, LogBatch("stdout", T, ["x"], PartialMeta("p" * 64, 1, False)))[0]
    assert partial[1] == (1714557600, 123456789)
    assert partial[2]["partial_message"] == "true" and partial[2]["partial_last"] == "false"
    assert precise.destination.address == "tcp://127.0.0.1:24224"


def test_awslogs_events():
    driver = AWSLogsDriver(INFO, {"awslogs-group": "app"}, daemon())
    assert records(driver, LogBatch("stdout", T, ["a", "b"])) == [
        {"timestamp": 1714557600123, "message": "a"},
        {"timestamp": 1714557600123, "message": "b"},
    ]
    assert driver.destination.address == f"app/{CID}"
    multi = AWSLogsDriver(INFO, {"awslogs-group": "app", "awslogs-multiline-pattern": "^INFO"}, daemon())
    lines = ["INFO start", "  at frame 1", "INFO next"]
    assert [e["message"] for e in records(multi, LogBatch("stdout", 0, lines))] == [
        "INFO start\n  at frame 1\n",
        "INFO next\n",
    ]


def test_splunk_event():
    opts = {"splunk-url": "https://splunk:8088", "splunk-token": "t", "splunk-index": "main"}
    driver = SplunkDriver(INFO, opts, daemon())
    (event,) = records(driver, LogBatch("stdout", T, ["hi & bye"]))
    assert event == (
        '{"event":{"line":"hi \\u0026 bye","source":"stdout","tag":"3f2a1b4c5d6e"},'
        '"time":"1714557600.123457","host":"manager-1","index":"main"}'
    )
    assert driver.destination.address == "https://splunk:8088/services/collector/event/1.0"
    raw = SplunkDriver(INFO, {**opts, "splunk-format": "raw", "tag": "web"}, daemon())
    assert json.loads(records(raw, LogBatch("stdout", 0, ["x", " "]))[0])["event"] == "web x"
    as_json = SplunkDriver(INFO, {**opts, "splunk-format": "json"}, daemon())
    assert records(as_json, LogBatch("stdout", 0, ['{"a":1}']))[0].startswith('{"event":{"line":{"a":1},')


def test_gcplogs_entry():
    driver = GCPLogsDriver(INFO, {"gcp-project": "proj", "gcp-meta-zone": "europe-west1-b"}, daemon())
    (entry,) = records(driver, LogBatch("stderr", T, ["x"]))
    assert entry == {
        "timestamp": "2024-05-01T10:00:00.123456789Z",
        "jsonPayload": {
            "instance": {"zone": "europe-west1-b"},
            "container": {
                "name": "/web.1.k3j5l2m9x8w7v6u5t4s3r2q1p",
                "id": CID,
                "imageName": "nginx:1.27",
                "imageId": "sha256:" + "a" * 64,
                "created": "2024-05-01T10:00:00Z",
            },
            "message": "x",
        },
    }


def test_etwlogs_string():
    driver = ETWLogsDriver(INFO, {}, daemon())
    assert records(driver, LogBatch("stdout", 0, ["hi"])) == [
        f"container_name: web.1.k3j5l2m9x8w7v6u5t4s3r2q1p, image_name: nginx:1.27, container_id: {CID}, "
        f"image_id: sha256:{'a' * 64}, source: stdout, log: hi"
    ]
