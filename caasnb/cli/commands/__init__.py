"""The docker swarm commands: importing this package registers ``docker swarm`` and ``docker node``."""

from . import node, swarm

__all__ = ["node", "swarm"]
