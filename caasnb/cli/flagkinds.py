"""The kinds of flag values docker's commands take, as pflag and docker's ``opts`` define them.

A kind says how a value is read from the command line (pflag's ``Value.Set``), how its
default is shown in ``--help`` (``Value.String``), which name the help gives its type
(``Value.Type``: ``string``, ``list``, ``duration``...) and which default texts count as
"no default" (pflag's ``defaultIsZeroValue``). Reading errors carry Go's own message, which
the parser wraps as ``invalid argument "x" for "--replicas" flag: <message>``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..golang.strconv import format_float, parse_bool, parse_float, parse_int, parse_uint
from ..sim.durations import format_duration, parse_duration

# A reader gets the text given on the command line, the flag's current value and whether
# this is the first time the flag is set (repeatable flags replace their default then).
Reader = Callable[[str, Any, bool], Any]

# What pflag's defaultIsZeroValue accepts for values it does not know by type.
OTHER_ZERO_TEXTS = frozenset({"false", "<nil>", "", "0"})


@dataclass(frozen=True)
class FlagKind:
    """How one type of flag value is read, shown and named (a pflag ``Value``)."""

    type_name: str
    read: Reader
    show: Callable[[Any], str]
    empty: Any
    zero_texts: frozenset[str] = OTHER_ZERO_TEXTS
    optional_value: str = ""  # pflag's NoOptDefVal: what a bare ``--flag`` means (bool: "true")


def _replace(convert: Callable[[str], Any]) -> Reader:
    return lambda text, _current, _first: convert(text)


def _go_list(values: Any) -> str:
    """``fmt.Sprintf("%v", []string{...})`` as docker's ListOpts prints itself: ``[a b]``, or "" if empty."""
    return f"[{' '.join(values)}]" if values else ""


def _csv_list(values: Any) -> str:
    """pflag's stringArray/stringSlice ``String``: the values as one CSV record in brackets."""
    if not values:
        return "[]"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return f"[{buffer.getvalue()}]"


def _read_csv(text: str) -> list[str]:
    return next(csv.reader([text])) if text else []


def _go_map(values: Any) -> str:
    """``fmt.Sprintf("%v", map[string]string{...})``: ``map[a:1 b:2]`` with sorted keys."""
    return "map[" + " ".join(f"{key}:{values[key]}" for key in sorted(values)) + "]"


def _set_key(text: str, current: Any, _first: bool) -> dict[str, str]:
    key, _, value = text.partition("=")
    return {**current, key: value}


def list_kind(type_name: str = "list", validate: Callable[[str], str] | None = None) -> FlagKind:
    """Docker's ``opts.ListOpts``: every use appends (after ``validate``, which may normalise or raise)."""

    def read(text: str, current: Any, _first: bool) -> tuple[str, ...]:
        return (*current, validate(text) if validate else text)

    return FlagKind(type_name, read, _go_list, ())


BOOL = FlagKind("bool", _replace(parse_bool), lambda v: "true" if v else "false", False, frozenset({"false"}), "true")
STRING = FlagKind("string", _replace(str), str, "", frozenset({""}))
INT = FlagKind("int", _replace(parse_int), str, 0, frozenset({"0"}))
INT64 = FlagKind("int64", _replace(parse_int), str, 0, frozenset({"0"}))
UINT64 = FlagKind("uint64", _replace(parse_uint), str, 0, frozenset({"0"}))
# docker's Uint64Opt (``--replicas``): unset until given, so it shows no default.
OPTIONAL_UINT = FlagKind("uint", _replace(parse_uint), lambda v: "" if v is None else str(v), None)
# docker's floatValue (``--update-max-failure-ratio``): a float32.
FLOAT = FlagKind("float", _replace(lambda text: parse_float(text, 32)), format_float, 0.0)
# pflag's duration (shows "0s" when zero) and docker's DurationOpt (unset: None, shows nothing).
DURATION = FlagKind(
    "duration",
    _replace(parse_duration),
    lambda v: "" if v is None else format_duration(v),
    None,
    frozenset({"", "0", "0s"}),
)
STRING_ARRAY = FlagKind(
    "stringArray",
    lambda text, current, first: (text,) if first else (*current, text),
    _csv_list,
    (),
    frozenset({"[]"}),
)
STRING_SLICE = FlagKind(
    "stringSlice",
    lambda text, current, first: tuple(_read_csv(text)) if first else (*current, *_read_csv(text)),
    _csv_list,
    (),
    frozenset({"[]"}),
)
LIST = list_kind()
# docker's MapOpts prints "map[]" when empty, which pflag does not take for a zero default.
MAP = FlagKind("map", _set_key, _go_map, {})
