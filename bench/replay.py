"""Many sessions on one server: WebSockets that replay, byte for byte, the frames a real page sent.

A replayed session opens /_stcore/stream as the page did (URL, subprotocols, Origin, cookies), sends the page's
connect frames, waits for `ready` in the answer, then sends a recorded click's frames and waits for that click's
panel heading in the answer's bytes. Nothing is decoded: the server sees what a browser sends.
"""

from __future__ import annotations

import asyncio
import html
import re
import secrets
import sys
import time
from statistics import median

from websockets.asyncio.client import connect

from bench.browser import Recording, Step, click_next, p95
from bench.servers import cpu_s, settled_rss_mb

CLICK_TIMEOUT_S = 10
CONNECT_TIMEOUT_S = 60
CROWD_TIMEOUT_S = 300
AT_ONCE = 5  # sessions connect (and run the page the first time) a few at a time
# What a visitor sees when something fails: the app's own message, or Streamlit's for an uncaught exception.
ERRORS = re.compile(rb"Something went wrong\. Please reload the page\.|This app has encountered an error")


class Session:
    def __init__(self, ws) -> None:
        self.ws = ws
        self.clicks = 0

    @classmethod
    async def open(cls, rec: Recording) -> Session:
        cookies = dict(rec.cookies)
        if "tm_route" in cookies:  # behind nginx each browser gets its own route cookie, spreading them over replicas
            cookies["tm_route"] = secrets.token_hex(8)
        ws = await connect(rec.socket["url"], subprotocols=rec.socket["protocols"], origin=rec.origin,
                           additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
                           max_size=None, ping_interval=None, open_timeout=CONNECT_TIMEOUT_S, close_timeout=5)
        session = cls(ws)
        try:
            await session.send(rec.connect, rec.ready, CONNECT_TIMEOUT_S)
        except BaseException:
            await session.close()
            raise
        return session

    async def send(self, frames: list[bytes], expected: str, timeout_s: float) -> float:
        """Send the frames; ms until a frame received holds `expected` (UTF-8, plain or HTML-escaped)."""
        wanted = re.compile(b"|".join(re.escape(text.encode()) for text in {expected, html.escape(expected)}))
        started = time.perf_counter()
        for frame in frames:
            await self.ws.send(frame)
        try:
            async with asyncio.timeout(timeout_s):
                while True:
                    data = await self.ws.recv()
                    if ERRORS.search(data):
                        raise RuntimeError(f'an error was shown while waiting for "{expected}"')
                    if wanted.search(data):
                        return (time.perf_counter() - started) * 1000
        except TimeoutError:
            raise RuntimeError(f'no "{expected}" within {timeout_s} s') from None

    async def click(self, step: Step) -> float:
        """A recorded click, until its panel heading (the bare app: until its count goes up) is in the answer."""
        self.clicks += 1
        return await self.send(step.frames, step.heading or f"Count {self.clicks}", CLICK_TIMEOUT_S)

    async def close(self) -> None:
        await self.ws.close()


async def open_sessions(rec: Recording, count: int) -> list:
    """`count` sessions, AT_ONCE at a time; a session that failed to start is its exception."""
    gate = asyncio.Semaphore(AT_ONCE)

    async def one():
        async with gate:
            return await Session.open(rec)
    return await asyncio.gather(*(one() for _ in range(count)), return_exceptions=True)


async def close_all(sessions: list) -> None:
    await asyncio.gather(*(s.close() for s in sessions if isinstance(s, Session)), return_exceptions=True)


async def memory(rec: Recording, pid: int, extra: int) -> list[tuple]:
    """Server RSS with the recording page's session alone, then with `extra` replayed sessions (one click each)."""
    one = await settled_rss_mb(pid)
    sessions = await open_sessions(rec, extra)
    try:
        for k, session in enumerate(sessions):
            if not isinstance(session, Session):
                raise session
            await session.click(rec.step(k))
        many = await settled_rss_mb(pid)
    finally:
        await close_all(sessions)
    return [("rss_1_session_mb", "server RSS, 1 session", one, "MB", 1),
            ("rss_many_sessions_mb", f"server RSS, {1 + extra} sessions", many, "MB", 1 + extra),
            ("memory_per_session_mb", "memory per extra session", (many - one) / extra, "MB", extra)]


async def crowd(key: str, title: str, rec: Recording, pids: list[int], sessions: int, clicks: int) -> list[tuple]:
    """`sessions` - 1 replayed sessions clicking `clicks` times back to back, and the recording page clicking
    (timed in the page) for as long as they do. After a session's first error its later clicks count as errors."""
    replayed_ms, browser_ms, errors = [], [], []

    async def replay(session: Session, first: int) -> None:
        for k in range(clicks):
            try:
                replayed_ms.append(await session.click(rec.step(first + k)))
            except Exception as err:  # noqa: BLE001 - every failed click is counted
                errors.extend([f"{type(err).__name__}: {err}"] * (clicks - k))
                return

    async def browse(done: asyncio.Event) -> None:
        while not done.is_set():
            try:
                browser_ms.append((await click_next(rec))["panel"])
            except Exception as err:  # noqa: BLE001
                errors.append(f"real browser: {err}")

    async with asyncio.timeout(CROWD_TIMEOUT_S):
        opened = await open_sessions(rec, sessions - 1)
        errors.extend(f"did not start: {e}" for e in opened if not isinstance(e, Session) for _ in range(clicks))
        done = asyncio.Event()
        person = asyncio.create_task(browse(done))
        try:
            started, server_cpu, client_cpu = time.monotonic(), sum(map(cpu_s, pids)), time.process_time()
            await asyncio.gather(*(replay(s, i) for i, s in enumerate(opened) if isinstance(s, Session)))
            wall = time.monotonic() - started
            server_pct = 100 * (sum(map(cpu_s, pids)) - server_cpu) / wall
            client_pct = 100 * (time.process_time() - client_cpu) / wall
            done.set()
            await person
        finally:
            person.cancel()
            await close_all(opened)
    if errors:
        print(f"{title}: {len(errors)} errors, the first: {errors[0]}", file=sys.stderr)
    what = "panel" if rec.steps[0].heading else "heading"
    return [(f"{key}_median_ms", f"{title}: click -> {what}, replayed (median)", median(replayed_ms), "ms", len(replayed_ms)),
            (f"{key}_p95_ms", f"{title}: click -> {what}, replayed (p95)", p95(replayed_ms), "ms", len(replayed_ms)),
            (f"{key}_errors", f"{title}: errors", len(errors), "", (sessions - 1) * clicks + len(browser_ms)),
            (f"{key}_browser_median_ms", "  real browser in the crowd (median)", median(browser_ms), "ms", len(browser_ms)),
            (f"{key}_server_cpu_pct", "  server CPU while clicking (100% = 1 core)", server_pct, "%", None),
            (f"{key}_client_cpu_pct", "  replaying clients' CPU while clicking", client_pct, "%", None)]


async def visits(rec: Recording, pid: int, stages: tuple[int, ...]) -> list[tuple]:
    """Visits (connect, one click, close), AT_ONCE at a time; the server's RSS after each stage of visits."""
    gate, errors, rss, done = asyncio.Semaphore(AT_ONCE), [], {}, 0

    async def visit(k: int) -> None:
        async with gate:
            session = await Session.open(rec)
            try:
                await session.click(rec.step(k))
            finally:
                await session.close()
    async with asyncio.timeout(CROWD_TIMEOUT_S):
        for stage in stages:
            results = await asyncio.gather(*(visit(k) for k in range(done, stage)), return_exceptions=True)
            errors += [r for r in results if isinstance(r, BaseException)]
            done, rss[stage] = stage, await settled_rss_mb(pid)
    first, last = stages[0], stages[-1]
    return [*((f"visits_rss_{s}_mb", f"server RSS after {s} visits opened and closed", rss[s], "MB", s) for s in stages),
            ("visits_growth_mb", f"  growth from {first} to {last} visits", rss[last] - rss[first], "MB", last - first),
            ("visits_errors", "  visits: errors", len(errors), "", last)]
