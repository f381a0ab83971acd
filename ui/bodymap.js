// The body map in the browser. Clicks and keys change the figure at once
// (aria-pressed, highlight, referral pattern) and then tell the server.
// Ids from the server's data are used only in attribute selectors and
// classList; the one piece of markup is the figure, fetched from our own
// server and parsed as SVG (see mountFigure).

function regionEl(svg, region) {
  return svg.querySelector(`[data-zone="${CSS.escape(region)}"]`);
}

function clearClasses(svg, ...names) {
  for (const name of names) {
    svg.querySelectorAll(`.${name}`).forEach((el) => el.classList.remove(name));
  }
}

function showTriggerPoints(svg, pattern, side) {
  const marks = new Set(pattern ? pattern.tps : []);
  svg.querySelectorAll(".tp").forEach((tp) => {
    tp.classList.toggle("shown", marks.has(tp.dataset.tp) && tp.dataset.side === side);
  });
}

// Explore: the zones themselves are filled.
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

function showSelection(svg, data, key) {
  svg.querySelectorAll('.muscle[aria-pressed="true"]').forEach((el) => el.setAttribute("aria-pressed", "false"));
  if (!key) return showPattern(svg, null, null);
  const [muscle, side] = [key.slice(0, key.lastIndexOf("_")), key.slice(key.lastIndexOf("_") + 1)];
  const el = svg.querySelector(`[data-muscle="${CSS.escape(muscle)}"][data-side="${CSS.escape(side)}"]`);
  el?.setAttribute("aria-pressed", "true");
  showPattern(svg, data.patterns[key], side);
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
    showSelection(svg, data, data.selected);
  } else {
    showMarks(svg, data.marked);
    showOverlay(svg, data.overlay, data.overlay_side);
  }
}

function activate(root, el, setTriggerValue) {
  const data = root.__triggermap;
  const svg = root.querySelector("svg");
  if (data.mode === "explore" && el.dataset.muscle) {
    const key = `${el.dataset.muscle}_${el.dataset.side}`;
    showSelection(svg, data, key);
    setTriggerValue("select", key);
  } else if (data.mode === "pain" && el.dataset.zone) {
    const marked = { ...data.marked };
    if (el.dataset.zone in marked) delete marked[el.dataset.zone];
    else marked[el.dataset.zone] = data.default_intensity;
    data.marked = marked;
    showMarks(svg, marked);
    setTriggerValue("marked", marked);
  }
}

function bindLayerButtons(root) {
  const svg = root.querySelector("svg");
  root.querySelectorAll("[data-layer]").forEach((button) => {
    button.onclick = () => {
      const layer = button.dataset.layer;
      svg.classList.toggle("hide-deep", layer === "superficial");
      svg.classList.toggle("hide-superficial", layer === "deep");
      root.querySelectorAll("[data-layer]").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    };
  });
}

// One fetch per figure URL for the whole page visit; reruns reuse it.
const figureRequests = new Map();

function loadFigure(url) {
  if (!figureRequests.has(url)) {
    const request = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`figure ${response.status}`);
      return response.text();
    });
    request.catch(() => figureRequests.delete(url));
    figureRequests.set(url, request);
  }
  return figureRequests.get(url);
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
  const setTriggerValue = (name, value) => root.__setTriggerValue(name, value);
  const svg = root.querySelector("svg");
  const target = (event) => event.target.closest('[role="button"][data-muscle], [role="button"][data-zone]');
  svg.onclick = (event) => {
    const el = target(event);
    if (el) activate(root, el, setTriggerValue);
  };
  svg.onkeydown = (event) => {
    const el = target(event);
    if (el && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      activate(root, el, setTriggerValue);
    }
  };
  bindLayerButtons(root);
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
  loadFigure(data.figure).then((markup) => {
    const latest = root.__triggermap;
    if (latest.figure !== data.figure) return;
    mountFigure(root, data.figure, markup);
    bindFigure(root);
    render(root, latest);
  }).catch(() => {
    holder.textContent = "The body map could not be loaded. Reload the page, or use the list instead.";
  });
}
