"""The ``awslogs`` driver: CloudWatch Logs ``PutLogEvents`` events in a group and stream.

Each line becomes an ``InputLogEvent`` ``{"timestamp": <Unix ms>, "message": <line>}``
(moby ``cloudwatchlogs.go``) in log group ``awslogs-group`` (required) and log stream
``awslogs-stream``, by default the tag template ``{{.FullID}}``: the full container id.
The collector, one per ``group/stream``, holds events as CloudWatch stores them. Batching
(``awslogs-force-flush-interval-seconds``) changes when events arrive, not their content;
here they arrive as they are written. With ``awslogs-multiline-pattern`` (or
``awslogs-datetime-format``, a strftime pattern) a matching line starts a new event and
the others are appended to the open one, each with ``\\n``, until the flush interval
(5 s by default) has passed since the event began.
"""

from __future__ import annotations

import re

from ...sim import EPOCH_NS
from ..logtag import render_tag
from ..message import ContainerInfo, LogBatch
from .base import Daemon, Driver, LogOptError, Options, check_keys, go_atoi, go_bool

NAME = "awslogs"
STRFTIME = {
    "%a": "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)",
    "%A": "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
    "%w": "[0-6]",
    "%d": "(?:0[1-9]|[12][0-9]|3[01])",
    "%b": "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
    "%B": "(?:January|February|March|April|May|June|July|August|September|October|November|December)",
    "%m": "(?:0[1-9]|1[0-2])",
    "%y": r"\d{2}",
    "%Y": r"\d{4}",
    "%H": "(?:[01][0-9]|2[0-3])",
    "%I": "(?:0[0-9]|1[0-2])",
    "%p": "[AP]M",
    "%M": "[0-5][0-9]",
    "%S": "[0-5][0-9]",
    "%L": r"\.\d{3}",
    "%f": r"\d{6}",
    "%Z": "[A-Z]+",
    "%z": r"[+-]\d{4}",
    "%j": "(?:00[1-9]|0[1-9][0-9]|[12][0-9][0-9]|3[0-5][0-9]|36[0-6])",
    "%%": "%",
}
"""strftime directives as the regular expressions a multiline event start is matched with."""
OPTIONS = frozenset(
    {
        "awslogs-group",
        "awslogs-stream",
        "awslogs-create-group",
        "awslogs-region",
        "awslogs-endpoint",
        "tag",
        "awslogs-datetime-format",
        "awslogs-multiline-pattern",
        "awslogs-credentials-endpoint",
        "awslogs-force-flush-interval-seconds",
        "awslogs-max-buffered-events",
        "awslogs-format",
    }
)


def validate(opts: Options) -> None:
    """``awslogs.ValidateLogOpt``."""
    check_keys(NAME, opts, OPTIONS)
    if not opts.get("awslogs-group"):
        raise LogOptError("must specify a value for log opt 'awslogs-group'")
    if opts.get("awslogs-create-group"):
        try:
            go_bool(opts["awslogs-create-group"])
        except LogOptError as err:
            raise LogOptError(f"must specify valid value for log opt 'awslogs-create-group': {err}") from None
    for key in ("awslogs-force-flush-interval-seconds", "awslogs-max-buffered-events"):
        if opts.get(key):
            try:
                positive = go_atoi(opts[key]) > 0
            except LogOptError:
                positive = False
            if not positive:
                raise LogOptError(f"must specify a positive integer for log opt '{key}': {opts[key]}")
    both = "awslogs-datetime-format" in opts and "awslogs-multiline-pattern" in opts
    if both:
        raise LogOptError(
            "you cannot configure log opt 'awslogs-datetime-format' and 'awslogs-multiline-pattern' at the same time"
        )
    if opts.get("awslogs-format"):
        if opts["awslogs-format"] != "json/emf":
            raise LogOptError(f"unsupported log format '{opts['awslogs-format']}'")
        if "awslogs-datetime-format" in opts or "awslogs-multiline-pattern" in opts:
            raise LogOptError(
                "you cannot configure log opt 'awslogs-datetime-format' or 'awslogs-multiline-pattern' "
                "when log opt 'awslogs-format' is set to 'json/emf'"
            )


class AWSLogsDriver(Driver):
    """Puts each line (or each multiline event) into a CloudWatch log stream."""

    name = NAME

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        self.group = opts["awslogs-group"]
        self.stream = opts.get("awslogs-stream") or render_tag(opts.get("tag") or "{{.FullID}}", info)
        pattern = opts.get("awslogs-multiline-pattern")
        if opts.get("awslogs-datetime-format"):
            pattern = re.sub("%.", lambda m: STRFTIME.get(m.group(0), ""), opts["awslogs-datetime-format"])
        self.multiline = re.compile(pattern) if pattern else None
        self.flush = go_atoi(opts.get("awslogs-force-flush-interval-seconds") or "5") * 1000
        self.destination = daemon.collector(f"{self.group}/{self.stream}")

    def log(self, batch: LogBatch) -> None:
        unix_ms = (EPOCH_NS + batch.time) // 1_000_000
        events = self.destination.records
        for line in batch.lines:
            if self.multiline is None:
                events.append({"timestamp": unix_ms, "message": line})
            elif events and not self.multiline.search(line) and unix_ms - events[-1]["timestamp"] < self.flush:
                events[-1]["message"] += line + "\n"
            else:
                events.append({"timestamp": unix_ms, "message": line + "\n"})
