"""A container's mounts: ``-v``/``--mount`` resolved against the host's volumes, host paths and tmpfs.

``Binds`` (``SRC:DST[:ro]``; a SRC without ``/`` names a volume) and ``Mounts``
(``type=volume|bind|tmpfs``) become :class:`~caasnb.containers.filesystem.Mount` s in the
container's filesystem and ``Mounts`` entries of inspect. A named volume that does not exist
is created (as ``docker run -v data:/data`` does); a volume declared by the image and not
mounted gets an anonymous one, removed with the container by ``docker rm -v`` or ``--rm``.
Bind mounts see the host's directories (``ContainerRuntime.host_paths``: host path → its files).
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidArgument, NotFound, NotImplementedByDaemon
from .filesystem import Mount


class HostPath(dict):
    """The files under one host directory, seen from a bind mount (keys relative to it)."""


def _volume(daemon: Any, name: str, spec: dict[str, Any]) -> Any:
    """The named volume, created from the mount's ``VolumeOptions`` (driver, options, labels) when missing."""
    store = daemon.volumes
    try:
        return store.get(name)
    except NotFound:
        options = spec.get("VolumeOptions") or {}
        driver = options.get("DriverConfig") or {}
        labels = {"com.docker.volume.anonymous": ""} if spec.get("Anonymous") else dict(options.get("Labels") or {})
        body = {"Name": name, "Labels": labels, "Driver": driver.get("Name") or "local"}
        store.create(body | {"DriverOpts": dict(driver.get("Options") or {})})
        return store.get(name)


def _specs(host_config: dict[str, Any]) -> list[dict[str, Any]]:
    specs = []
    for bind in host_config.get("Binds") or []:
        parts = bind.split(":")
        if len(parts) < 2:
            raise InvalidArgument(f"invalid volume specification: '{bind}'")
        source, target = parts[0], parts[1]
        kind = "bind" if source.startswith("/") else "volume"
        specs.append({"Type": kind, "Source": source, "Target": target, "ReadOnly": "ro" in parts[2:]})
    for mount in host_config.get("Mounts") or []:
        specs.append(dict(mount))
    for tmpfs in host_config.get("Tmpfs") or {}:
        specs.append({"Type": "tmpfs", "Source": "", "Target": tmpfs})
    return specs


def mount_all(daemon: Any, container: Any, host_paths: dict[str, HostPath]) -> list[dict[str, Any]]:
    """Attach every mount to the container's filesystem; returns inspect's ``Mounts``."""
    shown = []
    specs = _specs(container.host_config)
    targets = {spec["Target"] for spec in specs}
    for target in container.config.get("Volumes") or {}:
        if target not in targets:
            specs.append({"Type": "volume", "Source": "", "Target": target, "Anonymous": True})
    for spec in specs:
        kind, source, target = spec.get("Type") or "volume", spec.get("Source") or "", spec.get("Target") or ""
        if not target.startswith("/"):
            raise InvalidArgument(f"invalid mount config: mount path must be absolute: {target}")
        read_only = bool(spec.get("ReadOnly"))
        if kind == "volume" and getattr(daemon, "volumes", None) is None:
            if spec.get("Anonymous"):
                continue  # an engine without a volume store keeps the image's volume in the container layer
            raise NotImplementedByDaemon("this engine has no volume store")
        if kind == "volume":
            name = source or _anonymous_name(daemon)
            volume = _volume(daemon, name, spec | {"Anonymous": not source})
            data = volume.data
            shown.append({"Type": "volume", "Name": name, "Source": volume.mountpoint,
                          "Destination": target, "Driver": volume.driver, "Mode": "z",
                          "RW": not read_only, "Propagation": ""})  # fmt: skip
        elif kind == "bind":
            data = host_paths.setdefault(source, HostPath())
            shown.append({"Type": "bind", "Source": source, "Destination": target, "Mode": "", "RW": not read_only,
                          "Propagation": "rprivate"})  # fmt: skip
        elif kind == "tmpfs":
            data = {}
            shown.append({"Type": "tmpfs", "Source": "", "Destination": target, "Mode": "", "RW": True,
                          "Propagation": ""})  # fmt: skip
        else:
            raise InvalidArgument(f'invalid mount config for type "{kind}"')
        container.files.mounts.append(Mount(target, kind, data, read_only))
    return shown


def _anonymous_name(daemon: Any) -> str:
    return daemon.cluster.sim.rng(f"volumes:{daemon.host}:anonymous").randbytes(32).hex()


def remove_anonymous(daemon: Any, container: Any) -> None:
    """``docker rm -v``: the container's anonymous volumes go with it."""
    for mount in container.mounts:
        if mount["Type"] != "volume":
            continue
        volume = daemon.volumes.get(mount["Name"])
        if "com.docker.volume.anonymous" in (getattr(volume, "labels", None) or {}):
            daemon.volumes.remove(mount["Name"], force=True)
