"""Query parameters, filters and JSON bodies read with dockerd's parsers and error texts."""

from __future__ import annotations

import pytest

from caasnb.engine.body import read_json
from caasnb.engine.compat import adjust_for_version
from caasnb.engine.query import Query, decode_filters
from caasnb.errors import InvalidArgument


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("", False),
        ("0", False),
        ("no", False),
        ("FALSE", False),
        (" none ", False),
        ("1", True),
        ("true", True),
        ("yes", True),
        ("anything", True),
        (True, True),
        (False, False),
    ],
)
def test_bool_value_is_httputils_bool_value(value, expected):
    assert Query.parse({"force": value}).bool_value("force") is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("t", True), ("TRUE", True), ("True", True), ("0", False), ("f", False), ("", False)],
)
def test_parse_bool_is_strconv_parse_bool(value, expected):
    assert Query.parse({"status": value}).parse_bool("status") is expected


@pytest.mark.parametrize(
    ("name", "wrap", "message"),
    [
        ("rotateWorkerToken", False, "invalid value for rotateWorkerToken: yes"),
        ("status", True, 'invalid value for status: yes: strconv.ParseBool: parsing "yes": invalid syntax'),
    ],
)
def test_parse_bool_errors(name, wrap, message):
    with pytest.raises(InvalidArgument) as caught:
        Query.parse({name: "yes"}).parse_bool(name, wrap=wrap)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "invalid swarm version '': strconv.ParseUint: parsing \"\": invalid syntax"),
        ("x", "invalid swarm version 'x': strconv.ParseUint: parsing \"x\": invalid syntax"),
        ("-1", "invalid swarm version '-1': strconv.ParseUint: parsing \"-1\": invalid syntax"),
        ("0x10", "invalid swarm version '0x10': strconv.ParseUint: parsing \"0x10\": invalid syntax"),
        (
            "18446744073709551616",
            "invalid swarm version '18446744073709551616': "
            'strconv.ParseUint: parsing "18446744073709551616": value out of range',
        ),
    ],
)
def test_version_parameter_errors(raw, message):
    with pytest.raises(InvalidArgument) as caught:
        Query.parse({"version": raw}).version("swarm")
    assert caught.value.message == message


def test_version_parameter():
    assert Query.parse({"version": 18446744073709551615}).version("node") == 2**64 - 1
    assert Query.parse(None, "version=7&version=8").version("node") == 7


def test_first_value_wins_and_lists_are_kept():
    query = Query.parse({"a": ["1", "2"], "b": 3}, "c=&a=0")
    assert query.values == {"c": [""], "a": ["0", "1", "2"], "b": ["3"]}
    assert (query.get("a"), query.get("b"), query.get("missing")) == ("0", "3", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("null", {}),
        ("{}", {}),
        ('{"name":{"web":true}}', {"name": ["web"]}),
        ('{"name":{"web":true,"db":false}}', {"name": ["web", "db"]}),
        ('{"role":{"manager":true},"name":null}', {"role": ["manager"], "name": []}),
        ('{"name":["web","db"]}', {"name": ["web", "db"]}),
        ('{"name":["web","web"]}', {"name": ["web"]}),
        ('{"name":[]}', {"name": []}),
    ],
)
def test_filters_in_both_json_forms(text, expected):
    assert decode_filters(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "[]",
        '"name"',
        '{"name":"web"}',
        '{"name":{"web":1}}',
        '{"name":{"web":"true"}}',
        '{"name":[1]}',
        '{"a":{"x":true},"b":["y"]}',
        '{"name":{"web":NaN}}',
        '{"name":{"web":true}',
    ],
)
def test_bad_filters_are_invalid_filter(text):
    with pytest.raises(InvalidArgument) as caught:
        Query.parse({"filters": text}).filters()
    assert caught.value.message == "invalid filter"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b" \n", "invalid JSON: got EOF while reading request body"),
        (b"{", "invalid JSON: unexpected EOF"),
        (b'{"Name":"x"', "invalid JSON: unexpected EOF"),
        (b'{"Name', "invalid JSON: unexpected EOF"),
        (b"x", "invalid JSON: invalid character 'x' looking for beginning of value"),
        (b"{x}", "invalid JSON: invalid character 'x' looking for beginning of object key string"),
        (b'{"a" 1}', "invalid JSON: invalid character '1' after object key"),
        (b'{"a":1 "b":2}', "invalid JSON: invalid character '\"' after object key:value pair"),
        (b'{"a":[1 2]}', "invalid JSON: invalid character '2' after array element"),
        (b'{"a":tru}', "invalid JSON: invalid character '}' in literal true (expecting 'e')"),
        (b'{"a":nul1}', "invalid JSON: invalid character '1' in literal null (expecting 'l')"),
        (b'{"a":-}', "invalid JSON: invalid character '}' in numeric literal"),
        (b'{"a":1.}', "invalid JSON: invalid character '}' after decimal point in numeric literal"),
        (b'{"a":1e}', "invalid JSON: invalid character '}' in exponent of numeric literal"),
        (b'{"a":01}', "invalid JSON: invalid character '1' after object key:value pair"),
        (b'{"a":"\\x"}', "invalid JSON: invalid character 'x' in string escape code"),
        (b'{"a":"\\u12g4"}', "invalid JSON: invalid character 'g' in \\u hexadecimal character escape"),
        (b'{"a":"\n"}', "invalid JSON: invalid character '\\n' in string literal"),
        (b"{'a':1}", "invalid JSON: invalid character '\\'' looking for beginning of object key string"),
        (b'{"a":NaN}', "invalid JSON: invalid character 'N' looking for beginning of value"),
        ("{\u00e9}".encode(), "invalid JSON: invalid character '\u00c3' looking for beginning of object key string"),
        (b"{} x", "unexpected content after JSON"),
        (b"{}{}", "unexpected content after JSON"),
        (b"[]", "invalid JSON: json: cannot unmarshal array into Go value of type swarm.ServiceSpec"),
        (b"[] x", "invalid JSON: json: cannot unmarshal array into Go value of type swarm.ServiceSpec"),
        (b'"web"', "invalid JSON: json: cannot unmarshal string into Go value of type swarm.ServiceSpec"),
        (b"12", "invalid JSON: json: cannot unmarshal number into Go value of type swarm.ServiceSpec"),
        (b"true", "invalid JSON: json: cannot unmarshal bool into Go value of type swarm.ServiceSpec"),
        ([1], "invalid JSON: json: cannot unmarshal array into Go value of type swarm.ServiceSpec"),
    ],
)
def test_body_errors_are_the_daemons(body, message):
    with pytest.raises(InvalidArgument) as caught:
        read_json(body, "application/json", "swarm.ServiceSpec")
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"", "", {}),
        (b"", "application/json", {}),
        (b"null", "application/json", {}),
        (b'{"Name":"web"} ', "application/json; charset=utf-8", {"Name": "web"}),
        (b'{"Name":"web"}]', "application/json", {"Name": "web"}),
        ('{"Name":"w\u00e9b"}', "Application/JSON", {"Name": "w\u00e9b"}),
        (None, "", {}),
        ({"Name": "web"}, "", {"Name": "web"}),
    ],
)
def test_bodies_read(body, content_type, expected):
    assert read_json(body, content_type, "swarm.ServiceSpec") == expected


@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        ("", "malformed Content-Type header (): mime: no media type"),
        ("text/plain", "unsupported Content-Type header (text/plain): must be 'application/json'"),
    ],
)
def test_content_type_must_be_json(content_type, message):
    with pytest.raises(InvalidArgument) as caught:
        read_json(b"{}", content_type, "swarm.Spec")
    assert caught.value.message == message


def test_older_clients_cannot_set_newer_fields():
    spec = {
        "Mode": {"ReplicatedJob": {}},
        "TaskTemplate": {
            "containerspec": {"Sysctls": {"a": "1"}, "Ulimits": [], "OomScoreAdj": 5, "Configs": [{"Runtime": {}}]},
            "Placement": {"MaxReplicas": 2},
        },
    }
    assert adjust_for_version(spec, "swarm.ServiceSpec", "1.50") is spec
    assert adjust_for_version(spec, "swarm.ServiceSpec", "1.41") == {
        "Mode": {"ReplicatedJob": {}},
        "TaskTemplate": {
            "containerspec": {"Sysctls": {"a": "1"}, "Ulimits": [], "Configs": [{"Runtime": {}}]},
            "Placement": {"MaxReplicas": 2},
        },
    }
    assert adjust_for_version(spec, "swarm.ServiceSpec", "1.39") == {
        "Mode": {},
        "TaskTemplate": {"containerspec": {"Configs": [{}]}, "Placement": {}},
    }
    assert spec["TaskTemplate"]["containerspec"]["OomScoreAdj"] == 5  # the caller's body is left alone
    init = {"DataPathPort": 4789, "SubnetSize": 24, "ListenAddr": "0.0.0.0"}
    assert adjust_for_version(init, "swarm.InitRequest", "1.39") == {"SubnetSize": 24, "ListenAddr": "0.0.0.0"}
    assert adjust_for_version(init, "swarm.InitRequest", "1.38") == {"ListenAddr": "0.0.0.0"}
