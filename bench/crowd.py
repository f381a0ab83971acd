"""Many sessions at once (async Playwright): each page clicks through muscles, timed in the page."""

from __future__ import annotations

import asyncio

from playwright.async_api import async_playwright

from bench import pagejs
from bench.browser import CHROMIUM, CHROMIUM_ARGS, CLICK_TIMEOUT_MS, LOAD_TIMEOUT_MS, VIEWPORT

PARALLEL_LOADS = 5  # pages are loaded a few at a time, then all click at once
EVALUATE_SLACK_S = 10
TOTAL_TIMEOUT_S = 300


async def _open(browser, url: str, gate: asyncio.Semaphore):
    context = await browser.new_context(viewport=VIEWPORT)
    async with gate:
        page = await context.new_page()
        page.set_default_timeout(LOAD_TIMEOUT_MS)
        await page.goto(f"{url}/explore")
        await page.locator("svg.bodymap .muscle[role=button]").first.wait_for(state="attached")
    return context, page


async def _click_through(page, clicks: list[tuple[str, str]], names: dict[str, str], start: asyncio.Event) -> dict:
    await start.wait()
    panel_ms, errors = [], []
    for muscle, side in clicks:
        args = {"muscle": muscle, "side": side, "expected": f"{names[muscle]} · {side}", "timeoutMs": CLICK_TIMEOUT_MS}
        try:
            result = await asyncio.wait_for(page.evaluate(pagejs.CLICK_MUSCLE, args),
                                            CLICK_TIMEOUT_MS / 1000 + EVALUATE_SLACK_S)
        except Exception as err:  # noqa: BLE001 - any failure of a click is an error to count
            errors.append(f"{muscle} {side}: {type(err).__name__}: {err}"[:300])
            continue
        if result.get("error") or result.get("panel") is None:
            errors.append(f"{muscle} {side}: {result.get('error')}")
        else:
            panel_ms.append(result["panel"])
    return {"panel_ms": panel_ms, "errors": errors}


async def _crowd(url: str, cycle: list[tuple[str, str]], names: dict[str, str], sessions: int, clicks: int) -> dict:
    errors: list[str] = []
    panel_ms: list[float] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            gate = asyncio.Semaphore(PARALLEL_LOADS)
            opened = await asyncio.gather(*(_open(browser, url, gate) for _ in range(sessions)), return_exceptions=True)
            pages = []
            for item in opened:
                if isinstance(item, BaseException):
                    errors.append(f"page load: {type(item).__name__}: {item}"[:300])
                    errors.extend(["click not made: page did not load"] * clicks)
                else:
                    pages.append(item[1])
            start = asyncio.Event()
            runs = [
                _click_through(page, [cycle[(3 * i + k) % len(cycle)] for k in range(clicks)], names, start)
                for i, page in enumerate(pages)
            ]
            tasks = [asyncio.ensure_future(r) for r in runs]
            start.set()
            for result in await asyncio.gather(*tasks, return_exceptions=True):
                if isinstance(result, BaseException):
                    errors.append(f"session: {type(result).__name__}: {result}"[:300])
                    continue
                panel_ms.extend(result["panel_ms"])
                errors.extend(result["errors"])
        finally:
            await browser.close()
    return {"panel_ms": panel_ms, "errors": errors, "sessions": sessions, "clicks_per_session": clicks}


def measure_crowd(url: str, cycle: list[tuple[str, str]], names: dict[str, str], sessions: int, clicks: int) -> dict:
    return asyncio.run(asyncio.wait_for(_crowd(url, cycle, names, sessions, clicks), TOTAL_TIMEOUT_S))
