"""The ``splunk`` driver: HTTP Event Collector events, POSTed to ``/services/collector/event/1.0``.

Each line becomes one ``json.Marshal``-ed event (moby ``splunk.go``)::

    {"event":{"line":"hello","source":"stdout","tag":"3f2a1b4c5d6e"},"time":"1714557600.500000","host":"manager-1"}

with ``attrs`` (labels/env) inside ``event`` and ``source``/``sourcetype``/``index`` at
the top when set. ``splunk-format=json`` embeds a line that is valid JSON as JSON;
``raw`` sends ``"<tag> <key>=<value> ... <line>"`` as the event (attributes in key order;
Docker's order is Go's map order). ``time`` is Unix seconds printed with ``%f``.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from ...golang.json import json_object, json_string
from ...sim import EPOCH_NS
from ..logtag import DEFAULT_TEMPLATE, render_tag
from ..message import ContainerInfo, LogBatch
from .base import ATTRIBUTE_OPTIONS, Daemon, Driver, LogOptError, Options, check_keys, extra_attributes, go_bool

NAME = "splunk"
OPTIONS = ATTRIBUTE_OPTIONS | {
    "splunk-url",
    "splunk-token",
    "splunk-source",
    "splunk-sourcetype",
    "splunk-index",
    "splunk-capath",
    "splunk-caname",
    "splunk-insecureskipverify",
    "splunk-format",
    "splunk-verify-connection",
    "splunk-gzip",
    "splunk-gzip-level",
    "splunk-index-acknowledgment",
}
FORMATS = ("inline", "json", "raw")


def validate(opts: Options) -> None:
    """``splunk.ValidateLogOpt``: only the key names."""
    check_keys(NAME, opts, OPTIONS)


def collector_url(opts: Options) -> str:
    """``parseURL``: ``scheme://host:port`` of ``splunk-url``, with the HEC event path."""
    if "splunk-url" not in opts:
        raise LogOptError("splunk: splunk-url is expected")
    url = opts["splunk-url"]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise LogOptError("splunk: expected format scheme://dns_name_or_ip:port for splunk-url")
    return f"{parts.scheme}://{parts.netloc}/services/collector/event/1.0"


class SplunkDriver(Driver):
    """Sends each line as an HTTP Event Collector event."""

    name = NAME

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        url = collector_url(opts)
        if "splunk-token" not in opts:
            raise LogOptError("splunk: splunk-token is expected")
        for key in (
            "splunk-insecureskipverify",
            "splunk-gzip",
            "splunk-index-acknowledgment",
            "splunk-verify-connection",
        ):
            if key in opts:
                go_bool(opts[key])
        self.format = opts.get("splunk-format", "inline")
        if self.format not in FORMATS:
            raise LogOptError(f"unknown format specified {self.format}, supported formats are inline, json and raw")
        tag = "" if opts.get("tag") == "" else render_tag(opts.get("tag") or DEFAULT_TEMPLATE, info)
        self.attrs = extra_attributes(info, opts)
        self.tag = tag
        self.prefix = (tag + " " if tag else "") + "".join(f"{k}={v} " for k, v in sorted(self.attrs.items()))
        envelope = [("host", daemon.hostname)]
        envelope += [
            (key[7:], opts[key]) for key in ("splunk-source", "splunk-sourcetype", "splunk-index") if opts.get(key)
        ]
        self._envelope = "".join(f",{json_string(k)}:{json_string(v)}" for k, v in envelope)
        self.destination = daemon.collector(url)

    def log(self, batch: LogBatch) -> None:
        when = json_string(f"{(EPOCH_NS + batch.time) / 1e9:f}")
        tail = f',"time":{when}{self._envelope}}}'
        if self.format == "raw":
            events = [json_string(self.prefix + line) for line in batch.lines if line.strip()]
        else:
            extra = (f',"tag":{json_string(self.tag)}' if self.tag else "") + (
                f',"attrs":{json_object(self.attrs)}' if self.attrs else ""
            )
            source = f',"source":{json_string(batch.stream)}'
            events = ['{"line":' + self._line(line) + source + extra + "}" for line in batch.lines]
        self.destination.receive(['{"event":' + event + tail for event in events])

    def _line(self, line: str) -> str:
        """The ``line`` value: a string, or the line itself when ``json`` format finds it valid JSON."""
        if self.format == "json":
            try:
                json.loads(line)
            except ValueError:
                pass
            else:
                return line
        return json_string(line)
