"""``docker stack deploy|ls|services|ps|rm`` (docker/cli v28.2.2 ``cli/command/stack``).

A stack is client-side bookkeeping, as in docker: ``deploy`` reads the compose file
(``-c FILE``, or ``-c -`` for stdin: ``c.docker("stack deploy -c - app", stdin=text)``),
checks it (:mod:`.compose`), asks ``/info`` that this node is a manager, then sends the very
requests ``network create`` and ``service create``/``update`` send — networks
``STACK_NAME`` and services ``STACK_NAME`` labelled ``com.docker.stack.namespace=STACK``;
with ``--with-registry-auth`` each service request carries the stored login of its
image's registry (``docker login``), so the agents can pull from a private registry.
``ls``, ``services``, ``ps`` and ``rm`` find the stack's objects by that label.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import ClientError, DockerError
from ...sim import MILLISECOND
from .. import (
    BOOL,
    FORMAT_HELP,
    NO_ARGS,
    STRING,
    STRING_SLICE,
    Command,
    Flag,
    Invocation,
    exact_args,
    min_args,
    register,
)
from ..format import ListFormat
from . import compose
from .client import Client, filters_query
from .options import filter_flag, filter_lists, task_flags
from .progress import wait_on_service
from .registry import image_auth_header
from .service import SERVICES, ServiceRow
from .task_table import natural_key, print_tasks

STACKS = ListFormat(
    table="table {{.Name}}\t{{.Services}}",
    header={"Name": "NAME", "Services": "SERVICES"},
    raw="name: {{.Name}}\\nservices: {{.Services}}\\n",
    raw_quiet="name: {{.Name}}",
)
RESOLVE_IMAGE = ("always", "changed", "never")
TERMINAL = ("complete", "shutdown", "failed", "rejected")  # the states docker's terminalState counts
POLL = 100 * MILLISECOND  # docker polls without pausing; simulated time has to move between polls
DETACH_NOTICE = (
    "Since --detach=false was not specified, tasks will be created in the background.\n"
    "In a future release, --detach=false will become the default.\n"
)
NOT_A_MANAGER = (
    'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm '
    "and try again"
)


class StackRow:
    """docker's ``stackContext``: a stack's name and how many services it has."""

    go_type = "*formatter.stackContext"

    def __init__(self, name: str, services: int) -> None:
        self.Name, self.Services = name, str(services)

    def go_json(self) -> dict:
        return {"Name": self.Name, "Services": self.Services}


def _check_name(name: str) -> None:
    """``validateStackName``: not empty once quotes and spaces are trimmed."""
    if not name.strip(" \t\n\r\v\f\"'"):
        raise ClientError(f'invalid stack name: "{name}"')


def _stack_filter(stack: str, extra: dict[str, list[str]] | None = None) -> dict[str, str]:
    filters = {key: list(values) for key, values in (extra or {}).items()}
    filters["label"] = [*filters.get("label", []), f"{compose.NAMESPACE_LABEL}={stack}"]
    return filters_query(filters)


def _read(invocation: Invocation, client: Client) -> list[str]:
    """The text of every ``-c`` file, in order (``-c -`` alone: stdin)."""
    files = invocation.flag("compose-file")
    if not files:
        raise ClientError("Specify a Compose file (with --compose-file)")
    if list(files) == ["-"]:
        return [client.stdin]
    texts = []
    for name in files:
        try:
            texts.append(Path(name).read_text())
        except OSError as error:
            raise ClientError(f"open {name}: {error.strerror.lower()}") from None
    return texts


def _create_networks(invocation: Invocation, client: Client, stack: str, config: dict) -> None:
    bodies, external = compose.networks(stack, config)
    for name in external:
        if name in ("default", "bridge", "host", "none") or name.startswith("container:"):
            continue  # not user-defined: docker does not look these up
        try:
            found = client.get(f"/networks/{name}")
        except DockerError as error:
            if error.status != 404:
                raise
            raise ClientError(
                f'network "{name}" is declared as external, but could not be found. You need to create a swarm-scoped '
                "network before the stack is deployed"
            ) from None
        if found.get("Scope") != "swarm":
            raise ClientError(
                f'network "{name}" is declared as external, but it is not in the right scope: "{found.get("Scope")}" '
                'instead of "swarm"'
            )
    existing = {n["Name"] for n in client.get("/networks", _stack_filter(stack))}
    for name, body in bodies.items():
        if name in existing:
            continue
        invocation.out.write(f"Creating network {name}\n")
        try:
            client.call("POST", "/networks/create", body=body)
        except DockerError as error:
            raise ClientError(f"failed to create network {name}: {error.message}") from None


def _deploy_services(invocation: Invocation, client: Client, stack: str, specs: dict[str, dict]) -> list[str]:
    existing = {s["Spec"]["Name"]: s for s in client.get("/services", _stack_filter(stack))}
    resolve = invocation.flag("resolve-image")
    ids = []
    for spec in specs.values():
        name = spec["Name"]
        current = existing.get(name)
        headers = image_auth_header(invocation, spec["TaskTemplate"]["ContainerSpec"]["Image"])
        if current is None:
            invocation.out.write(f"Creating service {name}\n")
            try:
                answer = client.call("POST", "/services/create", body=spec, headers=headers)
            except DockerError as error:
                raise ClientError(f"failed to create service {name}: {error.message}") from None
            ids.append(answer["ID"])
            continue
        invocation.out.write(f"Updating service {name} (id: {current['ID']})\n")
        same_image = spec["TaskTemplate"]["ContainerSpec"]["Image"] == current["Spec"]["Labels"].get(
            compose.IMAGE_LABEL
        )
        if resolve != "always" and same_image:
            spec["TaskTemplate"]["ContainerSpec"]["Image"] = current["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]
        spec["TaskTemplate"]["ForceUpdate"] = current["Spec"]["TaskTemplate"].get("ForceUpdate", 0)
        query = {"version": str(current["Version"]["Index"])}
        try:
            answer = client.call("POST", f"/services/{current['ID']}/update", query, body=spec, headers=headers)
        except DockerError as error:
            raise ClientError(f"failed to update service {name}: {error.message}") from None
        for warning in (answer or {}).get("Warnings") or []:
            invocation.err.write(warning + "\n")
        ids.append(current["ID"])
    return ids


def run_deploy(invocation: Invocation) -> None:
    client, flag, stack = Client(invocation), invocation.flag, invocation.args[0]
    _check_name(stack)
    config = compose.load(_read(invocation, client), invocation.err.write)
    if flag("resolve-image") not in RESOLVE_IMAGE:
        raise ClientError(f"Invalid option {flag('resolve-image')} for flag --resolve-image")
    if flag("detach") and not invocation.was_set("detach"):
        invocation.err.write(DETACH_NOTICE)
    if not client.get("/info").get("Swarm", {}).get("ControlAvailable"):
        raise ClientError(NOT_A_MANAGER)
    if flag("prune"):
        _prune(invocation, client, stack, set(config.get("services") or {}))
    _create_networks(invocation, client, stack, config)
    ids = _deploy_services(invocation, client, stack, compose.services(stack, config))
    if not flag("detach"):
        for service_id in ids:
            wait_on_service(invocation, client, service_id, flag("quiet"))


def _prune(invocation: Invocation, client: Client, stack: str, keep: set[str]) -> None:
    services = client.get("/services", _stack_filter(stack))
    _remove_services(
        invocation, client, [s for s in services if s["Spec"]["Name"].removeprefix(stack + "_") not in keep]
    )


def _remove_services(invocation: Invocation, client: Client, services: list[dict]) -> bool:
    failed = False
    for service in sorted(services, key=lambda s: s["Spec"]["Name"]):
        invocation.out.write(f"Removing service {service['Spec']['Name']}\n")
        try:
            client.call("DELETE", f"/services/{service['ID']}")
        except DockerError as error:
            failed = True
            invocation.err.write(f"Failed to remove service {service['ID']}: {error.message}")
    return failed


def run_ls(invocation: Invocation) -> None:
    client = Client(invocation)
    counts: dict[str, int] = {}
    for service in client.get("/services", filters_query({"label": [compose.NAMESPACE_LABEL]})):
        name = service["Spec"]["Labels"][compose.NAMESPACE_LABEL]
        counts[name] = counts.get(name, 0) + 1
    rows = [StackRow(name, counts[name]) for name in sorted(counts, key=natural_key)]
    invocation.out.write(STACKS.render(invocation.flag("format"), False, rows))


def run_services(invocation: Invocation) -> None:
    client, flag, stack = Client(invocation), invocation.flag, invocation.args[0]
    _check_name(stack)
    query = _stack_filter(stack, filter_lists(flag("filter")))
    if not flag("quiet"):
        query["status"] = "true"
    services = client.get("/services", query)
    if not services:
        invocation.err.write(f"Nothing found in stack: {stack}\n")
        return
    services.sort(key=lambda s: natural_key(s["Spec"]["Name"]))
    invocation.out.write(SERVICES.render(flag("format"), flag("quiet"), [ServiceRow(s) for s in services]))


def run_ps(invocation: Invocation) -> None:
    client, flag, stack = Client(invocation), invocation.flag, invocation.args[0]
    _check_name(stack)
    tasks = client.get("/tasks", _stack_filter(stack, filter_lists(flag("filter"))))
    if not tasks:
        raise ClientError(f"nothing found in stack: {stack}")
    trunc = not flag("no-trunc")
    invocation.out.write(print_tasks(client, tasks, flag("no-resolve"), trunc, flag("quiet"), flag("format")))


def run_rm(invocation: Invocation) -> None:
    client, errors = Client(invocation), []
    for stack in invocation.args:
        _check_name(stack)
    for stack in invocation.args:
        services = client.get("/services", _stack_filter(stack))
        networks = client.get("/networks", _stack_filter(stack))
        if not services and not networks:
            invocation.err.write(f"Nothing found in stack: {stack}\n")
            continue
        failed = _remove_services(invocation, client, services)
        for network in networks:
            invocation.out.write(f"Removing network {network['Name']}\n")
            try:
                client.call("DELETE", f"/networks/{network['Id']}")
            except DockerError as error:
                failed = True
                invocation.err.write(f"Failed to remove network {network['Id']}: {error.message}")
        if failed:
            errors.append(f"failed to remove some resources from stack: {stack}")
        elif not invocation.flag("detach"):
            _wait_for_tasks(client, stack)
    if errors:
        raise ClientError("\n".join(errors))


def _wait_for_tasks(client: Client, stack: str) -> None:
    """``rm --detach=false`` (docker's ``waitOnTasks``): poll until every task of the stack has stopped for good."""
    while any(task["Status"]["State"] not in TERMINAL for task in client.get("/tasks", _stack_filter(stack))):
        client.sleep(POLL)


register(Command("stack [OPTIONS]", "Manage Swarm stacks", swarm="manager"))
register(
    Command(
        "deploy [OPTIONS] STACK",
        "Deploy a new stack or update an existing stack",
        run=run_deploy,
        aliases=("up",),
        args=exact_args(1),
        flags=(
            Flag("compose-file", STRING_SLICE, 'Path to a Compose file, or "-" to read from stdin', shorthand="c"),
            Flag("with-registry-auth", BOOL, "Send registry authentication details to Swarm agents"),
            Flag("prune", BOOL, "Prune services that are no longer referenced"),
            Flag(
                "resolve-image",
                STRING,
                'Query the registry to resolve image digest and supported platforms ("always", "changed", "never")',
                default="always",
            ),
            Flag(
                "detach",
                BOOL,
                "Exit immediately instead of waiting for the stack services to converge",
                shorthand="d",
                default=True,
            ),
            Flag("quiet", BOOL, "Suppress progress output", shorthand="q"),
        ),
    ),
    Command(
        "ls [OPTIONS]",
        "List stacks",
        run=run_ls,
        aliases=("list",),
        args=NO_ARGS,
        flags=(Flag("format", STRING, FORMAT_HELP),),
    ),
    Command(
        "ps [OPTIONS] STACK",
        "List the tasks in the stack",
        run=run_ps,
        args=exact_args(1),
        flags=task_flags(),
    ),
    Command(
        "rm [OPTIONS] STACK [STACK...]",
        "Remove one or more stacks",
        run=run_rm,
        aliases=("remove", "down"),
        args=min_args(1),
        flags=(Flag("detach", BOOL, "Do not wait for stack removal", shorthand="d", default=True),),
    ),
    Command(
        "services [OPTIONS] STACK",
        "List the services in the stack",
        run=run_services,
        args=exact_args(1),
        flags=(
            Flag("quiet", BOOL, "Only display IDs", shorthand="q"),
            Flag("format", STRING, FORMAT_HELP),
            filter_flag(),
        ),
    ),
    under="stack",
)
