"""ping, nslookup, getent, curl and wget inside containers print what alpine's tools print (golden)."""

import pytest

import caasnb
from caasnb.net import probe
from caasnb.net.probes import NGINX_PAGE


@pytest.fixture(scope="module")
def host():
    c = caasnb.Cluster(hosts=1, seed=7)
    for line in (
        "pull -q nginx:1.27",
        "pull -q alpine",
        "network create app",
        "run -d --name web --network app nginx:1.27",
        "run -d --name client --network app alpine sleep 1d",
        "run -d --name old alpine sleep 1d",
        "run -d --name lonely --network none alpine sleep 1d",
    ):
        assert c.docker(line).exit_code == 0, line
    return c


def run(c, container, *argv):
    """``docker exec CONTAINER ARGV...`` through the docker CLI."""
    result = c.docker(["exec", container, *argv])
    return result.exit_code, result.stdout, result.stderr


def web_ip(c):
    return str(c.daemons["host-1"].containers.get("web").sandbox.endpoints[0].ipv4.ip)


def test_ping_by_name_on_a_user_network(host):
    ip = web_ip(host)
    assert run(host, "client", "ping", "-c", "2", "web") == (
        0,
        f"PING web ({ip}): 56 data bytes\n"
        f"64 bytes from {ip}: seq=0 ttl=64 time=0.080 ms\n"
        f"64 bytes from {ip}: seq=1 ttl=64 time=0.080 ms\n"
        "\n--- web ping statistics ---\n"
        "2 packets transmitted, 2 packets received, 0% packet loss\n"
        "round-trip min/avg/max = 0.080/0.080/0.080 ms\n",
        "",
    )


def test_ping_from_the_default_bridge_cannot_resolve(host):
    assert run(host, "old", "ping", "-c", "1", "web") == (1, "", "ping: bad address 'web'\n")


def test_ping_from_none_has_no_route(host):
    ip = web_ip(host)
    assert run(host, "lonely", "ping", "-c", "1", ip) == (
        1, f"PING {ip} ({ip}): 56 data bytes\n", "ping: sendto: Network unreachable\n",
    )  # fmt: skip


def test_nslookup_found_and_nxdomain(host):
    ip = web_ip(host)
    head = "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
    assert run(host, "client", "nslookup", "web") == (
        0, f"{head}Non-authoritative answer:\nName:\tweb\nAddress: {ip}\n\nNon-authoritative answer:\n\n", "",
    )  # fmt: skip
    assert run(host, "client", "nslookup", "nosuch") == (
        1, f"{head}** server can't find nosuch: NXDOMAIN\n\n** server can't find nosuch: NXDOMAIN\n\n", "",
    )  # fmt: skip


def test_getent_hosts(host):
    ip = web_ip(host)
    assert run(host, "client", "getent", "hosts", "web") == (0, f"{ip:<15} web\n", "")
    assert run(host, "client", "getent", "hosts", "nosuch") == (2, "", "")


def test_curl_serves_nginx_s_page_and_curl_s_errors(host):
    assert run(host, "client", "curl", "-s", "http://web/") == (0, NGINX_PAGE, "")
    assert run(host, "client", "curl", "nosuch") == (6, "", "curl: (6) Could not resolve host: nosuch\n")
    assert run(host, "client", "curl", "-s", "nosuch") == (6, "", "")
    refused = "curl: (7) Failed to connect to web port 81 after 0 ms: Couldn't connect to server\n"
    assert run(host, "client", "curl", "web:81") == (7, "", refused)


def test_curl_serves_what_the_learner_wrote_into_the_docroot(host):
    host.daemons["host-1"].containers.get("web").files.write("/usr/share/nginx/html/index.html", b"hello\n")
    try:
        assert run(host, "client", "curl", "-s", "web") == (0, "hello\n", "")
    finally:
        host.daemons["host-1"].containers.get("web").files.remove("/usr/share/nginx/html/index.html")


def test_wget_quiet_to_stdout_saved_file_and_refusal(host):
    ip = web_ip(host)
    assert run(host, "client", "wget", "-qO-", "web") == (0, NGINX_PAGE, "")
    assert run(host, "client", "wget", "web") == (
        0,
        "",
        f"Connecting to web ({ip}:80)\nsaving to 'index.html'\n"
        f"index.html           100% |{'*' * 32}|   615  0:00:00 ETA\n'index.html' saved\n",
    )
    assert host.daemons["host-1"].containers.get("client").files.read("/index.html") == NGINX_PAGE.encode()
    assert run(host, "client", "wget", "-q", "-O", "-", "web:81") == (
        1, "", f"wget: can't connect to remote host ({ip}): Connection refused\n",
    )  # fmt: skip
    assert run(host, "client", "wget", "nosuch") == (1, "", "wget: bad address 'nosuch'\n")


def test_python_probe_for_notebooks(host):
    result = probe(host, "client", "web:80")
    assert result.ok and result.target.name == "web" and result.reason == "web accepts 80/tcp"
    assert not probe(host, "old", "web").ok
