"""Go's ``text/tabwriter`` as docker's table output uses it (docker/cli's fork).

docker writes table rows as tab-terminated cells and lets the tabwriter align them
(``NewWriter(out, 10, 1, 3, ' ', 0)``: columns at least 10 wide, 3 spaces of padding).
This is the Elastic Tabstops algorithm of Go's package: a column is the run of
consecutive lines that have a cell in it, so a line with fewer cells ends the column
block; the text after a line's last tab is not part of any column and is never padded.
Cell widths are display widths (docker's fork counts an East Asian wide rune as 2).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


def display_width(text: str) -> int:
    """Terminal columns of ``text``, close to go-runewidth: wide runes 2, combining and controls 0."""
    width = 0
    for char in text:
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F or code == 0xAD:
            continue
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


@dataclass
class _Cell:
    text: str
    tab_terminated: bool

    @property
    def width(self) -> int:
        return display_width(self.text)


@dataclass
class TabWriter:
    """Buffer tab-separated text; :meth:`flush` returns it aligned.

    Lines are split on ``\\n`` (and ``\\f``, which also ends every column); cells on ``\\t``
    (hard) and ``\\v`` (soft) tabs. As in Go, a line with a single cell flushes what came
    before it, since it cannot affect any column.
    """

    min_width: int = 10
    tab_width: int = 1
    padding: int = 3
    pad_char: str = " "
    _lines: list[list[_Cell]] = field(default_factory=lambda: [[]])
    _cell: str = ""
    _output: list[str] = field(default_factory=list)

    def write(self, text: str) -> None:
        for char in text:
            if char in "\t\v\n\f":
                self._lines[-1].append(_Cell(self._cell, char == "\t"))
                self._cell = ""
                if char in "\n\f":
                    cells = len(self._lines[-1])
                    self._lines.append([])
                    if char == "\f" or cells == 1:
                        self._flush_lines()
            else:
                self._cell += char

    def flush(self) -> str:
        """Everything written so far, aligned; the writer is empty afterwards."""
        if self._cell:
            self._lines[-1].append(_Cell(self._cell, False))
            self._cell = ""
        self._flush_lines()
        text, self._output = "".join(self._output), []
        return text

    def _flush_lines(self) -> None:
        self._format(0, len(self._lines), [])
        self._lines = [[]]

    def _format(self, first: int, end: int, widths: list[int]) -> None:
        """Go's ``format``: find column blocks left to right, recursing for the columns after."""
        column = len(widths)
        line = first
        while line < end:
            if column >= len(self._lines[line]) - 1:
                line += 1
                continue
            self._write_lines(first, line, widths)
            first = line
            width = self.min_width
            while line < end and column < len(self._lines[line]) - 1:
                width = max(width, self._lines[line][column].width + self.padding)
                line += 1
            self._format(first, line, [*widths, width])
            first = line
        self._write_lines(first, end, widths)

    def _write_lines(self, first: int, end: int, widths: list[int]) -> None:
        for index in range(first, end):
            for column, cell in enumerate(self._lines[index]):
                self._output.append(cell.text)
                if column < len(widths):
                    self._output.append(self._padding(cell.width, widths[column]))
            if index + 1 < len(self._lines):
                self._output.append("\n")

    def _padding(self, text_width: int, cell_width: int) -> str:
        if self.pad_char == "\t":
            if self.tab_width == 0:
                return ""
            cell_width = -(-cell_width // self.tab_width) * self.tab_width
            return "\t" * -(-(cell_width - text_width) // self.tab_width)
        return self.pad_char * (cell_width - text_width)


def align(text: str) -> str:
    """``text`` through docker's table tabwriter (minwidth 10, tabwidth 1, padding 3, spaces)."""
    writer = TabWriter()
    writer.write(text)
    return writer.flush()
