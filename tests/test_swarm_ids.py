"""Object IDs, join tokens, unlock keys and the root CA: SwarmKit's formats and the daemon's errors."""

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caasnb.errors import DockerError, InvalidArgument
from caasnb.sim import HOUR, MINUTE, SECOND, Simulation
from caasnb.swarm.ca import DEFAULT_NODE_CERT_EXPIRY, ROOT_CA_EXPIRY, RootCA, node_cert_renewal_delay
from caasnb.swarm.ids import base36, is_object_id, new_id
from caasnb.swarm.tokens import (
    JoinToken,
    check_join_token,
    generate_join_token,
    generate_unlock_key,
    parse_join_token,
    parse_unlock_key,
)

JOIN_TOKEN = re.compile(r"SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}")
UNLOCK_KEY = re.compile(r"SWMKEY-1-[A-Za-z0-9+/]{43}")


def test_base36_matches_go_big_int_text():
    assert base36(0) == "0"
    assert base36(35) == "z"
    assert base36(36) == "10"
    assert base36(2**128 - 1) == "f5lxx1zz5pnorynqglhzmsp33"  # swarmkit identity/randomid.go comment


@given(st.integers(min_value=0, max_value=2**64))
def test_new_id_is_25_lowercase_base36_chars(seed):
    object_id = new_id(random.Random(seed))
    assert len(object_id) == 25
    assert is_object_id(object_id)


def test_new_id_is_deterministic_per_stream_and_streams_are_independent():
    first, second = Simulation(seed=7), Simulation(seed=7)
    ids = [new_id(first.rng("ids")) for _ in range(3)]
    second.rng("other").random()
    assert [new_id(second.rng("ids")) for _ in range(3)] == ids
    assert len(set(ids)) == 3


def test_new_id_takes_characters_1_to_25_of_the_high_bit_number():
    rng = random.Random(1)
    raw = bytearray(random.Random(1).randbytes(17))
    raw[0] |= 0x80
    assert new_id(rng) == base36(int.from_bytes(raw, "big"))[1:26]


def test_join_token_format_and_round_trip():
    rng = random.Random(5)
    ca = RootCA.create(rng, now=0)
    token = generate_join_token(rng, ca.digest)
    assert JOIN_TOKEN.fullmatch(token)
    parsed = parse_join_token(token)
    assert parsed.root_digest == ca.digest
    assert str(parsed) == token
    assert not parsed.fips


def test_fips_join_token_parses():
    token = "SWMTKN-2-1-" + "0" * 49 + "1-" + "a" * 25
    parsed = parse_join_token(token)
    assert parsed.fips
    assert parsed.root_digest == "0" * 63 + "1"
    assert str(parsed) == token


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        "SWMTKN-1-abc",
        "SWMTKN-1-" + "a" * 50 + "-" + "b" * 24,
        "SWMTKN-1-" + "a" * 49 + "-" + "b" * 25,
        "SWMTKN-3-" + "a" * 50 + "-" + "b" * 25,
        "SWMTKN-2-" + "a" * 50 + "-" + "b" * 25,
        "SWMTKN-2-2-" + "a" * 50 + "-" + "b" * 25,
        "SWMKEY-1-" + "a" * 50 + "-" + "b" * 25,
    ],
)
def test_malformed_join_tokens_are_refused_with_dockers_text(token):
    with pytest.raises(DockerError) as raised:
        parse_join_token(token)
    assert str(raised.value) == "invalid join token"
    assert raised.value.status == 500


def test_join_token_digest_part_goes_through_go_digest_checks():
    with pytest.raises(DockerError, match="^invalid checksum digest format$"):
        parse_join_token("SWMTKN-1-" + "_" * 50 + "-" + "b" * 25)
    with pytest.raises(DockerError, match="^invalid checksum digest length$"):
        parse_join_token("SWMTKN-1-" + "z" * 50 + "-" + "b" * 25)


def test_check_join_token_pins_the_ca_then_checks_the_secret():
    rng = random.Random(9)
    ca = RootCA.create(rng, now=0)
    worker, manager = generate_join_token(rng, ca.digest), generate_join_token(rng, ca.digest)
    assert check_join_token(manager, ca.digest, (worker, manager)).secret == manager[-25:]
    forged = str(JoinToken(ca.digest, "0" * 25))
    with pytest.raises(InvalidArgument) as raised:
        check_join_token(forged, ca.digest, (worker, manager))
    assert str(raised.value) == (
        "rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster"
    )
    other = RootCA.create(rng, now=0)
    with pytest.raises(DockerError, match="^remote CA does not match fingerprint. Expected: "):
        check_join_token(generate_join_token(rng, other.digest), ca.digest, (worker, manager))


def test_unlock_key_format_and_round_trip():
    key = generate_unlock_key(random.Random(3))
    assert UNLOCK_KEY.fullmatch(key)
    assert len(parse_unlock_key(key)) == 32


@pytest.mark.parametrize(
    "key",
    [
        "",
        "SWMKEY-1",
        "swmkey-1-abc",
        "SWMKEY-2-" + "a" * 43,
        "SWMKEY-1-" + "a" * 41 + "==",
        "SWMKEY-1-a",
        "SWMKEY-1-ab$d",
    ],
)
def test_bad_unlock_keys_are_invalid_key_strings(key):
    with pytest.raises(InvalidArgument) as raised:
        parse_unlock_key(key)
    assert str(raised.value) == "invalid key string"
    assert raised.value.status == 400


def test_root_ca_lifetimes():
    ca = RootCA.create(random.Random(0), now=5 * SECOND)
    assert ca.cn == "swarm-ca"
    assert len(ca.digest) == 64
    assert ca.not_after - ca.not_before == ROOT_CA_EXPIRY == 20 * 365 * 24 * HOUR
    assert DEFAULT_NODE_CERT_EXPIRY == 90 * 24 * HOUR


@given(st.integers(min_value=0, max_value=2**32))
def test_node_cert_renewal_falls_between_half_and_four_fifths_of_validity(seed):
    delay = node_cert_renewal_delay(random.Random(seed), issued=0, expires=DEFAULT_NODE_CERT_EXPIRY, now=0)
    assert DEFAULT_NODE_CERT_EXPIRY // 2 <= delay < DEFAULT_NODE_CERT_EXPIRY * 4 // 5
    assert delay % MINUTE == 0
