"""Flags the swarm commands share: docker's ``FilterOpt`` (``--filter``), inspect, list and task-list flags."""

from __future__ import annotations

from .. import FORMAT_HELP, INSPECT_FORMAT_HELP
from ..flagkinds import BOOL, STRING, FlagKind
from ..flags import Flag


def _add_filter(text: str, current: dict[str, tuple[str, ...]], _first: bool) -> dict[str, tuple[str, ...]]:
    """``filters.ParseFlag``: ``name=value``, the name lower-cased and trimmed, values accumulate."""
    if "=" not in text:
        raise ValueError("bad format of filter (expected name=value)")
    name, _, value = text.partition("=")
    name, value = name.strip().lower(), value.strip()
    return {**current, name: (*current.get(name, ()), value)}


def _show_filters(filters: dict[str, tuple[str, ...]]) -> str:
    return " ".join(f"{name}={value}" for name, values in filters.items() for value in values)


FILTER = FlagKind("filter", _add_filter, _show_filters, {})


def filter_flag() -> Flag:
    return Flag("filter", FILTER, "Filter output based on conditions provided", shorthand="f")


def filter_lists(filters: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The parsed ``--filter`` values as the ``dict[str, list[str]]`` requests carry."""
    return {name: list(values) for name, values in filters.items()}


def inspect_flags() -> tuple[Flag, ...]:
    """``node inspect`` and ``service inspect``: ``--format`` and ``--pretty``."""
    return (
        Flag("format", STRING, INSPECT_FORMAT_HELP, shorthand="f"),
        Flag("pretty", BOOL, "Print the information in a human friendly format"),
    )


def list_flags() -> tuple[Flag, ...]:
    """``ls``: ``-q``, ``--format`` and ``--filter``."""
    return (Flag("quiet", BOOL, "Only display IDs", shorthand="q"), Flag("format", STRING, FORMAT_HELP), filter_flag())


def task_flags() -> tuple[Flag, ...]:
    """``node ps`` and ``service ps``: the task table's flags."""
    return (
        Flag("no-trunc", BOOL, "Do not truncate output"),
        Flag("no-resolve", BOOL, "Do not map IDs to Names"),
        filter_flag(),
        Flag("format", STRING, "Pretty-print tasks using a Go template"),
        Flag("quiet", BOOL, "Only display task IDs", shorthand="q"),
    )
