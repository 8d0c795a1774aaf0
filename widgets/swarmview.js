// SwarmView: one column per node with its task cards, a quorum gauge, and "why here?".
// Python reads the swarm and syncs a summary; this view draws it and sends actions:
// crash / restart / drain / activate a node, explain a task, running-only, play / pause / step.
// (Uses clockText, element, timeControls and playLoop from common.js.)

const SPEEDS = [0.1, 0.5, 1, 2, 5, 10, 60];
const STEPS = [0.1, 1, 5, 10, 60];
const SERVICE_COLOURS = ["#0969da", "#1a7f37", "#8250df", "#bf8700", "#cf222e", "#1b7c83", "#953800", "#bf3989", "#4d2d00", "#57606a"];
const NODE_ACTIONS = [
  ["crash", "power the machine off"],
  ["restart", "power the machine back on"],
  ["drain", "docker node update --availability drain"],
  ["activate", "docker node update --availability active"],
];

function serviceColour(index) {
  return index < 0 ? "#8c959f" : SERVICE_COLOURS[index % SERVICE_COLOURS.length];
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function render({ model, el }) {
  el.classList.add("caasnb-widget", "caasnb-swarmview");
  const send = (message) => model.send(message);

  const bar = element("div", { class: "caasnb-controls" }, el);
  timeControls(model, bar, SPEEDS, STEPS);
  const filterLabel = element("label", {}, bar);
  const runningOnly = element("input", { type: "checkbox", dataset: { role: "running-only" } }, filterLabel);
  runningOnly.addEventListener("change", () => send({ action: "running_only", on: runningOnly.checked }));
  filterLabel.append(" running only");
  const clock = element("span", { class: "caasnb-clock" }, bar);

  const quorum = element("div", { class: "caasnb-quorum" }, el);
  const legend = element("div", { class: "caasnb-legend" }, el);
  const notice = element("div", { class: "caasnb-notice" }, el);
  const menu = element("div", { class: "caasnb-node-menu" }, el);
  const columns = element("div", { class: "caasnb-columns" }, el);
  const why = element("div", { class: "caasnb-why" }, el);

  let selected = null;

  function drawControls() {
    clock.textContent = clockText(model.get("now_ns"));
    el.classList.toggle("caasnb-playing", model.get("playing"));
    runningOnly.checked = model.get("running_only");
    notice.textContent = model.get("notice");
    notice.classList.toggle("caasnb-error", model.get("notice_error"));
  }

  function drawQuorum() {
    quorum.replaceChildren();
    const q = model.get("quorum");
    if (!q.managers) {
      quorum.textContent = "no swarm yet: run docker swarm init";
      return;
    }
    const gauge = element("span", { class: "caasnb-gauge", title: `${q.reachable} of ${q.managers} managers reachable` }, quorum);
    for (let i = 0; i < q.managers; i++) {
      element("span", { class: `caasnb-pip${i < q.reachable ? " caasnb-on" : ""}${i === q.needed - 1 ? " caasnb-needed" : ""}` }, gauge);
    }
    element("span", {}, quorum, ` managers reachable ${q.reachable}/${q.managers} (up ${q.up}), quorum needs ${q.needed} — `);
    const verdict = q.writable
      ? `writes possible (leader ${q.leader})`
      : q.leader
        ? `leader ${q.leader} has lost quorum: writes will fail`
        : "no leader: writes fail";
    element("b", { class: "caasnb-writes", dataset: { writable: String(q.writable) } }, quorum, verdict);
    quorum.classList.toggle("caasnb-no-quorum", !q.writable);
  }

  function drawLegend() {
    legend.replaceChildren();
    model.get("services").forEach((s, i) => {
      const item = element("span", { class: "caasnb-legend-item" }, legend);
      element("span", { class: "caasnb-swatch", style: `background:${serviceColour(i)}` }, item);
      item.append(`${s.name} (${s.image})`);
    });
  }

  function drawMenu() {
    menu.replaceChildren();
    if (selected === null) {
      element("span", { class: "caasnb-hint" }, menu, "click a node to crash, restart, drain or activate it; click a task for “why here?”");
      return;
    }
    element("b", {}, menu, `${selected}: `);
    for (const [action, title] of NODE_ACTIONS) {
      const b = element("button", { dataset: { action, node: selected }, title }, menu, action);
      b.addEventListener("click", () => send({ action, node: selected }));
    }
  }

  function drawCard(parent, t) {
    const classes = ["caasnb-task", `caasnb-state-${t.state}`];
    if (t.faded) classes.push("caasnb-faded");
    if (model.get("why").task === t.id) classes.push("caasnb-selected");
    const card = element("div", { class: classes.join(" "), dataset: { task: t.id }, title: t.err || t.state }, parent);
    card.style.borderLeftColor = serviceColour(t.service);
    element("span", { class: "caasnb-task-name" }, card, t.name);
    element("span", { class: "caasnb-task-state" }, card, t.state);
    element("span", { class: "caasnb-task-image" }, card, t.image);
    card.addEventListener("click", () => send({ action: "why", task: t.id }));
  }

  function drawColumns() {
    columns.replaceChildren();
    for (const n of model.get("nodes")) {
      const classes = ["caasnb-node"];
      if (n.state === "down") classes.push("caasnb-down");
      if (n.up === false) classes.push("caasnb-off");
      if (n.hostname === selected) classes.push("caasnb-selected");
      const column = element("div", { class: classes.join(" "), dataset: { node: n.hostname } }, columns);
      const head = element("div", { class: "caasnb-node-head" }, column);
      element("div", { class: "caasnb-hostname" }, head, n.hostname);
      if (n.id) {
        head.title = "click for node actions";
        head.addEventListener("click", () => { selected = n.hostname; drawMenu(); drawColumns(); });
        const badges = element("div", { class: "caasnb-badges" }, head);
        element("span", { class: `caasnb-badge caasnb-role-${n.role}` }, badges, n.role);
        if (n.leader) element("span", { class: "caasnb-badge caasnb-leader" }, badges, "leader");
        element("span", { class: `caasnb-badge caasnb-availability-${n.availability}` }, badges, capitalised(n.availability));
        element("span", { class: "caasnb-badge caasnb-status" }, badges, capitalised(n.state));
        element("span", { class: "caasnb-badge caasnb-machine" }, badges, n.up ? "machine on" : "machine off");
      }
      for (const t of n.tasks) drawCard(column, t);
      if (n.more > 0) element("div", { class: "caasnb-more" }, column, `+${n.more} more`);
    }
  }

  function drawWhy() {
    why.replaceChildren();
    const w = model.get("why");
    if (!w.task) return;
    const head = element("div", { class: "caasnb-why-head" }, why);
    element("b", {}, head, `why here? ${w.name}`);
    const close = element("button", { dataset: { action: "close-why" } }, head, "×");
    close.addEventListener("click", () => send({ action: "why", task: "" }));
    if (w.missing) {
      element("div", { class: "caasnb-hint" }, why, w.missing);
      return;
    }
    const summary = w.node
      ? `placed on ${w.node}, which had ${w.score[0]} task(s) of the service and ${w.score[1]} in all (spread: fewest of the service first, then fewest overall, then smallest node ID, among nodes passing every filter)`
      : `not placed: ${w.err}`;
    element("div", { class: "caasnb-why-summary" }, why, summary);
    if (w.preferences.length) element("div", {}, why, `spread over ${w.preferences.join(", ")}: branch ${w.branch.join(" / ") || "–"}`);
    if (w.message) element("div", { class: "caasnb-hint" }, why, `scheduler: ${w.message}`);
    if (!w.nodes.length) {
      element("div", { class: "caasnb-hint" }, why, "no per-node verdicts were recorded for this scheduling round");
      return;
    }
    const table = element("table", {}, why);
    const header = element("tr", {}, table);
    for (const title of ["node", "service / all tasks", "filters"]) element("th", {}, header, title);
    for (const row of w.nodes) {
      const classes = [row.eligible ? "caasnb-pass" : "caasnb-fail"];
      if (row.chosen) classes.push("caasnb-chosen");
      const tr = element("tr", { class: classes.join(" "), dataset: { node: row.hostname } }, table);
      element("td", {}, tr, row.chosen ? `${row.hostname} ✔ chosen` : row.hostname);
      element("td", {}, tr, `${row.score[0]} / ${row.score[1]}`);
      const checks = element("td", {}, tr);
      for (const [name, passed, detail] of row.checks) {
        element("div", { class: passed ? "caasnb-pass" : "caasnb-fail" }, checks, `${passed ? "✔" : "✘"} ${name}: ${detail}`);
      }
    }
    if (w.more > 0) element("div", { class: "caasnb-more" }, why, `+${w.more} more nodes`);
  }

  model.on("change:nodes", drawColumns);
  model.on("change:services", drawLegend);
  model.on("change:quorum", drawQuorum);
  model.on("change:why", () => { drawWhy(); drawColumns(); });
  for (const trait of ["now_ns", "playing", "running_only", "notice", "notice_error"]) {
    model.on(`change:${trait}`, drawControls);
  }
  drawControls();
  drawQuorum();
  drawLegend();
  drawMenu();
  drawColumns();
  drawWhy();
  return playLoop(model, 200);
}

export default { render };
