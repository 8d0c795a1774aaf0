"""docker swarm ca on a running swarm: the simulated root certificate, rotation, tokens, progress."""

import base64
import hashlib

from caasnb import Cluster
from caasnb.swarm.tokens import parse_join_token


def test_swarm_ca_prints_the_root_ca_certificate_a_well_formed_simulated_pem():
    c = Cluster(managers=1, workers=1, seed=7)
    r = c.docker("swarm ca")
    lines = r.stdout.splitlines()
    assert r.exit_code == 0 and lines[0] == "-----BEGIN CERTIFICATE-----" and lines[-1] == "-----END CERTIFICATE-----"
    assert all(len(line) <= 64 for line in lines[1:-1])
    assert b"simulated" in base64.b64decode("".join(lines[1:-1]))
    assert (
        c.docker("swarm ca --cert-expiry 48h").stderr
        == "`--cert-expiry` flag requires the `--rotate` flag to update the CA\n"
    )


def test_swarm_ca_rotate_makes_a_new_root_whose_digest_the_join_tokens_carry():
    c = Cluster(managers=1, workers=1, seed=7)
    old_pem, old_token = c.docker("swarm ca").stdout, c.docker("swarm join-token -q worker").stdout.strip()
    r = c.docker("swarm ca --rotate --cert-expiry 48h")
    assert r.exit_code == 0, r.stderr
    pem = c.docker("swarm ca").stdout
    digest = hashlib.sha256(pem.encode()).hexdigest()
    bar = "[" + "=" * 50 + ">]"
    assert r.stdout == (
        f"desired root digest: sha256:{digest}\n"
        f"  rotated TLS certificates:  {bar} 2/2 nodes\n"
        f"  rotated CA certificates:   {bar} 2/2 nodes\n" + pem
    )
    assert pem != old_pem
    for role in ("worker", "manager"):
        token = c.docker(f"swarm join-token -q {role}").stdout.strip()
        assert token != old_token and parse_join_token(token).root_digest == digest
    spec = c.docker("swarm ca --rotate -q").exit_code, c.daemons["manager-1"].swarm_inspect()["Spec"]["CAConfig"]
    assert spec == (0, {"NodeCertExpiry": 48 * 3600 * 10**9, "ForceRotate": 2})
    assert c.docker("swarm ca --rotate -d").stdout == ""
