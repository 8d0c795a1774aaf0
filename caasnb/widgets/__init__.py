"""caasnb.widgets — notebook views of a simulation (anywidget). Imported on demand, never by the core."""

from .base import SimWidget
from .timeline import Timeline

__all__ = ["SimWidget", "Timeline"]
