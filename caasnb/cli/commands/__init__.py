"""The docker commands: importing this package registers ``docker swarm|node|service``, ``info`` and ``version``."""

from . import network, node, service, swarm, system

__all__ = ["network", "node", "service", "swarm", "system"]
