"""A small POSIX shell and the basic programs a container image has (busybox-like).

``sh -c SCRIPT`` runs commands separated by ``;`` or newlines, chained with ``&&``/``||``,
with ``$VAR``/``${VAR}``/``$?`` expansion, ``>``/``>>`` redirection into the container's
files and ``exec``. ``CMD &`` jobs run too (their output is not waited for). Unknown
programs are ``sh: NAME: not found`` (exit 127), as busybox ``sh`` says.
"""

from __future__ import annotations

import posixpath
import re
import shlex

from ..process import SHELLS, SIGNALS, parse_signal
from .registry import ExecContext, ExecResult, ExecutableNotFound, find, register

_VARIABLE = re.compile(r"\$(\?|\{\w+\}|\w+)")
_OPERATORS = (";", "&&", "||", "&", "\n")


def run(ctx: ExecContext, argv: list[str]) -> ExecResult:
    """Run ``argv`` as the container's runtime would exec it; ExecutableNotFound for an unknown program."""
    program = find(argv[0]) if argv else None
    if program is None:
        raise ExecutableNotFound(argv[0] if argv else "")
    return program(ctx, argv)


TO_STDERR, TO_STDOUT = "__stdout_to_stderr__", "__stderr_to_stdout__"  # ``>&2`` and ``2>&1`` as tokens


def _tokens(script: str) -> list[str]:
    script = re.sub(r"1?>&2", f" {TO_STDERR} ", script.replace("2>&1", f" {TO_STDOUT} "))
    lexer = shlex.shlex(script.replace("\n", " ; "), posix=True, punctuation_chars=";&|<>")
    lexer.whitespace_split = True
    return list(lexer)


def _expand(word: str, ctx: ExecContext, status: int) -> str:
    def value(match: re.Match) -> str:
        name = match[1].strip("{}")
        return str(status) if name == "?" else ctx.env.get(name, "")

    return _VARIABLE.sub(value, word)


def _simple(ctx: ExecContext, words: list[str], status: int) -> ExecResult:
    """One command with its redirections."""
    argv, target, append, swap = [], "", False, ""
    iterator = iter(words)
    for word in iterator:
        if word in (TO_STDERR, TO_STDOUT):
            swap = word
            continue
        if word in (">", ">>"):
            target, append = next(iterator, ""), word == ">>"
            continue
        argv.append(_expand(word, ctx, status))
    if argv[:1] == ["exec"]:
        argv = argv[1:]
    if not argv:
        return ExecResult(0)
    if argv[0] == "exit":
        return ExecResult(_exit_code(argv, status))
    try:
        result = run(ctx, argv)
    except ExecutableNotFound:
        return ExecResult(127, "", f"sh: {argv[0]}: not found\n")
    if swap == TO_STDERR:
        result = ExecResult(result.exit_code, "", result.stderr + result.stdout)
    elif swap == TO_STDOUT:
        result = ExecResult(result.exit_code, result.stdout + result.stderr, "")
    if not target:
        return result
    try:
        ctx.container.files.write(ctx.path(_expand(target, ctx, status)), result.stdout.encode(), append=append)
    except (PermissionError, FileNotFoundError):
        return ExecResult(1, "", f"sh: can't create {target}: Read-only file system\n")
    except OSError as full:  # ENOSPC: the host's disk is full
        return ExecResult(1, "", f"sh: write error: {full.strerror}\n")
    return ExecResult(result.exit_code, "", result.stderr)


def _exit_code(argv: list[str], status: int) -> int:
    try:
        return int(argv[1]) % 256 if len(argv) > 1 else status
    except ValueError:
        return 2


def script(ctx: ExecContext, text: str) -> ExecResult:
    """Run a shell script: statements in order, ``&&``/``||`` by the last status, ``exit`` ends it."""
    out, err, status = [], [], 0
    words: list[str] = []
    skip = False
    for token in [*_tokens(text), ";"]:
        if token not in _OPERATORS:
            words.append(token)
            continue
        if words and not skip:
            result = _simple(ctx, words, status)
            out.append(result.stdout)
            err.append(result.stderr)
            status = result.exit_code
            if words[0] == "exit":
                break
        words = []
        skip = (token == "&&" and status != 0) or (token == "||" and status == 0)
    return ExecResult(status, "".join(out), "".join(err))


@register("sh")
def sh(ctx: ExecContext, argv: list[str]) -> ExecResult:
    if len(argv) >= 3 and argv[1] == "-c":
        return script(ctx, argv[2])
    return script(ctx, ctx.stdin) if ctx.stdin else ExecResult(0)


for _shell in SHELLS - {"sh"}:
    register(_shell)(sh)


@register("echo")
def echo(ctx: ExecContext, argv: list[str]) -> ExecResult:
    newline = "\n"
    words = argv[1:]
    if words[:1] == ["-n"]:
        words, newline = words[1:], ""
    return ExecResult(0, " ".join(words) + newline)


@register("cat")
def cat(ctx: ExecContext, argv: list[str]) -> ExecResult:
    if len(argv) == 1:
        return ExecResult(0, ctx.stdin)
    out, err, code = [], [], 0
    for name in argv[1:]:
        path = ctx.path(name)
        try:
            out.append(ctx.container.files.read(path).decode(errors="replace"))
        except FileNotFoundError:
            problem = "Is a directory" if ctx.container.files.is_dir(path) else "No such file or directory"
            err.append(f"cat: can't open '{name}': {problem}\n")
            code = 1
    return ExecResult(code, "".join(out), "".join(err))


@register("ls")
def ls(ctx: ExecContext, argv: list[str]) -> ExecResult:
    names = [a for a in argv[1:] if not a.startswith("-")] or ["."]
    out, err, code = [], [], 0
    files = ctx.container.files
    for name in names:
        path = posixpath.normpath(ctx.path(name))
        if files.is_file(path):
            out.append(name + "\n")
        elif files.is_dir(path):
            out += [entry + "\n" for entry in files.listdir(path)]
        else:
            err.append(f"ls: {name}: No such file or directory\n")
            code = 1
    return ExecResult(code, "".join(out), "".join(err))


@register("touch")
def touch(ctx: ExecContext, argv: list[str]) -> ExecResult:
    for name in argv[1:]:
        path = ctx.path(name)
        if not ctx.container.files.is_file(path):
            try:
                ctx.container.files.write(path, b"")
            except PermissionError:
                return ExecResult(1, "", f"touch: {name}: Read-only file system\n")
    return ExecResult(0)


@register("hostname")
def hostname(ctx: ExecContext, argv: list[str]) -> ExecResult:
    return ExecResult(0, ctx.container.config.get("Hostname", "") + "\n")


@register("env")
def env(ctx: ExecContext, argv: list[str]) -> ExecResult:
    return ExecResult(0, "".join(f"{key}={value}\n" for key, value in ctx.env.items()))


register("printenv")(env)


@register("ps")
def ps(ctx: ExecContext, argv: list[str]) -> ExecResult:
    """busybox ``ps``: PIDs as the container's own namespace numbers them (1, 2, ...)."""
    rows = ["PID   USER     TIME  COMMAND\n"]
    numbers = ctx.container.namespace_pids()
    for process in ctx.container.processes:
        command = f"[{process.cmd.split()[0].rsplit('/', 1)[-1]}]" if process.defunct else process.cmd
        rows.append(f"{numbers[process.pid]:>5} {process.user:<8} {'0:00':>5} {command}\n")
    return ExecResult(0, "".join(rows))


@register("kill")
def kill(ctx: ExecContext, argv: list[str]) -> ExecResult:
    """``kill [-s SIG | -SIG] PID``: PID 1 is the container's main process."""
    args, signo = argv[1:], SIGNALS["TERM"]
    if args[:1] == ["-s"] and len(args) > 1:
        signo, args = parse_signal(args[1]), args[2:]
    elif args and args[0].startswith("-"):
        signo, args = parse_signal(args[0][1:]), args[1:]
    numbers = ctx.container.namespace_pids()
    for pid in args:
        if pid == "1":
            ctx.daemon.containers.signal_main(ctx.container, signo)
        elif not any(str(n) == pid for n in numbers.values()):
            return ExecResult(1, "", f"sh: can't kill pid {pid}: No such process\n")
    return ExecResult(0)


@register("sleep")
def sleep(ctx: ExecContext, argv: list[str]) -> ExecResult:
    return ExecResult(0)


@register("true")
def true(ctx: ExecContext, argv: list[str]) -> ExecResult:
    return ExecResult(0)


@register("false")
def false(ctx: ExecContext, argv: list[str]) -> ExecResult:
    return ExecResult(1)


@register("pwd")
def pwd(ctx: ExecContext, argv: list[str]) -> ExecResult:
    return ExecResult(0, ctx.workdir + "\n")
