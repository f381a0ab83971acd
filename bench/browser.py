"""Browser figures on one headless Chromium (sync Playwright): clicks, first loads, memory per session."""

from __future__ import annotations

import time
from statistics import median

from bench import pagejs
from bench.procs import rss_kb

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1400, "height": 1000}
CLICK_TIMEOUT_MS = 10_000
LOAD_TIMEOUT_MS = 60_000
CLICK_WARMUPS = 5
LOAD_WARMUPS = 2
SETTLE_S = 4
RSS_READS = 5


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    return context, page


def open_explorer(browser, url: str):
    context, page = new_page(browser)
    page.goto(f"{url}/")  # the explore page is the home page
    page.locator("svg.bodymap .muscle[role=button]").first.wait_for(state="attached")
    return context, page


def open_bare(browser, url: str):
    context, page = new_page(browser)
    page.goto(url)
    page.locator("h3", has_text="Count").wait_for()
    page.locator('[data-testid="stButton"] button').wait_for()
    return context, page


def muscle_cycle(page, names: dict[str, str]) -> list[tuple[str, str]]:
    """The figure's clickable (muscle, side) pairs, ordered so that each click changes muscle and side."""
    pairs = {tuple(p) for p in page.evaluate(pagejs.LIST_MUSCLES) if p[0] in names}
    ids = [m for m in names if (m, "left") in pairs or (m, "right") in pairs]
    if len(ids) < 2:
        raise RuntimeError(f"the figure has fewer than 2 clickable muscles: {sorted(pairs)}")
    cycle = []
    for k in range(2 * len(ids)):
        muscle = ids[k % len(ids)]
        side = ("left", "right")[(k + k // len(ids)) % 2]
        if (muscle, side) not in pairs:
            side = "right" if side == "left" else "left"
        cycle.append((muscle, side))
    return cycle


def panel_heading(muscle: str, side: str, names: dict[str, str]) -> str:
    """The heading the panel shows for a muscle and side."""
    return f"{names[muscle]} · {side}"


def click_muscle_args(muscle: str, side: str, names: dict[str, str]) -> dict:
    expected = panel_heading(muscle, side, names)
    return {"muscle": muscle, "side": side, "expected": expected, "timeoutMs": CLICK_TIMEOUT_MS}


def click_muscle(page, muscle: str, side: str, names: dict[str, str]) -> dict:
    return page.evaluate(pagejs.CLICK_MUSCLE, click_muscle_args(muscle, side, names))


CLICK_BARE_ARGS = {"timeoutMs": CLICK_TIMEOUT_MS}


def click_bare(page) -> dict:
    return page.evaluate(pagejs.CLICK_BARE, CLICK_BARE_ARGS)


def checked(result: dict, what: str) -> dict:
    if result.get("error") or result.get("panel") is None:
        raise RuntimeError(f"{what}: {result.get('error') or result}")
    return result


def measure_clicks(browser, app_url: str, bare_url: str, names: dict[str, str], n: int) -> dict:
    """n clicks on each app, interleaved app/bare so both see the same machine noise."""
    app_ctx, app_page = open_explorer(browser, app_url)
    bare_ctx, bare_page = open_bare(browser, bare_url)
    try:
        cycle = muscle_cycle(app_page, names)
        app_ms, pressed_ms, feedback_ms, painted_ms, bare_ms = [], [], [], [], []
        for i in range(CLICK_WARMUPS + n):
            muscle, side = cycle[i % len(cycle)]
            a = checked(click_muscle(app_page, muscle, side, names), f"click {muscle} {side}")
            b = checked(click_bare(bare_page), "bare click")
            if i >= CLICK_WARMUPS:
                app_ms.append(a["panel"])
                pressed_ms.append(a["pressed"])
                feedback_ms.append(a["feedback"])
                painted_ms.append(a["painted"])
                bare_ms.append(b["panel"])
        return {"app_ms": app_ms, "bare_ms": bare_ms, "pressed_ms": pressed_ms, "feedback_ms": feedback_ms,
                "painted_ms": painted_ms,
                "warmups": CLICK_WARMUPS, "cycle": cycle}
    finally:
        app_ctx.close()
        bare_ctx.close()


def first_load(browser, url: str, init_script: str) -> dict:
    """A fresh context (empty cache, new session): ms from navigation start until the target is shown."""
    context, page = new_page(browser)
    try:
        page.add_init_script(init_script)
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__benchShownAt !== undefined", polling=50, timeout=LOAD_TIMEOUT_MS)
        shown_at = page.evaluate(pagejs.SHOWN_AT)
        if shown_at < 0 or page.evaluate(pagejs.HAS_EXCEPTION):
            raise RuntimeError(f"first load of {url}: target not shown")
        return {"shown": shown_at, **page.evaluate(pagejs.LOAD_BREAKDOWN)}
    finally:
        context.close()


def measure_first_loads(browser, app_url: str, bare_url: str, n: int) -> dict:
    """n first loads of each app, interleaved app/bare."""
    app, bare = [], []
    for i in range(LOAD_WARMUPS + n):
        a = first_load(browser, f"{app_url}/", pagejs.FIRST_FIGURE)
        b = first_load(browser, bare_url, pagejs.FIRST_HEADING)
        if i >= LOAD_WARMUPS:
            app.append(a)
            bare.append(b)
    return {"app_ms": [x["shown"] for x in app], "bare_ms": [x["shown"] for x in bare],
            "app_breakdown_median": _median_fields(app), "bare_breakdown_median": _median_fields(bare),
            "warmups": LOAD_WARMUPS}


def _median_fields(rows: list[dict]) -> dict:
    return {key: median(r[key] for r in rows) if all(r[key] is not None for r in rows) else None for key in rows[0]}


def settled_rss_kb(pid: int) -> dict:
    time.sleep(SETTLE_S)
    reads = []
    for _ in range(RSS_READS):
        reads.append(rss_kb(pid))
        time.sleep(0.5)
    return {"median_kb": median(reads), "reads_kb": reads}


def measure_memory(browser, app_url: str, pid: int, names: dict[str, str], extra: int) -> dict:
    """RSS with 1 settled session, then with 1 + `extra` (each loaded to the figure, one muscle clicked)."""
    opened = []
    try:
        context, page = open_explorer(browser, app_url)
        opened.append(context)
        cycle = muscle_cycle(page, names)
        for muscle, side in cycle[:3]:  # the first session also warms the panel code
            checked(click_muscle(page, muscle, side, names), f"click {muscle} {side}")
        one = settled_rss_kb(pid)
        for i in range(extra):
            context, page = open_explorer(browser, app_url)
            opened.append(context)
            muscle, side = cycle[(i + 3) % len(cycle)]
            checked(click_muscle(page, muscle, side, names), f"session {i + 2}: click {muscle} {side}")
        many = settled_rss_kb(pid)
        per_session_mb = (many["median_kb"] - one["median_kb"]) / extra / 1024
        return {"rss1": one, "rss_many": many, "sessions": 1 + extra, "per_extra_session_mb": per_session_mb}
    finally:
        for context in opened:
            context.close()
