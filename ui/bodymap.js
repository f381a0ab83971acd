// The body map in the browser. A click, tap or key changes the figure at once (aria-pressed, the pattern)
// and then tells the server. The figure's mode is one attribute of the SVG, data-buttons: "muscle" (the
// explorer) or "zone" (the pain drawing); BUTTONS below holds what each kind of button does.
// Ids from the server's data are used only in attribute selectors, classList and option values; muscle
// names go in as textContent. The one piece of markup is the figure, fetched from our own server and
// parsed as SVG (see mountFigure); patterns are path data from the same server, set as attributes.

const SVG_NS = "http://www.w3.org/2000/svg";
const CONFIRM_MS = 8000; // a choice the server has not confirmed by then is undone (lost while offline)

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
  muscleEl(svg, selection)?.setAttribute("aria-pressed", "true");
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

// A choice made in the browser: show it now, tell the server, and undo it if the server never hears of it
// (a click while the connection was down): the figure then shows what the panel and the address show.
function choose(root, selection) {
  showSelection(root, selection);
  root.__pending = selection;
  clearTimeout(root.__undo);
  root.__undo = setTimeout(() => {
    root.__pending = null;
    showSelection(root, root.__data.selected);
  }, CONFIRM_MS);
  afterPaint(() => root.__setTriggerValue("select", { muscle: selection.muscle || "", side: selection.side }));
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
    if (current >= 0 && stack.length > 1) target = stack[(current + 1) % stack.length]; // the same spot again: go deeper
    const next = stack[(stack.indexOf(target) + 1) % stack.length];
    say(root, stack.length > 1 && next !== target ? `Deeper here: ${next.getAttribute("aria-label")}. Tap again to choose it.` : "");
  }
  choose(root, { muscle: target.dataset.muscle, side: target.dataset.side });
}

function showMarks(root, marked) {
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

function toggleZone(root, el) {
  const data = root.__data;
  const [zone, side] = [el.dataset.zone, el.dataset.side || null];
  const others = data.marked.filter((m) => !(m.zone === zone && (m.side || null) === side));
  data.marked = others.length < data.marked.length ? others : [...data.marked, { zone, side, level: data.default_intensity }];
  showMarks(root, data.marked);
  const sent = data.marked;
  afterPaint(() => root.__setTriggerValue("marked", sent));
}

// What a press on each kind of button does: the one place the two modes differ in behaviour.
const BUTTONS = {
  muscle: { selector: '.muscle[role="button"]', press: pickMuscle },
  zone: { selector: '.zone[role="button"]', press: (root, el) => toggleZone(root, el) },
};

// What the server's data shows in each mode.
const SHOW = {
  muscle: (root, data) => {
    if (root.__pending && !sameSelection(root.__pending, data.selected)) return; // the server has not caught up yet
    root.__pending = null;
    clearTimeout(root.__undo);
    showSelection(root, data.selected);
  },
  zone: (root, data) => {
    showMarks(root, data.marked);
    drawPattern(root, data.overlay);
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
    bindExploreControls(root, index.muscles);
    SHOW[figureOf(root).dataset.buttons](root, latest);
  }).catch((error) => {
    console.error(error);
    holder.textContent = "The body map could not be loaded. Reload the page to try again.";
  });
}
