"""The docker commands: importing this package registers ``docker swarm|node|service``, ``info`` and ``version``."""

from . import node, service, swarm, system

__all__ = ["node", "service", "swarm", "system"]
