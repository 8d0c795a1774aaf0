"""What a handler answers: a status, headers and body bytes, as dockerd writes them.

``json_response`` is ``httputils.WriteJSON``: ``Content-Type: application/json`` and Go's
``json.Encoder`` output with HTML escaping off and a trailing newline. Errors are
``{"message": ...}`` bodies, except for API versions before 1.24, which get Go's plain-text
``http.Error`` so old clients print something readable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..errors import DockerError

JSON = "application/json"
PLAIN_TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Response:
    """One HTTP response of the Engine API."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        """The decoded JSON body (None when the body is empty)."""
        return json.loads(self.body) if self.body else None

    @property
    def text(self) -> str:
        return self.body.decode()


def encode_json(value: Any) -> bytes:
    """``json.NewEncoder(w)`` with ``SetEscapeHTML(false)``: compact, UTF-8, newline-terminated."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode()


def json_response(status: int, value: Any) -> Response:
    return Response(status, {"Content-Type": JSON}, encode_json(value))


def empty_response() -> Response:
    """A handler that wrote nothing: Go answers 200 with an empty body."""
    return Response(200, {"Content-Length": "0"})


def error_response(error: DockerError, plain: bool = False) -> Response:
    """The body dockerd sends for ``error``: ``{"message": ...}``, or plain text for pre-1.24 clients."""
    if plain:
        headers = {"Content-Type": PLAIN_TEXT, "X-Content-Type-Options": "nosniff"}
        return Response(error.status, headers, (error.message + "\n").encode())
    return json_response(error.status, {"message": error.message})
