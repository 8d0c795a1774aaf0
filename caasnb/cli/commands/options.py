"""Flag kinds the swarm commands share: docker's ``FilterOpt`` and its ``--filter`` flag."""

from __future__ import annotations

from ..flagkinds import FlagKind
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
