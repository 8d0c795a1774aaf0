"""Image references normalised as ``distribution/reference.ParseNormalizedNamed`` does.

``nginx`` is ``docker.io/library/nginx:latest``; ``alice/app:v2`` is ``docker.io/alice/app:v2``;
``registry.example:5000/team/app@sha256:…`` keeps its registry. The first path component is a
registry domain when it holds a ``.`` or a ``:``, or is ``localhost``. Docker prints references
in their familiar form (``nginx:1.27``, ``alice/app``) and sends the full one to registries.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidArgument
from ..swarm.spec.reference import is_valid_image_reference

DEFAULT_DOMAIN = "docker.io"
OFFICIAL_NAMESPACE = "library"
DEFAULT_TAG = "latest"
INVALID_FORMAT = "invalid reference format"


@dataclass(frozen=True)
class Reference:
    """A normalised reference: registry domain, repository path, and a tag and/or digest."""

    domain: str
    path: str
    tag: str = ""
    digest: str = ""

    @property
    def name(self) -> str:
        """``docker.io/library/nginx``: the full repository name."""
        return f"{self.domain}/{self.path}"

    @property
    def familiar_name(self) -> str:
        """``reference.FamiliarName``: ``nginx``, ``alice/app``, ``localhost:5000/app``."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        prefix = OFFICIAL_NAMESPACE + "/"
        return self.path[len(prefix) :] if self.path.startswith(prefix) and self.path.count("/") == 1 else self.path

    def _suffix(self) -> str:
        return (f":{self.tag}" if self.tag else "") + (f"@{self.digest}" if self.digest else "")

    @property
    def familiar(self) -> str:
        """``reference.FamiliarString``: ``nginx:1.27``, ``redis@sha256:…``."""
        return self.familiar_name + self._suffix()

    def __str__(self) -> str:
        return self.name + self._suffix()

    def with_tag(self, tag: str) -> Reference:
        return Reference(self.domain, self.path, tag)

    def with_digest(self, digest: str) -> Reference:
        return Reference(self.domain, self.path, "", digest)

    def tagged_or_latest(self) -> Reference:
        """``reference.TagNameOnly``: a bare name gets ``:latest``; a digest or tag stays."""
        return self if self.tag or self.digest else self.with_tag(DEFAULT_TAG)


def parse(text: str) -> Reference:
    """``ParseNormalizedNamed``: Docker's errors for a malformed or upper-case reference."""
    if not text or not is_valid_image_reference(text.lower()):
        raise InvalidArgument(INVALID_FORMAT)
    rest, _, digest = text.partition("@")
    slash = rest.rfind("/")
    colon = rest.rfind(":")
    tag = rest[colon + 1 :] if colon > slash else ""
    name = rest[:colon] if colon > slash else rest
    first, sep, remainder = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost" or first.lower() != first):
        domain, path = first, remainder
    else:
        domain, path = DEFAULT_DOMAIN, name
    if domain == "index.docker.io":
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and "/" not in path:
        path = f"{OFFICIAL_NAMESPACE}/{path}"
    if path.lower() != path:
        raise InvalidArgument(f"{INVALID_FORMAT}: repository name ({path}) must be lowercase")
    if not is_valid_image_reference(text):
        raise InvalidArgument(INVALID_FORMAT)
    return Reference(domain, path, tag, digest)


def is_short_id(text: str) -> bool:
    """Whether ``text`` could be (a prefix of) an image ID rather than a name: hex only, optionally ``sha256:``."""
    hex_part = text.removeprefix("sha256:")
    return bool(hex_part) and all(c in "0123456789abcdef" for c in hex_part)
