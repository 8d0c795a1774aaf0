"""What a container's command does: whether and when it ends, how it takes signals, its process tree.

The model is the learner's intuition made exact. ``nginx``, ``redis-server`` or ``ping``
run until stopped; ``false`` exits 1 at once, ``exit 3`` exits 3, ``sleep 5`` ends after
5 s, and a bare shell (``alpine``'s default ``/bin/sh``) exits 0 straight away because it
has no terminal — unless the container keeps stdin open or has a TTY (``-it``).

Signals follow Linux: ``SIGKILL`` always ends the process (exit 137); a server handles its
image's stop signal and exits 0; any other catchable terminating signal ends a process with
128 + the signal's number (143 for ``SIGTERM``). PID 1 of a namespace gets no default
signal action: a shell or ``sleep`` running as PID 1 ignores ``SIGTERM``, so ``docker stop``
waits out its timeout and kills it (exit 137). With ``--init``, docker-init (tini) is PID 1
and forwards the signal, so the same command stops at once (exit 143).
"""

from __future__ import annotations

import re
import shlex

from ..errors import InvalidArgument
from ..sim import SECOND, parse_duration

SIGNALS = {
    "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9, "USR1": 10,
    "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "STKFLT": 16, "CHLD": 17, "CONT": 18, "STOP": 19,
    "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28,
    "IO": 29, "PWR": 30, "SYS": 31,
}  # fmt: skip
SIGKILL, SIGTERM = 9, 15
NOT_TERMINATING = {SIGNALS[name] for name in ("CHLD", "CONT", "URG", "WINCH", "STOP", "TSTP", "TTIN", "TTOU")}
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
NO_HANDLERS = SHELLS | {"sleep", "tail", "cat", "yes"}  # ignore SIGTERM when PID 1
SERVERS = frozenset(
    {"nginx", "redis-server", "httpd", "httpd-foreground", "postgres", "mysqld", "mongod", "node", "python", "traefik"}
)
SLEEP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}  # busybox (alpine) and coreutils sleep suffixes
FOREVER = 2**62


def parse_signal(text: str) -> int:
    """``signal.ParseSignal``: ``SIGTERM``, ``TERM`` or ``15``."""
    name = text.upper().removeprefix("SIG")
    if text.isdigit() and 0 < int(text) <= 64:
        return int(text)
    if name in SIGNALS:
        return SIGNALS[name]
    raise InvalidArgument(f"Invalid signal: {text}")


def image_name(image: str) -> str:
    """``docker.io/library/redis:3.0.7@sha256:…`` → ``redis``."""
    name = image.split("@")[0].rsplit("/", 1)[-1]
    return name.split(":")[0]


def unwrap(argv: list[str]) -> list[str]:
    """The command an image's entrypoint script (``docker-entrypoint.sh``) ends up exec-ing: its arguments."""
    if len(argv) > 1 and argv[0].rsplit("/", 1)[-1].endswith("entrypoint.sh"):
        return argv[1:]
    return argv


def program(argv: list[str]) -> str:
    """The program a command line runs (``/usr/sbin/nginx`` → ``nginx``), looking through ``sh -c``."""
    argv = unwrap(argv)
    script = shell_script(argv)
    if script is not None:
        words = shlex.split(script.split("&")[-1].split(";")[-1]) or ["true"]
        if words[0] == "exec" and len(words) > 1:
            words = words[1:]
        return words[0].rsplit("/", 1)[-1]
    return argv[0].rsplit("/", 1)[-1] if argv else ""


FD_REDIRECTION = re.compile(r"[12]?>&[12]")  # ``>&2``, ``2>&1``: not a background ``&``


def shell_script(argv: list[str]) -> str | None:
    """The script of ``sh -c SCRIPT`` without its descriptor redirections (None for any other command)."""
    if len(argv) >= 3 and argv[0].rsplit("/", 1)[-1] in SHELLS and argv[1] == "-c":
        return FD_REDIRECTION.sub(" ", argv[2])
    return None


ENDS_AT_ONCE = frozenset(
    {"true", "false", "exit", "echo", "printf", "cat", "ls", "env", "printenv", "hostname", "touch", "id", "whoami",
     "date", "uname", "pwd", "mkdir", "rm", "ps", "kill", "nslookup", "getent", "wget", "curl", "test", "["}
)  # fmt: skip


def lifetime(argv: list[str], interactive: bool = False) -> int | None:
    """How long (ns) a command runs before it ends by itself; None when it runs until stopped.

    A ``sh -c`` script runs its ``;``/``&&``-separated commands one after another (``CMD &``
    jobs run beside it). ``interactive``: stdin is kept open or a TTY is attached, so a bare
    shell waits for input.
    """
    argv = unwrap(argv)
    script = shell_script(argv)
    if script is not None:
        total = 0
        for command in re.split(r";|&&|\|\||\n", script.split("&")[-1] if not script.endswith("&") else "true"):
            words = shlex.split(command)
            if words[:1] == ["exec"]:
                words = words[1:]
            took = lifetime(words) if words else 0
            if took is None or took >= FOREVER:
                return None
            total += took
        return total
    if not argv:
        return 0
    name = argv[0].rsplit("/", 1)[-1]
    if name in SHELLS and len(argv) == 1:
        return None if interactive else 0
    if name == "sleep" and len(argv) > 1:
        took = sleep_duration(argv[1])
        return None if took >= FOREVER else took
    if name == "ping" and "-c" in argv[:-1]:
        return _int(argv[argv.index("-c") + 1 :], 0) * SECOND
    return 0 if name in ENDS_AT_ONCE else None


def _int(args: list[str], default: int) -> int:
    try:
        return int(args[0])
    except (IndexError, ValueError):
        return default


def sleep_duration(text: str) -> int:
    """How long ``sleep TEXT`` sleeps (busybox and coreutils suffixes, ``infinity``), in ns."""
    if text == "infinity":
        return FOREVER
    number, unit = (text[:-1], SLEEP_UNITS[text[-1]]) if text[-1:] in SLEEP_UNITS else (text, 1)
    try:
        return round(float(number) * unit * SECOND)
    except ValueError:
        try:
            return parse_duration(text)
        except ValueError:
            return 0


def signal_exit(argv: list[str], signo: int, stop_signal: int, init: bool) -> int | None:
    """The exit code a running command ends with on signal ``signo``; None when it goes on running."""
    if signo == SIGKILL:
        return 128 + SIGKILL
    if signo in NOT_TERMINATING:
        return None
    name = program(argv)
    if init:
        return 0 if name in SERVERS and signo == stop_signal else 128 + signo
    if name in NO_HANDLERS:
        return None  # PID 1 without a handler: the kernel drops the signal
    if name in SERVERS and signo == stop_signal:
        return 0
    return 128 + signo


def background_jobs(argv: list[str]) -> list[list[str]]:
    """The ``CMD &`` jobs a ``sh -c`` script starts before its last command."""
    script = shell_script(argv)
    if script is None or "&" not in script:
        return []
    return [shlex.split(job) for job in script.split("&")[:-1] if job.strip()]


def execs_last(argv: list[str]) -> bool:
    """Whether the script replaces the shell with its last command (``exec PROG``): PID 1 is then PROG."""
    script = shell_script(argv)
    return script is not None and script.split("&")[-1].split(";")[-1].strip().startswith("exec ")
