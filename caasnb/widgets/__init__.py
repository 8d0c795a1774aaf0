"""caasnb.widgets — notebook views of a simulation (anywidget). Imported on demand, never by the core."""

from .base import SimWidget
from .raftview import RaftView
from .timeline import Timeline

__all__ = ["RaftView", "SimWidget", "Timeline"]
