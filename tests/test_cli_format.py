"""docker's --format handling for list commands: table, json, quiet, custom templates."""

import pytest

from caasnb.cli import ListFormat, render
from caasnb.errors import ClientError

SERVICES = ListFormat(
    table="table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}",
    header={"ID": "ID", "Name": "NAME", "Mode": "MODE", "Replicas": "REPLICAS", "Image": "IMAGE", "Ports": "PORTS"},
    raw="id: {{.ID}}\\nname: {{.Name}}\\n",
    raw_quiet="id: {{.ID}}",
)
ROWS = [
    {
        "ID": "k3j5l2m9x8w7",
        "Name": "web",
        "Mode": "replicated",
        "Replicas": "3/3",
        "Image": "nginx:1.27",
        "Ports": "*:8080->80/tcp",
    },
    {"ID": "a1b2c3d4e5f6", "Name": "db", "Mode": "global", "Replicas": "2/2", "Image": "postgres:16", "Ports": ""},
]


def test_default_table():
    assert SERVICES.render("", False, ROWS) == (
        "ID             NAME      MODE         REPLICAS   IMAGE         PORTS\n"
        "k3j5l2m9x8w7   web       replicated   3/3        nginx:1.27    *:8080->80/tcp\n"
        "a1b2c3d4e5f6   db        global       2/2        postgres:16   \n"
    )


def test_empty_table_still_has_its_header():
    assert SERVICES.render("table", False, []) == "ID        NAME      MODE      REPLICAS   IMAGE     PORTS\n"


def test_quiet_and_format_precedence():
    assert SERVICES.render("", True, ROWS) == "k3j5l2m9x8w7\na1b2c3d4e5f6\n"
    assert SERVICES.render("{{.Name}}", True, ROWS) == "web\ndb\n"
    assert SERVICES.render("raw", False, ROWS[:1]) == "id: k3j5l2m9x8w7\nname: web\n\n"
    assert SERVICES.render("raw", True, ROWS[:1]) == "id: k3j5l2m9x8w7\n"


def test_custom_table_with_functions_keeps_header_names():
    assert SERVICES.render("table {{.Name}}\\t{{upper .Image}}", False, ROWS) == (
        "NAME      IMAGE\nweb       NGINX:1.27\ndb        POSTGRES:16\n"
    )
    assert SERVICES.render("table {{pad .Name 1 1}}|", False, ROWS[:1]) == " NAME |\n web |\n"


def test_json_key_and_literal_escapes():
    assert SERVICES.render("json", False, ROWS[:1]) == (
        '{"ID":"k3j5l2m9x8w7","Name":"web","Mode":"replicated","Replicas":"3/3","Image":"nginx:1.27",'
        '"Ports":"*:8080->80/tcp"}\n'
    )
    assert SERVICES.render("{{.Name}}\\t{{.Mode}}", False, ROWS[:1]) == "web\treplicated\n"


@pytest.mark.parametrize(
    ("format_string", "message"),
    [
        ("{{.Name", "template parsing error: template: :1: unclosed action"),
        (
            "{{.Nope.X}}",
            'template parsing error: template: :1:2: executing "" at <.Nope.X>: can\'t evaluate field X in type string',
        ),
    ],
)
def test_template_errors(format_string, message):
    rows = [{"Nope": "s"}]
    with pytest.raises(ClientError) as caught:
        render(format_string, rows)
    assert str(caught.value) == message
    assert caught.value.exit_code == 1
