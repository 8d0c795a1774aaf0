"""Restart policies and moby's restart manager (``restartmanager/restartmanager.go``).

``no``, ``always``, ``unless-stopped`` and ``on-failure[:N]``. After an exit the manager
decides whether to restart and after how long: the delay starts at 100 ms and doubles with
each restart, up to one minute, and goes back to the start when the container had run for
at least 10 s. A container stopped by ``docker stop`` or ``docker kill`` is never restarted
(``ExitOnNext`` cancels the manager) until it is started again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InvalidArgument
from ..sim import MILLISECOND, MINUTE, SECOND

POLICIES = ("", "no", "always", "unless-stopped", "on-failure")
FIRST_DELAY = 100 * MILLISECOND
MAX_DELAY = 1 * MINUTE
RESET_AFTER = 10 * SECOND


def check_policy(policy: dict[str, Any] | None) -> None:
    """The daemon's ``validateRestartPolicy``."""
    name = (policy or {}).get("Name") or ""
    count = (policy or {}).get("MaximumRetryCount") or 0
    if name not in POLICIES:
        raise InvalidArgument(f"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', "
                              "'on-failure', or 'unless-stopped'")  # fmt: skip
    if count < 0:
        raise InvalidArgument("invalid restart policy: maximum retry count must be a positive integer")
    if count and name != "on-failure":
        raise InvalidArgument("invalid restart policy: maximum retry count can only be used with 'on-failure'")


@dataclass
class RestartManager:
    """Back-off state of one container's restarts."""

    name: str = "no"
    maximum: int = 0
    delay: int = 0
    count: int = 0
    cancelled: bool = False

    @classmethod
    def from_api(cls, policy: dict[str, Any] | None) -> RestartManager:
        return cls((policy or {}).get("Name") or "no", (policy or {}).get("MaximumRetryCount") or 0)

    def should_restart(self, exit_code: int, manually_stopped: bool, ran_for: int) -> int | None:
        """The delay before the restart, or None when the container stays exited."""
        if self.cancelled:
            return None
        if ran_for >= RESET_AFTER:
            self.delay = 0
        self.delay = FIRST_DELAY if self.delay == 0 else min(self.delay * 2, MAX_DELAY)
        if self.name == "always":
            restart = True
        elif self.name == "unless-stopped":
            restart = not manually_stopped
        elif self.name == "on-failure":
            restart = exit_code != 0 and (self.maximum == 0 or self.count < self.maximum)
        else:
            restart = False
        if not restart:
            return None
        self.count += 1
        return self.delay
