// NetworkView: hosts as boxes, networks as colours, containers with their endpoints.
// Click two containers: Python answers whether the first reaches the second, with the hops.
// Tick hosts + "partition" to cut them off, "heal" to rejoin; "send request" animates one
// request through the ingress routing mesh. (Uses element, clockText, timeControls, playLoop from common.js.)

const SPEEDS = [0.1, 1, 5, 10, 60];
const STEPS = [1, 5, 10, 60];
const NETWORK_COLOURS = ["#0969da", "#1a7f37", "#8250df", "#bf8700", "#cf222e", "#1b7c83", "#953800", "#bf3989", "#57606a", "#4d2d00"];
const HOP_MS = 450;

function networkColour(index) {
  return NETWORK_COLOURS[index % NETWORK_COLOURS.length];
}

function render({ model, el }) {
  el.classList.add("caasnb-widget", "caasnb-networkview");
  const send = (message) => model.send(message);

  const bar = element("div", { class: "caasnb-controls" }, el);
  timeControls(model, bar, SPEEDS, STEPS);
  const partitionButton = element("button", { dataset: { action: "partition" }, title: "cut the ticked hosts off from the others" }, bar, "partition");
  const healButton = element("button", { dataset: { action: "heal" }, title: "join every host again" }, bar, "heal");
  const nodeChoice = element("select", { dataset: { role: "mesh-node" } }, bar);
  const portChoice = element("select", { dataset: { role: "mesh-port" } }, bar);
  const requestButton = element("button", { dataset: { action: "request" }, title: "one request to NODE:PORT through the routing mesh" }, bar, "send request");
  const clock = element("span", { class: "caasnb-clock" }, bar);
  const legend = element("div", { class: "caasnb-legend" }, el);
  const notice = element("div", { class: "caasnb-notice" }, el);
  const hostsBox = element("div", { class: "caasnb-hosts" }, el);
  const pathBox = element("div", { class: "caasnb-path", dataset: { role: "path" } }, el);
  const requestBox = element("div", { class: "caasnb-path", dataset: { role: "request" } }, el);
  const ticked = new Set();
  let animation = [];

  partitionButton.addEventListener("click", () => send({ action: "partition", hosts: [...ticked] }));
  healButton.addEventListener("click", () => { ticked.clear(); send({ action: "heal" }); });
  requestButton.addEventListener("click", () => send({ action: "request", node: nodeChoice.value, port: Number(portChoice.value) }));

  function drawControls() {
    clock.textContent = clockText(model.get("now_ns"));
    notice.textContent = model.get("notice");
    const hosts = model.get("hosts").map((h) => h.name);
    if (nodeChoice.options.length !== hosts.length) {
      nodeChoice.replaceChildren();
      for (const h of hosts) element("option", { value: h }, nodeChoice, h);
    }
    const ports = model.get("ports");
    const kept = portChoice.value;
    portChoice.replaceChildren();
    for (const p of ports) element("option", { value: String(p) }, portChoice, `:${p}`);
    if (ports.map(String).includes(kept)) portChoice.value = kept;
    requestButton.disabled = ports.length === 0;
  }

  function drawLegend() {
    legend.replaceChildren();
    for (const n of model.get("networks")) {
      const item = element("span", { class: "caasnb-net", dataset: { network: n.name } }, legend);
      element("span", { class: "caasnb-swatch", style: `background:${networkColour(n.colour)}` }, item);
      item.append(`${n.name} (${n.driver}${n.internal ? ", internal" : ""}${n.subnet ? " " + n.subnet : ""})`);
    }
  }

  function groupOf(host) {
    const groups = model.get("groups");
    const index = groups.findIndex((g) => g.includes(host));
    return index < 0 ? "" : `side ${index + 1}`;
  }

  function hostsOn(path) {
    return new Set((path.hops || []).map((h) => h.host).filter(Boolean));
  }

  function drawHosts() {
    hostsBox.replaceChildren();
    const path = model.get("path");
    const lit = hostsOn(path);
    const selected = model.get("selected");
    for (const h of model.get("hosts")) {
      const classes = ["caasnb-host"];
      if (!h.up) classes.push("caasnb-off");
      if (lit.has(h.name)) classes.push(path.ok ? "caasnb-on-path" : "caasnb-cut-path");
      const box = element("div", { class: classes.join(" "), dataset: { host: h.name } }, hostsBox);
      const head = element("div", { class: "caasnb-host-head" }, box);
      const label = element("label", {}, head);
      const tick = element("input", { type: "checkbox", dataset: { role: "cut", host: h.name } }, label);
      tick.checked = ticked.has(h.name);
      tick.addEventListener("change", () => (tick.checked ? ticked.add(h.name) : ticked.delete(h.name)));
      label.append(` ${h.name}`);
      element("span", { class: "caasnb-addr" }, head, h.addr);
      const side = groupOf(h.name);
      if (side) element("div", { class: "caasnb-group" }, box, `partition: ${side}`);
      for (const s of h.sandboxes) {
        const cardClasses = ["caasnb-card"];
        if (s.kind === "ingress") cardClasses.push("caasnb-ingress");
        if (selected.includes(s.id)) cardClasses.push("caasnb-selected");
        if (path.answered_by && path.answered_by === s.id && path.ok) cardClasses.push("caasnb-answered");
        const card = element("div", { class: cardClasses.join(" "), dataset: { container: s.id, name: s.name } }, box);
        element("div", { class: "caasnb-card-name" }, card, s.kind === "host" ? `${s.name} (host network)` : s.name);
        for (const e of s.endpoints) {
          element("span", { class: "caasnb-pill", style: `background:${networkColour(e.colour)}`, title: e.network }, card, `${e.interface} ${e.ip}`);
        }
        if (s.kind !== "ingress") card.addEventListener("click", () => send({ action: "select", container: s.id }));
      }
    }
  }

  function drawPath(box, path, hint) {
    box.replaceChildren();
    if (!path.verdict) {
      element("span", { class: "caasnb-hint" }, box, hint);
      return [];
    }
    const head = element("div", {}, box);
    element("span", { class: "caasnb-verdict", dataset: { ok: String(path.ok) } }, head, path.verdict);
    head.append(` ${path.source} → ${path.target}: ${path.reason}`);
    const list = element("ol", { class: "caasnb-hops" }, box);
    return path.hops.map((h) => element("li", { dataset: { kind: h.kind, host: h.host } }, list, `${h.kind}: ${h.label}${h.host ? " @" + h.host : ""}`));
  }

  function animate() {
    for (const timer of animation) clearTimeout(timer);
    const request = model.get("request");
    const items = drawPath(requestBox, request, "choose a node and a published port, then send a request through the routing mesh");
    animation = items.map((item, i) => setTimeout(() => {
      items.forEach((other) => other.classList.toggle("caasnb-lit", other === item));
      hostsBox.querySelectorAll(".caasnb-host").forEach((box) => box.classList.toggle("caasnb-pulse", box.dataset.host === item.dataset.host));
    }, i * HOP_MS));
  }

  function drawAll() {
    drawControls();
    drawLegend();
    drawHosts();
    drawPath(pathBox, model.get("path"), "click two containers: can the first reach the second?");
  }

  for (const trait of ["now_ns", "notice", "ports"]) model.on(`change:${trait}`, drawControls);
  model.on("change:networks", drawLegend);
  for (const trait of ["hosts", "selected", "path", "groups"]) model.on(`change:${trait}`, drawAll);
  model.on("change:request", animate);
  drawAll();
  animate();
  const stop = playLoop(model, 250);
  return () => { stop(); for (const timer of animation) clearTimeout(timer); };
}

export default { render };
