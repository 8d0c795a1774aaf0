"""docker run/ps/rm/exec/top/inspect on ``Cluster(hosts=1, seed=7)``: exact outputs and errors."""

from __future__ import annotations

import pytest

import caasnb


@pytest.fixture
def c():
    cluster = caasnb.Cluster(hosts=1, seed=7)
    for ref in ("alpine", "nginx:1.27"):
        cluster.daemons["host-1"].images.pull(ref)
    return cluster


def docker(cluster, line):
    result = cluster.docker(line, on="host-1")
    return result.exit_code, result.stdout, result.stderr


def test_ps_tables_after_a_small_session(c):
    assert docker(c, "run -d --name web -p 8080:80 nginx:1.27")[0] == 0
    assert docker(c, "run --name hello alpine echo hello world") == (0, "hello world\n", "")
    c.run(5)
    code, out, _ = docker(c, "ps -a")
    assert code == 0
    assert out == (
        "CONTAINER ID   IMAGE        COMMAND                  CREATED         STATUS                     "
        "PORTS                  NAMES\n"
        '14aa8a53f11e   alpine       "echo hello world"       5 seconds ago   Exited (0) 5 seconds ago   '
        "                       hello\n"
        '1de9d367a375   nginx:1.27   "/docker-entrypoint.…"   5 seconds ago   Up 5 seconds               '
        "0.0.0.0:8080->80/tcp   web\n"
    )
    assert docker(c, "ps -q") == (0, "1de9d367a375\n", "")
    assert docker(c, "ps -a --format '{{.Names}}: {{.Status}}'") == (
        0,
        "hello: Exited (0) 5 seconds ago\nweb: Up 5 seconds\n",
        "",
    )


def test_foreground_run_prints_output_and_exits_with_the_code(c):
    code, out, err = docker(c, "run --rm alpine sh -c 'echo out; echo err >&2; exit 3'")
    assert (code, out, err) == (3, "out\n", "err\n")
    assert docker(c, "ps -aq") == (0, "", "")  # --rm removed it


def test_run_pulls_a_missing_image_first(c):
    code, out, err = docker(c, "run -d busybox sleep 10")
    assert code == 0 and len(out.strip()) == 64
    assert err.startswith("Unable to find image 'busybox:latest' locally\nlatest: Pulling from library/busybox\n")
    assert err.endswith("Status: Downloaded newer image for busybox:latest\n")


def test_name_conflict_and_rm_of_a_running_container(c):
    docker(c, "run -d --name web nginx:1.27")
    code, _, err = docker(c, "run -d --name web nginx:1.27")
    assert code == 125 and err.startswith('docker: Error response from daemon: Conflict. The container name "/web" is')
    assert err.endswith("You have to remove (or rename) that container to be able to reuse that name.\n\n"
                        "Run 'docker run --help' for more information\n")  # fmt: skip
    code, _, err = docker(c, "create --name web nginx:1.27")
    assert code == 1 and err.startswith('Error response from daemon: Conflict. The container name "/web" is')
    assert docker(c, "rm web") == (
        1,
        "",
        'Error response from daemon: cannot remove container "/web": container is running: stop the container '
        "before removing or force remove\n",
    )
    assert docker(c, "rm -f web nope") == (0 + 1, "web\n", "Error response from daemon: No such container: nope\n")


def test_exec_runs_programs_and_reports_unknown_binaries_as_docker_28(c):
    docker(c, "run -d --name box alpine sleep 1000")
    assert docker(c, "exec box sh -c 'echo hi > /tmp/a; cat /tmp/a'") == (0, "hi\n", "")
    assert docker(c, "exec box nosuch") == (
        126,
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file '
        "not found in $PATH: unknown\r\n",
        "",
    )


def test_top_shows_zombies_unless_init(c):
    docker(c, "run -d --name vm alpine sh -c 'sleep 1 & exec sleep infinity'")
    c.run(2)
    code, out, _ = docker(c, "top vm")
    assert code == 0 and out.splitlines()[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert out.splitlines()[-1].endswith("[sleep] <defunct>")


def test_generic_inspect_finds_containers_and_networks(c):
    docker(c, "run -d --name web nginx:1.27")
    assert docker(c, "inspect -f '{{.Name}} {{.State.Status}}' web") == (0, "/web running\n", "")
    assert docker(c, "inspect -f '{{.Name}}' bridge") == (0, "bridge\n", "")
    assert docker(c, "inspect nope") == (1, "[]\n", "Error: No such object: nope\n")


def test_network_connect_shows_the_container_in_network_inspect(c):
    docker(c, "run -d --name web nginx:1.27")
    docker(c, "network create backend")
    assert docker(c, "network connect --alias api backend web") == (0, "", "")
    code, out, _ = docker(c, "network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' backend")
    assert (code, out) == (0, "web 172.18.0.2/16\n")
    assert docker(c, "network disconnect backend web") == (0, "", "")
    assert docker(c, "network inspect -f '{{len .Containers}}' backend") == (0, "0\n", "")


def test_volume_data_outlives_the_container_and_its_layer_does_not(c):
    docker(c, "volume create data")
    assert docker(c, "run --name w1 -v data:/data alpine sh -c 'echo saved > /data/f; echo lost > /tmp/g'")[0] == 0
    assert docker(c, "rm w1") == (0, "w1\n", "")
    assert docker(c, "run --rm -v data:/data alpine sh -c 'cat /data/f; cat /tmp/g'") == (
        1,
        "saved\n",
        "cat: can't open '/tmp/g': No such file or directory\n",
    )
    assert docker(c, "run --rm -v /srv:/srv:ro alpine sh -c 'echo c > /srv/x'") == (
        1,
        "",
        "sh: can't create /srv/x: Read-only file system\n",
    )
