"""Help text: pflag's flag listing and docker's usage template."""

from caasnb.cli import BOOL, FORMAT_HELP, INT, MAP, NO_ARGS, STRING, UINT64, Command, Flag, docker_root, list_kind
from caasnb.cli.help import flag_usages, usage_text


def test_service_ls_help_matches_docker():
    root = docker_root()
    service = Command("service", "Manage Swarm services")
    root.add(service)
    ls = Command(
        "ls [OPTIONS]",
        "List services",
        run=lambda invocation: 0,
        aliases=("list",),
        args=NO_ARGS,
        flags=(
            Flag("quiet", BOOL, "Only display IDs", shorthand="q"),
            Flag("format", STRING, FORMAT_HELP),
            Flag("filter", list_kind("filter"), "Filter output based on conditions provided", shorthand="f"),
        ),
    )
    service.add(ls)
    assert usage_text(ls) == (
        "Usage:  docker service ls [OPTIONS]\n"
        "\n"
        "List services\n"
        "\n"
        "Aliases:\n"
        "  docker service ls, docker service list\n"
        "\n"
        "Options:\n"
        "  -f, --filter filter   Filter output based on conditions provided\n"
        "      --format string   Format output using a custom template:\n"
        "                        'table':            Print output in table format\n"
        "                        with column headers (default)\n"
        "                        'table TEMPLATE':   Print output in table format\n"
        "                        using the given Go template\n"
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        "                        Go template.\n"
        "                        Refer to https://docs.docker.com/go/formatting/\n"
        "                        for more information about formatting output with\n"
        "                        templates\n"
        "  -q, --quiet           Only display IDs\n"
    )
    assert usage_text(service) == (
        "Usage:  docker service COMMAND\n\nManage Swarm services\n\nCommands:\n"
        "  ls          List services\n\nRun 'docker service COMMAND --help' for more information on a command.\n"
    )


def test_defaults_shown_as_pflag_shows_them():
    flags = [
        Flag("mode", STRING, "Service mode", default="replicated"),
        Flag(
            "parallelism", UINT64, "Maximum number of tasks updated simultaneously (0 to update all at once)", default=1
        ),
        Flag("count", INT, "Zero default is not shown"),
        Flag("opt", MAP, "Set driver specific options", shorthand="o"),
        Flag("output", STRING, "Write to `file`", shorthand="O"),
        Flag("secret", STRING, "Hidden", hidden=True),
    ]
    # The help column starts 3 spaces after the longest flag; wrapping at 79 columns keeps
    # pflag's 5-column slop (the first line is cut at the last blank before column 74).
    assert flag_usages(flags) == (
        "      --count int          Zero default is not shown\n"
        '      --mode string        Service mode (default "replicated")\n'
        "  -o, --opt map            Set driver specific options (default map[])\n"
        "  -O, --output file        Write to file\n"
        "      --parallelism uint   Maximum number of tasks updated simultaneously\n"
        "                           (0 to update all at once) (default 1)\n"
    )


def test_root_help_lists_groups_and_global_options():
    root = docker_root()
    root.add(Command("run IMAGE", "Create and run a new container from an image", run=lambda i: 0, category_top=1))
    root.add(Command("ps", "List containers", run=lambda i: 0, category_top=3))
    root.add(Command("attach CONTAINER", "Attach local standard input, output, and error streams", run=lambda i: 0))
    network = Command("network", "Manage networks")
    network.add(Command("ls", "List networks", run=lambda i: 0))
    swarm = Command("swarm", "Manage Swarm", swarm="")
    swarm.add(Command("init", "Initialize a swarm", run=lambda i: 0))
    root.add(network, swarm)
    text = usage_text(root)
    assert text.startswith(
        "Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\n"
        "Common Commands:\n"
        "  run         Create and run a new container from an image\n"
        "  ps          List containers\n\n"
        "Management Commands:\n"
        "  network     Manage networks\n\n"
        "Swarm Commands:\n"
        "  swarm       Manage Swarm\n\n"
        "Commands:\n"
        "  attach      Attach local standard input, output, and error streams\n\n"
        "Global Options:\n"
        "      --config string      Location of client config files (default\n"
        '                           "/root/.docker")\n'
    )
    assert "  -v, --version            Print version information and quit\n" in text
    assert text.endswith(
        "\n\nRun 'docker COMMAND --help' for more information on a command.\n\n"
        "For more help on how to use Docker, head to https://docs.docker.com/go/guides/\n"
    )
    assert "help" not in text.split("Commands:")[-1].split("Global Options")[0]
