"""An image as a daemon holds it: content-addressed config, layers, and the names pointing at it.

The image ID is ``sha256`` of the canonical image configuration (as Docker's image ID is the
digest of its config JSON); the manifest digest, which registries and ``RepoDigests`` use, is
``sha256`` of the canonical manifest listing that config and the layer blobs. Both are pure
functions of the content, so the same image has the same ID and digest on every host and run.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json"
CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json"
LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip"


def sha256_of(document: Any) -> str:
    """``sha256:<hex>`` of ``document`` as canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Layer:
    """One filesystem layer: its compressed blob (what moves over the wire) and its unpacked size."""

    digest: str  # the compressed blob's digest, as registries and progress lines name it
    diff_id: str  # the uncompressed tar's digest, as the image config lists it
    download: int  # compressed bytes
    size: int  # bytes on disk once extracted
    created_by: str = ""


@dataclass(frozen=True)
class Content:
    """What makes an image: its platform, creation time, config and layers. Names are not part of it."""

    config: dict[str, Any]
    layers: tuple[Layer, ...]
    created: str  # RFC 3339
    os: str = "linux"
    architecture: str = "amd64"
    comment: str = ""

    def config_document(self) -> dict[str, Any]:
        """The image configuration JSON (OCI image spec) whose digest is the image ID."""
        return {
            "architecture": self.architecture,
            "os": self.os,
            "created": self.created,
            "config": self.config,
            "rootfs": {"type": "layers", "diff_ids": [layer.diff_id for layer in self.layers]},
            "history": [{"created": self.created, "created_by": layer.created_by} for layer in self.layers],
        }

    @property
    def id(self) -> str:
        return sha256_of(self.config_document())

    def manifest(self) -> dict[str, Any]:
        """The OCI manifest a registry stores for this image."""
        config = self.config_document()
        return {
            "schemaVersion": 2,
            "mediaType": MANIFEST_MEDIA_TYPE,
            "config": {"mediaType": CONFIG_MEDIA_TYPE, "digest": self.id, "size": len(json.dumps(config))},
            "layers": [
                {"mediaType": LAYER_MEDIA_TYPE, "digest": layer.digest, "size": layer.download} for layer in self.layers
            ],
        }

    @property
    def digest(self) -> str:
        """The manifest digest (``RepoDigests``, ``name@sha256:…``)."""
        return sha256_of(self.manifest())

    @property
    def manifest_size(self) -> int:
        return len(json.dumps(self.manifest(), sort_keys=True, separators=(",", ":")))

    @property
    def size(self) -> int:
        return sum(layer.size for layer in self.layers)

    @property
    def download(self) -> int:
        return sum(layer.download for layer in self.layers)


@dataclass(frozen=True)
class Image:
    """An image in one host's store: its content plus the tags and digests that name it there."""

    content: Content
    repo_tags: tuple[str, ...] = ()
    repo_digests: tuple[str, ...] = ()

    id = property(lambda self: self.content.id)
    config = property(lambda self: self.content.config)
    size = property(lambda self: self.content.size)
    os = property(lambda self: self.content.os)
    architecture = property(lambda self: self.content.architecture)
    created = property(lambda self: self.content.created)
    layers = property(lambda self: self.content.layers)

    def summary(self, created_unix: int) -> dict[str, Any]:
        """``ImageSummary`` (``GET /images/json``)."""
        return {
            "Containers": -1,
            "Created": created_unix,
            "Id": self.id,
            "Labels": self.config.get("Labels") or {},
            "ParentId": "",
            "RepoDigests": list(self.repo_digests),
            "RepoTags": list(self.repo_tags),
            "SharedSize": -1,
            "Size": self.size,
        }

    def inspect(self) -> dict[str, Any]:
        """``ImageInspect`` (``GET /images/{name}/json``) as dockerd 28 with the graphdriver store answers."""
        diff_ids = [layer.diff_id for layer in self.layers]
        return {
            "Id": self.id,
            "RepoTags": list(self.repo_tags),
            "RepoDigests": list(self.repo_digests),
            "Parent": "",
            "Comment": self.content.comment,
            "Created": self.created,
            "DockerVersion": "",
            "Author": "",
            "Config": _inspect_config(self.config),
            "Architecture": self.architecture,
            "Os": self.os,
            "Size": self.size,
            "GraphDriver": {"Data": _overlay2(self.layers), "Name": "overlay2"},
            "RootFS": {"Type": "layers", "Layers": diff_ids},
            "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"},
        }


def _overlay2(layers: tuple[Layer, ...]) -> dict[str, str]:
    """overlay2's directories for the layers (each layer's cache directory named from its diff ID)."""
    dirs = ["/var/lib/docker/overlay2/" + hashlib.sha256(layer.diff_id.encode()).hexdigest() for layer in layers]
    top = dirs[-1]
    data = {"MergedDir": f"{top}/merged", "UpperDir": f"{top}/diff", "WorkDir": f"{top}/work"}
    if len(dirs) > 1:
        data = {"LowerDir": ":".join(f"{d}/diff" for d in reversed(dirs[:-1])), **data}
    return data


def _inspect_config(config: dict[str, Any]) -> dict[str, Any]:
    """The image config as API 1.50 inspect shows it (``ImageConfig``): empty ones as Docker leaves them."""
    shown = {
        "User": config.get("User", ""),
        "Env": config.get("Env"),
        "Cmd": config.get("Cmd"),
        "Volumes": config.get("Volumes"),
        "WorkingDir": config.get("WorkingDir", ""),
        "Entrypoint": config.get("Entrypoint"),
        "OnBuild": None,
        "Labels": config.get("Labels"),
    }
    for optional in ("ExposedPorts", "StopSignal", "Healthcheck"):
        if config.get(optional):
            shown[optional] = config[optional]
    return shown
