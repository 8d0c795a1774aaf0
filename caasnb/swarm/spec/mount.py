"""``Mount``: a volume, bind or tmpfs mount of a service's containers (``ContainerSpec.Mounts``).

Kept in the Engine API's ``mount.Mount`` shape, so the agent hands it to the container runtime
as ``HostConfig.Mounts``. Reading it applies moby's ``daemon/cluster/convert`` checks
(``invalid MountType: "foo"``, plain 400); SwarmKit refuses two mounts on one target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import InvalidArgument
from ...golang.strconv import quote as go_quote
from ..wire import GoObject, go_struct, invalid_rpc
from .common import ApiObject, Driver

MOUNT_TYPES = ("bind", "volume", "tmpfs", "npipe", "cluster")
PROPAGATIONS = ("rprivate", "private", "rshared", "shared", "rslave", "slave")


@dataclass(frozen=True)
class VolumeOptions(ApiObject):
    """``VolumeOptions``: how a named volume is made if the node lacks it (driver, labels, no-copy)."""

    API_STRUCT = "VolumeOptions"
    no_copy: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    subpath: str = ""
    driver: Driver | None = None

    def to_api(self) -> dict[str, Any]:
        fields = {
            "NoCopy": self.no_copy,
            "Labels": dict(self.labels),
            "Subpath": self.subpath,
            "DriverConfig": self.driver.to_api() if self.driver else None,
        }
        return go_struct(fields)

    @classmethod
    def read(cls, obj: GoObject) -> VolumeOptions:
        driver = obj.object("DriverConfig", "Driver")
        return cls(
            no_copy=obj.boolean("NoCopy"),
            labels=obj.labels("Labels"),
            subpath=obj.string("Subpath"),
            driver=Driver.read(driver) if driver else None,
        )


@dataclass(frozen=True)
class Mount(ApiObject):
    """One ``Mount``: ``type`` (volume, bind, tmpfs), ``source``, ``target`` and the per-type options."""

    API_STRUCT = "Mount"
    type: str = ""
    source: str = ""
    target: str = ""
    read_only: bool = False
    propagation: str = ""  # BindOptions.Propagation; "" = no BindOptions
    volume_options: VolumeOptions | None = None
    tmpfs_size: int = 0
    tmpfs_mode: int = 0
    has_tmpfs_options: bool = False

    def to_api(self) -> dict[str, Any]:
        fields = {
            "Type": self.type,
            "Source": self.source,
            "Target": self.target,
            "ReadOnly": self.read_only,
            "BindOptions": {"Propagation": self.propagation} if self.propagation else None,
            "VolumeOptions": self.volume_options.to_api() if self.volume_options else None,
            "TmpfsOptions": go_struct({"SizeBytes": self.tmpfs_size, "Mode": self.tmpfs_mode})
            if self.has_tmpfs_options
            else None,
        }
        return go_struct(fields)

    @classmethod
    def read(cls, obj: GoObject) -> Mount:
        kind = obj.string("Type")
        if kind and kind.lower() not in MOUNT_TYPES:
            raise InvalidArgument(f"invalid MountType: {go_quote(kind)}")
        bind = obj.object("BindOptions", "BindOptions")
        propagation = bind.string("Propagation") if bind else ""
        if propagation and propagation.lower() not in PROPAGATIONS:
            raise InvalidArgument(f"invalid MountPropagation: {go_quote(propagation)}")
        volume = obj.object("VolumeOptions", "VolumeOptions")
        tmpfs = obj.object("TmpfsOptions", "TmpfsOptions")
        return cls(
            type=kind.lower() or "bind",  # swarmkit's zero MountType is BIND
            source=obj.string("Source"),
            target=obj.string("Target"),
            read_only=obj.boolean("ReadOnly"),
            propagation=(propagation.lower() or "rprivate") if bind else "",
            volume_options=VolumeOptions.read(volume) if volume else None,
            tmpfs_size=tmpfs.integer("SizeBytes", "int64") if tmpfs else 0,
            tmpfs_mode=tmpfs.integer("Mode", "uint32") if tmpfs else 0,
            has_tmpfs_options=tmpfs is not None,
        )

    @property
    def volume_driver(self) -> str:
        """The driver a missing volume is created with (``volume-driver=``), "" for the node's default."""
        options = self.volume_options
        return options.driver.name if options and options.driver else ""


def validate_mounts(mounts: tuple[Mount, ...]) -> None:
    """SwarmKit's ``validateMounts``: one mount per target."""
    seen: set[str] = set()
    for mount in mounts:
        if mount.target in seen:
            raise invalid_rpc(f"ContainerSpec: duplicate mount point: {mount.target}")
        seen.add(mount.target)
