"""The swarm's root certificate authority, simulated: an identity, a digest and expiry rules.

No real keys are made. The root certificate is a **simulated** PEM block: well-formed
(base64 in 64-character lines between ``CERTIFICATE`` markers) but not X.509 — its bytes
say so, followed by seeded random bytes. As in SwarmKit, the CA's digest (the one join
tokens carry and ``docker swarm ca --rotate`` prints) is the sha256 of that PEM text.
Names and lifetimes are SwarmKit's (``ca/certificates.go``):
CN ``swarm-ca``, 20-year root, node certificates valid 90 days (at least 1 hour) and
renewed at a random point between 50% and 80% of their validity.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass

from ..sim import HOUR, MINUTE, SECOND

ROOT_CN = "swarm-ca"
MANAGER_ROLE = "swarm-manager"
WORKER_ROLE = "swarm-worker"
ROOT_CA_EXPIRY = 630_720_000 * SECOND  # RootCAExpiration = "630720000s" (20 years)
DEFAULT_NODE_CERT_EXPIRY = 2160 * HOUR  # DefaultNodeCertExpiration (90 days)
MIN_NODE_CERT_EXPIRY = 1 * HOUR  # MinNodeCertExpiration
_RENEW_FROM, _RENEW_UNTIL = 0.5, 0.8  # CertLowerRotationRange, CertUpperRotationRange
_SIMULATED = b"caasnb: simulated swarm root CA certificate (CN=swarm-ca), not a real X.509 certificate\n"


@dataclass(frozen=True)
class RootCA:
    """A root CA: its certificate (simulated PEM), the PEM's sha256 digest (hex), common name and
    validity window in sim ns."""

    pem: str
    digest: str
    not_before: int
    not_after: int
    cn: str = ROOT_CN

    @classmethod
    def create(cls, rng: random.Random, now: int) -> RootCA:
        """A new root CA made from the seeded stream ``rng``, valid 20 years from ``now``."""
        body = base64.b64encode(_SIMULATED + rng.randbytes(64)).decode()
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        pem = "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"
        digest = hashlib.sha256(pem.encode()).hexdigest()
        return cls(pem=pem, digest=digest, not_before=now, not_after=now + ROOT_CA_EXPIRY)


def node_cert_renewal_delay(rng: random.Random, issued: int, expires: int, now: int) -> int:
    """How long (ns) a node waits before renewing a certificate valid over ``[issued, expires]``.

    SwarmKit's ``calculateRandomExpiry``: a whole number of minutes drawn between 50% and
    80% of the validity, counted from ``issued``; never negative.
    """
    minutes = (expires - issued) / MINUTE
    low, high = int(minutes * _RENEW_FROM), int(minutes * _RENEW_UNTIL)
    chosen = low if high - low < 1 else rng.randrange(high - low) + low
    return max(0, issued + chosen * MINUTE - now)
