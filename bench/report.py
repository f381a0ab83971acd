"""Turn the measurements into figures, a table and bench/results.json."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
from pathlib import Path
from statistics import median

TARGETS = {
    "click_panel_ratio": {"op": "<=", "limit": 1.2, "text": "<= 1.2x bare"},
    "feedback_median_ms": {"op": "<=", "limit": 16.0, "text": "<= 16 ms"},
    "first_load_ratio": {"op": "<=", "limit": 1.3, "text": "<= 1.3x bare"},
    "candidates_atlas_ms": {"op": "<", "limit": 1.0, "text": "< 1 ms"},
    "candidates_1000_ms": {"op": "<", "limit": 20.0, "text": "< 20 ms"},
    "search_atlas_ms": {"op": "<", "limit": 5.0, "text": "< 5 ms"},
    "search_1000_ms": {"op": "<", "limit": 50.0, "text": "< 50 ms"},
    "memory_per_session_mb": {"op": "<=", "limit": 1.0, "text": "<= 1 MB"},
    "crowd_p95_ms": {"op": "<", "limit": 1000.0, "text": "< 1000 ms"},
    "crowd_errors": {"op": "<=", "limit": 0, "text": "0"},
    "big_crowd_p95_ms": {"op": "<", "limit": 1000.0, "text": "< 1000 ms"},
    "big_crowd_errors": {"op": "<=", "limit": 0, "text": "0"},
    "replicas_crowd_p95_ms": {"op": "<", "limit": 1000.0, "text": "< 1000 ms"},
    "replicas_crowd_errors": {"op": "<=", "limit": 0, "text": "0"},
    "visits_growth_mb": {"op": "<=", "limit": 5.0, "text": "<= 5 MB"},
    "visits_errors": {"op": "<=", "limit": 0, "text": "0"},
}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def figure(key: str, label: str, value, unit: str, n: int | None, digits: int = 1) -> dict:
    target = TARGETS.get(key)
    verdict = None
    if target and value is not None:
        verdict = value <= target["limit"] if target["op"] == "<=" else value < target["limit"]
    return {"key": key, "label": label, "value": value, "unit": unit, "n": n, "digits": digits,
            "target": target["text"] if target else "", "pass": verdict}


def _ms(samples: list[float]) -> float:
    return median(samples)


def browser_click_figures(clicks: dict) -> list[dict]:
    n = len(clicks["app_ms"])
    app, bare = _ms(clicks["app_ms"]), _ms(clicks["bare_ms"])
    feedback = clicks["feedback_ms"]
    return [
        figure("click_panel_app_ms", "click -> panel, app (median)", app, "ms", n),
        figure("click_panel_bare_ms", "click -> heading, bare app (median)", bare, "ms", n),
        figure("click_panel_ratio", "click -> panel, app / bare", app / bare, "x", n, 2),
        figure("feedback_median_ms", "click -> on-figure feedback (median)", median(feedback), "ms", n),
        figure("feedback_p95_ms", "click -> on-figure feedback (p95)", percentile(feedback, 95), "ms", n),
        figure("pressed_median_ms", "  of which click handler, to aria-pressed set (median)",
               median(clicks["pressed_ms"]), "ms", n, 2),
        figure("painted_median_ms", "  feedback incl. rendering that frame (median)", median(clicks["painted_ms"]), "ms", n),
    ]


def first_load_figures(loads: dict) -> list[dict]:
    n = len(loads["app_ms"])
    app, bare = _ms(loads["app_ms"]), _ms(loads["bare_ms"])
    return [
        figure("first_load_app_ms", "first load -> figure shown, app (median)", app, "ms", n, 0),
        figure("first_load_bare_ms", "first load -> heading shown, bare (median)", bare, "ms", n, 0),
        figure("first_load_ratio", "first load, app / bare", app / bare, "x", n, 2),
    ]


def rerun_figures(reruns: dict) -> list[dict]:
    n = len(reruns["app_s"])
    app, bare = median(reruns["app_s"]) * 1000, median(reruns["bare_s"]) * 1000
    app_net = median(t - c for t, c in zip(reruns["app_s"], reruns["app_compile_s"])) * 1000
    bare_net = median(t - c for t, c in zip(reruns["bare_s"], reruns["bare_compile_s"])) * 1000
    return [
        figure("rerun_app_ms", "server rerun after a selection, app (AppTest)", app, "ms", n),
        figure("rerun_bare_ms", "server rerun after a click, bare (AppTest)", bare, "ms", n),
        figure("rerun_ratio", "server rerun, app / bare", app / bare, "x", n, 2),
        figure("rerun_app_no_compile_ms", "  same, app, minus AppTest's script compile", app_net, "ms", n),
        figure("rerun_bare_no_compile_ms", "  same, bare, minus AppTest's script compile", bare_net, "ms", n),
    ]


def candidates_figures(cand: dict) -> list[dict]:
    small, big = cand["atlas"], cand["synthetic_1000"]
    return [
        figure("candidates_atlas_ms", f"candidates(), shipped atlas ({small['muscles']} muscles)",
               small["median_s"] * 1000, "ms", small["repeats"], 3),
        figure("candidates_1000_ms", f"candidates(), synthetic atlas ({big['muscles']} muscles)",
               big["median_s"] * 1000, "ms", big["repeats"], 2),
    ] + (search_figures(cand["search"]) if "search" in cand else [])


def search_figures(found: dict) -> list[dict]:
    """search() per keystroke; the target is on the slowest keystroke."""
    rows = []
    for key, name in (("atlas", "shipped atlas"), ("synthetic_1000", "synthetic atlas")):
        got = found[key]
        digits = 3 if key == "atlas" else 2
        rows += [
            figure(f"search_{'atlas' if key == 'atlas' else '1000'}_ms",
                   f"search(), slowest keystroke, {name} ({got['muscles']} muscles)",
                   got["slowest_keystroke_s"] * 1000, "ms", found["keystrokes"], digits),
            figure(f"search_{'atlas' if key == 'atlas' else '1000'}_mean_ms", "  same, mean keystroke",
                   got["mean_keystroke_s"] * 1000, "ms", found["keystrokes"], digits),
        ]
    return rows


def memory_figures(mem: dict) -> list[dict]:
    return [
        figure("rss_1_session_mb", "server RSS, 1 session", mem["rss1"]["median_kb"] / 1024, "MB", 1, 0),
        figure("rss_many_sessions_mb", f"server RSS, {mem['sessions']} sessions",
               mem["rss_many"]["median_kb"] / 1024, "MB", mem["sessions"], 0),
        figure("memory_per_session_mb", "memory per extra session", mem["per_extra_session_mb"], "MB",
               mem["sessions"] - 1, 2),
    ]


def _median_or_none(ms: list[float]) -> float | None:
    return median(ms) if ms else None


def _p95_or_none(ms: list[float]) -> float | None:
    return percentile(ms, 95) if ms else None


def _crowd_figures(key: str, title: str, shown: str, crowd: dict) -> list[dict]:
    """Protocol sessions' times, errors of all sessions, the real browser's times, CPU."""
    ms, browser_ms = crowd["panel_ms"], crowd["browser_panel_ms"]
    clicks = crowd["protocol_sessions"] * crowd["clicks_per_session"] + crowd["browser_clicks"]
    return [
        figure(f"{key}_median_ms", f"{title}: click -> {shown}, protocol clients (median)", _median_or_none(ms),
               "ms", len(ms), 0),
        figure(f"{key}_p95_ms", f"{title}: click -> {shown}, protocol clients (p95)", _p95_or_none(ms),
               "ms", len(ms), 0),
        figure(f"{key}_errors", f"{title}: errors", len(crowd["errors"]), "", clicks, 0),
        figure(f"{key}_browser_median_ms", f"  real browser in the crowd: click -> {shown} (median)",
               _median_or_none(browser_ms), "ms", len(browser_ms), 0),
        figure(f"{key}_browser_p95_ms", f"  real browser in the crowd: click -> {shown} (p95)",
               _p95_or_none(browser_ms), "ms", len(browser_ms), 0),
        *_cpu_figures(key, crowd),
    ]


def crowd_figures(crowd: dict, key: str = "crowd", where: str = "") -> list[dict]:
    return _crowd_figures(key, f"{crowd['sessions']} sessions{where}", "panel", crowd)


def bare_crowd_figures(crowd: dict) -> list[dict]:
    return _crowd_figures("bare_crowd", f"{crowd['sessions']} sessions, bare app", "heading", crowd)


def churn_figures(visits: dict) -> list[dict]:
    """Server RSS after each stage of visits; the target is on the growth after the first stage."""
    stages, rss = visits["stages"], visits["rss"]
    mb = {stage: rss[stage]["median_kb"] / 1024 for stage in stages}
    first, last = stages[0], stages[-1]
    return [
        *(figure(f"visits_rss_{stage}_mb", f"server RSS after {stage} visits opened and closed", mb[stage], "MB",
                 stage, 0) for stage in stages),
        figure("visits_growth_mb", f"  growth from {first} to {last} visits", mb[last] - mb[first], "MB",
               last - first, 1),
        figure("visits_errors", "  visits: errors", len(visits["errors"]), "", last, 0),
    ]


def _cpu_figures(key: str, crowd: dict) -> list[dict]:
    """How busy the server, the machine and the protocol clients were while clicking (100 % = one core)."""
    wall = crowd["clicking_s"]
    return [
        figure(f"{key}_server_cpu_pct", "  server CPU while clicking (100% = 1 core)",
               100 * crowd["server_cpu_s"] / wall, "%", None, 0),
        figure(f"{key}_machine_cpu_pct", f"  machine CPU while clicking (of {os.cpu_count()} cores)",
               100 * crowd["machine_busy_s"] / wall / (os.cpu_count() or 1), "%", None, 0),
        figure(f"{key}_client_cpu_pct", "  protocol clients' CPU while clicking (100% = 1 core)",
               100 * crowd["client_cpu_s"] / wall, "%", None, 0),
    ]


def _fmt(f: dict) -> str:
    if f["value"] is None:
        return "n/a"
    return f"{f['value']:.{f['digits']}f} {f['unit']}".strip()


def table(figures: list[dict]) -> str:
    rows = [("figure", "value", "N", "target", "result")]
    for f in figures:
        result = "" if f["pass"] is None else ("PASS" if f["pass"] else "FAIL")
        if f["target"] and f["value"] is None:
            result = "FAIL (not measured)"
        rows.append((f["label"], _fmt(f), "" if f["n"] is None else str(f["n"]), f["target"], result))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i != 1 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _chromium_version(path: str) -> str:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20)
        return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def machine(chromium_path: str) -> dict:
    from importlib.metadata import version

    import streamlit

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_mb": _mem_total_mb(),
        "chromium": _chromium_version(chromium_path),
        "streamlit": streamlit.__version__,
        "playwright": version("playwright"),
    }


def load_average() -> list[float]:
    return list(os.getloadavg())


def write_json(path: Path, payload: dict) -> None:
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
