"""Many sessions at once: protocol clients and one real Chromium page click through muscles together.

Why protocol clients: 25 Chromium pages on the 2-core benchmark machine spend both cores rendering, so
they measure the load generator, not the server (the bare app missed the target under them too). What
the server sees of a browser is one WebSocket on /_stcore/stream that sends BackMsgs and receives
ForwardMsgs, so each protocol session is just that.

Its messages are recorded from a real page, not built by hand: the `rerun_script` the page sends when it
connects, and the one it sends on a click on the figure (the bare app: on its button). Each later click
is the recorded click with only the trigger's value changed, so the widget ids, page hash, fragment id
and context stay whatever the app uses today.

The recording page then clicks in the crowd too, timed in the page as in the click section: what a
person at a real browser sees while the other sessions keep the server busy.
"""

from __future__ import annotations

import asyncio
import base64
import html
import itertools
import json
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from playwright.async_api import async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from bench import pagejs
from bench.browser import (CHROMIUM, CHROMIUM_ARGS, CLICK_BARE_ARGS, CLICK_TIMEOUT_MS, LOAD_TIMEOUT_MS, VIEWPORT,
                           click_muscle_args, panel_heading, settled_rss_kb)
from bench.procs import cpu_seconds, machine_busy_seconds

PARALLEL_LOADS = 5  # sessions connect (and run the script the first time) a few at a time, then all click at once
CLICK_TIMEOUT_S = CLICK_TIMEOUT_MS / 1000
LOAD_TIMEOUT_S = LOAD_TIMEOUT_MS / 1000
EVALUATE_SLACK_S = 10
CLOSE_TIMEOUT_S = 5
TOTAL_TIMEOUT_S = 300


@dataclass
class Recording:
    """What a real page sent: its first `rerun_script`, and the one a click sent."""

    connect: BackMsg
    click: BackMsg
    selected: str | None  # the click's trigger value as the browser sends it (selection_json); None for the bare app


@dataclass
class Tally:
    clicks: int = 0  # counted only for the real browser, whose number of clicks varies
    panel_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# --- recording, on a real page --------------------------------------------------------------------------


async def _open_page(browser, url: str, bare: bool):
    """A page on the app's home page (the explore page), recording what it sends on its WebSocket."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    await page.add_init_script(pagejs.RECORD_SENT_FRAMES)
    await page.goto(f"{url}/")
    if bare:
        await page.locator('[data-testid="stButton"] button').wait_for()
    else:
        await page.locator("svg.bodymap .muscle[role=button]").first.wait_for(state="attached")
    return context, page


async def _click(page, muscle: str | None, side: str | None, names: dict[str, str]) -> dict:
    """One click in the page, timed there (pagejs). `muscle` None: the bare app's button."""
    if muscle is None:
        call = page.evaluate(pagejs.CLICK_BARE, CLICK_BARE_ARGS)
    else:
        call = page.evaluate(pagejs.CLICK_MUSCLE, click_muscle_args(muscle, side, names))
    return await asyncio.wait_for(call, CLICK_TIMEOUT_S + EVALUATE_SLACK_S)


async def _sent_reruns(page) -> list[BackMsg]:
    frames = await page.evaluate(pagejs.SENT_FRAMES)
    messages = [BackMsg.FromString(base64.b64decode(frame)) for frame in frames]
    return [m for m in messages if m.WhichOneof("type") == "rerun_script"]


def selection_json(muscle: str, side: str) -> str:
    """The figure's `select` trigger value as bodymap.js serializes it."""
    return json.dumps({"muscle": muscle, "side": side}, separators=(",", ":"))


def _trigger_states(message: BackMsg, selected: str) -> list[tuple]:
    """(widget state, its value field) for each widget state whose JSON payload holds `selected`."""
    quoted = selected
    found = []
    for widget in message.rerun_script.widget_states.widgets:
        kind = widget.WhichOneof("value")
        if kind and isinstance(getattr(widget, kind), str) and quoted in getattr(widget, kind):
            found.append((widget, kind))
    return found


def _trigger(message: BackMsg, selected: str) -> tuple:
    """The figure's trigger: the one widget state that holds `selected` (selection_json)."""
    found = _trigger_states(message, selected)
    if len(found) != 1:
        raise RuntimeError(f"{len(found)} widget states hold {selected}, expected 1:\n{message}")
    return found[0]


async def _record(page, muscle: str | None, side: str | None, names: dict[str, str]) -> Recording:
    """Record the page's connect message, then click (muscle, side) and record that click's message."""
    on_connect = await _sent_reruns(page)
    if not on_connect:
        raise RuntimeError("the page sent no rerun_script when it connected")
    result = await _click(page, muscle, side, names)
    if result.get("panel") is None:  # the panel is what matters here, not the on-figure feedback
        raise RuntimeError(f"recording click {muscle} {side}: {result}")
    on_click = (await _sent_reruns(page))[len(on_connect):]
    selected = selection_json(muscle, side) if muscle else None
    if selected:
        on_click = [m for m in on_click if _trigger_states(m, selected)]
    if not on_click:
        raise RuntimeError(f"the click on {selected or 'the button'} sent no rerun_script")
    recording = Recording(on_connect[0], on_click[-1], selected)
    if selected:
        _trigger(recording.click, selected)  # fails now, not on every click, if the trigger is not found
    return recording


def _click_message(recording: Recording, muscle: str | None, side: str | None) -> BackMsg:
    """The recorded click with only the trigger's value replaced (the bare app's button: unchanged)."""
    message = BackMsg()
    message.CopyFrom(recording.click)
    if recording.selected:
        widget, kind = _trigger(message, recording.selected)
        payload = getattr(widget, kind).replace(recording.selected, selection_json(muscle, side))
        setattr(widget, kind, payload)
    return message


# --- protocol sessions -----------------------------------------------------------------------------------


def _text_pattern(text: str) -> re.Pattern:
    """`text` as UTF-8 in a serialized message, plain or HTML-escaped (as in an st.html body)."""
    forms = sorted({re.escape(text.encode()), re.escape(html.escape(text).encode())})
    return re.compile(b"|".join(forms))


def _is_exception(msg: ForwardMsg) -> bool:
    return msg.delta.WhichOneof("type") == "new_element" and msg.delta.new_element.WhichOneof("type") == "exception"


class ProtocolSession:
    """One Streamlit session on its own WebSocket, doing what the frontend does with these messages.

    It keeps the cacheable messages it received and lists their hashes in each rerun request, as the
    frontend does, so the server may send a reference (`ref_hash`) instead; a reference is read from that
    cache. It sends back the query string the server last set (`page_info_changed`), as the URL would.
    """

    def __init__(self, ws, query_string: str) -> None:
        self.ws = ws
        self.cache: dict[str, bytes] = {}
        self.query_string = query_string

    @classmethod
    async def open(cls, url: str, first: BackMsg) -> ProtocolSession:
        """Connect as the browser does (subprotocol "streamlit", same Origin) and run the first rerun."""
        # Behind nginx (deploy/) a browser gets a random route cookie that keeps it on one replica; each session
        # sends its own, so sessions spread over the replicas as browsers do. A lone server ignores it.
        ws = await connect(f"ws{url.removeprefix('http')}/_stcore/stream", subprotocols=["streamlit"], origin=url,
                           additional_headers={"Cookie": f"tm_route={secrets.token_hex(8)}"},
                           compression=None, max_size=None, ping_interval=None, open_timeout=LOAD_TIMEOUT_S,
                           close_timeout=CLOSE_TIMEOUT_S)
        session = cls(ws, first.rerun_script.query_string)
        try:
            await session.rerun(first, None, LOAD_TIMEOUT_S)
        except BaseException:
            await session.close()
            raise
        return session

    async def close(self) -> None:
        await self.ws.close()

    async def send(self, message: BackMsg) -> None:
        request = BackMsg()
        request.CopyFrom(message)
        request.rerun_script.query_string = self.query_string
        del request.rerun_script.cached_message_hashes[:]
        request.rerun_script.cached_message_hashes.extend(self.cache)
        await self.ws.send(request.SerializeToString())

    async def receive(self) -> tuple[ForwardMsg, bytes]:
        """The next ForwardMsg and its bytes; a reference is replaced by the cached message it points to."""
        data = await self.ws.recv()
        msg = ForwardMsg.FromString(data)
        if msg.WhichOneof("type") == "ref_hash" and msg.ref_hash in self.cache:
            data = self.cache[msg.ref_hash]
            msg = ForwardMsg.FromString(data)
        elif msg.metadata.cacheable:
            self.cache[msg.hash] = data
        if msg.WhichOneof("type") == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        return msg, data

    async def rerun(self, message: BackMsg, expected: str | None, timeout_s: float) -> float:
        """Send a rerun request. ms until the run's script_finished arrived, `expected` having been in a delta."""
        pattern = _text_pattern(expected) if expected else None
        shown = pattern is None
        started = time.perf_counter()
        await self.send(message)
        try:
            async with asyncio.timeout(timeout_s):
                while True:
                    msg, data = await self.receive()
                    kind = msg.WhichOneof("type")
                    if kind == "delta" and _is_exception(msg):
                        raise RuntimeError(f"exception element: {msg.delta.new_element.exception.message[:200]}")
                    if kind == "delta" and not shown:
                        shown = pattern.search(data) is not None
                    if kind == "script_finished":
                        break
        except TimeoutError:
            raise RuntimeError(f"no script_finished within {timeout_s:.0f} s") from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        if not shown:
            status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            raise RuntimeError(f'script finished ({status}) without "{expected}"')
        return elapsed_ms


async def _connect(url: str, first: BackMsg, gate: asyncio.Semaphore) -> ProtocolSession:
    async with gate:
        return await ProtocolSession.open(url, first)


async def _protocol_clicks(session: ProtocolSession, recording: Recording, plan: list, names: dict[str, str],
                           start: asyncio.Event, tally: Tally) -> None:
    """Click through `plan` back to back. After an error the session's state is unknown, so its other
    clicks count as errors too."""
    await start.wait()
    for done, (muscle, side) in enumerate(plan):
        expected = panel_heading(muscle, side, names) if muscle else f"Count {done + 1}"
        try:
            click = _click_message(recording, muscle, side)
            tally.panel_ms.append(await session.rerun(click, expected, CLICK_TIMEOUT_S))
        except Exception as err:  # noqa: BLE001 - any failure of a click is an error to count
            tally.errors.append(f"{muscle} {side}: {type(err).__name__}: {err}"[:300])
            tally.errors.extend(["click not made: an earlier click of the session failed"] * (len(plan) - done - 1))
            return


async def _browser_clicks(page, clicks: Iterator, names: dict[str, str], start: asyncio.Event,
                          crowd_done: asyncio.Event, tally: Tally) -> None:
    """The person at a real browser: clicks, timed in the page, for as long as the protocol sessions click."""
    await start.wait()
    while not crowd_done.is_set():
        muscle, side = next(clicks)
        tally.clicks += 1
        try:
            result = await _click(page, muscle, side, names)
        except Exception as err:  # noqa: BLE001 - any failure of a click is an error to count
            tally.errors.append(f"{muscle} {side}: {type(err).__name__}: {err}"[:300])
            continue
        if result.get("panel") is not None:
            tally.panel_ms.append(result["panel"])  # a late panel (> timeout) counts in the times and as an error
        if result.get("error") or result.get("panel") is None:
            tally.errors.append(f"{muscle} {side}: {result.get('error')}")


def _plan(cycle: list, sessions: int, clicks: int) -> list[list]:
    """Each session's clicks: consecutive pairs differ, and sessions start at different muscles."""
    if not cycle:
        return [[(None, None)] * clicks for _ in range(sessions)]
    return [[cycle[(3 * i + k) % len(cycle)] for k in range(clicks)] for i in range(sessions)]


async def _connect_all(url: str, recording: Recording, plans: list, tally: Tally) -> list[tuple]:
    """Connect a session per plan. Returns (session, plan) pairs; a failed connect counts its clicks as errors."""
    gate = asyncio.Semaphore(PARALLEL_LOADS)
    opened = await asyncio.gather(*(_connect(url, recording.connect, gate) for _ in plans), return_exceptions=True)
    ready = []
    for item, plan in zip(opened, plans):
        if isinstance(item, BaseException):
            tally.errors.append(f"session did not start: {type(item).__name__}: {item}"[:300])
            tally.errors.extend(["click not made: session did not start"] * len(plan))
        else:
            ready.append((item, plan))
    return ready


def _usage(pids: list[int]) -> tuple[float, ...]:
    return time.monotonic(), sum(map(cpu_seconds, pids)), machine_busy_seconds(), time.process_time()


def _usage_since(before: tuple[float, ...], pids: list[int]) -> dict:
    """Wall time, and CPU seconds of the servers, the machine and this process (the protocol clients)."""
    spent = [now - then for now, then in zip(_usage(pids), before)]
    return dict(zip(("clicking_s", "server_cpu_s", "machine_busy_s", "client_cpu_s"), spent))


async def _crowd(url: str, pids: list[int], cycle: list, names: dict[str, str], sessions: int, clicks: int) -> dict:
    """`sessions` in all: sessions - 1 protocol sessions and one real browser page."""
    plans = _plan(cycle, sessions - 1, clicks)
    browser_clicks = itertools.cycle(cycle) if cycle else itertools.repeat((None, None))
    protocol, real = Tally(), Tally()
    ready: list[tuple] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            _, page = await _open_page(browser, url, bare=not cycle)
            recording = await _record(page, *next(browser_clicks), names)
            ready = await _connect_all(url, recording, plans, protocol)
            start, crowd_done = asyncio.Event(), asyncio.Event()
            person = asyncio.ensure_future(_browser_clicks(page, browser_clicks, names, start, crowd_done, real))
            crowd = [_protocol_clicks(s, recording, plan, names, start, protocol) for s, plan in ready]
            before = _usage(pids)
            start.set()
            for result in await asyncio.gather(*crowd, return_exceptions=True):
                if isinstance(result, BaseException):
                    protocol.errors.append(f"session: {type(result).__name__}: {result}"[:300])
            usage = _usage_since(before, pids)
            crowd_done.set()
            for result in await asyncio.gather(person, return_exceptions=True):
                if isinstance(result, BaseException):
                    real.errors.append(f"{type(result).__name__}: {result}"[:300])
        finally:
            await asyncio.gather(*(s.close() for s, _ in ready), return_exceptions=True)
            await browser.close()
    return {"panel_ms": protocol.panel_ms, "errors": protocol.errors + [f"real browser: {e}" for e in real.errors],
            "browser_panel_ms": real.panel_ms, "browser_errors": real.errors, "browser_clicks": real.clicks,
            "sessions": sessions, "protocol_sessions": len(plans), "clicks_per_session": clicks, **usage,
            "recorded_connect": str(recording.connect), "recorded_click": str(recording.click)}


def measure_crowd(url: str, pids: list[int], cycle: list, names: dict[str, str], sessions: int, clicks: int) -> dict:
    """`sessions` in all (one of them a real browser), `clicks` each. `cycle` empty: the bare app (its button).

    Also records the CPU the servers (`pids`: one, or the replicas behind nginx), the machine and the protocol
    clients used while clicking.
    """
    try:
        return asyncio.run(asyncio.wait_for(_crowd(url, pids, cycle, names, sessions, clicks), TOTAL_TIMEOUT_S))
    except TimeoutError:
        raise RuntimeError(f"the crowd did not finish within {TOTAL_TIMEOUT_S} s") from None


# --- sessions opened and closed ---------------------------------------------------------------------------


async def _visit(url: str, recording: Recording, muscle: str, side: str, names: dict[str, str],
                 gate: asyncio.Semaphore) -> None:
    """One short visit: connect (the first run), one click on the figure, disconnect."""
    async with gate:
        session = await ProtocolSession.open(url, recording.connect)
        try:
            await session.rerun(_click_message(recording, muscle, side), panel_heading(muscle, side, names),
                                CLICK_TIMEOUT_S)
        finally:
            await session.close()


async def _churn(url: str, pid: int, cycle: list, names: dict[str, str], stages: tuple[int, ...]) -> dict:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            _, page = await _open_page(browser, url, bare=False)
            recording = await _record(page, *cycle[0], names)
        finally:
            await browser.close()
    gate, done, errors, rss = asyncio.Semaphore(PARALLEL_LOADS), 0, [], {}
    for stage in stages:
        visits = [_visit(url, recording, *cycle[i % len(cycle)], names, gate) for i in range(done, stage)]
        for result in await asyncio.gather(*visits, return_exceptions=True):
            if isinstance(result, BaseException):
                errors.append(f"{type(result).__name__}: {result}"[:300])
        done = stage
        rss[stage] = await asyncio.to_thread(settled_rss_kb, pid)
    return {"stages": list(stages), "rss": rss, "errors": errors}


def measure_churn(url: str, pid: int, cycle: list, names: dict[str, str], stages: tuple[int, ...]) -> dict:
    """Sessions opened and closed one after another (a visit: first run, one click, close), 5 at a time.

    The server's RSS is read after each stage (the number of visits so far). Streamlit keeps up to 128
    disconnected sessions for a reconnect (for 2 minutes), so the first stage is past 128: from there on the
    server should hold about the same, whatever the number of visits.
    """
    try:
        return asyncio.run(asyncio.wait_for(_churn(url, pid, cycle, names, stages), TOTAL_TIMEOUT_S))
    except TimeoutError:
        raise RuntimeError(f"the visits did not finish within {TOTAL_TIMEOUT_S} s") from None
