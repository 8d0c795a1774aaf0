"""Go's time layouts, and the simulation epoch every room's timestamps share."""

from caasnb.golang.timefmt import parse_rfc3339nano, rfc3339micro, rfc3339nano, rfc3339nano_fixed, stamp
from caasnb.sim import EPOCH_NS, wall_ns

T = 123_456_789  # 2024-05-01T10:00:00.123456789Z


# -- Go encodings --------------------------------------------------------------------------
def test_rfc3339_layouts():
    assert rfc3339nano(EPOCH_NS + T) == "2024-05-01T10:00:00.123456789Z"
    assert rfc3339nano(EPOCH_NS + 500_000_000) == "2024-05-01T10:00:00.5Z"
    assert rfc3339nano(EPOCH_NS) == "2024-05-01T10:00:00Z"
    assert rfc3339nano_fixed(EPOCH_NS + 500_000_000) == "2024-05-01T10:00:00.500000000Z"
    assert rfc3339micro(EPOCH_NS + T) == "2024-05-01T10:00:00.123456Z"
    assert stamp(EPOCH_NS) == "May  1 10:00:00"
    assert parse_rfc3339nano("2024-05-01T10:00:00.5Z") == EPOCH_NS + 500_000_000
    assert parse_rfc3339nano("2024-05-01T12:00:00+02:00") == EPOCH_NS


def test_rfc3339nano_of_any_epoch():
    assert rfc3339nano(0) == "1970-01-01T00:00:00Z"
    assert rfc3339nano(1_700_000_000 * 10**9 + 1_500_000_000) == "2023-11-14T22:13:21.5Z"


def test_sim_epoch_is_2024_05_01():
    assert wall_ns(0) == EPOCH_NS and rfc3339nano(wall_ns(T)) == "2024-05-01T10:00:00.123456789Z"
