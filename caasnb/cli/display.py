"""Small text helpers docker's formatters use: short IDs, ellipses, capitalised states, ports."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SHORT_ID_LENGTH = 12


def truncate_id(identifier: str) -> str:
    """``stringid.TruncateID``: drop an ``algo:`` prefix, keep the first 12 characters."""
    if ":" in identifier:
        identifier = identifier.split(":", 1)[1]
    return identifier[:SHORT_ID_LENGTH]


def _char_width(char: str) -> int:
    """docker's ``charWidth``: East Asian wide and full-width runes take two columns."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def ellipsis(text: str, max_width: int) -> str:
    """docker's ``formatter.Ellipsis``: cut ``text`` to ``max_width`` columns, ending in ``…``."""
    if max_width <= 0:
        return ""
    if max_width == 1:
        return text[:1]
    if text.isascii():
        return text if len(text) <= max_width else text[: max_width - 1] + "…"
    widths = list(itertools.accumulate(_char_width(char) for char in text))
    if widths[-1] <= max_width:
        return text
    for index in range(len(widths) - 1):
        if widths[index] <= max_width - 1 < widths[index + 1]:
            return text[: index + 1] + "…"
    return text


def pretty_print(value: Any) -> str:
    """docker's ``formatter.PrettyPrint``: ``running`` -> ``Running``; nil -> ``None``.

    As in docker, a one-letter value is lower-cased rather than capitalised.
    """
    if value is None:
        return "None"
    text = str(value)
    if len(text) <= 1:
        return text.lower()
    return text[0].upper() + text[1:].lower()


def task_ports(ports: Iterable[Mapping[str, Any]]) -> str:
    """A task's published ports as ``docker service ps`` shows them: ``*:8080->80/tcp,*:443->443/tcp``."""
    return ",".join(f"*:{port['PublishedPort']}->{port['TargetPort']}/{port['Protocol']}" for port in ports)


def service_ports(ports: Iterable[Mapping[str, Any]]) -> str:
    """A service's ingress ports as ``docker service ls`` shows them, consecutive ports as ranges.

    ``*:8080-8081->80-81/tcp, *:53->53/udp``: sorted by protocol then published port;
    host-mode ports are not listed (docker's ``serviceContext.Ports``, uint32 arithmetic).
    """
    ordered = sorted(ports, key=lambda port: (port["Protocol"], port["PublishedPort"]))
    ranges: list[str] = []
    current = _PortRange()
    for port in ordered:
        if port.get("PublishMode", "ingress") != "ingress":
            continue
        published, target, protocol = port["PublishedPort"], port["TargetPort"], port["Protocol"]
        overlapping_range = current.target_end != current.target_start and target <= current.target_end
        if (
            protocol != current.protocol
            or (published - current.published_end) % 2**32 > 1
            or (target - current.target_end) % 2**32 > 1
            or overlapping_range
        ):
            if current.published_start > 0:
                ranges.append(str(current))
            current = _PortRange(published, published, target, target, protocol)
        else:
            current.published_end, current.target_end = published, target
    if current.published_start > 0:
        ranges.append(str(current))
    return ", ".join(ranges)


@dataclass
class _PortRange:
    published_start: int = 0
    published_end: int = 0
    target_start: int = 0
    target_end: int = 0
    protocol: str = ""

    def __str__(self) -> str:
        def span(first: int, last: int) -> str:
            return f"{first}-{last}" if last > first else str(first)

        published = span(self.published_start, self.published_end)
        target = span(self.target_start, self.target_end)
        return f"*:{published}->{target}/{self.protocol}"
