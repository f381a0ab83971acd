"""Many sessions at once: WebSockets that replay, byte for byte, the frames a real page sent (browser.record),
opened as the page opened its own (URL, subprotocols, Origin, cookies). Nothing is decoded, only searched."""

from __future__ import annotations

import asyncio
import html
import os
import re
import secrets
import sys
import time
from pathlib import Path
from statistics import median

from websockets.asyncio.client import connect

from bench.browser import Recording, Step, p95

CLICK_TIMEOUT_S, CONNECT_TIMEOUT_S, SECTION_TIMEOUT_S = 10, 60, 300
AT_ONCE = 5  # sessions connect (and run the page the first time) a few at a time
# What a visitor is shown when something fails: the app's own message, or Streamlit's for an uncaught exception.
ERRORS = re.compile(rb"Something went wrong\. Please reload the page\.|This app has encountered an error")


class Session:
    def __init__(self, ws) -> None:
        self.ws, self.clicks = ws, 0

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
            await ws.close()
            raise
        return session

    async def send(self, frames: list[bytes], expected: str, timeout_s: float) -> float:
        """Send the frames; ms until a frame comes back holding `expected` (UTF-8, plain or HTML-escaped)."""
        wanted = re.compile(b"|".join(re.escape(text.encode()) for text in {expected, html.escape(expected)}))
        started = time.perf_counter()
        for frame in frames:
            await self.ws.send(frame)
        try:
            async with asyncio.timeout(timeout_s):
                while not wanted.search(data := await self.ws.recv()):
                    if ERRORS.search(data):
                        raise RuntimeError(f'an error was shown instead of "{expected}"')
        except TimeoutError:
            raise RuntimeError(f'no "{expected}" within {timeout_s} s') from None
        return (time.perf_counter() - started) * 1000

    async def click(self, step: Step) -> float:
        """A recorded click, until its panel heading (the bare app: its next count) comes back."""
        self.clicks += 1
        return await self.send(step.frames, step.heading or f"Count {self.clicks}", CLICK_TIMEOUT_S)


async def settled_rss_mb(pid: int) -> float:
    """The server's VmRSS: 4 s for it to settle, then the median of 5 reads 0.5 s apart."""
    await asyncio.sleep(4)
    reads = []
    for _ in range(5):
        reads.append(int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024)
        await asyncio.sleep(0.5)
    return median(reads)


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def at_most(n: int, coroutines) -> list:
    """Await the coroutines, `n` at a time; one that failed gives its exception."""
    gate = asyncio.Semaphore(n)

    async def gated(coroutine):
        async with gate:
            return await coroutine
    return await asyncio.gather(*map(gated, coroutines), return_exceptions=True)


async def close(sessions: list) -> None:
    await asyncio.gather(*(s.ws.close() for s in sessions if isinstance(s, Session)), return_exceptions=True)


async def memory(rec: Recording, pid: int, extra: int) -> list[tuple]:
    """Server RSS with the recording page's session alone, then with `extra` more sessions (one click each)."""
    one, sessions = await settled_rss_mb(pid), await at_most(AT_ONCE, (Session.open(rec) for _ in range(extra)))
    try:
        for k, session in enumerate(sessions):
            if isinstance(session, BaseException):
                raise session
            await session.click(rec.step(k))
        many = await settled_rss_mb(pid)
    finally:
        await close(sessions)
    return [("rss_1_session_mb", "server RSS, 1 session", one, "MB", 1),
            ("rss_many_sessions_mb", f"server RSS, {1 + extra} sessions", many, "MB", 1 + extra),
            ("memory_per_session_mb", "memory per extra session", (many - one) / extra, "MB", extra)]


async def crowd(key: str, title: str, rec: Recording, pids: list[int], sessions: int, clicks: int) -> list[tuple]:
    """`sessions` sessions click `clicks` times back to back, each from its own first muscle. Errors: clicks not
    answered, counting those of a session after its first error and of a session that did not open."""
    async def replay(session: Session | BaseException, first: int) -> list[float]:
        times = []
        try:
            if isinstance(session, BaseException):
                raise session
            for k in range(clicks):
                times.append(await session.click(rec.step(first + k)))
        except Exception as err:  # noqa: BLE001 - counted as errors
            print(f"{title}: {type(err).__name__}: {err}", file=sys.stderr)
        return times

    async with asyncio.timeout(SECTION_TIMEOUT_S):
        opened = await at_most(AT_ONCE, (Session.open(rec) for _ in range(sessions)))
        try:
            started, cpu = time.monotonic(), sum(map(cpu_s, pids))
            answered = [t for times in await asyncio.gather(*map(replay, opened, range(sessions))) for t in times]
            cpu_pct = 100 * (sum(map(cpu_s, pids)) - cpu) / (time.monotonic() - started)
        finally:
            await close(opened)
    shown, n = "panel" if rec.steps[0].heading else "heading", len(answered)
    return [(f"{key}_median_ms", f"{title}: click -> {shown} (median)", median(answered) if n else None, "ms", n),
            (f"{key}_p95_ms", f"{title}: click -> {shown} (p95)", p95(answered) if n else None, "ms", n),
            (f"{key}_errors", f"{title}: errors", sessions * clicks - n, "", sessions * clicks),
            (f"{key}_server_cpu_pct", "  server CPU while clicking (100% = 1 core)", cpu_pct, "%", None)]


async def visits(rec: Recording, pid: int, stages: list[int]) -> list[tuple]:
    """Visits (open a session, one click, close it), AT_ONCE at a time; server RSS after each stage of visits."""
    errors, rss = 0, {}

    async def visit(k: int) -> None:
        session = await Session.open(rec)
        try:
            await session.click(rec.step(k))
        finally:
            await session.ws.close()
    async with asyncio.timeout(SECTION_TIMEOUT_S):
        for start, stage in zip([0, *stages], stages, strict=False):
            errors += sum(isinstance(r, BaseException) for r in await at_most(AT_ONCE, map(visit, range(start, stage))))
            rss[stage] = await settled_rss_mb(pid)
    first, last = stages[0], stages[-1]
    return [*((f"visits_rss_{s}_mb", f"server RSS after {s} visits opened and closed", rss[s], "MB", s)
              for s in stages),
            ("visits_growth_mb", f"  growth from {first} to {last} visits", rss[last] - rss[first], "MB", last - first),
            ("visits_errors", "  visits: errors", errors, "", last)]
