"""The Engine API over HTTP/1.1, so the real docker CLI and docker-py can talk to a simulated host.

Transport only (DESIGN: ``engine.http`` decodes HTTP into an engine request and encodes the
reply; every behaviour is the handlers'). It listens on a unix socket (by default
``docker.sock`` in a fresh private directory, mode 0700, like ``/var/run/docker.sock`` is
guarded by its group) or on TCP at 127.0.0.1 / ::1 only: the façade has no TLS and no
authentication, so any other address is refused with :class:`UnsafeAddress`.

What it does with HTTP, as Go's ``net/http`` server under dockerd would:

* keep-alive connections, ``Content-Length`` or ``chunked`` request bodies up to
  :data:`MAX_BODY` bytes (413 beyond), ``HEAD`` answered without a body;
* a request it cannot parse gets Go's ``400 Bad Request`` (plain text, ``Connection:
  close``) and only that connection ends;
* a streaming answer — a :class:`~caasnb.engine.Response` whose ``body`` is an iterator of
  ``bytes`` (logs in the 8-byte multiplexed framing, events as JSON lines, pull progress) —
  is sent chunk by chunk with ``Transfer-Encoding: chunked``. Each ``next()`` runs under the
  engine lock; an empty chunk means "nothing yet": the transport waits until simulated time
  moves (:meth:`EngineGate.time_moved`) and asks again, until the iterator ends or the client
  hangs up;
* ``Connection: Upgrade`` is not honoured: the request is routed like any other, so a client
  that needs a hijacked stream gets the ordinary answer instead of ``101`` — what a daemon
  whose handler does not hijack sends.

The simulation is single-threaded: every engine call goes through one :class:`EngineGate`
(the cluster's lock). A host whose machine is down answers nothing: the connection closes.
The ``Date`` header is the simulated clock's, so nothing here reads the wall clock.
"""

from __future__ import annotations

import ipaddress
import os
import select
import socket
import socketserver
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import ClientError
from ..sim.epoch import wall_ns
from .response import Response, encode_json

MAX_BODY = 32 * 1024 * 1024
"""The largest request body accepted (bytes); a ServiceSpec is a few KiB."""
MAX_REQUEST_LINE = 65536
POLL_SECONDS = 0.25
"""How long a stream waiting for news sleeps when nobody says time moved (checks for hang-ups)."""
LOOPBACK = ("127.0.0.1", "::1")
NO_BODY_STATUSES = (204, 304)
"""Answers Go sends without ``Content-Length`` (they cannot have a body)."""


class UnsafeAddress(ValueError):
    """Serving the unauthenticated façade on a non-loopback address was asked for."""


class EngineGate:
    """Serializes every engine call (the simulation is single-threaded) and tells streams when time moved."""

    def __init__(self, lock: Any) -> None:
        self.lock = lock
        self._moved = threading.Condition(lock)

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        with self.lock:
            return fn(*args)

    def time_moved(self) -> None:
        """Wake the streams waiting for news (whoever advanced the simulation calls this)."""
        with self.lock:
            self._moved.notify_all()

    def wait(self, seconds: float) -> None:
        """Sleep until time moved or ``seconds`` passed."""
        with self.lock:
            self._moved.wait(seconds)


def check_loopback(host: str) -> str:
    """``host`` when it is 127.0.0.1 or ::1; :class:`UnsafeAddress` otherwise."""
    try:
        address = str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        address = host
    if address not in LOOPBACK:
        raise UnsafeAddress(
            f"refusing to serve the Engine API on {host!r}: it has no TLS and no authentication, so caasnb "
            "only listens on a unix socket or on 127.0.0.1 / ::1 (loopback)"
        )
    return address


def private_socket_path() -> Path:
    """``docker.sock`` in a new directory only this user can enter (mode 0700)."""
    return Path(tempfile.mkdtemp(prefix="caasnb-")) / "docker.sock"


def _remove_stale(path: Path) -> None:
    """Remove a socket file left by a server that died; refuse to take over one that still answers."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            path.unlink()
            return
    raise ValueError(f"{path} is in use: another server listens there")


class _BadRequest(Exception):
    """The request cannot be read: Go answers ``status text`` and closes the connection."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status, self.text = status, text


class _Handler(BaseHTTPRequestHandler):
    """One client connection: requests in order, each answered by the engine."""

    protocol_version = "HTTP/1.1"
    server: _Serving

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
        except (OSError, ValueError):
            self.close_connection = True
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline, self.request_version, self.command = "", "HTTP/1.1", ""
            self._refuse(_BadRequest(414, "414 Request URI Too Long"))
            return
        if not self.parse_request():  # it answered with send_error
            return
        if self.request_version == "HTTP/0.9":  # a request line without a version: Go does not speak 0.9
            self.request_version = "HTTP/1.1"
            self._refuse(_BadRequest(400, "400 Bad Request: malformed HTTP request"))
            return
        if self.headers.defects:  # e.g. a header line without a colon
            self._refuse(_BadRequest(400, "400 Bad Request: malformed MIME header line"))
            return
        try:
            body = self._read_body()
            self._answer(self.server.answer(self.command, self._target(), body, dict(self.headers.items())))
        except _BadRequest as error:
            self._refuse(error)
        except ClientError:  # the host's machine is down: nobody answers
            self.close_connection = True
        except OSError:  # the client went away or stalled past the socket timeout
            self.close_connection = True

    # -- reading ------------------------------------------------------------------
    def _target(self) -> str:
        """The path (percent-decoded, as gorilla/mux matches it) and the raw query."""
        parts = urlsplit(self.path)
        if not parts.path.startswith("/"):
            raise _BadRequest(400, "400 Bad Request: invalid request target")
        return unquote(parts.path) + (f"?{parts.query}" if parts.query else "")

    def _read_body(self) -> bytes:
        encoding = self.headers.get("Transfer-Encoding", "").strip().lower()
        if encoding and encoding != "chunked":
            raise _BadRequest(501, "501 Not Implemented: unsupported transfer encoding")
        if encoding == "chunked":
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise _BadRequest(400, "400 Bad Request: bad Content-Length")
        size = int(length)
        if size > MAX_BODY:
            raise _BadRequest(413, "413 Request Entity Too Large")
        body = self.rfile.read(size)
        if len(body) != size:
            raise _BadRequest(400, "400 Bad Request: unexpected EOF")
        return body

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            line = self.rfile.readline(MAX_REQUEST_LINE + 1).split(b";", 1)[0].strip()
            try:
                size = int(line, 16)
            except ValueError:
                raise _BadRequest(400, "400 Bad Request: malformed chunked encoding") from None
            if size < 0 or len(body) + size > MAX_BODY:
                raise _BadRequest(413, "413 Request Entity Too Large")
            if size == 0:
                while self.rfile.readline(MAX_REQUEST_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return bytes(body)
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise _BadRequest(400, "400 Bad Request: malformed chunked encoding")
            body += chunk

    # -- writing ------------------------------------------------------------------
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What ``parse_request`` calls for a request it cannot read; answered as Go does."""
        status = code if code in (414, 431) else 400
        self._refuse(_BadRequest(status, f"{status} {self.responses.get(status, ('',))[0]}"))

    def _refuse(self, error: _BadRequest) -> None:
        """Go's answer to an unreadable request (``net/http`` ``conn.serve``): plain text, then close."""
        self.close_connection = True
        reason = error.text.split(" ", 1)[1].split(":", 1)[0]
        body = error.text.encode()
        head = (
            f"HTTP/1.1 {error.status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Connection: close\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        try:
            self.wfile.write(head.encode("latin-1") + body)
            self.wfile.flush()
        except OSError:
            pass

    def _answer(self, response: Response) -> None:
        body = response.body
        if isinstance(body, (bytes, bytearray)) and response.headers.get("Transfer-Encoding") == "chunked":
            # a handler that wrote its whole stream at once, as dockerd flushes it: still one chunk on the wire
            response = Response(response.status, response.headers, iter([bytes(body)] if body else []))
        chunked = not isinstance(response.body, (bytes, bytearray))
        self.send_response_only(response.status)
        headers = {"Date": self.server.date(), **response.headers}
        if chunked:
            headers.pop("Content-Length", None)
            headers.pop("Transfer-Encoding", None)
            if self.request_version == "HTTP/1.1":
                headers["Transfer-Encoding"] = "chunked"
            else:
                self.close_connection = True
        elif response.status not in NO_BODY_STATUSES:
            headers.setdefault("Content-Length", str(len(response.body)))
        if self.close_connection:
            headers["Connection"] = "close"
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            self.wfile.flush()
            if chunked:
                self.server.close_stream(response.body)
        elif chunked:
            self._stream(response.body, framed=self.request_version == "HTTP/1.1")
        else:
            self.wfile.write(response.body)
            self.wfile.flush()

    def _stream(self, chunks: Iterator[bytes], framed: bool) -> None:
        """Send each chunk as it comes; wait for simulated time to move while the iterator has nothing."""
        try:
            while (chunk := self.server.next_chunk(chunks)) is not None:
                if chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if framed else chunk)
                    self.wfile.flush()
                elif self._hung_up() or self.server.stopping.is_set():
                    self.close_connection = True
                    return
                else:
                    self.server.gate.wait(POLL_SECONDS)
            if framed:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
        finally:
            self.server.close_stream(chunks)

    def _hung_up(self) -> bool:
        """Whether the client closed its end (a readable socket with nothing to read)."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        """Quiet: a teaching terminal should show docker's output, not an access log."""


class _Serving:
    """What the connection handlers share: the engine, the host they speak for, the gate."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 64

    def configure(self, engine: Any, node: str, gate: EngineGate) -> None:
        self.engine, self.node, self.gate = engine, node, gate
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def answer(self, method: str, target: str, body: bytes, headers: dict[str, str]) -> Response:
        """The engine's response; a handler's crash becomes a 500 (and a traceback on stderr), never a dead server."""
        try:
            return self.gate.call(self.engine.request, self.node, method, target, None, body, headers)
        except ClientError:
            raise
        except Exception as crash:  # a bug in a handler must not take the server down
            traceback.print_exc(file=sys.stderr)
            return Response(500, {"Content-Type": "application/json"}, encode_json({"message": repr(crash)}))

    def next_chunk(self, chunks: Iterator[bytes]) -> bytes | None:
        """The stream's next chunk under the engine lock; None when it ended."""
        return self.gate.call(next, chunks, None)

    def close_stream(self, chunks: Any) -> None:
        close = getattr(chunks, "close", None)
        if close is not None:
            self.gate.call(close)

    def date(self) -> str:
        """The ``Date`` header: the simulated instant, as Go's ``http.TimeFormat``."""
        now = self.gate.call(lambda: self.engine.cluster.sim.now)
        return formatdate(wall_ns(now) / 1e9, usegmt=True)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            (self._connections.add if open_ else self._connections.discard)(connection)

    def disconnect_all(self) -> None:
        """End every open connection (idle keep-alives and streams) so stop() does not wait on them."""
        with self._connections_lock:
            for connection in self._connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class _UnixServer(_Serving, socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    pass


class _TCPServer(_Serving, socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True


class _TCP6Server(_TCPServer):
    address_family = socket.AF_INET6


class HTTPFacade:
    """The Engine API of ``node`` served on a unix socket (default) or on loopback TCP ``port``.

    ``start()`` serves from a background thread; ``docker_host`` is the value for
    ``DOCKER_HOST``; ``stop()`` closes every connection and removes the socket.
    """

    def __init__(
        self,
        engine: Any,
        node: str,
        gate: EngineGate,
        *,
        socket_path: str | os.PathLike[str] | None = None,
        host: str | None = None,
        port: int | None = None,
    ) -> None:
        if port is None and host is None:
            path = Path(socket_path) if socket_path is not None else private_socket_path()
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if path.is_socket():
                _remove_stale(path)
            self.server: _Serving = _UnixServer(str(path), _Handler)
            os.chmod(path, 0o600)
            self.socket_path: Path | None = path
            self.docker_host = f"unix://{path}"
        else:
            if socket_path is not None:
                raise ValueError("give a unix socket path or a TCP port, not both")
            address = check_loopback(host or "127.0.0.1")
            kind = _TCP6Server if ":" in address else _TCPServer
            self.server = kind((address, port or 0), _Handler)
            bound = self.server.server_address[1]
            self.socket_path = None
            self.docker_host = f"tcp://[{address}]:{bound}" if ":" in address else f"tcp://{address}:{bound}"
        self.server.configure(engine, node, gate)
        self._thread: threading.Thread | None = None

    def start(self) -> HTTPFacade:
        self._thread = threading.Thread(target=self.server.serve_forever, name="caasnb-engine-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, end open connections and streams, remove the socket file."""
        self.server.stopping.set()
        self.server.gate.time_moved()
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join()
        self.server.disconnect_all()
        self.server.server_close()
        if self.socket_path is not None and self.socket_path.is_socket():
            self.socket_path.unlink()
