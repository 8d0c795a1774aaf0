"""A docker client's stored logins (``~/.docker/config.json`` ``auths``), per host's user.

``docker login`` stores an AuthConfig under the server address it logged in to (Docker Hub's
is ``https://index.docker.io/v1/``); ``docker pull``/``push`` look the registry's entry up and
send it in the ``X-Registry-Auth`` header (base64url JSON, as ``registry.EncodeAuthConfig``);
``docker logout`` erases it. Credentials belong to the client, never to the daemon.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

CONFIG_FILE = "/root/.docker/config.json"


@dataclass
class ClientConfig:
    """The ``auths`` of one client configuration file."""

    auths: dict[str, dict[str, str]] = field(default_factory=dict)

    def store(self, auth: dict[str, str]) -> bool:
        """Save ``auth`` under its server address; False when it was already stored unchanged."""
        server = auth["serveraddress"]
        if self.auths.get(server) == auth:
            return False
        self.auths[server] = dict(auth)
        return True

    def erase(self, server: str) -> bool:
        return self.auths.pop(server, None) is not None

    def lookup(self, server: str) -> dict[str, str]:
        return dict(self.auths.get(server, {}))


def encode_auth(auth: dict[str, Any]) -> str:
    """``registry.EncodeAuthConfig``: base64url of the JSON AuthConfig."""
    return base64.urlsafe_b64encode(json.dumps(auth, separators=(",", ":")).encode()).decode()


def decode_auth(header: str) -> dict[str, Any] | None:
    """The AuthConfig in an ``X-Registry-Auth`` header; None when absent or unreadable (sent anonymously)."""
    if not header:
        return None
    padded = header + "=" * (-len(header) % 4)
    try:
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, json.JSONDecodeError):
        return None
    return decoded if isinstance(decoded, dict) else None
