"""``ping``, ``nslookup``, ``getent hosts``, ``curl`` and ``wget`` inside a container, as alpine prints them.

Each program asks :mod:`caasnb.net.reach` / :mod:`caasnb.net.dns` and prints the answer in
its real format: busybox ``ping`` and ``nslookup`` (busybox 1.36 as in alpine, which sends an
A and an AAAA query and says "Non-authoritative answer" because Docker's DNS does not set the
AA bit), glibc's ``getent hosts`` line (``%-15s %s``), curl 8's error lines and busybox
``wget``'s, with musl's ``strerror`` texts. Round-trip times come from the path (bridges and
the underlay's link latency), so they are fixed by the seed.

What answers an HTTP request is the server in the target container: nginx and httpd serve
their document root (``/usr/share/nginx/html``, ``/usr/local/apache2/htdocs``) or, while it
holds no such file, the image's default page; any other server answers with its hostname,
as ``traefik/whoami`` does. A ``ping`` without ``-c`` stops after 4 packets, as if
interrupted. Notebooks ask :func:`caasnb.net.probe` for the :class:`~caasnb.net.path.Reach` itself.
"""

from __future__ import annotations

from ..containers.commands.registry import ExecContext, ExecResult, register
from .dns import resolve
from .path import CONNECTED, REFUSED, TIMEOUT, UNREACHABLE, UNRESOLVED, Reach
from .reach import parse_target, reach
from .topology import container_of, is_address

BUSYBOX = "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: "
DEFAULT_PINGS = 4
SYN_TIMEOUT_MS = 127_000  # Linux gives up a connect after 6 SYN retries: 1+2+4+...+64 s
NGINX_PAGE = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
HTTPD_PAGE = "<html><body><h1>It works!</h1></body></html>\n"
DOCROOTS = {"nginx": ("/usr/share/nginx/html", NGINX_PAGE), "httpd": ("/usr/local/apache2/htdocs", HTTPD_PAGE)}


# -- ping --------------------------------------------------------------------------------
@register("ping")
def ping(ctx: ExecContext, argv: list[str]) -> ExecResult:
    """busybox ``ping [-c COUNT] [-q] HOST``."""
    count, quiet, host = DEFAULT_PINGS, False, ""
    args = iter(argv[1:])
    for arg in args:
        if arg == "-c":
            count = int(next(args, "1"))
        elif arg.startswith("-c") and arg[2:].isdigit():
            count = int(arg[2:])
        elif arg == "-q":
            quiet = True
        elif arg in ("-W", "-w", "-s", "-i"):
            next(args, None)
        else:
            host = arg
    if not host:
        return ExecResult(1, "", BUSYBOX + "ping [OPTIONS] HOST\n")
    result = reach(ctx.cluster, ctx.container.sandbox, host)
    if result.verdict == UNRESOLVED:
        return ExecResult(1, "", f"ping: bad address '{host}'\n")
    head = f"PING {host} ({result.address}): 56 data bytes\n"
    if result.verdict == UNREACHABLE:
        return ExecResult(1, head, "ping: sendto: Network unreachable\n")
    replies = count if result.ok else 0
    ms = _rtt_ms(result)
    ttl = 64 - sum(hop.kind == "nat" for hop in result.hops)
    reply = f"64 bytes from {result.address}: seq={{}} ttl={ttl} time={ms:.3f} ms\n"
    lines = [] if quiet else [reply.format(i) for i in range(replies)]
    loss = (count - replies) * 100 // count
    tail = f"\n--- {host} ping statistics ---\n"
    tail += f"{count} packets transmitted, {replies} packets received, {loss}% packet loss\n"
    if replies:
        tail += f"round-trip min/avg/max = {ms:.3f}/{ms:.3f}/{ms:.3f} ms\n"
    return ExecResult(0 if replies else 1, head + "".join(lines) + tail)


def _rtt_ms(result: Reach) -> float:
    return 2 * max(result.one_way_ns, 20_000) / 1e6


# -- name lookups --------------------------------------------------------------------------
@register("nslookup")
def nslookup(ctx: ExecContext, argv: list[str]) -> ExecResult:
    """busybox ``nslookup NAME``: an A then an AAAA query (Docker's DNS answers AAAA with no records)."""
    names = [a for a in argv[1:] if not a.startswith("-")]
    if not names:
        return ExecResult(1, "", BUSYBOX + "nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n")
    name = names[0]
    answer = resolve(ctx.cluster, ctx.container.sandbox, name)
    out = f"Server:\t\t{answer.server}\nAddress:\t{answer.server}:53\n\n"
    if not answer.found:
        return ExecResult(1, out + f"** server can't find {name}: NXDOMAIN\n\n" * 2)
    records = "".join(f"Name:\t{name}\nAddress: {address}\n" for address in answer.addresses)
    return ExecResult(0, f"{out}Non-authoritative answer:\n{records}\nNon-authoritative answer:\n\n")


@register("getent")
def getent(ctx: ExecContext, argv: list[str]) -> ExecResult:
    """``getent hosts NAME...``: one ``%-15s %s`` line per address; exit 2 when a key is not found."""
    if len(argv) < 2 or argv[1] not in ("hosts", "ahosts", "ahostsv4"):
        database = argv[1] if len(argv) > 1 else ""
        usage = "Try `getent --help' or `getent --usage' for more information.\n"
        return ExecResult(1, "", f"Unknown database: {database}\n{usage}")
    lines, code = [], 0
    for name in argv[2:]:
        if is_address(name):
            lines.append(f"{name:<15} {name}\n")
            continue
        answer = resolve(ctx.cluster, ctx.container.sandbox, name)
        if not answer.found:
            code = 2
        lines += [f"{address:<15} {name}\n" for address in answer.addresses]
    return ExecResult(code, "".join(lines))


# -- HTTP ---------------------------------------------------------------------------------
def _http_body(ctx: ExecContext, result: Reach, path: str) -> str:
    """What the server in the target container sends back for ``GET path``."""
    target = result.target
    container = container_of(ctx.cluster, target) if target is not None else None
    image = container.image if container is not None else ""
    kind = next((k for k in DOCROOTS if image.rsplit("/", 1)[-1].startswith(k)), "")
    if not kind:
        return f"Hostname: {target.hostname if target is not None else ''}\n"
    root, default = DOCROOTS[kind]
    file = f"{root}{path if path not in ('', '/') else '/index.html'}"
    if container.files.is_file(file):
        return container.files.read(file).decode(errors="replace")
    return default


def _url(argument: str) -> tuple[str, int, str]:
    """``http://host[:port]/path`` (or a bare ``host[:port]``) as host, port, path."""
    rest = argument.split("://", 1)[-1]
    hostport, _, path = rest.partition("/")
    host, port = parse_target(hostport, 443 if argument.startswith("https") else 80)
    return host, port or 80, "/" + path


@register("curl")
def curl(ctx: ExecContext, argv: list[str]) -> ExecResult:
    """curl 8: the body on stdout; ``curl: (N) ...`` on stderr unless ``-s`` (``-S`` shows it again)."""
    flags = {a for a in argv[1:] if a.startswith("-") and not a.startswith("--")}
    silent = any("s" in f[1:] for f in flags) and not any("S" in f[1:] for f in flags)
    urls = [a for a in argv[1:] if not a.startswith("-")]
    if not urls:
        return ExecResult(2, "", "curl: try 'curl --help' or 'curl --manual' for more information\n")
    host, port, path = _url(urls[-1])
    result = reach(ctx.cluster, ctx.container.sandbox, host, port)
    failure = {
        UNRESOLVED: (6, f"Could not resolve host: {host}"),
        UNREACHABLE: (7, f"Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"),
        REFUSED: (7, f"Failed to connect to {host} port {port} after {int(_rtt_ms(result))} ms: "
                     "Couldn't connect to server"),
        TIMEOUT: (28, f"Failed to connect to {host} port {port} after {SYN_TIMEOUT_MS} ms: Couldn't connect to server"),
    }.get(result.verdict)  # fmt: skip
    if failure is not None:
        code, text = failure
        return ExecResult(code, "", "" if silent else f"curl: ({code}) {text}\n")
    return ExecResult(0, _http_body(ctx, result, path))


@register("wget")
def wget(ctx: ExecContext, argv: list[str]) -> ExecResult:
    """busybox ``wget [-q] [-O FILE|-] URL``."""
    quiet, output, url = False, "", ""
    args = iter(argv[1:])
    for arg in args:
        if arg == "-q":
            quiet = True
        elif arg == "-qO-" or arg == "-qO":
            quiet, output = True, "-" if arg == "-qO-" else next(args, "")
        elif arg == "-O":
            output = next(args, "")
        elif arg.startswith("-O"):
            output = arg[2:]
        elif arg in ("-T", "-U", "--header"):
            next(args, None)
        elif not arg.startswith("-"):
            url = arg
    if not url:
        return ExecResult(1, "", BUSYBOX + "wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR] URL...\n")
    host, port, path = _url(url)
    result = reach(ctx.cluster, ctx.container.sandbox, host, port)
    if result.verdict == UNRESOLVED:
        return ExecResult(1, "", f"wget: bad address '{host}'\n")
    connecting = "" if quiet else f"Connecting to {host} ({result.address}:{port})\n"
    reason = {REFUSED: "Connection refused", TIMEOUT: "Operation timed out", UNREACHABLE: "Network unreachable"}
    if result.verdict != CONNECTED:
        refusal = f"wget: can't connect to remote host ({result.address}): {reason[result.verdict]}\n"
        return ExecResult(1, "", connecting + refusal)
    body = _http_body(ctx, result, path)
    size = len(body.encode())
    name = output or (path.rstrip("/").rsplit("/", 1)[-1] or "index.html")
    bar = f"{'-' if output == '-' else name:<20} 100% |{'*' * 32}| {size:>5}  0:00:00 ETA\n"
    if output == "-":
        return ExecResult(0, body, "" if quiet else f"{connecting}writing to stdout\n{bar}written to stdout\n")
    ctx.container.files.write(ctx.path(name), body.encode())
    return ExecResult(0, "", "" if quiet else f"{connecting}saving to '{name}'\n{bar}'{name}' saved\n")
