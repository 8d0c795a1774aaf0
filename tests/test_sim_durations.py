"""Durations parse and print exactly as Go's time package does (docker's flags use it)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caasnb.sim import HOUR, MILLISECOND, MINUTE, SECOND, format_duration, parse_duration


@pytest.mark.parametrize(
    "text, ns",
    [
        ("10s", 10 * SECOND),
        ("1m30s", 90 * SECOND),
        ("500ms", 500 * MILLISECOND),
        ("1h", HOUR),
        ("1.5h", 90 * MINUTE),
        ("-2m", -2 * MINUTE),
        ("+5s", 5 * SECOND),
        ("0", 0),
        ("1us", 1_000),
        ("1µs", 1_000),
        ("300ns", 300),
        (".5s", 500 * MILLISECOND),
        ("1h2m3.004s", HOUR + 2 * MINUTE + 3 * SECOND + 4 * MILLISECOND),
    ],
)
def test_parse(text, ns):
    assert parse_duration(text) == ns


@pytest.mark.parametrize(
    "text, message",
    [
        ("", 'time: invalid duration ""'),
        ("abc", 'time: invalid duration "abc"'),
        ("5", 'time: missing unit in duration "5"'),
        ("5d", 'time: unknown unit "d" in duration "5d"'),
        ("-", 'time: invalid duration "-"'),
        ("1s2", 'time: missing unit in duration "1s2"'),
    ],
)
def test_parse_errors_use_go_wording(text, message):
    with pytest.raises(ValueError) as caught:
        parse_duration(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "ns, text",
    [
        (0, "0s"),
        (90 * SECOND, "1m30s"),
        (500 * MILLISECOND, "500ms"),
        (HOUR, "1h0m0s"),
        (1_500, "1.5µs"),
        (5 * SECOND, "5s"),
        (1_500 * MILLISECOND, "1.5s"),
        (-2 * MINUTE, "-2m0s"),
        (10 * MINUTE + 1, "10m0.000000001s"),
    ],
)
def test_format_like_go(ns, text):
    assert format_duration(ns) == text


@given(st.integers(-(10**15), 10**15))
def test_format_then_parse_round_trips(ns):
    assert parse_duration(format_duration(ns)) == ns
