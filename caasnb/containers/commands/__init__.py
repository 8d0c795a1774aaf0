"""Programs that run inside containers: ``docker exec`` and a container's own short commands.

``@register("name")`` adds one (``fn(ctx, argv) -> ExecResult``); :func:`run` runs an argv in
an :class:`ExecContext`. The shell basics live in :mod:`.shell`; other rooms add their
programs (``ping``, ``nslookup``, ``getent``, ``curl``, ``wget``: :mod:`caasnb.net.probes`) in modules
imported here.
"""

from ...net import probes  # noqa: F401 - registers ping, nslookup, getent, curl, wget
from . import shell
from .registry import PROGRAMS, ExecContext, ExecResult, find, register
from .shell import run

__all__ = ["PROGRAMS", "ExecContext", "ExecResult", "find", "register", "run", "shell"]
