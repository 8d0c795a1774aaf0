"""``docker network ls|create|inspect|rm|prune|connect|disconnect`` (docker/cli v28.2.2 ``cli/command/network``).

``rm`` and ``prune`` ask for confirmation as docker does (``rm`` only for the ingress
network): the question goes to stdout and the answer is read from stdin
(``c.docker("network prune", stdin="y")``); only ``y``/``Y`` goes on. A refused prune
prints nothing more and exits 0 (docker treats it as cancelled).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import ip_address, ip_interface

from ...errors import ClientError, DockerError
from ...golang.timefmt import parse_rfc3339nano
from .. import (
    BOOL,
    FORMAT_HELP,
    INSPECT_FORMAT_HELP,
    INT,
    LIST,
    MAP,
    NO_ARGS,
    STRING,
    STRING_SLICE,
    Command,
    Flag,
    Invocation,
    ListFormat,
    exact_args,
    min_args,
    register,
)
from ..display import truncate_id
from .client import Client, filters_query
from .gotime import go_time
from .inspect_output import inspect
from .options import FILTER, filter_lists
from .task_table import natural_key

NETWORKS = ListFormat(
    table="table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
    header={
        "ID": "NETWORK ID",
        "Name": "NAME",
        "Driver": "DRIVER",
        "Scope": "SCOPE",
        "IPv4": "IPV4",
        "IPv6": "IPV6",
        "Internal": "INTERNAL",
        "Labels": "LABELS",
        "CreatedAt": "CREATED AT",
    },
    raw="network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n",
    raw_quiet="network_id: {{.ID}}",
)
PRUNE_WARNING = (
    "WARNING! This will remove all custom networks not used by at least one container.\n"
    "Are you sure you want to continue?"
)
INGRESS_WARNING = (
    "WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker "
    "engine version. Otherwise, removal may not be effective and functionality of newly create ingress networks "
    "will be impaired.\nAre you sure you want to continue?"
)


@dataclass
class NetworkRow:
    """docker's ``networkContext`` for ``docker network ls``."""

    network: dict
    trunc: bool
    go_type = "*network.networkContext"

    @property
    def ID(self) -> str:
        return truncate_id(self.network["Id"]) if self.trunc else self.network["Id"]

    Name = property(lambda self: self.network["Name"])
    Driver = property(lambda self: self.network["Driver"])
    Scope = property(lambda self: self.network["Scope"])
    IPv4 = property(lambda self: "true" if self.network.get("EnableIPv4") else "false")
    IPv6 = property(lambda self: "true" if self.network.get("EnableIPv6") else "false")
    Internal = property(lambda self: "true" if self.network.get("Internal") else "false")

    @property
    def Labels(self) -> str:
        return ",".join(f"{key}={value}" for key, value in (self.network.get("Labels") or {}).items())

    def Label(self, name: str) -> str:
        return (self.network.get("Labels") or {}).get(name, "")

    @property
    def CreatedAt(self) -> str:
        return go_time(parse_rfc3339nano(self.network["Created"]))

    def go_json(self) -> dict:
        names = ("CreatedAt", "Driver", "ID", "IPv4", "IPv6", "Internal", "Labels", "Name", "Scope")
        return {name: getattr(self, name) for name in names}


def run_ls(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    networks = client.get("/networks", filters_query(filter_lists(flag("filter"))))
    networks.sort(key=lambda network: natural_key(network["Name"]))
    rows = [NetworkRow(network, not flag("no-trunc")) for network in networks]
    invocation.out.write(NETWORKS.render(flag("format"), flag("quiet"), rows))


def _contains(subnet: str, data: str) -> bool:
    """docker's ``subnetMatches``: whether ``data`` (an address or CIDR) lies in ``subnet``."""
    try:
        network = ip_interface(subnet).network
    except ValueError:
        raise ClientError(f"invalid subnet: invalid CIDR address: {subnet}") from None
    try:
        address = ip_interface(data).ip if "/" in data else ip_address(data)
    except ValueError:
        if "/" in data:
            raise ClientError(f"invalid CIDR address: {data}") from None
        return False
    return address in network


def ipam_config(invocation: Invocation) -> list[dict]:
    """docker's ``createIPAMConfig``: one entry per ``--subnet``, with its range, gateway and aux addresses."""
    subnets, ranges, gateways = (list(invocation.flag(name)) for name in ("subnet", "ip-range", "gateway"))
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        raise ClientError("every ip-range or gateway must have a corresponding subnet")
    configs: dict[str, dict] = {}
    for subnet in subnets:
        for known in configs:
            if _contains(subnet, known) or _contains(known, subnet):
                raise ClientError("multiple overlapping subnet configuration is not supported")
        configs[subnet] = {"Subnet": subnet, "AuxiliaryAddresses": {}}
    for field, values, what in (("IPRange", ranges, "range"), ("Gateway", gateways, "gateway")):
        for value in values:
            if field == "IPRange":
                _contains(value, value)  # a range must be a CIDR
            matched = [s for s in subnets if _contains(s, value)]
            for subnet in matched:
                if configs[subnet].get(field):
                    plural = "ranges" if what == "range" else "gateways"
                    where = "on the same subnet" if what == "range" else "for the same subnet"
                    raise ClientError(
                        f"cannot configure multiple {plural} ({value}, {configs[subnet][field]}) {where} ({subnet})"
                    )
                configs[subnet][field] = value
            if not matched:
                raise ClientError(f"no matching subnet for {what} {value}")
    for key, address in invocation.flag("aux-address").items():
        matched = [s for s in subnets if _contains(s, address)]
        for subnet in matched:
            configs[subnet]["AuxiliaryAddresses"][key] = address
        if not matched:
            raise ClientError(f"no matching subnet for aux-address {address}")
    return [
        {"Subnet": c["Subnet"], **{k: c[k] for k in ("IPRange", "Gateway") if c.get(k)}, **_aux(c)}
        for c in configs.values()
    ]


def _aux(config: dict) -> dict:
    return {"AuxiliaryAddresses": config["AuxiliaryAddresses"]} if config["AuxiliaryAddresses"] else {}


def _labels(values: tuple[str, ...]) -> dict[str, str]:
    """``opts.ConvertKVStringsToMap``."""
    return {key: value for key, _, value in (item.partition("=") for item in values)}


def run_create(invocation: Invocation) -> None:
    flag, given = invocation.flag, invocation.was_set
    body = {
        "Name": invocation.args[0],
        "Driver": flag("driver"),
        "Scope": flag("scope"),
        **({"EnableIPv4": flag("ipv4")} if given("ipv4") else {}),
        **({"EnableIPv6": flag("ipv6")} if given("ipv6") else {}),
        "IPAM": {"Driver": flag("ipam-driver"), "Config": ipam_config(invocation), "Options": dict(flag("ipam-opt"))},
        "Internal": flag("internal"),
        "Attachable": flag("attachable"),
        "Ingress": flag("ingress"),
        "ConfigOnly": flag("config-only"),
        **({"ConfigFrom": {"Network": flag("config-from")}} if flag("config-from") else {}),
        "Options": dict(flag("opt")),
        "Labels": _labels(flag("label")),
    }
    answer = Client(invocation).call("POST", "/networks/create", body=body)
    invocation.out.write(answer["Id"] + "\n")


def run_inspect(invocation: Invocation) -> None:
    client = Client(invocation)
    query = {"verbose": "true"} if invocation.flag("verbose") else {}
    inspect(invocation, invocation.args, invocation.flag("format"), lambda ref: client.get(f"/networks/{ref}", query))


def confirm(invocation: Invocation, client: Client, question: str) -> bool:
    """docker's ``prompt.Confirm``: the question and ``[y/N]`` on stdout, the first line of stdin answers."""
    invocation.out.write(question + " [y/N] ")
    return client.stdin.split("\n", 1)[0].strip().lower() == "y"


def run_rm(invocation: Invocation) -> None:
    client, failed = Client(invocation), False
    for name in invocation.args:
        try:
            ingress = client.get(f"/networks/{name}").get("Ingress")
        except DockerError:
            ingress = False
        if ingress and not confirm(invocation, client, INGRESS_WARNING):
            continue
        try:
            client.call("DELETE", f"/networks/{name}")
        except DockerError as error:
            if invocation.flag("force") and error.status == 404:
                continue
            invocation.err.write(error.cli_lines())
            failed = True
            continue
        invocation.out.write(name + "\n")
    if failed:
        raise ClientError("exit status 1")


def run_prune(invocation: Invocation) -> None:
    client = Client(invocation)
    if not invocation.flag("force") and not confirm(invocation, client, PRUNE_WARNING):
        return
    report = client.call("POST", "/networks/prune", filters_query(filter_lists(invocation.flag("filter"))))
    deleted = report.get("NetworksDeleted") or []
    if deleted:
        invocation.out.write("Deleted Networks:\n" + "".join(name + "\n" for name in deleted) + "\n")


def run_connect(invocation: Invocation) -> None:
    flag = invocation.flag
    driver_opts = {}
    for item in flag("driver-opt"):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ClientError("invalid key/value pair format in driver options")
        driver_opts[key.strip()] = value.strip()
    addresses = {"IPv4Address": flag("ip"), "IPv6Address": flag("ip6"), "LinkLocalIPs": list(flag("link-local-ip"))}
    settings = {
        "IPAMConfig": addresses,
        "Links": list(flag("link")),
        "Aliases": list(flag("alias")),
        "DriverOpts": driver_opts,
        "GwPriority": flag("gw-priority"),
    }
    network, container = invocation.args
    body = {"Container": container, "EndpointConfig": settings}
    Client(invocation).call("POST", f"/networks/{network}/connect", body=body)


def run_disconnect(invocation: Invocation) -> None:
    network, container = invocation.args
    body = {"Container": container, "Force": invocation.flag("force")}
    Client(invocation).call("POST", f"/networks/{network}/disconnect", body=body)


register(Command("network", "Manage networks"))
register(
    Command(
        "connect [OPTIONS] NETWORK CONTAINER",
        "Connect a container to a network",
        run=run_connect,
        args=exact_args(2),
        flags=(
            Flag("ip", STRING, 'IPv4 address (e.g., "172.30.100.104")'),
            Flag("ip6", STRING, 'IPv6 address (e.g., "2001:db8::33")'),
            Flag("link", LIST, "Add link to another container"),
            Flag("alias", STRING_SLICE, "Add network-scoped alias for the container"),
            Flag("link-local-ip", STRING_SLICE, "Add a link-local address for the container"),
            Flag("driver-opt", STRING_SLICE, "driver options for the network"),
            Flag(
                "gw-priority",
                INT,
                "Highest gw-priority provides the default gateway. Accepts positive and negative values.",
            ),
        ),
    ),
    Command(
        "create [OPTIONS] NETWORK",
        "Create a network",
        run=run_create,
        args=exact_args(1),
        flags=(
            Flag("driver", STRING, "Driver to manage the Network", shorthand="d", default="bridge"),
            Flag("opt", MAP, "Set driver specific options", shorthand="o"),
            Flag("label", LIST, "Set metadata on a network"),
            Flag("internal", BOOL, "Restrict external access to the network"),
            Flag("ipv4", BOOL, "Enable or disable IPv4 address assignment", default=True),
            Flag("ipv6", BOOL, "Enable or disable IPv6 address assignment"),
            Flag("attachable", BOOL, "Enable manual container attachment"),
            Flag("ingress", BOOL, "Create swarm routing-mesh network"),
            Flag("scope", STRING, "Control the network's scope"),
            Flag("config-only", BOOL, "Create a configuration only network"),
            Flag("config-from", STRING, "The network from which to copy the configuration"),
            Flag("ipam-driver", STRING, "IP Address Management Driver", default="default"),
            Flag("subnet", STRING_SLICE, "Subnet in CIDR format that represents a network segment"),
            Flag("ip-range", STRING_SLICE, "Allocate container ip from a sub-range"),
            Flag("gateway", STRING_SLICE, "IPv4 or IPv6 Gateway for the master subnet"),
            Flag("aux-address", MAP, "Auxiliary IPv4 or IPv6 addresses used by Network driver"),
            Flag("ipam-opt", MAP, "Set IPAM driver specific options"),
        ),
    ),
    Command(
        "disconnect [OPTIONS] NETWORK CONTAINER",
        "Disconnect a container from a network",
        run=run_disconnect,
        args=exact_args(2),
        flags=(Flag("force", BOOL, "Force the container to disconnect from a network", shorthand="f"),),
    ),
    Command(
        "inspect [OPTIONS] NETWORK [NETWORK...]",
        "Display detailed information on one or more networks",
        run=run_inspect,
        args=min_args(1),
        flags=(
            Flag("format", STRING, INSPECT_FORMAT_HELP, shorthand="f"),
            Flag("verbose", BOOL, "Verbose output for diagnostics", shorthand="v"),
        ),
    ),
    Command(
        "ls [OPTIONS]",
        "List networks",
        run=run_ls,
        aliases=("list",),
        args=NO_ARGS,
        flags=(
            Flag("quiet", BOOL, "Only display network IDs", shorthand="q"),
            Flag("no-trunc", BOOL, "Do not truncate the output"),
            Flag("format", STRING, FORMAT_HELP),
            Flag("filter", FILTER, 'Provide filter values (e.g. "driver=bridge")', shorthand="f"),
        ),
    ),
    Command(
        "prune [OPTIONS]",
        "Remove all unused networks",
        run=run_prune,
        args=NO_ARGS,
        flags=(
            Flag("force", BOOL, "Do not prompt for confirmation", shorthand="f"),
            Flag("filter", FILTER, 'Provide filter values (e.g. "until=<timestamp>")'),
        ),
    ),
    Command(
        "rm NETWORK [NETWORK...]",
        "Remove one or more networks",
        run=run_rm,
        aliases=("remove",),
        args=min_args(1),
        flags=(Flag("force", BOOL, "Do not error if the network does not exist", shorthand="f"),),
    ),
    under="network",
)
