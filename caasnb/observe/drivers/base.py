"""What every logging driver shares: the daemon it runs in, its destination, its options.

A driver is built for one container (``Driver(info, opts, daemon)``, moby's ``New``,
which may refuse the options with Docker's start-time error) and is then handed
batches (``log``). Remote drivers deliver records to a :class:`Collector`, the
simulated syslog server, GELF input, fluentd, CloudWatch... at their address.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..message import ContainerInfo, LogBatch, LogEntry

Options = Mapping[str, str]


class LogOptError(ValueError):
    """Log options Docker rejects; the message is Docker's."""


class Collector:
    """A simulated log destination: the records it received, in order, as its wire carries them."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.records: list[Any] = []

    def receive(self, records: list[Any]) -> None:
        self.records.extend(records)

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        return f"Collector({self.address!r}, {len(self.records)} records)"


@dataclass
class Daemon:
    """The dockerd a driver runs in: host name and address, pid, random ids, and the collectors it reaches."""

    hostname: str = "localhost"
    address: str = "127.0.0.1"
    pid: int = 1
    new_id: Callable[[], str] = field(default=lambda: "0" * 64)
    """``stringid.GenerateRandomID``: feed it from ``sim.rng(...)`` for determinism."""
    ephemeral_port: Callable[[], int] = field(default=lambda: 32768)
    collectors: dict[str, Collector] = field(default_factory=dict)

    def collector(self, address: str) -> Collector:
        """The destination at ``address`` (created on first use)."""
        found = self.collectors.get(address)
        if found is None:
            found = self.collectors[address] = Collector(address)
        return found


class Driver:
    """A logging driver attached to one container."""

    name: ClassVar[str]
    readable: ClassVar[bool] = False
    """Whether ``docker logs`` can read it directly (moby's ``LogReader``)."""

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        self.info = info
        self.opts = dict(opts)
        self.daemon = daemon

    def log(self, batch: LogBatch) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stop logging (the container stopped)."""


def extra_attributes(info: ContainerInfo, opts: Options, key_mod: Callable[[str], str] | None = None) -> dict[str, str]:
    """``info.ExtraAttributes``: labels and env variables the ``labels``/``env`` (``-regex``) options pick."""
    mod = key_mod or (lambda key: key)
    extra: dict[str, str] = {}
    for name in filter(None, opts.get("labels", "").split(",")):
        if name in info.labels:
            extra[mod(name)] = info.labels[name]
    if opts.get("labels-regex"):
        pattern = re.compile(opts["labels-regex"])
        extra.update({mod(k): v for k, v in sorted(info.labels.items()) if pattern.search(k)})
    env = dict(item.split("=", 1) for item in info.env if "=" in item)
    for name in filter(None, opts.get("env", "").split(",")):
        if name in env:
            extra[mod(name)] = env[name]
    if opts.get("env-regex"):
        pattern = re.compile(opts["env-regex"])
        extra.update({mod(k): v for k, v in sorted(env.items()) if pattern.search(k)})
    return extra


def check_keys(
    driver: str,
    opts: Options,
    allowed: frozenset[str],
    template: str = "unknown log opt '{key}' for {driver} log driver",
) -> None:
    """Docker's first check of every ``ValidateLogOpt``: no option the driver does not know."""
    for key in opts:
        if key not in allowed:
            raise LogOptError(template.format(key=key, driver=driver))


def go_bool(text: str) -> bool:
    """``strconv.ParseBool``."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise LogOptError(f'strconv.ParseBool: parsing "{text}": invalid syntax')


def go_atoi(text: str) -> int:
    """``strconv.Atoi``."""
    body = text[1:] if text[:1] in "+-" else text
    if not body.isdigit() or not body.isascii():
        raise LogOptError(f'strconv.Atoi: parsing "{text}": invalid syntax')
    return int(text)


ATTRIBUTE_OPTIONS = frozenset({"labels", "labels-regex", "env", "env-regex", "tag"})
"""The options most drivers accept for tagging records."""


class FileBacked:
    """Reading for drivers that keep a :class:`~caasnb.observe.logfile.LogFile` (json-file, local)."""

    file: Any
    decode: Callable[[list], list[LogEntry]]
    """Records of one chunk to entries."""

    def read(self, tail: int, since: int | None, until: int | None) -> list[LogEntry]:
        """Entries as ``docker logs`` selects them: last ``tail``, then since/until (simulated ns)."""
        decode = type(self).decode
        return [entry for _, records in self.file.select(tail, since, until) for entry in decode(records)]

    def cursor(self) -> int:
        """Where a follower starts: after everything written so far."""
        return self.file.written

    def after(self, position: int) -> tuple[list[LogEntry], int]:
        """Entries written since ``position`` (still on disk), and the new position."""
        groups, position = self.file.after(position)
        decode = type(self).decode
        return [entry for _, records in groups for entry in decode(records)], position
