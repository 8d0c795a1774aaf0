"""Container names and IDs: generated as moby does it, drawn from seeded streams.

moby's ``namesgenerator.GetRandomName`` joins an adjective and a notable scientist's
surname (``admiring_hopper``); ``stringid.GenerateRandomID`` draws 32 random bytes and
rejects an ID whose 12-character short form is all digits (it would read as a number).
A user-given name must match ``[a-zA-Z0-9][a-zA-Z0-9_.-]+`` and is stored with a leading
slash (``/web`` in inspect).
"""

from __future__ import annotations

import random
import re

from ..errors import InvalidArgument

_ADJECTIVES = ("admiring", "brave", "clever", "eager", "focused", "gallant", "happy", "keen", "nifty", "quirky")
_SCIENTISTS = ("hopper", "lovelace", "turing", "curie", "noether", "shannon", "knuth", "liskov", "ritchie", "torvalds")
_VALID_NAME = re.compile(r"/?[a-zA-Z0-9][a-zA-Z0-9_.-]+")


def random_name(rng: random.Random) -> str:
    """A name like moby's namesgenerator gives (``adjective_scientist``), from the seeded stream."""
    return f"{rng.choice(_ADJECTIVES)}_{rng.choice(_SCIENTISTS)}"


def random_id(rng: random.Random) -> str:
    """A 64-hex container ID whose first 12 characters are never all digits."""
    while True:
        new = rng.randbytes(32).hex()
        if not new[:12].isdigit():
            return new


def check_name(name: str) -> str:
    """A user-given name without its leading slash; Docker's error for an invalid one."""
    if not _VALID_NAME.fullmatch(name):
        raise InvalidArgument(f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
    return name.lstrip("/")
