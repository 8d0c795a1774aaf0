"""The lexer of Go's ``text/template``: text and ``{{actions}}`` into tokens.

It follows ``text/template/parse/lex.go``: ``{{-`` and ``-}}`` trim the white space next to
them, ``{{/* */}}`` comments vanish, and the first error ends the token stream with an
error token whose text is Go's message (``bad character U+007D '}'``, ``unclosed action``).
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass

from ...golang.strconv import quote

LEFT, RIGHT = "{{", "}}"
LEFT_COMMENT, RIGHT_COMMENT = "/*", "*/"
SPACES = " \t\r\n"


class T(enum.IntEnum):
    """Token types; the keywords come after ``KEYWORD`` (Go prints them as ``<if>``)."""

    ERROR = enum.auto()
    BOOL = enum.auto()
    CHAR = enum.auto()
    CHAR_CONSTANT = enum.auto()
    COMPLEX = enum.auto()
    ASSIGN = enum.auto()
    DECLARE = enum.auto()
    EOF = enum.auto()
    FIELD = enum.auto()
    IDENTIFIER = enum.auto()
    LEFT_DELIM = enum.auto()
    LEFT_PAREN = enum.auto()
    NUMBER = enum.auto()
    PIPE = enum.auto()
    RAW_STRING = enum.auto()
    RIGHT_DELIM = enum.auto()
    RIGHT_PAREN = enum.auto()
    SPACE = enum.auto()
    STRING = enum.auto()
    TEXT = enum.auto()
    VARIABLE = enum.auto()
    KEYWORD = enum.auto()
    BLOCK = enum.auto()
    BREAK = enum.auto()
    CONTINUE = enum.auto()
    DOT = enum.auto()
    DEFINE = enum.auto()
    ELSE = enum.auto()
    END = enum.auto()
    IF = enum.auto()
    NIL = enum.auto()
    RANGE = enum.auto()
    TEMPLATE = enum.auto()
    WITH = enum.auto()


KEYWORDS = {
    ".": T.DOT,
    "block": T.BLOCK,
    "break": T.BREAK,
    "continue": T.CONTINUE,
    "define": T.DEFINE,
    "else": T.ELSE,
    "end": T.END,
    "if": T.IF,
    "range": T.RANGE,
    "nil": T.NIL,
    "template": T.TEMPLATE,
    "with": T.WITH,
}


@dataclass(frozen=True)
class Token:
    type: T
    pos: int
    value: str
    line: int

    def __str__(self) -> str:
        """How Go's parser names a token in an error message."""
        if self.type is T.EOF:
            return "EOF"
        if self.type is T.ERROR:
            return self.value
        if self.type > T.KEYWORD:
            return f"<{self.value}>"
        if len(self.value) > 10:
            return quote(self.value[:10]) + "..."
        return quote(self.value)


def is_alphanumeric(char: str) -> bool:
    return char == "_" or char.isalpha() or unicodedata.category(char) == "Nd" if char else False


def describe_rune(char: str) -> str:
    """Go's ``%#U``: ``U+007D '}'``."""
    code = f"U+{ord(char):04X}"
    return f"{code} '{char}'" if char.isprintable() else code


class LexError(Exception):
    """Raised inside the lexer to end the stream with an error token."""


class Lexer:
    """Scan ``text`` into a list of tokens ending with EOF or an error token."""

    def __init__(self, text: str, *, break_ok: bool = True, continue_ok: bool = True) -> None:
        self.text = text
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.paren_depth = 0
        self.break_ok = break_ok
        self.continue_ok = continue_ok
        self.tokens: list[Token] = []

    # -- helpers -------------------------------------------------------------------
    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        char = self.peek()
        if char:
            self.pos += 1
            if char == "\n":
                self.line += 1
        return char

    def backup(self) -> None:
        self.pos -= 1
        if self.text[self.pos] == "\n":
            self.line -= 1

    def emit(self, kind: T) -> None:
        self.tokens.append(Token(kind, self.start, self.text[self.start : self.pos], self.start_line))
        self.start = self.pos
        self.start_line = self.line

    def ignore(self) -> None:
        self.line += self.text.count("\n", self.start, self.pos)
        self.start = self.pos
        self.start_line = self.line

    def fail(self, message: str) -> None:
        self.tokens.append(Token(T.ERROR, self.start, message, self.start_line))
        raise LexError

    def accept(self, valid: str) -> bool:
        if self.peek() and self.peek() in valid:
            self.next()
            return True
        return False

    def accept_run(self, valid: str) -> None:
        while self.peek() and self.peek() in valid:
            self.next()

    def at_right_delim(self) -> tuple[bool, bool]:
        """(at the closing delimiter, with a ``-`` trim marker before it)."""
        rest = self.text[self.pos :]
        if len(rest) >= 2 and rest[0] in SPACES and rest[1] == "-" and rest[2:].startswith(RIGHT):
            return True, True
        return rest.startswith(RIGHT), False

    def at_terminator(self) -> bool:
        char = self.peek()
        return not char or char in SPACES or char in ".,|:()" or self.text.startswith(RIGHT, self.pos)

    # -- states --------------------------------------------------------------------
    def run(self) -> list[Token]:
        try:
            inside = False
            while True:
                if inside:
                    inside = self.lex_inside_action()
                elif not self.lex_text():
                    break
                else:
                    inside = self.lex_left_delim()
        except LexError:
            pass
        return self.tokens

    def lex_text(self) -> bool:
        """Emit text up to the next ``{{``; False at the end of input."""
        found = self.text.find(LEFT, self.pos)
        if found < 0:
            self.pos = len(self.text)
            if self.pos > self.start:
                self.line += self.text.count("\n", self.start, self.pos)
                self.emit(T.TEXT)
            self.emit(T.EOF)
            return False
        self.pos = found
        trim = 0
        after = self.text[found + 2 : found + 4]
        if len(after) == 2 and after[0] == "-" and after[1] in SPACES:
            segment = self.text[self.start : self.pos]
            trim = len(segment) - len(segment.rstrip(SPACES))
        if self.pos - trim > self.start:
            self.pos -= trim
            self.line += self.text.count("\n", self.start, self.pos)
            self.emit(T.TEXT)
            self.pos += trim
        self.ignore()
        return True

    def lex_left_delim(self) -> bool:
        """Emit ``{{``; True when an action follows (False after a comment)."""
        self.pos += len(LEFT)
        rest = self.text[self.pos : self.pos + 2]
        trim = len(rest) == 2 and rest[0] == "-" and rest[1] in SPACES
        marker = 2 if trim else 0
        if self.text.startswith(LEFT_COMMENT, self.pos + marker):
            self.pos += marker
            self.ignore()
            self.lex_comment()
            return False
        self.emit(T.LEFT_DELIM)
        self.pos += marker
        self.ignore()
        self.paren_depth = 0
        return True

    def lex_comment(self) -> None:
        self.pos += len(LEFT_COMMENT)
        end = self.text.find(RIGHT_COMMENT, self.pos)
        if end < 0:
            self.fail("unclosed comment")
        self.pos = end + len(RIGHT_COMMENT)
        delim, trim = self.at_right_delim()
        if not delim:
            self.fail("comment ends before closing delimiter")
        self.pos += (2 if trim else 0) + len(RIGHT)
        if trim:
            self.pos += len(self.text[self.pos :]) - len(self.text[self.pos :].lstrip(SPACES))
        self.ignore()

    def lex_right_delim(self, trim: bool) -> None:
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += len(RIGHT)
        self.emit(T.RIGHT_DELIM)
        if trim:
            self.pos += len(self.text[self.pos :]) - len(self.text[self.pos :].lstrip(SPACES))
            self.ignore()

    def lex_inside_action(self) -> bool:
        """Scan one token of an action; False once the action is closed."""
        delim, trim = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                self.lex_right_delim(trim)
                return False
            self.fail("unclosed left paren")
        char = self.next()
        if not char:
            self.fail("unclosed action")
        elif char in SPACES:
            self.backup()
            return self.lex_space()
        elif char == "=":
            self.emit(T.ASSIGN)
        elif char == ":":
            if self.next() != "=":
                self.fail("expected :=")
            self.emit(T.DECLARE)
        elif char == "|":
            self.emit(T.PIPE)
        elif char == '"':
            self.lex_quote()
        elif char == "`":
            self.lex_raw_quote()
        elif char == "$":
            self.lex_variable()
        elif char == "'":
            self.lex_char()
        elif char == "." and self.peek() and not ("0" <= self.peek() <= "9"):
            self.lex_field_or_variable(T.FIELD)
        elif char in "+-." or "0" <= char <= "9":
            self.backup()
            self.lex_number()
        elif is_alphanumeric(char):
            self.backup()
            self.lex_identifier()
        elif char == "(":
            self.paren_depth += 1
            self.emit(T.LEFT_PAREN)
        elif char == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                self.fail("unexpected right paren")
            self.emit(T.RIGHT_PAREN)
        elif char.isascii() and char.isprintable():
            self.emit(T.CHAR)
        else:
            self.fail(f"unrecognized character in action: {describe_rune(char)}")
        return True

    def lex_space(self) -> bool:
        spaces = 0
        while self.peek() and self.peek() in SPACES:
            self.next()
            spaces += 1
        # A space may begin a " -}}" trim marker.
        rest = self.text[self.pos - 1 :]
        if len(rest) >= 2 and rest[1] == "-" and rest[2:].startswith(RIGHT):
            self.backup()
            if spaces == 1:
                return self.lex_inside_action()
        self.emit(T.SPACE)
        return True

    def lex_identifier(self) -> None:
        while is_alphanumeric(self.peek()):
            self.next()
        word = self.text[self.start : self.pos]
        if not self.at_terminator():
            self.fail(f"bad character {describe_rune(self.peek())}")
        keyword = KEYWORDS.get(word)
        if keyword is not None and keyword > T.KEYWORD:
            if (keyword is T.BREAK and not self.break_ok) or (keyword is T.CONTINUE and not self.continue_ok):
                self.emit(T.IDENTIFIER)
            else:
                self.emit(keyword)
        elif word in ("true", "false"):
            self.emit(T.BOOL)
        else:
            self.emit(T.IDENTIFIER)

    def lex_variable(self) -> None:
        if self.at_terminator():
            self.emit(T.VARIABLE)
        else:
            self.lex_field_or_variable(T.VARIABLE)

    def lex_field_or_variable(self, kind: T) -> None:
        if self.at_terminator():
            self.emit(T.VARIABLE if kind is T.VARIABLE else T.DOT)
            return
        while is_alphanumeric(self.peek()):
            self.next()
        if not self.at_terminator():
            self.fail(f"bad character {describe_rune(self.peek())}")
        self.emit(kind)

    def lex_char(self) -> None:
        self.lex_escaped("'", "unterminated character constant", T.CHAR_CONSTANT)

    def lex_escaped(self, closing: str, unterminated: str, kind) -> None:
        """Scan up to an unescaped ``closing`` quote on the same line, then emit ``kind``."""
        while True:
            char = self.next()
            if char == "\\":
                char = self.next()
                if char and char != "\n":
                    continue
            if not char or char == "\n":
                self.fail(unterminated)
            if char == closing:
                break
        self.emit(kind)

    def lex_number(self) -> None:
        if not self.scan_number():
            self.fail(f"bad number syntax: {quote(self.text[self.start : self.pos])}")
        if self.peek() in ("+", "-") and self.peek():
            if not self.scan_number() or self.text[self.pos - 1] != "i":
                self.fail(f"bad number syntax: {quote(self.text[self.start : self.pos])}")
            self.emit(T.COMPLEX)
        else:
            self.emit(T.NUMBER)

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if is_alphanumeric(self.peek()):
            self.next()
            return False
        return True

    def lex_quote(self) -> None:
        self.lex_escaped('"', "unterminated quoted string", T.STRING)

    def lex_raw_quote(self) -> None:
        while True:
            char = self.next()
            if not char:
                self.fail("unterminated raw quoted string")
            if char == "`":
                break
        self.emit(T.RAW_STRING)


def lex(text: str, *, break_ok: bool = True, continue_ok: bool = True) -> list[Token]:
    """All tokens of ``text``, ending with EOF or with the first error."""
    return Lexer(text, break_ok=break_ok, continue_ok=continue_ok).run()
