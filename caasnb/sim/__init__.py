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
from .events import Event, EventLog
from .kernel import Simulation, Timer

__all__ = [
    "advance",
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
]
