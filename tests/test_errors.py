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


def test_usage_errors_print_dockers_whole_message_flag_errors_exit_125():
    message = (
        "unknown flag: --foo\n\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        "Run 'docker service create --help' for more information"
    )
    result = cli_result(UsageError(message))
    assert (result.exit_code, result.stdout, result.stderr) == (125, "", message + "\n")
    assert cli_result(UsageError("docker: 'docker service ls' accepts no arguments", exit_code=1)).exit_code == 1
