"""Go's strconv: parsing with Go's exact error texts, quoting, float printing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caasnb.golang.json import json_float
from caasnb.golang.strconv import format_float, parse_bool, parse_float, parse_int, parse_uint, quote


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("10", 10), ("0x1f", 31), ("0X1F", 31), ("0o17", 15), ("017", 15), ("0b101", 5), ("1_000", 1000)],
)
def test_parse_uint_reads_go_base_prefixes(text, value):
    assert parse_uint(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", 'strconv.ParseUint: parsing "x": invalid syntax'),
        ("", 'strconv.ParseUint: parsing "": invalid syntax'),
        ("-1", 'strconv.ParseUint: parsing "-1": invalid syntax'),
        ("0x", 'strconv.ParseUint: parsing "0x": invalid syntax'),
        ("08", 'strconv.ParseUint: parsing "08": invalid syntax'),
        ("1__0", 'strconv.ParseUint: parsing "1__0": invalid syntax'),
        ("_1", 'strconv.ParseUint: parsing "_1": invalid syntax'),
        ("18446744073709551616", 'strconv.ParseUint: parsing "18446744073709551616": value out of range'),
    ],
)
def test_parse_uint_errors_are_gos(text, message):
    with pytest.raises(ValueError) as caught:
        parse_uint(text)
    assert str(caught.value) == message


def test_parse_int_range_and_sign():
    assert parse_int("-9223372036854775808") == -(2**63)
    assert parse_int("+5") == 5
    assert parse_int("-0x10") == -16
    with pytest.raises(ValueError, match=r'^strconv.ParseInt: parsing "9223372036854775808": value out of range$'):
        parse_int("9223372036854775808")
    with pytest.raises(ValueError, match=r'^strconv.ParseInt: parsing "3.5": invalid syntax$'):
        parse_int("3.5")


@given(st.integers(-(2**63), 2**63 - 1))
def test_parse_int_reads_every_decimal_int64(number):
    assert parse_int(str(number)) == number


def test_parse_bool_accepts_gos_spellings_only():
    assert [parse_bool(word) for word in ("1", "t", "T", "TRUE", "true", "True")] == [True] * 6
    assert [parse_bool(word) for word in ("0", "f", "F", "FALSE", "false", "False")] == [False] * 6
    with pytest.raises(ValueError, match=r'^strconv.ParseBool: parsing "yes": invalid syntax$'):
        parse_bool("yes")


def test_parse_float():
    assert parse_float("0.5") == 0.5
    assert parse_float("1e3") == 1000.0
    with pytest.raises(ValueError, match=r'^strconv.ParseFloat: parsing "x": invalid syntax$'):
        parse_float("x")
    with pytest.raises(ValueError, match=r'^strconv.ParseFloat: parsing "1e39": value out of range$'):
        parse_float("1e39", 32)


@pytest.mark.parametrize(
    ("value", "g", "json"),
    [
        (0.0, "0", "0"),
        (1.5, "1.5", "1.5"),
        (100000.0, "100000", "100000"),
        (1e6, "1e+06", "1000000"),
        (123456789.0, "1.23456789e+08", "123456789"),
        (0.0001, "0.0001", "0.0001"),
        (0.00001, "1e-05", "0.00001"),
        (1e-7, "1e-07", "1e-7"),
        (-2.5, "-2.5", "-2.5"),
        (1e21, "1e+21", "1e+21"),
    ],
)
def test_float_formats(value, g, json):
    assert format_float(value) == g
    assert json_float(value) == json


def test_quote_escapes_like_strconv_quote():
    assert quote('a"b\\c') == '"a\\"b\\\\c"'
    assert quote("tab\there\n") == '"tab\\there\\n"'
    assert quote("\x01é\u00a0") == '"\\x01é\\u00a0"'


def test_quote_keeps_printable_runes():
    assert quote('say "hi"\n') == '"say \\"hi\\"\\n"'
    assert quote("\x01\x7f\u200b é") == '"\\x01\\x7f\\u200b é"'


def test_quote_writes_bad_utf8_bytes_as_go_does():
    assert quote(b"bad \xff".decode("utf-8", "surrogateescape")) == '"bad \\xff"'
