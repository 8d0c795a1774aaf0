"""``%docker`` / ``%%docker`` and ``caasnb.use``: terminal-like output in a notebook."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

import caasnb
from caasnb import ipython


@pytest.fixture
def cluster():
    cluster = caasnb.Cluster(managers=1, workers=1, seed=7)
    yield cluster
    ipython._session.update(cluster=None, on=None)


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


def test_magics_print_like_a_terminal(shell, cluster, capsys):
    caasnb.use(cluster)
    ipython.load_ipython_extension(shell)
    assert shell.run_line_magic("docker", "--version") is None
    shell.run_line_magic("docker", "nope")
    out, err = capsys.readouterr()
    assert out == "Docker version 28.2.2, build e6534b4\n"
    assert err.startswith("docker: unknown command: docker nope\n")


def test_use_registers_the_magics_in_a_running_shell(shell, cluster, capsys):
    caasnb.use(cluster)
    shell.run_cell("%docker --version")
    assert capsys.readouterr().out == "Docker version 28.2.2, build e6534b4\n"


def test_cell_magic_runs_every_line_like_a_script(shell, cluster, capsys):
    caasnb.use(cluster)
    shell.run_cell_magic("docker", "", "# a comment\n--version\n\nnope\ndocker \\\n  --version\n")
    out, err = capsys.readouterr()
    assert out == "Docker version 28.2.2, build e6534b4\n" * 2
    assert err.count("unknown command") == 1


def test_the_default_host_and_per_command_hosts(cluster, monkeypatch):
    seen = []
    monkeypatch.setattr(
        type(cluster), "docker", lambda self, line, on=None: seen.append((line, on)) or caasnb.CLIResult(0)
    )
    caasnb.use(cluster, on="worker-1")
    ipython.docker("node ls")
    ipython.docker("-H manager-1", "node ls\nservice ls")
    assert seen == [
        ("node ls", "worker-1"),
        ("-H manager-1 node ls", "worker-1"),
        ("-H manager-1 service ls", "worker-1"),
    ]


@pytest.mark.parametrize(
    ("cell", "commands"),
    [
        ("", []),
        ("node ls\n", ["node ls"]),
        ("  node ls  \n\n# c\n  # d\nservice ls", ["node ls", "service ls"]),
        ("service create \\\n  --name web \\\n  nginx\nnode ls", ["service create    --name web    nginx", "node ls"]),
        ("node ls \\", ["node ls"]),
    ],
)
def test_script_lines(cell, commands):
    assert ipython.script_lines(cell) == commands


def test_without_a_cluster_the_magic_says_what_to_do(capsys):
    ipython.docker("node ls")
    assert capsys.readouterr().err == "caasnb: no cluster to talk to: run caasnb.use(cluster) first\n"


def test_use_outside_ipython_just_remembers_the_cluster(cluster):
    caasnb.use(cluster, on="worker-1")
    assert ipython._session == {"cluster": cluster, "on": "worker-1"}
