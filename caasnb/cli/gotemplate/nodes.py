"""The parse tree of a Go template (``text/template/parse/node.go``).

Each node keeps its position in the source (for ``template: :1:2:`` error locations) and
prints itself the way Go does, since execution errors quote the node they happened at
(``executing "" at <.Foo>``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...golang.strconv import quote


@dataclass
class Node:
    pos: int


@dataclass
class TextNode(Node):
    text: str

    def __str__(self) -> str:
        return quote(self.text)


@dataclass
class ListNode(Node):
    nodes: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        return "".join(str(node) for node in self.nodes)


@dataclass
class DotNode(Node):
    def __str__(self) -> str:
        return "."


@dataclass
class NilNode(Node):
    def __str__(self) -> str:
        return "nil"


@dataclass
class BoolNode(Node):
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass
class NumberNode(Node):
    """A number literal; Go tracks which types it can be (int, float)."""

    text: str
    int_value: int | None
    float_value: float | None

    def __str__(self) -> str:
        return self.text


@dataclass
class StringNode(Node):
    quoted: str
    text: str

    def __str__(self) -> str:
        return self.quoted


@dataclass
class IdentifierNode(Node):
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class FieldNode(Node):
    """``.A.B``: a chain of field names applied to dot."""

    names: list[str]

    def __str__(self) -> str:
        return "".join("." + name for name in self.names)


@dataclass
class VariableNode(Node):
    """``$x.A.B``: a variable, then field names."""

    names: list[str]

    def __str__(self) -> str:
        return ".".join(self.names)


@dataclass
class ChainNode(Node):
    """``(pipeline).A.B``: fields applied to the value of another term."""

    node: Node
    names: list[str]

    def __str__(self) -> str:
        inner = f"({self.node})" if isinstance(self.node, PipeNode) else str(self.node)
        return inner + "".join("." + name for name in self.names)


@dataclass
class CommandNode(Node):
    args: list[Node]

    def __str__(self) -> str:
        return " ".join(f"({arg})" if isinstance(arg, PipeNode) else str(arg) for arg in self.args)


@dataclass
class PipeNode(Node):
    line: int
    is_assign: bool = False
    decl: list[VariableNode] = field(default_factory=list)
    commands: list[CommandNode] = field(default_factory=list)

    def __str__(self) -> str:
        text = ""
        if self.decl:
            text = ", ".join(str(variable) for variable in self.decl) + (" = " if self.is_assign else " := ")
        return text + " | ".join(str(command) for command in self.commands)


@dataclass
class ActionNode(Node):
    pipe: PipeNode

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass
class BranchNode(Node):
    """``if``, ``range`` and ``with``: a pipeline, a body and an optional ``else`` body."""

    keyword: str
    pipe: PipeNode
    body: ListNode
    else_body: ListNode | None

    def __str__(self) -> str:
        text = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.body)
        if self.else_body is not None:
            text += "{{else}}" + str(self.else_body)
        return text + "{{end}}"


@dataclass
class TemplateNode(Node):
    name: str
    pipe: PipeNode | None

    def __str__(self) -> str:
        if self.pipe is None:
            return "{{template " + quote(self.name) + "}}"
        return "{{template " + quote(self.name) + " " + str(self.pipe) + "}}"


@dataclass
class BreakNode(Node):
    def __str__(self) -> str:
        return "{{break}}"


@dataclass
class ContinueNode(Node):
    def __str__(self) -> str:
        return "{{continue}}"


@dataclass
class EndNode(Node):
    """``{{end}}``: only seen while parsing, never in a finished tree."""

    def __str__(self) -> str:
        return "{{end}}"


@dataclass
class ElseNode(Node):
    """``{{else}}``: only seen while parsing, never in a finished tree."""

    def __str__(self) -> str:
        return "{{else}}"
