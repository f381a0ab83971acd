"""The triggermap benchmark, against a bare Streamlit app in the same run: `make bench` or `python -m bench`.

Prints a table and writes bench/results.json (or --out). See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import os
import platform
import signal
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from playwright.async_api import async_playwright

from bench import atlas_speed, browser, replay, servers
from deploy.local import start_nginx, write_nginx_conf
from triggermap import load_atlas

FULL = {"clicks": 40, "loads": 12, "extra_sessions": 20, "crowds": [25, 50], "crowd_clicks": 8,
        "visits": [150, 250, 350, 500]}
QUICK = {"clicks": 8, "loads": 3, "extra_sessions": 4, "crowds": [5, 10], "crowd_clicks": 3, "visits": [20, 40]}
APP, APP_READY = "triggermap_app/server.py", "triggermap_bodymap_explore"  # the explore page's figure, in every first run
BARE, BARE_READY = "bench/bare_app.py", "Count 0"
TARGETS = {
    "click_panel_ratio": ("<=", 1.2), "feedback_median_ms": ("<=", 16), "first_load_ratio": ("<=", 1.3),
    "candidates_atlas_ms": ("<", 1), "candidates_1000_ms": ("<", 20), "search_atlas_ms": ("<", 5),
    "search_1000_ms": ("<", 50), "memory_per_session_mb": ("<=", 1),
    "crowd_p95_ms": ("<", 1000), "crowd_errors": ("<=", 0), "big_crowd_p95_ms": ("<", 1000), "big_crowd_errors": ("<=", 0),
    "replicas_crowd_p95_ms": ("<", 1000), "replicas_crowd_errors": ("<=", 0),
    "visits_growth_mb": ("<=", 5), "visits_errors": ("<=", 0),
}


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Run:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.errors: dict[str, str] = {}

    async def section(self, name: str, measure) -> None:
        """Measure and keep its rows; a failed section is an error, and the others still run."""
        say(f"{name} ...")
        try:
            rows = measure()
            self.rows += await rows if inspect.isawaitable(rows) else rows
        except Exception as err:  # noqa: BLE001 - one failed section must not hide the others
            self.errors[name] = f"{type(err).__name__}: {err}"
            traceback.print_exc()

    def figures(self) -> list[dict]:
        """Every row, and a row for every target no section measured."""
        measured = {row[0] for row in self.rows}
        rows = self.rows + [(key, key, None, "", None) for key in TARGETS if key not in measured]
        return [{"key": key, "label": label, "value": value, "unit": unit, "n": n, "target": target_text(key, unit),
                 "pass": passed(key, value)} for key, label, value, unit, n in rows]


def target_text(key: str, unit: str) -> str:
    return f"{TARGETS[key][0]} {TARGETS[key][1]:g} {unit}".strip() if key in TARGETS else ""


def passed(key: str, value) -> bool | None:
    if key not in TARGETS or value is None:
        return None
    op, limit = TARGETS[key]
    return value <= limit if op == "<=" else value < limit


async def one_server_sections(run: Run, chromium, log_dir: Path, n: dict, names: dict[str, str]) -> None:
    """Everything against one triggermap server and one bare app server."""
    app = servers.start(APP, log_dir / "app.log")
    bare = servers.start(BARE, log_dir / "bare.log", "--runner.postScriptGC", "true")  # Streamlit's default, said
    try:
        for server in (app, bare):
            await asyncio.to_thread(servers.wait_healthy, server)
        say(f"servers up: triggermap {app.url}, bare {bare.url}; recording ...")
        app_rec = await browser.record(chromium, app.url, APP_READY, names)
        bare_rec = await browser.record(chromium, bare.url, BARE_READY, None)
        await run.section("memory", lambda: replay.memory(app_rec, app.proc.pid, n["extra_sessions"]))
        await run.section("clicks", lambda: browser.clicks(app_rec, bare_rec, n["clicks"]))
        await run.section("first_loads", lambda: browser.first_loads(chromium, app.url, bare.url, n["loads"]))
        for key, sessions in zip(("crowd", "big_crowd"), n["crowds"]):
            await run.section(key, lambda: replay.crowd(key, f"{sessions} sessions", app_rec, [app.proc.pid], sessions,
                                                        n["crowd_clicks"]))
        await run.section("bare_crowd", lambda: replay.crowd("bare_crowd", f"{n['crowds'][0]} sessions, bare app",
                                                             bare_rec, [bare.proc.pid], n["crowds"][0], n["crowd_clicks"]))
        await run.section("visits", lambda: replay.visits(app_rec, app.proc.pid, n["visits"]))
    finally:
        servers.stop(app)
        servers.stop(bare)


async def replicas_crowd(chromium, log_dir: Path, n: dict, names: dict[str, str]) -> list[tuple]:
    """The big crowd through nginx (the real deploy/nginx/triggermap.conf) over two replicas, alone on the machine."""
    replicas = [servers.start(APP, log_dir / f"replica{i}.log") for i in (1, 2)]
    nginx = None
    try:
        for replica in replicas:
            await asyncio.to_thread(servers.wait_healthy, replica)
        port, base = servers.free_port(), log_dir / "nginx"
        base.mkdir()
        nginx = start_nginx(base, write_nginx_conf(base, port, [r.port for r in replicas]), port)
        rec = await browser.record(chromium, f"http://{servers.HOST}:{port}", APP_READY, names)
        sessions = n["crowds"][1]
        return await replay.crowd("replicas_crowd", f"{sessions} sessions through nginx, 2 replicas", rec,
                                  [r.proc.pid for r in replicas], sessions, n["crowd_clicks"])
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(servers.STOP_TIMEOUT_S)
        for replica in replicas:
            servers.stop(replica)


async def measure_all(run: Run, machine: dict, n: dict) -> None:
    await run.section("atlas", atlas_speed.measure)
    names = {m.id: m.name for m in load_atlas().muscles.values()}
    with tempfile.TemporaryDirectory(prefix="triggermap-bench-") as log_dir:
        async with async_playwright() as playwright:
            chromium = await browser.launch(playwright)
            machine["chromium"] = chromium.version
            try:
                await one_server_sections(run, chromium, Path(log_dir), n, names)
                await run.section("replicas_crowd", lambda: replicas_crowd(chromium, Path(log_dir), n, names))
            finally:
                await chromium.close()


def table(figures: list[dict]) -> str:
    rows = [("figure", "value", "N", "target", "result"), ()]
    for f in figures:
        value = "n/a" if f["value"] is None else f"{f['value']:.{2 if abs(f['value']) < 10 else 0}f} {f['unit']}"
        result = {True: "PASS", False: "FAIL", None: "FAIL (not measured)" if f["target"] else ""}[f["pass"]]
        rows.append((f["label"], value.strip(), "" if f["n"] is None else str(f["n"]), f["target"], result))
    widths = [max(len(r[i]) for r in rows if r) for i in range(5)]
    rows[1] = tuple("-" * w for w in widths)
    return "\n".join("  ".join(c.rjust(w) if i == 1 else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
                     for r in rows)


def machine_info() -> dict:
    cpu = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
           if line.startswith("model name")]
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu": cpu[0] if cpu else "",
            "cores": os.cpu_count(), "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "streamlit": version("streamlit"), "playwright": version("playwright")}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small N, to check the harness (figures not stable)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # unwind: every finally runs
    n, run, machine, load = QUICK if args.quick else FULL, Run(), machine_info(), {"start": os.getloadavg()[0]}
    started, when = time.monotonic(), datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        asyncio.run(measure_all(run, machine, n))
    except Exception as err:  # noqa: BLE001 - report what was measured, then fail
        run.errors["harness"] = f"{type(err).__name__}: {err}"
        traceback.print_exc()
    load["end"] = os.getloadavg()[0]
    figures = run.figures()
    duration = round(time.monotonic() - started)
    args.out.write_text(json.dumps({
        "timestamp": when, "mode": "quick" if args.quick else "full", "duration_s": duration, "n": n,
        "machine": machine, "load_average_1min": load, "errors": run.errors,
        "figures": {f["key"]: {k: v for k, v in f.items() if k != "key"} for f in figures},
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(figures))
    print(f"\nN: {n}\nrun time {duration} s; load average {load['start']:.1f} at the start, {load['end']:.1f} at the end;"
          f" results in {args.out}")
    for name, error in run.errors.items():
        print(f"ERROR {name}: {error}")
    return 2 if run.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
