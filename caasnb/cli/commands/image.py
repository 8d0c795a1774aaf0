"""``docker pull|push|tag|images|rmi`` and ``docker image ...`` (docker/cli v28.2.2 ``cli/command/image``).

Pull and push print the daemon's JSON progress stream as the CLI does without a terminal
(``jsonmessage.DisplayJSONMessagesStream``): each message as ``ID: status``, byte-count
progress left out, an ``errorDetail`` ending the command with its message. Credentials for
the image's registry come from the client's stored logins (``docker login``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...engine.engine import error_from
from ...errors import ClientError, DockerError
from ...golang.timefmt import rfc3339
from ...golang.units import human_duration, human_size_with_precision
from ...images.reference import Reference, parse
from .. import (
    BOOL,
    FORMAT_HELP,
    INSPECT_FORMAT_HELP,
    NO_ARGS,
    STRING,
    STRING_SLICE,
    Command,
    Flag,
    Invocation,
    ListFormat,
    exact_args,
    max_args,
    min_args,
    register,
)
from ..display import ellipsis, truncate_id
from .client import Client, filters_query
from .gotime import go_time
from .inspect_output import inspect
from .network import confirm
from .options import FILTER, filter_lists
from .registry import auth_header
from .streams import json_lines

SECOND = 1_000_000_000
IMAGES = ListFormat(
    table="table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}"
    "\t{{.Size}}",
    header={
        "ID": "IMAGE ID",
        "Repository": "REPOSITORY",
        "Tag": "TAG",
        "Digest": "DIGEST",
        "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT",
        "Size": "SIZE",
        "Containers": "CONTAINERS",
        "SharedSize": "SHARED SIZE",
        "UniqueSize": "UNIQUE SIZE",
    },
    raw="repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\n"
    "virtual_size: {{.Size}}\n",
    raw_quiet="image_id: {{.ID}}",
)
WITH_DIGESTS = (
    "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}"
    "\t{{.Size}}"
)
HISTORY = ListFormat(
    table="table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
    header={
        "ID": "IMAGE",
        "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT",
        "CreatedBy": "CREATED BY",
        "Size": "SIZE",
        "Comment": "COMMENT",
    },
)
DANGLING_WARNING = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?"
ALL_WARNING = (
    "WARNING! This will remove all images without at least one container associated to them.\n"
    "Are you sure you want to continue?"
)


# -- the progress stream ------------------------------------------------------------
def post_stream(client: Client, path: str, query: dict[str, str], headers: dict[str, str]) -> list[dict[str, Any]]:
    """One streaming POST: its JSON messages, or the daemon's error raised when it answered with one."""
    response = client.engine.request(client.node, "POST", path, query, None, headers)
    if response.status >= 400:
        raise error_from(response)
    return json_lines(response.body)


def display(messages: list[dict[str, Any]], invocation: Invocation, quiet: bool = False) -> None:
    """``DisplayJSONMessagesStream`` without a terminal; an ``errorDetail`` ends it as the command's error."""
    for message in messages:
        error = message.get("errorDetail")
        if error is not None:
            raise ClientError(error.get("message", ""))
        detail = message.get("progressDetail") or {}
        if "aux" in message or quiet or detail.get("current", 0) > 0 or detail.get("total", 0) > 0:
            continue
        ident = message.get("id", "")
        invocation.out.write((f"{ident}: " if ident else "") + message.get("status", "") + "\n")


def _reference(text: str) -> Reference:
    try:
        return parse(text)
    except DockerError as error:
        raise ClientError(error.message) from None


def _with_default_tag(invocation: Invocation, reference: Reference, quiet: bool) -> Reference:
    """``reference.TagNameOnly``, announcing ``Using default tag: latest`` as the CLI does."""
    if reference.tag or reference.digest:
        return reference
    if not quiet:
        invocation.out.write("Using default tag: latest\n")
    return reference.tagged_or_latest()


# -- pull / push ----------------------------------------------------------------------
def run_pull(invocation: Invocation) -> None:
    client, quiet = Client(invocation), invocation.flag("quiet")
    reference = _with_default_tag(invocation, _reference(invocation.args[0]), quiet)
    query = {"fromImage": reference.familiar_name, "tag": reference.tag or reference.digest}
    messages = post_stream(client, "/images/create", query, auth_header(invocation, reference.domain))
    display(messages, invocation, quiet)
    invocation.out.write(str(reference) + "\n")


def run_push(invocation: Invocation) -> None:
    client, quiet = Client(invocation), invocation.flag("quiet")
    reference = _with_default_tag(invocation, _reference(invocation.args[0]), quiet)
    if reference.digest:
        raise ClientError("cannot push a digest reference")
    path = f"/images/{reference.familiar_name}/push"
    messages = post_stream(client, path, {"tag": reference.tag}, auth_header(invocation, reference.domain))
    display(messages, invocation, quiet)
    if quiet:
        invocation.out.write(str(reference) + "\n")


def run_tag(invocation: Invocation) -> None:
    source, target = invocation.args
    reference = _reference(target)
    if reference.digest:
        raise ClientError("refusing to create a tag with a digest reference")
    reference = reference.tagged_or_latest()
    query = {"repo": reference.familiar_name, "tag": reference.tag}
    Client(invocation).call("POST", f"/images/{source}/tag", query)


# -- listing --------------------------------------------------------------------------
@dataclass
class ImageRow:
    """docker's ``imageContext``: one line of ``docker images`` (an image has a line per repository:tag)."""

    image: dict
    repo: str
    tag: str
    digest: str
    trunc: bool
    now: int
    go_type = "*formatter.imageContext"

    @property
    def ID(self) -> str:
        return truncate_id(self.image["Id"]) if self.trunc else self.image["Id"]

    Repository = property(lambda self: self.repo)
    Tag = property(lambda self: self.tag)
    Digest = property(lambda self: self.digest)

    @property
    def CreatedSince(self) -> str:
        return human_duration(self.now - self.image["Created"] * SECOND) + " ago"

    @property
    def CreatedAt(self) -> str:
        return go_time(self.image["Created"] * SECOND)

    @property
    def Size(self) -> str:
        return human_size_with_precision(self.image["Size"], 3)

    @property
    def Containers(self) -> str:
        count = self.image.get("Containers", -1)
        return "N/A" if count == -1 else str(count)

    SharedSize = property(lambda self: "N/A")
    UniqueSize = property(lambda self: "N/A")

    def go_json(self) -> dict:
        names = ("Containers", "CreatedAt", "CreatedSince", "Digest", "ID", "Repository", "SharedSize", "Size", "Tag")
        return {name: getattr(self, name) for name in names} | {"UniqueSize": "N/A", "VirtualSize": self.Size}


def image_rows(image: dict, trunc: bool, now: int, digests: bool) -> list[ImageRow]:
    """``imageFormatTaggedAndDigest``: a row per repository tag (and digest, when shown); ``<none>`` when dangling."""
    if not image["RepoTags"] and not image["RepoDigests"]:
        return [ImageRow(image, "<none>", "<none>", "<none>", trunc, now)]
    tags: dict[str, list[str]] = {}
    for text in image["RepoTags"]:
        ref = parse(text)
        tags.setdefault(ref.familiar_name, []).append(ref.tag)
    found: dict[str, list[str]] = {}
    for text in image["RepoDigests"]:
        ref = parse(text)
        found.setdefault(ref.familiar_name, []).append(ref.digest)
    rows = []
    for repo, repo_tags in tags.items():
        repo_digests = found.pop(repo, []) if digests else (found.pop(repo, None) and [])
        for tag in repo_tags:
            rows += [ImageRow(image, repo, tag, d, trunc, now) for d in repo_digests or ["<none>"]]
    for repo, repo_digests in found.items():
        if digests:
            rows += [ImageRow(image, repo, "<none>", d, trunc, now) for d in repo_digests]
        else:
            rows.append(ImageRow(image, repo, "<none>", "", trunc, now))
    return rows


def run_images(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    filters = filter_lists(flag("filter"))
    if invocation.args:
        filters.setdefault("reference", []).append(invocation.args[0])
    query = {**filters_query(filters), **({"all": "1"} if flag("all") else {})}
    images = client.get("/images/json", query)
    format_flag = flag("format")
    wants_digest = flag("digests") or "{{.Digest}}" in format_flag
    rows = [row for image in images for row in image_rows(image, not flag("no-trunc"), client.now(), wants_digest)]
    if flag("digests") and not flag("quiet") and format_flag in ("", "table"):
        format_flag = WITH_DIGESTS
    invocation.out.write(IMAGES.render(format_flag, flag("quiet"), rows))


# -- removing -------------------------------------------------------------------------
def run_rmi(invocation: Invocation) -> None:
    client, force = Client(invocation), invocation.flag("force")
    query = {"force": "1" if force else "0", "noprune": "1" if invocation.flag("no-prune") else "0"}
    errors, fatal = [], False
    for ref in invocation.args:
        try:
            records = client.call("DELETE", f"/images/{ref}", query)
        except DockerError as error:
            fatal = fatal or error.status != 404
            errors.append(error.cli_lines().rstrip("\n"))
            continue
        for record in records:
            line = f"Deleted: {record['Deleted']}" if record.get("Deleted") else f"Untagged: {record['Untagged']}"
            invocation.out.write(line + "\n")
    if errors and (not force or fatal):
        raise ClientError("\n".join(errors))


def run_prune(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    if not flag("force") and not confirm(invocation, client, ALL_WARNING if flag("all") else DANGLING_WARNING):
        return
    filters = filter_lists(flag("filter"))
    filters["dangling"] = ["false" if flag("all") else "true"]
    report = client.call("POST", "/images/prune", filters_query(filters))
    deleted = report.get("ImagesDeleted") or []
    if deleted:
        lines = [f"untagged: {d['Untagged']}" if d.get("Untagged") else f"deleted: {d['Deleted']}" for d in deleted]
        invocation.out.write("Deleted Images:\n" + "\n".join(lines) + "\n\n")
    reclaimed = report.get("SpaceReclaimed", 0) if deleted else 0
    invocation.out.write(f"Total reclaimed space: {human_size_with_precision(reclaimed, 4)}\n")


# -- inspecting -----------------------------------------------------------------------
def run_inspect(invocation: Invocation) -> None:
    client = Client(invocation)
    inspect(invocation, invocation.args, invocation.flag("format"), lambda ref: client.get(f"/images/{ref}/json"))


@dataclass
class HistoryRow:
    """docker's ``historyContext``."""

    item: dict
    trunc: bool
    human: bool
    now: int
    go_type = "*image.historyContext"

    @property
    def ID(self) -> str:
        return truncate_id(self.item["Id"]) if self.trunc else self.item["Id"]

    @property
    def CreatedAt(self) -> str:
        return rfc3339(self.item["Created"] * SECOND)

    @property
    def CreatedSince(self) -> str:
        if not self.human:
            return self.CreatedAt
        return human_duration(self.now - self.item["Created"] * SECOND) + " ago"

    @property
    def CreatedBy(self) -> str:
        text = self.item["CreatedBy"].replace("\t", " ")
        return ellipsis(text, 45) if self.trunc else text

    @property
    def Size(self) -> str:
        return human_size_with_precision(self.item["Size"], 3) if self.human else str(self.item["Size"])

    Comment = property(lambda self: self.item["Comment"])

    def go_json(self) -> dict:
        names = ("Comment", "CreatedAt", "CreatedBy", "CreatedSince", "ID", "Size")
        return {name: getattr(self, name) for name in names}


def run_history(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    items = client.get(f"/images/{invocation.args[0]}/history")
    rows = [HistoryRow(item, not flag("no-trunc"), flag("human"), client.now()) for item in items]
    format_flag = flag("format")
    if not flag("human") and format_flag in ("", "table") and not flag("quiet"):
        format_flag = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
    invocation.out.write(HISTORY.render(format_flag, flag("quiet"), rows))


# -- the commands ---------------------------------------------------------------------
QUIET_PROGRESS = Flag("quiet", BOOL, "Suppress verbose output", shorthand="q")


def _pull(**top) -> Command:
    return Command(
        "pull [OPTIONS] NAME[:TAG|@DIGEST]",
        "Download an image from a registry",
        run=run_pull,
        args=exact_args(1),
        flags=(QUIET_PROGRESS,),
        aliases_text="docker image pull, docker pull",
        **top,
    )


def _push(**top) -> Command:
    return Command(
        "push [OPTIONS] NAME[:TAG]",
        "Upload an image to a registry",
        run=run_push,
        args=exact_args(1),
        flags=(QUIET_PROGRESS,),
        aliases_text="docker image push, docker push",
        **top,
    )


def _tag() -> Command:
    return Command(
        "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        run=run_tag,
        args=exact_args(2),
        aliases_text="docker image tag, docker tag",
    )


def _images(use: str, **more) -> Command:
    return Command(
        use,
        "List images",
        run=run_images,
        args=max_args(1),
        aliases_text="docker image ls, docker image list, docker images",
        flags=(
            Flag("quiet", BOOL, "Only show image IDs", shorthand="q"),
            Flag("all", BOOL, "Show all images (default hides intermediate images)", shorthand="a"),
            Flag("no-trunc", BOOL, "Don't truncate output"),
            Flag("digests", BOOL, "Show digests"),
            Flag("format", STRING, FORMAT_HELP),
            Flag("filter", FILTER, "Filter output based on conditions provided", shorthand="f"),
        ),
        **more,
    )


def _rmi(use: str, **more) -> Command:
    return Command(
        use,
        "Remove one or more images",
        run=run_rmi,
        args=min_args(1),
        aliases_text="docker image rm, docker image remove, docker rmi",
        flags=(
            Flag("force", BOOL, "Force removal of the image", shorthand="f"),
            Flag("no-prune", BOOL, "Do not delete untagged parents"),
            Flag(
                "platform",
                STRING_SLICE,
                'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
            ),
        ),
        **more,
    )


def _history() -> Command:
    return Command(
        "history [OPTIONS] IMAGE",
        "Show the history of an image",
        run=run_history,
        args=exact_args(1),
        aliases_text="docker image history, docker history",
        flags=(
            Flag("human", BOOL, "Print sizes and dates in human readable format", shorthand="H", default=True),
            Flag("quiet", BOOL, "Only show image IDs", shorthand="q"),
            Flag("no-trunc", BOOL, "Don't truncate output"),
            Flag("format", STRING, FORMAT_HELP),
        ),
    )


register(
    _pull(category_top=5),
    _push(category_top=6),
    _images("images [OPTIONS] [REPOSITORY[:TAG]]", category_top=7),
    _rmi("rmi [OPTIONS] IMAGE [IMAGE...]"),
    _tag(),
    _history(),
    Command("image", "Manage images"),
)
register(
    _pull(),
    _push(),
    _tag(),
    _images("ls [OPTIONS] [REPOSITORY[:TAG]]", aliases=("list",)),
    _rmi("rm [OPTIONS] IMAGE [IMAGE...]", aliases=("rmi", "remove")),
    _history(),
    Command(
        "inspect [OPTIONS] IMAGE [IMAGE...]",
        "Display detailed information on one or more images",
        run=run_inspect,
        args=min_args(1),
        flags=(Flag("format", STRING, INSPECT_FORMAT_HELP, shorthand="f"),),
    ),
    Command(
        "prune [OPTIONS]",
        "Remove unused images",
        run=run_prune,
        args=NO_ARGS,
        flags=(
            Flag("force", BOOL, "Do not prompt for confirmation", shorthand="f"),
            Flag("all", BOOL, "Remove all unused images, not just dangling ones", shorthand="a"),
            Flag("filter", FILTER, 'Provide filter values (e.g. "until=<timestamp>")'),
        ),
    ),
    under="image",
)
