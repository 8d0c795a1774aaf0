"""docker's command dispatch: traversal, usage errors and exit codes, help, --version."""

import pytest

from caasnb.cli import (
    BOOL,
    DURATION,
    FORMAT_HELP,
    LIST,
    NO_ARGS,
    OPTIONAL_UINT,
    STRING,
    Command,
    Flag,
    SwarmStatus,
    docker_root,
    exact_args,
    list_kind,
    max_args,
    min_args,
    range_args,
    run_command,
)
from caasnb.errors import ClientError, Unavailable

SEEN = []


def record(invocation):
    SEEN.append((invocation.command.path, invocation.args, dict(invocation.flags.values), invocation.context))
    invocation.out.write("ran\n")


def failing(invocation):
    invocation.out.write("partial\n")
    raise Unavailable("This node is not a swarm manager.")


@pytest.fixture
def root():
    root = docker_root()
    service = Command("service", "Manage Swarm services", swarm="manager")
    service.add(
        Command(
            "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
            "Create a new service",
            run=record,
            args=min_args(1),
            interspersed=False,
            flags=(
                Flag("replicas", OPTIONAL_UINT, "Number of tasks"),
                Flag("env", LIST, "Set environment variables", shorthand="e"),
                Flag("detach", BOOL, "Exit immediately", shorthand="d"),
                Flag("name", STRING, "Service name"),
                Flag("update-delay", DURATION, "Delay between updates (ns|us|ms|s|m|h)"),
            ),
        ),
        Command(
            "ls [OPTIONS]",
            "List services",
            run=record,
            aliases=("list",),
            args=NO_ARGS,
            flags=(
                Flag("quiet", BOOL, "Only display IDs", shorthand="q"),
                Flag("format", STRING, FORMAT_HELP),
                Flag("filter", list_kind("filter"), "Filter output based on conditions provided", shorthand="f"),
            ),
        ),
        Command("rm SERVICE [SERVICE...]", "Remove one or more services", run=failing, args=min_args(1)),
        Command("scale SERVICE=REPLICAS", "Scale one service", run=record, args=exact_args(1)),
        Command("logs [SERVICE]", "Fetch logs", run=record, args=max_args(1)),
        Command("rollback A B [C]", "Roll back", run=record, args=range_args(2, 3)),
    )
    swarm = Command("swarm", "Manage Swarm", swarm="")
    swarm.add(Command("init [OPTIONS]", "Initialize a swarm", run=record, args=NO_ARGS))
    root.add(service, swarm, Command("ps [OPTIONS]", "List containers", run=record, args=NO_ARGS, category_top=3))
    SEEN.clear()
    return root


def run(root, line, **options):
    return run_command(line, "ctx", root=root, **options)


def test_runs_the_handler_with_args_flags_and_context(root):
    result = run(root, "docker service create -d --replicas=3 -e A=1 nginx:1.27 sh -c 'echo hi' --name x")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ran\n", "")
    path, args, flags, context = SEEN[0]
    assert path == "docker service create"
    assert args == ["nginx:1.27", "sh", "-c", "echo hi", "--name", "x"]
    assert (flags["replicas"], flags["env"], flags["detach"], flags["name"]) == (3, ("A=1",), True, "")
    assert context == "ctx"


def test_aliases_and_interspersed_flags(root):
    assert run(root, "service list -q").ok
    assert SEEN[0][2]["quiet"] is True
    assert run(root, ["service", "ls", "--filter", "name=web", "-q"]).ok


def test_unknown_flag_is_exit_125_with_usage(root):
    result = run(root, "service create --foo nginx")
    assert result.exit_code == 125
    assert result.stdout == ""
    assert result.stderr == (
        "unknown flag: --foo\n\n"
        "Usage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        "Run 'docker service create --help' for more information\n"
    )


@pytest.mark.parametrize(
    ("line", "first_line"),
    [
        (
            "service create --replicas x nginx",
            'invalid argument "x" for "--replicas" flag: strconv.ParseUint: parsing "x": invalid syntax',
        ),
        ("service create --replicas", "flag needs an argument: --replicas"),
        ("service create -x nginx", "unknown shorthand flag: 'x' in -x"),
        ("service create -e", "flag needs an argument: 'e' in -e"),
        (
            "service create --update-delay 10 nginx",
            'invalid argument "10" for "--update-delay" flag: time: missing unit in duration "10"',
        ),
    ],
)
def test_flag_errors(root, line, first_line):
    result = run(root, line)
    assert result.exit_code == 125
    assert result.stderr.startswith(
        first_line + "\n\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n"
    )


def test_requires_at_least(root):
    result = run(root, "service create")
    assert result.exit_code == 1
    assert result.stderr == (
        "docker: 'docker service create' requires at least 1 argument\n\n"
        "Usage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        "See 'docker service create --help' for more information\n"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "service ls extra",
            "docker: 'docker service ls' accepts no arguments\n\nUsage:  docker service ls [OPTIONS]\n\n"
            "Run 'docker service ls --help' for more information\n",
        ),
        (
            "service scale a=1 b=2",
            "docker: 'docker service scale' requires 1 argument\n\nUsage:  docker service scale SERVICE=REPLICAS\n\n"
            "Run 'docker service scale --help' for more information\n",
        ),
        (
            "service logs a b",
            "docker: 'docker service logs' requires at most 1 argument\n\nUsage:  docker service logs [SERVICE]\n\n"
            "SRun 'docker service logs --help' for more information\n",
        ),
        (
            "service rollback a",
            "docker: 'docker service rollback' requires at least 2 and at most 3 arguments\n\n"
            "Usage:  docker service rollback A B [C]\n\nRun 'docker service rollback --help' for more information\n",
        ),
    ],
)
def test_argument_count_errors_exit_1(root, line, expected):
    result = run(root, line)
    assert (result.exit_code, result.stderr) == (1, expected)


def test_unknown_commands(root):
    result = run(root, "foo")
    assert (result.exit_code, result.stderr) == (
        1,
        "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n",
    )
    result = run(root, "service foo")
    assert (result.exit_code, result.stderr) == (
        1,
        "docker: unknown command: docker service foo\n\nUsage:  docker service\n\n"
        "Run 'docker service --help' for more information\n",
    )


def test_flags_before_the_sub_command(root):
    result = run(root, "service --foo ls")
    assert result.exit_code == 125
    assert result.stderr == (
        "unknown flag: --foo\n\nUsage:  docker service\n\nRun 'docker service --help' for more information\n"
    )
    # cobra's Traverse returns this one without usage lines, and docker exits 1.
    assert (run(root, "service --foo=1 ls").exit_code, run(root, "service --foo=1 ls").stderr) == (
        1,
        "unknown flag: --foo\n",
    )


def test_global_flags(root):
    assert run(root, "-D --log-level debug -H unix:///var/run/docker.sock service ls").ok
    result = run(root, "--foo service ls")
    assert result.exit_code == 125
    assert result.stderr == (
        "unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information\n"
    )
    result = run(root, "service ls -D")
    assert result.stderr.startswith("unknown shorthand flag: 'D' in -D\n")


def test_version(root):
    for line in ("--version", "-v"):
        result = run(root, line)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "Docker version 28.2.2, build e6534b4\n", "")


def test_management_command_alone_prints_help_on_stderr(root):
    result = run(root, "service")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("Usage:  docker service COMMAND\n\nManage Swarm services\n\nCommands:\n")
    assert result.stderr.endswith("\n\nRun 'docker service COMMAND --help' for more information on a command.\n")


def test_help_goes_to_stdout(root):
    for line in ("service ls --help", "help service ls", "service --help ls", "--help service ls"):
        result = run(root, line)
        assert result.exit_code == 0, line
        assert result.stdout.startswith("Usage:  docker service ls [OPTIONS]\n\nList services\n"), line
    result = run(root, "service ls -h")
    assert result.stdout.startswith("Flag shorthand -h has been deprecated, use --help\nUsage:  docker service ls")
    assert SEEN == []


def test_help_topics(root):
    assert run(root, "help foo").stderr == "unknown help topic: foo\n"
    assert run(root, "help service foo").stderr == "unknown help topic: foo\n"
    assert run(root, "help").stdout.startswith("Usage:  docker [OPTIONS] COMMAND\n")


def test_bare_docker_shows_root_help_on_stderr(root):
    result = run(root, "")
    assert result.exit_code == 0
    assert result.stderr.startswith("Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n")


def test_swarm_commands_hidden_as_docker_hides_them(root):
    on_worker = run(root, "--help", swarm=SwarmStatus("active", control_available=False)).stdout
    on_manager = run(root, "--help", swarm=SwarmStatus("active", control_available=True)).stdout
    assert "\n  service     Manage Swarm services" not in on_worker
    assert "\n  service     Manage Swarm services" in on_manager
    assert "\n  swarm       Manage Swarm" in on_worker


def test_daemon_errors_keep_partial_output(root):
    result = run(root, "service rm web")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "partial\n",
        "Error response from daemon: This node is not a swarm manager.\n",
    )


def test_client_errors_can_carry_a_status(root):
    def fail(invocation):
        raise ClientError("task failed", exit_code=3)

    root.add(Command("fail", "Fail", run=fail))
    assert run(root, "fail").exit_code == 3
    assert run(root, "fail").stderr == "task failed\n"


def test_unterminated_quote_is_a_shell_error(root):
    result = run(root, "service create 'nginx")
    assert result.exit_code == 2
    assert "unterminated" in result.stderr
