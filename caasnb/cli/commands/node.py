"""``docker node ls|inspect|promote|demote|update|rm|ps`` (docker/cli ``cli/command/node``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...errors import ClientError, DockerError
from ...golang.timefmt import parse_rfc3339nano
from ...golang.units import bytes_size
from .. import (
    BOOL,
    LIST,
    NO_ARGS,
    STRING,
    Command,
    Flag,
    Invocation,
    exact_args,
    min_args,
    register,
)
from ..display import pretty_print
from ..format import ListFormat, render
from .client import Client, filters_query, remove_each
from .gotime import go_time
from .inspect_output import inspect
from .options import filter_lists, inspect_flags, list_flags, task_flags
from .task_table import natural_key, print_tasks

NODES = ListFormat(
    table="table {{.ID}} {{if .Self}}*{{else}} {{ end }}\t{{.Hostname}}\t{{.Status}}\t{{.Availability}}"
    "\t{{.ManagerStatus}}\t{{.EngineVersion}}",
    header={
        "ID": "ID",
        "Self": "",
        "Hostname": "HOSTNAME",
        "Status": "STATUS",
        "Availability": "AVAILABILITY",
        "ManagerStatus": "MANAGER STATUS",
        "EngineVersion": "ENGINE VERSION",
        "TLSStatus": "TLS STATUS",
    },
    raw="node_id: {{.ID}}\\nhostname: {{.Hostname}}\\nstatus: {{.Status}}\\navailability: {{.Availability}}"
    "\\nmanager_status: {{.ManagerStatus}}\\n",
    raw_quiet="node_id: {{.ID}}",
)


@dataclass
class NodeRow:
    """docker's ``nodeContext`` for ``docker node ls``."""

    node: dict
    info_swarm: dict
    go_type = "*node.nodeContext"

    @property
    def ID(self) -> str:
        return self.node["ID"]

    @property
    def Self(self) -> bool:
        return self.node["ID"] == self.info_swarm.get("NodeID")

    @property
    def Hostname(self) -> str:
        return self.node.get("Description", {}).get("Hostname", "")

    @property
    def Status(self) -> str:
        return pretty_print(self.node["Status"]["State"])

    @property
    def Availability(self) -> str:
        return pretty_print(self.node["Spec"].get("Availability", ""))

    @property
    def ManagerStatus(self) -> str:
        manager = self.node.get("ManagerStatus")
        if not manager:
            return ""
        return "Leader" if manager.get("Leader") else pretty_print(manager.get("Reachability", ""))

    @property
    def TLSStatus(self) -> str:
        cluster_tls = (self.info_swarm.get("Cluster") or {}).get("TLSInfo") or {}
        node_tls = self.node.get("Description", {}).get("TLSInfo") or {}
        if not cluster_tls or not node_tls:
            return "Unknown"
        return "Ready" if cluster_tls == node_tls else "Needs Rotation"

    @property
    def EngineVersion(self) -> str:
        return self.node.get("Description", {}).get("Engine", {}).get("EngineVersion", "")

    def go_json(self) -> dict:
        names = ("ID", "Self", "Hostname", "Status", "Availability", "ManagerStatus", "TLSStatus", "EngineVersion")
        return {name: getattr(self, name) for name in names}


def reference(client: Client, ref: str) -> str:
    """docker's ``node.Reference``: ``self`` is this node's ID from ``/info``."""
    if ref != "self":
        return ref
    node_id = client.get("/info")["Swarm"].get("NodeID", "")
    if not node_id:
        client.get("/nodes")
        raise ClientError("node ID not found in /info")
    return node_id


def run_ls(invocation: Invocation) -> None:
    client, quiet = Client(invocation), invocation.flag("quiet")
    nodes = client.get("/nodes", filters_query(filter_lists(invocation.flag("filter"))))
    info_swarm = client.get("/info")["Swarm"] if nodes and not quiet else {}
    nodes.sort(key=lambda node: natural_key(node.get("Description", {}).get("Hostname", "")))
    rows = [NodeRow(node, info_swarm) for node in nodes]
    invocation.out.write(NODES.render(invocation.flag("format"), quiet, rows))


PRETTY_NODE = """ID:\t\t\t{{.ID}}
{{- if .Name }}
Name:\t\t\t{{.Name}}
{{- end }}
{{- if .Labels }}
Labels:
{{- range $k, $v := .Labels }}
 - {{ $k }}{{if $v }}={{ $v }}{{ end }}
{{- end }}{{ end }}
Hostname:              \t{{.Hostname}}
Joined at:             \t{{.CreatedAt}}
Status:
 State:\t\t\t{{.StatusState}}
 {{- if .HasStatusMessage}}
 Message:              \t{{.StatusMessage}}
 {{- end}}
 Availability:         \t{{.SpecAvailability}}
 {{- if .Status.Addr}}
 Address:\t\t{{.StatusAddr}}
 {{- end}}
{{- if .HasManagerStatus}}
Manager Status:
 Address:\t\t{{.ManagerStatusAddr}}
 Raft Status:\t\t{{.ManagerStatusReachability}}
 {{- if .IsManagerStatusLeader}}
 Leader:\t\tYes
 {{- else}}
 Leader:\t\tNo
 {{- end}}
{{- end}}
Platform:
 Operating System:\t{{.PlatformOS}}
 Architecture:\t\t{{.PlatformArchitecture}}
Resources:
 CPUs:\t\t\t{{.ResourceNanoCPUs}}
 Memory:\t\t{{.ResourceMemory}}
{{- if .HasEnginePlugins}}
Plugins:
{{- range $k, $v := .EnginePlugins }}
 {{ $k }}:{{if $v }}\t\t{{ $v }}{{ end }}
{{- end }}
{{- end }}
Engine Version:\t\t{{.EngineVersion}}
{{- if .EngineLabels}}
Engine Labels:
{{- range $k, $v := .EngineLabels }}
 - {{ $k }}{{if $v }}={{ $v }}{{ end }}
{{- end }}{{- end }}
{{- if .HasTLSInfo}}
TLS Info:
 TrustRoot:
{{.TLSInfoTrustRoot}}
 Issuer Subject:\t{{.TLSInfoCertIssuerSubject}}
 Issuer Public Key:\t{{.TLSInfoCertIssuerPublicKey}}
{{- end}}"""


@dataclass
class PrettyNode:
    """docker's ``nodeInspectContext``: the node's fields plus the pretty template's helpers."""

    node: dict
    go_type = "*node.nodeInspectContext"

    def __getattr__(self, name: str):
        if name[:1].isupper() and name in self.node:
            return self.node[name]
        raise AttributeError(name)

    @property
    def _description(self) -> dict:
        return self.node.get("Description", {})

    ID = property(lambda self: self.node["ID"])
    Name = property(lambda self: self.node["Spec"].get("Name", ""))
    Labels = property(lambda self: self.node["Spec"].get("Labels") or {})
    Hostname = property(lambda self: self._description.get("Hostname", ""))
    CreatedAt = property(lambda self: pretty_print(go_time(parse_rfc3339nano(self.node["CreatedAt"]))))
    StatusState = property(lambda self: pretty_print(self.node["Status"]["State"]))
    HasStatusMessage = property(lambda self: bool(self.node["Status"].get("Message")))
    StatusMessage = property(lambda self: pretty_print(self.node["Status"].get("Message", "")))
    SpecAvailability = property(lambda self: pretty_print(self.node["Spec"].get("Availability", "")))
    StatusAddr = property(lambda self: self.node["Status"].get("Addr", ""))
    HasManagerStatus = property(lambda self: bool(self.node.get("ManagerStatus")))
    ManagerStatusAddr = property(lambda self: self.node["ManagerStatus"].get("Addr", ""))
    ManagerStatusReachability = property(lambda self: pretty_print(self.node["ManagerStatus"].get("Reachability")))
    IsManagerStatusLeader = property(lambda self: bool(self.node["ManagerStatus"].get("Leader")))
    PlatformOS = property(lambda self: self._description.get("Platform", {}).get("OS", ""))
    PlatformArchitecture = property(lambda self: self._description.get("Platform", {}).get("Architecture", ""))
    ResourceNanoCPUs = property(lambda self: self._description.get("Resources", {}).get("NanoCPUs", 0) // 10**9)
    EngineVersion = property(lambda self: self._description.get("Engine", {}).get("EngineVersion", ""))
    EngineLabels = property(lambda self: self._description.get("Engine", {}).get("Labels") or {})
    HasTLSInfo = property(lambda self: bool(self._description.get("TLSInfo")))
    TLSInfoTrustRoot = property(lambda self: self._description["TLSInfo"].get("TrustRoot", ""))

    @property
    def ResourceMemory(self) -> str:
        memory = self._description.get("Resources", {}).get("MemoryBytes", 0)
        return bytes_size(memory) if memory else ""

    @property
    def HasEnginePlugins(self) -> bool:
        return bool(self._description.get("Engine", {}).get("Plugins"))

    @property
    def EnginePlugins(self) -> dict[str, str]:
        by_type: dict[str, list[str]] = {}
        for plugin in self._description.get("Engine", {}).get("Plugins") or []:
            by_type.setdefault(plugin["Type"], []).append(plugin["Name"])
        return {kind: ", ".join(names) for kind, names in by_type.items()}

    @property
    def TLSInfoCertIssuerSubject(self) -> str:
        return self._description["TLSInfo"].get("CertIssuerSubject", "")

    @property
    def TLSInfoCertIssuerPublicKey(self) -> str:
        return self._description["TLSInfo"].get("CertIssuerPublicKey", "")


def run_inspect(invocation: Invocation) -> None:
    client = Client(invocation)
    format_text = "pretty" if invocation.flag("pretty") else invocation.flag("format")

    def fetch(ref: str) -> dict:
        return client.get(f"/nodes/{reference(client, ref)}")

    if format_text.startswith("pretty") and format_text != "pretty":
        raise ClientError("cannot supply extra formatting options to the pretty template")
    if format_text != "pretty":
        inspect(invocation, invocation.args, format_text, fetch)
        return
    try:
        nodes = [PrettyNode(fetch(ref)) for ref in invocation.args]
    except DockerError as error:
        raise ClientError(error.cli_lines()) from None
    invocation.out.write(render(PRETTY_NODE, nodes))


def update_nodes(invocation: Invocation, refs: list[str], merge: Callable[[dict], bool], done: Callable[[str], str]):
    """docker's ``updateNodes``: inspect, change the spec, send it with the version read; stop at the first error."""
    client = Client(invocation)
    for ref in refs:
        node = client.get(f"/nodes/{ref}")
        if not merge(node):
            continue
        client.call("POST", f"/nodes/{node['ID']}/update", {"version": str(node["Version"]["Index"])}, node["Spec"])
        invocation.out.write(done(ref))


def _set_role(invocation: Invocation, role: str, already: str, done: str) -> None:
    def merge(node: dict) -> bool:
        if node["Spec"].get("Role") == role:
            invocation.out.write(already.format(node["ID"]))
            return False
        node["Spec"]["Role"] = role
        return True

    update_nodes(invocation, invocation.args, merge, done.format)


def run_promote(invocation: Invocation) -> None:
    _set_role(invocation, "manager", "Node {} is already a manager.\n", "Node {} promoted to a manager in the swarm.\n")


def run_demote(invocation: Invocation) -> None:
    _set_role(invocation, "worker", "Node {} is already a worker.\n", "Manager {} demoted in the swarm.\n")


def run_update(invocation: Invocation) -> None:
    given, value = invocation.was_set, invocation.flag

    def merge(node: dict) -> bool:
        spec = node["Spec"]
        if given("role"):
            spec["Role"] = value("role")
        if given("availability"):
            spec["Availability"] = value("availability")
        labels = spec.setdefault("Labels", {}) or {}
        spec["Labels"] = labels
        for item in value("label-add"):
            key, _, text = item.partition("=")
            labels[key] = text
        for key in value("label-rm"):
            if key not in labels:
                raise ClientError(f"key {key} doesn't exist in node's labels")
            del labels[key]
        return True

    ref = invocation.args[0]
    update_nodes(invocation, [ref], merge, lambda _ref: ref + "\n")


def run_rm(invocation: Invocation) -> None:
    remove_each(invocation, "node", {"force": "1"} if invocation.flag("force") else {})


def run_ps(invocation: Invocation) -> None:
    client, errors, tasks = Client(invocation), [], []
    for ref in invocation.args or ["self"]:
        try:
            node = client.get(f"/nodes/{reference(client, ref)}")
            filters = filter_lists(invocation.flag("filter"))
            filters["node"] = [*filters.get("node", []), node["ID"]]
            tasks += client.get("/tasks", filters_query(filters))
        except DockerError as error:
            errors.append(error.cli_lines().rstrip("\n"))
    if not errors or tasks:
        flag = invocation.flag
        invocation.out.write(
            print_tasks(client, tasks, flag("no-resolve"), not flag("no-trunc"), flag("quiet"), flag("format"))
        )
    if errors:
        raise ClientError("\n".join(errors))


register(Command("node", "Manage Swarm nodes", swarm="manager"))
register(
    Command(
        "demote NODE [NODE...]", "Demote one or more nodes from manager in the swarm", run=run_demote, args=min_args(1)
    ),
    Command(
        "inspect [OPTIONS] self|NODE [NODE...]",
        "Display detailed information on one or more nodes",
        run=run_inspect,
        args=min_args(1),
        flags=inspect_flags(),
    ),
    Command(
        "ls [OPTIONS]",
        "List nodes in the swarm",
        run=run_ls,
        aliases=("list",),
        args=NO_ARGS,
        flags=list_flags(),
    ),
    Command(
        "promote NODE [NODE...]", "Promote one or more nodes to manager in the swarm", run=run_promote, args=min_args(1)
    ),
    Command(
        "rm [OPTIONS] NODE [NODE...]",
        "Remove one or more nodes from the swarm",
        run=run_rm,
        aliases=("remove",),
        args=min_args(1),
        flags=(Flag("force", BOOL, "Force remove a node from the swarm", shorthand="f"),),
    ),
    Command(
        "ps [OPTIONS] [NODE...]",
        "List tasks running on one or more nodes, defaults to current node",
        run=run_ps,
        flags=task_flags(),
    ),
    Command(
        "update [OPTIONS] NODE",
        "Update a node",
        run=run_update,
        args=exact_args(1),
        flags=(
            Flag("role", STRING, 'Role of the node ("worker", "manager")'),
            Flag("availability", STRING, 'Availability of the node ("active", "pause", "drain")'),
            Flag("label-add", LIST, 'Add or update a node label ("key=value")'),
            Flag("label-rm", LIST, "Remove a node label if exists"),
        ),
    ),
    under="node",
)
