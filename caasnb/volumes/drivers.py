"""Volume drivers: where a volume's files live, and so what survives the loss of a node.

``local`` (Docker's built-in driver) keeps a volume's files in
``/var/lib/docker/volumes/NAME/_data`` on the one host that created it: another host's
volume of the same name is a different, empty directory, and while the host is down its
data cannot be reached at all.

``caasnb/nfs:latest`` stands for a network-storage volume plugin — the kind installed with
``docker plugin install`` (NFS, Ceph or cloud block/file stores such as ``vieux/sshfs`` or
REX-Ray) whose files live on a storage service outside the cluster's nodes. Its volumes have
``global`` scope: every host sees the same volumes and the same files, so a task rescheduled
to another node after a crash finds its data, and no single node's loss loses any. Being a
plugin, its volumes are mounted from the plugin's propagated mount, not from
``/var/lib/docker/volumes``.
"""

from __future__ import annotations

import hashlib

LOCAL = "local"
NETWORK = "caasnb/nfs:latest"
NETWORK_ALIASES = ("caasnb/nfs",)
_PLUGIN_ID = hashlib.sha256(NETWORK.encode()).hexdigest()


def driver_name(requested: str) -> str:
    """The driver a request names (a plugin may be named without its ``:latest`` tag)."""
    requested = requested or LOCAL
    return NETWORK if requested in NETWORK_ALIASES else requested


def scope(driver: str) -> str:
    return "global" if driver == NETWORK else "local"


def mountpoint(driver: str, name: str) -> str:
    """Where the daemon mounts the volume from: the local volume root, or the plugin's propagated mount."""
    if driver == NETWORK:
        return f"/var/lib/docker/plugins/{_PLUGIN_ID}/propagated-mount/{name}"
    return f"/var/lib/docker/volumes/{name}/_data"


class NetworkStorage:
    """The storage service behind the network driver: one namespace of volumes shared by every host."""

    def __init__(self) -> None:
        self.volumes: dict[str, object] = {}
