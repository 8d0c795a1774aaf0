"""pflag's parsing: forms of flags, repetition, the -- terminator, interspersed arguments, errors."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caasnb.cli import BOOL, DURATION, INT, LIST, MAP, OPTIONAL_UINT, STRING, STRING_ARRAY, STRING_SLICE, Flag
from caasnb.cli.flags import FlagError, FlagSet
from caasnb.sim.durations import MINUTE, SECOND

FLAGS = FlagSet(
    [
        Flag("quiet", BOOL, "Only display IDs", shorthand="q"),
        Flag("all", BOOL, "Show all", shorthand="a"),
        Flag("name", STRING, "Service name", shorthand="n"),
        Flag("replicas", OPTIONAL_UINT, "Number of tasks"),
        Flag("count", INT, "A count", default=1),
        Flag("env", LIST, "Set environment variables", shorthand="e"),
        Flag("opt", MAP, "Driver options", shorthand="o"),
        Flag("delay", DURATION, "Delay between updates"),
        Flag("tag", STRING_ARRAY, "Tags"),
        Flag("cols", STRING_SLICE, "Columns"),
    ]
)


def parse(line, **options):
    return FLAGS.parse(line.split(), **options)


def test_long_forms_and_shorthands():
    parsed = parse("--name=web -q --replicas 3 -nfoo x")
    assert parsed["name"] == "foo"
    assert parsed["quiet"] is True
    assert parsed["replicas"] == 3
    assert parsed.args == ["x"]
    assert parsed.changed == ["name", "quiet", "replicas"]


def test_defaults_and_unset_values():
    parsed = parse("")
    assert parsed.values == {
        "quiet": False,
        "all": False,
        "name": "",
        "replicas": None,
        "count": 1,
        "env": (),
        "opt": {},
        "delay": None,
        "tag": (),
        "cols": (),
    }
    assert not parsed.was_set("count")


def test_combined_shorthands_and_shorthand_values():
    assert parse("-qa").values["all"] is True
    assert parse("-qa").values["quiet"] is True
    parsed = parse("-qn web")
    assert (parsed["quiet"], parsed["name"]) == (True, "web")
    assert parse("-n=web")["name"] == "web"


def test_bool_takes_a_value_only_after_equals():
    parsed = parse("--quiet=false x")
    assert parsed["quiet"] is False and parsed.args == ["x"]
    parsed = parse("--quiet false")
    assert parsed["quiet"] is True and parsed.args == ["false"]


def test_repeated_flags_accumulate_by_kind():
    parsed = parse("-e A=1 --env B=2 -o a=1 -o b=2 -o a=3 --tag x --tag y --cols a,b --cols c")
    assert parsed["env"] == ("A=1", "B=2")
    assert parsed["opt"] == {"a": "3", "b": "2"}
    assert parsed["tag"] == ("x", "y")
    assert parsed["cols"] == ("a", "b", "c")


def test_string_array_default_is_replaced_then_appended():
    flags = FlagSet([Flag("tag", STRING_ARRAY, "Tags", default=("latest",))])
    assert flags.parse([])["tag"] == ("latest",)
    assert flags.parse(["--tag", "x", "--tag", "y"])["tag"] == ("x", "y")


def test_durations_use_go_syntax():
    assert parse("--delay 1m30s")["delay"] == MINUTE + 30 * SECOND
    with pytest.raises(FlagError) as caught:
        parse("--delay 10")
    assert str(caught.value) == 'invalid argument "10" for "--delay" flag: time: missing unit in duration "10"'


def test_double_dash_ends_flags():
    parsed = parse("-q -- --name x")
    assert parsed.args == ["--name", "x"]
    assert parsed.args_len_at_dash == 0
    assert parsed["name"] == ""


def test_interspersed_and_not():
    assert parse("nginx --name web")["name"] == "web"
    parsed = parse("--name web nginx sh -q", interspersed=False)
    assert parsed["name"] == "web"
    assert parsed["quiet"] is False
    assert parsed.args == ["nginx", "sh", "-q"]


def test_single_dash_is_an_argument():
    assert parse("- x").args == ["-", "x"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("--foo", "unknown flag: --foo"),
        ("--foo=1", "unknown flag: --foo"),
        ("-x", "unknown shorthand flag: 'x' in -x"),
        ("-qx", "unknown shorthand flag: 'x' in -x"),
        ("--replicas", "flag needs an argument: --replicas"),
        ("-n", "flag needs an argument: 'n' in -n"),
        ("-qn", "flag needs an argument: 'n' in -n"),
        ("---x", "bad flag syntax: ---x"),
        ("--=x", "bad flag syntax: --=x"),
        (
            "--replicas x",
            'invalid argument "x" for "--replicas" flag: strconv.ParseUint: parsing "x": invalid syntax',
        ),
        (
            "--replicas -1",
            'invalid argument "-1" for "--replicas" flag: strconv.ParseUint: parsing "-1": invalid syntax',
        ),
        ("--count 1.5", 'invalid argument "1.5" for "--count" flag: strconv.ParseInt: parsing "1.5": invalid syntax'),
        (
            "--quiet=maybe",
            'invalid argument "maybe" for "-q, --quiet" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
        ),
        ("--delay 5d", 'invalid argument "5d" for "--delay" flag: time: unknown unit "d" in duration "5d"'),
    ],
)
def test_errors_have_pflags_wording(line, message):
    with pytest.raises(FlagError) as caught:
        parse(line)
    assert str(caught.value) == message


def test_list_validator_errors_are_wrapped():
    def no_spaces(value):
        if " " in value:
            raise ValueError(f"invalid value {value!r}")
        return value

    from caasnb.cli import list_kind

    flags = FlagSet([Flag("label", list_kind(validate=no_spaces), "Labels", shorthand="l")])
    with pytest.raises(FlagError) as caught:
        flags.parse(["-l", "a b"])
    assert str(caught.value) == 'invalid argument "a b" for "-l, --label" flag: invalid value \'a b\''


def test_deprecated_shorthand_warns():
    flags = FlagSet([Flag("help", BOOL, "Print usage", shorthand="h", hidden=True, shorthand_deprecated="use --help")])
    parsed = flags.parse(["-h"])
    assert parsed["help"] is True
    assert parsed.warnings == ["Flag shorthand -h has been deprecated, use --help"]


def test_redefining_a_flag_is_a_programming_error():
    with pytest.raises(ValueError):
        FlagSet([Flag("a", BOOL, ""), Flag("a", STRING, "")])
    with pytest.raises(ValueError):
        FlagSet([Flag("a", BOOL, "", shorthand="x"), Flag("b", BOOL, "", shorthand="x")])


values = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1).filter(
    lambda text: not text.startswith("-")
)


@given(values)
def test_equals_form_is_the_same_as_separate_value(value):
    joined = FLAGS.parse([f"--name={value}"])
    separate = FLAGS.parse(["--name", value])
    assert joined.values == separate.values
    assert joined.args == separate.args == []


@given(st.lists(values, max_size=5))
def test_list_flags_keep_every_value_in_order(items):
    words = [word for item in items for word in ("-e", item)]
    assert FLAGS.parse(words)["env"] == tuple(items)
