"""Headless Chromium: clicks and first loads timed inside the page, and the recording of what a page sends."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from statistics import median

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
CLICK_TIMEOUT_MS, LOAD_TIMEOUT_MS = 10_000, 60_000
RECORDED_CLICKS = 8

# In every page. bench.shownAt: performance.now() (ms since navigation start) in the first animation frame where the
# figure (app) or the "Count" heading (bare app) is visible. bench.click: clicks a region of the figure (muscle null:
# the bare app's button); panel: ms until an h2/h3 reads `expected`, checked once per frame; feedback: ms until
# aria-pressed="true" is set on the region and the next requestAnimationFrame callback has run.
PAGE_JS = r"""
window.bench = (() => {
  const bench = {}, now = () => performance.now();
  const figure = () => {  // the body map is in a component's open shadow root
    for (const el of document.querySelectorAll("*")) {
      if (el.shadowRoot?.querySelector("svg.bodymap")) return el.shadowRoot;
    }
  };
  const heading = (tags, test) => [...document.querySelectorAll(tags)].find((h) => test(h.textContent.trim()));
  const area = (el) => el.getBoundingClientRect().width * el.getBoundingClientRect().height;
  const visible = (el) => el?.checkVisibility() && area(el) > 0;
  const poll = () => {
    const svg = figure()?.querySelector("svg.bodymap"), count = heading("h3", (text) => /^Count \d+$/.test(text));
    if ((visible(svg) && svg.querySelector(".muscle[data-muscle]")) || visible(count)) bench.shownAt = now();
    else if (now() < 60000) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  bench.muscles = () => [...(figure()?.querySelectorAll('.muscle[role="button"][data-muscle][data-side]') ?? [])]
    .map((el) => [el.dataset.muscle, el.dataset.side]);
  bench.click = (muscle, side, expected, timeoutMs) => new Promise((resolve) => {
    const el = muscle ? figure()?.querySelector(`.muscle[data-muscle="${muscle}"][data-side="${side}"]`)
      : document.querySelector('[data-testid="stButton"] button');
    if (!el) return resolve({error: "nothing to click"});
    const out = {panel: null, feedback: null, error: null}, t0 = now();
    const pressed = () => el.getAttribute("aria-pressed") === "true";
    const onPressed = () => requestAnimationFrame(() => { out.feedback = now() - t0; });
    el.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
    if (muscle && pressed()) onPressed();
    else if (muscle) new MutationObserver((_, observer) => { if (pressed()) { observer.disconnect(); onPressed(); } })
      .observe(el, {attributes: true, attributeFilter: ["aria-pressed"]});
    const check = () => {
      if (document.querySelector('[data-testid="stException"]')) out.error = "an exception is shown";
      else if (out.panel === null && heading("h2, h3", (text) => text === expected)) out.panel = now() - t0;
      if (out.error || (out.panel !== null && (!muscle || out.feedback !== null))) resolve(out);
      else if (now() - t0 > timeoutMs) resolve({...out, error: `timed out (panel ${out.panel}, ${out.feedback})`});
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  return bench;
})();
"""
# In the recording page: the WebSocket's URL and subprotocols, and every binary frame the page sends, in order.
RECORDER_JS = r"""
(() => {
  const sent = window.__benchSent = [], Native = window.WebSocket, send = Native.prototype.send;
  window.WebSocket = new Proxy(Native, {construct(target, args) {
    window.__benchSocket = {url: String(args[0]), protocols: [].concat(args[1] ?? [])};
    return new target(...args);
  }});
  Native.prototype.send = function (data) {
    if (typeof data !== "string") sent.push([...new Uint8Array(data.buffer ?? data, data.byteOffset, data.byteLength)]);
    return send.call(this, data);
  };
})();
"""


@dataclass
class Step:
    """A recorded click on a muscle (the bare app's button: muscle None) and the frames the page sent for it."""
    muscle: str | None = None
    side: str | None = None
    heading: str | None = None  # the panel heading it shows
    frames: list[bytes] = field(default_factory=list)


@dataclass
class Recording:
    """A page left open after recording: how its WebSocket was opened, what it sent to connect, its clicks."""
    page: object
    origin: str
    socket: dict  # url, protocols
    connect: list[bytes]
    ready: str  # text the first run always sends
    steps: list[Step]
    cookies: dict[str, str] = field(default_factory=dict)
    clicks: int = 0  # made in the page

    def step(self, k: int) -> Step:
        return self.steps[k % len(self.steps)]

    async def click(self) -> dict:
        """The page's next click, timed in the page (ms)."""
        step, self.clicks = self.step(self.clicks), self.clicks + 1
        call = self.page.evaluate("(args) => bench.click(...args)",
                                  [step.muscle, step.side, step.heading or f"Count {self.clicks}", CLICK_TIMEOUT_MS])
        result = await asyncio.wait_for(call, CLICK_TIMEOUT_MS / 1000 + 10)
        if result["error"]:
            raise RuntimeError(f"click on {step.muscle or 'the button'}: {result['error']}")
        return result


async def open_page(browser, url: str, *scripts: str):
    """A page in a new context (empty cache, new session), navigating to `url`."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    for script in (PAGE_JS, *scripts):
        await context.add_init_script(script)
    page = await context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    await page.goto(f"{url}/", wait_until="commit")
    return page


def click_plan(pairs: list[list[str]], names: dict[str, str]) -> list[Step]:
    """RECORDED_CLICKS different muscles of the figure, alternating sides: each click changes muscle and side."""
    steps = []
    for muscle in list(dict.fromkeys(m for m, _ in pairs if m in names))[:RECORDED_CLICKS]:
        side = ("left", "right")[len(steps) % 2]
        side = side if [muscle, side] in pairs else {"left": "right", "right": "left"}[side]
        steps.append(Step(muscle, side, f"{names[muscle]} · {side}"))
    if len(steps) < 2:
        raise RuntimeError(f"fewer than 2 clickable muscles on the figure: {pairs}")
    return steps


async def record(browser, url: str, ready: str, names: dict[str, str] | None) -> Recording:
    """Open `url`, keep what its WebSocket sent to connect, click muscles (names None: the bare app's button, once)
    and keep each click's frames. `ready`: text in every first run's answer, the end of a replayed connect."""
    page = await open_page(browser, url, RECORDER_JS)
    await page.locator('svg.bodymap .muscle, [data-testid="stButton"] button').first.wait_for()

    async def sent(start: int) -> list[bytes]:
        return [bytes(frame) for frame in await page.evaluate("(start) => window.__benchSent.slice(start)", start)]
    rec = Recording(page, url, await page.evaluate("window.__benchSocket"), await sent(0), ready,
                    click_plan(await page.evaluate("bench.muscles()"), names) if names else [Step()])
    for step in rec.steps:
        before = len(rec.connect) + sum(len(s.frames) for s in rec.steps)
        await rec.click()
        step.frames = await sent(before)
        if not step.frames:
            raise RuntimeError(f"the click on {step.muscle or 'the button'} sent nothing")
    rec.cookies = {c["name"]: c["value"] for c in await page.context.cookies(url)}
    return rec


async def in_turns(n: int, warmups: int, *measures) -> list[list]:
    """Each measure n times after `warmups` discarded, taking turns (a, b, a, b, ...) so all see the same noise."""
    rounds = [[await measure() for measure in measures] for _ in range(warmups + n)]
    return [list(samples) for samples in zip(*rounds[warmups:], strict=True)]


async def clicks(app: Recording, bare: Recording, n: int) -> list[tuple]:
    """n clicks on each app's recording page, after 5 warm-ups."""
    app_clicks, bare_clicks = await in_turns(n, 5, app.click, bare.click)
    panel, bare_panel = [c["panel"] for c in app_clicks], [c["panel"] for c in bare_clicks]
    feedback = [c["feedback"] for c in app_clicks]
    return [("click_panel_app_ms", "click -> panel, app (median)", median(panel), "ms", n),
            ("click_panel_bare_ms", "click -> heading, bare app (median)", median(bare_panel), "ms", n),
            ("click_panel_ratio", "click -> panel, app / bare", median(panel) / median(bare_panel), "x", n),
            ("feedback_median_ms", "click -> on-figure feedback (median)", median(feedback), "ms", n),
            ("feedback_p95_ms", "click -> on-figure feedback (p95)", p95(feedback), "ms", n)]


async def first_load(browser, url: str) -> float:
    page = await open_page(browser, url)
    try:
        await page.wait_for_function("() => window.bench?.shownAt !== undefined")
        return await page.evaluate("bench.shownAt")
    finally:
        await page.context.close()


async def first_loads(browser, app_url: str, bare_url: str, n: int) -> list[tuple]:
    """n first loads of each app, after 2 warm-ups, each in a new context."""
    app, bare = await in_turns(n, 2, lambda: first_load(browser, app_url), lambda: first_load(browser, bare_url))
    return [("first_load_app_ms", "first load -> figure shown, app (median)", median(app), "ms", n),
            ("first_load_bare_ms", "first load -> heading shown, bare (median)", median(bare), "ms", n),
            ("first_load_ratio", "first load, app / bare", median(app) / median(bare), "x", n)]


def p95(values: list[float]) -> float:
    """Nearest rank."""
    return sorted(values)[max(0, -(-95 * len(values) // 100) - 1)]
