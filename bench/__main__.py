"""Run the triggermap performance benchmark: `make bench` or `.venv/bin/python -m bench`.

Starts triggermap and the bare baseline app (bench/bare_app.py) on two loopback ports, measures,
prints a table and writes bench/results.json. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

from bench import procs, report

HERE = Path(__file__).resolve().parent

FULL = {"clicks": 40, "loads": 12, "reruns": 30, "extra_sessions": 20, "crowd_sessions": 25, "big_crowd_sessions": 50,
        "crowd_clicks": 8, "visits": (150, 250, 350, 500)}
QUICK = {"clicks": 8, "loads": 3, "reruns": 8, "extra_sessions": 4, "crowd_sessions": 5, "big_crowd_sessions": 10,
         "crowd_clicks": 3, "visits": (20, 40)}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small N, to check the harness (figures not stable)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="where to write the JSON results")
    return parser.parse_args(argv)


def stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so every `finally` runs and the servers are stopped."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)


def quiet_streamlit_logs() -> None:
    """AppTest outside a server logs "missing ScriptRunContext" warnings that mean nothing here."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def muscle_names() -> dict[str, str]:
    from triggermap import load_atlas

    return {m.id: m.name for m in load_atlas().muscles.values()}


class Run:
    """Collects the sections' results, their errors and the machine load around each."""

    def __init__(self) -> None:
        self.raw: dict = {}
        self.figures: list[dict] = []
        self.errors: dict[str, str] = {}
        self.load: dict[str, list[float]] = {"start": report.load_average()}

    def section(self, name: str, measure, to_figures) -> dict | None:
        say(f"{name} ...")
        started = time.monotonic()
        try:
            result = measure()
        except Exception as err:  # noqa: BLE001 - one failed section must not hide the others
            self.errors[name] = f"{type(err).__name__}: {err}"
            say(f"{name} FAILED: {self.errors[name]}")
            traceback.print_exc(file=sys.stderr)
            result = None
        self.load[name] = report.load_average()
        if result is not None:
            result["seconds"] = round(time.monotonic() - started, 1)
            self.raw[name] = result
            self.figures.extend(to_figures(result))
            say(f"{name} done in {result['seconds']} s")
        return result


def warm_up(chromium, app: procs.Server, bare: procs.Server, names: dict[str, str]) -> dict:
    """Load each app once and click a little; also finds the figure's muscles. Discarded."""
    from bench import browser as b

    context, page = b.open_explorer(chromium, app.url)
    cycle = b.muscle_cycle(page, names)
    for muscle, side in cycle[:3]:
        b.checked(b.click_muscle(page, muscle, side, names), f"warm-up click {muscle} {side}")
    context.close()
    context, page = b.open_bare(chromium, bare.url)
    b.checked(b.click_bare(page), "warm-up bare click")
    context.close()
    return {"cycle": cycle}


def browser_sections(run: Run, app: procs.Server, bare: procs.Server, names: dict[str, str], n: dict) -> list:
    """Warm-up, memory, clicks and first loads on one Chromium. Returns the muscle cycle ([] if no figure)."""
    from playwright.sync_api import sync_playwright

    from bench import browser as b

    with sync_playwright() as p:
        chromium = b.launch(p)
        try:
            run.raw["chromium_reported_version"] = chromium.version
            warm = run.section("warm_up", lambda: warm_up(chromium, app, bare, names), lambda r: [])
            if warm is None:
                return []
            run.section("memory", lambda: b.measure_memory(chromium, app.url, app.proc.pid, names,
                                                           n["extra_sessions"]), report.memory_figures)
            run.section("clicks", lambda: b.measure_clicks(chromium, app.url, bare.url, names, n["clicks"]),
                        report.browser_click_figures)
            run.section("first_loads", lambda: b.measure_first_loads(chromium, app.url, bare.url, n["loads"]),
                        report.first_load_figures)
        finally:
            chromium.close()
    return warm["cycle"]


def crowd_section(run: Run, app: procs.Server, bare: procs.Server, cycle: list, names: dict[str, str],
                  n: dict) -> None:
    from bench.crowd import measure_churn, measure_crowd

    if not cycle:
        run.errors["crowd"] = "skipped: the figure could not be loaded"
        return
    for key, sessions in (("crowd", n["crowd_sessions"]), ("big_crowd", n["big_crowd_sessions"])):
        run.section(key, lambda: measure_crowd(app.url, [app.proc.pid], cycle, names, sessions, n["crowd_clicks"]),
                    lambda result: report.crowd_figures(result, key))
    run.section("bare_crowd", lambda: measure_crowd(bare.url, [bare.proc.pid], [], names, n["crowd_sessions"],
                                                    n["crowd_clicks"]), report.bare_crowd_figures)
    run.section("visits", lambda: measure_churn(app.url, app.proc.pid, cycle, names, n["visits"]),
                report.churn_figures)


def replicas_section(run: Run, log_dir: Path, cycle: list, names: dict[str, str], n: dict) -> None:
    """The big crowd again, through nginx (deploy/nginx/triggermap.conf) over two replicas."""
    from bench.crowd import measure_crowd
    from deploy.local import start_nginx, write_nginx_conf

    if not cycle:
        return
    replicas = [procs.launch(f"replica{i}", "server.py", log_dir) for i in (1, 2)]
    nginx = None
    try:
        for replica in replicas:
            procs.wait_healthy(replica)
        port, base = procs.free_port(), log_dir / "nginx"
        base.mkdir()
        nginx = start_nginx(base, write_nginx_conf(base, port, [int(r.url.rsplit(":", 1)[1]) for r in replicas]), port)
        url = f"http://{procs.HOST}:{port}"
        run.section("replicas_crowd", lambda: measure_crowd(url, [r.proc.pid for r in replicas], cycle, names,
                                                            n["big_crowd_sessions"], n["crowd_clicks"]),
                    lambda result: report.crowd_figures(result, "replicas_crowd", " through nginx, 2 replicas"))
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(procs.STOP_TIMEOUT_S)
        for replica in replicas:
            procs.stop(replica)


def in_process_sections(run: Run, n: dict) -> None:
    from bench import inproc

    run.section("candidates", inproc.measure_candidates, report.candidates_figures)
    run.section("reruns", lambda: inproc.measure_reruns(n["reruns"]), report.rerun_figures)


def start_servers(log_dir: Path, servers: list[procs.Server]) -> tuple[procs.Server, procs.Server]:
    app = procs.launch("triggermap", "server.py", log_dir)
    servers.append(app)
    # The bare app keeps Streamlit's defaults, among them a full garbage collection after every run.
    bare = procs.launch("bare", "bench/bare_app.py", log_dir, "--runner.postScriptGC", "true")
    servers.append(bare)
    for server in (app, bare):
        procs.wait_healthy(server)
    say(f"servers up: triggermap {app.url} (pid {app.proc.pid}), bare {bare.url} (pid {bare.proc.pid})")
    return app, bare


def expected_rows() -> list[dict]:
    """A row for every target, so a section that failed still shows up as FAIL."""
    return [report.figure(key, key, None, "", None) for key in report.TARGETS]


def with_missing_targets(figures: list[dict]) -> list[dict]:
    measured = {f["key"] for f in figures}
    return figures + [f for f in expected_rows() if f["key"] not in measured]


def results(run: Run, args, n: dict, started: float, when: str, machine: dict) -> dict:
    return {
        "timestamp": when,
        "duration_s": round(time.monotonic() - started, 1),
        "mode": "quick" if args.quick else "full",
        "n": n,
        "machine": machine,
        "load_average": run.load,
        "targets": report.TARGETS,
        "figures": {f["key"]: {k: f[k] for k in ("label", "value", "unit", "n", "target", "pass")}
                    for f in run.figures},
        "errors": run.errors,
        "raw": run.raw,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    stop_on_sigterm()
    quiet_streamlit_logs()
    n = QUICK if args.quick else FULL
    started, when = time.monotonic(), datetime.now(timezone.utc).isoformat(timespec="seconds")
    machine = report.machine("/usr/bin/chromium")
    run = Run()
    servers: list[procs.Server] = []
    with tempfile.TemporaryDirectory(prefix="triggermap-bench-") as log_dir:
        try:
            app, bare = start_servers(Path(log_dir), servers)
            names = muscle_names()
            in_process_sections(run, n)
            cycle = browser_sections(run, app, bare, names, n)
            crowd_section(run, app, bare, cycle, names, n)
            for server in servers:
                if server.proc.poll() is not None:
                    run.errors[f"{server.name}_server"] = f"exited early:\n{procs.log_tail(server)}"
                procs.stop(server)  # the replicas get the machine to themselves
            replicas_section(run, Path(log_dir), cycle, names, n)
        except Exception as err:  # noqa: BLE001 - report what was measured, then fail
            run.errors["harness"] = f"{type(err).__name__}: {err}"
            traceback.print_exc(file=sys.stderr)
        finally:
            for server in servers:
                procs.stop(server)
    run.load["end"] = report.load_average()
    run.figures = with_missing_targets(run.figures)
    payload = results(run, args, n, started, when, machine)
    report.write_json(args.out, payload)
    print(report.table(run.figures))
    print(f"\nN: {n}; run time {payload['duration_s']} s; load average start {run.load['start'][0]:.1f}, "
          f"end {run.load['end'][0]:.1f}; results in {args.out}")
    for name, error in run.errors.items():
        print(f"ERROR {name}: {error}")
    return 2 if run.errors else 0


if __name__ == "__main__":
    sys.exit(main())
