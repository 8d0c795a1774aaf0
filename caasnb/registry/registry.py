"""One image registry: repositories of tags pointing at manifests, users, and who may pull or push.

A registry answers as the distribution API does and the daemon words its answers as dockerd
does: an unknown tag is ``manifest unknown``; on Docker Hub a repository that does not exist, or is
private to someone else, is ``denied`` (Hub never says which); a registry that wants a login
refuses anonymous requests with ``no basic auth credentials``. Docker Hub (``docker.io``) is
public to read; private registries (``registry:2`` behind htpasswd) may demand a login for
everything. Where a registry runs decides who can reach it and how fast blobs move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import DockerError, Forbidden, NotFound
from ..images.image import Content

HUB = "docker.io"
HUB_API_HOST = "registry-1.docker.io"
HUB_INDEX_SERVER = "https://index.docker.io/v1/"
INTERNET_BANDWIDTH = (20, 60)  # MB/s a transfer from the internet gets, drawn per transfer
LAN_BANDWIDTH = (100, 118)  # MB/s to a registry on the cluster's own gigabit network
DENIED = "denied: requested access to the resource is denied"
MANIFEST_UNKNOWN = "manifest unknown: manifest unknown"


class Unauthorized(DockerError):
    """401 (errdefs.Unauthorized): bad credentials."""

    status = 401


@dataclass
class Repository:
    """Tags of one repository; a private one is readable only by its owner."""

    tags: dict[str, str] = field(default_factory=dict)  # tag -> manifest digest
    private: bool = False
    owner: str = ""


class Registry:
    """A registry at ``address`` (``docker.io``, ``localhost:5000``, ``registry.example:5000``).

    ``host`` is the cluster host it runs on (None: somewhere on the internet); ``users`` maps
    user names to passwords; ``require_login`` makes every request need a login, as a
    ``registry:2`` with htpasswd auth does.
    """

    def __init__(
        self,
        address: str,
        *,
        host: str | None = None,
        users: dict[str, str] | None = None,
        require_login: bool = False,
    ) -> None:
        self.address = address
        self.host = host
        self.users = dict(users or {})
        self.require_login = require_login
        self.manifests: dict[str, Content] = {}
        self.repositories: dict[str, Repository] = {}

    @property
    def bandwidth(self) -> tuple[int, int]:
        return INTERNET_BANDWIDTH if self.host is None else LAN_BANDWIDTH

    @property
    def api_url(self) -> str:
        """The ``/v2/`` endpoint the daemon talks to (``http`` for ``localhost``, an insecure registry)."""
        host = HUB_API_HOST if self.address == HUB else self.address
        scheme = "http" if self.address.startswith("localhost") else "https"
        return f"{scheme}://{host}/v2/"

    # -- who is asking -------------------------------------------------------------
    def login(self, username: str, password: str) -> None:
        """Check a user's password as ``POST /auth`` does (a registry without auth takes any); Docker's refusal."""
        if self.address != HUB and not self.users and not self.require_login:
            return
        if self.users.get(username) != password or not username:
            if self.address == HUB:
                raise Unauthorized(f'Get "{self.api_url}": unauthorized: incorrect username or password')
            raise Unauthorized(f"login attempt to {self.api_url} failed with status: 401 Unauthorized")

    def user(self, auth: dict[str, Any] | None) -> str:
        """The user ``auth`` (an AuthConfig) proves to be; "" for anonymous or wrong credentials."""
        if not auth:
            return ""
        name, password = auth.get("username", ""), auth.get("password", "")
        return name if name and self.users.get(name) == password else ""

    def _check_login(self, user: str, url: str) -> None:
        if self.require_login and not user:
            raise DockerError(f'Head "{url}": no basic auth credentials')

    # -- content -------------------------------------------------------------------
    def manifest(self, path: str, tag: str, digest: str, auth: dict[str, Any] | None) -> Content:
        """The image ``path:tag`` or ``path@digest`` names; ``denied`` or ``manifest unknown`` otherwise.

        The messages are the registry's; the caller adds Docker's ``pull access denied for …`` or
        ``manifest for … not found`` around them.
        """
        user = self.user(auth)
        self._check_login(user, f"{self.api_url.removesuffix('/v2/')}/v2/{path}/manifests/{digest or tag}")
        repository = self.repositories.get(path)
        if repository is None and self.address != HUB:
            raise NotFound(MANIFEST_UNKNOWN)  # registry:2 knows no tag of a repository it never stored
        if repository is None or (repository.private and repository.owner != user):
            raise Forbidden(DENIED)
        wanted = digest or repository.tags.get(tag, "")
        if wanted not in self.manifests or (not digest and tag not in repository.tags):
            raise NotFound(MANIFEST_UNKNOWN)
        return self.manifests[wanted]

    def check_push(self, path: str, auth: dict[str, Any] | None) -> None:
        """Hub lets a user push to their own namespace only; a private registry any user it lets in."""
        user = self.user(auth)
        if self.require_login and not user:
            raise DockerError("no basic auth credentials")
        if self.address == HUB and not (user and path.split("/", 1)[0] == user):
            raise Forbidden(DENIED)

    def blob_source(self, digest: str, path: str) -> str | None:
        """Where the registry already has a blob: ``path`` itself, another repository to mount it from, or None."""
        holders = [
            name
            for name, repository in self.repositories.items()
            if any(digest in {layer.digest for layer in self.manifests[d].layers} for d in repository.tags.values())
        ]
        return path if path in holders else next(iter(holders), None)

    def store(self, path: str, tag: str, content: Content, *, private: bool = False, owner: str = "") -> str:
        """Put ``content`` under ``path:tag`` (a push, or seeding a catalogue); returns the manifest digest."""
        digest = content.digest
        self.manifests[digest] = content
        repository = self.repositories.setdefault(path, Repository(private=private, owner=owner))
        if tag:
            repository.tags[tag] = digest
        return digest
