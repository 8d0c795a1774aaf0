"""caasnb — learn how a container platform really behaves.

A deterministic, in-process simulation of a Docker Swarm-mode cluster, driven with
Docker's own commands and drawn by notebook widgets. Importing caasnb loads only the
pure core; widgets live in :mod:`caasnb.widgets` and are imported when used.
"""

from .cluster import Cluster, Host
from .errors import CLIResult, DockerError
from .sim import Simulation

__version__ = "0.1.0"
__all__ = ["CLIResult", "Cluster", "DockerError", "Host", "Simulation", "__version__", "use"]


def use(cluster: Cluster, on: str | None = None) -> None:
    """Let ``%docker`` / ``%%docker`` in this notebook talk to ``cluster`` (on host ``on``, default the leader)."""
    from .ipython import use as use_in_notebook  # IPython is imported only when asked for

    use_in_notebook(cluster, on)
