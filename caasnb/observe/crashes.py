"""How an application program fails at start, and the stack trace it prints as it dies.

An ``app``-kind container (see :func:`~.programs.program_of`) reads its settings from the
environment when it starts; a ``*_URL`` variable without a scheme (``postgres//db:5432``)
is a fatal error. The runtime ends such a container with exit code 1 :data:`CRASH_AFTER`
its start, and as the ``container.die`` event happens the program writes the uncaught
exception's stack trace to stderr — a Python traceback, a Node.js or a Java one depending on
the image. An image of no known language gets one derived from its name, and the trace's line
numbers come from the name too: every container of one image runs the same code.
That trace is what ``docker logs`` and ``docker service logs`` show last: the app's own
account of why it died, which the platform's ``task: non-zero exit (1)`` cannot give.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from ..sim import MILLISECOND

CRASH_AFTER = 300 * MILLISECOND
"""How long a failing app runs (interpreter start-up, imports) before it reads its settings and dies."""
LANGUAGES = ("python", "node", "java")
IMAGE_LANGUAGES = {
    "python": "python",
    "node": "node",
    "openjdk": "java",
    "eclipse-temurin": "java",
    "amazoncorretto": "java",
}


def boot_failure(env: Sequence[str]) -> tuple[str, str] | None:
    """The first ``*_URL`` setting the app cannot parse, as (name, value); None when it starts fine."""
    for item in env:
        name, _, value = item.partition("=")
        if name.endswith("_URL") and "://" not in value:
            return name, value
    return None


def stack_trace(image: str, name: str, value: str, env: Sequence[str] = ()) -> list[str]:
    """The lines the app of ``image`` prints on stderr as its uncaught settings error kills it
    (a Node.js trace ends with the ``NODE_VERSION`` the image's environment sets)."""
    seed = zlib.crc32(image.encode())
    parse, load, main = (10 + (seed >> shift) % 50 for shift in (0, 8, 16))
    repository = image.split("@")[0].rsplit("/", 1)[-1].split(":")[0]
    language = IMAGE_LANGUAGES.get(repository) or LANGUAGES[(seed >> 24) % len(LANGUAGES)]
    call = f'parse_url("{name}", env["{name}"])'
    if language == "python":
        return [
            "Traceback (most recent call last):",
            '  File "<frozen runpy>", line 198, in _run_module_as_main',
            '  File "<frozen runpy>", line 88, in _run_code',
            f'  File "/app/app/__main__.py", line {main}, in <module>',
            "    settings = load_settings(os.environ)",
            "               ^^^^^^^^^^^^^^^^^^^^^^^^^",
            f'  File "/app/app/settings.py", line {load}, in load_settings',
            f"    url = {call}",
            "          " + "^" * len(call),
            f'  File "/app/app/settings.py", line {parse}, in parse_url',
            "    raise ValueError(f\"invalid {name} {value!r}: missing '://'\")",
            f"ValueError: invalid {name} '{value}': missing '://'",
        ]
    if language == "node":
        return [
            f"/app/src/settings.js:{parse}",
            "    throw new TypeError(`invalid ${name} '${value}': missing '://'`);",
            "    ^",
            "",
            f"TypeError: invalid {name} '{value}': missing '://'",
            f"    at parseUrl (/app/src/settings.js:{parse}:11)",
            f"    at loadSettings (/app/src/settings.js:{load}:17)",
            f"    at Object.<anonymous> (/app/src/server.js:{main}:18)",
            "    at Module._compile (node:internal/modules/cjs/loader:1368:14)",
            "    at Module._extensions..js (node:internal/modules/cjs/loader:1426:10)",
            "    at Module.load (node:internal/modules/cjs/loader:1205:32)",
            "    at Module._load (node:internal/modules/cjs/loader:1021:12)",
            "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:142:12)",
            "    at node:internal/main/run_main_module:28:49",
            "",
            f"Node.js v{_env(env, 'NODE_VERSION', '20.12.2')}",
        ]
    return [
        f"Exception in thread \"main\" java.lang.IllegalArgumentException: invalid {name} '{value}': missing '://'",
        f"\tat com.example.app.Settings.parseUrl(Settings.java:{parse})",
        f"\tat com.example.app.Settings.load(Settings.java:{load})",
        f"\tat com.example.app.Main.main(Main.java:{main})",
    ]


def _env(env: Sequence[str], name: str, default: str) -> str:
    values = [item.partition("=")[2] for item in env if item.partition("=")[0] == name]
    return values[-1] if values else default
