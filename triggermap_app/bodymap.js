// The body map in the browser. A click, tap or key changes the figure at once (aria-pressed, the pattern)
// and then tells the server. The figure's mode is one attribute of the SVG, data-buttons: "muscle" (the
// explorer) or "zone" (the pain drawing); BUTTONS below holds what each kind of button does.
// Ids from the server's data are used only in attribute selectors, classList and option values; muscle
// names go in as textContent. The one piece of markup is the figure, fetched from our own server and
// parsed as SVG (see mountFigure); patterns are path data from the same server, set as attributes.
// The figure shows a window of its canvas (the SVG viewBox): on a phone one view's lumbopelvic window,
// zoomed with two fingers or the +/- buttons; one finger always scrolls the page.

const SVG_NS = "http://www.w3.org/2000/svg";
const CONFIRM_MS = 8000; // a change the server has not confirmed by then is undone (lost while offline)
const NARROW_PX = 640; // a phone (Streamlit stacks columns below this width): the figure opens on one view's window
const CLOSEST_UNITS = 60; // the narrowest window zooming in reaches, in canvas units
const ZOOM_STEP = 1.5;

function svgEl(parent, tag, attrs) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  parent.appendChild(el);
  return el;
}

function figureOf(root) {
  return root.querySelector(".figure svg.bodymap");
}

function sameSelection(a, b) {
  return (a?.muscle || "") === (b?.muscle || "") && (a?.side || "") === (b?.side || "");
}

function muscleEl(svg, selection) {
  if (!selection?.muscle) return null;
  return svg.querySelector(
    `.muscle[data-muscle="${CSS.escape(selection.muscle)}"][data-side="${CSS.escape(selection.side)}"]`,
  );
}

function cross(layer, mark) {
  const s = 7;
  if (mark.no_press) {
    svgEl(layer, "circle", { class: "no-press", cx: mark.x, cy: mark.y, r: s });
    svgEl(layer, "path", { class: "cross", d: `M${mark.x - s * 0.7} ${mark.y}h${s * 1.4}` });
    return;
  }
  const d = `M${mark.x - s} ${mark.y - s}l${2 * s} ${2 * s}M${mark.x - s} ${mark.y + s}l${2 * s} ${-2 * s}`;
  svgEl(layer, "path", { class: "halo", d });
  svgEl(layer, "path", { class: "cross", d });
}

// One muscle's pattern on one side: the solid main area, the stipple, its outline and a cross per trigger point.
function drawPattern(root, selection) {
  const svg = figureOf(root);
  const layer = svg.querySelector(".pattern");
  const marks = svg.querySelector(".marks");
  layer.replaceChildren();
  marks.replaceChildren();
  const pattern = selection?.muscle ? root.__index?.patterns[selection.muscle]?.[selection.side] : null;
  if (!pattern) return;
  svgEl(layer, "path", { class: "essential", d: pattern.essential });
  pattern.dots.forEach((d, size) => svgEl(layer, "path", { class: `dots dots-${size}`, d }));
  const outline = muscleEl(svg, selection)?.querySelector(".outline");
  if (outline) svgEl(marks, "path", { class: "chosen", d: outline.getAttribute("d") });
  pattern.marks.forEach((mark) => cross(marks, mark));
}

function showSelection(root, selection) {
  const svg = figureOf(root);
  svg.querySelectorAll('.muscle[aria-pressed="true"]').forEach((el) => el.setAttribute("aria-pressed", "false"));
  const chosen = muscleEl(svg, selection);
  chosen?.setAttribute("aria-pressed", "true");
  if (chosen && !sameSelection(selection, root.__shown)) reveal(root, chosen);
  svg.classList.toggle("has-selection", Boolean(selection?.muscle));
  drawPattern(root, selection);
  const select = root.querySelector(".muscle-select");
  if (select) select.value = selection?.muscle || "";
  const side = selection?.side || root.__data.side || "right";
  root.querySelectorAll("[data-side-choice]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.sideChoice === side)));
  root.__shown = selection;
}

// After the next frame is painted: the person sees the change before the app does any other work.
// The timeout covers a hidden tab, where animation frames do not run.
function afterPaint(callback) {
  let done = false;
  const once = () => {
    if (!done) callback();
    done = true;
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 100);
}

// A change the figure already shows: tell the server, and undo it if the server never confirms it, so the figure
// goes back to what the rest of the page and the address show. Only a timer can tell the change was lost:
// Streamlit drops a trigger sent while the connection is down without telling the component, and the rerun it
// asks for after reconnecting leaves this component's data as it was, so it does not call the component again.
// `holds(data)`: the server's data has the change.
function propose(root, event, value, holds) {
  root.__pending = holds;
  clearTimeout(root.__undo);
  root.__undo = setTimeout(() => {
    root.__pending = null;
    root.__answerWanted = false;
    SHOW[figureOf(root).dataset.buttons](root, root.__data);
  }, CONFIRM_MS);
  afterPaint(() => root.__setTriggerValue(event, value));
}

// Whether the server's data may be drawn: not while it lacks the change the figure shows (not caught up yet).
function caughtUp(root, data) {
  if (root.__pending && !root.__pending(data)) return false;
  root.__pending = null;
  clearTimeout(root.__undo);
  return true;
}

function choose(root, selection) {
  showSelection(root, selection);
  root.__answerWanted = isNarrow() && Boolean(selection.muscle);
  propose(root, "select", { muscle: selection.muscle || "", side: selection.side },
    (data) => sameSelection(selection, data.selected));
}

function say(root, text) {
  const hint = root.querySelector(".hint");
  if (hint) hint.textContent = text;
}

// The muscles under a point of the figure, the one drawn on top first.
function musclesAt(root, x, y) {
  const hits = root.getRootNode().elementsFromPoint(x, y);
  return [...new Set(hits.map((el) => el.closest?.('.muscle[role="button"]')).filter(Boolean))];
}

function pickMuscle(root, el, event) {
  const chosen = root.__shown;
  let target = el;
  if (event && event.clientX !== undefined && event.detail > 0) {
    const stack = musclesAt(root, event.clientX, event.clientY);
    const current = stack.findIndex((m) => sameSelection({ muscle: m.dataset.muscle, side: m.dataset.side }, chosen));
    if (current >= 0 && stack.length > 1) target = stack[(current + 1) % stack.length]; // the same spot again: the next one
    const next = stack[(stack.indexOf(target) + 1) % stack.length];
    say(root, stack.length > 1 && next !== target ? `Also here: ${next.getAttribute("aria-label")}. Tap again to choose it.` : "");
  }
  choose(root, { muscle: target.dataset.muscle, side: target.dataset.side });
}

function showMarks(root, marked) {
  root.__marks = marked;
  const svg = figureOf(root);
  svg.querySelectorAll(".zone.marked").forEach((el) => {
    el.classList.remove("marked");
    el.style.removeProperty("--level");
    el.setAttribute("aria-pressed", "false");
  });
  for (const mark of marked) {
    const side = mark.side ? `[data-side="${CSS.escape(mark.side)}"]` : ":not([data-side])";
    svg.querySelectorAll(`.zone[data-zone="${CSS.escape(mark.zone)}"]${side}`).forEach((el) => {
      el.classList.add("marked");
      el.setAttribute("aria-pressed", "true");
      el.style.setProperty("--level", String(mark.level / 10));
    });
  }
}

function samePlaces(a, b) {
  const places = (marks) => marks.map((m) => `${m.zone}:${m.side || ""}`).sort().join();
  return places(a) === places(b);
}

// Marks start from what the figure shows, never from the server's data, which stays as the server sent it: an
// unconfirmed mark is undone from that, and does not ride along with the next one.
function toggleZone(root, el) {
  const shown = root.__marks;
  const [zone, side] = [el.dataset.zone, el.dataset.side || null];
  const others = shown.filter((m) => !(m.zone === zone && (m.side || null) === side));
  const marks = others.length < shown.length ? others : [...shown, { zone, side, level: root.__data.default_intensity }];
  showMarks(root, marks);
  propose(root, "marked", marks, (data) => samePlaces(data.marked, marks));
}

// What a press on each kind of button does: the one place the two modes differ in behaviour.
const BUTTONS = {
  muscle: { selector: '.muscle[role="button"]', press: pickMuscle },
  zone: { selector: '.zone[role="button"]', press: (root, el) => toggleZone(root, el) },
};

// What the server's data shows in each mode.
const SHOW = {
  muscle: (root, data) => {
    if (!caughtUp(root, data)) return;
    if (root.__answerWanted) scrollToPanel(data.selected);
    root.__answerWanted = false;
    showSelection(root, data.selected);
  },
  zone: (root, data) => {
    if (caughtUp(root, data)) showMarks(root, data.marked);
    drawPattern(root, data.overlay);
    const asked = data.overlay && root.__overlay !== undefined && !sameSelection(data.overlay, root.__overlay);
    root.__overlay = data.overlay;
    if (asked) bringFigureIntoView(root, muscleEl(figureOf(root), data.overlay));
  },
};

function bindFigure(root) {
  const svg = figureOf(root);
  const kind = BUTTONS[svg.dataset.buttons];
  const target = (event) => event.target.closest(kind.selector);
  svg.addEventListener("click", (event) => {
    const el = target(event);
    if (el) kind.press(root, el, event);
  });
  svg.addEventListener("keydown", (event) => {
    const el = target(event);
    if (el && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      kind.press(root, el, null);
    }
  });
}

function bindExploreControls(root, muscles) {
  const select = root.querySelector(".muscle-select");
  if (!select) return;
  for (const muscle of muscles) {
    const option = document.createElement("option");
    option.value = muscle.id;
    option.textContent = muscle.name;
    select.appendChild(option);
  }
  select.disabled = false;
  const side = () => root.querySelector('[data-side-choice][aria-pressed="true"]')?.dataset.sideChoice || "right";
  select.onchange = () => choose(root, { muscle: select.value, side: side() });
  root.querySelectorAll("[data-side-choice]").forEach((button) => {
    button.onclick = () => choose(root, { muscle: select.value, side: button.dataset.sideChoice });
  });
  const svg = figureOf(root);
  const layers = root.querySelectorAll("[data-layer]");
  layers.forEach((button) => {
    button.onclick = () => {
      svg.classList.toggle("hide-deep", button.dataset.layer === "superficial");
      svg.classList.toggle("hide-superficial", button.dataset.layer === "deep");
      layers.forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    };
  });
}

// ---- the window: which part of the canvas the figure shows ------------------------------------

function parseBox(text) {
  const [x, y, w, h] = text.trim().split(/\s+/).map(Number);
  return { x, y, w, h };
}

function isNarrow() {
  return window.matchMedia(`(max-width: ${NARROW_PX}px)`).matches;
}

// The named windows: the whole canvas, and each view's lumbopelvic window (data-focus, from the figure file).
function windowPresets(svg) {
  const presets = { whole: parseBox(svg.getAttribute("viewBox")) };
  svg.querySelectorAll(".view[data-focus]").forEach((view) => { presets[view.dataset.view] = parseBox(view.dataset.focus); });
  return presets;
}

function clamp(value, low, high) {
  return Math.min(Math.max(value, low), Math.max(low, high));
}

// Show `box` (canvas units), kept inside the canvas; `preset` names the button that stays pressed.
function setWindow(root, box, preset = root.__preset) {
  const svg = figureOf(root);
  const whole = root.__presets.whole;
  const x = box.w >= whole.w ? whole.x - (box.w - whole.w) / 2 : clamp(box.x, whole.x, whole.x + whole.w - box.w);
  const y = box.h >= whole.h ? whole.y - (box.h - whole.h) / 2 : clamp(box.y, whole.y, whole.y + whole.h - box.h);
  root.__window = { x, y, w: box.w, h: box.h };
  root.__preset = preset;
  svg.setAttribute("viewBox", `${x} ${y} ${box.w} ${box.h}`);
  const base = root.__presets[preset];
  svg.classList.toggle("zoomed", box.w < base.w - 0.5);
  root.querySelectorAll("[data-window]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.window === preset)));
  root.querySelector('[data-zoom="out"]').disabled = box.w >= whole.w && box.h >= whole.h;
  root.querySelector('[data-zoom="in"]').disabled = box.w <= CLOSEST_UNITS;
}

function showPreset(root, name) {
  setWindow(root, root.__presets[name] || root.__presets.whole, root.__presets[name] ? name : "whole");
}

// Zoom by `factor` (>1 shows more) keeping the canvas point (cx, cy) where it is on screen.
function zoomAt(root, factor, cx, cy) {
  const win = root.__window;
  const whole = root.__presets.whole;
  const most = Math.max(whole.w / win.w, whole.h / win.h); // the factor that shows the whole canvas
  const f = clamp(factor, CLOSEST_UNITS / win.w, most);
  setWindow(root, { x: cx - (cx - win.x) * f, y: cy - (cy - win.y) * f, w: win.w * f, h: win.h * f });
}

function zoomCentre(root, factor) {
  const win = root.__window;
  zoomAt(root, factor, win.x + win.w / 2, win.y + win.h / 2);
}

// The canvas point under a screen point.
function canvasPoint(root, clientX, clientY) {
  const point = new DOMPoint(clientX, clientY).matrixTransform(figureOf(root).getScreenCTM().inverse());
  return { x: point.x, y: point.y };
}

// The preset whose window holds an element's centre: the view a muscle, zone or pattern is drawn in.
function presetHolding(root, el) {
  const box = el.getBBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const inside = (b) => cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h;
  return Object.keys(root.__presets).find((name) => name !== "whole" && inside(root.__presets[name])) || "whole";
}

// Bring an element into the window if it is outside it: its view's window, or the whole body.
function reveal(root, el) {
  if (!el || !isNarrow()) return;
  const box = el.getBBox();
  const win = root.__window;
  const visible = box.x + box.width / 2 > win.x && box.x + box.width / 2 < win.x + win.w
    && box.y + box.height / 2 > win.y && box.y + box.height / 2 < win.y + win.h;
  if (!visible) showPreset(root, presetHolding(root, el));
}

// Two fingers zoom and move the figure; one finger scrolls the page (touch-action in the CSS), so the
// figure never traps the page. A mouse drags a zoomed figure.
function bindGestures(root, svg) {
  let pinch = null;
  const pair = (touches) => {
    const [a, b] = [touches[0], touches[1]];
    return { d: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY), x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2 };
  };
  svg.addEventListener("touchstart", (event) => {
    if (event.touches.length !== 2) return;
    event.preventDefault();
    const start = pair(event.touches);
    pinch = { start, window: { ...root.__window }, anchor: canvasPoint(root, start.x, start.y) };
  }, { passive: false });
  svg.addEventListener("touchmove", (event) => {
    if (!pinch || event.touches.length !== 2) {
      if (event.touches.length === 1 && svg.classList.contains("zoomed")) say(root, "Use two fingers to move the figure; one finger scrolls the page.");
      return;
    }
    if (event.cancelable) event.preventDefault();
    const now = pair(event.touches);
    const f = pinch.start.d / Math.max(now.d, 1);
    const win = pinch.window;
    const rect = svg.getBoundingClientRect();
    const whole = root.__presets.whole;
    const w = clamp(win.w * f, CLOSEST_UNITS, win.w * Math.max(whole.w / win.w, whole.h / win.h));
    const h = win.h * (w / win.w);
    const fx = (now.x - rect.left) / rect.width;
    const fy = (now.y - rect.top) / rect.height;
    setWindow(root, { x: pinch.anchor.x - fx * w, y: pinch.anchor.y - fy * h, w, h });
  }, { passive: false });
  svg.addEventListener("touchend", (event) => { if (event.touches.length < 2) pinch = null; });

  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "mouse" && event.button === 0 && svg.classList.contains("zoomed")) {
      drag = { x: event.clientX, y: event.clientY, window: { ...root.__window }, moved: false };
    }
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag || !(event.buttons & 1)) return;
    const rect = svg.getBoundingClientRect();
    const [dx, dy] = [event.clientX - drag.x, event.clientY - drag.y];
    if (!drag.moved && Math.hypot(dx, dy) < 5) return;
    drag.moved = true;
    const win = drag.window;
    setWindow(root, { ...win, x: win.x - (dx / rect.width) * win.w, y: win.y - (dy / rect.height) * win.h });
  });
  svg.addEventListener("click", (event) => {
    if (drag?.moved) event.stopImmediatePropagation(); // the end of a drag is not a choice
    drag = null;
  }, { capture: true });
}

function bindWindowControls(root) {
  root.__presets = windowPresets(figureOf(root));
  root.querySelectorAll("[data-window]").forEach((button) => { button.onclick = () => showPreset(root, button.dataset.window); });
  root.querySelector('[data-zoom="in"]').onclick = () => zoomCentre(root, 1 / ZOOM_STEP);
  root.querySelector('[data-zoom="out"]').onclick = () => zoomCentre(root, ZOOM_STEP);
  showPreset(root, isNarrow() ? "back" : "whole");
  root.querySelector(".legend").open = !isNarrow();
}

// ---- keyboard: one tab stop for the figure, arrow keys to the neighbouring region ------------------

const ARROWS = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right" };

function focusButton(root, el) {
  const svg = figureOf(root);
  svg.querySelectorAll('[role="button"][tabindex="0"]').forEach((b) => b.setAttribute("tabindex", "-1"));
  el.setAttribute("tabindex", "0");
  reveal(root, el);
  el.focus();
}

function bindKeyboard(root, selector) {
  const svg = figureOf(root);
  const name = root.querySelector(".focus-name");
  svg.addEventListener("keydown", (event) => {
    const el = event.target.closest(selector);
    const id = el && ARROWS[event.key] && el.dataset[ARROWS[event.key]];
    if (!id) return;
    event.preventDefault();
    const next = svg.querySelector(`#${CSS.escape(id)}`);
    if (next) focusButton(root, next);
  });
  svg.addEventListener("focusin", (event) => {
    const el = event.target.closest(selector);
    if (!el) return;
    svg.querySelectorAll('[role="button"][tabindex="0"]').forEach((b) => { if (b !== el) b.setAttribute("tabindex", "-1"); });
    el.setAttribute("tabindex", "0");
    name.textContent = el.getAttribute("aria-label");
  });
  svg.addEventListener("focusout", () => { name.textContent = ""; });
}

// The skip link at the top of the page (a plain link in the page, outside this component) lands here.
function bindSkipLink(root) {
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.('a[href="#tm-figure"]');
    const svg = figureOf(root);
    if (!link || !svg || !root.isConnected) return;
    event.preventDefault();
    const current = svg.querySelector('[role="button"][tabindex="0"]');
    root.querySelector(".figure-wrap").scrollIntoView({ block: "start" });
    if (current) focusButton(root, current);
  });
}

// ---- after a choice on a phone: the answer in view -----------------------------------------------

// The panel's head for a selection, once the server has drawn it (same rerun as this component's data).
function scrollToPanel(selection, tries = 60) {
  const head = document.querySelector(
    `.tm-panel-head[data-muscle="${CSS.escape(selection.muscle)}"][data-side="${CSS.escape(selection.side)}"]`,
  );
  if (head) head.scrollIntoView({ block: "start", behavior: "smooth" });
  else if (tries > 0) setTimeout(() => scrollToPanel(selection, tries - 1), 50);
}

function bringFigureIntoView(root, el) {
  reveal(root, el);
  root.querySelector(".figure-wrap").scrollIntoView({ block: "start", behavior: "smooth" });
}

// One fetch per URL for the whole page visit; reruns reuse it.
const requests = new Map();

function load(url, as) {
  if (!requests.has(url)) {
    const request = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return as === "json" ? response.json() : response.text();
    });
    request.catch(() => requests.delete(url));
    requests.set(url, request);
  }
  return requests.get(url);
}

// The SVG comes from our own server (labels escaped there) and is parsed as an SVG document, never as HTML.
function mountFigure(root, url, markup) {
  const svg = new DOMParser().parseFromString(markup, "image/svg+xml").documentElement;
  const holder = root.querySelector(".figure");
  holder.replaceChildren(document.importNode(svg, true));
  holder.dataset.src = url;
  holder.removeAttribute("aria-busy");
}

export default function ({ parentElement, data, setTriggerValue }) {
  const root = parentElement;
  root.__data = data;
  root.__setTriggerValue = setTriggerValue;
  const holder = root.querySelector(".figure");
  if (holder.dataset.src === data.figure) {
    SHOW[figureOf(root).dataset.buttons](root, data);
    return;
  }
  Promise.all([load(data.figure, "text"), load(data.index, "json")]).then(([markup, index]) => {
    const latest = root.__data;
    if (latest.figure !== data.figure) return;
    root.__index = index;
    mountFigure(root, data.figure, markup);
    bindFigure(root);
    bindGestures(root, figureOf(root));
    bindWindowControls(root);
    bindKeyboard(root, BUTTONS[figureOf(root).dataset.buttons].selector);
    bindSkipLink(root);
    bindExploreControls(root, index.muscles);
    SHOW[figureOf(root).dataset.buttons](root, latest);
  }).catch((error) => {
    console.error(error);
    holder.textContent = "The body map could not be loaded. Reload the page to try again.";
  });
}
