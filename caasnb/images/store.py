"""``ImageStore``: the images one host's dockerd holds, and pulling, tagging, pushing and removing them.

Names map to content-addressed images as in dockerd's reference store: a tag
(``docker.io/library/nginx:1.27``) or a digest reference (``…/nginx@sha256:…``) points at an
image ID; several names may share one image. Layers are kept once per host, so a pull moves only
the blobs the host lacks. A pull or push takes simulated time: the blobs' bytes over the
bandwidth between this host and the registry, drawn per transfer, plus the round trips.
``pull``/``push`` only plan and account the transfer; the engine lets the time pass.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from ..errors import Conflict, DockerError, Forbidden, NotFound
from ..sim import MILLISECOND, SECOND
from .catalogue import MEGABYTE
from .image import Content, Image, Layer
from .reference import Reference, is_short_id, parse


@dataclass(frozen=True)
class Transfer:
    """A planned pull or push: what moves, what is already there, and how long it takes (ns)."""

    reference: Reference
    content: Content
    digest: str
    missing: tuple[Layer, ...]
    duration: int
    registry: Any
    up_to_date: bool = False  # a pull whose name already pointed at this very image
    mounted: dict[str, str] = field(default_factory=dict)  # a push's blobs the registry mounts from other repositories


class UploadRefused(DockerError):
    """The registry refused a push once its layers were being prepared (denied, or no credentials)."""


def no_such_image(ref: str) -> NotFound:
    """dockerd's ``ErrImageDoesNotExist``: a bare name gets ``:latest``; an ID is shown as given."""
    try:
        shown = parse(ref).tagged_or_latest().familiar
    except DockerError:
        shown = ref
    return NotFound(f"No such image: {shown}")


class ImageStore:
    """One host's images, by ID, with the tags and digests naming them."""

    def __init__(self, daemon) -> None:
        self.daemon = daemon
        self.sim = daemon.cluster.sim
        self.host = daemon.host
        self.contents: dict[str, Content] = {}
        self.names: dict[str, str] = {}  # full reference (tag or digest) -> image ID, in the order they were made

    # -- reading -------------------------------------------------------------------
    def _image(self, image_id: str) -> Image:
        content = self.contents[image_id]
        refs = [parse(name) for name, target in self.names.items() if target == image_id]
        return Image(
            content,
            tuple(ref.familiar for ref in refs if ref.tag),
            tuple(ref.familiar for ref in refs if ref.digest),
        )

    def lookup(self, ref: str) -> Image | None:
        """The local image ``ref`` names (a tag, a digest reference, an ID or a unique ID prefix)."""
        image_id = self._resolve(ref)
        return self._image(image_id) if image_id else None

    def _resolve(self, ref: str) -> str:
        if ref in self.contents:
            return ref
        try:
            named = str(parse(ref).tagged_or_latest())
        except DockerError:
            named = ""
        if named in self.names:
            return self.names[named]
        if is_short_id(ref):
            prefix = ref if ref.startswith("sha256:") else f"sha256:{ref}"
            matches = [image_id for image_id in self.contents if image_id.startswith(prefix)]
            if len(matches) == 1:
                return matches[0]
        return ""

    def get(self, ref: str) -> Image:
        image = self.lookup(ref)
        if image is None:
            raise no_such_image(ref)
        return image

    def list(self) -> list[Image]:
        """Every image, newest first (as ``docker images`` sorts them)."""
        images = [self._image(image_id) for image_id in self.contents]
        return sorted(images, key=lambda image: image.created, reverse=True)

    def has_layer(self, digest: str) -> bool:
        return any(layer.digest == digest for content in self.contents.values() for layer in content.layers)

    # -- pulling -------------------------------------------------------------------
    def plan_pull(self, ref: str, auth: dict[str, Any] | None = None, rng: random.Random | None = None) -> Transfer:
        """Ask the registry for ``ref`` and plan the download; Docker's pull errors when it refuses."""
        reference = parse(ref).tagged_or_latest()
        registry = self.daemon.cluster.registries.reach(reference.domain, self.host)
        try:
            content = registry.manifest(reference.path, reference.tag, reference.digest, auth)
        except Forbidden as denied:
            raise NotFound(
                f"pull access denied for {reference.familiar_name}, repository does not exist or may require "
                f"'docker login': {denied}"
            ) from None
        except NotFound as unknown:
            raise NotFound(f"manifest for {reference.familiar} not found: {unknown}") from None
        stream = rng or self.sim.rng(f"images:{self.host}")
        present = self._resolve(str(reference)) == content.id
        missing = () if present else tuple(layer for layer in content.layers if not self.has_layer(layer.digest))
        bandwidth = self._bandwidth(registry, registry.host, self.host)
        duration = _transfer_time(stream, bandwidth, sum(layer.download for layer in missing), bool(missing))
        return Transfer(reference, content, content.digest, missing, duration, registry, present)

    def install(self, transfer: Transfer) -> Image:
        """The downloaded image lands: its tag (or digest) and its digest reference point at it."""
        content, reference = transfer.content, transfer.reference
        self.contents[content.id] = content
        if reference.tag:
            self._name(str(reference), content.id)
        self._name(str(reference.with_digest(transfer.digest)), content.id)
        self.sim.emit("image.pull", reference.familiar, name=reference.familiar_name, host=self.host)
        return self._image(content.id)

    def pull(
        self, ref: str, auth: dict[str, Any] | None = None, *, rng: random.Random | None = None
    ) -> tuple[Image, int]:
        """Pull ``ref``: the image and how long the pull takes (ns). ``rng`` draws the transfer's bandwidth."""
        transfer = self.plan_pull(ref, auth, rng)
        return self.install(transfer), transfer.duration

    def _bandwidth(self, registry, sender: str | None, receiver: str | None) -> tuple[float, float]:
        """MB/s a transfer between this host and ``registry`` may get: the registry's network, capped by the
        underlay link's ``rate`` when the registry runs on another cluster host."""
        low, high = registry.bandwidth
        if registry.host is None or registry.host == self.host:
            return low, high
        rate = self.daemon.cluster.net.link(sender, receiver).rate
        return (min(low, rate / MEGABYTE), min(high, rate / MEGABYTE)) if rate else (low, high)

    # -- naming --------------------------------------------------------------------
    def _name(self, full: str, image_id: str) -> None:
        self.names.pop(full, None)
        self.names[full] = image_id

    def tag(self, source: str, target: str) -> None:
        """``docker tag``: ``target`` (a tag, ``latest`` when bare) points at the image ``source`` names."""
        image = self.get(source)
        reference = parse(target)
        if reference.digest:
            raise DockerError("refusing to create a tag with a digest reference")
        reference = reference.tagged_or_latest()
        self._name(str(reference), image.id)
        self.sim.emit("image.tag", image.id, name=reference.familiar, host=self.host)

    # -- pushing -------------------------------------------------------------------
    def plan_push(self, ref: str, auth: dict[str, Any] | None = None, rng: random.Random | None = None) -> Transfer:
        """Plan uploading the image tagged ``ref``: the layers the registry lacks, and the time they take."""
        reference = parse(ref).tagged_or_latest()
        image_id = self.names.get(str(reference))
        if image_id is None:
            raise NotFound(f"An image does not exist locally with the tag: {reference.familiar_name}")
        registry = self.daemon.cluster.registries.reach(reference.domain, self.host)
        content = self.contents[image_id]
        try:
            registry.check_push(reference.path, auth)
        except DockerError as refused:
            raise UploadRefused(refused.message) from None
        sources = {layer.digest: registry.blob_source(layer.digest, reference.path) for layer in content.layers}
        missing = tuple(layer for layer in content.layers if sources[layer.digest] is None)
        mounted = {digest: path for digest, path in sources.items() if path not in (None, reference.path)}
        stream = rng or self.sim.rng(f"images:{self.host}")
        bandwidth = self._bandwidth(registry, self.host, registry.host)
        duration = _transfer_time(stream, bandwidth, sum(layer.download for layer in missing), True)
        return Transfer(reference, content, content.digest, missing, duration, registry, mounted=mounted)

    def complete_push(self, transfer: Transfer, auth: dict[str, Any] | None = None) -> str:
        """The upload finished: the registry tags it and this host records the digest reference."""
        reference = transfer.reference
        owner = transfer.registry.user(auth)
        digest = transfer.registry.store(reference.path, reference.tag, transfer.content, owner=owner)
        self._name(str(reference.with_digest(digest)), transfer.content.id)
        self.sim.emit("image.push", reference.familiar, name=reference.familiar_name, host=self.host)
        return digest

    # -- removing ------------------------------------------------------------------
    def remove(self, ref: str, force: bool = False, containers: list[dict] | None = None) -> list[dict[str, str]]:
        """``docker rmi`` as dockerd's ``ImageDelete``: untag ``ref``, delete the image once nothing names it.

        ``containers`` are the host's containers (ContainerSummary) that may use the image. Returns the
        DeleteResponse items (``Untagged``/``Deleted``).
        """
        image_id = self._resolve(ref)
        if not image_id:
            raise no_such_image(ref)
        users = [c for c in containers or [] if c.get("ImageID") == image_id]
        names = [name for name, target in self.names.items() if target == image_id]
        short = image_id.removeprefix("sha256:")[:12]
        if not image_id.removeprefix("sha256:").startswith(ref.removeprefix("sha256:")):
            reference = parse(ref).tagged_or_latest()
            if not force and _single_reference(names) and users:
                raise Conflict(
                    f'conflict: unable to remove repository reference "{ref}" (must force) - container '
                    f"{users[0]['Id'][:12]} is using its referenced image {short}"
                )
            records = self._untag([str(reference)], image_id)
            left = [name for name, target in self.names.items() if target == image_id]
            if not any(parse(name).tag and parse(name).name == reference.name for name in left):
                records += self._untag([name for name in left if parse(name).name == reference.name], image_id)
            if image_id in self.names.values() or users:
                return records  # still named, or a container keeps the now untagged image
            return records + self._delete(image_id)
        records = []
        if _single_reference(names):
            self._check_conflicts(image_id, users, soft=not force, references=[])
            records = self._untag(names, image_id)
        left = [name for name in names if name in self.names]
        self._check_conflicts(image_id, users, soft=not force, references=left)
        return records + self._untag(left, image_id) + self._delete(image_id)

    def _check_conflicts(self, image_id: str, users: list[dict], soft: bool, references: list[str]) -> None:
        """dockerd's ``checkImageDeleteConflict``: a running container always blocks; names and stopped
        containers block unless forced."""
        short = image_id.removeprefix("sha256:")[:12]
        running = [c for c in users if c.get("State") == "running"]
        if running:
            message, hard = f"image is being used by running container {running[0]['Id'][:12]}", True
        elif soft and references:
            message, hard = "image is referenced in multiple repositories", False
        elif soft and users:
            message, hard = f"image is being used by stopped container {users[0]['Id'][:12]}", False
        else:
            return
        forced = "cannot be forced" if hard else "must be forced"
        raise Conflict(f"conflict: unable to delete {short} ({forced}) - {message}")

    def _untag(self, names: list[str], image_id: str) -> list[dict[str, str]]:
        records = []
        for name in names:
            if self.names.pop(name, None) is not None:
                records.append({"Untagged": parse(name).familiar})
                self.sim.emit("image.untag", image_id, name=image_id, host=self.host)
        return records

    def _delete(self, image_id: str) -> list[dict[str, str]]:
        content = self.contents.pop(image_id)
        for name in [name for name, target in self.names.items() if target == image_id]:
            del self.names[name]
        self.sim.emit("image.delete", image_id, host=self.host)
        records = [{"Deleted": image_id}]
        chain = _chain_ids(content.layers)
        for layer, chain_id in reversed(list(zip(content.layers, chain, strict=True))):
            if not self.has_layer(layer.digest):
                records.append({"Deleted": chain_id})
        return records

    def prune(self, all_unused: bool, containers: list[dict] | None = None) -> dict[str, Any]:
        """``POST /images/prune``: dangling images (or every image no container uses, with ``all_unused``)."""
        used = {c.get("ImageID") for c in containers or []}
        deleted: list[dict[str, str]] = []
        reclaimed = 0
        for image in self.list():
            if image.id in used or (image.repo_tags and not all_unused):
                continue
            reclaimed += image.size
            deleted += self._untag([n for n, target in self.names.items() if target == image.id], image.id)
            deleted += self._delete(image.id)
        return {"ImagesDeleted": deleted or None, "SpaceReclaimed": reclaimed}


def _single_reference(names: list[str]) -> bool:
    """dockerd's ``isSingleReference``: at most one tag, and every name in one repository."""
    if not names:
        return False
    refs = [parse(name) for name in names]
    return sum(1 for ref in refs if ref.tag) <= 1 and len({ref.name for ref in refs}) == 1


def _chain_ids(layers: tuple[Layer, ...]) -> list[str]:
    """The layers' chain IDs (``sha256(parent chain ID + " " + diff ID)``), as ``Deleted:`` lines list them."""
    chain: list[str] = []
    for layer in layers:
        if not chain:
            chain.append(layer.diff_id)
            continue
        chain.append("sha256:" + hashlib.sha256(f"{chain[-1]} {layer.diff_id}".encode()).hexdigest())
    return chain


def _transfer_time(rng: random.Random, bandwidth: tuple[int, int], nbytes: int, moves_blobs: bool) -> int:
    """Round trips plus ``nbytes`` over a bandwidth (MB/s) drawn for this transfer (ns)."""
    if not moves_blobs:
        return rng.randrange(100 * MILLISECOND, 400 * MILLISECOND + 1)
    rate = rng.uniform(*bandwidth) * MEGABYTE
    return rng.randrange(200 * MILLISECOND, 500 * MILLISECOND + 1) + round(nbytes / rate * SECOND)
