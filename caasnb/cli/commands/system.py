"""``docker info`` and ``docker version`` (docker/cli v28.2.2 ``cli/command/system/info.go``, ``version.go``).

The client is the ``docker-ce-cli`` 28.2.2 package for Ubuntu 24.04 on amd64: git commit
e6534b4, built with go1.24.3 by docker-ce-packaging (``PLATFORM=Docker Engine - Community``)
on 2025-05-30 at 12:07:27 UTC, like the engine it talks to. No CLI plugins are installed,
so ``docker info`` lists none (docker omits its ``Plugins:`` line then). Go prints a map's
keys in random order; the daemon's runtimes are printed sorted, to stay deterministic.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from ...errors import ClientError
from ...golang.fmt import sprint
from ...golang.timefmt import parse_rfc3339nano
from ...golang.units import bytes_size, human_duration
from .. import INSPECT_FORMAT_HELP, NO_ARGS, STRING, Command, Flag, Invocation, register
from ..format import JSON_FORMAT, JSON_FORMAT_KEY
from ..gotemplate import GoFunc, Template, TemplateError
from ..root import CLI_GIT_COMMIT, CLI_VERSION
from ..tabwriter import TabWriter
from ..templatefuncs import BASIC_FUNCTIONS
from .client import Client

PLATFORM = "Docker Engine - Community"
API_VERSION = "1.50"  # the vendored client's api.DefaultVersion, and what the 28.2.2 daemon negotiates
GO_VERSION = "go1.24.3"
BUILD_TIME = "2025-05-30T12:07:27Z"


def reformat_date(build_time: str) -> str:
    """docker's ``reformatDate``: an RFC 3339 time as ``time.ANSIC`` (``Fri May 30 12:07:27 2025``), else as is."""
    try:
        parse_rfc3339nano(build_time)
    except ValueError:
        return build_time
    moment = datetime.datetime.fromisoformat(build_time)
    return moment.strftime(f"%a %b {moment.day:2d} %H:%M:%S %Y")


class ClientVersion:
    """docker's ``clientVersion``: the CLI's own build; ``APIVersion`` only once negotiated."""

    go_type = "system.clientVersion"
    Version, DefaultAPIVersion, GitCommit, GoVersion = CLI_VERSION, API_VERSION, CLI_GIT_COMMIT, GO_VERSION
    Os, Arch, BuildTime, Context = "linux", "amd64", reformat_date(BUILD_TIME), "default"

    def __init__(self, api_version: str = "") -> None:
        self.Platform = {"Name": PLATFORM}
        self.APIVersion = api_version

    def go_struct(self) -> dict[str, Any]:
        """The JSON fields in Go's order (``ApiVersion`` is ``omitempty``)."""
        fields = {"Platform": self.Platform, "Version": self.Version, "ApiVersion": self.APIVersion}
        if not self.APIVersion:
            del fields["ApiVersion"]
        names = ("DefaultAPIVersion", "GitCommit", "GoVersion", "Os", "Arch", "BuildTime", "Context")
        return fields | {name: getattr(self, name) for name in names}


class ClientInfo(ClientVersion):
    """docker's ``clientInfo``: the ``Client:`` part of ``docker info``, without CLI plugins."""

    go_type = "*system.clientInfo"
    Debug = False

    def __init__(self) -> None:
        super().__init__()
        self.Plugins: list[dict] = []
        self.Warnings = None

    def go_struct(self) -> dict[str, Any]:
        return {"Debug": self.Debug, **super().go_struct(), "Plugins": self.Plugins, "Warnings": self.Warnings}


class DockerInfo:
    """docker's ``dockerInfo``: the daemon's ``/info`` fields promoted to the top, then ``ClientInfo``."""

    go_type = "system.dockerInfo"
    UserName = ""
    ServerErrors = ClientErrors = None

    def __init__(self, server: dict[str, Any]) -> None:
        self.server = server
        self.ClientInfo = ClientInfo()

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["server"][name]
        except KeyError:
            raise AttributeError(name) from None

    def go_struct(self) -> dict[str, Any]:
        return {**self.server, "ClientInfo": self.ClientInfo}


@dataclass
class VersionInfo:
    """docker's ``versionInfo``: the client's build and the daemon's ``/version`` (None when unreachable)."""

    Client: ClientVersion
    Server: dict[str, Any] | None
    go_type = "system.versionInfo"

    def go_struct(self) -> dict[str, Any]:
        return {"Client": self.Client, "Server": self.Server}


def _template(name: str, text: str, functions: dict[str, GoFunc]) -> Template:
    """``templates.Parse`` with docker's functions; its error is ``template parsing error`` (exit 64)."""
    try:
        return Template(name, JSON_FORMAT if text == JSON_FORMAT_KEY else text, {**BASIC_FUNCTIONS, **functions})
    except TemplateError as error:
        raise ClientError(f"template parsing error: {error}", exit_code=64) from None


# -- docker info --------------------------------------------------------------------------
def _needs_server(format_text: str) -> bool:
    """docker's ``needsServerInfo``: whether the template reads more than the client's fields."""
    if format_text in ("", JSON_FORMAT_KEY, JSON_FORMAT) or not re.search(r"\.[a-zA-Z]", format_text):
        return True
    try:
        Template("", format_text, BASIC_FUNCTIONS).execute(DockerInfo({}))
    except TemplateError:
        return True
    return False


def _security_options(options: list[str]) -> list[str]:
    """The ``Security Options`` lines (``system.DecodeSecurityOptions``: ``name=seccomp,profile=builtin``)."""
    lines = []
    for option in options:
        if "=" not in option:
            lines.append("  " + option)
            continue
        pairs = [part.partition("=") for part in option.split(",")]
        lines += ["  " + value for key, _, value in pairs if key == "name"]
        lines += ["   Profile: " + value for key, _, value in pairs if key == "profile"]
    return lines


def _swarm_lines(swarm: dict[str, Any]) -> list[str]:
    """docker's ``printSwarmInfo``: nothing for an inactive or locked node, the cluster only on managers."""
    state = swarm.get("LocalNodeState", "")
    if state in ("inactive", "locked"):
        return []
    lines = [f"  NodeID: {swarm.get('NodeID', '')}"]
    if swarm.get("Error"):
        lines.append(f"  Error: {swarm['Error']}")
    lines.append(f"  Is Manager: {sprint(swarm.get('ControlAvailable', False))}")
    cluster = swarm.get("Cluster")
    if cluster is not None and swarm.get("ControlAvailable") and not swarm.get("Error") and state != "error":
        lines += _cluster_lines(swarm, cluster)
    lines.append(f"  Node Address: {swarm.get('NodeAddr', '')}")
    managers = sorted(manager["Addr"] for manager in swarm.get("RemoteManagers") or ())
    if managers:
        lines += ["  Manager Addresses:", *(f"   {address}" for address in managers)]
    return lines


def _cluster_lines(swarm: dict[str, Any], cluster: dict[str, Any]) -> list[str]:
    """The cluster part of ``printSwarmInfo``: its ID, size and spec."""
    spec = cluster.get("Spec", {})
    raft, ca = spec.get("Raft", {}), spec.get("CAConfig", {})
    lines = [f"  ClusterID: {cluster.get('ID', '')}", f"  Managers: {swarm.get('Managers', 0)}"]
    lines.append(f"  Nodes: {swarm.get('Nodes', 0)}")
    if cluster.get("DefaultAddrPool") is not None:
        lines.append("  Default Address Pool: " + "".join(pool + "  " for pool in cluster["DefaultAddrPool"]))
        lines.append(f"  SubnetSize: {cluster.get('SubnetSize', 0)}")
    if cluster.get("DataPathPort", 0) > 0:
        lines.append(f"  Data Path Port: {cluster['DataPathPort']}")
    lines.append("  Orchestration:")
    lines.append(
        f"   Task History Retention Limit: {spec.get('Orchestration', {}).get('TaskHistoryRetentionLimit', 0)}"
    )
    lines += ["  Raft:", f"   Snapshot Interval: {raft.get('SnapshotInterval', 0)}"]
    if raft.get("KeepOldSnapshots") is not None:
        lines.append(f"   Number of Old Snapshots to Retain: {raft['KeepOldSnapshots']}")
    lines += [f"   Heartbeat Tick: {raft.get('HeartbeatTick', 0)}", f"   Election Tick: {raft.get('ElectionTick', 0)}"]
    heartbeat = spec.get("Dispatcher", {}).get("HeartbeatPeriod", 0)
    lines += ["  Dispatcher:", f"   Heartbeat Period: {human_duration(heartbeat)}"]
    lines += ["  CA Configuration:", f"   Expiry Duration: {human_duration(ca.get('NodeCertExpiry', 0))}"]
    lines.append(f"   Force Rotate: {ca.get('ForceRotate', 0)}")
    if ca.get("SigningCACert", "").strip():
        lines.append(f"   Signing CA Certificate: \n{ca['SigningCACert'].strip()}\n")
    if ca.get("ExternalCAs"):
        lines += ["   External CAs:", *(f"     {ext['Protocol']}: {ext['URL']}" for ext in ca["ExternalCAs"])]
    autolock = spec.get("EncryptionConfig", {}).get("AutoLockManagers", False)
    lines.append(f"  Autolock Managers: {sprint(autolock)}")
    lines.append(f"  Root Rotation In Progress: {sprint(cluster.get('RootRotationInProgress', False))}")
    return lines


def _server_lines(info: dict[str, Any]) -> list[str]:
    """docker's ``prettyPrintServerInfo`` for one ``/info`` answer, up to its closing blank line."""
    lines: list[str] = []

    def say(label: str, *values: Any) -> None:  # fmt.Println(label, values...)
        lines.append(" ".join([label, *(sprint(value) for value in values)]))

    def say_non_empty(label: str, key: str) -> None:
        if info.get(key):
            say(label, info[key])

    say(" Containers:", info.get("Containers", 0))
    for label in ("Running", "Paused", "Stopped"):
        say(f"  {label}:", info.get("Containers" + label, 0))
    say(" Images:", info.get("Images", 0))
    say_non_empty(" Server Version:", "ServerVersion")
    say_non_empty(" Storage Driver:", "Driver")
    lines += [f"  {name}: {value}" for name, value in info.get("DriverStatus") or ()]
    lines += [f" {name}: {value}" for name, value in info.get("SystemStatus") or ()]
    say_non_empty(" Logging Driver:", "LoggingDriver")
    say_non_empty(" Cgroup Driver:", "CgroupDriver")
    say_non_empty(" Cgroup Version:", "CgroupVersion")
    plugins = info.get("Plugins") or {}
    lines.append(" Plugins:")
    say("  Volume:", " ".join(plugins.get("Volume") or ()))
    say("  Network:", " ".join(plugins.get("Network") or ()))
    if plugins.get("Authorization"):
        say("  Authorization:", " ".join(plugins["Authorization"]))
    say("  Log:", " ".join(plugins.get("Log") or ()))
    if info.get("CDISpecDirs"):
        lines += [" CDI spec directories:", *(f"  {path}" for path in info["CDISpecDirs"])]
    if info.get("DiscoveredDevices"):
        lines += [" Discovered Devices:", *(f"  {d['Source']}: {d['ID']}" for d in info["DiscoveredDevices"])]
    swarm = info.get("Swarm") or {}
    say(" Swarm:", swarm.get("LocalNodeState", ""))
    lines += _swarm_lines(swarm)
    if info.get("Runtimes"):
        say(" Runtimes:", " ".join(sorted(info["Runtimes"])))
        say(" Default Runtime:", info.get("DefaultRuntime", ""))
    if info.get("OSType") == "linux":
        say(" Init Binary:", info.get("InitBinary", ""))
        for label, key in (("containerd", "ContainerdCommit"), ("runc", "RuncCommit"), ("init", "InitCommit")):
            say(f" {label} version:", (info.get(key) or {}).get("ID", ""))
        if info.get("SecurityOptions"):
            lines += [" Security Options:", *_security_options(info["SecurityOptions"])]
    if info.get("OSType") == "windows":
        say(" Default Isolation:", info.get("Isolation", ""))
    for label, key in (
        ("Kernel Version", "KernelVersion"),
        ("Operating System", "OperatingSystem"),
        ("OSType", "OSType"),
        ("Architecture", "Architecture"),
    ):
        say_non_empty(f" {label}:", key)
    say(" CPUs:", info.get("NCPU", 0))
    say(" Total Memory:", bytes_size(info.get("MemTotal", 0)))
    say_non_empty(" Name:", "Name")
    say_non_empty(" ID:", "ID")
    say(" Docker Root Dir:", info.get("DockerRootDir", ""))
    say(" Debug Mode:", info.get("Debug", False))
    if info.get("Debug"):
        for label, key in (("File Descriptors", "NFd"), ("Goroutines", "NGoroutines")):
            say(f"  {label}:", info.get(key, 0))
        say("  System Time:", info.get("SystemTime", ""))
        say("  EventsListeners:", info.get("NEventsListener", 0))
    for label, key in (("HTTP Proxy", "HttpProxy"), ("HTTPS Proxy", "HttpsProxy"), ("No Proxy", "NoProxy")):
        say_non_empty(f" {label}:", key)
    if info.get("Labels"):
        lines += [" Labels:", *(f"  {label}" for label in info["Labels"])]
    say(" Experimental:", info.get("ExperimentalBuild", False))
    registries = info.get("RegistryConfig") or {}
    if registries.get("InsecureRegistryCIDRs") or registries.get("IndexConfigs"):
        lines.append(" Insecure Registries:")
        lines += [f"  {index['Name']}" for index in registries.get("IndexConfigs", {}).values() if not index["Secure"]]
        lines += [f"  {cidr}" for cidr in registries.get("InsecureRegistryCIDRs") or ()]
    if registries.get("Mirrors"):
        lines += [" Registry Mirrors:", *(f"  {mirror}" for mirror in registries["Mirrors"])]
    say(" Live Restore Enabled:", info.get("LiveRestoreEnabled", False))
    say_non_empty(" Product License:", "ProductLicense")
    if info.get("DefaultAddressPools"):
        lines.append(" Default Address Pools:")
        lines += [f"   Base: {pool['Base']}, Size: {pool['Size']}" for pool in info["DefaultAddressPools"]]
    return [*lines, ""]


def _client_lines(client: ClientInfo) -> list[str]:
    """docker's ``prettyPrintClientInfo`` with no plugins."""
    return [f" Version:    {client.Version}", f" Context:    {client.Context}", f" Debug Mode: {sprint(client.Debug)}"]


def run_info(invocation: Invocation) -> None:
    client, format_text = Client(invocation), invocation.flag("format")
    errors, info = [], DockerInfo({})
    if _needs_server(format_text):
        try:
            info.server = client.get("/info")
        except ClientError as error:  # the daemon cannot be reached
            errors.append(error.message)
    out = invocation.out
    if not format_text:
        out.write("\n".join([f"Client: {PLATFORM}", *_client_lines(info.ClientInfo), "", "Server:", ""]))
        if not errors:
            out.write("\n".join(_server_lines(info.server)) + "\n")
            invocation.err.write("".join(warning + "\n" for warning in info.server.get("Warnings") or ()))
    else:
        template = _template("", format_text, {})
        try:
            out.write(template.execute(info))
        except TemplateError as error:
            out.write(error.output)
            if not errors:  # unreachable, docker runs it over a zero system.Info: the server's fields are empty
                errors.append(str(error))
        out.write("\n")
    if errors:
        raise ClientError("\n".join(errors))


# -- docker version -----------------------------------------------------------------------
VERSION_TEMPLATE = """{{with .Client -}}
Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
 Version:\t{{.Version}}
 API version:\t{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
 Go version:\t{{.GoVersion}}
 Git commit:\t{{.GitCommit}}
 Built:\t{{.BuildTime}}
 OS/Arch:\t{{.Os}}/{{.Arch}}
 Context:\t{{.Context}}
{{- end}}

{{- if ne .Server nil}}{{with .Server}}

Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
 {{- range $component := .Components}}
 {{$component.Name}}:
  {{- if eq $component.Name "Engine" }}
  Version:\t{{.Version}}
  API version:\t{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
  Go version:\t{{index .Details "GoVersion"}}
  Git commit:\t{{index .Details "GitCommit"}}
  Built:\t{{index .Details "BuildTime"}}
  OS/Arch:\t{{index .Details "Os"}}/{{index .Details "Arch"}}
  Experimental:\t{{index .Details "Experimental"}}
  {{- else }}
  Version:\t{{$component.Version}}
  {{- $detailsOrder := getDetailsOrder $component}}
  {{- range $key := $detailsOrder}}
  {{$key}}:\t{{index $component.Details $key}}
   {{- end}}
  {{- end}}
 {{- end}}
 {{- end}}{{- end}}"""
"""docker's ``defaultVersionTemplate``, aligned by a tabwriter (minwidth 20, padding 1)."""

VERSION_FUNCTIONS = {"getDetailsOrder": GoFunc(lambda component: sorted(component.get("Details") or {}), ("any",))}


def run_version(invocation: Invocation) -> None:
    template = _template("version", invocation.flag("format") or VERSION_TEMPLATE, VERSION_FUNCTIONS)
    data, errors = VersionInfo(ClientVersion(API_VERSION), None), []
    try:
        data.Server = Client(invocation).get("/version")
    except ClientError as error:  # the daemon cannot be reached
        errors.append(error.message)
    for component in (data.Server or {}).get("Components") or ():
        if component["Name"] == "Engine" and "BuildTime" in component["Details"]:
            component["Details"]["BuildTime"] = reformat_date(component["Details"]["BuildTime"])
    writer = TabWriter(min_width=20, padding=1)
    try:
        writer.write(template.execute(data))
    except TemplateError as error:
        writer.write(error.output)
        errors.append(str(error))
    writer.write("\n")
    invocation.out.write(writer.flush())
    if errors:
        raise ClientError(errors[0])


FORMAT_FLAG = Flag("format", STRING, INSPECT_FORMAT_HELP, shorthand="f")
register(
    Command(
        "info [OPTIONS]",
        "Display system-wide information",
        run=run_info,
        args=NO_ARGS,
        aliases_text="docker system info, docker info",
        category_top=12,
        flags=(FORMAT_FLAG,),
    ),
    Command(
        "version [OPTIONS]",
        "Show the Docker version information",
        run=run_version,
        args=NO_ARGS,
        category_top=10,
        flags=(FORMAT_FLAG,),
    ),
)
