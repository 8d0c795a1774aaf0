"""The ``fluentd`` driver: forward-protocol events ``[tag, time, record]`` to a fluentd/fluent-bit.

The record (moby ``fluentd.go``) is a map of strings: ``container_id`` (full),
``container_name`` (with its leading ``/``), ``source`` (stdout/stderr), ``log`` (the line),
label/env attributes, and for a partial piece ``partial_message``, ``partial_id``,
``partial_ordinal``, ``partial_last``. ``time`` is whole seconds, or (seconds,
nanoseconds) with ``fluentd-sub-second-precision=true`` (msgpack EventTime). The
collector holds events as ``(tag, time, record)`` tuples, as fluentd decodes them.
"""

from __future__ import annotations

import re

from ...golang.units import ram_in_bytes
from ...sim import EPOCH_NS, MILLISECOND, SECOND, format_duration, parse_duration
from ..logtag import DEFAULT_TEMPLATE, render_tag
from ..message import ContainerInfo, LogBatch
from .base import ATTRIBUTE_OPTIONS, Daemon, Driver, LogOptError, Options, check_keys, extra_attributes, go_bool

NAME = "fluentd"
OPTIONS = ATTRIBUTE_OPTIONS | {
    "fluentd-address",
    "fluentd-async",
    "fluentd-async-reconnect-interval",
    "fluentd-buffer-limit",
    "fluentd-max-retries",
    "fluentd-request-ack",
    "fluentd-retry-wait",
    "fluentd-sub-second-precision",
    "fluentd-write-timeout",
}
DEFAULT_ADDRESS = "tcp://127.0.0.1:24224"


def parse_address(address: str) -> str:
    """``parseAddress`` as a normalised ``scheme://host:port`` or ``unix://path`` (default tcp://127.0.0.1:24224)."""
    if not address:
        return DEFAULT_ADDRESS
    scheme, rest = address.split("://", 1) if "://" in address else ("tcp", address)
    if scheme == "unix":
        if not rest.lstrip("/"):
            raise _invalid(address, "path is empty")
        return "unix://" + rest
    if scheme not in ("tcp", "tls"):
        raise _invalid(address, f"unsupported scheme: '{scheme}'")
    host, slash, _ = rest.partition("/")
    if slash:
        raise _invalid(address, "should not contain a path element")
    name, _, port = host.rpartition(":") if re.search(r":\d*\Z", host) else (host, "", "")
    if port and int(port) > 65535:
        raise _invalid(address, f'invalid port: strconv.ParseUint: parsing "{port}": value out of range')
    return f"{scheme}://{name or '127.0.0.1'}:{port or 24224}"


def _invalid(address: str, reason: str) -> LogOptError:
    return LogOptError(f"invalid fluentd-address ({address}): {reason}")


def parse_config(opts: Options) -> dict[str, object]:
    """``parseConfig``: every fluentd option checked, with Docker's errors."""
    config: dict[str, object] = {"address": parse_address(opts.get("fluentd-address", ""))}
    if opts.get("fluentd-buffer-limit"):
        try:
            config["buffer_limit"] = ram_in_bytes(opts["fluentd-buffer-limit"])
        except ValueError as err:
            raise LogOptError(str(err)) from None
    for key in ("fluentd-retry-wait", "fluentd-async-reconnect-interval", "fluentd-write-timeout"):
        if opts.get(key):
            try:
                value = parse_duration(opts[key])
            except ValueError as err:
                prefix = {"fluentd-retry-wait": "", "fluentd-async-reconnect-interval": f"invalid value for {key}: "}
                raise LogOptError(
                    prefix.get(key, f"invalid value for {key}: value must be a duration: ") + str(err)
                ) from None
            if key == "fluentd-async-reconnect-interval" and value and not 100 * MILLISECOND <= value <= 10 * SECOND:
                raise LogOptError(
                    f'invalid value for {key}: value ("{format_duration(value)}") must be between 100ms and 10s'
                )
            if key == "fluentd-write-timeout" and value < 0:
                raise LogOptError(f"invalid value for {key}: value must be a duration that is non-negative")
            config[key] = value
    if opts.get("fluentd-max-retries"):
        text = opts["fluentd-max-retries"]
        if not text.isdigit() or int(text) >= 2**32:
            reason = "value out of range" if text.isdigit() else "invalid syntax"
            raise LogOptError(f'strconv.ParseUint: parsing "{text}": {reason}')
        if int(text) > 2**31 - 1:
            raise LogOptError("invalid fluentd-max-retries: value out of range")
    for key in ("fluentd-async", "fluentd-sub-second-precision", "fluentd-request-ack"):
        if opts.get(key):
            config[key] = go_bool(opts[key])
    return config


def validate(opts: Options) -> None:
    """``fluentd.ValidateLogOpt``."""
    check_keys(NAME, opts, OPTIONS)
    parse_config(opts)


class FluentdDriver(Driver):
    """Posts each line as a forward-protocol event to ``fluentd-address``."""

    name = NAME

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        config = parse_config(opts)
        self.tag = render_tag(opts.get("tag") or DEFAULT_TEMPLATE, info)
        self.sub_second = bool(config.get("fluentd-sub-second-precision"))
        self.extra = extra_attributes(info, opts)
        self.destination = daemon.collector(str(config["address"]))

    def log(self, batch: LogBatch) -> None:
        seconds, nanos = divmod(EPOCH_NS + batch.time, SECOND)
        when = (seconds, nanos) if self.sub_second else seconds
        base = {"container_id": self.info.id, "container_name": self.info.name, "source": batch.stream}
        partial = {}
        if batch.partial is not None:
            partial = {
                "partial_message": "true",
                "partial_id": batch.partial.id,
                "partial_ordinal": str(batch.partial.ordinal),
                "partial_last": "true" if batch.partial.last else "false",
            }
        self.destination.receive(
            [(self.tag, when, {**base, "log": line, **self.extra, **partial}) for line in batch.lines]
        )
