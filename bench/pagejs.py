"""JavaScript run inside the page: every browser figure is timed here, with performance.now().

Timing in the page leaves out Playwright's round trips between Python and the browser.
"""

# The body map lives in an open shadow root: find the host by walking the elements.
FIND_FIGURE = """
const findFigure = () => {
  const cached = window.__benchFigureRoot;
  if (cached && cached.isConnected && cached.querySelector("svg.bodymap")) return cached;
  for (const el of document.querySelectorAll("*")) {
    if (el.shadowRoot && el.shadowRoot.querySelector("svg.bodymap")) {
      window.__benchFigureRoot = el.shadowRoot;
      return el.shadowRoot;
    }
  }
  return null;
};
"""

HEADINGS = """
const headingIs = (text) => {
  for (const h of document.querySelectorAll("h2, h3")) if (h.textContent.trim() === text) return true;
  return false;
};
const hasException = () => document.querySelector('[data-testid="stException"]') !== null;
"""

# Dispatch the click, then poll once per animation frame until the heading shows `expected`.
# feedback: dispatch -> aria-pressed="true" set -> the next requestAnimationFrame callback.
# painted: the same, plus the rendering work of that frame (a task posted from the rAF callback).
WAIT_FOR_HEADING = """
const clickAndWait = (target, pressedEl, expected, timeoutMs) => new Promise((resolve) => {
  const out = {panel: null, feedback: null, painted: null, pressed: null, error: null};
  const afterPressed = (t0) => {
    out.pressed = performance.now() - t0;
    requestAnimationFrame(() => {
      out.feedback = performance.now() - t0;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { out.painted = performance.now() - t0; };
      channel.port2.postMessage(0);
    });
  };
  const t0 = performance.now();
  target.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
  if (pressedEl) {
    if (pressedEl.getAttribute("aria-pressed") === "true") afterPressed(t0);
    else {
      const observer = new MutationObserver(() => {
        if (pressedEl.getAttribute("aria-pressed") === "true") { observer.disconnect(); afterPressed(t0); }
      });
      observer.observe(pressedEl, {attributes: true, attributeFilter: ["aria-pressed"]});
    }
  }
  const poll = () => {
    const now = performance.now();
    if (hasException()) { out.error = "stException on the page"; return resolve(out); }
    if (out.panel === null && headingIs(expected)) {
      out.panel = now - t0;
      if (out.panel > timeoutMs) { out.error = `timeout: "${expected}" shown only after ${Math.round(out.panel)} ms`; return resolve(out); }
    }
    if (out.panel !== null && (!pressedEl || out.painted !== null)) return resolve(out);
    if (out.panel !== null && out.pressed === null) { out.error = 'aria-pressed="true" was never set'; return resolve(out); }
    if (now - t0 > timeoutMs) { out.error = `timeout: no heading "${expected}" after ${timeoutMs} ms`; return resolve(out); }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
});
"""

CLICK_MUSCLE = (
    "async ({muscle, side, expected, timeoutMs}) => {"
    + FIND_FIGURE
    + HEADINGS
    + WAIT_FOR_HEADING
    + """
  const root = findFigure();
  if (!root) return {error: "no body-map figure on the page"};
  const el = root.querySelector(`.muscle[data-muscle="${CSS.escape(muscle)}"][data-side="${CSS.escape(side)}"]`);
  if (!el) return {error: `no region for ${muscle} ${side}`};
  if (headingIs(expected)) return {error: `"${expected}" was already shown before the click`};
  return await clickAndWait(el, el, expected, timeoutMs);
}"""
)

CLICK_BARE = (
    "async ({timeoutMs}) => {"
    + HEADINGS
    + WAIT_FOR_HEADING
    + """
  const heading = [...document.querySelectorAll("h3")].find((h) => /^Count \\d+$/.test(h.textContent.trim()));
  const button = document.querySelector('[data-testid="stButton"] button');
  if (!heading || !button) return {error: "bare app: no heading or button"};
  const expected = `Count ${parseInt(heading.textContent.trim().slice(6), 10) + 1}`;
  return await clickAndWait(button, null, expected, timeoutMs);
}"""
)

# The clickable muscles of the figure, as [muscle id, side] pairs.
LIST_MUSCLES = (
    "() => {"
    + FIND_FIGURE
    + """
  const root = findFigure();
  if (!root) return [];
  return [...root.querySelectorAll('.muscle[role="button"][data-muscle][data-side]')]
    .map((el) => [el.dataset.muscle, el.dataset.side]);
}"""
)

# Installed before navigation (add_init_script): polls once per frame from the first frame and
# records performance.now() (ms since navigation start) when the target is shown.
_FIRST_SHOWN = """
(() => {
  const limitMs = 60000;
  FIND
  const shown = (el) => el && el.checkVisibility() && el.getBoundingClientRect().width > 0
    && el.getBoundingClientRect().height > 0;
  const check = () => { CHECK };
  const poll = () => {
    if (window.__benchShownAt !== undefined) return;
    if (check()) { window.__benchShownAt = performance.now(); return; }
    if (performance.now() > limitMs) { window.__benchShownAt = -1; return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""

FIRST_FIGURE = _FIRST_SHOWN.replace("FIND", FIND_FIGURE).replace(
    "CHECK",
    """const root = findFigure();
    const svg = root && root.querySelector("svg.bodymap");
    return shown(svg) && svg.querySelectorAll(".muscle[data-muscle]").length > 0;""",
)

FIRST_HEADING = _FIRST_SHOWN.replace("FIND", "").replace(
    "CHECK",
    """for (const h of document.querySelectorAll("h3")) if (/^Count \\d+$/.test(h.textContent.trim()) && shown(h)) return true;
    return false;""",
)

SHOWN_AT = "() => window.__benchShownAt"

# Where a first load spent its time: navigation timing, the resources fetched, and the figure's own fetch.
LOAD_BREAKDOWN = """() => {
  const nav = performance.getEntriesByType("navigation")[0] || {};
  const resources = performance.getEntriesByType("resource");
  const figure = resources.find((r) => r.name.includes("/figure/") && r.name.endsWith(".svg"));
  return {
    response_end: nav.responseEnd, dom_content_loaded: nav.domContentLoadedEventEnd, load_event: nav.loadEventEnd,
    resources: resources.length,
    transfer_kb: resources.reduce((sum, r) => sum + (r.transferSize || 0), 0) / 1024,
    last_resource_end: resources.reduce((m, r) => Math.max(m, r.responseEnd), 0),
    figure_fetch_start: figure ? figure.startTime : null, figure_fetch_end: figure ? figure.responseEnd : null,
  };
}"""
HAS_EXCEPTION = "() => document.querySelector('[data-testid=\"stException\"]') !== null"

# Installed before navigation (add_init_script): keeps, in order, every binary frame the page sends on a
# WebSocket (base64). Streamlit's frontend sends each BackMsg as one binary frame on /_stcore/stream.
RECORD_SENT_FRAMES = """
(() => {
  window.__benchSent = [];
  const toBase64 = (bytes) => {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (data instanceof ArrayBuffer) window.__benchSent.push(toBase64(new Uint8Array(data)));
    else if (ArrayBuffer.isView(data)) {
      window.__benchSent.push(toBase64(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    }
    return send.call(this, data);
  };
})();
"""

SENT_FRAMES = "() => window.__benchSent || []"
