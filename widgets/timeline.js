// Timeline: play / pause / step over simulated time, and a filterable list of events.
// Python drives the simulation; this view only shows state and sends actions.

const SPEEDS = [0.1, 0.5, 1, 2, 5, 10, 60];
const STEPS = [0.1, 1, 5, 10, 60];
const TICK_MS = 200;

function seconds(ns) {
  return `t = ${(ns / 1e9).toFixed(3)} s`;
}

function button(action, label, title, model) {
  const b = document.createElement("button");
  b.dataset.action = action;
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", () => model.send({ action }));
  return b;
}

function choice(label, values, trait, model, unit) {
  const wrap = document.createElement("label");
  wrap.textContent = label + " ";
  const select = document.createElement("select");
  select.dataset.role = trait;
  for (const v of values) {
    const option = document.createElement("option");
    option.value = String(v);
    option.textContent = `${v}${unit}`;
    select.appendChild(option);
  }
  select.value = String(model.get(trait));
  select.addEventListener("change", () => {
    model.set(trait, Number(select.value));
    model.save_changes();
  });
  model.on(`change:${trait}`, () => (select.value = String(model.get(trait))));
  wrap.appendChild(select);
  return wrap;
}

function render({ model, el }) {
  el.classList.add("caasnb-timeline");

  const bar = document.createElement("div");
  bar.className = "caasnb-controls";
  const play = button("play", "▶ play", "run simulated time continuously", model);
  const pause = button("pause", "⏸ pause", "stop running", model);
  const step = button("step", "⏭ step", "run one step of simulated time", model);
  const clock = document.createElement("span");
  clock.className = "caasnb-clock";
  bar.append(play, pause, step,
    choice("speed", SPEEDS, "speed", model, "×"),
    choice("step", STEPS, "step_s", model, " s"),
    clock);

  const filters = document.createElement("div");
  filters.className = "caasnb-filters";
  const list = document.createElement("div");
  list.className = "caasnb-events";
  el.append(bar, filters, list);

  function drawClock() {
    clock.textContent = seconds(model.get("now_ns"));
    const playing = model.get("playing");
    play.disabled = playing;
    pause.disabled = !playing;
    el.classList.toggle("caasnb-playing", playing);
  }

  function drawFilters() {
    const hidden = new Set(model.get("hidden_kinds"));
    filters.replaceChildren();
    for (const kind of model.get("kinds")) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !hidden.has(kind);
      box.dataset.kind = kind;
      box.addEventListener("change", () => {
        const now = new Set(model.get("hidden_kinds"));
        box.checked ? now.delete(kind) : now.add(kind);
        model.set("hidden_kinds", [...now].sort());
        model.save_changes();
      });
      label.append(box, ` ${kind}`);
      filters.appendChild(label);
    }
  }

  function drawEvents() {
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    const hidden = new Set(model.get("hidden_kinds"));
    list.replaceChildren();
    for (const e of model.get("events")) {
      if (hidden.has(e.kind)) continue;
      const row = document.createElement("div");
      row.className = "caasnb-event";
      row.dataset.kind = e.kind;
      const time = document.createElement("span");
      time.className = "caasnb-event-time";
      time.textContent = (e.t / 1e9).toFixed(3);
      const kind = document.createElement("span");
      kind.className = "caasnb-event-kind";
      kind.textContent = e.kind;
      const subject = document.createElement("span");
      subject.className = "caasnb-event-subject";
      subject.textContent = e.subject;
      const details = document.createElement("span");
      details.className = "caasnb-event-details";
      details.textContent = e.details;
      row.append(time, kind, subject, details);
      list.appendChild(row);
    }
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  let timer = null;
  let last = 0;
  function syncPlaying() {
    if (model.get("playing") && timer === null) {
      last = performance.now();
      timer = setInterval(() => {
        const now = performance.now();
        model.send({ action: "tick", wall_ms: now - last });
        last = now;
      }, TICK_MS);
    } else if (!model.get("playing") && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }

  model.on("change:now_ns", drawClock);
  model.on("change:playing", () => { drawClock(); syncPlaying(); });
  model.on("change:kinds", drawFilters);
  model.on("change:hidden_kinds", () => { drawFilters(); drawEvents(); });
  model.on("change:events", drawEvents);
  drawClock();
  drawFilters();
  drawEvents();
  syncPlaying();
  return () => { if (timer !== null) clearInterval(timer); };
}

export default { render };
