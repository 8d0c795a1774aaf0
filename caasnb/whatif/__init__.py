"""caasnb.whatif — seeded experiments over scenarios, each trial its own reproducible run."""

from .leader_downtime import downtime_trial, leader_downtime

__all__ = ["downtime_trial", "leader_downtime"]
