"""caasnb.widgets — notebook views of a simulation (anywidget). Imported on demand, never by the core."""

from .base import SimWidget
from .chaospanel import ChaosPanel
from .logview import LogView
from .metricsview import MetricsView
from .networkview import NetworkView
from .raftview import RaftView
from .rolloutview import RolloutView
from .swarmview import SwarmView
from .timeline import Timeline

__all__ = [
    "ChaosPanel",
    "LogView",
    "MetricsView",
    "NetworkView",
    "RaftView",
    "RolloutView",
    "SimWidget",
    "SwarmView",
    "Timeline",
]
