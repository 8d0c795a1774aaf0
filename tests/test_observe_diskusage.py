"""``docker system df`` and ``docker system prune``: Docker's table, question and reports."""

from __future__ import annotations

import caasnb
from caasnb.cli.commands.diskusage import question, usage_rows


def _host():
    cluster = caasnb.Cluster(hosts=1, seed=3)
    cluster.docker("run -d --name web nginx:1.27")
    cluster.docker("run --name once alpine:3.20 echo hi")
    cluster.docker("pull redis:7")
    return cluster


def test_system_df_golden():
    assert _host().docker("system df").stdout == (
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
        "Images          3         2         312.3MB   116.5MB (37%)\n"
        "Containers      2         1         0B        0B\n"
        "Local Volumes   0         0         0B        0B\n"
        "Build Cache     0         0         0B        0B\n"
    )


def test_system_prune_asks_and_a_no_changes_nothing():
    cluster = _host()
    before = cluster.docker("system df").stdout
    refused = cluster.docker("system prune", stdin="n")
    assert (refused.exit_code, refused.stdout) == (
        0,
        "WARNING! This will remove:\n"
        "  - all stopped containers\n"
        "  - all networks not used by at least one container\n"
        "  - all dangling images\n"
        "  - unused build cache\n"
        "\n"
        "Are you sure you want to continue? [y/N] ",
    )
    assert cluster.docker("system df").stdout == before


def test_system_prune_all_removes_stopped_containers_and_unused_images():
    cluster = _host()
    once = cluster.daemons["host-1"].containers.get("once").id
    out = cluster.docker("system prune -a -f").stdout
    assert out.startswith(f"Deleted Containers:\n{once}\n\nDeleted Images:\nuntagged: alpine:3.20\n")
    assert out.endswith("\nTotal reclaimed space: 124.3MB\n")
    rows = cluster.docker("system df --format '{{.Type}} {{.TotalCount}} {{.Active}}'").stdout
    assert rows == "Images 1 1\nContainers 1 1\nLocal Volumes 0 0\nBuild Cache 0 0\n"


def test_question_lists_volumes_all_and_filters():
    text = question(True, True, {"label": ["env=dev"], "until": ["24h"]})
    assert "  - all anonymous volumes not used by at least one container\n" in text
    assert "  - all images without at least one container associated to them\n  - all build cache\n" in text
    assert text.endswith(
        "  Items to be pruned will be filtered with:\n  - label=env=dev\n  - until=24h\n\n"
        "Are you sure you want to continue?"
    )


def test_reclaimable_volumes_are_the_unused_ones():
    usage = {
        "Volumes": [
            {"UsageData": {"Size": 3000, "RefCount": 0}},
            {"UsageData": {"Size": 1000, "RefCount": 2}},
            {"UsageData": {"Size": -1, "RefCount": 0}},
        ]
    }
    row = usage_rows(usage)[2]
    assert (row.TotalCount, row.Active, row.Size, row.Reclaimable) == ("3", "1", "4kB", "3kB (75%)")


def test_system_df_verbose_sections():
    cluster = _host()
    cluster.docker("volume create data")
    cluster.docker("run -d --name db -v data:/data nginx:1.27")
    out = cluster.docker("system df -v").stdout
    sections = [line for line in out.splitlines() if line.endswith(":") or line.startswith("Build cache usage")]
    assert sections == [
        "Images space usage:",
        "Containers space usage:",
        "Local Volumes space usage:",
        "Build cache usage: 0B",
    ]
    lines = out.splitlines()
    assert lines[2].split() == "REPOSITORY TAG IMAGE ID CREATED SIZE SHARED SIZE UNIQUE SIZE CONTAINERS".split()
    assert (
        "nginx        1.27      ee8369656f3a" in out
        and "VOLUME NAME   LINKS     SIZE\ndata          1         0B\n" in out
    )
    assert out.endswith("CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n")
