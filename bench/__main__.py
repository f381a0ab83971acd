"""The triggermap benchmark, against a bare Streamlit app in the same run: `make bench` or `python -m bench`.

Prints a table and writes bench/results.json (or --out). bench/README.md says what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from playwright.async_api import async_playwright

from bench import atlas_speed, browser, replay
from deploy.local import request, start_nginx, write_nginx_conf
from triggermap import load_atlas

FULL = {"clicks": 40, "loads": 12, "extra_sessions": 20, "crowds": [25, 50], "crowd_clicks": 8,
        "visits": [150, 250, 350, 500]}
QUICK = {"clicks": 8, "loads": 3, "extra_sessions": 4, "crowds": [5, 10], "crowd_clicks": 3, "visits": [20, 40]}
APP, APP_READY = "triggermap_app/server.py", "triggermap_bodymap_explore"  # the explore page's figure: every first run
BARE, BARE_READY = "bench/bare_app.py", "Count 0"
TARGETS = {"click_panel_ratio": "<= 1.2", "feedback_median_ms": "<= 16", "first_load_ratio": "<= 1.3",
           "candidates_atlas_ms": "< 1", "candidates_1000_ms": "< 20", "search_atlas_ms": "< 5",
           "search_1000_ms": "< 50", "memory_per_session_mb": "<= 1", "crowd_p95_ms": "< 1000", "crowd_errors": "<= 0",
           "big_crowd_p95_ms": "< 1000", "big_crowd_errors": "<= 0", "replicas_crowd_p95_ms": "< 1000",
           "replicas_crowd_errors": "<= 0", "visits_growth_mb": "<= 5", "visits_errors": "<= 0"}
HOST, START_TIMEOUT_S, STOP_TIMEOUT_S = "127.0.0.1", 90, 10


class Server(NamedTuple):
    pid: int
    port: int
    url: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@asynccontextmanager
async def serving(script: str, log: Path, *options: str):
    """`streamlit run script` from the repository root on a free loopback port, in its own process group, until
    healthy; stopped on the way out (SIGTERM to the group, then SIGKILL), and by the kernel if we die first."""
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true",
             "--server.address", HOST, "--server.fileWatcherType", "none", *options],
            cwd=Path(__file__).resolve().parent.parent, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=lambda: ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM))  # DEATHSIG
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while request(port, "/_stcore/health")[0] != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{script} not healthy (exit code {proc.poll()}):\n{tail}")
            await asyncio.sleep(0.25)
        yield Server(proc.pid, port, f"http://{HOST}:{port}")
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(STOP_TIMEOUT_S)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass


class Run:
    def __init__(self) -> None:
        self.rows: list[tuple] = []  # (key, label, value, unit, N)
        self.errors: dict[str, str] = {}

    async def section(self, name: str, measure: Awaitable[list[tuple]]) -> None:
        """Keep the rows `measure` gives; a section that fails is an error, and the others still run."""
        print(f"[bench {time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
        try:
            self.rows += await measure
        except Exception as err:  # noqa: BLE001 - one failed section must not hide the others
            self.errors[name] = f"{type(err).__name__}: {err}"
            traceback.print_exc()

    def figures(self) -> list[dict]:
        """Every row, plus a row for each target that was not measured."""
        measured = {row[0] for row in self.rows}
        return [{"key": key, "label": label, "value": round(value, 3) if isinstance(value, float) else value,
                 "unit": unit, "n": n, "pass": passed(key, value),
                 "target": f"{TARGETS[key]} {unit}".strip() if key in TARGETS else ""} for key, label, value, unit, n
                in self.rows + [(key, key, None, "", None) for key in TARGETS if key not in measured]]


def passed(key: str, value: float | None) -> bool | None:
    if key not in TARGETS or value is None:
        return None
    op, limit = TARGETS[key].split()
    return value <= float(limit) if op == "<=" else value < float(limit)


async def measure_all(run: Run, n: dict, machine: dict) -> None:
    await run.section("atlas", asyncio.to_thread(atlas_speed.measure))
    names = {m.id: m.name for m in load_atlas().muscles.values()}
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
        machine["chromium"] = chromium.version
        try:
            with tempfile.TemporaryDirectory(prefix="triggermap-bench-") as logs:
                await one_server(run, chromium, Path(logs), n, names)
                await run.section("replicas_crowd", replicas_crowd(chromium, Path(logs), n, names))
        finally:
            await chromium.close()


async def one_server(run: Run, chromium, logs: Path, n: dict, names: dict[str, str]) -> None:
    """The sections against one triggermap server and one bare app server."""
    bare_options = ("--runner.postScriptGC", "true")  # Streamlit's default, which the app turns off
    async with serving(APP, logs / "app.log") as app, serving(BARE, logs / "bare.log", *bare_options) as bare:
        app_rec = await browser.record(chromium, app.url, APP_READY, names)
        bare_rec = await browser.record(chromium, bare.url, BARE_READY, None)
        await run.section("memory", replay.memory(app_rec, app.pid, n["extra_sessions"]))
        await run.section("clicks", browser.clicks(app_rec, bare_rec, n["clicks"]))
        await run.section("first_loads", browser.first_loads(chromium, app.url, bare.url, n["loads"]))
        (small, big), clicks = n["crowds"], n["crowd_clicks"]
        for key, size in (("crowd", small), ("big_crowd", big)):
            await run.section(key, replay.crowd(key, f"{size} sessions", app_rec, [app.pid], size, clicks))
        await run.section("bare_crowd", replay.crowd("bare_crowd", f"{small} sessions, bare app", bare_rec, [bare.pid],
                                                     small, clicks))
        await run.section("visits", replay.visits(app_rec, app.pid, n["visits"]))


async def replicas_crowd(chromium, logs: Path, n: dict, names: dict[str, str]) -> list[tuple]:
    """The big crowd through nginx (the real deploy/nginx/triggermap.conf) over two replicas, alone on the machine."""
    size = n["crowds"][1]
    async with serving(APP, logs / "replica1.log") as one, serving(APP, logs / "replica2.log") as two:
        port, base = free_port(), logs / "nginx"
        base.mkdir()
        nginx = start_nginx(base, write_nginx_conf(base, port, [one.port, two.port]), port)
        try:
            rec = await browser.record(chromium, f"http://{HOST}:{port}", APP_READY, names)
            return await replay.crowd("replicas_crowd", f"{size} sessions through nginx, 2 replicas", rec,
                                      [one.pid, two.pid], size, n["crowd_clicks"])
        finally:
            nginx.terminate()
            nginx.wait(STOP_TIMEOUT_S)


def table(figures: list[dict]) -> str:
    lines = [f"{'figure':<66}{'value':>12}{'N':>6}  {'target':<11}result"]
    for f in figures:
        value = "n/a" if f["value"] is None else f"{f['value']:.{0 if isinstance(f['value'], int) else 2}f} {f['unit']}"
        result = {True: "PASS", False: "FAIL", None: "FAIL (not measured)" if f["target"] else ""}[f["pass"]]
        lines.append(f"{f['label']:<66}{value.strip():>12}{f['n'] or '':>6}  {f['target']:<11}{result}".rstrip())
    return "\n".join(lines)


def machine_info() -> dict:
    cpu = Path("/proc/cpuinfo").read_text().partition("model name")[2].partition("\n")[0].strip(" :\t")
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu": cpu, "cores": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "streamlit": version("streamlit"), "playwright": version("playwright")}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small N, to check the harness (figures not stable)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # unwind: every `finally` runs
    n, run, machine, load = QUICK if args.quick else FULL, Run(), machine_info(), {"start": os.getloadavg()[0]}
    started, when = time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds")
    try:
        asyncio.run(measure_all(run, n, machine))
    except Exception as err:  # noqa: BLE001 - report what was measured, then fail
        run.errors["harness"] = f"{type(err).__name__}: {err}"
        traceback.print_exc()
    load["end"], duration, figures = os.getloadavg()[0], round(time.monotonic() - started), run.figures()
    args.out.write_text(json.dumps({
        "timestamp": when, "mode": "quick" if args.quick else "full", "duration_s": duration, "n": n,
        "machine": machine, "load_average_1min": {k: round(v, 2) for k, v in load.items()}, "errors": run.errors,
        "figures": {f["key"]: {k: v for k, v in f.items() if k != "key"} for f in figures},
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{table(figures)}\n\nN: {n}\nrun time {duration} s; load average {load['start']:.1f} at the start, "
          f"{load['end']:.1f} at the end; results in {args.out}")
    for name, error in run.errors.items():
        print(f"ERROR {name}: {error}")
    return 2 if run.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
