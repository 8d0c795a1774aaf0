"""SwarmKit object IDs: 25 lowercase base-36 characters, as ``identity.NewID`` makes them.

SwarmKit reads 17 random bytes, sets the top bit (so the number always has the same
length in base 36) and keeps characters 1..25 of its base-36 text. Nodes, services,
tasks, networks and secrets all get such IDs; the CLI shows the first 12.
"""

from __future__ import annotations

import random
import re

ID_LENGTH = 25
_ENTROPY_BYTES = 17
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_ID = re.compile(r"[0-9a-z]{25}")


def base36(number: int) -> str:
    """``number`` in lowercase base 36, as Go's ``big.Int.Text(36)`` prints it."""
    if number == 0:
        return "0"
    digits = []
    while number:
        number, digit = divmod(number, 36)
        digits.append(_DIGITS[digit])
    return "".join(reversed(digits))


def new_id(rng: random.Random) -> str:
    """A fresh object ID drawn from the seeded stream ``rng`` (never the global ``random``)."""
    raw = bytearray(rng.randbytes(_ENTROPY_BYTES))
    raw[0] |= 0x80
    return base36(int.from_bytes(raw, "big"))[1 : ID_LENGTH + 1]


def is_object_id(text: str) -> bool:
    """True when ``text`` has the shape of a SwarmKit object ID."""
    return _ID.fullmatch(text) is not None
