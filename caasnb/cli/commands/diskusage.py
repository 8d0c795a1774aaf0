"""``docker system df`` and ``docker system prune`` (docker/cli v28.2.2 ``system/df.go``, ``system/prune.go``).

``df`` sums what ``GET /system/df`` reports per kind: TOTAL, ACTIVE (images with containers,
running/paused/restarting containers, volumes in use, build cache in use), SIZE and
RECLAIMABLE with its percentage, sizes in go-units' ``HumanSize``. ``prune`` asks its
[y/N] question (the list of what goes), then prunes containers, networks, (volumes with
``--volumes``), images (dangling, or unused with ``-a``) and the build cache, printing
each report and the total reclaimed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...errors import ClientError
from ...golang.units import human_size_with_precision
from ...images.reference import parse
from .. import BOOL, NO_ARGS, STRING, Command, Flag, Invocation, ListFormat, register
from ..format import render
from . import events  # noqa: F401  (registers ``docker system``)
from .client import Client, filters_query
from .container import CONTAINERS, ContainerRow
from .image import ImageRow
from .network import confirm
from .options import FILTER, filter_lists
from .volume import VolumeRow

DISK_USAGE = ListFormat(
    table="table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
    header={"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE", "Reclaimable": "RECLAIMABLE"},
    raw="type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\n"
    "reclaimable: {{.Reclaimable}}\n",
)
ACTIVE_STATES = ("running", "paused", "restarting")
IMAGE_TABLE = (
    "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}"
    "\t{{.Containers}}"
)
IMAGE_HEADER = {"Repository": "REPOSITORY", "Tag": "TAG", "ID": "IMAGE ID", "CreatedSince": "CREATED", "Size": "SIZE"}
IMAGE_HEADER |= {"Containers": "CONTAINERS"}
CONTAINER_TABLE = (
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}"
)
VOLUME_TABLE = "table {{.Name}}\t{{.Links}}\t{{.Size}}"
CACHE_TABLE = (
    "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}"
)
CACHE_HEADER = {"ID": "CACHE ID", "CacheType": "CACHE TYPE", "Size": "SIZE", "CreatedSince": "CREATED"}
CACHE_HEADER |= {"LastUsedSince": "LAST USED", "UsageCount": "USAGE", "Shared": "SHARED"}


def human_size(size: float) -> str:
    """go-units ``HumanSize``: decimal units, four significant digits."""
    return human_size_with_precision(size, 4)


def _reclaimable(reclaimable: int, total: int) -> str:
    if total > 0:
        return f"{human_size(reclaimable)} ({reclaimable * 100 // total}%)"
    return human_size(reclaimable)


@dataclass
class UsageRow:
    """One line of ``docker system df``."""

    Type: str
    count: int
    active: int
    size: int
    reclaimable: int
    shown_total: int
    go_type = "*formatter.diskUsageContext"

    TotalCount = property(lambda self: str(self.count))
    Active = property(lambda self: str(self.active))
    Size = property(lambda self: human_size(self.size))

    @property
    def Reclaimable(self) -> str:
        if self.Type == "Build Cache":
            return human_size(self.reclaimable)
        return _reclaimable(self.reclaimable, self.shown_total)

    def go_json(self) -> dict[str, str]:
        names = ("Active", "Reclaimable", "Size", "TotalCount", "Type")
        return {name: getattr(self, name) for name in names}


def usage_rows(usage: dict[str, Any]) -> list[UsageRow]:
    """The four rows docker computes from a ``/system/df`` answer."""
    images, containers = usage.get("Images") or [], usage.get("Containers") or []
    volumes, cache = usage.get("Volumes") or [], usage.get("BuildCache") or []
    layers = usage.get("LayersSize", 0)
    used = sum(
        i["Size"] - i["SharedSize"] for i in images if i["Containers"] and -1 not in (i["Size"], i["SharedSize"])
    )
    active = [c for c in containers if c.get("State") in ACTIVE_STATES]
    rw = sum(c.get("SizeRw", 0) for c in containers)
    sized = [v["UsageData"] for v in volumes if v["UsageData"]["Size"] != -1]
    volume_size = sum(u["Size"] for u in sized)
    builder = sum(b.get("Size", 0) for b in cache)
    return [
        UsageRow("Images", len(images), sum(1 for i in images if i["Containers"] > 0), layers, layers - used, layers),
        UsageRow("Containers", len(containers), len(active), rw, rw - sum(c.get("SizeRw", 0) for c in active), rw),
        UsageRow(
            "Local Volumes",
            len(volumes),
            sum(1 for v in volumes if v["UsageData"]["RefCount"] > 0),
            volume_size,
            sum(u["Size"] for u in sized if u["RefCount"] == 0),
            volume_size,
        ),
        UsageRow("Build Cache", len(cache), sum(1 for b in cache if b.get("InUse")), builder, builder, builder),
    ]


class DiskImageRow(ImageRow):
    """An image line of ``system df -v``: the sizes ``/system/df`` knows (shared, unique)."""

    @property
    def SharedSize(self) -> str:
        shared = self.image.get("SharedSize", -1)
        return "N/A" if shared == -1 else human_size(shared)

    @property
    def UniqueSize(self) -> str:
        size, shared = self.image.get("Size", -1), self.image.get("SharedSize", -1)
        return "N/A" if -1 in (size, shared) else human_size(size - shared)


class DiskContainerRow(ContainerRow):
    """A container line of ``system df -v``: its writable layer, and how many volumes it mounts."""

    @property
    def Size(self) -> str:
        return human_size_with_precision(self.container.get("SizeRw", 0), 3)  # df zeroes SizeRootFs: no "virtual"

    @property
    def LocalVolumes(self) -> str:
        return str(sum(1 for mount in self.container.get("Mounts") or () if mount.get("Type") == "volume"))


class DiskVolumeRow(VolumeRow):
    """A volume line of ``system df -v``: how many containers use it, and its size."""

    Links = property(lambda self: str(self.volume["UsageData"]["RefCount"]))

    @property
    def Size(self) -> str:
        size = self.volume["UsageData"]["Size"]
        return "N/A" if size == -1 else human_size(size)


def _repo_tag(image: dict) -> tuple[str, str]:
    """The first ``repository:tag`` of an image, or ``<none>`` twice."""
    if not image.get("RepoTags"):
        return "<none>", "<none>"
    ref = parse(image["RepoTags"][0])
    return ref.familiar_name, ref.tag or "<none>"


def verbose(usage: dict[str, Any], now: int) -> str:
    """``verboseWriteTable``: the four sections of ``system df -v``."""
    images = [DiskImageRow(i, *_repo_tag(i), "<none>", True, now) for i in usage.get("Images") or []]
    containers = [DiskContainerRow(c, True, now) for c in usage.get("Containers") or []]
    volumes = [DiskVolumeRow(v) for v in usage.get("Volumes") or []]
    builder = sum(b.get("Size", 0) for b in usage.get("BuildCache") or [])
    return "".join(
        (
            "Images space usage:\n\n",
            render(IMAGE_TABLE, images, {**IMAGE_HEADER, "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE"}),
            "\nContainers space usage:\n\n",
            render(CONTAINER_TABLE, containers, {**CONTAINERS.header, "LocalVolumes": "LOCAL VOLUMES"}),
            "\nLocal Volumes space usage:\n\n",
            render(VOLUME_TABLE, volumes, {"Name": "VOLUME NAME", "Links": "LINKS", "Size": "SIZE"}),
            f"\nBuild cache usage: {human_size(builder)}\n\n",
            render(CACHE_TABLE, [], CACHE_HEADER),
        )
    )


def run_df(invocation: Invocation) -> None:
    client = Client(invocation)
    usage = client.get("/system/df")
    if invocation.flag("verbose") and invocation.flag("format") in ("", "table"):
        invocation.out.write(verbose(usage, client.now()))
        return
    invocation.out.write(DISK_USAGE.render(invocation.flag("format"), False, usage_rows(usage)))


def warnings(all_images: bool, volumes: bool) -> list[str]:
    """What ``system prune`` says it will remove."""
    found = ["all stopped containers", "all networks not used by at least one container"]
    if volumes:
        found.append("all anonymous volumes not used by at least one container")
    found.append(
        "all images without at least one container associated to them" if all_images else "all dangling images"
    )
    found.append("all build cache" if all_images else "unused build cache")
    return found


def question(all_images: bool, volumes: bool, filters: dict[str, list[str]]) -> str:
    """``confirmationTemplate`` filled in."""
    text = "WARNING! This will remove:\n" + "".join(f"  - {w}\n" for w in warnings(all_images, volumes))
    shown = sorted(f"{name}={value}" for name in ("label", "label!", "until") for value in filters.get(name, ()))
    if shown:
        text += "\n  Items to be pruned will be filtered with:\n" + "".join(f"  - {f}\n" for f in shown)
    return text + "\nAre you sure you want to continue?"


def _section(title: str, names: list[str]) -> str:
    return f"{title}:\n" + "".join(name + "\n" for name in names) if names else ""


def run_prune(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    filters = filter_lists(flag("filter"))
    if flag("volumes") and "until" in filters:
        raise ClientError('ERROR: The "until" filter is not supported with "--volumes"')
    if not flag("force") and not confirm(invocation, client, question(flag("all"), flag("volumes"), filters)):
        return  # cancelled: docker prints nothing more and exits 0
    reclaimed = 0
    report = client.call("POST", "/containers/prune", filters_query(filters))
    reclaimed += report.get("SpaceReclaimed", 0)
    outputs = [_section("Deleted Containers", report.get("ContainersDeleted") or [])]
    report = client.call("POST", "/networks/prune", filters_query(filters))
    outputs.append(_section("Deleted Networks", report.get("NetworksDeleted") or []))
    if flag("volumes"):
        report = client.call("POST", "/volumes/prune", filters_query(filters))
        reclaimed += report.get("SpaceReclaimed", 0)
        outputs.append(_section("Deleted Volumes", report.get("VolumesDeleted") or []))
    image_filters = {**filters, "dangling": ["false" if flag("all") else "true"]}
    report = client.call("POST", "/images/prune", filters_query(image_filters))
    deleted = report.get("ImagesDeleted") or []
    reclaimed += report.get("SpaceReclaimed", 0)
    lines = [f"untagged: {d['Untagged']}" if d.get("Untagged") else f"deleted: {d['Deleted']}" for d in deleted]
    outputs.append(_section("Deleted Images", lines))
    for output in outputs:
        if output:
            invocation.out.write(output + "\n")
    invocation.out.write(f"Total reclaimed space: {human_size(reclaimed)}\n")


register(
    Command(
        "df [OPTIONS]",
        "Show docker disk usage",
        run=run_df,
        args=NO_ARGS,
        flags=(
            Flag("format", STRING, "Format output using a custom template"),
            Flag("verbose", BOOL, "Show detailed information on space usage", shorthand="v"),
        ),
    ),
    Command(
        "prune [OPTIONS]",
        "Remove unused data",
        run=run_prune,
        args=NO_ARGS,
        flags=(
            Flag("all", BOOL, "Remove all unused images not just dangling ones", shorthand="a"),
            Flag("filter", FILTER, 'Provide filter values (e.g. "label=<key>=<value>")'),
            Flag("force", BOOL, "Do not prompt for confirmation", shorthand="f"),
            Flag("volumes", BOOL, "Prune anonymous volumes"),
        ),
    ),
    under="system",
)
