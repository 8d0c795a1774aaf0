"""The parser of Go's ``text/template`` (``text/template/parse/parse.go``).

It turns the token stream into a tree, checking what Go checks at parse time: functions
must exist (``function "foo" not defined``), variables must be declared, ``{{end}}`` and
``{{else}}`` must close something. Errors read ``template: <name>:<line>: <message>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

from ...golang.strconv import parse_float, parse_int, parse_uint, quote
from .lexer import T, Token, lex
from .nodes import (
    ActionNode,
    BoolNode,
    BranchNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    ElseNode,
    EndNode,
    FieldNode,
    IdentifierNode,
    ListNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    StringNode,
    TemplateNode,
    TextNode,
    VariableNode,
)


class TemplateError(Exception):
    """A template that cannot be parsed or executed; the message is Go's.

    An execution error also carries ``output``: what the template wrote before failing.
    """

    output = ""


_OPERAND_TOKENS = {
    T.BOOL,
    T.CHAR_CONSTANT,
    T.COMPLEX,
    T.DOT,
    T.FIELD,
    T.IDENTIFIER,
    T.NUMBER,
    T.NIL,
    T.RAW_STRING,
    T.STRING,
    T.VARIABLE,
    T.LEFT_PAREN,
}
_GO_ESCAPE = re.compile(r"\\(?:([abfnrtv\\'\"])|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|(.))")
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def go_unquote(quoted: str) -> str:
    """Go's ``strconv.Unquote`` for "..." strings, `...` raw strings and '.' runes."""
    if quoted[0] == "`":
        return quoted[1:-1].replace("\r", "")

    def replace(match: re.Match) -> str:
        simple, hex2, hex4, hex8, octal, bad = match.groups()
        if bad is not None:
            raise ValueError("invalid syntax")
        if simple is not None:
            return _SIMPLE_ESCAPES.get(simple, simple)
        code = int(hex2 or hex4 or hex8 or octal, 8 if octal else 16)
        if code > 0x10FFFF or 0xD800 <= code < 0xE000:
            raise ValueError("invalid syntax")
        return chr(code)

    return _GO_ESCAPE.sub(replace, quoted[1:-1])


class Parser:
    """Parse one template text; ``trees`` receives it and every ``{{define}}`` in it."""

    def __init__(self, name: str, text: str, functions: Container[str]) -> None:
        self.name = name
        self.text = text
        self.functions = functions
        self.tokens = lex(text, break_ok="break" not in functions, continue_ok="continue" not in functions)
        self.index = 0
        self.vars = ["$"]
        self.range_depth = 0
        self.action_line = 0
        self.trees: dict[str, ListNode] = {}

    # -- token stream ----------------------------------------------------------------
    def next(self) -> Token:
        token = self.tokens[min(self.index, len(self.tokens) - 1)]
        self.index += 1
        return token

    def backup(self, count: int = 1) -> None:
        self.index -= count

    def peek(self) -> Token:
        return self.tokens[min(self.index, len(self.tokens) - 1)]

    def next_non_space(self) -> Token:
        token = self.next()
        while token.type is T.SPACE:
            token = self.next()
        return token

    def peek_non_space(self) -> Token:
        token = self.next_non_space()
        self.backup()
        return token

    # -- errors ----------------------------------------------------------------------
    def error(self, message: str) -> TemplateError:
        line = self.tokens[min(max(self.index - 1, 0), len(self.tokens) - 1)].line
        return TemplateError(f"template: {self.name}:{line}: {message}")

    def unexpected(self, token: Token, context: str) -> TemplateError:
        if token.type is T.ERROR:
            extra = ""
            if self.action_line and self.action_line != token.line:
                extra = f" in action started at {self.name}:{self.action_line}"
                if token.value.endswith(" action"):
                    extra = extra[len(" in action") :]
            return self.error(f"{token}{extra}")
        return self.error(f"unexpected {token} in {context}")

    def expect(self, kind: T, context: str) -> Token:
        token = self.next_non_space()
        if token.type is not kind:
            raise self.unexpected(token, context)
        return token

    # -- grammar ---------------------------------------------------------------------
    def parse(self) -> dict[str, ListNode]:
        """Parse the whole text; the result maps template names to their trees."""
        root = ListNode(self.peek().pos)
        while self.peek().type is not T.EOF:
            if self.peek().type is T.LEFT_DELIM:
                start = self.index
                self.next()
                if self.next_non_space().type is T.DEFINE:
                    self.parse_definition()
                    continue
                self.index = start
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                raise self.error(f"unexpected {node}")
            root.nodes.append(node)
        self.add(self.name, root)
        return self.trees

    def add(self, name: str, tree: ListNode) -> None:
        existing = self.trees.get(name)
        if existing is not None and not _is_empty(existing) and not _is_empty(tree):
            raise self.error(f"template: multiple definition of template {quote(name)}")
        if existing is None or _is_empty(existing):
            self.trees[name] = tree

    def parse_definition(self) -> None:
        context = "define clause"
        token = self.next_non_space()
        if token.type not in (T.STRING, T.RAW_STRING):
            raise self.unexpected(token, context)
        name = self.unquote(token.value)
        self.expect(T.RIGHT_DELIM, context)
        body, end = self.item_list()
        if not isinstance(end, EndNode):
            raise self.error(f"unexpected {end} in {context}")
        self.add(name, body)

    def item_list(self) -> tuple[ListNode, Node]:
        body = ListNode(self.peek_non_space().pos)
        while self.peek_non_space().type is not T.EOF:
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                return body, node
            body.nodes.append(node)
        raise self.error("unexpected EOF")

    def text_or_action(self) -> Node:
        token = self.next_non_space()
        if token.type is T.TEXT:
            return TextNode(token.pos, token.value)
        if token.type is T.LEFT_DELIM:
            self.action_line = token.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        raise self.unexpected(token, "input")

    def action(self) -> Node:
        token = self.next_non_space()
        controls: dict[T, Callable[[], Node]] = {
            T.BLOCK: self.block_control,
            T.ELSE: self.else_control,
            T.END: lambda: EndNode(self.expect(T.RIGHT_DELIM, "end").pos),
            T.IF: lambda: self.branch("if"),
            T.RANGE: lambda: self.branch("range"),
            T.TEMPLATE: self.template_control,
            T.WITH: lambda: self.branch("with"),
        }
        if token.type in controls:
            return controls[token.type]()
        if token.type in (T.BREAK, T.CONTINUE):
            return self.loop_control(token)
        self.backup()
        start = self.peek()
        return ActionNode(start.pos, self.pipeline("command", T.RIGHT_DELIM))

    def loop_control(self, token: Token) -> Node:
        word = token.value
        following = self.next_non_space()
        if following.type is not T.RIGHT_DELIM:
            raise self.unexpected(following, "{{" + word + "}}")
        if self.range_depth == 0:
            raise self.error("{{" + word + "}} outside {{range}}")
        return BreakNode(token.pos) if token.type is T.BREAK else ContinueNode(token.pos)

    def else_control(self) -> Node:
        following = self.peek_non_space()
        if following.type in (T.IF, T.WITH):
            return ElseNode(following.pos)
        return ElseNode(self.expect(T.RIGHT_DELIM, "else").pos)

    def branch(self, keyword: str) -> BranchNode:
        mark = len(self.vars)
        pipe = self.pipeline(keyword, T.RIGHT_DELIM)
        if keyword == "range":
            self.range_depth += 1
        body, following = self.item_list()
        if keyword == "range":
            self.range_depth -= 1
        else_body = None
        if isinstance(following, ElseNode):
            nested = {"if": T.IF, "with": T.WITH}.get(keyword)
            if nested is not None and self.peek().type is nested:
                self.next()
                else_body = ListNode(following.pos, [self.branch(keyword)])
            else:
                else_body, end = self.item_list()
                if not isinstance(end, EndNode):
                    raise self.error(f"expected end; found {end}")
        del self.vars[mark:]
        return BranchNode(pipe.pos, keyword, pipe, body, else_body)

    def template_name(self, token: Token, context: str) -> str:
        if token.type not in (T.STRING, T.RAW_STRING):
            raise self.unexpected(token, context)
        return self.unquote(token.value)

    def template_control(self) -> Node:
        context = "template clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        pipe = None
        if self.next_non_space().type is not T.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, T.RIGHT_DELIM)
        return TemplateNode(token.pos, name, pipe)

    def block_control(self) -> Node:
        context = "block clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        pipe = self.pipeline(context, T.RIGHT_DELIM)
        body, end = self.item_list()
        if not isinstance(end, EndNode):
            raise self.error(f"unexpected {end} in {context}")
        self.add(name, body)
        return TemplateNode(token.pos, name, pipe)

    def pipeline(self, context: str, end: T) -> PipeNode:
        start = self.peek_non_space()
        pipe = PipeNode(start.pos, start.line)
        self.declarations(pipe, context)
        while True:
            token = self.next_non_space()
            if token.type is end:
                self.check_pipeline(pipe, context)
                return pipe
            if token.type not in _OPERAND_TOKENS:
                raise self.unexpected(token, context)
            self.backup()
            pipe.commands.append(self.command())

    def declarations(self, pipe: PipeNode, context: str) -> None:
        """``$x :=``, ``$x =`` and range's ``$i, $e :=`` at the start of a pipeline."""
        while self.peek_non_space().type is T.VARIABLE:
            start = self.index
            variable = self.next_non_space()
            following = self.peek_non_space()
            if following.type in (T.ASSIGN, T.DECLARE):
                pipe.is_assign = following.type is T.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(variable.pos, [variable.value]))
                self.vars.append(variable.value)
                return
            if following.type is T.CHAR and following.value == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(variable.pos, [variable.value]))
                self.vars.append(variable.value)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().type in (T.VARIABLE, T.RIGHT_DELIM, T.RIGHT_PAREN):
                        continue
                    raise self.error("range can only initialize variables")
                raise self.error(f"too many declarations in {context}")
            self.index = start
            return

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.commands:
            raise self.error(f"missing value for {context}")
        for stage, command in enumerate(pipe.commands[1:], start=2):
            if isinstance(command.args[0], (BoolNode, DotNode, NilNode, NumberNode, StringNode)):
                raise self.error(f"non executable command in pipeline stage {stage}")

    def command(self) -> CommandNode:
        command = CommandNode(self.peek_non_space().pos, [])
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                command.args.append(operand)
            token = self.next()
            if token.type is T.SPACE:
                continue
            if token.type in (T.RIGHT_DELIM, T.RIGHT_PAREN):
                self.backup()
            elif token.type is not T.PIPE:
                raise self.unexpected(token, "operand")
            break
        if not command.args:
            raise self.error("empty command")
        return command

    def operand(self) -> Node | None:
        node = self.term()
        if node is None or self.peek().type is not T.FIELD:
            return node
        names = []
        while self.peek().type is T.FIELD:
            names.append(self.next().value[1:])
        if isinstance(node, FieldNode):
            return FieldNode(node.pos, node.names + names)
        if isinstance(node, VariableNode):
            return VariableNode(node.pos, node.names + names)
        if isinstance(node, (BoolNode, StringNode, NumberNode, NilNode, DotNode)):
            raise self.error(f"unexpected . after term {quote(str(node))}")
        return ChainNode(node.pos, node, names)

    def term(self) -> Node | None:
        token = self.next_non_space()
        kind = token.type
        if kind is T.IDENTIFIER:
            if token.value not in self.functions:
                raise self.error(f"function {quote(token.value)} not defined")
            return IdentifierNode(token.pos, token.value)
        if kind is T.DOT:
            return DotNode(token.pos)
        if kind is T.NIL:
            return NilNode(token.pos)
        if kind is T.VARIABLE:
            names = token.value.split(".")
            if names[0] not in self.vars:
                raise self.error(f"undefined variable {quote(names[0])}")
            return VariableNode(token.pos, names)
        if kind is T.FIELD:
            return FieldNode(token.pos, token.value[1:].split("."))
        if kind is T.BOOL:
            return BoolNode(token.pos, token.value == "true")
        if kind in (T.CHAR_CONSTANT, T.NUMBER, T.COMPLEX):
            return self.number(token)
        if kind is T.LEFT_PAREN:
            return self.pipeline("parenthesized pipeline", T.RIGHT_PAREN)
        if kind in (T.STRING, T.RAW_STRING):
            return StringNode(token.pos, token.value, self.unquote(token.value))
        self.backup()
        return None

    def number(self, token: Token) -> NumberNode:
        text = token.value
        if token.type is T.COMPLEX:
            raise self.error(f"illegal number syntax: {quote(text)}")
        if token.type is T.CHAR_CONSTANT:
            rune = self.unquote(text)
            if len(rune) != 1:
                raise self.error(f"malformed character constant: {text}")
            return NumberNode(token.pos, text, ord(rune), float(ord(rune)))
        integer = None
        for reader in (parse_uint, parse_int):
            try:
                integer = reader(text)
                break
            except ValueError:
                continue
        if integer is not None:
            return NumberNode(token.pos, text, integer, float(integer))
        try:
            value = parse_float(text)
        except ValueError:
            raise self.error(f"illegal number syntax: {quote(text)}") from None
        whole = int(value) if value.is_integer() and abs(value) < 2**63 else None
        return NumberNode(token.pos, text, whole, value)

    def unquote(self, quoted: str) -> str:
        try:
            return go_unquote(quoted)
        except ValueError:
            raise self.error("invalid syntax") from None


def _is_empty(tree: ListNode) -> bool:
    """Go's ``IsEmptyTree``: nothing but blank text (comments never reach the tree)."""
    for node in tree.nodes:
        if isinstance(node, TextNode) and node.text.strip():
            return False
        if not isinstance(node, TextNode):
            return False
    return True


def parse(name: str, text: str, functions: Container[str]) -> dict[str, ListNode]:
    """Parse ``text`` as template ``name``; the result maps every template it defines to its tree."""
    return Parser(name, text, functions).parse()
