"""``docker login`` / ``docker logout`` (docker/cli v28.2.2 ``cli/command/registry``) and the auth header.

Credentials are the client's: ``login`` asks the daemon to check them (``POST /auth``) and
then stores them in this host's client configuration, under the server address (Docker Hub's
is ``https://index.docker.io/v1/``); ``pull``, ``push`` and ``service create
--with-registry-auth`` send the stored entry for the image's registry as ``X-Registry-Auth``.
Without a terminal there is no prompt: a login needs ``--username`` and a password, or a stored login
to try again (``loginWithStoredCredentials``).
"""

from __future__ import annotations

from ...errors import ClientError, DockerError
from ...images.reference import parse as parse_reference
from ...registry import HUB, HUB_INDEX_SERVER, ClientConfig, encode_auth
from ...registry.credentials import CONFIG_FILE
from .. import BOOL, STRING, Command, Flag, Invocation, max_args, register
from .client import Client

INFO_NOTE = " Info -> "  # tui.InfoHeader without a terminal
DIFFERENT_ACCOUNT = "To login with a different account, run 'docker logout' followed by 'docker login'"
UNENCRYPTED_WARNING = (
    f"\nWARNING! Your credentials are stored unencrypted in '{CONFIG_FILE}'.\n"
    "Configure a credential helper to remove this warning. See\n"
    "https://docs.docker.com/go/credential-store/\n\n"
)


def client_config(invocation: Invocation) -> ClientConfig:
    """This host's docker client configuration (``~/.docker/config.json``)."""
    context = invocation.context
    return context.engine.cluster.registries.client(context.node)


def server_for(domain: str) -> str:
    """The key a registry's login is stored under (``registry.IndexServer`` for Docker Hub)."""
    return HUB_INDEX_SERVER if domain in (HUB, "index.docker.io") else domain


def auth_header(invocation: Invocation, domain: str) -> dict[str, str]:
    """``X-Registry-Auth`` with the stored login for ``domain`` (``{}`` encoded when there is none)."""
    return {"X-Registry-Auth": encode_auth(client_config(invocation).lookup(server_for(domain)))}


def image_auth_header(invocation: Invocation, image: str) -> dict[str, str]:
    """``--with-registry-auth``: the stored login for the image's registry (``RetrieveAuthTokenFromImage``)."""
    if not invocation.flag("with-registry-auth"):
        return {}
    return auth_header(invocation, parse_reference(image).domain)


def run_login(invocation: Invocation) -> None:
    flag, given = invocation.flag, invocation.was_set
    if given("password-stdin"):
        if given("password"):
            raise ClientError("conflicting options: cannot specify both --password and --password-stdin")
        if not given("username"):
            raise ClientError("the --password-stdin option requires --username to be set")
    if given("username") and not flag("username"):
        raise ClientError("username is empty")
    if given("password") and not flag("password"):
        raise ClientError("password is empty")
    password = flag("password")
    if password:
        invocation.err.write("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
    if flag("password-stdin"):
        password = Client(invocation).stdin.removesuffix("\n").removesuffix("\r")
    username = flag("username")
    server = invocation.args[0] if invocation.args and invocation.args[0] != "docker.io" else HUB_INDEX_SERVER
    stored = client_config(invocation).lookup(server) if not username and not password else {}
    if stored.get("username") and stored.get("password") and _login_with_stored(invocation, stored):
        return
    if not username or not password:
        raise ClientError("Error: Cannot perform an interactive login from a non TTY device")
    _login(invocation, {"username": username, "password": password, "serveraddress": server})


def _login(invocation: Invocation, auth: dict[str, str]) -> None:
    """Ask the daemon to check ``auth``; store it and say ``Login Succeeded``."""
    answer = Client(invocation).call("POST", "/auth", body=auth)
    if client_config(invocation).store(auth):
        invocation.err.write(UNENCRYPTED_WARNING)
    invocation.out.write(answer["Status"] + "\n")


def _login_with_stored(invocation: Invocation, auth: dict[str, str]) -> bool:
    """``loginWithStoredCredentials``: try the stored login first; False when the registry refuses it."""
    invocation.err.write(f"Authenticating with existing credentials... [Username: {auth['username']}]\n")
    invocation.err.write(
        f"\n{INFO_NOTE}To login with a different account, run 'docker logout' followed by 'docker login'\n"
    )
    invocation.err.write("\n\n")
    try:
        _login(invocation, auth)
    except DockerError as error:
        if error.status == 401:
            invocation.err.write("Stored credentials invalid or expired\n")
        else:
            invocation.err.write(f"Login did not succeed, error: {error.cli_lines()}")
        return False
    return True


def run_logout(invocation: Invocation) -> None:
    server = invocation.args[0] if invocation.args else HUB_INDEX_SERVER
    hostname = server if server == HUB_INDEX_SERVER else server.removeprefix("https://").removeprefix("http://")
    invocation.out.write(f"Removing login credentials for {hostname}\n")
    config = client_config(invocation)
    for key in dict.fromkeys([server, hostname, f"http://{hostname}", f"https://{hostname}"]):
        config.erase(key)


register(
    Command(
        "login [OPTIONS] [SERVER]",
        "Authenticate to a registry",
        long="Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
        run=run_login,
        args=max_args(1),
        category_top=8,
        flags=(
            Flag("username", STRING, "Username", shorthand="u"),
            Flag("password", STRING, "Password or Personal Access Token (PAT)", shorthand="p"),
            Flag("password-stdin", BOOL, "Take the Password or Personal Access Token (PAT) from stdin"),
        ),
    ),
    Command(
        "logout [SERVER]",
        "Log out from a registry",
        long="Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
        run=run_logout,
        args=max_args(1),
        category_top=9,
    ),
)
