// LogView: daemon, container and application logs, merged or per source, with filters.
// Python filters the rows and sends the last matches; this view draws them and sends
// filter changes and clicks (a click selects the line's event).
// (Uses clockText, element, timeControls and playLoop from common.js.)

const SPEEDS = [0.1, 0.5, 1, 2, 5, 10, 60];
const STEPS = [0.1, 1, 5, 10, 60];
const SOURCES = ["daemon", "container", "application"];
const LEVELS = ["error", "warning", "info", "debug"];

function render({ model, el }) {
  el.classList.add("caasnb-widget", "caasnb-logview");

  const bar = element("div", { class: "caasnb-controls" }, el);
  timeControls(model, bar, SPEEDS, STEPS);
  const followLabel = element("label", {}, bar);
  const follow = element("input", { type: "checkbox", dataset: { role: "follow" } }, followLabel);
  followLabel.append(" follow");
  const clock = element("span", { class: "caasnb-clock" }, bar);

  const filters = element("div", { class: "caasnb-log-filters" }, el);
  const boxes = {};
  for (const [group, names] of [["sources", SOURCES], ["levels", LEVELS]]) {
    const span = element("span", { class: "caasnb-log-group" }, filters);
    for (const name of names) {
      const label = element("label", {}, span);
      boxes[name] = element("input", { type: "checkbox", dataset: { group, name } }, label);
      boxes[name].addEventListener("change", () => {
        const chosen = names.filter((n) => boxes[n].checked);
        setFilter(group, chosen);
      });
      label.append(` ${name}`);
    }
  }
  const node = element("select", { dataset: { role: "node" } }, filters);
  const service = element("select", { dataset: { role: "service" } }, filters);
  const task = element("input", { type: "text", placeholder: "task id", dataset: { role: "task" } }, filters);
  const search = element("input", { type: "search", placeholder: "search", dataset: { role: "search" } }, filters);
  node.addEventListener("change", () => setFilter("node", node.value));
  service.addEventListener("change", () => setFilter("service", service.value));
  for (const [input, key] of [[task, "task"], [search, "search"]]) {
    const commit = () => { if ((model.get("filters")[key] || "") !== input.value.trim()) setFilter(key, input.value.trim()); };
    input.addEventListener("change", commit);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") commit(); });
  }
  follow.addEventListener("change", () => { model.set("follow", follow.checked); model.save_changes(); });

  const status = element("div", { class: "caasnb-log-status" }, el);
  const list = element("div", { class: "caasnb-log-lines" }, el);
  const picked = element("div", { class: "caasnb-log-selected" }, el);

  function setFilter(key, value) {
    model.set("filters", { ...model.get("filters"), [key]: value });
    model.save_changes();
  }

  function options(select, values, current, all) {
    select.replaceChildren();
    element("option", { value: "" }, select, all);
    for (const v of values) element("option", { value: v }, select, v);
    select.value = current || "";
  }

  function drawFilters() {
    const f = model.get("filters");
    const view = model.get("view");
    for (const name of SOURCES) boxes[name].checked = (f.sources || SOURCES).includes(name);
    for (const name of LEVELS) boxes[name].checked = (f.levels || LEVELS).includes(name);
    options(node, view.nodes || [], f.node, "all nodes");
    options(service, view.services || [], f.service, "all services");
    // a redraw from the kernel must not wipe what the learner is typing
    for (const [input, key] of [[task, "task"], [search, "search"]]) {
      if (input.ownerDocument.activeElement !== input) input.value = f[key] || "";
    }
    follow.checked = model.get("follow");
  }

  function drawLines() {
    const view = model.get("view");
    const stick = model.get("follow");
    status.textContent = `${view.rows.length} shown of ${view.matched} matching (${view.total} lines)`;
    list.replaceChildren();
    for (const row of view.rows) {
      const line = element("div", { class: `caasnb-log-line caasnb-level-${row.level}`, dataset: { i: String(row.i), source: row.source } }, list);
      element("span", { class: "caasnb-log-time" }, line, (row.t / 1e9).toFixed(3));
      element("span", { class: `caasnb-log-source caasnb-source-${row.source}` }, line, row.source);
      element("span", { class: "caasnb-log-who" }, line, row.container || row.node);
      element("span", { class: "caasnb-log-text" }, line, row.text);
      line.addEventListener("click", () => model.send({ action: "select", index: row.i }));
    }
    if (stick) list.scrollTop = list.scrollHeight;
  }

  function drawSelected() {
    const s = model.get("selected");
    picked.textContent = s && s.kind ? `event #${s.i} at ${(s.t / 1e9).toFixed(3)} s: ${s.kind} ${s.subject}` : "";
  }

  model.on("change:now_ns", () => {
    clock.textContent = clockText(model.get("now_ns"));
    el.classList.toggle("caasnb-playing", model.get("playing"));
  });
  model.on("change:playing", () => el.classList.toggle("caasnb-playing", model.get("playing")));
  model.on("change:view", () => { drawFilters(); drawLines(); });
  model.on("change:filters", drawFilters);
  model.on("change:follow", drawFilters);
  model.on("change:selected", drawSelected);
  clock.textContent = clockText(model.get("now_ns"));
  drawFilters();
  drawLines();
  drawSelected();
  return playLoop(model, 200);
}

export default { render };
