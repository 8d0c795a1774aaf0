"""The JSON progress messages dockerd streams while it pulls or pushes, in the order it sends them.

A pull downloads at most 3 layers at once (``max-concurrent-downloads``) and extracts them in
order; a push uploads at most 5 (``max-concurrent-uploads``). Layers beyond the limit are
``Waiting``; each finished download says ``Verifying Checksum`` then ``Download complete``; each
extracted layer ``Pull complete``. The order replays the transfer: smaller layers finish first among those moving
at once. ``Downloading``, ``Extracting``
and ``Pushing`` carry byte counts (``progressDetail``), which the CLI shows only on a terminal.
"""

from __future__ import annotations

import heapq
from typing import Any

from .image import Layer

MAX_DOWNLOADS = 3
MAX_UPLOADS = 5


def short(layer: Layer) -> str:
    """``stringid.TruncateID`` of the blob digest, as progress lines name a layer."""
    return layer.digest.removeprefix("sha256:")[:12]


def status(text: str, ident: str = "", **detail: Any) -> dict[str, Any]:
    """One JSONMessage: ``status``, its ``id``, and ``progressDetail`` for per-layer messages."""
    message: dict[str, Any] = {"status": text}
    if ident:
        message["progressDetail"] = detail
        message["id"] = ident
    return message


def _finish_order(layers: list[Layer], slots: int) -> list[int]:
    """Indexes of ``layers`` in the order their transfers end, ``slots`` at a time, each at the same rate."""
    moving: list[tuple[int, int]] = []  # (end, index)
    order: list[int] = []
    clock = 0
    for index, layer in enumerate(layers):
        if len(moving) == slots:
            clock, done = heapq.heappop(moving)
            order.append(done)
        heapq.heappush(moving, (clock + layer.download, index))
    return order + [index for _, index in sorted(moving)]


def pull_messages(tag_or_digest: str, path: str, layers: tuple[Layer, ...], missing: tuple[Layer, ...]) -> list[dict]:
    """Every message of a pull that downloads ``missing`` (the other layers already exist)."""
    messages = [status(f"Pulling from {path}", tag_or_digest)]
    to_fetch = [layer for layer in layers if layer in missing]
    for layer in layers:
        messages.append(status("Pulling fs layer" if layer in missing else "Already exists", short(layer)))
    messages += [status("Waiting", short(layer)) for layer in to_fetch[MAX_DOWNLOADS:]]
    downloaded: set[int] = set()
    extracted = 0
    for index in _finish_order(to_fetch, MAX_DOWNLOADS):
        layer = to_fetch[index]
        messages.append(status("Downloading", short(layer), current=layer.download, total=layer.download))
        messages.append(status("Verifying Checksum", short(layer)))
        messages.append(status("Download complete", short(layer)))
        downloaded.add(index)
        while extracted in downloaded:
            done = to_fetch[extracted]
            messages.append(status("Extracting", short(done), current=done.size, total=done.size))
            messages.append(status("Pull complete", short(done)))
            extracted += 1
    return messages


def push_messages(layers: tuple[Layer, ...], missing: tuple[Layer, ...], mounted: dict[str, str]) -> list[dict]:
    """The per-layer messages of a push, top layer first: ``Preparing``, ``Waiting``, then each outcome.

    A blob the registry holds in another repository is mounted from there instead of uploaded."""
    top_first = list(reversed(layers))
    messages = [status("Preparing", short(layer)) for layer in top_first]
    uploads = [layer for layer in top_first if layer in missing]
    messages += [status("Waiting", short(layer)) for layer in uploads[MAX_UPLOADS:]]
    for layer in top_first:
        if layer not in missing:
            source = mounted.get(layer.digest)
            messages.append(status(f"Mounted from {source}" if source else "Layer already exists", short(layer)))
    for index in _finish_order(uploads, MAX_UPLOADS):
        layer = uploads[index]
        messages.append(status("Pushing", short(layer), current=layer.download, total=layer.download))
        messages.append(status("Pushed", short(layer)))
    return messages
