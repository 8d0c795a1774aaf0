// MetricsView: one line per container of a metric, with events drawn as markers on the lines.
// Python computes the lines and markers; this view draws them as SVG and sends time controls.
// (Uses clockText, element, timeControls and playLoop from common.js.)

const SPEEDS = [0.5, 1, 2, 5, 10, 60];
const STEPS = [1, 5, 10, 60];
const COLOURS = ["#0550ae", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7f8f", "#953800", "#57606a"];
const SVGNS = "http://www.w3.org/2000/svg";
const W = 760, H = 240, PAD = 40;

function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function render({ model, el }) {
  el.classList.add("caasnb-widget", "caasnb-metricsview");
  const bar = element("div", { class: "caasnb-controls" }, el);
  timeControls(model, bar, SPEEDS, STEPS);
  const metric = element("select", { dataset: { role: "metric" } }, bar);
  for (const m of ["cpu", "memory", "requests", "latency", "errors"]) element("option", { value: m }, metric, m);
  metric.addEventListener("change", () => { model.set("metric", metric.value); model.save_changes(); });
  const clock = element("span", { class: "caasnb-clock" }, bar);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "caasnb-chart" }, el);
  const legend = element("div", { class: "caasnb-legend" }, el);
  const picked = element("div", { class: "caasnb-marker-label" }, el);

  function draw() {
    clock.textContent = clockText(model.get("now_ns"));
    metric.value = model.get("metric");
    const lines = model.get("lines");
    const markers = model.get("markers");
    const tEnd = Math.max(model.get("now_ns") / 1e9, 1);
    const yMax = Math.max(1e-9, ...lines.flatMap((l) => l.y)) * 1.1;
    const x = (t) => PAD + (t / tEnd) * (W - 2 * PAD);
    const y = (v) => H - PAD + 10 - (v / yMax) * (H - 2 * PAD);
    chart.replaceChildren();
    svg("line", { x1: PAD, y1: y(0), x2: W - PAD, y2: y(0), class: "caasnb-axis" }, chart);
    svg("line", { x1: PAD, y1: y(0), x2: PAD, y2: y(yMax), class: "caasnb-axis" }, chart);
    svg("text", { x: 2, y: y(yMax) + 4, class: "caasnb-tick" }, chart).textContent = (yMax).toPrecision(3);
    svg("text", { x: W - PAD - 30, y: H - 4, class: "caasnb-tick" }, chart).textContent = `${tEnd.toFixed(0)} s`;
    svg("text", { x: PAD + 4, y: 12, class: "caasnb-tick" }, chart).textContent = model.get("unit");
    legend.replaceChildren();
    lines.forEach((line, n) => {
      const colour = COLOURS[n % COLOURS.length];
      const points = line.x.map((t, i) => `${x(t).toFixed(1)},${y(line.y[i]).toFixed(1)}`).join(" ");
      svg("polyline", { points, fill: "none", stroke: colour, "stroke-width": 1.5, "data-name": line.name, class: "caasnb-series" }, chart);
      const item = element("span", { class: "caasnb-legend-item" }, legend, line.name);
      item.style.color = colour;
    });
    for (const m of markers) {
      const g = svg("g", { class: "caasnb-marker", "data-kind": m.kind }, chart);
      svg("line", { x1: x(m.t), y1: y(0), x2: x(m.t), y2: y(yMax), class: "caasnb-marker-line" }, g);
      svg("path", { d: `M ${x(m.t) - 5} ${y(yMax) - 8} h 10 l -5 8 z`, class: "caasnb-marker-head" }, g);
      svg("title", {}, g).textContent = `${m.t.toFixed(3)} s ${m.label}`;
      g.addEventListener("click", () => { picked.textContent = `${m.t.toFixed(3)} s: ${m.label}`; });
    }
  }
  for (const name of ["now_ns", "lines", "markers", "metric", "unit"]) model.on(`change:${name}`, draw);
  model.on("change:playing", () => el.classList.toggle("caasnb-playing", model.get("playing")));
  draw();
  return playLoop(model, 250);
}

export default { render };
