"""Go's encoding/json strings and numbers, and json-file's own escaper."""

import pytest

from caasnb.golang.json import escape_jsonfile, json_float, json_string
from caasnb.golang.strconv import format_float


def test_go_json_string_escaping():
    assert json_string('<a href="x">&</a>') == '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"'
    assert json_string("tab\tnl\nbs\b ff\f cr\r bell\x07") == '"tab\\tnl\\nbs\\b ff\\f cr\\r bell\\u0007"'
    assert json_string("line\u2028para\u2029") == '"line\\u2028para\\u2029"'
    assert json_string(b"bad \xff byte".decode("utf-8", "surrogateescape")) == '"bad \\ufffd byte"'
    assert json_string("é ü 日本") == '"é ü 日本"'
    # json-file's own escaper: only \r (and \n) have short forms
    assert escape_jsonfile("a\tb\rc\\d") == "a\\u0009b\\rc\\\\d"
    # docker's {{json}} template function turns HTML escaping off
    assert json_string("<a>&", escape_html=False) == '"<a>&"'


@pytest.mark.parametrize(
    ("value", "g", "js"),
    [
        (1e6, "1e+06", "1000000"),
        (123456.0, "123456", "123456"),
        (1234567.0, "1.234567e+06", "1234567"),
        (0.0001, "0.0001", "0.0001"),
        (1e-05, "1e-05", "0.00001"),
        (2.5e-07, "2.5e-07", "2.5e-7"),
        (0.005, "0.005", "0.005"),
        (1714557600.123, "1.714557600123e+09", "1714557600.123"),
        (1e21, "1e+21", "1e+21"),
        (-3.0, "-3", "-3"),
    ],
)
def test_go_float_formats(value, g, js):
    assert format_float(value) == g
    assert json_float(value) == js


def test_json_float_keeps_negative_zero_and_refuses_nan():
    assert json_float(-0.0) == "-0"
    with pytest.raises(ValueError, match="^json: unsupported value: NaN$"):
        json_float(float("nan"))
