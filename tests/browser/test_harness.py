"""The harness itself: a tiny anywidget round trip (browser click → Python → browser), no caasnb needed."""

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNTER = '''\
import anywidget
import traitlets


class Counter(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "harness-counter";
        const draw = () => { button.textContent = `count ${model.get("count")}`; };
        button.addEventListener("click", () => model.send({ action: "add" }));
        model.on("change:count", draw);
        draw();
        el.append(button);
      },
    };
    """
    count = traitlets.Int(0).tag(sync=True)

    def __init__(self):
        super().__init__()
        self.on_msg(lambda widget, content, buffers: setattr(self, "count", self.count + 1))


Counter()
'''


def test_widget_round_trip(lab, run_notebook):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(COUNTER)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, lab.root / "harness-counter.ipynb")
    counter = run_notebook("harness-counter.ipynb", ".harness-counter")
    expect(counter).to_have_text("count 0")
    counter.click()
    expect(counter).to_have_text("count 1")
