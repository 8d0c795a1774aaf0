// RaftView: servers on a ring, election timers, messages in flight, every log.
// Python owns the Raft group; this view draws the synced state and sends actions:
// crash / restart / timeout a server, drop a message, a client request,
// cut the network into two groups and heal it, play / pause / step, and seek in time.
// (Uses clockText, element, actionButton, timeControls and playLoop from common.js.)

const NS = "http://www.w3.org/2000/svg";
const SIZE = 340;
const CENTER = SIZE / 2;
const RING = 120;
const RADIUS = 30;
const ROLE_COLOURS = {
  leader: "#1a7f37",
  candidate: "#bf8700",
  precandidate: "#d4a72c",
  follower: "#0969da",
};
const TERM_COLOURS = ["#8250df", "#0969da", "#1a7f37", "#bf8700", "#cf222e", "#1b7c83", "#953800", "#6e7781"];
const SPEEDS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1, 5, 10];

function svg(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function termColour(term) {
  return TERM_COLOURS[term % TERM_COLOURS.length];
}

function positions(servers) {
  const at = {};
  servers.forEach((s, i) => {
    const angle = (2 * Math.PI * i) / servers.length - Math.PI / 2;
    at[s.id] = [CENTER + RING * Math.cos(angle), CENTER + RING * Math.sin(angle)];
  });
  return at;
}

function arcPath(x, y, r, fraction) {
  const f = Math.max(0, Math.min(0.9999, fraction));
  const end = -Math.PI / 2 + 2 * Math.PI * f;
  const large = f > 0.5 ? 1 : 0;
  return `M ${x} ${y - r} A ${r} ${r} 0 ${large} 1 ${x + r * Math.cos(end)} ${y + r * Math.sin(end)}`;
}

function render({ model, el }) {
  el.classList.add("caasnb-widget", "caasnb-raftview");
  const send = (message) => model.send(message);

  // controls
  const bar = element("div", { class: "caasnb-controls" }, el);
  timeControls(model, bar, SPEEDS);
  actionButton(model, bar, "request", "+ client request", "send a client request to the leader");
  const clock = element("span", { class: "caasnb-clock" }, bar);

  const main = element("div", { class: "caasnb-raft-main" }, el);
  const picture = svg("svg", { width: SIZE, height: SIZE, viewBox: `0 0 ${SIZE} ${SIZE}`, class: "caasnb-ring" }, main);
  const side = element("div", { class: "caasnb-raft-side" }, main);
  const menu = element("div", { class: "caasnb-server-menu" }, side);
  const partition = element("div", { class: "caasnb-partition" }, side);
  const status = element("div", { class: "caasnb-raft-status" }, side);
  const logs = element("div", { class: "caasnb-raft-logs" }, el);
  const seekRow = element("div", { class: "caasnb-seek" }, el);
  element("span", {}, seekRow, "replay ");
  const seek = element("input", { type: "range", min: "0", max: "0", step: "1", dataset: { role: "seek" } }, seekRow);
  seek.addEventListener("change", () => send({ action: "seek", now_ns: Number(seek.value) }));

  let selected = null;
  const chosen = new Set();

  function drawMenu() {
    menu.replaceChildren();
    if (selected === null) {
      element("span", { class: "caasnb-hint" }, menu, "click a server to crash, restart or time it out");
      return;
    }
    element("b", {}, menu, `${selected}: `);
    for (const action of ["crash", "restart", "timeout"]) {
      const b = element("button", { dataset: { action, server: selected } }, menu, action);
      b.addEventListener("click", () => send({ action, server: selected }));
    }
  }

  function drawPartition() {
    partition.replaceChildren();
    element("span", {}, partition, "group A: ");
    for (const s of model.get("servers")) {
      const label = element("label", {}, partition);
      const box = element("input", { type: "checkbox", dataset: { server: s.id } }, label);
      box.checked = chosen.has(s.id);
      box.addEventListener("change", () => { box.checked ? chosen.add(s.id) : chosen.delete(s.id); });
      label.append(` ${s.id} `);
    }
    const cut = element("button", { dataset: { action: "partition" } }, partition, "cut A | rest");
    cut.addEventListener("click", () => send({ action: "partition", group: [...chosen].sort() }));
    const heal = element("button", { dataset: { action: "heal" } }, partition, "heal");
    heal.addEventListener("click", () => { chosen.clear(); send({ action: "heal" }); drawPartition(); });
  }

  function drawRing() {
    picture.replaceChildren();
    const servers = model.get("servers");
    const at = positions(servers);
    const now = model.get("now_ns");
    const groups = model.get("groups");
    if (groups.length > 1) {
      svg("text", { x: 8, y: 16, class: "caasnb-cut" }, picture).textContent = "network cut: " + groups.map((g) => g.join(",")).join(" | ");
    }
    for (const s of servers) {
      const [x, y] = at[s.id];
      const g = svg("g", { class: `caasnb-server caasnb-${s.role}${s.up ? "" : " caasnb-down"}`, "data-server": s.id }, picture);
      g.addEventListener("click", () => { selected = s.id; drawMenu(); });
      if (s.up && s.role !== "leader" && s.deadline_ns && s.timeout_ns) {
        const left = (s.deadline_ns - now) / s.timeout_ns;
        svg("path", { d: arcPath(x, y, RADIUS + 5, left), class: "caasnb-timer" }, g);
      }
      svg("circle", { cx: x, cy: y, r: RADIUS, fill: s.up ? ROLE_COLOURS[s.role] || "#6e7781" : "#d0d7de" }, g);
      svg("text", { x, y: y - 4, class: "caasnb-server-id" }, g).textContent = s.id;
      svg("text", { x, y: y + 12, class: "caasnb-server-term" }, g).textContent = s.up ? `term ${s.term}` : "down";
      if (s.id === selected) svg("circle", { cx: x, cy: y, r: RADIUS + 9, class: "caasnb-selected" }, g);
    }
    for (const m of model.get("messages")) {
      if (!at[m.src] || !at[m.dst]) continue;
      const [x1, y1] = at[m.src];
      const [x2, y2] = at[m.dst];
      const f = Math.max(0, Math.min(1, (now - m.sent_ns) / Math.max(1, m.deliver_ns - m.sent_ns)));
      const dot = svg("circle", {
        cx: x1 + (x2 - x1) * f, cy: y1 + (y2 - y1) * f, r: 6,
        class: `caasnb-message caasnb-${m.reply ? "reply" : "request"}`, "data-message": m.id,
      }, picture);
      svg("title", {}, dot).textContent = `${m.type} ${m.src}→${m.dst} (term ${m.term}) — click to drop`;
      dot.addEventListener("click", (ev) => { ev.stopPropagation(); send({ action: "drop", message: m.id }); });
    }
  }

  function drawLogs() {
    logs.replaceChildren();
    const servers = model.get("servers");
    const from = Math.min(...servers.map((s) => s.first_index));
    const to = Math.max(from - 1, ...servers.map((s) => s.first_index + s.log.length - 1));
    const table = element("table", {}, logs);
    const head = element("tr", {}, table);
    element("th", {}, head, "log");
    for (let i = from; i <= to; i++) element("th", {}, head, String(i));
    for (const s of servers) {
      const row = element("tr", { class: s.up ? "" : "caasnb-down" }, table);
      element("th", {}, row, s.id);
      for (let i = from; i <= to; i++) {
        const entry = s.log[i - s.first_index];
        const cell = element("td", {}, row);
        if (!entry) continue;
        cell.textContent = String(entry.term);
        cell.style.borderColor = termColour(entry.term);
        if (i <= s.commit) cell.classList.add("caasnb-committed");
      }
    }
  }

  function drawStatus() {
    const leader = model.get("leader");
    status.textContent = (leader ? `leader: ${leader}` : "no leader") + (model.get("notice") ? ` — ${model.get("notice")}` : "");
    status.classList.toggle("caasnb-leaderless", !leader);
    clock.textContent = clockText(model.get("now_ns"));
    seek.max = String(model.get("horizon_ns"));
    seek.value = String(model.get("now_ns"));
    el.classList.toggle("caasnb-playing", model.get("playing"));
  }

  function drawAll() { drawRing(); drawLogs(); drawStatus(); }

  model.on("change:servers", () => { drawAll(); drawPartition(); });
  for (const trait of ["now_ns", "messages", "leader", "groups", "horizon_ns", "playing", "notice"]) {
    model.on(`change:${trait}`, drawAll);
  }
  drawAll();
  drawMenu();
  drawPartition();
  return playLoop(model, 100);
}

export default { render };
