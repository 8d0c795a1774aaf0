"""Registries: Docker Hub and private registries, their repositories and users, and clients' logins."""

from .credentials import ClientConfig, decode_auth, encode_auth
from .directory import Registries, docker_hub
from .registry import HUB, HUB_INDEX_SERVER, Registry, Repository, Unauthorized

__all__ = [
    "HUB",
    "HUB_INDEX_SERVER",
    "ClientConfig",
    "Registries",
    "Registry",
    "Repository",
    "Unauthorized",
    "decode_auth",
    "docker_hub",
    "encode_auth",
]
