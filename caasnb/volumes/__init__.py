"""Volumes: each host's volume store, the ``local`` driver and a network-storage driver shared by all hosts."""

from .drivers import LOCAL, NETWORK, NetworkStorage
from .store import ANONYMOUS_LABEL, Volume, VolumeStore

__all__ = ["ANONYMOUS_LABEL", "LOCAL", "NETWORK", "NetworkStorage", "Volume", "VolumeStore"]
