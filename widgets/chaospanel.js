// ChaosPanel: a form to inject a fault from the catalogue, the Chaos Monkey switch, the active
// faults with heal buttons, and a log of what chaos did and how the swarm reacted.
// Python owns the chaos; this view only sends {action: inject | heal | heal_all | monkey}.
// (Uses clockText, element, actionButton, timeControls and playLoop from common.js.)

const SPEEDS = [0.5, 1, 2, 5, 10, 60];
const STEPS = [1, 5, 10, 30, 60, 300];
const MEANS = ["1m", "5m", "30m"];
const TARGET_HINTS = {
  host: "a host, e.g. worker-1",
  link: "a->b, a<->b, or a host (its egress)",
  container: "a container name or ID",
  zone: "a zone (node label zone=...)",
  groups: "groups: manager-1,worker-1 | rest",
};

function render({ model, el }) {
  el.classList.add("caasnb-widget", "caasnb-chaospanel");
  const send = (message) => model.send(message);

  const bar = element("div", { class: "caasnb-controls" }, el);
  timeControls(model, bar, SPEEDS, STEPS);
  const clock = element("span", { class: "caasnb-clock" }, bar);

  // -- the fault form ---------------------------------------------------------------
  const form = element("div", { class: "caasnb-chaos-form" }, el);
  const kind = element("select", { dataset: { role: "kind" } }, element("label", {}, form, "fault "));
  const targetLabel = element("label", {}, form, "target ");
  const target = element("input", { dataset: { role: "target" }, list: "", size: "24" }, targetLabel);
  const options = element("datalist", {}, targetLabel);
  options.id = `caasnb-chaos-targets-${Math.random().toString(36).slice(2)}`;
  target.setAttribute("list", options.id);
  const duration = element("input", { dataset: { role: "duration" }, value: "30s", size: "6" }, element("label", {}, form, "for "));
  const params = element("span", { class: "caasnb-chaos-params" }, form);
  const inject = element("button", { dataset: { action: "inject" }, title: "inject this fault now" }, form, "⚡ inject");
  const summary = element("div", { class: "caasnb-hint caasnb-chaos-summary" }, el);

  function chosen() {
    return model.get("kinds").find((k) => k.kind === kind.value);
  }

  function drawKinds() {
    const current = kind.value;
    kind.replaceChildren();
    for (const k of model.get("kinds")) element("option", { value: k.kind }, kind, k.kind);
    if (current) kind.value = current;
    drawForm();
  }

  function drawForm() {
    const k = chosen();
    if (!k) return;
    summary.textContent = k.summary;
    target.placeholder = TARGET_HINTS[k.target] || k.target;
    duration.disabled = k.instant;
    params.replaceChildren();
    for (const [name, value] of Object.entries(k.params)) {
      const label = element("label", {}, params, `${name} `);
      element("input", { dataset: { param: name }, value: String(value), size: "6" }, label);
    }
    drawTargets();
  }

  function drawTargets() {
    const k = chosen();
    options.replaceChildren();
    if (!k) return;
    for (const t of model.get("targets")[k.target] || []) element("option", { value: t }, options);
  }

  kind.addEventListener("change", drawForm);
  inject.addEventListener("click", () => {
    const k = chosen();
    const values = {};
    for (const input of params.querySelectorAll("input[data-param]")) values[input.dataset.param] = input.value;
    send({ action: "inject", kind: k.kind, target: target.value, target_kind: k.target, duration: duration.value, params: values });
  });

  // -- the monkey ---------------------------------------------------------------------
  const monkeyRow = element("div", { class: "caasnb-chaos-monkey" }, el);
  element("b", {}, monkeyRow, "🐒 Chaos Monkey ");
  const mean = element("select", { dataset: { role: "mean" } }, element("label", {}, monkeyRow, "mean time between terminations "));
  for (const m of MEANS) element("option", { value: m }, mean, m);
  mean.value = "5m";
  const toggle = element("button", { dataset: { action: "monkey" } }, monkeyRow, "");
  toggle.addEventListener("click", () => send({ action: "monkey", on: !model.get("monkey_state").running, mean: mean.value }));
  const monkeyText = element("span", { class: "caasnb-hint" }, monkeyRow);

  function drawMonkey() {
    const m = model.get("monkey_state");
    toggle.textContent = m.running ? "stop" : "start";
    el.classList.toggle("caasnb-monkey-running", m.running);
    monkeyText.textContent = m.running
      ? ` loose: ${m.decisions} decision(s) so far (services opt in with --label chaos.monkey.enabled=true)`
      : " in its cage";
  }

  // -- active faults and the log --------------------------------------------------------
  const notice = element("div", { class: "caasnb-notice" }, el);
  const activeBox = element("div", { class: "caasnb-chaos-active" }, el);
  const log = element("div", { class: "caasnb-chaos-log" }, el);

  function drawActive() {
    activeBox.replaceChildren();
    const faults = model.get("active");
    const head = element("div", { class: "caasnb-chaos-active-head" }, activeBox);
    element("b", {}, head, faults.length ? `${faults.length} active fault(s) ` : "no active faults ");
    const all = actionButton(model, head, "heal_all", "✚ heal all", "heal every active fault now");
    all.disabled = !faults.length;
    for (const f of faults) {
      const row = element("div", { class: "caasnb-chaos-fault", dataset: { fault: f.id } }, activeBox);
      element("span", {}, row, `${f.id} ${f.kind} ${f.target} — heals in ${f.left.toFixed(1)} s `);
      const b = element("button", { dataset: { action: "heal", fault: f.id } }, row, "heal");
      b.addEventListener("click", () => send({ action: "heal", fault: f.id }));
    }
  }

  function drawLog() {
    log.replaceChildren();
    for (const row of model.get("log")) {
      const line = element("div", { class: `caasnb-chaos-row caasnb-chaos-${row.kind}` }, log);
      element("span", { class: "caasnb-chaos-time" }, line, `${row.t.toFixed(3)} s`);
      if (row.who) element("span", { class: "caasnb-chaos-who" }, line, row.who);
      element("span", { class: "caasnb-chaos-text" }, line, row.text);
    }
    log.scrollTop = log.scrollHeight;
  }

  function drawControls() {
    clock.textContent = clockText(model.get("now_ns"));
    notice.textContent = model.get("notice");
    notice.classList.toggle("caasnb-error", model.get("notice_error"));
  }

  model.on("change:kinds", drawKinds);
  model.on("change:targets", drawTargets);
  model.on("change:monkey_state", drawMonkey);
  model.on("change:active", drawActive);
  model.on("change:log", drawLog);
  for (const trait of ["now_ns", "notice", "notice_error"]) model.on(`change:${trait}`, drawControls);
  drawKinds();
  drawMonkey();
  drawActive();
  drawLog();
  drawControls();
  return playLoop(model, 200);
}

export default { render };
