"""caasnb.widgets — notebook views of a simulation (anywidget). Imported on demand, never by the core."""

from .base import SimWidget
from .raftview import RaftView
from .swarmview import SwarmView
from .timeline import Timeline

__all__ = ["RaftView", "SimWidget", "SwarmView", "Timeline"]
