"""Many sessions at once (async Playwright): each page clicks through muscles, timed in the page.

The same crowd is also run against the bare app, to show how much of the latency the load
generator itself (25 Chromium pages on the same cores as the server) accounts for.
"""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import async_playwright

from bench import pagejs
from bench.browser import CHROMIUM, CHROMIUM_ARGS, CLICK_TIMEOUT_MS, LOAD_TIMEOUT_MS, VIEWPORT
from bench.procs import cpu_seconds, machine_busy_seconds

PARALLEL_LOADS = 5  # pages are loaded a few at a time, then all click at once
EVALUATE_SLACK_S = 10
TOTAL_TIMEOUT_S = 300


async def _open(browser, url: str, bare: bool, gate: asyncio.Semaphore):
    context = await browser.new_context(viewport=VIEWPORT)
    async with gate:
        page = await context.new_page()
        page.set_default_timeout(LOAD_TIMEOUT_MS)
        if bare:
            await page.goto(url)
            await page.locator('[data-testid="stButton"] button').wait_for()
        else:
            await page.goto(f"{url}/explore")
            await page.locator("svg.bodymap .muscle[role=button]").first.wait_for(state="attached")
    return context, page


async def _click(page, muscle: str | None, side: str | None, names: dict[str, str]) -> dict:
    if muscle is None:
        call = page.evaluate(pagejs.CLICK_BARE, {"timeoutMs": CLICK_TIMEOUT_MS})
    else:
        args = {"muscle": muscle, "side": side, "expected": f"{names[muscle]} · {side}", "timeoutMs": CLICK_TIMEOUT_MS}
        call = page.evaluate(pagejs.CLICK_MUSCLE, args)
    return await asyncio.wait_for(call, CLICK_TIMEOUT_MS / 1000 + EVALUATE_SLACK_S)


async def _click_through(page, clicks: list, names: dict[str, str], start: asyncio.Event) -> dict:
    await start.wait()
    panel_ms, errors = [], []
    for muscle, side in clicks:
        try:
            result = await _click(page, muscle, side, names)
        except Exception as err:  # noqa: BLE001 - any failure of a click is an error to count
            errors.append(f"{muscle} {side}: {type(err).__name__}: {err}"[:300])
            continue
        if result.get("panel") is not None:
            panel_ms.append(result["panel"])  # a late panel (> timeout) counts in the times and as an error
        if result.get("error") or result.get("panel") is None:
            errors.append(f"{muscle} {side}: {result.get('error')}")
    return {"panel_ms": panel_ms, "errors": errors}


def _plan(cycle: list, sessions: int, clicks: int) -> list[list]:
    """Each session's clicks: consecutive pairs differ, and sessions start at different muscles."""
    if not cycle:
        return [[(None, None)] * clicks for _ in range(sessions)]
    return [[cycle[(3 * i + k) % len(cycle)] for k in range(clicks)] for i in range(sessions)]


async def _crowd(url: str, pid: int, cycle: list, names: dict[str, str], sessions: int, clicks: int) -> dict:
    errors: list[str] = []
    panel_ms: list[float] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            gate = asyncio.Semaphore(PARALLEL_LOADS)
            opened = await asyncio.gather(*(_open(browser, url, not cycle, gate) for _ in range(sessions)),
                                          return_exceptions=True)
            pages = []
            for item in opened:
                if isinstance(item, BaseException):
                    errors.append(f"page load: {type(item).__name__}: {item}"[:300])
                    errors.extend(["click not made: page did not load"] * clicks)
                else:
                    pages.append(item[1])
            start = asyncio.Event()
            plans = _plan(cycle, len(pages), clicks)
            tasks = [asyncio.ensure_future(_click_through(page, plan, names, start)) for page, plan in zip(pages, plans)]
            started, server_cpu, machine_busy = time.monotonic(), cpu_seconds(pid), machine_busy_seconds()
            start.set()
            for result in await asyncio.gather(*tasks, return_exceptions=True):
                if isinstance(result, BaseException):
                    errors.append(f"session: {type(result).__name__}: {result}"[:300])
                    continue
                panel_ms.extend(result["panel_ms"])
                errors.extend(result["errors"])
            clicking_s = time.monotonic() - started
            server_cpu, machine_busy = cpu_seconds(pid) - server_cpu, machine_busy_seconds() - machine_busy
        finally:
            await browser.close()
    return {"panel_ms": panel_ms, "errors": errors, "sessions": sessions, "clicks_per_session": clicks,
            "clicking_s": clicking_s, "server_cpu_s": server_cpu, "machine_busy_s": machine_busy}


def measure_crowd(url: str, pid: int, cycle: list, names: dict[str, str], sessions: int, clicks: int) -> dict:
    """`cycle` empty: the bare app (its button). Also records the CPU the server and the machine used while clicking."""
    return asyncio.run(asyncio.wait_for(_crowd(url, pid, cycle, names, sessions, clicks), TOTAL_TIMEOUT_S))
