"""The HTTP façade (``caasnb.engine.http``): transport only, as Go's ``net/http`` under dockerd behaves.

Unit tests of keep-alive, HEAD, chunked bodies and streams, limits, Go's 400 for what cannot
be parsed, the private socket and the loopback-only rule; then Hypothesis throws random
requests at a served cluster: never a crash (500), a rejected request changes nothing, and
the server keeps answering.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from urllib.parse import quote

import pytest
from engine_http_client import UnixHTTPConnection, exchange
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.engine import Response
from caasnb.engine.engine import ROUTER
from caasnb.engine.http import MAX_BODY, EngineGate, HTTPFacade, UnsafeAddress, check_loopback

JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def cluster():
    return caasnb.Cluster(managers=1, workers=2, seed=7)


@pytest.fixture(scope="module")
def served(cluster):
    with cluster.serve(speed=0) as served:
        yield served


@pytest.fixture
def conn(served):
    connection = UnixHTTPConnection(str(served.facade.socket_path))
    yield connection
    connection.close()


def get(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response, response.read()


def test_export_line_names_a_private_unix_socket(served):
    path = served.facade.socket_path
    assert served.export == f"export DOCKER_HOST=unix://{path}"
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_ISSOCK(os.stat(path).st_mode) and stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_keep_alive_serves_many_requests_on_one_connection(conn):
    for path in ("/_ping", "/v1.41/version", "/v1.50/nodes", "/services"):
        response, body = get(conn, "GET", path)
        assert response.status == 200, body
    assert response.getheader("Connection") is None
    assert json.loads(body) == []


def test_daemon_headers_and_a_simulated_date(conn):
    response, body = get(conn, "GET", "/_ping")
    assert body == b"OK"
    assert response.getheader("Api-Version") == "1.50"
    assert response.getheader("Server") == "Docker/28.2.2 (linux)"
    assert response.getheader("Swarm") == "active/manager"
    assert response.getheader("Date") == "Wed, 01 May 2024 10:00:00 GMT"  # simulated time 0, no wall clock


def test_head_answers_headers_without_a_body(served):
    raw = exchange(str(served.facade.socket_path), b"HEAD /_ping HTTP/1.1\r\nHost: x\r\n\r\n")
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK") and b"Swarm: active/manager" in head and rest == b""


def test_not_found_is_dockerds_page_not_found(conn):
    response, body = get(conn, "GET", "/v1.50/nope")
    assert (response.status, json.loads(body)) == (404, {"message": "page not found"})


def test_chunked_request_body_is_read(cluster, conn):
    spec = json.dumps({"Name": "chunky", "Driver": "overlay"}).encode()
    chunks = iter([spec[:7], spec[7:]])
    conn.request("POST", "/networks/create", body=chunks, headers=JSON_HEADERS, encode_chunked=True)
    response = conn.getresponse()
    assert response.status == 201, response.read()
    created = json.loads(response.read())
    assert cluster.engine.call("manager-1", "GET", f"/networks/{created['Id']}")["Name"] == "chunky"


def test_request_body_over_the_limit_is_413_and_nothing_changes(cluster, served):
    before = cluster.trace_hash()
    head = f"POST /networks/create HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n"
    raw = exchange(str(served.facade.socket_path), head.encode())
    assert raw.startswith(b"HTTP/1.1 413 Request Entity Too Large\r\n") and b"Connection: close" in raw
    assert cluster.trace_hash() == before


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /_ping HTTP/9.9\r\n\r\n",
        b"GET /_ping HTTP/1.1\r\nno colon here\r\n\r\n",
        b"POST /networks/create HTTP/1.1\r\nContent-Length: -4\r\n\r\n",
        b"POST /networks/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET ping HTTP/1.1\r\n\r\n",
        b"GET /_ping\r\n\r\n",
    ],
)
def test_unparsable_requests_get_gos_400_and_the_server_goes_on(served, conn, request_bytes):
    raw = exchange(str(served.facade.socket_path), request_bytes)
    assert raw.startswith(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close")
    assert get(conn, "GET", "/_ping")[1] == b"OK"


def test_an_overlong_request_line_is_414(served):
    raw = exchange(str(served.facade.socket_path), b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 414 Request URI Too Long\r\n")


def test_upgrade_is_not_honoured_the_request_is_answered_as_usual(conn):
    headers = {"Connection": "Upgrade", "Upgrade": "tcp"}
    response, body = get(conn, "GET", "/_ping", headers=headers)
    assert (response.status, body) == (200, b"OK")


def test_a_downed_host_answers_nothing(cluster, served):
    cluster.crash("manager-1")
    try:
        assert exchange(str(served.facade.socket_path), b"GET /_ping HTTP/1.1\r\n\r\n") == b""
    finally:
        cluster.restart("manager-1")
        cluster.run(10)


# -- the transport on its own: a stand-in engine --------------------------------------
class FakeSim:
    now = 0


class FakeEngine:
    """Answers every request with ``reply(method, path)``."""

    def __init__(self, reply):
        self.reply = reply
        self.cluster = type("FakeCluster", (), {"sim": FakeSim()})()

    def request(self, node, method, path, query=None, body=None, headers=None):
        return self.reply(method, path)


@pytest.fixture
def facade_for(tmp_path):
    started = []

    def start(reply):
        gate = EngineGate(threading.RLock())
        facade = HTTPFacade(FakeEngine(reply), "host-1", gate, socket_path=tmp_path / "run" / "docker.sock").start()
        started.append(facade)
        return facade, gate

    yield start
    for facade in started:
        facade.stop()


def test_a_given_socket_path_gets_a_private_parent_and_is_removed_on_stop(facade_for, tmp_path):
    facade, _ = facade_for(lambda method, path: Response(200, {}, b""))
    assert stat.S_IMODE(os.stat(tmp_path / "run").st_mode) == 0o700
    facade.stop()
    assert not (tmp_path / "run" / "docker.sock").exists()


def test_a_socket_in_use_is_not_taken_over_but_a_stale_one_is(facade_for, tmp_path):
    facade, gate = facade_for(lambda method, path: Response(204, {}, b""))
    with pytest.raises(ValueError, match="is in use: another server listens there"):
        HTTPFacade(FakeEngine(None), "host-1", gate, socket_path=facade.socket_path)
    stale = tmp_path / "stale.sock"
    with socket.socket(socket.AF_UNIX) as dead:
        dead.bind(str(stale))  # bound, never listening: what a killed server leaves behind
    HTTPFacade(FakeEngine(None), "host-1", gate, socket_path=stale).stop()


def test_no_content_has_no_content_length(facade_for):
    facade, _ = facade_for(lambda method, path: Response(204, {}, b""))
    raw = exchange(str(facade.socket_path), b"POST /containers/x/start HTTP/1.1\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 204 No Content\r\n") and b"Content-Length" not in raw


def test_a_stream_is_sent_chunked_and_waits_for_time_to_move(facade_for):
    news = []

    def events():
        yield b'{"n":1}\n'
        while not news:
            yield b""  # nothing yet
        yield news.pop()

    facade, gate = facade_for(lambda method, path: Response(200, {"Content-Type": "application/json"}, events()))
    conn = UnixHTTPConnection(str(facade.socket_path))
    conn.request("GET", "/events")
    response = conn.getresponse()
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.readline() == b'{"n":1}\n'
    with gate.lock:
        news.append(b'{"n":2}\n')
    gate.time_moved()
    assert response.readline() == b'{"n":2}\n'
    assert response.read() == b""  # the iterator ended: the terminating chunk
    conn.close()


def test_a_stream_ends_when_the_client_hangs_up(facade_for):
    closed = threading.Event()

    def forever():
        try:
            yield b"\x01\x00\x00\x00\x00\x00\x00\x03hi\n"  # one stdout frame of the multiplexed log stream
            while True:
                yield b""
        finally:
            closed.set()

    facade, gate = facade_for(lambda method, path: Response(200, {}, forever()))
    conn = UnixHTTPConnection(str(facade.socket_path))
    conn.request("GET", "/containers/x/logs?follow=1")
    response = conn.getresponse()
    assert response.read(11) == b"\x01\x00\x00\x00\x00\x00\x00\x03hi\n"
    conn.close()
    gate.time_moved()
    assert closed.wait(5)


def test_head_on_a_stream_sends_no_body_and_closes_the_iterator(facade_for):
    class Stream:
        closed = False

        def __iter__(self):
            return self

        def __next__(self):
            raise AssertionError("a HEAD answer must not read the stream")

        def close(self):
            Stream.closed = True

    facade, _ = facade_for(lambda method, path: Response(200, {}, Stream()))
    raw = exchange(str(facade.socket_path), b"HEAD /events HTTP/1.1\r\n\r\n")
    assert b"Transfer-Encoding: chunked" in raw and raw.endswith(b"\r\n\r\n")
    assert Stream.closed


def test_a_crashing_handler_is_a_500_and_the_server_goes_on(facade_for, capsys):
    def reply(method, path):
        if path == "/boom":
            raise KeyError("bug")
        return Response(200, {}, b"fine")

    facade, _ = facade_for(reply)
    conn = UnixHTTPConnection(str(facade.socket_path))
    response, body = get(conn, "GET", "/boom")
    assert (response.status, json.loads(body)) == (500, {"message": "KeyError('bug')"})
    assert get(conn, "GET", "/fine")[1] == b"fine"
    assert "KeyError: 'bug'" in capsys.readouterr().err
    conn.close()


# -- where it may listen --------------------------------------------------------------
@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.7", "example.com", "127.0.0.2"])
def test_only_loopback_may_be_bound(host):
    with pytest.raises(UnsafeAddress, match="only listens on a unix socket or on 127.0.0.1 / ::1"):
        check_loopback(host)


def test_serving_on_a_lan_address_is_refused_before_binding(cluster):
    with pytest.raises(UnsafeAddress):
        cluster.serve(host="0.0.0.0", port=0)


def test_loopback_tcp_serves(cluster):
    with cluster.serve(port=0, speed=0) as served:
        host, port = served.docker_host.removeprefix("tcp://").split(":")
        assert host == "127.0.0.1"
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            conn.sendall(b"GET /_ping HTTP/1.1\r\nConnection: close\r\n\r\n")
            received = b""
            while chunk := conn.recv(4096):
                received += chunk
            assert received.startswith(b"HTTP/1.1 200 OK\r\n") and received.endswith(b"\r\n\r\nOK")


def test_ipv6_loopback_serves(cluster):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        served = cluster.serve(host="::1", port=0, speed=0)
    except OSError:
        pytest.skip("::1 cannot be bound here")
    with served:
        assert served.docker_host.startswith("tcp://[::1]:")


# -- fuzz: random requests never crash, rejected ones change nothing -------------------
TEMPLATES = sorted({route.template for route, _ in ROUTER.routes})
path_segment = st.text(max_size=12).map(lambda text: quote(text, safe=""))  # any text, as a client escapes it


@st.composite
def paths(draw):
    template = draw(st.sampled_from(TEMPLATES))
    filled = "".join(draw(path_segment) if part.startswith("{") else part for part in _split_template(template))
    prefix = draw(st.sampled_from(["", "/v1.41", "/v1.50", "/v1.12", "/v9.99", "/vx"]))
    query = draw(st.sampled_from(["", "?filters=%7B%22name%22%3A%5B%22x%22%5D%7D", "?filters=nope", "?version=x"]))
    return prefix + filled + query


def _split_template(template):
    parts, depth, current = [], 0, ""
    for char in template:
        if char == "{" and depth == 0 and current:
            parts.append(current)
            current = ""
        depth += (char == "{") - (char == "}")
        current += char
        if char == "}" and depth == 0:
            parts.append(current)
            current = ""
    return [*parts, current] if current else parts


# The random bodies stay small; the tests at the end pin the extremes: integers beyond Go's int64, nesting
# past the decoder's depth, and a non-string network "Name".
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
fields = st.sampled_from(["Driver", "Spec", "Labels", "Mode", "Replicas", "TaskTemplate", "Options", "Scope"])
spec_like = st.fixed_dictionaries({}, optional={"Name": st.text(max_size=20)}).flatmap(
    lambda named: st.dictionaries(fields, json_values, max_size=4).map(lambda rest: {**named, **rest})
)
bodies = st.one_of(
    st.just(b""),
    st.binary(max_size=200),
    json_values.map(lambda value: json.dumps(value).encode()),
    spec_like.map(lambda value: json.dumps(value).encode()),
    st.integers(1, 200).map(lambda n: b'{"Name":"' + b"x" * n * 1000 + b'"}'),
    st.integers(1, 200).map(lambda n: b"[" * n),
)
header_values = st.text(st.characters(codec="latin-1", exclude_characters="\r\n\x00"), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"]),
    path=paths(),
    body=bodies,
    content_type=st.sampled_from(["application/json", "text/plain", "", "application/json; charset=utf-8"]),
    extra=st.dictionaries(st.sampled_from(["X-Registry-Auth", "Accept", "Upgrade", "X-Any"]), header_values),
)
def test_random_requests_never_crash_and_rejected_ones_change_nothing(
    cluster, served, method, path, body, content_type, extra
):
    headers = {**extra, "Content-Length": str(len(body))} | ({"Content-Type": content_type} if content_type else {})
    before = cluster.trace_hash()
    conn = UnixHTTPConnection(str(served.facade.socket_path))
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        answer = response.read()
        assert response.status != 500, answer
        if response.status >= 400:
            assert cluster.trace_hash() == before, (method, path, response.status, answer)
            if method != "HEAD" and response.getheader("Content-Type") == "application/json":
                assert set(json.loads(answer)) == {"message"}
        if response.getheader("Connection") == "close":
            conn.close()
        assert get(conn, "GET", "/_ping")[1] == b"OK"  # the same connection (or a new one) is still served
    finally:
        conn.close()


header_lines = st.lists(
    st.tuples(st.text(st.characters(codec="ascii", exclude_characters=":\r\n"), max_size=20), header_values).map(
        lambda pair: f"{pair[0]}: {pair[1]}\r\n".encode("latin-1")
    ),
    max_size=6,
)
wire = st.one_of(
    st.binary(max_size=400),
    st.tuples(
        st.sampled_from([b"GET", b"POST", b"DELETE", b"BREW", b""]),
        st.binary(max_size=40).map(lambda raw: b"/" + raw.replace(b" ", b"")),
        st.sampled_from([b" HTTP/1.1", b" HTTP/1.0", b" HTTP/2.0", b"", b" FTP/1.1"]),
        header_lines,
        st.binary(max_size=200),
    ).map(lambda t: t[0] + b" " + t[1] + t[2] + b"\r\n" + b"".join(t[3]) + b"\r\n" + t[4]),
)


@settings(max_examples=100, deadline=None)
@given(raw=wire)
def test_random_bytes_on_the_wire_never_crash_or_stop_the_server(cluster, served, raw):
    before = cluster.trace_hash()
    answer = exchange(str(served.facade.socket_path), raw)
    assert not answer.startswith(b"HTTP/1.1 500"), answer
    if not answer.startswith(b"HTTP/1.1 2"):
        assert cluster.trace_hash() == before
    assert ping_ok(served)


def ping_ok(served) -> bool:
    connection = UnixHTTPConnection(str(served.facade.socket_path))
    try:
        return get(connection, "GET", "/_ping")[1] == b"OK"
    finally:
        connection.close()


def test_deeply_nested_json_is_an_error_answer_not_a_crash(served, conn):
    response, answer = get(conn, "POST", "/networks/create", body=b"[" * 5000, headers=JSON_HEADERS)
    assert response.status == 400, answer


def test_a_huge_number_is_an_error_answer_not_a_crash(served, conn):
    response, answer = get(
        conn, "POST", "/services/create", body=b'{"Name":' + b"1" * 5000 + b"}", headers=JSON_HEADERS
    )
    assert response.status == 400, answer


def test_a_non_string_network_name_is_an_error_answer_not_a_crash(served, conn):
    response, answer = get(conn, "POST", "/networks/create", body=b'{"Name": 1}', headers=JSON_HEADERS)
    assert response.status == 400, answer
