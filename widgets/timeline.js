// Timeline: play / pause / step over simulated time, and a filterable list of events.
// Python drives the simulation; this view only shows state and sends actions. The event whose
// index is `selected` (Timeline.select, e.g. from a LogView click) is highlighted and scrolled to.
// (Uses clockText, element, actionButton, timeControls and playLoop from common.js.)

const SPEEDS = [0.1, 0.5, 1, 2, 5, 10, 60];
const STEPS = [0.1, 1, 5, 10, 60];

function render({ model, el }) {
  el.classList.add("caasnb-widget", "caasnb-timeline");

  const bar = element("div", { class: "caasnb-controls" }, el);
  timeControls(model, bar, SPEEDS, STEPS);
  const clock = element("span", { class: "caasnb-clock" }, bar);
  const filters = element("div", { class: "caasnb-filters" }, el);
  const list = element("div", { class: "caasnb-events" }, el);

  function drawClock() {
    clock.textContent = clockText(model.get("now_ns"));
    el.classList.toggle("caasnb-playing", model.get("playing"));
  }

  function drawFilters() {
    const hidden = new Set(model.get("hidden_kinds"));
    filters.replaceChildren();
    for (const kind of model.get("kinds")) {
      const label = element("label", {}, filters);
      const box = element("input", { type: "checkbox", dataset: { kind } }, label);
      box.checked = !hidden.has(kind);
      box.addEventListener("change", () => {
        const now = new Set(model.get("hidden_kinds"));
        box.checked ? now.delete(kind) : now.add(kind);
        model.set("hidden_kinds", [...now].sort());
        model.save_changes();
      });
      label.append(` ${kind}`);
    }
  }

  function drawEvents() {
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    const hidden = new Set(model.get("hidden_kinds"));
    const selected = model.get("selected");
    let picked = null;
    list.replaceChildren();
    for (const e of model.get("events")) {
      if (hidden.has(e.kind)) continue;
      const row = element("div", { class: "caasnb-event", dataset: { kind: e.kind, i: e.i } }, list);
      if (e.i === selected) {
        row.classList.add("caasnb-event-selected");
        picked = row;
      }
      element("span", { class: "caasnb-event-time" }, row, (e.t / 1e9).toFixed(3));
      element("span", { class: "caasnb-event-kind" }, row, e.kind);
      element("span", { class: "caasnb-event-subject" }, row, e.subject);
      element("span", { class: "caasnb-event-details" }, row, e.details);
    }
    if (picked) list.scrollTop = picked.offsetTop - list.offsetTop - list.clientHeight / 2;
    else if (atBottom) list.scrollTop = list.scrollHeight;
  }

  model.on("change:now_ns", drawClock);
  model.on("change:playing", drawClock);
  model.on("change:kinds", drawFilters);
  model.on("change:hidden_kinds", () => { drawFilters(); drawEvents(); });
  model.on("change:events", drawEvents);
  model.on("change:selected", drawEvents);
  drawClock();
  drawFilters();
  drawEvents();
  return playLoop(model, 200);
}

export default { render };
