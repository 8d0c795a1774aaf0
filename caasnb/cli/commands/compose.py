"""Compose files for ``docker stack deploy``: parse (PyYAML), validate, and convert to Engine API specs.

As docker/cli v28.2.2 (``cli/compose/loader``, ``schema``, ``convert``) does it, client-side:

* the file must be a YAML mapping (``top-level object must be a mapping``);
* forbidden service options stop the deploy (``Compose file contains unsupported options:``),
  unsupported ones are ignored with a warning on stderr, deprecated ones too;
* the file is checked against the compose v3 schema and the most specific problem is
  reported as gojsonschema words it: ``services.web Additional property foo is not allowed``,
  ``services.web.image must be a string``;
* every service needs a valid image reference; a service on a network the file does not declare fails with
  ``service web: undefined network "back"``.

The schema below lists the v3.13 property names (so an option docker accepts is accepted
here) and types only what is converted: image, command/entrypoint, environment, labels,
ports, networks, volumes (named, bind, tmpfs), healthcheck, stop_grace_period, hostname,
user, working_dir and ``deploy``
(mode, replicas, labels, update/rollback config, restart policy, placement, resources,
endpoint mode). Docker iterates Go maps, so its creation order varies from run to run;
here networks and services are created in name order. ``${VAR}`` interpolation is not done.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import yaml

from ...errors import ClientError, DockerError
from ...golang.strconv import parse_float
from ...golang.units import ram_in_bytes
from ...images.reference import parse as parse_reference
from ...sim import parse_duration

if TYPE_CHECKING:
    import jsonschema

NAMESPACE_LABEL = "com.docker.stack.namespace"
IMAGE_LABEL = "com.docker.stack.image"
DEFAULT_NETWORK = "default"
UNSUPPORTED = (
    "build", "cgroupns_mode", "cgroup_parent", "devices", "domainname", "external_links", "ipc", "links",
    "mac_address", "network_mode", "pid", "privileged", "restart", "security_opt", "shm_size", "userns_mode",
)  # fmt: skip
DEPRECATED = {
    "container_name": "Setting the container name is not supported.",
    "expose": "Exposing ports is unnecessary - services on the same network can access each other's containers on "
    "any port.",
}
_RESOURCES = "Set resource limits using deploy.resources"
FORBIDDEN = {
    "extends": "Support for `extends` is not implemented yet.",
    "volume_driver": "Instead of setting the volume driver on the service, define a volume using the top-level "
    "`volumes` option and specify the driver there.",
    "volumes_from": "To share a volume between services, define it using the top-level `volumes` option and "
    "reference it from each service that shares it using the service-level `volumes` option.",
    "cpu_quota": _RESOURCES,
    "cpu_shares": _RESOURCES,
    "cpuset": _RESOURCES,
    "mem_limit": _RESOURCES,
    "memswap_limit": _RESOURCES,
}

# -- the schema (compose file format v3.13: names, and the types of what is converted) -----------------
ANY: dict = {}
STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
STRING_OR_LIST = {"type": ["string", "array"], "items": STRING}
DURATION = {"type": "string", "format": "duration"}
LIST_OR_DICT = {"type": ["object", "array"], "items": STRING}


def _closed(properties: dict, extensions: bool = False) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if extensions:
        schema["patternProperties"] = {"^x-": ANY}
    return schema


_UPDATE = _closed(
    {
        "parallelism": {"type": "integer"},
        "delay": DURATION,
        "failure_action": STRING,
        "monitor": DURATION,
        "max_failure_ratio": {"type": "number"},
        "order": {"type": "string", "enum": ["start-first", "stop-first"]},
    }
)
_RESOURCE = _closed(
    {"cpus": {"type": ["number", "string"]}, "memory": STRING, "pids": {"type": "integer"}, "generic_resources": ANY}
)
_DEPLOY = {
    "type": ["object", "null"],
    "properties": {
        "mode": STRING,
        "endpoint_mode": STRING,
        "replicas": {"type": "integer"},
        "labels": LIST_OR_DICT,
        "rollback_config": _UPDATE,
        "update_config": _UPDATE,
        "resources": _closed({"limits": _RESOURCE, "reservations": _RESOURCE}),
        "restart_policy": _closed(
            {"condition": STRING, "delay": DURATION, "max_attempts": {"type": "integer"}, "window": DURATION}
        ),
        "placement": _closed(
            {
                "constraints": STRINGS,
                "preferences": {"type": "array", "items": _closed({"spread": STRING})},
                "max_replicas_per_node": {"type": "integer"},
            }
        ),
    },
    "additionalProperties": False,
}
_PORT = {
    "oneOf": [
        {"type": "number", "format": "ports"},
        {"type": "string", "format": "ports"},
        _closed({"mode": STRING, "target": {"type": "integer"}, "published": {"type": "integer"}, "protocol": STRING}),
    ]
}
_HEALTHCHECK = _closed(
    {
        "disable": {"type": "boolean"},
        "interval": DURATION,
        "retries": {"type": "number"},
        "test": STRING_OR_LIST,
        "timeout": DURATION,
        "start_period": DURATION,
        "start_interval": DURATION,
    }
)
_SERVICE_NAMES = (
    "build cap_add cap_drop cgroupns_mode cgroup_parent configs container_name credential_spec depends_on devices "
    "dns dns_search domainname env_file expose external_links extra_hosts init ipc isolation links logging "
    "mac_address network_mode pid privileged read_only restart security_opt shm_size secrets sysctls stdin_open "
    "stop_signal tmpfs tty ulimits oom_score_adj userns_mode"
).split()
SERVICE = _closed(
    {
        **dict.fromkeys(_SERVICE_NAMES, ANY),
        "deploy": _DEPLOY,
        "image": STRING,
        "command": STRING_OR_LIST,
        "entrypoint": STRING_OR_LIST,
        "environment": {"type": ["object", "array"], "items": STRING},
        "labels": LIST_OR_DICT,
        "healthcheck": _HEALTHCHECK,
        "hostname": STRING,
        "user": STRING,
        "working_dir": STRING,
        "stop_grace_period": DURATION,
        "ports": {"type": "array", "items": _PORT},
        "volumes": {
            "type": "array",
            "items": {
                "oneOf": [
                    STRING,
                    {
                        "type": "object",
                        "required": ["type"],
                        "properties": {
                            "type": STRING,
                            "source": STRING,
                            "target": STRING,
                            "read_only": {"type": "boolean"},
                            "consistency": STRING,
                            "bind": ANY,
                            "volume": ANY,
                            "tmpfs": ANY,
                        },
                        "additionalProperties": False,
                    },
                ]
            },
        },
        "networks": {
            "type": ["array", "object"],
            "items": STRING,
            "additionalProperties": {
                "type": ["object", "null"],
                "properties": {"aliases": STRINGS, "ipv4_address": STRING, "ipv6_address": STRING, "driver_opts": ANY},
                "additionalProperties": False,
            },
        },
    },
    extensions=True,
)
NETWORK = {
    "type": ["object", "null"],
    "properties": {
        "name": STRING,
        "driver": STRING,
        "driver_opts": {"type": "object"},
        "ipam": _closed({"driver": STRING, "config": {"type": "array", "items": _closed({"subnet": STRING})}}),
        "external": {"type": ["boolean", "object"]},
        "internal": {"type": "boolean"},
        "attachable": {"type": "boolean"},
        "labels": LIST_OR_DICT,
    },
    "patternProperties": {"^x-": ANY},
    "additionalProperties": False,
}
VOLUME = {
    "type": ["object", "null"],
    "properties": {
        "name": STRING,
        "driver": STRING,
        "driver_opts": {"type": "object"},
        "external": {"type": ["boolean", "object"]},
        "labels": LIST_OR_DICT,
    },
    "patternProperties": {"^x-": ANY},
    "additionalProperties": False,
}
SCHEMA = {
    **_closed(
        {
            "version": STRING,
            "services": {
                "type": "object",
                "patternProperties": {"^[a-zA-Z0-9._-]+$": SERVICE},
                "additionalProperties": False,
            },
            "networks": {"type": "object", "patternProperties": {"^[a-zA-Z0-9._-]+$": NETWORK}},
            "volumes": {"type": "object", "patternProperties": {"^[a-zA-Z0-9._-]+$": VOLUME}},
            "secrets": {"type": "object"},
            "configs": {"type": "object"},
        },
        extensions=True,
    ),
}


def _is_duration(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parse_duration(value)
    except ValueError:
        return False
    return True


def _is_port(value) -> bool:
    try:
        _short_ports(str(value))
    except ValueError:
        return False
    return True


_TYPE_WORDS = {"object": "mapping", "array": "list"}


def _field(path) -> str:
    return ".".join(str(part) for part in path) or "(root)"


def _type_words(expected) -> str:
    if isinstance(expected, list):
        words = [_TYPE_WORDS.get(t, t) for t in expected]
        return f"{', '.join(words[:-1])} or {words[-1]}"
    return _TYPE_WORDS.get(expected, expected)


def _extra_properties(error: jsonschema.ValidationError) -> list[str]:
    """The keys of the object neither named in ``properties`` nor matching ``patternProperties``, sorted."""
    named, patterns = error.schema.get("properties", {}), error.schema.get("patternProperties", {})
    return sorted(key for key in error.instance if key not in named and not any(re.search(p, key) for p in patterns))


def _describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """(field, description) as docker's ``schema.validationError`` prints them."""
    where = _field(error.absolute_path)
    if error.validator == "additionalProperties":
        return where, f"Additional property {_extra_properties(error)[0]} is not allowed"
    if error.validator == "type":
        return where, f"must be a {_type_words(error.validator_value)}"
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(value) for value in error.validator_value)
        return where, f"{where} must be one of the following: {allowed}"  # gojsonschema names the field twice
    if error.validator == "format":
        return where, f"Does not match format '{error.validator_value}'"
    if error.validator == "oneOf":
        return where, "Must validate one and only one schema (oneOf)"
    return where, error.message


@cache
def _validator() -> jsonschema.Draft7Validator:
    """The compose schema's validator, built on first use: importing jsonschema costs a second, and only a
    stack deploy needs it."""
    import jsonschema

    formats = jsonschema.FormatChecker()
    formats.checks("duration")(_is_duration)
    formats.checks("ports")(_is_port)
    return jsonschema.Draft7Validator(SCHEMA, format_checker=formats)


def validate(config: dict) -> None:
    """The schema check; ClientError with the most specific problem (deepest field, type errors first)."""
    errors = list(_validator().iter_errors(config))
    if not errors:
        return
    best = max(errors, key=lambda e: (len(_field(e.absolute_path).split(".")), e.validator == "type"))
    where, description = _describe(best)
    raise ClientError(f"{where} {description}")


# -- loading -------------------------------------------------------------------------------------------
def parse(text: str) -> dict:
    """``loader.ParseYAML``: the file must hold a mapping."""
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise ClientError(f"yaml: {line}{getattr(error, 'problem', None) or error}") from None
    if not isinstance(config, dict):
        raise ClientError("top-level object must be a mapping")
    return config


def version(config: dict) -> str:
    """``schema.Version``: the file's ``version``, "3"/empty/missing meaning the newest, 3.13."""
    value = config.get("version")
    text = "" if value is None else str(value)
    return "3.13" if text in ("", "3") else text


def _check(config: dict) -> None:
    """One file's checks, before merging: forbidden options, then the schema."""
    services = config.get("services") if isinstance(config.get("services"), dict) else {}
    forbidden = _present(services, FORBIDDEN)
    if forbidden:
        lines = "\n\n".join(sorted(f"{name}: {why}" for name, why in forbidden.items()))
        raise ClientError(f"Compose file contains unsupported options:\n\n{lines}\n")
    validate(config)


def load(texts: str | list[str], warn: Callable[[str], object]) -> dict:
    """Parse every file, check each, merge them, warn (``warn``: stderr) of ignored options, check images.

    That is docker's order, so a file with ``build:`` and no image warns first, then fails.
    """
    configs = [parse(text) for text in ([texts] if isinstance(texts, str) else texts)]
    for config in configs:
        if version(config) != version(configs[0]):
            raise ClientError(
                f"version mismatched between two composefiles : {version(configs[0])} and {version(config)}"
            )
        _check(config)
    services = {}
    for config in configs:
        services.update(config.get("services") or {})
    unsupported = sorted(
        {name for c in configs for s in (c.get("services") or {}).values() for name in UNSUPPORTED if name in (s or {})}
    )
    if unsupported:
        warn(f"Ignoring unsupported options: {', '.join(unsupported)}\n\n")
    deprecated = {k: v for c in configs for k, v in _present(c.get("services") or {}, DEPRECATED).items()}
    if deprecated:
        lines = "\n\n".join(sorted(f"{name}: {why}" for name, why in deprecated.items()))
        warn(f"Ignoring deprecated options:\n\n{lines}\n\n")
    merged = configs[0]
    for override in configs[1:]:
        merged = merge(merged, override)
    for name in sorted(merged.get("services") or {}):
        image = (merged["services"][name] or {}).get("image")
        if not image:
            raise ClientError(f"invalid image reference for service {name}: no image specified")
        try:
            parse_reference(image)
        except DockerError as error:
            raise ClientError(f"invalid image reference for service {name}: {error.message}") from None
    return merged


# -- merging several files (``-c base.yml -c override.yml``) --------------------------------------------
def merge(base: dict, override: dict) -> dict:
    """``loader.merge``: services merged field by field, top-level networks/volumes/secrets/configs by name.

    Within a service, as docker's mergo options do: mappings merge (``environment`` and
    ``labels`` too, in either spelling), lists are appended (without repeats), ``command``/``entrypoint`` are
    replaced, ``ports`` are merged by published (else target) port and protocol, ``volumes``
    by target path; any other value of the override wins.
    """
    merged = dict(base)
    for section in ("networks", "volumes", "secrets", "configs"):
        if override.get(section):
            merged[section] = {**(base.get(section) or {}), **override[section]}
    services = dict(base.get("services") or {})
    for name, service in (override.get("services") or {}).items():
        services[name] = _merge_value("", services[name], service) if services.get(name) else service
    merged["services"] = services
    return merged


def _merge_value(key: str, base, override):
    if override is None:
        return base
    if key in ("command", "entrypoint"):
        return override
    if key in ("environment", "labels"):
        return {**_mapping(base), **_mapping(override)}
    if key in MERGE_KEYS and isinstance(base, list) and isinstance(override, list):
        keyed = {MERGE_KEYS[key](item): item for item in [*base, *override]}
        return list(keyed.values())
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            merged[name] = _merge_value(name, base[name], value) if name in base else value
        return merged
    if isinstance(base, list) and isinstance(override, list):
        return [*base, *[item for item in override if item not in base]]
    return override


def _port_key(item) -> tuple:
    if isinstance(item, dict):
        return (item.get("published") or item.get("target"), item.get("protocol", "tcp"))
    port = _short_ports(str(item))[0]
    return (port.get("PublishedPort") or port["TargetPort"], port["Protocol"])


MERGE_KEYS = {"ports": _port_key, "volumes": lambda item: _volume_entry(item).get("target")}


def _present(services: dict, table: dict[str, str]) -> dict[str, str]:
    return {name: why for s in services.values() if isinstance(s, dict) for name, why in table.items() if name in s}


# -- conversion ----------------------------------------------------------------------------------------
def _mapping(value, separator: str = "=") -> dict[str, str | None]:
    """A ``list_or_dict``: ``["A=1", "B"]`` or ``{A: 1, B: null}``."""
    if isinstance(value, dict):
        return {key: None if v is None else _text(v) for key, v in value.items()}
    pairs = {}
    for item in value or []:
        key, sep, rest = item.partition(separator)
        pairs[key] = rest if sep else None
    return pairs


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _argv(value) -> list[str] | None:
    if value is None:
        return None
    return shlex.split(value) if isinstance(value, str) else [str(v) for v in value]


def _short_ports(text: str) -> list[dict]:
    """``[ip:][published:]target[/protocol]``, ranges ``8000-8001:80-81`` expanded (nat.ParsePortSpec)."""
    spec, _, protocol = text.partition("/")
    protocol = protocol or "tcp"
    parts = spec.split(":")
    if len(parts) > 3 or not parts[-1]:
        raise ValueError(f"invalid port: {text}")
    target, published = parts[-1], parts[-2] if len(parts) > 1 else ""
    targets, publisheds = _port_range(target), _port_range(published) if published else []
    if publisheds and len(publisheds) != len(targets):
        raise ValueError(f"invalid port: {text}")
    return [
        {
            "Protocol": protocol,
            "TargetPort": t,
            **({"PublishedPort": publisheds[i]} if publisheds else {}),
            "PublishMode": "ingress",
        }
        for i, t in enumerate(targets)
    ]


def _port_range(text: str) -> list[int]:
    low, _, high = text.partition("-")
    first, last = int(low), int(high or low)
    if not 0 < first <= last <= 65535:
        raise ValueError(f"invalid port range: {text}")
    return list(range(first, last + 1))


def _ports(items) -> list[dict]:
    ports = []
    for item in items or []:
        if isinstance(item, dict):
            port = {"Protocol": item.get("protocol", "tcp"), "TargetPort": item.get("target", 0)}
            if item.get("published"):
                port["PublishedPort"] = item["published"]
            port["PublishMode"] = item.get("mode", "ingress")
            ports.append(port)
        else:
            ports += _short_ports(str(item))
    return sorted(ports, key=lambda port: port.get("PublishedPort", 0))


def _update(source: dict | None) -> dict | None:
    if source is None:
        return None
    config = {"Parallelism": source.get("parallelism", 1)}
    for key, field in (("delay", "Delay"), ("monitor", "Monitor")):
        if source.get(key):
            config[field] = parse_duration(source[key])
    for key, field in (
        ("failure_action", "FailureAction"),
        ("order", "Order"),
        ("max_failure_ratio", "MaxFailureRatio"),
    ):
        if source.get(key) is not None:
            config[field] = source[key]
    return config


def _resources(source: dict) -> dict:
    out = {}
    for key, field in (("limits", "Limits"), ("reservations", "Reservations")):
        part = source.get(key) or {}
        values = {}
        if part.get("cpus") is not None:
            values["NanoCPUs"] = int(round(parse_float(str(part["cpus"])) * 1e9))
        if part.get("memory"):
            values["MemoryBytes"] = ram_in_bytes(part["memory"])
        if key == "limits" and part.get("pids"):
            values["Pids"] = part["pids"]
        if values:
            out[field] = values
    return out


def _healthcheck(source: dict | None) -> dict | None:
    if source is None:
        return None
    if source.get("disable"):
        if source.get("test"):
            raise ValueError("test and disable can't be set at the same time")
        return {"Test": ["NONE"]}
    test = source.get("test")
    check = {"Test": ["CMD-SHELL", test] if isinstance(test, str) else list(test or [])}
    for key, field in (("interval", "Interval"), ("timeout", "Timeout"), ("start_period", "StartPeriod"),
                       ("start_interval", "StartInterval")):  # fmt: skip
        if source.get(key):
            check[field] = parse_duration(source[key])
    if source.get("retries") is not None:
        check["Retries"] = int(source["retries"])
    return check


def _mode(deploy: dict) -> dict:
    mode, replicas = deploy.get("mode") or "replicated", deploy.get("replicas")
    if mode in ("global", "global-job"):
        if replicas is not None:
            raise ValueError("replicas can only be used with replicated or replicated-job mode")
        return {"Global": {}} if mode == "global" else {"GlobalJob": {}}
    if mode == "replicated-job":
        return {"ReplicatedJob": {"MaxConcurrent": replicas, "TotalCompletions": replicas}}
    if mode != "replicated":
        raise ValueError(f"Unknown mode: {mode}")
    return {"Replicated": {"Replicas": replicas} if replicas is not None else {}}


def _volume_entry(item) -> dict:
    """A service ``volumes`` entry as compose's long syntax: ``[source:]target[:ro|rw]`` reads as one."""
    if isinstance(item, dict):
        return item
    parts = item.split(":")
    mode = parts.pop() if len(parts) == 3 or (len(parts) == 2 and parts[1] in ("ro", "rw")) else ""
    source, target = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    kind = "bind" if source.startswith(("/", ".", "~")) else "volume"
    return {"type": kind, "source": source, "target": target, "read_only": mode == "ro"}


def mounts(stack: str, service: dict, declared_volumes: dict) -> list[dict]:
    """``convert.Volumes``: named volumes are the stack's (``STACK_NAME``, labelled) unless external or renamed."""
    result = []
    for entry in map(_volume_entry, service.get("volumes") or []):
        mount = {"Type": entry["type"], "Target": entry.get("target", ""), "Source": entry.get("source", "")}
        if entry.get("read_only"):
            mount["ReadOnly"] = True
        if mount["Type"] == "volume" and mount["Source"]:
            if mount["Source"] not in declared_volumes:
                raise ValueError(f'undefined volume "{mount["Source"]}"')
            volume = declared_volumes[mount["Source"]] or {}
            mount["Source"] = volume.get("name") or f"{stack}_{mount['Source']}"
            options: dict = {}
            if not volume.get("external"):
                options["Labels"] = {**_mapping(volume.get("labels")), NAMESPACE_LABEL: stack}
                if volume.get("driver") or volume.get("driver_opts") is not None:
                    driver_options = {k: _text(v) for k, v in (volume.get("driver_opts") or {}).items()}
                    options["DriverConfig"] = {"Name": volume.get("driver", ""), "Options": driver_options}
            mount["VolumeOptions"] = options
        elif mount["Type"] == "bind" and not mount["Source"]:
            raise ValueError("invalid bind source, source cannot be empty")
        result.append({key: value for key, value in mount.items() if value != ""})
    return result


def network_names(service: dict) -> list[str]:
    networks = service.get("networks")
    return sorted(networks) if networks else [DEFAULT_NETWORK]


def network_name(stack: str, key: str, network: dict) -> str:
    """The network's real name: its ``name``, an external one's own name (the key), else ``STACK_KEY``."""
    external = network.get("external")
    if isinstance(external, dict) and external.get("name"):
        return external["name"]
    return network.get("name") or (key if external else f"{stack}_{key}")


def networks(stack: str, config: dict) -> tuple[dict[str, dict], list[str]]:
    """``convert.Networks``: create bodies by network name for the networks services use, and the external ones."""
    declared = config.get("networks") or {}
    used = sorted({name for s in (config.get("services") or {}).values() for name in network_names(s or {})})
    bodies, external = {}, []
    for internal in used:
        net = declared.get(internal) or {}
        if net.get("external"):
            external.append(network_name(stack, internal, net))
            continue
        body = {
            "Driver": net.get("driver") or "overlay",
            "Options": {k: _text(v) for k, v in (net.get("driver_opts") or {}).items()},
            "Internal": bool(net.get("internal")),
            "Attachable": bool(net.get("attachable")),
            "Labels": {**_mapping(net.get("labels")), NAMESPACE_LABEL: stack},
        }
        ipam = net.get("ipam") or {}
        if ipam:
            body["IPAM"] = {
                "Driver": ipam.get("driver") or "default",
                "Config": [{"Subnet": c["subnet"]} for c in ipam.get("config") or []],
            }
        name = network_name(stack, internal, net)
        bodies[name] = {"Name": name, **body}
    return bodies, external


def service_spec(stack: str, name: str, service: dict, declared_networks: dict, declared_volumes: dict) -> dict:
    """``convert.Service``: the ServiceSpec of compose service ``name`` in stack ``stack``."""
    deploy = service.get("deploy") or {}
    attachments = []
    for net in network_names(service):
        if net not in declared_networks and net != DEFAULT_NETWORK:
            raise ValueError(f'undefined network "{net}"')
        options = (service.get("networks") or {}) if isinstance(service.get("networks"), dict) else {}
        target = network_name(stack, net, declared_networks.get(net) or {})
        aliases = list(((options.get(net) or {}).get("aliases")) or []) + [name]
        attachments.append({"Target": target, "Aliases": aliases})
    container = {
        "Image": service["image"],
        "Command": _argv(service.get("entrypoint")),
        "Args": _argv(service.get("command")),
        "Hostname": service.get("hostname"),
        "Env": sorted(k if v is None else f"{k}={v}" for k, v in _mapping(service.get("environment")).items()) or None,
        "Labels": {**_mapping(service.get("labels")), NAMESPACE_LABEL: stack},
        "Dir": service.get("working_dir"),
        "User": service.get("user"),
        "Healthcheck": _healthcheck(service.get("healthcheck")),
        "StopGracePeriod": parse_duration(service["stop_grace_period"]) if service.get("stop_grace_period") else None,
        "Mounts": mounts(stack, service, declared_volumes) or None,
    }
    placement = deploy.get("placement") or {}
    restart = deploy.get("restart_policy")
    spec = {
        "Name": f"{stack}_{name}",
        "Labels": {**_mapping(deploy.get("labels")), NAMESPACE_LABEL: stack, IMAGE_LABEL: service["image"]},
        "TaskTemplate": {
            "ContainerSpec": {key: value for key, value in container.items() if value is not None},
            "Resources": _resources(deploy.get("resources") or {}),
            "Placement": {
                "Constraints": list(placement.get("constraints") or []) or None,
                "Preferences": [
                    {"Spread": {"SpreadDescriptor": p["spread"]}} for p in placement.get("preferences") or []
                ]
                or None,
                "MaxReplicas": placement.get("max_replicas_per_node") or None,
            },
            "Networks": sorted(attachments, key=lambda a: a["Target"]),
        },
        "Mode": _mode(deploy),
        "EndpointSpec": {"Mode": (deploy.get("endpoint_mode") or "").lower(), "Ports": _ports(service.get("ports"))},
    }
    spec["TaskTemplate"]["Placement"] = {k: v for k, v in spec["TaskTemplate"]["Placement"].items() if v is not None}
    if restart is not None:
        spec["TaskTemplate"]["RestartPolicy"] = {
            key: value
            for key, value in (
                ("Condition", restart.get("condition")),
                ("Delay", parse_duration(restart["delay"]) if restart.get("delay") else None),
                ("MaxAttempts", restart.get("max_attempts")),
                ("Window", parse_duration(restart["window"]) if restart.get("window") else None),
            )
            if value is not None
        }
    for key, field in (("update_config", "UpdateConfig"), ("rollback_config", "RollbackConfig")):
        converted = _update(deploy.get(key))
        if converted is not None:
            spec[field] = converted
    return spec


def services(stack: str, config: dict) -> dict[str, dict]:
    """Every service's spec by compose name; ClientError ``service NAME: ...`` as ``convert.Services`` wraps it."""
    declared, volumes = config.get("networks") or {}, config.get("volumes") or {}
    result = {}
    for name in sorted(config.get("services") or {}):
        try:
            result[name] = service_spec(stack, name, config["services"][name] or {}, declared, volumes)
        except ValueError as error:
            raise ClientError(f"service {name}: {error}") from None
    return result
