"""docker/go-units: human durations and sizes, and the sizes docker reads."""

import pytest

from caasnb.golang.units import (
    bytes_size,
    from_human_size,
    human_duration,
    human_size,
    human_size_with_precision,
    ram_in_bytes,
)
from caasnb.sim.durations import SECOND


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.5, "Less than a second"),
        (1, "1 second"),
        (59, "59 seconds"),
        (60, "About a minute"),
        (119, "About a minute"),
        (120, "2 minutes"),
        (3599, "59 minutes"),
        (3600, "About an hour"),
        (5399, "About an hour"),
        (5400, "2 hours"),
        (47 * 3600, "47 hours"),
        (3 * 86400, "3 days"),
        (20 * 86400, "2 weeks"),
        (90 * 86400, "3 months"),
        (800 * 86400, "2 years"),
    ],
)
def test_human_duration(seconds, text):
    assert human_duration(round(seconds * SECOND)) == text


@pytest.mark.parametrize(
    ("size", "human", "binary"),
    [
        (0, "0B", "0B"),
        (999, "999B", "999B"),
        (1000, "1kB", "1000B"),
        (1536, "1.536kB", "1.5KiB"),
        (1_500_000, "1.5MB", "1.431MiB"),
    ],
)
def test_sizes(size, human, binary):
    assert (human_size(size), bytes_size(size)) == (human, binary)


def test_go_units():
    assert from_human_size("10m") == 10_000_000
    assert ram_in_bytes("10m") == 10 * 1024 * 1024
    assert from_human_size("1.5k") == 1500 and from_human_size("10 MB") == 10_000_000
    assert from_human_size("1KiB") == 1000  # the first letter picks the (decimal) multiplier
    for bad, message in [("10x", "invalid suffix: 'x'"), ("x", "invalid size: 'x'"), ("-1", "invalid size: '-1'")]:
        with pytest.raises(ValueError, match=message):
            from_human_size(bad)
    assert bytes_size(12.3 * 1024 * 1024) == "12.3MiB"
    assert bytes_size(2087354368) == "1.944GiB"
    assert human_size_with_precision(1500, 3) == "1.5kB" and human_size_with_precision(0, 3) == "0B"
    assert human_size_with_precision(999.6, 3) == "1e+03B"


def test_from_human_size_parses_the_number_with_strconv():
    with pytest.raises(ValueError, match=r'^strconv.ParseFloat: parsing "1e400": value out of range$'):
        from_human_size("1e400k")
