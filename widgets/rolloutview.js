// RolloutView: the router's split over time, each analysis with its verdict, promote/abort,
// and which version runs where. Python decides everything; this view draws and sends actions.
// (Uses clockText, element, actionButton, timeControls and playLoop from common.js.)

const SPEEDS = [1, 5, 10, 30, 60];
const STEPS = [1, 10, 30, 60];
const SVG = "http://www.w3.org/2000/svg";
const CHART = { w: 640, h: 110 };

function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function fmt(value, digits) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(digits);
}

function render({ model, el }) {
  el.classList.add("caasnb-widget", "caasnb-rolloutview");

  const bar = element("div", { class: "caasnb-controls" }, el);
  timeControls(model, bar, SPEEDS, STEPS);
  const promote = actionButton(model, bar, "promote", "✔ promote", "promote the canary now");
  const abort = actionButton(model, bar, "abort", "✖ abort", "send all traffic back to stable now");
  const clock = element("span", { class: "caasnb-clock" }, bar);
  const head = element("div", { class: "caasnb-rollout-head" }, el);
  const title = element("b", { class: "caasnb-rollout-title" }, head);
  const phase = element("span", { class: "caasnb-phase" }, head);
  const chart = svg("svg", {
    class: "caasnb-split", viewBox: `0 0 ${CHART.w} ${CHART.h}`, preserveAspectRatio: "none",
  }, el);
  const legend = element("div", { class: "caasnb-legend" }, el);
  const table = element("table", { class: "caasnb-analyses" }, el);
  const map = element("div", { class: "caasnb-map" }, el);

  function colourOf(names, name) {
    return `caasnb-c${names.indexOf(name) % 6}`;
  }

  function services() {
    const names = [];
    for (const step of model.get("split")) for (const name of Object.keys(step.weights)) {
      if (!names.includes(name)) names.push(name);
    }
    return names;
  }

  function drawHead() {
    clock.textContent = clockText(model.get("now_ns"));
    el.classList.toggle("caasnb-playing", model.get("playing"));
    title.textContent = model.get("title");
    phase.textContent = model.get("phase");
    phase.dataset.phase = model.get("phase");
    promote.disabled = abort.disabled = !model.get("controllable");
  }

  function drawSplit() {
    chart.replaceChildren();
    legend.replaceChildren();
    const steps = model.get("split");
    if (!steps.length) return;
    const names = services();
    const t0 = steps[0].t;
    const t1 = Math.max(model.get("now_ns"), t0 + 1);
    const x = (t) => ((t - t0) / (t1 - t0)) * CHART.w;
    steps.forEach((step, i) => {
      const end = i + 1 < steps.length ? steps[i + 1].t : t1;
      let base = 0;
      for (const name of names) {
        const share = step.weights[name] || 0;
        if (share > 0) {
          const rect = svg("rect", {
            x: x(step.t), width: Math.max(x(end) - x(step.t), 0.5),
            y: (base / 100) * CHART.h, height: (share / 100) * CHART.h,
            class: `caasnb-band ${colourOf(names, name)}`, "data-service": name,
          }, chart);
          svg("title", {}, rect).textContent = `${name} ${share}% from t=${(step.t / 1e9).toFixed(1)} s`;
        }
        base += share;
      }
    });
    const current = steps[steps.length - 1].weights;
    for (const name of names) {
      const item = element("span", { class: "caasnb-legend-item", dataset: { service: name } }, legend);
      element("i", { class: `caasnb-swatch ${colourOf(names, name)}` }, item);
      item.append(` ${name} ${fmt(current[name] || 0, 0)}%`);
    }
  }

  function drawAnalyses() {
    table.replaceChildren();
    const rows = model.get("analyses");
    if (!rows.length) return;
    const names = services();
    const header = element("tr", {}, element("thead", {}, table));
    for (const text of ["t (s)", "weight", "verdict", "score"]) element("th", {}, header, text);
    for (const name of names) element("th", {}, header, `${name} p50 / p99 ms · err %`);
    element("th", {}, header, "metrics");
    const body = element("tbody", {}, table);
    for (const row of rows) {
      const tr = element("tr", { class: "caasnb-analysis", dataset: { outcome: row.outcome } }, body);
      element("td", {}, tr, (row.t / 1e9).toFixed(0));
      element("td", {}, tr, row.stage || (row.weight === null ? "–" : `${row.weight}%`));
      element("td", { class: "caasnb-verdict", title: row.reason }, tr, row.outcome);
      element("td", {}, tr, fmt(row.score, 0));
      for (const name of names) {
        const s = row.services[name];
        element("td", {}, tr, s ? `${fmt(s.p50, 1)} / ${fmt(s.p99, 1)} · ${fmt(s.errors, 2)}` : "");
      }
      const cell = element("td", {}, tr);
      for (const m of row.metrics) {
        const tip = `p=${fmt(m.p_value, 4)} effect=${fmt(m.effect, 3)}${m.critical ? " (critical)" : ""}`;
        element("span", { class: "caasnb-metric", title: tip, dataset: { class: m.classification } }, cell,
          `${m.name} ${m.classification}`);
      }
    }
  }

  function drawMap() {
    map.replaceChildren();
    const versions = model.get("versions");
    for (const node of model.get("nodes")) {
      const column = element("div", { class: "caasnb-map-node", dataset: { node: node.host } }, map);
      column.classList.toggle("caasnb-off", !node.up);
      element("div", { class: "caasnb-map-host" }, column, node.host);
      for (const task of node.tasks) {
        element("div", {
          class: `caasnb-map-task caasnb-c${versions.indexOf(task.image) % 6}`,
          title: `${task.name} runs ${task.image}`, dataset: { image: task.image },
        }, column, `${task.name} ${task.image}`);
      }
    }
  }

  model.on("change:now_ns", () => { drawHead(); drawSplit(); });
  for (const trait of ["playing", "title", "phase", "controllable"]) model.on(`change:${trait}`, drawHead);
  model.on("change:split", drawSplit);
  model.on("change:analyses", drawAnalyses);
  model.on("change:nodes", drawMap);
  model.on("change:versions", drawMap);
  drawHead();
  drawSplit();
  drawAnalyses();
  drawMap();
  return playLoop(model, 250);
}

export default { render };
