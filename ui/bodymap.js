// The body map in the browser. Clicks, keys and the explorer's controls change
// the figure at once (aria-pressed, highlight, referral pattern) and then tell
// the server. Ids from the server's data are used only in attribute selectors,
// classList and option values; muscle names go in as textContent. The one
// piece of markup is the figure, fetched from our own server and parsed as SVG
// (see mountFigure).

function regionEl(svg, region) {
  return svg.querySelector(`[data-zone="${CSS.escape(region)}"]`);
}

function clearClasses(svg, ...names) {
  for (const name of names) {
    svg.querySelectorAll(`.${name}`).forEach((el) => el.classList.remove(name));
  }
}

function splitKey(key) {
  const cut = key.lastIndexOf("_");
  return [key.slice(0, cut), key.slice(cut + 1)];
}

// The marks sit on the muscle's own side; a spot the person must not press
// themselves (pattern.no_press, from the content) gets the do-not-press glyph.
function showTriggerPoints(svg, pattern, side) {
  const marks = new Set(pattern ? pattern.tps : []);
  const noPress = new Set(pattern ? pattern.no_press : []);
  svg.querySelectorAll(".tp").forEach((tp) => {
    const shown = marks.has(tp.dataset.tp) && tp.dataset.side === side;
    tp.classList.toggle("shown", shown);
    if (!shown) return;
    const stop = noPress.has(tp.dataset.tp);
    tp.classList.toggle("no-press", stop);
    tp.setAttribute("href", stop ? "#tp-no-press" : "#tp-cross");
  });
}

// Explore: the zones themselves are filled. The regions are named with their
// side, so a pattern that reaches the other side (or both) is drawn there too.
function showPattern(svg, pattern, side) {
  clearClasses(svg, "essential", "spillover");
  for (const kind of ["essential", "spillover"]) {
    for (const region of pattern ? pattern[kind] : []) regionEl(svg, region)?.classList.add(kind);
  }
  showTriggerPoints(svg, pattern, side);
}

// Pain drawing: the pattern is drawn over the marks as copies of the zone outlines.
function showOverlay(svg, pattern, side) {
  const layer = svg.querySelector("#overlay");
  layer.replaceChildren();
  for (const kind of ["essential", "spillover"]) {
    for (const region of pattern ? pattern[kind] : []) {
      const zone = regionEl(svg, region);
      if (!zone) continue;
      const copy = document.createElementNS("http://www.w3.org/2000/svg", "path");
      copy.setAttribute("d", zone.getAttribute("d"));
      copy.setAttribute("class", `overlay-${kind}`);
      layer.appendChild(copy);
    }
  }
  showTriggerPoints(svg, pattern, side);
}

function syncControls(root, muscle, side) {
  const select = root.querySelector(".muscle-select");
  if (select) select.value = muscle;
  const sideButtons = [...root.querySelectorAll("[data-side-choice]")];
  pressOne(sideButtons, sideButtons.find((b) => b.dataset.sideChoice === side));
}

// key: "<muscle>_<side>", or null for no muscle. Drawing the same selection again is skipped:
// the server's answer to a click usually confirms what the click already drew.
function showSelection(root, key, side) {
  const shown = `${key}|${side}`;
  if (root.__shown === shown) return;
  root.__shown = shown;
  const svg = root.querySelector("svg");
  svg.querySelectorAll('.muscle[aria-pressed="true"]').forEach((el) => el.setAttribute("aria-pressed", "false"));
  const muscle = key ? splitKey(key)[0] : "";
  if (muscle) {
    svg.querySelector(`[data-muscle="${CSS.escape(muscle)}"][data-side="${CSS.escape(side)}"]`)
      ?.setAttribute("aria-pressed", "true");
  }
  showPattern(svg, muscle ? root.__index.patterns[key] : null, side);
  syncControls(root, muscle, side);
}

// After the next frame is painted: the person sees the highlight before the app does any other work.
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

// A choice made in the browser: show it now, then tell the server ("_left": no muscle, left side).
function choose(root, muscle, side) {
  const key = `${muscle}_${side}`;
  showSelection(root, muscle ? key : null, side);
  afterPaint(() => root.__setTriggerValue("select", key));
}

function showMarks(svg, marked) {
  svg.querySelectorAll(".zone.marked").forEach((el) => {
    el.classList.remove("marked");
    el.style.removeProperty("--intensity");
  });
  svg.querySelectorAll('.zone[aria-pressed="true"]').forEach((el) => el.setAttribute("aria-pressed", "false"));
  for (const [region, intensity] of Object.entries(marked)) {
    const el = regionEl(svg, region);
    if (!el) continue;
    el.classList.add("marked");
    el.setAttribute("aria-pressed", "true");
    el.style.setProperty("--intensity", String(0.25 + 0.75 * (intensity / 10)));
  }
}

function render(root, data) {
  const svg = root.querySelector("svg");
  if (data.mode === "explore") {
    showSelection(root, data.selected, data.side);
  } else {
    showMarks(svg, data.marked);
    showOverlay(svg, data.overlay, data.overlay_side);
  }
}

function activate(root, el) {
  const data = root.__triggermap;
  if (data.mode === "explore" && el.dataset.muscle) {
    choose(root, el.dataset.muscle, el.dataset.side);
  } else if (data.mode === "pain" && el.dataset.zone) {
    const marked = { ...data.marked };
    if (el.dataset.zone in marked) delete marked[el.dataset.zone];
    else marked[el.dataset.zone] = data.default_intensity;
    data.marked = marked;
    showMarks(root.querySelector("svg"), marked);
    afterPaint(() => root.__setTriggerValue("marked", marked));
  }
}

function pressOne(buttons, chosen) {
  buttons.forEach((b) => b.setAttribute("aria-pressed", String(b === chosen)));
}

function bindLayerButtons(root) {
  const svg = root.querySelector("svg");
  const buttons = root.querySelectorAll("[data-layer]");
  buttons.forEach((button) => {
    button.onclick = () => {
      const layer = button.dataset.layer;
      svg.classList.toggle("hide-deep", layer === "superficial");
      svg.classList.toggle("hide-superficial", layer === "deep");
      pressOne(buttons, button);
    };
  });
}

function bindExploreControls(root, muscles) {
  const select = root.querySelector(".muscle-select");
  for (const muscle of muscles) {
    const option = document.createElement("option");
    option.value = muscle.id;
    option.textContent = muscle.name;
    select.appendChild(option);
  }
  select.disabled = false;
  const side = () => root.querySelector('[data-side-choice][aria-pressed="true"]')?.dataset.sideChoice || "right";
  select.onchange = () => choose(root, select.value, side());
  root.querySelectorAll("[data-side-choice]").forEach((button) => {
    button.onclick = () => choose(root, select.value, button.dataset.sideChoice);
  });
  bindLayerButtons(root);
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

// The SVG comes from our own server (labels escaped there) and is parsed as
// an SVG document, never as HTML.
function mountFigure(root, url, markup) {
  const svg = new DOMParser().parseFromString(markup, "image/svg+xml").documentElement;
  const holder = root.querySelector(".figure");
  holder.replaceChildren(document.importNode(svg, true));
  holder.dataset.src = url;
  holder.removeAttribute("aria-busy");
}

function bindFigure(root) {
  const svg = root.querySelector("svg");
  const target = (event) => event.target.closest('[role="button"][data-muscle], [role="button"][data-zone]');
  svg.onclick = (event) => {
    const el = target(event);
    if (el) activate(root, el);
  };
  svg.onkeydown = (event) => {
    const el = target(event);
    if (el && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      activate(root, el);
    }
  };
}

export default function ({ parentElement, data, setTriggerValue }) {
  const root = parentElement;
  root.__triggermap = data;
  root.__setTriggerValue = setTriggerValue;
  const holder = root.querySelector(".figure");
  if (holder.dataset.src === data.figure) {
    render(root, data);
    return;
  }
  const index = data.index ? load(data.index, "json") : Promise.resolve(null);
  Promise.all([load(data.figure, "text"), index]).then(([markup, figureIndex]) => {
    const latest = root.__triggermap;
    if (latest.figure !== data.figure) return;
    root.__index = figureIndex;
    mountFigure(root, data.figure, markup);
    bindFigure(root);
    if (figureIndex) bindExploreControls(root, figureIndex.muscles);
    render(root, latest);
  }).catch(() => {
    holder.textContent = "The body map could not be loaded. Reload the page to try again.";
  });
}
