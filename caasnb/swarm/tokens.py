"""Join tokens and unlock keys in SwarmKit's formats, with the daemon's parse errors.

* Join token (``ca/config.go`` ``GenerateJoinToken``): ``SWMTKN-1-<root CA digest in base 36,
  zero-padded to 50>-<16 random bytes in base 36, zero-padded to 25>``. A token that does
  not parse is refused with ``invalid join token``; a well-formed token with the wrong
  secret is refused by the CA with ``A valid join token is necessary to join this cluster``.
* Unlock key (``manager/encryption``): ``SWMKEY-1-`` + 32 random bytes in unpadded standard
  base64 (43 characters). A string that does not decode is ``invalid key string``.
"""

from __future__ import annotations

import base64
import binascii
import random
import re
from dataclasses import dataclass

from ..errors import DockerError, InvalidArgument
from .ids import base36

JOIN_TOKEN_PREFIX = "SWMTKN"
UNLOCK_KEY_PREFIX = "SWMKEY-1-"
DIGEST_LENGTH = 50  # base36DigestLen
SECRET_LENGTH = 25  # maxGeneratedSecretLength
_SECRET_BYTES = 16  # generatedSecretEntropyBytes
_UNLOCK_KEY_BYTES = 32  # naclSecretboxKeySize
_BASE36 = re.compile(r"[0-9a-zA-Z]*")

INVALID_JOIN_TOKEN = "invalid join token"
WRONG_JOIN_TOKEN = "rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster"
INVALID_UNLOCK_KEY = "invalid key string"


@dataclass(frozen=True)
class JoinToken:
    """A parsed join token: the root CA digest it pins (sha256 hex) and its secret."""

    root_digest: str
    secret: str
    fips: bool = False

    def __str__(self) -> str:
        prefix = "SWMTKN-2-1" if self.fips else "SWMTKN-1"
        digest = base36(int(self.root_digest, 16)).zfill(DIGEST_LENGTH)
        return f"{prefix}-{digest}-{self.secret}"


def generate_join_token(rng: random.Random, root_digest: str) -> str:
    """A new join token for the CA with sha256 digest ``root_digest`` (hex), secret drawn from ``rng``."""
    secret = base36(int.from_bytes(rng.randbytes(_SECRET_BYTES), "big")).zfill(SECRET_LENGTH)
    return str(JoinToken(root_digest, secret))


def parse_join_token(token: str) -> JoinToken:
    """Parse a join token as SwarmKit's ``ParseJoinToken`` does.

    A malformed token raises ``DockerError("invalid join token")``; a digest part that is
    not base 36 or exceeds 256 bits fails go-digest's checks (``invalid checksum digest
    format`` / ``length``). The daemon returns these untyped, so the Engine API answers 500.
    """
    parts = token.split("-")
    if len(parts) < 4 or parts[0] != JOIN_TOKEN_PREFIX:
        raise DockerError(INVALID_JOIN_TOKEN)
    if parts[1] == "1" and len(parts) == 4:
        fips = False
    elif parts[1] == "2" and len(parts) == 5 and parts[2] in ("0", "1"):
        fips = parts[2] == "1"
    else:
        raise DockerError(INVALID_JOIN_TOKEN)
    digest, secret = parts[-2], parts[-1]
    if len(digest) != DIGEST_LENGTH or len(secret) != SECRET_LENGTH:
        raise DockerError(INVALID_JOIN_TOKEN)
    if not _BASE36.fullmatch(digest):
        raise DockerError("invalid checksum digest format")
    root = int(digest, 36)
    if root >= 1 << 256:
        raise DockerError("invalid checksum digest length")
    return JoinToken(f"{root:064x}", secret, fips)


def check_join_token(token: str, root_digest: str, valid_tokens: tuple[str, ...]) -> JoinToken:
    """Accept ``token`` only if it parses, pins ``root_digest`` and is one of ``valid_tokens``.

    Mirrors a join: the node parses the token, checks the CA fingerprint
    (``remote CA does not match fingerprint. Expected: <digest>``), then the CA checks the secret.
    """
    parsed = parse_join_token(token)
    if parsed.root_digest != root_digest:
        raise DockerError(f"remote CA does not match fingerprint. Expected: {parsed.root_digest}")
    if token not in valid_tokens:
        raise InvalidArgument(WRONG_JOIN_TOKEN)
    return parsed


def generate_unlock_key(rng: random.Random) -> str:
    """A new autolock key (``SWMKEY-1-`` + 43 base64 characters) drawn from ``rng``."""
    raw = rng.randbytes(_UNLOCK_KEY_BYTES)
    return UNLOCK_KEY_PREFIX + base64.b64encode(raw).decode().rstrip("=")


def parse_unlock_key(key: str) -> bytes:
    """The key bytes in ``key``; raises ``InvalidArgument("invalid key string")`` as ``docker swarm unlock`` does."""
    if not key.startswith(UNLOCK_KEY_PREFIX):
        raise InvalidArgument(INVALID_UNLOCK_KEY)
    text = key[len(UNLOCK_KEY_PREFIX) :]
    if len(text) % 4 == 1 or "=" in text or not re.fullmatch(r"[A-Za-z0-9+/]*", text):
        raise InvalidArgument(INVALID_UNLOCK_KEY)
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise InvalidArgument(INVALID_UNLOCK_KEY) from None
