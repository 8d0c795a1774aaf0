"""API version negotiation as dockerd 28.2.2 does it (``api/server/middleware/version.go``).

A request names its API version in the path (``/v1.41/info``) or not at all (the newest).
Versions compare as dot-separated integers (``api/types/versions/compare.go``), so ``1.9``
is older than ``1.24``. Too old or too new is a 400 with Docker's own sentence.
"""

from __future__ import annotations

from ..errors import InvalidArgument

API_VERSION = "1.50"
MIN_API_VERSION = "1.24"
_GO_MAX_INT = 2**63 - 1


def _parts(version: str) -> list[int]:
    """Go's ``strconv.Atoi`` on each part: unparsable parts count as 0, huge ones saturate."""
    return [min(int(part), _GO_MAX_INT) if part.isdigit() else 0 for part in version.split(".")]


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as version ``a`` is older than, equal to or newer than ``b``."""
    left, right = _parts(a), _parts(b)
    width = max(len(left), len(right))
    left, right = left + [0] * (width - len(left)), right + [0] * (width - len(right))
    return (left > right) - (left < right)


def less_than(a: str, b: str) -> bool:
    return compare(a, b) < 0


def check_version(version: str) -> None:
    """Refuse a client version outside 1.24..1.50 with the daemon's message."""
    if less_than(version, MIN_API_VERSION):
        raise InvalidArgument(
            f"client version {version} is too old. Minimum supported API version is {MIN_API_VERSION}, "
            "please upgrade your client to a newer version"
        )
    if compare(version, API_VERSION) > 0:
        raise InvalidArgument(f"client version {version} is too new. Maximum supported API version is {API_VERSION}")
