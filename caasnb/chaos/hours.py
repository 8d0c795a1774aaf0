"""Business hours on the simulated wall clock: when a monkey may strike.

Chaos Monkey only terminates instances on weekdays during working hours (9:00–15:00 by
default), when engineers are at their desks to notice and fix what breaks. Simulated time 0 is
2024-05-01T10:00:00Z, a Wednesday, so a monkey started at once is inside the window.
Times are read in a fixed UTC offset (``utc_offset_hours``; Chaos Monkey's own default
zone is America/Los_Angeles, UTC−7 in May — where 10:00Z is 3 a.m.).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidArgument
from ..sim import EPOCH_NS, HOUR

DAY = 24 * HOUR
WEEKDAYS = (0, 1, 2, 3, 4)  # Monday..Friday
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday


@dataclass(frozen=True)
class BusinessHours:
    """Open from ``start_hour`` to ``end_hour`` (local time) on ``weekdays`` (0 = Monday)."""

    start_hour: int = 9
    end_hour: int = 15
    weekdays: tuple[int, ...] = WEEKDAYS
    utc_offset_hours: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.start_hour < self.end_hour <= 24:
            raise InvalidArgument(f"business hours need 0 <= start < end <= 24, not {self.start_hour}–{self.end_hour}")
        if not self.weekdays or any(d not in range(7) for d in self.weekdays):
            raise InvalidArgument(f"weekdays are 0 (Monday) to 6 (Sunday), not {self.weekdays!r}")

    def _local(self, sim_ns: int) -> int:
        return EPOCH_NS + sim_ns + self.utc_offset_hours * HOUR

    def is_open(self, sim_ns: int) -> bool:
        """Whether simulated instant ``sim_ns`` falls in business hours."""
        local = self._local(sim_ns)
        day, into = divmod(local, DAY)
        return (day + _EPOCH_WEEKDAY) % 7 in self.weekdays and self.start_hour * HOUR <= into < self.end_hour * HOUR

    def after(self, sim_ns: int, business_ns: int) -> int:
        """The simulated instant ``business_ns`` of business time after ``sim_ns`` (closed hours skipped)."""
        local = self._local(sim_ns)
        left = business_ns
        day, into = divmod(local, DAY)
        while True:
            opens, closes = self.start_hour * HOUR, self.end_hour * HOUR
            if (day + _EPOCH_WEEKDAY) % 7 in self.weekdays and into < closes:
                begin = max(into, opens)
                if begin + left < closes:
                    return day * DAY + begin + left - EPOCH_NS - self.utc_offset_hours * HOUR
                left -= closes - begin
            day, into = day + 1, 0
