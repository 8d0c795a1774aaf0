"""Go's tabwriter as docker configures it (minwidth 10, tabwidth 1, padding 3, spaces)."""

from hypothesis import given
from hypothesis import strategies as st

from caasnb.cli.tabwriter import TabWriter, align, display_width


def test_service_ls_table():
    text = (
        "ID\tNAME\tMODE\tREPLICAS\tIMAGE\tPORTS\n"
        "k3j5l2m9x8w7\tweb\treplicated\t3/3\tnginx:1.27\t*:8080->80/tcp\n"
        "a1b2c3d4e5f6\tdb\tglobal\t2/2\tpostgres:16\t\n"
    )
    assert align(text) == (
        "ID             NAME      MODE         REPLICAS   IMAGE         PORTS\n"
        "k3j5l2m9x8w7   web       replicated   3/3        nginx:1.27    *:8080->80/tcp\n"
        "a1b2c3d4e5f6   db        global       2/2        postgres:16   \n"
    )


def test_column_blocks_end_at_shorter_lines():
    # Go's doc example: the b column and the c column are distinct blocks.
    assert align("aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n") == (
        "aaaa      bbb       d\naa        b         dd\na         \naa        cccc      eee\n"
    )


def test_single_cell_lines_flush_and_are_never_padded():
    assert align("a\tb\nplain text line\nccccccccccccccc\td\n") == (
        "a         b\nplain text line\nccccccccccccccc   d\n"
    )


def test_text_after_the_last_tab_is_not_padded_and_unterminated_text_is_kept():
    assert align("x\ty") == "x         y"
    assert align("") == ""


def test_wide_runes_count_two_columns():
    assert display_width("日本") == 4
    assert display_width("e\u0301") == 1
    assert align("日本\tx\nab\ty\n") == "日本      x\nab        y\n"


def test_options_of_the_writer():
    writer = TabWriter(min_width=0, tab_width=8, padding=1, pad_char="\t")
    writer.write("a\tb\naaaaaaaaa\tc\n")
    assert writer.flush() == "a\t\tb\naaaaaaaaa\tc\n"


cells = st.text(st.characters(blacklist_characters="\t\n\v\f", blacklist_categories=("Cs",)), max_size=12)
tables = st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=6)


@given(tables)
def test_alignment_never_loses_or_reorders_cell_text(rows):
    text = "".join("\t".join(row) + "\n" for row in rows)
    lines = align(text).split("\n")
    assert lines[-1] == ""
    for row, line in zip(rows, lines, strict=False):
        position = 0
        for cell in row:
            found = line.find(cell, position)
            assert found >= 0
            position = found + len(cell)
        assert line.rstrip(" ").replace(" ", "") == "".join(row).replace(" ", "")


@given(st.lists(st.lists(st.text("abc", min_size=1, max_size=12), min_size=3, max_size=3), min_size=1, max_size=6))
def test_columns_line_up(rows):
    lines = align("".join("\t".join(row) + "\n" for row in rows)).splitlines()
    for column in (0, 1):
        starts = {len(line) - len(line[sum(_width(rows, c) for c in range(column + 1)) :]) for line in lines}
        assert len(starts) == 1


def _width(rows, column):
    return max(10, max(len(row[column]) for row in rows) + 3)
