"""Go's text/template: output and error messages for what docker users type in --format."""

import pytest

from caasnb.cli.gotemplate import GoFunc, Template, TemplateError
from caasnb.cli.templatefuncs import BASIC_FUNCTIONS

DATA = {
    "ID": "k3j5l2m9x8w7v6u5t4s3r2q1p",
    "Spec": {"Name": "web", "Labels": {"tier": "front", "app": "shop"}, "Mode": {"Replicated": {"Replicas": 3}}},
    "Tags": ["a", "b", "c"],
    "Ports": [80, 443],
    "Nothing": None,
    "Ratio": 0.5,
    "Html": "<b>&</b>",
}


def run(text, data=DATA):
    return Template("", text, BASIC_FUNCTIONS).execute(data)


@pytest.mark.parametrize(
    ("text", "output"),
    [
        ("{{.ID}}", "k3j5l2m9x8w7v6u5t4s3r2q1p"),
        ("{{.Spec.Name}}", "web"),
        ("{{.Spec.Mode.Replicated.Replicas}}", "3"),
        ("{{.Missing}}", "<no value>"),
        ("{{.Spec.Missing.Deeper}}", "<no value>"),
        ("{{.Nothing}}", "<nil>"),
        ("{{.Tags}} {{.Ports}} {{.Ratio}}", "[a b c] [80 443] 0.5"),
        ("{{.Spec.Labels}}", "map[app:shop tier:front]"),
        ('{{index .Spec.Labels "tier"}}', "front"),
        ('{{index .Spec.Labels "nope"}}', ""),
        ("{{index .Tags 1}}", "b"),
        ("{{json .Spec.Labels}}", '{"tier":"front","app":"shop"}'),
        ("{{json .Tags}}", '["a","b","c"]'),
        ("{{json .Html}}", '"<b>&</b>"'),
        ("{{json .Nothing}} {{json .Missing}}", "null null"),
        ('{{upper .Spec.Name}} {{lower "ABC"}} {{title "hello wide-world"}}', "WEB abc Hello Wide-World"),
        ('{{join .Tags ", "}}', "a, b, c"),
        ('{{split "a:b:c" ":"}}', "[a b c]"),
        ("{{truncate .ID 12}}", "k3j5l2m9x8w7"),
        ('[{{pad .Spec.Name 1 2}}][{{pad "" 1 2}}]', "[ web  ][]"),
        ("{{println .Spec.Name}}", "web\n"),
        ("{{if .Nothing}}yes{{else}}no{{end}}", "no"),
        ('{{if eq .Spec.Name "web"}}W{{else if .Tags}}T{{end}}', "W"),
        ("{{range .Tags}}<{{.}}>{{end}}", "<a><b><c>"),
        ("{{range $i, $t := .Tags}}{{$i}}{{$t}}{{end}}", "0a1b2c"),
        ("{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}};{{end}}", "app=shop;tier=front;"),
        ("{{range .Missing}}x{{else}}empty{{end}}", "empty"),
        ('{{range .Tags}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}', "a"),
        ("{{with .Spec}}{{.Name}}{{end}}", "web"),
        ('a {{- " b " -}} c', "a b c"),
        ("{{/* a comment */}}x", "x"),
        ('{{$n := .Spec.Name}}{{$n}}{{$n = "x"}}{{$n}}', "webx"),
        ('{{printf "%s has %d tags" .Spec.Name (len .Tags)}}', "web has 3 tags"),
        ('{{printf "%-5s|%5.1f|%q|%v" "ab" 3.14159 "q" .Tags}}', 'ab   |  3.1|"q"|[a b c]'),
        ('{{.Spec.Name | printf "%s!"}}', "web!"),
        ('{{and 1 0}} {{or 0 "x"}} {{not .Nothing}}', "0 x true"),
        ('{{lt 1 2}} {{ge "b" "a"}} {{ne 1 2}}', "true true true"),
        ("{{len .Tags}} {{len .Spec.Name}}", "3 3"),
        ("{{slice .Tags 1}}", "[b c]"),
        ('{{html .Html}} {{urlquery "a b&c"}}', "&lt;b&gt;&amp;&lt;/b&gt; a+b%26c"),
        ('{{define "n"}}[{{.}}]{{end}}{{template "n" .Spec.Name}}', "[web]"),
        ("{{1e6}} {{3.0}} {{0x10}} {{'a'}}", "1e+06 3 16 97"),
    ],
)
def test_output(text, output):
    assert run(text) == output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{.Name}", "template: :1: bad character U+007D '}'"),
        ("{{.Name", "template: :1: unclosed action"),
        ("{{foo .Name}}", 'template: :1: function "foo" not defined'),
        ("{{if .X}}", "template: :1: unexpected EOF"),
        ("{{end}}", "template: :1: unexpected {{end}}"),
        ("{{else}}", "template: :1: unexpected {{else}}"),
        ("{{$x}}", 'template: :1: undefined variable "$x"'),
        ("{{.A | 3}}", "template: :1: non executable command in pipeline stage 2"),
        ("{{}}", "template: :1: missing value for command"),
        ('{{"unterminated}}', "template: :1: unterminated quoted string"),
        ("{{.A)}}", "template: :1: unexpected right paren"),
        ("{{3.x}}", 'template: :1: bad number syntax: "3.x"'),
        ("line one\n{{.A", "template: :2: unclosed action"),
        ("{{break}}", "template: :1: {{break}} outside {{range}}"),
        ("{{if .A}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}"),
        ("{{.A.}}", "template: :1: unexpected <.> in operand"),
    ],
)
def test_parse_errors(text, message):
    with pytest.raises(TemplateError) as caught:
        Template("", text, BASIC_FUNCTIONS)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{{.Spec.Name.Foo}}",
            'template: :1:2: executing "" at <.Spec.Name.Foo>: can\'t evaluate field Foo in type string',
        ),
        ("{{.Tags.X}}", 'template: :1:2: executing "" at <.Tags.X>: can\'t evaluate field X in type []string'),
        ("{{json}}", 'template: :1:2: executing "" at <json>: wrong number of args for json: want 1 got 0'),
        ("{{join .Tags}}", 'template: :1:2: executing "" at <join>: wrong number of args for join: want 2 got 1'),
        ("{{upper 3}}", 'template: :1:8: executing "" at <3>: expected string; found 3'),
        (
            "{{upper .Ports}}",
            'template: :1:8: executing "" at <.Ports>: wrong type for value; expected string; got []interface {}',
        ),
        (
            "{{index .Tags 7}}",
            'template: :1:2: executing "" at <index .Tags 7>: error calling index: index out of range: 7',
        ),
        (
            "{{index .Nothing 1}}",
            'template: :1:2: executing "" at <index .Nothing 1>: error calling index: index of untyped nil',
        ),
        (
            '{{eq 1 "a"}}',
            'template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison',
        ),
        ("{{range .Spec.Name}}{{end}}", 'template: :1:8: executing "" at <.Spec.Name>: range can\'t iterate over web'),
        ("{{nil}}", 'template: :1:2: executing "" at <nil>: nil is not a command'),
        (
            "x\n  {{.Spec.Name.X}}",
            'template: :2:4: executing "" at <.Spec.Name.X>: can\'t evaluate field X in type string',
        ),
        ('{{template "none"}}', 'template: :1:11: executing "" at <{{template "none"}}>: template "none" not defined'),
    ],
)
def test_execution_errors(text, message):
    with pytest.raises(TemplateError) as caught:
        run(text)
    assert str(caught.value) == message


def test_execution_error_keeps_partial_output():
    with pytest.raises(TemplateError) as caught:
        run("ok {{.Spec.Name.X}}")
    assert caught.value.output == "ok "


class ServiceRow:
    """A formatter row as docker's contexts expose them: Go-named properties and methods."""

    go_type = "*service.serviceContext"

    @property
    def ID(self):  # noqa: N802 - Go field name
        return "abc"

    def Label(self, name):  # noqa: N802 - Go method name
        return {"tier": "front"}.get(name, "")

    def go_json(self):
        return {"ID": self.ID, "Name": "<web>"}


def test_objects_expose_go_named_fields_and_methods():
    row = ServiceRow()
    assert run('{{.ID}} {{.Label "tier"}}', row) == "abc front"
    assert run("{{json .}}", row) == '{"ID":"abc","Name":"\\u003cweb\\u003e"}'
    with pytest.raises(TemplateError) as caught:
        run("{{.Name}}", row)
    assert str(caught.value) == (
        'template: :1:2: executing "" at <.Name>: can\'t evaluate field Name in type *service.serviceContext'
    )
    with pytest.raises(TemplateError) as caught:
        run("{{.ID 1}}", row)
    assert str(caught.value).endswith("wrong number of args for ID: want 0 got 1")


def test_functions_can_be_replaced_for_one_run():
    template = Template("", "{{upper .}}", BASIC_FUNCTIONS)
    assert template.execute("x") == "X"
    assert template.execute("x", {"upper": GoFunc(lambda text: text + "!", ("string",))}) == "x!"
