"""Split a docker command line into words, as a POSIX shell would before running ``docker``."""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from ..errors import ClientError

# The exit status of a shell that cannot parse its input.
SHELL_SYNTAX_ERROR = 2


def split_command_line(command_line: str | Sequence[str], program: str = "docker") -> list[str]:
    """The arguments after ``docker``: ``'service create --name "my web" nginx'`` -> 4 words.

    Quoting and escapes follow the shell (``shlex`` in POSIX mode). A leading ``docker`` is
    optional. A list of words is taken as already split. An unterminated quote is a shell
    syntax error (exit 2), never reaching docker.
    """
    if isinstance(command_line, str):
        try:
            words = shlex.split(command_line, comments=False, posix=True)
        except ValueError:
            raise ClientError(
                "syntax error: unterminated quoted string or trailing backslash", exit_code=SHELL_SYNTAX_ERROR
            ) from None
    else:
        words = list(command_line)
    return words[1:] if words[:1] == [program] else words
