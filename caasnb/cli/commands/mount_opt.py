"""docker's ``opts.MountOpt``: the ``--mount`` flag of ``docker run`` and ``docker service create``.

A CSV list of ``key=value`` fields becomes one Engine API ``mount.Mount``; the type defaults to
``volume``. Errors are docker's, so the CLI reports ``invalid argument "…" for "--mount" flag: …``.
The daemon, not the client, rejects an unknown type.
"""

from __future__ import annotations

import csv
from typing import Any

from ...golang.units import ram_in_bytes
from ..flagkinds import FlagKind

_FLAGS = {"readonly": "ReadOnly", "ro": "ReadOnly"}
_RECURSIVE = {"enabled": {}, "disabled": {"NonRecursive": True}, "writable": {"ReadOnlyNonRecursive": True},
              "readonly": {"ReadOnlyForceRecursive": True}}  # fmt: skip


def _bool(key: str, value: str) -> bool:
    """Go's ``strconv.ParseBool``."""
    if value in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if value in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError(f"invalid value for {key}: {value}")


def _key_value(target: dict[str, str], text: str) -> None:
    key, _, value = text.partition("=")
    if key:
        target[key] = value


def parse_mount(text: str) -> dict[str, Any]:
    """``MountOpt.Set``: one ``--mount`` value as an Engine API ``Mount``."""
    mount: dict[str, Any] = {"Type": "volume"}
    options: dict[str, dict[str, Any]] = {}

    def group(name: str) -> dict[str, Any]:
        if name == "VolumeOptions" and name not in options:
            options[name] = {"Labels": {}, "DriverConfig": {}}
        return options.setdefault(name, {})

    for field in next(csv.reader([text]), []):
        key, sep, value = field.partition("=")
        key = key.lower()
        if not sep:
            if key in _FLAGS:
                mount["ReadOnly"] = True
            elif key == "volume-nocopy":
                group("VolumeOptions")["NoCopy"] = True
            elif key == "bind-nonrecursive":
                group("BindOptions")["NonRecursive"] = True
            else:
                raise ValueError(f"invalid field '{field}' must be a key=value pair")
        elif key == "type":
            mount["Type"] = value.lower()
        elif key in ("source", "src"):
            mount["Source"] = value
        elif key in ("target", "dst", "destination"):
            mount["Target"] = value
        elif key in _FLAGS:
            mount["ReadOnly"] = _bool(key, value)
        elif key == "bind-propagation":
            group("BindOptions")["Propagation"] = value.lower()
        elif key == "bind-recursive":
            if value not in _RECURSIVE:
                raise ValueError(
                    f'invalid value for {key}: {value} (must be "enabled", "disabled", "writable", or "readonly")'
                )
            group("BindOptions").update(_RECURSIVE[value])
        elif key == "volume-subpath":
            group("VolumeOptions")["Subpath"] = value
        elif key == "volume-nocopy":
            group("VolumeOptions")["NoCopy"] = _bool("volume-nocopy", value)
        elif key == "volume-label":
            _key_value(group("VolumeOptions")["Labels"], value)
        elif key == "volume-driver":
            group("VolumeOptions")["DriverConfig"]["Name"] = value
        elif key == "volume-opt":
            _key_value(group("VolumeOptions")["DriverConfig"].setdefault("Options", {}), value)
        elif key == "tmpfs-size":
            try:
                group("TmpfsOptions")["SizeBytes"] = ram_in_bytes(value)
            except ValueError:
                raise ValueError(f"invalid value for {key}: {value}") from None
        elif key == "tmpfs-mode":
            try:
                group("TmpfsOptions")["Mode"] = int(value, 8)
            except ValueError:
                raise ValueError(f"invalid value for {key}: {value}") from None
        else:
            raise ValueError(f"unexpected key '{key}' in '{field}'")
    if not mount["Type"]:
        raise ValueError("type is required")
    if not mount.get("Target"):
        raise ValueError("target is required")
    for name, prefix, kind in (("VolumeOptions", "volume", "volume"), ("BindOptions", "bind", "bind"),
                               ("TmpfsOptions", "tmpfs", "tmpfs")):  # fmt: skip
        if name in options and mount["Type"] != kind:
            raise ValueError(f"cannot mix '{prefix}-*' options with mount type '{mount['Type']}'")
    bind = options.get("BindOptions", {})
    if (bind.get("ReadOnlyNonRecursive") or bind.get("ReadOnlyForceRecursive")) and not mount.get("ReadOnly"):
        which = "writable" if bind.get("ReadOnlyNonRecursive") else "readonly"
        raise ValueError(f"option 'bind-recursive={which}' requires 'readonly' to be specified in conjunction")
    return mount | options


def _show(mounts: tuple[dict[str, Any], ...]) -> str:
    return ", ".join(f"{m['Type']} {m.get('Source', '')} {m['Target']}" for m in mounts)


MOUNTS = FlagKind("mount", lambda text, current, _first: (*current, parse_mount(text)), _show, ())
