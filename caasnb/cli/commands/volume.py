"""``docker volume create|ls|inspect|rm|prune`` (docker/cli v28.2.2 ``cli/command/volume``).

``ls`` sorts by name in natural order and shows ``DRIVER`` and ``VOLUME NAME``; ``prune``
asks first (answer on stdin, ``-f`` skips it) and removes only anonymous volumes unless
``--all``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ClientError
from ...golang.units import human_size
from .. import (
    BOOL,
    FORMAT_HELP,
    INSPECT_FORMAT_HELP,
    LIST,
    MAP,
    NO_ARGS,
    STRING,
    Command,
    Flag,
    Invocation,
    ListFormat,
    max_args,
    min_args,
    register,
)
from .client import Client, filters_query, remove_each
from .inspect_output import inspect
from .network import confirm
from .options import FILTER, filter_lists
from .task_table import natural_key

VOLUMES = ListFormat(
    table="table {{.Driver}}\t{{.Name}}",
    header={
        "ID": "ID",
        "Name": "VOLUME NAME",
        "Group": "GROUP",
        "Driver": "DRIVER",
        "Scope": "SCOPE",
        "Availability": "AVAILABILITY",
        "Mountpoint": "MOUNTPOINT",
        "Labels": "LABELS",
        "Links": "LINKS",
        "Size": "SIZE",
        "Status": "STATUS",
    },
    quiet="{{.Name}}",
    raw="name: {{.Name}}\\ndriver: {{.Driver}}\\n",
    raw_quiet="name: {{.Name}}",
)
ANONYMOUS_WARNING = "\n".join(
    (
        "WARNING! This will remove anonymous local volumes not used by at least one container.",
        "Are you sure you want to continue?",
    )
)
ALL_WARNING = "\n".join(
    (
        "WARNING! This will remove all local volumes not used by at least one container.",
        "Are you sure you want to continue?",
    )
)


@dataclass
class VolumeRow:
    """docker's ``volumeContext``."""

    volume: dict
    go_type = "*formatter.volumeContext"

    Name = property(lambda self: self.volume["Name"])
    Driver = property(lambda self: self.volume["Driver"])
    Scope = property(lambda self: self.volume["Scope"])
    Mountpoint = property(lambda self: self.volume["Mountpoint"])
    Links = property(lambda self: "N/A")
    Size = property(lambda self: "N/A")
    Group = property(lambda self: "N/A")
    Availability = property(lambda self: "N/A")
    Status = property(lambda self: "N/A")

    @property
    def Labels(self) -> str:
        return ",".join(f"{key}={value}" for key, value in (self.volume.get("Labels") or {}).items())

    def Label(self, name: str) -> str:
        return (self.volume.get("Labels") or {}).get(name, "")

    def go_json(self) -> dict:
        names = ("Availability", "Driver", "Group", "Labels", "Links", "Mountpoint", "Name", "Scope", "Size", "Status")
        return {name: getattr(self, name) for name in names}


def run_create(invocation: Invocation) -> None:
    flag = invocation.flag
    if flag("name") and invocation.args:
        raise ClientError(
            "conflicting options: cannot specify a volume-name through both --name and as a positional arg"
        )
    name = flag("name") or (invocation.args[0] if invocation.args else "")
    labels = {key: value for key, _, value in (item.partition("=") for item in flag("label"))}
    body = {"Driver": flag("driver"), "DriverOpts": dict(flag("opt")), "Labels": labels, "Name": name}
    answer = Client(invocation).call("POST", "/volumes/create", body=body)
    invocation.out.write(answer["Name"] + "\n")


def run_ls(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    answer = client.get("/volumes", filters_query(filter_lists(flag("filter"))))
    volumes = sorted(answer.get("Volumes") or [], key=lambda volume: natural_key(volume["Name"]))
    invocation.out.write(VOLUMES.render(flag("format"), flag("quiet"), [VolumeRow(v) for v in volumes]))


def run_inspect(invocation: Invocation) -> None:
    client = Client(invocation)
    inspect(invocation, invocation.args, invocation.flag("format"), lambda name: client.get(f"/volumes/{name}"))


def run_rm(invocation: Invocation) -> None:
    remove_each(invocation, "volume", {"force": "1"} if invocation.flag("force") else {})


def run_prune(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    filters = filter_lists(flag("filter"))
    if flag("all"):
        if "all" in filters:
            raise ClientError("conflicting options: cannot specify both --all and --filter all=1")
        filters["all"] = ["true"]
    if not flag("force") and not confirm(invocation, client, ALL_WARNING if flag("all") else ANONYMOUS_WARNING):
        return
    report = client.call("POST", "/volumes/prune", filters_query(filters))
    deleted = report.get("VolumesDeleted") or []
    if deleted:
        invocation.out.write("Deleted Volumes:\n" + "".join(name + "\n" for name in deleted) + "\n")
    reclaimed = report.get("SpaceReclaimed", 0) if deleted else 0
    invocation.out.write(f"Total reclaimed space: {human_size(reclaimed)}\n")


register(Command("volume", "Manage volumes"))
register(
    Command(
        "create [OPTIONS] [VOLUME]",
        "Create a volume",
        run=run_create,
        args=max_args(1),
        flags=(
            Flag("driver", STRING, "Specify volume driver name", shorthand="d", default="local"),
            Flag("name", STRING, "Specify volume name", hidden=True),
            Flag("opt", MAP, "Set driver specific options", shorthand="o"),
            Flag("label", LIST, "Set metadata for a volume"),
        ),
    ),
    Command(
        "inspect [OPTIONS] VOLUME [VOLUME...]",
        "Display detailed information on one or more volumes",
        run=run_inspect,
        args=min_args(1),
        flags=(Flag("format", STRING, INSPECT_FORMAT_HELP, shorthand="f"),),
    ),
    Command(
        "ls [OPTIONS]",
        "List volumes",
        run=run_ls,
        aliases=("list",),
        args=NO_ARGS,
        flags=(
            Flag("quiet", BOOL, "Only display volume names", shorthand="q"),
            Flag("format", STRING, FORMAT_HELP),
            Flag("filter", FILTER, 'Provide filter values (e.g. "dangling=true")', shorthand="f"),
        ),
    ),
    Command(
        "prune [OPTIONS]",
        "Remove unused local volumes",
        run=run_prune,
        args=NO_ARGS,
        flags=(
            Flag("all", BOOL, "Remove all unused volumes, not just anonymous ones", shorthand="a"),
            Flag("force", BOOL, "Do not prompt for confirmation", shorthand="f"),
            Flag("filter", FILTER, 'Provide filter values (e.g. "label=<label>")'),
        ),
    ),
    Command(
        "rm [OPTIONS] VOLUME [VOLUME...]",
        "Remove one or more volumes",
        long="Remove one or more volumes. You cannot remove a volume that is in use by a container.",
        run=run_rm,
        aliases=("remove",),
        args=min_args(1),
        flags=(Flag("force", BOOL, "Force the removal of one or more volumes", shorthand="f"),),
    ),
    under="volume",
)
