"""``docker service create|update|rollback|scale|rm|ls|ps|inspect`` (docker/cli ``cli/command/service``).

``service logs`` is not here: the Engine API of the simulation does not serve logs yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ClientError, DockerError, NotFound
from ...golang.strconv import parse_uint
from .. import (
    BOOL,
    NO_ARGS,
    Command,
    Flag,
    Invocation,
    exact_args,
    min_args,
    register,
)
from ..command import ArgRule
from ..display import service_ports, truncate_id
from ..format import ListFormat, render
from .client import Client, filters_query, remove_each
from .inspect_output import inspect
from .node import reference
from .options import filter_lists, inspect_flags, list_flags, task_flags
from .progress import wait_on_service
from .registry import image_auth_header
from .service_edit import edit_spec
from .service_image import resolve_image
from .service_opts import CREATE_FLAGS, UPDATE_FLAGS
from .service_pretty import PRETTY_SERVICE, PrettyService
from .service_spec import create_spec
from .task_table import familiar_image, natural_key, print_tasks

SERVICES = ListFormat(
    table="table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}",
    header={"ID": "ID", "Name": "NAME", "Mode": "MODE", "Replicas": "REPLICAS", "Image": "IMAGE", "Ports": "PORTS"},
    raw="id: {{.ID}}\\nname: {{.Name}}\\nmode: {{.Mode}}\\nreplicas: {{.Replicas}}\\nimage: {{.Image}}"
    "\\nports: {{.Ports}}\\n",
    raw_quiet="id: {{.ID}}",
)
MODES = {"Global": "global", "Replicated": "replicated", "ReplicatedJob": "replicated job", "GlobalJob": "global job"}
KEEP_WITH_ROLLBACK = ("rollback", "detach", "quiet")


@dataclass
class ServiceRow:
    """docker's ``serviceContext`` for ``docker service ls``."""

    service: dict
    go_type = "*service.serviceContext"

    @property
    def ID(self) -> str:
        return truncate_id(self.service["ID"])

    @property
    def Name(self) -> str:
        return self.service["Spec"].get("Name", "")

    @property
    def Mode(self) -> str:
        return next((text for key, text in MODES.items() if key in self.service["Spec"]["Mode"]), "")

    @property
    def Replicas(self) -> str:
        status = self.service.get("ServiceStatus") or {}
        running, desired = status.get("RunningTasks", 0), status.get("DesiredTasks", 0)
        completed, mode = status.get("CompletedTasks", 0), self.service["Spec"]["Mode"]
        if "ReplicatedJob" in mode:
            return f"{running}/{desired} ({completed}/{mode['ReplicatedJob'].get('TotalCompletions', 0)} completed)"
        if "GlobalJob" in mode:
            return f"{running}/{desired} ({completed}/{desired + completed} completed)"
        per_node = (self.service["Spec"]["TaskTemplate"].get("Placement") or {}).get("MaxReplicas", 0)
        if self.Mode == "replicated" and per_node:
            return f"{running}/{desired} (max {per_node} per node)"
        return f"{running}/{desired}"

    @property
    def Image(self) -> str:
        return familiar_image(self.service["Spec"]["TaskTemplate"].get("ContainerSpec", {}).get("Image", ""))

    @property
    def Ports(self) -> str:
        return service_ports(self.service.get("Endpoint", {}).get("Ports") or [])

    def go_json(self) -> dict:
        return {name: getattr(self, name) for name in ("ID", "Image", "Mode", "Name", "Ports", "Replicas")}


def _announce(invocation: Invocation, client: Client, answer: dict | None, printed: str, service_id: str) -> None:
    """Warnings on stderr, the service on stdout, then (unless detached) the progress."""
    for warning in (answer or {}).get("Warnings") or []:
        invocation.err.write(warning + "\n")
    invocation.out.write(printed + "\n")
    if not invocation.flag("detach"):
        wait_on_service(invocation, client, service_id, invocation.flag("quiet"))


def run_create(invocation: Invocation) -> None:
    client = Client(invocation)
    spec = create_spec(invocation)
    headers = image_auth_header(invocation, spec["TaskTemplate"]["ContainerSpec"]["Image"])
    warnings = resolve_image(client, spec["TaskTemplate"], headers, not invocation.flag("no-resolve-image"))
    answer = client.call("POST", "/services/create", body=spec, headers=headers)
    answer["Warnings"] = [*(answer.get("Warnings") or []), *warnings] or None
    _announce(invocation, client, answer, answer["ID"], answer["ID"])


def run_update(invocation: Invocation) -> None:
    client, ref = Client(invocation), invocation.args[0]
    service = client.get(f"/services/{ref}")
    query = {"version": str(service["Version"]["Index"])}
    if invocation.flag("rollback"):
        if any(name not in KEEP_WITH_ROLLBACK for name in invocation.flags.changed):
            raise ClientError("other flags may not be combined with --rollback")
        query["rollback"] = "previous"
        spec = service["Spec"]
    else:
        spec = edit_spec(service["Spec"], invocation)
    if not invocation.flag("with-registry-auth"):
        query["registryAuthFrom"] = "spec"
    headers = image_auth_header(invocation, spec["TaskTemplate"]["ContainerSpec"]["Image"])
    query_registry = invocation.was_set("image") and not invocation.flag("no-resolve-image")
    warnings = resolve_image(client, spec["TaskTemplate"], headers, query_registry)
    answer = client.call("POST", f"/services/{service['ID']}/update", query, spec, headers)
    answer["Warnings"] = [*(answer.get("Warnings") or []), *warnings] or None
    _announce(invocation, client, answer, ref, ref)


def run_rollback(invocation: Invocation) -> None:
    client, ref = Client(invocation), invocation.args[0]
    service = client.get(f"/services/{ref}")
    query = {"version": str(service["Version"]["Index"]), "rollback": "previous"}
    answer = client.call("POST", f"/services/{service['ID']}/update", query, service["Spec"])
    _announce(invocation, client, answer, ref, ref)


class ScaleArgs(ArgRule):
    """``scaleArgs``: at least one argument, each ``SERVICE=REPLICAS``."""

    def check(self, command: Command, args: list[str]) -> None:
        super().check(command, args)
        for arg in args:
            name, sep, value = arg.partition("=")
            if not sep or not name or not value:
                raise ClientError(
                    f"invalid scale specifier '{arg}'.\nSee '{command.path} --help'.\n\n"
                    f"Usage:  {command.use_line}\n\n{command.short}"
                )


def _scale_one(client: Client, ref: str, replicas: int) -> list[str]:
    service = client.get(f"/services/{ref}")
    mode = service["Spec"]["Mode"]
    if "Replicated" in mode:
        mode["Replicated"]["Replicas"] = replicas
    elif "ReplicatedJob" in mode:
        mode["ReplicatedJob"]["TotalCompletions"] = replicas
    else:
        raise ClientError("scale can only be used with replicated or replicated-job mode")
    query = {"version": str(service["Version"]["Index"])}
    answer = client.call("POST", f"/services/{service['ID']}/update", query, service["Spec"])
    return (answer or {}).get("Warnings") or []


def run_scale(invocation: Invocation) -> None:
    client, errors, scaled = Client(invocation), [], []
    for arg in invocation.args:
        ref, _, text = arg.partition("=")
        try:
            replicas = parse_uint(text, 10, 64)
        except ValueError as error:
            errors.append(f"{ref}: invalid replicas value {text}: {error}")
            continue
        try:
            warnings = _scale_one(client, ref, replicas)
        except DockerError as error:
            errors.append(f"{ref}: {error.cli_lines().rstrip()}")
            continue
        for warning in warnings:
            invocation.err.write(warning + "\n")
        invocation.out.write(f"{ref} scaled to {replicas}\n")
        scaled.append(ref)
    if not invocation.flag("detach"):
        for ref in scaled:
            try:
                wait_on_service(invocation, client, ref, False)
            except DockerError as error:
                errors.append(f"{ref}: {error.cli_lines().rstrip()}")
    if errors:
        raise ClientError("\n".join(errors))


def run_rm(invocation: Invocation) -> None:
    remove_each(invocation, "service")


def run_ls(invocation: Invocation) -> None:
    client, quiet = Client(invocation), invocation.flag("quiet")
    query = filters_query(filter_lists(invocation.flag("filter")))
    if not quiet:
        query["status"] = "true"
    services = client.get("/services", query)
    services.sort(key=lambda service: natural_key(service["Spec"].get("Name", "")))
    invocation.out.write(SERVICES.render(invocation.flag("format"), quiet, [ServiceRow(s) for s in services]))


def _service_filter(client: Client, refs: list[str]) -> tuple[list[str], list[str]]:
    """docker's ``createFilter``: service IDs by exact ID, then name, then unique ID prefix; the refs not found."""
    by_id = client.get("/services", filters_query({"id": refs}))
    by_name = client.get("/services", filters_query({"name": refs}))
    found, missing = [], []
    for ref in refs:
        exact = [s["ID"] for s in by_id if s["ID"] == ref] or [s["ID"] for s in by_name if s["Spec"]["Name"] == ref]
        if exact:
            found.append(exact[0])
            continue
        prefixed = [s["ID"] for s in by_id if s["ID"].startswith(ref)]
        if len(prefixed) > 1:
            raise ClientError("multiple services found with provided prefix: " + ref)
        found += prefixed
        if not prefixed:
            missing.append("no such service: " + ref)
    if not found:
        raise ClientError("\n".join(missing))
    return found, missing


def run_ps(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    services, missing = _service_filter(client, invocation.args)
    filters = filter_lists(flag("filter"))
    filters["service"] = [*filters.get("service", []), *services]
    if "node" in filters:
        filters["node"] = [reference(client, node) for node in filters["node"]]
    tasks = client.get("/tasks", filters_query(filters))
    trunc = not (flag("no-trunc") or flag("quiet"))
    invocation.out.write(print_tasks(client, tasks, flag("no-resolve"), trunc, flag("quiet"), flag("format")))
    if missing:
        raise ClientError("\n".join(missing))


def run_inspect(invocation: Invocation) -> None:
    client, pretty, format_text = Client(invocation), invocation.flag("pretty"), invocation.flag("format")
    if pretty and format_text:
        raise ClientError("--format is incompatible with human friendly format")

    def fetch(ref: str) -> dict:
        try:
            return client.get(f"/services/{ref}", {"insertDefaults": "true"})
        except NotFound:
            raise ClientError(f"Error: no such service: {ref}") from None

    if pretty or format_text == "pretty":
        try:
            services = [PrettyService(fetch(ref), client.now()) for ref in invocation.args]
        except DockerError as error:
            raise ClientError(error.cli_lines()) from None
        invocation.out.write(render(PRETTY_SERVICE, services))
        return
    if format_text.startswith("pretty"):
        raise ClientError("Cannot supply extra formatting options to the pretty template")
    inspect(invocation, invocation.args, format_text.removeprefix("raw"), fetch)


register(Command("service", "Manage Swarm services", swarm="manager"))
register(
    Command(
        "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create a new service",
        run=run_create,
        args=min_args(1),
        flags=CREATE_FLAGS,
        interspersed=False,
    ),
    Command(
        "inspect [OPTIONS] SERVICE [SERVICE...]",
        "Display detailed information on one or more services",
        run=run_inspect,
        args=min_args(1),
        flags=inspect_flags(),
    ),
    Command(
        "ls [OPTIONS]",
        "List services",
        run=run_ls,
        aliases=("list",),
        args=NO_ARGS,
        flags=list_flags(),
    ),
    Command(
        "ps [OPTIONS] SERVICE [SERVICE...]",
        "List the tasks of one or more services",
        run=run_ps,
        args=min_args(1),
        flags=task_flags(),
    ),
    Command(
        "rm SERVICE [SERVICE...]", "Remove one or more services", run=run_rm, aliases=("remove",), args=min_args(1)
    ),
    Command(
        "rollback [OPTIONS] SERVICE",
        "Revert changes to a service's configuration",
        run=run_rollback,
        args=exact_args(1),
        flags=(
            Flag("quiet", BOOL, "Suppress progress output", shorthand="q"),
            Flag("detach", BOOL, "Exit immediately instead of waiting for the service to converge", shorthand="d"),
        ),
    ),
    Command(
        "scale SERVICE=REPLICAS [SERVICE=REPLICAS...]",
        "Scale one or multiple replicated services",
        run=run_scale,
        args=ScaleArgs(1),
        flags=(Flag("detach", BOOL, "Exit immediately instead of waiting for the service to converge", shorthand="d"),),
    ),
    Command("update [OPTIONS] SERVICE", "Update a service", run=run_update, args=exact_args(1), flags=UPDATE_FLAGS),
    under="service",
)
