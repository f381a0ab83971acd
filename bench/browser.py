"""The browser figures on headless Chromium, timed inside the page, and the recording of what a page sends."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from statistics import median

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
CLICK_TIMEOUT_MS = 10_000
LOAD_TIMEOUT_MS = 60_000
RECORDED_CLICKS = 8
CLICK_WARMUPS = 5
LOAD_WARMUPS = 2

# In every page: `bench.shownAt`, performance.now() (ms since navigation start) in the first animation frame where the
# figure (app) or the "Count" heading (bare app) is visible; and clicks timed until a heading reads `expected`.
PAGE_JS = r"""
window.bench = (() => {
  const bench = {};
  const figure = () => {  // the body map is in a component's open shadow root
    for (const el of document.querySelectorAll("*")) if (el.shadowRoot?.querySelector("svg.bodymap")) return el.shadowRoot;
    return null;
  };
  const visible = (el) => !!el && el.checkVisibility() && el.getBoundingClientRect().width > 0
    && el.getBoundingClientRect().height > 0;
  const count = () => [...document.querySelectorAll("h3")].find((h) => /^Count \d+$/.test(h.textContent.trim()));
  const poll = () => {
    const svg = figure()?.querySelector("svg.bodymap");
    if ((visible(svg) && svg.querySelector(".muscle[data-muscle]")) || visible(count())) bench.shownAt = performance.now();
    else if (performance.now() < 60000) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  bench.muscles = () => [...(figure()?.querySelectorAll('.muscle[role="button"][data-muscle][data-side]') ?? [])]
    .map((el) => [el.dataset.muscle, el.dataset.side]);
  // panel: until an h2/h3 reads `expected`, checked once per frame. feedback: until aria-pressed="true" is set on
  // the clicked region and the next requestAnimationFrame callback has run.
  const clickAndWait = (el, expected, pressable, timeoutMs) => new Promise((resolve) => {
    const out = {panel: null, feedback: null, error: null};
    const pressed = () => el.getAttribute("aria-pressed") === "true";
    const onPressed = () => requestAnimationFrame(() => { out.feedback = performance.now() - t0; });
    const t0 = performance.now();
    el.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
    if (pressable && pressed()) onPressed();
    else if (pressable) new MutationObserver((_, observer) => { if (pressed()) { observer.disconnect(); onPressed(); } })
      .observe(el, {attributes: true, attributeFilter: ["aria-pressed"]});
    const check = () => {
      const ms = performance.now() - t0;
      if (document.querySelector('[data-testid="stException"]')) out.error = "an exception is shown";
      else if (out.panel === null && [...document.querySelectorAll("h2, h3")].some((h) => h.textContent.trim() === expected)) out.panel = ms;
      if (out.error || (out.panel !== null && (!pressable || out.feedback !== null))) resolve(out);
      else if (ms > timeoutMs) resolve({...out, error: `"${expected}" after ${out.panel} ms, feedback after ${out.feedback} ms`});
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  bench.clickMuscle = (muscle, side, expected, timeoutMs) => {
    const el = figure()?.querySelector(`.muscle[data-muscle="${CSS.escape(muscle)}"][data-side="${CSS.escape(side)}"]`);
    return el ? clickAndWait(el, expected, true, timeoutMs) : {error: `no region ${muscle} ${side} on the figure`};
  };
  bench.clickBare = (timeoutMs) => {
    const heading = count(), button = document.querySelector('[data-testid="stButton"] button');
    if (!heading || !button) return {error: "no Count heading or button"};
    return clickAndWait(button, `Count ${parseInt(heading.textContent.trim().slice(6), 10) + 1}`, false, timeoutMs);
  };
  return bench;
})();
"""

# In the recording page only: the WebSocket's URL and subprotocols, and every binary frame the page sends, in order.
RECORDER_JS = r"""
(() => {
  const sent = window.__benchSent = [];
  const Native = window.WebSocket;
  window.WebSocket = new Proxy(Native, {construct(target, args) {
    window.__benchSocket = {url: String(args[0]), protocols: [].concat(args[1] ?? [])};
    return new target(...args);
  }});
  const send = Native.prototype.send;
  Native.prototype.send = function (data) {
    if (typeof data !== "string") sent.push(Array.from(new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength)));
    return send.call(this, data);
  };
})();
"""


@dataclass
class Step:
    """One recorded click: on a muscle (muscle, side and the panel heading it shows) or the bare app's button (None)."""

    muscle: str | None
    side: str | None
    heading: str | None
    frames: list[bytes] = field(default_factory=list)


@dataclass
class Recording:
    """A page left open after recording: how its WebSocket was opened, what it sent, and its clicks."""

    page: object
    origin: str
    socket: dict  # url, protocols
    cookies: dict[str, str]
    connect: list[bytes]
    ready: str  # text the first run always sends
    steps: list[Step]
    turn: itertools.cycle = field(init=False)

    def __post_init__(self) -> None:
        self.turn = itertools.cycle(self.steps)  # the page's next click

    def step(self, k: int) -> Step:
        return self.steps[k % len(self.steps)]


async def launch(playwright):
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


async def open_page(browser, url: str, *scripts: str):
    """A page in a new context (empty cache, new session), navigated to `url` until the response starts."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    for script in (PAGE_JS, *scripts):
        await context.add_init_script(script)
    page = await context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    await page.goto(f"{url}/", wait_until="commit")
    return page


async def shown_at(page) -> float:
    await page.wait_for_function("() => window.bench?.shownAt !== undefined")
    return await page.evaluate("bench.shownAt")


async def click(page, step: Step) -> dict:
    """Click a muscle on the figure (or the bare app's button); times in ms, measured in the page."""
    call = page.evaluate("([m, s, h, t]) => m ? bench.clickMuscle(m, s, h, t) : bench.clickBare(t)",
                         [step.muscle, step.side, step.heading, CLICK_TIMEOUT_MS])
    result = await asyncio.wait_for(call, CLICK_TIMEOUT_MS / 1000 + 10)
    if result["error"]:
        raise RuntimeError(f"click on {step.muscle or 'the button'} {step.side or ''}: {result['error']}")
    return result


async def click_next(recording: Recording) -> dict:
    return await click(recording.page, next(recording.turn))


def click_plan(pairs: list[list[str]], names: dict[str, str]) -> list[Step]:
    """RECORDED_CLICKS different muscles from the figure, alternating sides, so that every click changes both."""
    ids = list(dict.fromkeys(m for m, _ in pairs if m in names))[:RECORDED_CLICKS]
    if len(ids) < 2:
        raise RuntimeError(f"fewer than 2 clickable muscles on the figure: {pairs}")
    steps = []
    for k, muscle in enumerate(ids):
        side = ("left", "right")[k % 2]
        if [muscle, side] not in pairs:
            side = "right" if side == "left" else "left"
        steps.append(Step(muscle, side, f"{names[muscle]} · {side}"))
    return steps


async def record(browser, url: str, ready: str, names: dict[str, str] | None) -> Recording:
    """Open `url`, keep the frames its WebSocket sent to connect, then click (muscles, or the bare app's button once)
    and keep each click's frames. `ready`: text in the first run's answer, to know when a replayed connect is done."""
    page = await open_page(browser, url, RECORDER_JS)
    await page.locator('svg.bodymap .muscle, [data-testid="stButton"] button').first.wait_for()
    steps = click_plan(await page.evaluate("bench.muscles()"), names) if names else [Step(None, None, None)]
    connect = await page.evaluate("window.__benchSent.length")
    for step in steps:
        before = await page.evaluate("window.__benchSent.length")
        await click(page, step)
        step.frames = [bytes(f) for f in await page.evaluate("(n) => window.__benchSent.slice(n)", before)]
        if not step.frames:
            raise RuntimeError(f"the click on {step.muscle or 'the button'} sent nothing")
    cookies = {c["name"]: c["value"] for c in await page.context.cookies(url)}
    frames = [bytes(f) for f in await page.evaluate("(n) => window.__benchSent.slice(0, n)", connect)]
    return Recording(page, url, await page.evaluate("window.__benchSocket"), cookies, frames, ready, steps)


async def clicks(app: Recording, bare: Recording, n: int) -> list[tuple]:
    """n clicks on each app's recording page, taking turns (app, bare, app, ...) so both see the same noise."""
    app_ms, feedback_ms, bare_ms = [], [], []
    for i in range(CLICK_WARMUPS + n):
        a, b = await click_next(app), await click_next(bare)
        if i >= CLICK_WARMUPS:
            app_ms.append(a["panel"])
            feedback_ms.append(a["feedback"])
            bare_ms.append(b["panel"])
    return [("click_panel_app_ms", "click -> panel, app (median)", median(app_ms), "ms", n),
            ("click_panel_bare_ms", "click -> heading, bare app (median)", median(bare_ms), "ms", n),
            ("click_panel_ratio", "click -> panel, app / bare", median(app_ms) / median(bare_ms), "x", n),
            ("feedback_median_ms", "click -> on-figure feedback (median)", median(feedback_ms), "ms", n),
            ("feedback_p95_ms", "click -> on-figure feedback (p95)", p95(feedback_ms), "ms", n)]


async def first_load(browser, url: str) -> float:
    page = await open_page(browser, url)
    try:
        return await shown_at(page)
    finally:
        await page.context.close()


async def first_loads(browser, app_url: str, bare_url: str, n: int) -> list[tuple]:
    """n first loads of each app, taking turns, each in a new context."""
    app, bare = [], []
    for i in range(LOAD_WARMUPS + n):
        a, b = await first_load(browser, app_url), await first_load(browser, bare_url)
        if i >= LOAD_WARMUPS:
            app.append(a)
            bare.append(b)
    return [("first_load_app_ms", "first load -> figure shown, app (median)", median(app), "ms", n),
            ("first_load_bare_ms", "first load -> heading shown, bare (median)", median(bare), "ms", n),
            ("first_load_ratio", "first load, app / bare", median(app) / median(bare), "x", n)]


def p95(values: list[float]) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
