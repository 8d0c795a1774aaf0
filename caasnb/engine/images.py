"""The image and registry endpoints (moby v28.2.2 ``api/server/router/image``, ``distribution``, ``system`` auth).

A pull or push answers with a stream of JSON messages (``application/json``, one object a
line) and takes the simulated time the transfer needs. A pull that fails before anything is
streamed (unknown manifest, denied, unreachable registry) is an HTTP error; a push announces
its repository first, so its errors come inside the stream as ``errorDetail`` (as dockerd's
``streamformatter.FormatError``). Registry credentials come in ``X-Registry-Auth``.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from ..errors import DockerError, InvalidArgument
from ..golang.timefmt import parse_rfc3339nano
from ..images import Image
from ..images.progress import pull_messages, push_messages, status
from ..images.reference import parse
from ..images.store import UploadRefused
from ..registry import decode_auth
from .request import Request
from .response import JSON, Response, encode_json, json_response
from .router import Route

STREAM_HEADERS = {"Content-Type": JSON}


def stream_response(messages: list[dict[str, Any]]) -> Response:
    """A 200 answer whose body is the JSON messages, each on its own line."""
    return Response(200, dict(STREAM_HEADERS), b"".join(encode_json(message) for message in messages))


def stream_error(error: DockerError) -> dict[str, Any]:
    """``streamformatter.FormatError``: the error inside a stream."""
    return {"errorDetail": {"message": error.message}, "error": error.message}


def _wait(request: Request, duration: int) -> None:
    sim = request.engine.cluster.sim
    sim.run(until=sim.now + duration)


def _auth(request: Request) -> dict[str, Any] | None:
    return decode_auth(request.header("X-Registry-Auth"))


def _containers(request: Request) -> list[dict]:
    """The host's containers, all states, as ``GET /containers/json?all=1`` lists them."""
    return request.daemon.containers.list(all=True)


# -- pull / push ------------------------------------------------------------------
def image_create(request: Request) -> Response:
    """``POST /images/create?fromImage=&tag=``: pull, streaming what dockerd streams."""
    name = request.query.get("fromImage").removesuffix(":")
    tag = request.query.get("tag")
    ref = name if not tag else (f"{name}@{tag}" if tag.startswith("sha256:") else f"{name}:{tag}")
    store = request.daemon.images
    transfer = store.plan_pull(ref, _auth(request))
    _wait(request, transfer.duration)
    store.install(transfer)
    reference = transfer.reference
    ident = reference.tag or reference.digest
    if transfer.up_to_date:
        messages = [status(f"Pulling from {reference.path}", ident)]
    else:
        messages = pull_messages(ident, reference.path, transfer.content.layers, transfer.missing)
    outcome = "Image is up to date for" if transfer.up_to_date else "Downloaded newer image for"
    messages += [status(f"Digest: {transfer.digest}"), status(f"Status: {outcome} {reference.familiar}")]
    return stream_response(messages)


def image_push(request: Request) -> Response:
    """``POST /images/{name}/push?tag=``: the repository announced, each layer's fate, the pushed digest."""
    name, tag = request.vars["name"], request.query.get("tag")
    reference = parse(f"{name}:{tag}" if tag else name).tagged_or_latest()
    messages = [status(f"The push refers to repository [{reference.name}]")]
    auth = _auth(request)
    store = request.daemon.images
    try:
        transfer = store.plan_push(str(reference), auth)
    except UploadRefused as error:  # refused by the registry once the upload starts
        layers = store.get(str(reference)).layers
        return stream_response([*messages, *push_messages(layers, (), {})[: len(layers)], stream_error(error)])
    except DockerError as error:
        return stream_response([*messages, stream_error(error)])
    messages += push_messages(transfer.content.layers, transfer.missing, transfer.mounted)
    _wait(request, transfer.duration)
    digest = store.complete_push(transfer, auth)
    size = transfer.content.manifest_size
    messages.append(status(f"{reference.tag}: digest: {digest} size: {size}"))
    messages.append({"progressDetail": {}, "aux": {"Tag": reference.tag, "Digest": digest, "Size": size}})
    return stream_response(messages)


# -- local images -------------------------------------------------------------------
def image_list(request: Request) -> Response:
    """``GET /images/json``: every image, newest first, filtered; ``Containers`` and ``SharedSize`` are -1
    (dockerd counts them only for ``system df``)."""
    filters = request.query.filters()
    store = request.daemon.images
    patterns = filters.get("reference")
    summaries = []
    for image in store.list():
        if not _matches(image, filters, store):
            continue
        summary = image.summary(parse_rfc3339nano(image.created) // 1_000_000_000)
        if patterns:  # only the names that match are listed, as dockerd does
            for key in ("RepoTags", "RepoDigests"):
                summary[key] = [ref for ref in summary[key] if any(_reference_matches(ref, p) for p in patterns)]
            if not summary["RepoTags"] and not summary["RepoDigests"]:
                continue
        summaries.append(summary)
    return json_response(200, summaries)


def _matches(image: Image, filters: dict[str, list[str]], store) -> bool:
    """``dangling``, ``label``, ``before``, ``since`` as dockerd's ``Images`` applies them.

    ``reference`` is applied to the names themselves (:func:`image_list`)."""
    for key in filters:
        if key not in ("dangling", "reference", "label", "before", "since"):
            raise InvalidArgument(f"invalid filter '{key}'")
    dangling = filters.get("dangling")
    if dangling:
        wanted = dangling[0].lower() in ("true", "1")
        if wanted != (not image.repo_tags):
            return False
    labels = image.config.get("Labels") or {}
    for wanted_label in filters.get("label", []):
        key, sep, value = wanted_label.partition("=")
        if key not in labels or (sep and labels[key] != value):
            return False
    for key, later in (("before", False), ("since", True)):
        for ref in filters.get(key, []):
            pivot = store.get(ref)
            if (image.created > pivot.created) != later or image.created == pivot.created:
                return False
    return True


def _reference_matches(ref: str, pattern: str) -> bool:
    """``reference.FamiliarMatch``: the pattern globs the familiar string or the familiar name."""
    return fnmatch.fnmatchcase(ref, pattern) or fnmatch.fnmatchcase(parse(ref).familiar_name, pattern)


def image_inspect(request: Request) -> Response:
    return json_response(200, request.daemon.images.get(request.vars["name"]).inspect())


def image_history(request: Request) -> Response:
    """``GET /images/{name}/history``: one entry per layer, newest first; only the top carries the ID and tags."""
    image = request.daemon.images.get(request.vars["name"])
    created = parse_rfc3339nano(image.created) // 1_000_000_000
    history = []
    for index, layer in enumerate(reversed(image.layers)):
        top = index == 0
        history.append(
            {
                "Comment": "buildkit.dockerfile.v0",
                "Created": created,
                "CreatedBy": layer.created_by,
                "Id": image.id if top else "<missing>",
                "Size": layer.size,
                "Tags": list(image.repo_tags) if top else None,
            }
        )
    return json_response(200, history)


def image_tag(request: Request) -> Response:
    """``POST /images/{name}/tag?repo=&tag=``: 201, nothing in the body."""
    repo, tag = request.query.get("repo"), request.query.get("tag")
    target = f"{repo}:{tag}" if tag else repo
    request.daemon.images.tag(request.vars["name"], target)
    return Response(201)


def image_delete(request: Request) -> Response:
    force = request.query.bool_value("force")
    records = request.daemon.images.remove(request.vars["name"], force, _containers(request))
    return json_response(200, records)


def image_prune(request: Request) -> Response:
    filters = request.query.filters()
    for key in filters:
        if key not in ("dangling", "until", "label"):
            raise InvalidArgument(f"invalid filter '{key}'")
    all_unused = (filters.get("dangling") or ["true"])[0].lower() in ("false", "0")
    return json_response(200, request.daemon.images.prune(all_unused, _containers(request)))


# -- registry -----------------------------------------------------------------------
def distribution_inspect(request: Request) -> Response:
    """``GET /distribution/{name}/json``: the manifest descriptor and platform the registry serves for a name."""
    transfer = request.daemon.images.plan_pull(request.vars["name"], _auth(request))
    content = transfer.content
    descriptor = {
        "mediaType": content.manifest()["mediaType"],
        "digest": transfer.digest,
        "size": content.manifest_size,
    }
    platforms = [{"architecture": content.architecture, "os": content.os}]
    return json_response(200, {"Descriptor": descriptor, "Platforms": platforms})


def auth(request: Request) -> Response:
    """``POST /auth``: check a login with the registry (``serveraddress``; Docker Hub when empty)."""
    body = request.json("registry.AuthConfig")
    server = body.get("serveraddress") or ""
    registries = request.engine.cluster.registries
    domain = server.removeprefix("https://").removeprefix("http://").split("/")[0]
    registry = (
        registries.hub if domain in ("", "index.docker.io", "docker.io") else registries.reach(domain, request.node)
    )
    registry.login(body.get("username") or "", body.get("password") or "")
    return json_response(200, {"Status": "Login Succeeded", "IdentityToken": ""})


ROUTES = [
    Route("GET", "/images/json", image_list),
    Route("GET", "/images/{name:.*}/history", image_history),
    Route("GET", "/images/{name:.*}/json", image_inspect),
    Route("POST", "/images/create", image_create),
    Route("POST", "/images/{name:.*}/push", image_push),
    Route("POST", "/images/{name:.*}/tag", image_tag),
    Route("POST", "/images/prune", image_prune),
    Route("DELETE", "/images/{name:.*}", image_delete),
    Route("GET", "/distribution/{name:.*}/json", distribution_inspect),
    Route("POST", "/auth", auth),
]
