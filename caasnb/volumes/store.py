"""``VolumeStore``: one host's volumes, as dockerd's volume service keeps them.

A volume is a name, a driver, labels and options, and its files (``data``: path → bytes).
Local volumes belong to this host alone; the network driver's volumes live in the cluster's
:class:`~caasnb.volumes.drivers.NetworkStorage` and every host's store sees them. A volume
that a container refers to (running or not) is in use and cannot be removed unless forced
(``remove web-data: volume is in use - [ID]``). Errors carry dockerd's ``OpErr`` wording
(``get NAME: no such volume``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Conflict, DockerError, InvalidArgument, NotFound
from ..golang.timefmt import rfc3339
from ..sim.epoch import wall_ns
from .drivers import LOCAL, NETWORK, driver_name, mountpoint, scope

_LOCAL_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+")
ANONYMOUS_LABEL = "com.docker.volume.anonymous"


@dataclass
class Volume:
    """One volume and its files."""

    name: str
    driver: str
    labels: dict[str, str]
    options: dict[str, str]
    created_at: int  # sim ns
    data: dict[str, bytes] = field(default_factory=dict)

    @property
    def scope(self) -> str:
        return scope(self.driver)

    @property
    def mountpoint(self) -> str:
        return mountpoint(self.driver, self.name)

    @property
    def anonymous(self) -> bool:
        return ANONYMOUS_LABEL in self.labels

    @property
    def size(self) -> int:
        return sum(len(content) for content in self.data.values())

    def to_api(self) -> dict[str, Any]:
        """``Volume`` as ``GET /volumes/{name}`` answers."""
        return {
            "CreatedAt": rfc3339(wall_ns(self.created_at)),
            "Driver": self.driver,
            "Labels": self.labels,
            "Mountpoint": self.mountpoint,
            "Name": self.name,
            "Options": self.options,
            "Scope": self.scope,
        }


def op_error(op: str, name: str, cause: DockerError, refs: list[str] | None = None) -> DockerError:
    """dockerd's ``OpErr``: ``OP NAME: cause`` (`` - [refs]`` for a volume in use), of the cause's kind."""
    return type(cause)(f"{op} {name}: {cause.message}" + (f" - [{', '.join(refs)}]" if refs else ""))


class VolumeStore:
    """The volumes one host's daemon knows: its local ones and the network storage's."""

    def __init__(self, daemon) -> None:
        self.daemon = daemon
        self.sim = daemon.cluster.sim
        self.host = daemon.host
        self.local: dict[str, Volume] = {}

    @property
    def network(self) -> dict[str, Volume]:
        return self.daemon.cluster.network_storage.volumes

    # -- reading -------------------------------------------------------------------
    def _find(self, name: str) -> Volume | None:
        return self.local.get(name) or self.network.get(name)

    def get(self, name: str) -> Volume:
        volume = self._find(name)
        if volume is None:
            raise op_error("get", name, NotFound("no such volume"))
        return volume

    def inspect(self, name: str) -> dict[str, Any]:
        return self.get(name).to_api()

    def all(self) -> list[Volume]:
        return [*self.local.values(), *(v for name, v in self.network.items() if name not in self.local)]

    def list(self, filters: dict[str, list[str]] | None = None) -> dict[str, Any]:
        """``GET /volumes``: every volume matching ``filters`` (dangling, driver, label, name)."""
        filters = filters or {}
        for key in filters:
            if key not in ("dangling", "driver", "label", "name"):
                raise InvalidArgument(f"invalid filter '{key}'")
        volumes = [v.to_api() for v in self.all() if self._matches(v, filters)]
        return {"Volumes": volumes, "Warnings": None}

    def _matches(self, volume: Volume, filters: dict[str, list[str]]) -> bool:
        dangling = filters.get("dangling")
        if dangling and (dangling[0].lower() in ("true", "1")) == bool(self.users(volume.name)):
            return False
        if filters.get("driver") and volume.driver not in [driver_name(d) for d in filters["driver"]]:
            return False
        if filters.get("name") and not any(wanted in volume.name for wanted in filters["name"]):
            return False
        labels = volume.labels
        for wanted in filters.get("label", []):
            key, sep, value = wanted.partition("=")
            if key not in labels or (sep and labels[key] != value):
                return False
        return True

    def users(self, name: str) -> list[str]:
        """IDs of this host's containers (any state) that mount the volume ``name``."""
        return [
            c["Id"]
            for c in self.daemon.containers.list(all=True)
            if any(m.get("Type") == "volume" and m.get("Name") == name for m in c.get("Mounts") or [])
        ]

    # -- writing -------------------------------------------------------------------
    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /volumes/create``: a new volume, or the existing one of that name and driver."""
        name = body.get("Name") or self.sim.rng(f"volumes:{self.host}").randbytes(32).hex()
        driver = driver_name(body.get("Driver") or LOCAL)
        existing = self._find(name)
        if existing is not None:
            if existing.driver != driver:
                raise op_error(
                    "create",
                    name,
                    Conflict(f"driver '{existing.driver}' already has volume '{name}': volume name must be unique"),
                )
            return existing.to_api()
        if driver not in (LOCAL, NETWORK):
            missing = NotFound(f'error looking up volume plugin {driver}: plugin "{driver}" not found')
            raise op_error("create", name, missing)
        if driver == LOCAL:
            _check_local_name(name)
        volume = Volume(name, driver, body.get("Labels") or {}, body.get("DriverOpts") or {}, self.sim.now)
        (self.local if driver == LOCAL else self.network)[name] = volume
        self.sim.emit("volume.create", name, driver=driver, host=self.host)
        return volume.to_api()

    def remove(self, name: str, force: bool = False) -> None:
        """``DELETE /volumes/{name}``: refused while a container uses it; ``force`` ignores a missing one."""
        volume = self._find(name)
        if volume is None:
            if force:
                return
            raise op_error("get", name, NotFound("no such volume"))
        users = self.users(name)
        if users:
            raise op_error("remove", name, Conflict("volume is in use"), users)
        (self.local if volume.driver == LOCAL else self.network).pop(name)
        self.sim.emit("volume.destroy", name, driver=volume.driver, host=self.host)

    def prune(self, filters: dict[str, list[str]] | None = None) -> dict[str, Any]:
        """``POST /volumes/prune``: unused local volumes — only anonymous ones unless ``all=true``."""
        filters = dict(filters or {})
        every = (filters.pop("all", None) or ["false"])[0].lower() in ("true", "1")
        for key in filters:
            if key != "label":
                raise InvalidArgument(f"invalid filter '{key}'")
        deleted, reclaimed = [], 0
        for volume in list(self.local.values()):
            if self.users(volume.name) or not (every or volume.anonymous) or not self._matches(volume, filters):
                continue
            reclaimed += volume.size
            self.remove(volume.name)
            deleted.append(volume.name)
        return {"VolumesDeleted": deleted or None, "SpaceReclaimed": reclaimed}


def _check_local_name(name: str) -> None:
    if len(name) == 1:
        cause = InvalidArgument("volume name is too short, names should be at least two alphanumeric characters")
        raise op_error("create", name, cause)
    if not _LOCAL_NAME.fullmatch(name):
        raise op_error(
            "create",
            name,
            InvalidArgument(
                f'"{name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" '
                "are allowed. If you intended to pass a host directory, use absolute path"
            ),
        )
