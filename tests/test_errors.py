"""Errors carry Docker's wording and turn into what the docker CLI prints."""

from caasnb.errors import Conflict, NotFound, UsageError, cli_result


def test_daemon_errors_print_with_the_daemon_prefix_and_exit_1():
    result = cli_result(NotFound("service web not found"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error response from daemon: service web not found\n",
    )
    assert Conflict("x").status == 409 and NotFound("x").status == 404


def test_usage_errors_point_at_help_and_exit_125():
    result = cli_result(UsageError("unknown flag: --foo", "docker service create"))
    assert result.exit_code == 125
    assert result.stderr == "unknown flag: --foo\nSee 'docker service create --help'.\n"
