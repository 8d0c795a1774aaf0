// Shared pieces of caasnb's widget views. The Python side prepends this file to each
// widget's own module (see caasnb/widgets/_assets.py), so every view can use these.

function clockText(ns) {
  return `t = ${(ns / 1e9).toFixed(3)} s`;
}

function element(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

// A button that sends {action} to Python when clicked.
function actionButton(model, parent, action, label, title) {
  const b = element("button", { dataset: { action }, title: title || action }, parent, label);
  b.addEventListener("click", () => model.send({ action }));
  return b;
}

// A <select> bound to a numeric trait.
function traitChoice(model, parent, label, trait, values, unit) {
  const wrap = element("label", {}, parent, label + " ");
  const select = element("select", { dataset: { role: trait } }, wrap);
  for (const v of values) element("option", { value: String(v) }, select, `${v}${unit}`);
  select.value = String(model.get(trait));
  select.addEventListener("change", () => {
    model.set(trait, Number(select.value));
    model.save_changes();
  });
  model.on(`change:${trait}`, () => (select.value = String(model.get(trait))));
  return select;
}

// Play / pause / step buttons and a speed choice (plus a step-size choice when `steps`
// is given), bound to the traits every caasnb widget has; play and pause grey out in turn.
function timeControls(model, parent, speeds, steps) {
  const play = actionButton(model, parent, "play", "▶ play", "run simulated time continuously");
  const pause = actionButton(model, parent, "pause", "▮▮ pause", "stop running");
  actionButton(model, parent, "step", "▶▮ step", "run one step of simulated time");
  traitChoice(model, parent, "speed", "speed", speeds, "×");
  if (steps) traitChoice(model, parent, "step", "step_s", steps, " s");
  const sync = () => {
    play.disabled = model.get("playing");
    pause.disabled = !model.get("playing");
  };
  model.on("change:playing", sync);
  sync();
}

// While the `playing` trait is true, ask Python to advance time every `period` ms of wall
// time (it runs speed × elapsed simulated seconds). Returns a cleanup function.
function playLoop(model, period) {
  let timer = null;
  let last = 0;
  function sync() {
    if (model.get("playing") && timer === null) {
      last = performance.now();
      timer = setInterval(() => {
        const now = performance.now();
        model.send({ action: "tick", wall_ms: now - last });
        last = now;
      }, period);
    } else if (!model.get("playing") && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }
  model.on("change:playing", sync);
  sync();
  return () => { if (timer !== null) clearInterval(timer); };
}
