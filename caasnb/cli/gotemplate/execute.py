"""Executing a parsed Go template over Python data (``text/template/exec.go``).

Fields are looked up on dicts (map keys) and on objects (attributes named like Go's
exported fields and methods); a missing map key is Go's "no value". Errors read
``template: <name>:<line>:<column>: executing "<name>" at <<node>>: <message>``.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from ...golang.strconv import quote
from .functions import BUILTINS, GoFunc
from .nodes import (
    ActionNode,
    BoolNode,
    BranchNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
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
from .parser import TemplateError, parse
from .values import NO_VALUE, go_type, is_true, sprint_one

_NO_FINAL = object()  # Go's missingVal: no value piped in from a previous command
MAX_DEPTH = 100_000


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _accepts(value: Any, param: str) -> bool:
    if param in ("any", "value"):
        return True
    if param == "[]string":
        return isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)
    if param == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return go_type(value) == param


class Template:
    """A parsed template: ``Template("", "{{.Name}}", funcs).execute(data)``."""

    def __init__(self, name: str, text: str, functions: Mapping[str, GoFunc] | None = None) -> None:
        self.name = name
        self.text = text
        self.functions = {**BUILTINS, **(functions or {})}
        self.trees = parse(name, text, self.functions)

    def execute(self, data: Any, functions: Mapping[str, GoFunc] | None = None) -> str:
        """Run the template over ``data``; ``functions`` replace some of its functions for this run.

        On failure the :class:`TemplateError` carries what was written before it as ``output``.
        """
        run = _Run(self, {**self.functions, **(functions or {})})
        try:
            run.walk(data, self.trees[self.name], [("$", data)])
        except TemplateError as error:
            error.output = "".join(run.out)
            raise
        return "".join(run.out)


class _Run:
    """The state of one execution: output so far and the node being evaluated (for errors)."""

    def __init__(self, template: Template, functions: Mapping[str, GoFunc]) -> None:
        self.template = template
        self.functions = functions
        self.out: list[str] = []
        self.node: Node | None = None
        self.depth = 0

    # -- errors ---------------------------------------------------------------------
    def error(self, message: str) -> TemplateError:
        name = self.template.name
        if self.node is None:
            return TemplateError(f"template: {name}: {message}")
        text = self.template.text[: self.node.pos]
        line = text.count("\n") + 1
        column = len(text[text.rfind("\n") + 1 :].encode())
        context = str(self.node)
        return TemplateError(f"template: {name}:{line}:{column}: executing {quote(name)} at <{context}>: {message}")

    # -- walking ----------------------------------------------------------------------
    def walk(self, dot: Any, node: Node, variables: list) -> None:
        self.node = node
        if isinstance(node, TextNode):
            self.out.append(node.text)
        elif isinstance(node, ListNode):
            for child in node.nodes:
                self.walk(dot, child, variables)
        elif isinstance(node, ActionNode):
            value = self.pipeline(dot, node.pipe, variables)
            if not node.pipe.decl:
                self.node = node
                self.out.append(sprint_one(value))
        elif isinstance(node, BranchNode):
            mark = len(variables)
            if node.keyword == "range":
                self.walk_range(dot, node, variables)
            else:
                value = self.pipeline(dot, node.pipe, variables)
                if is_true(value):
                    self.walk(value if node.keyword == "with" else dot, node.body, variables)
                elif node.else_body is not None:
                    self.walk(dot, node.else_body, variables)
            del variables[mark:]
        elif isinstance(node, TemplateNode):
            self.walk_template(dot, node, variables)
        elif isinstance(node, BreakNode):
            raise _Break
        elif isinstance(node, ContinueNode):
            raise _Continue

    def walk_range(self, dot: Any, node: BranchNode, variables: list) -> None:
        value = self.pipeline(dot, node.pipe, variables)
        if isinstance(value, dict):
            items = [(key, value[key]) for key in sorted(value)]
        elif isinstance(value, (list, tuple)):
            items = list(enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            items = [(index, index) for index in range(value)]
        elif value is None or value is NO_VALUE:
            items = []
        else:
            raise self.error(f"range can't iterate over {sprint_one(value)}")
        mark = len(variables)
        for key, element in items:
            declared = [variable.names[0] for variable in node.pipe.decl]
            if len(declared) == 1:
                variables.append((declared[0], element))
            elif len(declared) == 2:
                variables += [(declared[0], key), (declared[1], element)]
            try:
                self.walk(element, node.body, variables)
            except _Continue:
                pass
            except _Break:
                break
            finally:
                del variables[mark:]
        if not items and node.else_body is not None:
            self.walk(dot, node.else_body, variables)

    def walk_template(self, dot: Any, node: TemplateNode, variables: list) -> None:
        tree = self.template.trees.get(node.name)
        if tree is None:
            raise self.error(f"template {quote(node.name)} not defined")
        if self.depth >= MAX_DEPTH:
            raise self.error(f"exceeded maximum template depth ({MAX_DEPTH})")
        value = self.pipeline(dot, node.pipe, variables) if node.pipe else None
        self.depth += 1
        self.walk(value, tree, [("$", value)])
        self.depth -= 1

    # -- evaluating -----------------------------------------------------------------------
    def pipeline(self, dot: Any, pipe: PipeNode, variables: list) -> Any:
        self.node = pipe
        value: Any = _NO_FINAL
        for command in pipe.commands:
            value = self.command(dot, command, value, variables)
        for variable in pipe.decl:
            if pipe.is_assign:
                self.assign(variables, variable.names[0], value)
            else:
                variables.append((variable.names[0], value))
        return value

    def assign(self, variables: list, name: str, value: Any) -> None:
        for index in range(len(variables) - 1, -1, -1):
            if variables[index][0] == name:
                variables[index] = (name, value)
                return
        raise self.error(f"undefined variable: {name}")

    def lookup(self, variables: list, name: str) -> Any:
        for variable, value in reversed(variables):
            if variable == name:
                return value
        raise self.error(f"undefined variable: {name}")

    def not_a_function(self, args: list[Node], final: Any) -> None:
        if len(args) > 1 or final is not _NO_FINAL:
            raise self.error(f"can't give argument to non-function {args[0]}")

    def command(self, dot: Any, command: CommandNode, final: Any, variables: list) -> Any:
        first = command.args[0]
        if isinstance(first, FieldNode):
            self.node = first
            return self.field_chain(dot, dot, first.names, command.args, final, variables)
        if isinstance(first, ChainNode):
            self.node = first
            receiver = self.argument(dot, "value", first.node, variables)
            return self.field_chain(dot, receiver, first.names, command.args, final, variables)
        if isinstance(first, IdentifierNode):
            return self.function(dot, first, command, command.args, final, variables)
        if isinstance(first, PipeNode):
            self.not_a_function(command.args, final)
            return self.pipeline(dot, first, variables)
        if isinstance(first, VariableNode):
            return self.variable(dot, first, command.args, final, variables)
        self.node = first
        self.not_a_function(command.args, final)
        if isinstance(first, NilNode):
            raise self.error("nil is not a command")
        return self.literal(dot, first)

    def literal(self, dot: Any, node: Node) -> Any:
        """A constant's value where no type is expected (Go's ``idealConstant``)."""
        if isinstance(node, BoolNode):
            return node.value
        if isinstance(node, DotNode):
            return dot
        if isinstance(node, StringNode):
            return node.text
        if isinstance(node, NumberNode):
            float_syntax = any(mark in node.text for mark in ".eEpP") and not node.text.lower().startswith("0x")
            if node.int_value is not None and not (float_syntax and node.float_value is not None):
                if not -(2**63) <= node.int_value < 2**63:
                    raise self.error(f"{node.text} overflows int")
                return node.int_value
            return node.float_value
        raise self.error(f"can't evaluate command {quote(str(node))}")

    def variable(self, dot: Any, node: VariableNode, args: list[Node], final: Any, variables: list) -> Any:
        self.node = node
        value = self.lookup(variables, node.names[0])
        if len(node.names) == 1:
            self.not_a_function(args, final)
            return value
        return self.field_chain(dot, value, node.names[1:], args, final, variables)

    def field_chain(self, dot: Any, receiver: Any, names: list[str], args: list[Node], final: Any, variables) -> Any:
        for name in names[:-1]:
            receiver = self.field(dot, name, [], _NO_FINAL, receiver, variables)
        return self.field(dot, names[-1], args, final, receiver, variables)

    def field(self, dot: Any, name: str, args: list[Node], final: Any, receiver: Any, variables: list) -> Any:
        if receiver is NO_VALUE or receiver is None:
            return NO_VALUE
        has_args = len(args) > 1 or final is not _NO_FINAL
        if isinstance(receiver, dict):
            if has_args:
                raise self.error(f"{name} is not a method but has arguments")
            return receiver.get(name, NO_VALUE)
        if not name[:1].isupper() or not hasattr(receiver, name):
            raise self.error(f"can't evaluate field {name} in type {go_type(receiver)}")
        value = getattr(receiver, name)
        if callable(value):
            return self.call(
                dot,
                GoFunc(value, ("any",) * len(inspect.signature(value).parameters)),
                name,
                args,
                final,
                variables,
                self.node,
            )
        if has_args:
            raise self.error(f"wrong number of args for {name}: want 0 got {len(args) - 1 + (final is not _NO_FINAL)}")
        return value

    def function(self, dot: Any, node: IdentifierNode, command: Node, args: list[Node], final: Any, variables) -> Any:
        self.node = node
        function = self.functions.get(node.name)
        if function is None:
            raise self.error(f"{quote(node.name)} is not a defined function")
        return self.call(dot, function, node.name, args, final, variables, command)

    def call(self, dot, function: GoFunc, name: str, args: list[Node], final: Any, variables, node: Node) -> Any:
        """Go's ``evalCall``: check the argument count, evaluate and type-check the arguments, call."""
        args = args[1:]
        params = function.params
        given = len(args) + (final is not _NO_FINAL)
        fixed = len(params) - 1 if function.variadic else len(params)
        if function.variadic and given < fixed:
            raise self.error(f"wrong number of args for {name}: want at least {fixed} got {len(args)}")
        if not function.variadic and given != len(params):
            raise self.error(f"wrong number of args for {name}: want {len(params)} got {given}")
        if name in ("and", "or") and function is BUILTINS.get(name):
            return self.short_circuit(dot, name, args, final, variables)
        values = [
            self.argument(dot, params[min(index, len(params) - 1)], arg, variables) for index, arg in enumerate(args)
        ]
        if final is not _NO_FINAL:
            values.append(self.check_type(final, params[min(len(values), len(params) - 1)]))
        try:
            return function.call(*values)
        except ValueError as error:
            self.node = node
            raise self.error(f"error calling {name}: {error}") from None

    def short_circuit(self, dot: Any, name: str, args: list[Node], final: Any, variables: list) -> Any:
        value: Any = None
        for arg in args:
            value = self.argument(dot, "value", arg, variables)
            if is_true(value) == (name == "or"):
                return value
        return final if final is not _NO_FINAL else value

    def check_type(self, value: Any, param: str) -> Any:
        """Go's ``validateType``: nil where nil is allowed, else the value must fit the parameter."""
        if value is NO_VALUE:
            if param == "value":
                return value
            if param in ("any", "[]string"):
                return None
            raise self.error(f"invalid value; expected {param}")
        if value is None and param in ("any", "value", "[]string"):
            return value
        if not _accepts(value, param):
            raise self.error(f"wrong type for value; expected {param}; got {go_type(value)}")
        return value

    def argument(self, dot: Any, param: str, node: Node, variables: list) -> Any:
        """Go's ``evalArg``: evaluate one argument node for a parameter of type ``param``."""
        self.node = node
        if isinstance(node, DotNode):
            return self.check_type(dot, param)
        if isinstance(node, NilNode):
            if param in ("any", "value", "[]string"):
                return None
            raise self.error(f"cannot assign nil to {param}")
        if isinstance(node, FieldNode):
            return self.check_type(self.field_chain(dot, dot, node.names, [node], _NO_FINAL, variables), param)
        if isinstance(node, VariableNode):
            return self.check_type(self.variable(dot, node, [], _NO_FINAL, variables), param)
        if isinstance(node, PipeNode):
            return self.check_type(self.pipeline(dot, node, variables), param)
        if isinstance(node, IdentifierNode):
            return self.check_type(self.function(dot, node, node, [node], _NO_FINAL, variables), param)
        if isinstance(node, ChainNode):
            receiver = self.argument(dot, "value", node.node, variables)
            self.node = node
            return self.check_type(self.field_chain(dot, receiver, node.names, [], _NO_FINAL, variables), param)
        expected = {"string": StringNode, "bool": BoolNode, "int": NumberNode}
        if param in expected:
            if isinstance(node, expected[param]) and (param != "int" or node.int_value is not None):
                return node.int_value if param == "int" else node.value if param == "bool" else node.text
            wanted = {"string": "string", "bool": "bool", "int": "integer"}[param]
            raise self.error(f"expected {wanted}; found {node}")
        if param in ("any", "value"):
            return self.literal(dot, node)
        raise self.error(f"can't handle {node} for arg of type {param}")
