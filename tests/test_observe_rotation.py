"""json-file/local rotation: Docker's file names, and exactly the lines Docker keeps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from caasnb.observe import ContainerInfo, LogBatch
from caasnb.observe.drivers import Daemon
from caasnb.observe.drivers.jsonfile import JSONFileDriver
from caasnb.observe.logfile import LogFile, TextChunk

CID = "c" * 64
INFO = ContainerInfo(CID, "web", "nginx")


def reference(sizes: list[int], max_size: int, max_files: int) -> list[list[int]]:
    """Docker's algorithm record by record: check before each write, rotate, drop what falls off."""
    files: list[list[int]] = [[]]
    current = 0
    for index, size in enumerate(sizes):
        if max_size != -1 and current >= max_size:
            files = [[]] + (files if max_files >= 2 else [])
            files = files[:max_files]
            current = 0
        files[0].append(index)
        current += size
    return files


def chunks_of(lines: list[str], cuts: list[int]) -> list[TextChunk]:
    out, start = [], 0
    for cut in sorted({min(c, len(lines)) for c in cuts}) + [len(lines)]:
        if cut > start:
            data = "".join(line + "\n" for line in lines[start:cut])
            out.append(TextChunk(start, data, cut - start, len(data.encode())))
            start = cut
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab é", min_size=0, max_size=12), min_size=1, max_size=60),
    st.lists(st.integers(0, 60), max_size=8),
    st.integers(1, 40),
    st.integers(1, 5),
)
def test_rotation_matches_dockers_record_by_record_algorithm(lines, cuts, max_size, max_files):
    log = LogFile("/x.log", max_size, max_files)
    for chunk in chunks_of(lines, cuts):
        log.write(chunk)
    expected = reference([len(line.encode()) + 1 for line in lines], max_size, max_files)
    kept = [i for file in reversed(expected) for i in file]
    assert [r for _, records in log.select() for r in records] == [lines[i] for i in kept]
    assert [f.records for f in log.files()] == [len(f) for f in expected]
    assert log.lost == len(lines) - len(kept) and log.retained == len(kept)
    assert all(f.size < max_size + max(len(line.encode()) + 1 for line in lines) for f in log.files())


def test_file_names_and_compression():
    driver = JSONFileDriver(INFO, {"max-size": "100", "max-file": "3", "compress": "true"}, Daemon())
    for second in range(10):
        driver.log(LogBatch("stdout", second, ["0123456789"] * 2))
    base = f"/var/lib/docker/containers/{CID}/{CID}-json.log"
    assert [f.name for f in driver.file.files()] == [base, base + ".1.gz", base + ".2.gz"]
    plain = JSONFileDriver(INFO, {"max-size": "100", "max-file": "2"}, Daemon())
    for second in range(10):
        plain.log(LogBatch("stdout", second, ["0123456789"] * 2))
    assert [f.name for f in plain.file.files()] == [base, base + ".1"]


def test_max_file_1_truncates_and_units_are_decimal():
    driver = JSONFileDriver(INFO, {"max-size": "1k"}, Daemon())  # 1k = 1000 bytes (FromHumanSize)
    record = len(driver.encode(LogBatch("stdout", 0, ["x"])).data)  # 61 bytes
    for _ in range(40):
        driver.log(LogBatch("stdout", 0, ["x"]))
    per_file = -(-1000 // record)  # records written until the file reaches 1000 bytes
    assert driver.file.retained == 40 % per_file and driver.file.lost == 40 - 40 % per_file
    assert len(driver.file.files()) == 1


def test_unbounded_by_default():
    driver = JSONFileDriver(INFO, {}, Daemon())
    driver.log(LogBatch("stdout", 0, ["x" * 1000] * 1000))
    assert driver.file.lost == 0 and len(driver.file.files()) == 1
