"""A container's files: the image's, the container's writable layer, and its mounts (path → bytes).

Reads look at the mount whose destination holds the path, then the writable layer, then the
image. Writes go to the mount, or to the writable layer — which is the container's own and
is gone when the container is removed; a volume's or bind mount's files outlive it. A
``tmpfs`` mount is memory that is emptied each time the container stops.
"""

from __future__ import annotations

import errno
import posixpath
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Protocol


class Disk(Protocol):
    """The host's disk (``caasnb.cluster.Host``): what a write may take and what it took."""

    def disk_fits(self, size: int) -> bool: ...

    def disk_charge(self, size: int) -> None: ...


@dataclass
class Mount:
    """A directory of the container backed by ``data`` (paths relative to the mount's root)."""

    destination: str
    kind: str  # volume, bind or tmpfs
    data: MutableMapping[str, bytes]
    read_only: bool = False


@dataclass
class Filesystem:
    """The container's view of its files (``generated`` ones, like ``/etc/hosts``, are made when read)."""

    image: dict[str, bytes] = field(default_factory=dict)
    layer: dict[str, bytes] = field(default_factory=dict)
    generated: dict[str, Callable[[], bytes]] = field(default_factory=dict)  # /etc/hosts... made when read
    mounts: list[Mount] = field(default_factory=list)
    image_size: int = 0
    disk: Disk | None = None  # the host's disk, which layer and volume writes fill (tmpfs is memory)

    def _mount(self, path: str) -> tuple[Mount | None, str]:
        for mount in sorted(self.mounts, key=lambda m: -len(m.destination)):
            root = mount.destination.rstrip("/")
            if path == root or path.startswith(root + "/"):
                return mount, path[len(root) :].lstrip("/")
        return None, path

    def read(self, path: str) -> bytes:
        """The file's bytes; FileNotFoundError when there is none."""
        path = posixpath.normpath(path)
        mount, rest = self._mount(path)
        if mount is not None:
            if rest in mount.data:
                return mount.data[rest]
            raise FileNotFoundError(path)
        for layer in (self.layer, self.image):
            if path in layer:
                return layer[path]
        if path in self.generated:
            return self.generated[path]()
        raise FileNotFoundError(path)

    def write(self, path: str, data: bytes, append: bool = False) -> None:
        """Write (or append to) a file; PermissionError on a read-only mount, OSError(ENOSPC) on a full disk."""
        path = posixpath.normpath(path)
        mount, rest = self._mount(path)
        if mount is not None and mount.read_only:
            raise PermissionError(path)
        target = mount.data if mount is not None else self.layer
        key = rest if mount is not None else path
        if append:
            try:
                data = self.read(path) + data
            except FileNotFoundError:
                pass
        grown = len(data) - len(target.get(key, b""))
        on_disk = self.disk is not None and (mount is None or mount.kind != "tmpfs")
        if on_disk and not self.disk.disk_fits(grown):
            raise OSError(errno.ENOSPC, "No space left on device", path)
        target[key] = data
        if on_disk:
            self.disk.disk_charge(grown)

    def remove(self, path: str) -> None:
        path = posixpath.normpath(path)
        mount, rest = self._mount(path)
        (mount.data if mount is not None else self.layer).pop(rest if mount is not None else path, None)
        self.image.pop(path, None)

    def exists(self, path: str) -> bool:
        return self.is_file(path) or self.is_dir(path)

    def is_file(self, path: str) -> bool:
        try:
            self.read(path)
        except FileNotFoundError:
            return False
        return True

    def is_dir(self, path: str) -> bool:
        path = posixpath.normpath(path)
        return path == "/" or bool(self.listdir(path)) or any(m.destination.rstrip("/") == path for m in self.mounts)

    def listdir(self, path: str) -> list[str]:
        """The names directly under directory ``path``, sorted."""
        path = posixpath.normpath(path)
        prefix = "" if path == "/" else path
        names = set()
        every = [*self.image, *self.layer, *self.generated]
        for mount in self.mounts:
            root = mount.destination.rstrip("/")
            every += [f"{root}/{key}" for key in mount.data] or [root + "/"]
        for full in every:
            if full.startswith(prefix + "/") and full != prefix + "/":
                names.add(full[len(prefix) + 1 :].split("/", 1)[0])
        return sorted(n for n in names if n)

    def clear_tmpfs(self) -> None:
        for mount in self.mounts:
            if mount.kind == "tmpfs":
                mount.data.clear()

    def size(self) -> int:
        """Bytes in the writable layer (``SizeRw``)."""
        return sum(len(data) for data in self.layer.values())
