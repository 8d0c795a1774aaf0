"""caasnb.sim — the deterministic clock, timers, random streams and event log everything runs on."""

from .advance import advance
from .durations import (
    HOUR,
    MICROSECOND,
    MILLISECOND,
    MINUTE,
    NANOSECOND,
    SECOND,
    format_duration,
    parse_duration,
    seconds,
)
from .epoch import EPOCH_NS, wall_ns
from .events import Event, EventLog
from .kernel import Simulation, Timer

__all__ = [
    "advance",
    "EPOCH_NS",
    "Event",
    "EventLog",
    "HOUR",
    "MICROSECOND",
    "MILLISECOND",
    "MINUTE",
    "NANOSECOND",
    "SECOND",
    "Simulation",
    "Timer",
    "format_duration",
    "parse_duration",
    "seconds",
    "wall_ns",
]
