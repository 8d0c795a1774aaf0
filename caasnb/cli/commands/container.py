"""``docker run|create|start|stop|kill|restart|pause|unpause|rm|ps|exec|top|wait|rename|port`` and ``docker container``.

docker/cli v28.2.2 ``cli/command/container``: each command is the Engine API request the
real CLI sends; commands taking several containers act on each and print each name, then
report the failures together (exit 1). ``docker run -d`` prints the new ID; in the
foreground it attaches until the container ends (at most a minute of simulated time: a notebook
cell must end) and prints what it wrote, exiting with its exit code.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...engine.engine import error_from
from ...errors import ClientError, DockerError
from ...golang.strconv import quote
from ...golang.units import human_duration, human_size_with_precision
from ...sim import SECOND
from .. import (
    BOOL,
    FORMAT_HELP,
    INSPECT_FORMAT_HELP,
    INT,
    NO_ARGS,
    STRING,
    Command,
    Flag,
    Invocation,
    ListFormat,
    exact_args,
    min_args,
    range_args,
    register,
    render,
)
from ..display import ellipsis, truncate_id
from .client import Client, filters_query
from .container_run import create, create_flags
from .inspect_output import inspect
from .options import FILTER, filter_lists
from .service_opts import ENV
from .streams import unframe

CONTAINERS = ListFormat(
    table="table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}",
    header={
        "ID": "CONTAINER ID",
        "Image": "IMAGE",
        "Command": "COMMAND",
        "CreatedAt": "CREATED AT",
        "RunningFor": "CREATED",
        "Status": "STATUS",
        "Ports": "PORTS",
        "Names": "NAMES",
        "Size": "SIZE",
        "Labels": "LABELS",
        "Mounts": "MOUNTS",
        "Networks": "NETWORKS",
        "State": "STATE",
    },
)


def display_ports(ports: list[dict]) -> str:
    """``DisplayablePorts``: published ``IP:PUBLIC->PRIVATE/TYPE``, else ``PRIVATE/TYPE``, sorted."""
    rows = sorted(ports, key=lambda p: (p.get("IP", ""), p["PrivatePort"], p["Type"], p.get("PublicPort", 0)))
    return ", ".join(
        f"{p['IP']}:{p['PublicPort']}->{p['PrivatePort']}/{p['Type']}" if p.get("PublicPort") else
        f"{p['PrivatePort']}/{p['Type']}" for p in rows
    )  # fmt: skip


@dataclass
class ContainerRow:
    """docker's ``ContainerContext`` for ``docker ps``."""

    container: dict
    trunc: bool
    now: int
    go_type = "*formatter.ContainerContext"

    @property
    def ID(self) -> str:
        return truncate_id(self.container["Id"]) if self.trunc else self.container["Id"]

    @property
    def Names(self) -> str:
        return ",".join(name[1:] for name in self.container["Names"] if name.count("/") == 1)

    @property
    def Image(self) -> str:
        image = self.container["Image"]
        return truncate_id(image.removeprefix("sha256:")) if self.trunc and image.startswith("sha256:") else image

    @property
    def Command(self) -> str:
        command = self.container["Command"]
        return quote(ellipsis(command, 20) if self.trunc else command)

    @property
    def CreatedAt(self) -> str:
        from .gotime import go_time

        return go_time(self.container["Created"] * SECOND)

    @property
    def RunningFor(self) -> str:
        return human_duration(self.now - self.container["Created"] * SECOND) + " ago"

    Status = property(lambda self: self.container["Status"])
    State = property(lambda self: self.container["State"])

    @property
    def Ports(self) -> str:
        return display_ports(self.container["Ports"])

    @property
    def Size(self) -> str:
        if "SizeRw" not in self.container:
            return "0B"
        rw = human_size_with_precision(self.container["SizeRw"], 3)
        return f"{rw} (virtual {human_size_with_precision(self.container['SizeRootFs'], 3)})"

    @property
    def Labels(self) -> str:
        return ",".join(f"{k}={v}" for k, v in (self.container.get("Labels") or {}).items())

    def Label(self, name: str) -> str:
        return (self.container.get("Labels") or {}).get(name, "")

    @property
    def Networks(self) -> str:
        return ",".join(sorted((self.container.get("NetworkSettings") or {}).get("Networks") or {}))

    @property
    def Mounts(self) -> str:
        return ",".join(m.get("Name") or m.get("Source", "") for m in self.container.get("Mounts") or [])

    def go_json(self) -> dict:
        names = ("Command", "CreatedAt", "ID", "Image", "Labels", "Mounts", "Names", "Networks", "Ports",
                 "RunningFor", "Size", "State", "Status")  # fmt: skip
        return {name: getattr(self, name) for name in names}


def run_ps(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    limit = 1 if flag("latest") else flag("last")
    query = {"all": flag("all"), "filters": filters_query(filter_lists(flag("filter"))).get("filters")}
    if limit > 0:
        query["limit"] = limit
    if flag("size"):
        query["size"] = True
    rows = client.get("/containers/json", {k: v for k, v in query.items() if v is not None})
    now = client.now()
    shown = [ContainerRow(row, not flag("no-trunc"), now) for row in rows]
    chosen = CONTAINERS.choose(flag("format"), flag("quiet"))
    if flag("size") and chosen == CONTAINERS.table:
        chosen += "\t{{.Size}}"  # docker adds the SIZE column to its default table
    invocation.out.write(render(chosen, shown, CONTAINERS.header))


def _each(invocation: Invocation, action) -> None:
    """Do ``action(ref)`` for every argument, print each ref, then every error together (exit 1)."""
    failures = []
    for ref in invocation.args:
        try:
            action(ref)
        except DockerError as error:
            failures.append(error.cli_lines().rstrip("\n") if error.status != 400 else error.message)
            continue
        invocation.out.write(ref + "\n")
    if failures:
        raise ClientError("\n".join(failures))


def run_simple(path: str, query_of=lambda invocation: {}):
    def handler(invocation: Invocation) -> None:
        client = Client(invocation)
        _each(invocation, lambda ref: client.call("POST", f"/containers/{ref}/{path}", query_of(invocation)))

    return handler


def _timeout(invocation: Invocation) -> dict:
    for name in ("timeout", "time"):
        if invocation.was_set(name):
            return {"t": invocation.flag(name)}
    return {}


def _signal(invocation: Invocation) -> dict:
    return {"signal": invocation.flag("signal")} if invocation.flag("signal") else {}


def run_rm(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    query = {"force": flag("force"), "v": flag("volumes")}
    _each(invocation, lambda ref: client.call("DELETE", f"/containers/{ref}", query))


def run_create(invocation: Invocation) -> None:
    invocation.out.write(create(invocation, Client(invocation)) + "\n")


def _post_stream(client: Client, path: str, query: dict, body: dict | None = None) -> tuple[str, bytes]:
    """A hijacked POST (attach, exec start): its content type and raw body; the daemon's error raised."""
    response = client.engine.request(client.node, "POST", path, query, body)
    if response.status >= 400:
        raise error_from(response)
    return response.headers.get("Content-Type", ""), response.body


def _write_stream(invocation: Invocation, content_type: str, body: bytes) -> None:
    """``stdcopy.StdCopy`` for a multiplexed stream; a TTY's raw stream all to stdout."""
    if not content_type.endswith("multiplexed-stream"):
        invocation.out.write(body.decode("utf-8", "surrogateescape"))
        return
    for line in unframe(body):
        (invocation.out if line.stream == "stdout" else invocation.err).write(line.text)


def run_status_error(error: DockerError) -> ClientError:
    """docker/cli's ``toStatusError`` for ``docker run``: 127 for a missing file, 126 for a refused one, else 125."""
    message = error.cli_lines().rstrip("\n")
    code = 125
    if any(text in message for text in ("executable file not found", "no such file or directory")):
        code = 127
    elif any(text in message for text in ("permission denied", "is a directory")):
        code = 126
    return ClientError(f"docker: {message}\n\nRun 'docker run --help' for more information", exit_code=code)


def run_run(invocation: Invocation) -> int | None:
    client = Client(invocation)
    try:
        container_id = create(invocation, client)
        client.call("POST", f"/containers/{container_id}/start")
    except ClientError:
        raise
    except DockerError as error:
        raise run_status_error(error) from None
    if invocation.flag("detach"):
        invocation.out.write(container_id + "\n")
        return None
    query = {"stream": "1", "stdout": "1", "stderr": "1"}
    _write_stream(invocation, *_post_stream(client, f"/containers/{container_id}/attach", query))
    rm = invocation.flag("rm")
    try:
        if client.get(f"/containers/{container_id}/json")["State"]["Running"]:
            return None  # still running when the cell had to end: left running, as after detaching
    except DockerError:
        if not rm:
            raise
    condition = "removed" if rm else "not-running"
    return client.call("POST", f"/containers/{container_id}/wait", {"condition": condition})["StatusCode"]


def run_exec(invocation: Invocation) -> int:
    client, flag = Client(invocation), invocation.flag
    ref, *command = invocation.args
    body = {"Cmd": command, "Env": list(flag("env")) or None, "WorkingDir": flag("workdir"), "User": flag("user"),
            "AttachStdout": True, "AttachStderr": True, "Tty": flag("tty")}  # fmt: skip
    exec_id = client.call("POST", f"/containers/{ref}/exec", body=body)["Id"]
    content_type, body = _post_stream(client, f"/exec/{exec_id}/start", {}, {"Detach": flag("detach")})
    _write_stream(invocation, content_type, body)
    return client.get(f"/exec/{exec_id}/json")["ExitCode"] or 0


def run_top(invocation: Invocation) -> None:
    ref, *args = invocation.args
    top = Client(invocation).get(f"/containers/{ref}/top", {"ps_args": " ".join(args)} if args else {})
    rows = [top["Titles"], *top["Processes"]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(top["Titles"]))]
    for row in rows:
        invocation.out.write(
            "".join(cell.ljust(width + 3) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n"
        )


def run_wait(invocation: Invocation) -> None:
    client = Client(invocation)
    failures = []
    for ref in invocation.args:
        try:
            invocation.out.write(f"{client.call('POST', f'/containers/{ref}/wait')['StatusCode']}\n")
        except DockerError as error:
            failures.append(error.cli_lines().rstrip("\n"))
    if failures:
        raise ClientError("\n".join(failures))


def run_rename(invocation: Invocation) -> None:
    old, new = invocation.args
    if not new.strip():
        raise ClientError("Error: Neither old nor new names may be empty")
    Client(invocation).call("POST", f"/containers/{old}/rename", {"name": new})


def run_port(invocation: Invocation) -> None:
    ref, *wanted = invocation.args
    ports = Client(invocation).get(f"/containers/{ref}/json")["NetworkSettings"]["Ports"] or {}
    lines = []
    for key, bindings in sorted(ports.items(), key=lambda item: int(item[0].split("/")[0])):
        if wanted and key not in (wanted[0], f"{wanted[0]}/tcp"):
            continue
        for binding in bindings or []:
            address = f"{binding['HostIp']}:{binding['HostPort']}"
            lines.append(address if wanted else f"{key} -> {address}")
    if wanted and not lines:
        raise ClientError(
            f"Error: No public port '{wanted[0] if '/' in wanted[0] else wanted[0] + '/tcp'}' published for {ref}"
        )
    invocation.out.write("".join(line + "\n" for line in lines))


def run_inspect(invocation: Invocation) -> None:
    client = Client(invocation)
    query = {"size": "1"} if invocation.flag("size") else {}
    inspect(
        invocation, invocation.args, invocation.flag("format"), lambda ref: client.get(f"/containers/{ref}/json", query)
    )


def run_prune(invocation: Invocation) -> None:
    client = Client(invocation)
    if not invocation.flag("force"):
        invocation.out.write(
            "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "
        )
        if client.stdin.split("\n", 1)[0].strip().lower() != "y":
            return
    report = client.call("POST", "/containers/prune", filters_query(filter_lists(invocation.flag("filter"))))
    deleted = report.get("ContainersDeleted") or []
    if deleted:
        invocation.out.write("Deleted Containers:\n" + "".join(cid + "\n" for cid in deleted) + "\n")
    invocation.out.write(f"Total reclaimed space: {human_size_with_precision(report.get('SpaceReclaimed', 0), 3)}\n")


# -- the commands -------------------------------------------------------------------------
def _ps(use: str, **more) -> Command:
    return Command(
        use, "List containers", run=run_ps, args=NO_ARGS,
        aliases_text="docker container ls, docker container list, docker container ps, docker ps",
        flags=(
            Flag("all", BOOL, "Show all containers (default shows just running)", shorthand="a"),
            Flag("filter", FILTER, "Filter output based on conditions provided", shorthand="f"),
            Flag("format", STRING, FORMAT_HELP),
            Flag("last", INT, "Show n last created containers (includes all states)", shorthand="n", default=-1),
            Flag("latest", BOOL, "Show the latest created container (includes all states)", shorthand="l"),
            Flag("no-trunc", BOOL, "Don't truncate output"),
            Flag("quiet", BOOL, "Only display container IDs", shorthand="q"),
            Flag("size", BOOL, "Display total file sizes", shorthand="s"),
        ), **more,
    )  # fmt: skip


def _run(**top) -> Command:
    return Command(
        "run [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image", run=run_run,
        args=min_args(1), interspersed=False, aliases_text="docker container run, docker run",
        flags=(*create_flags(), Flag("detach", BOOL, "Run container in background and print container ID",
                                     shorthand="d")), **top,
    )  # fmt: skip


def _exec(**top) -> Command:
    return Command(
        "exec [OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container", run=run_exec,
        args=min_args(2), interspersed=False, aliases_text="docker container exec, docker exec",
        flags=(
            Flag("detach", BOOL, "Detached mode: run command in the background", shorthand="d"),
            Flag("env", ENV, "Set environment variables", shorthand="e"),
            Flag("interactive", BOOL, "Keep STDIN open even if not attached", shorthand="i"),
            Flag("tty", BOOL, "Allocate a pseudo-TTY", shorthand="t"),
            Flag("user", STRING, "Username or UID (format: \"<name|uid>[:<group|gid>]\")", shorthand="u"),
            Flag("workdir", STRING, "Working directory inside the container", shorthand="w"),
        ), **top,
    )  # fmt: skip


def _twin(use: str, short: str, run, **more) -> Command:
    """A command that exists both as ``docker NAME`` and ``docker container NAME``."""
    name = use.split(" ", 1)[0]
    return Command(use, short, run=run, aliases_text=f"docker container {name}, docker {name}", **more)


def _lifecycle() -> list[Command]:
    time_flags = (
        Flag("timeout", INT, "Seconds to wait before killing the container", shorthand="t"),
        Flag("time", INT, "Seconds to wait before killing the container (deprecated: use --timeout)",
             deprecated="use --timeout instead"),
    )  # fmt: skip
    signal_flag = Flag("signal", STRING, "Signal to send to the container", shorthand="s")
    many = min_args(1)
    return [
        _twin("start [OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers",
              run_simple("start"), args=many),
        _twin("stop [OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers",
              run_simple("stop", _timeout), args=many, flags=(signal_flag, *time_flags)),
        _twin("restart [OPTIONS] CONTAINER [CONTAINER...]", "Restart one or more containers",
              run_simple("restart", _timeout), args=many, flags=(signal_flag, *time_flags)),
        _twin("kill [OPTIONS] CONTAINER [CONTAINER...]", "Kill one or more running containers",
              run_simple("kill", _signal), args=many, flags=(signal_flag,)),
        _twin("pause CONTAINER [CONTAINER...]", "Pause all processes within one or more containers",
              run_simple("pause"), args=many),
        _twin("unpause CONTAINER [CONTAINER...]", "Unpause all processes within one or more containers",
              run_simple("unpause"), args=many),
        _twin("top CONTAINER [ps OPTIONS]", "Display the running processes of a container", run_top, args=many,
              interspersed=False),
        _twin("wait CONTAINER [CONTAINER...]", "Block until one or more containers stop, then print their exit codes",
              run_wait, args=many),
        _twin("rename CONTAINER NEW_NAME", "Rename a container", run_rename, args=exact_args(2)),
        _twin("port CONTAINER [PRIVATE_PORT[/PROTO]]", "List port mappings or a specific mapping for the container",
              run_port, args=range_args(1, 2)),
        _twin("create [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container", run_create, args=many,
              interspersed=False, flags=create_flags()),
    ]  # fmt: skip


def _rm(use: str, **more) -> Command:
    return Command(
        use, "Remove one or more containers", run=run_rm, args=min_args(1),
        aliases_text="docker container rm, docker container remove, docker rm",
        flags=(
            Flag("force", BOOL, "Force the removal of a running container (uses SIGKILL)", shorthand="f"),
            Flag("link", BOOL, "Remove the specified link", shorthand="l"),
            Flag("volumes", BOOL, "Remove anonymous volumes associated with the container", shorthand="v"),
        ), **more,
    )  # fmt: skip


register(
    _run(category_top=1), _exec(category_top=2), _ps("ps [OPTIONS]", category_top=3),
    _rm("rm [OPTIONS] CONTAINER [CONTAINER...]"), *_lifecycle(),
)  # fmt: skip
register(Command("container", "Manage containers"))
register(
    _run(), _exec(), _ps("ls [OPTIONS]", aliases=("ps", "list")),
    _rm("rm [OPTIONS] CONTAINER [CONTAINER...]", aliases=("remove",)), *_lifecycle(),
    Command("inspect [OPTIONS] CONTAINER [CONTAINER...]", "Display detailed information on one or more containers",
            run=run_inspect, args=min_args(1),
            flags=(Flag("format", STRING, INSPECT_FORMAT_HELP, shorthand="f"),
                   Flag("size", BOOL, "Display total file sizes", shorthand="s"))),
    Command("prune [OPTIONS]", "Remove all stopped containers", run=run_prune, args=NO_ARGS,
            flags=(Flag("force", BOOL, "Do not prompt for confirmation", shorthand="f"),
                   Flag("filter", FILTER, 'Provide filter values (e.g. "until=<timestamp>")'))),
    under="container",
)  # fmt: skip
