"""docker's display helpers."""

from caasnb.cli.display import ellipsis, pretty_print, service_ports, task_ports, truncate_id


def test_truncate_id():
    assert truncate_id("k3j5l2m9x8w7v6u5t4s3r2q1p") == "k3j5l2m9x8w7"
    assert truncate_id("sha256:0123456789abcdef0123") == "0123456789ab"
    assert truncate_id("short") == "short"


def test_ellipsis():
    error = "task: non-zero exit (1): something went wrong"
    assert ellipsis(error, 30) == "task: non-zero exit (1): some…"
    assert len(ellipsis(error, 30)) == 30
    assert ellipsis("fits", 30) == "fits"
    assert ellipsis("日本語のテキスト", 7) == "日本語…"
    assert ellipsis("abc", 1) == "a"
    assert ellipsis("abc", 0) == ""


def test_pretty_print():
    assert [pretty_print(state) for state in ("running", "SHUTDOWN", None, "x")] == ["Running", "Shutdown", "None", "x"]


def test_ports():
    ingress = [
        {"Protocol": "tcp", "TargetPort": 81, "PublishedPort": 8081, "PublishMode": "ingress"},
        {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"},
        {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 53, "PublishMode": "ingress"},
        {"Protocol": "tcp", "TargetPort": 9000, "PublishedPort": 9000, "PublishMode": "host"},
        {"Protocol": "tcp", "TargetPort": 443, "PublishedPort": 443, "PublishMode": "ingress"},
    ]
    assert service_ports(ingress) == "*:443->443/tcp, *:8080-8081->80-81/tcp, *:53->53/udp"
    assert service_ports([]) == ""
    assert task_ports(ingress[:2]) == "*:8081->81/tcp,*:8080->80/tcp"
