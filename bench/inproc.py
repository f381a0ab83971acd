"""Figures measured in this process: the ranking function and the server's rerun (AppTest)."""

from __future__ import annotations

import dataclasses
import gc
import random
import time
import timeit
from html import escape
from statistics import median

from bench.procs import ROOT

MARKED_IDS = ["lateral_hip_right", "sacrum", "upper_buttock_left", "posterior_thigh_right", "lumbar_left"]
# Typed one letter at a time: every prefix is one keystroke. Names with typos, places, symptoms.
SEARCH_QUERIES = ["piriformus", "gluteus minimis", "outer thigh", "side of hip", "low back pain", "SI joint",
                  "sciatica", "worse sitting", "coughing sneezing", "tailbone pain when sitting"]
SEARCH_REPEATS = 5  # per keystroke, for the slowest one
SYNTHETIC_MUSCLES = 1000
TIMEIT_REPEATS = 15
RERUN_WARMUPS = 5
RERUN_TIMEOUT_S = 60


def per_call_seconds(fn, repeats: int = TIMEIT_REPEATS) -> dict:
    """timeit: `number` calls per repeat (autorange: >= 0.2 s a repeat); median seconds per call."""
    fn()  # warm: builds the per-atlas index that candidates() caches
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    per_call = [t / number for t in timer.repeat(repeat=repeats, number=number)]
    return {"median_s": median(per_call), "min_s": min(per_call), "max_s": max(per_call),
            "number": number, "repeats": repeats}


def cold_call_seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def synthetic_atlas(atlas, size: int = SYNTHETIC_MUSCLES, seed: int = 1):
    """`size` muscles cloned from the shipped ones, with new ids and shuffled zones (the rest as shipped)."""
    from triggermap.zones import ZONES

    rng = random.Random(seed)
    zone_names = list(ZONES)
    shipped = list(atlas.muscles.values())
    muscles = {}
    for i in range(size):
        base = shipped[i % len(shipped)]
        tps = []
        for tp in base.trigger_points:
            picked = rng.sample(zone_names, len(tp.essential) + len(tp.spillover))
            tps.append(tp.model_copy(update={"essential": picked[: len(tp.essential)],
                                             "spillover": picked[len(tp.essential):]}))
        clone = base.model_copy(update={"id": f"{base.id}_{i:04d}", "name": f"{base.name} {i}", "trigger_points": tps})
        muscles[clone.id] = clone
    guide = None
    if atlas.pain_guide:
        zones = {}
        for zone in zone_names:
            ids = [m.id for m in muscles.values() if any(zone in tp.essential for tp in m.trigger_points)]
            rng.shuffle(ids)
            zones[zone] = ids[:20]
        guide = atlas.pain_guide.model_copy(update={"zones": zones})
    return dataclasses.replace(atlas, muscles=muscles, pain_guide=guide)


def measure_candidates() -> dict:
    from triggermap import load_atlas
    from triggermap.lookup import candidates

    from triggermap.gate import DEFAULT_INTENSITY
    from triggermap.zones import Region

    shipped = load_atlas()
    big = synthetic_atlas(shipped)
    marked = {Region.parse(region): DEFAULT_INTENSITY for region in MARKED_IDS}
    out = {"marked_regions": MARKED_IDS}
    for name, atlas in (("atlas", shipped), ("synthetic_1000", big)):
        call = lambda atlas=atlas: candidates(marked, atlas)  # noqa: E731
        cold = cold_call_seconds(call)
        out[name] = {"muscles": len(atlas.muscles), "rows": len(call()), "cold_first_call_s": cold,
                     **per_call_seconds(call)}
    out["search"] = measure_search(shipped, big)
    return out


def keystrokes(queries: list[str]) -> list[str]:
    """What the search sees as each query is typed: "p", "pi", "pir", ..."""
    return [query[:n] for query in queries for n in range(1, len(query) + 1)]


def measure_search(shipped, big) -> dict:
    """search() per keystroke: the mean over typing every query, and the slowest single keystroke.

    The first call on an atlas builds its search index (cached per atlas); its cost is `cold_first_call_s`.
    The slowest keystroke is the largest of the per-keystroke medians of SEARCH_REPEATS calls.
    """
    from triggermap.search import search

    typed = keystrokes(SEARCH_QUERIES)
    out = {"queries": SEARCH_QUERIES, "keystrokes": len(typed)}
    for name, atlas in (("atlas", shipped), ("synthetic_1000", big)):
        cold = cold_call_seconds(lambda atlas=atlas: search(atlas, typed[0]))
        typing = per_call_seconds(lambda atlas=atlas: [search(atlas, q) for q in typed], repeats=5)
        slowest, slowest_query = 0.0, ""
        for query in typed:
            timer = timeit.Timer(lambda atlas=atlas, query=query: search(atlas, query))
            seconds = median(timer.repeat(repeat=SEARCH_REPEATS, number=1))
            if seconds > slowest:
                slowest, slowest_query = seconds, query
        out[name] = {"muscles": len(atlas.muscles), "cold_first_call_s": cold,
                     "mean_keystroke_s": typing["median_s"] / len(typed), "typing": typing,
                     "slowest_keystroke_s": slowest, "slowest_query": slowest_query,
                     "first_results": {q: [h.muscle_id for h in search(atlas, q)[:3]] for q in SEARCH_QUERIES}}
    return out


class CompileClock:
    """Times ScriptCache.get_bytecode. AppTest makes a new ScriptCache for every run, so each run
    re-reads and compiles the page scripts, which a live server does once."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._original = None

    def __enter__(self) -> "CompileClock":
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache

        original = self._original = ScriptCache.get_bytecode

        def timed(cache, script_path):
            start = time.perf_counter()
            try:
                return original(cache, script_path)
            finally:
                self.seconds += time.perf_counter() - start

        ScriptCache.get_bytecode = timed
        return self

    def __exit__(self, *exc) -> None:
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache

        ScriptCache.get_bytecode = self._original


def _timed_run(at, clock: CompileClock) -> tuple[float, float]:
    """(wall seconds of the run, seconds of it spent compiling page scripts)."""
    compiled = clock.seconds
    start = time.perf_counter()
    at.run(timeout=RERUN_TIMEOUT_S)
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"AppTest run raised: {at.exception}")
    return elapsed, clock.seconds - compiled


def _muscle_cycle():
    from triggermap import load_atlas

    muscles = load_atlas().muscles
    return [(m.id, m.name) for m in muscles.values()]


def measure_reruns(n: int) -> dict:
    """Wall time of AppTest.run() after a selection (app) or a button click (bare), interleaved."""
    from streamlit.testing.v1 import AppTest

    with CompileClock() as clock:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RERUN_TIMEOUT_S)
        bare = AppTest.from_file(str(ROOT / "bench" / "bare_app.py"), default_timeout=RERUN_TIMEOUT_S)
        _timed_run(app, clock)
        _timed_run(bare, clock)
        cycle = _muscle_cycle()
        app_s, app_compile_s, bare_s, bare_compile_s = [], [], [], []
        gc.collect()
        for i in range(RERUN_WARMUPS + n):
            muscle_id, name = cycle[i % len(cycle)]
            app.session_state["explore_muscle"] = muscle_id  # what the figure's callback sets on a click
            a, a_compile = _timed_run(app, clock)
            shown = " ".join(h.value for h in app.get("html"))
            if f"<h2>{escape(name)} · " not in shown:
                raise RuntimeError(f"AppTest: selecting {muscle_id} did not show its panel")
            count = int(bare.subheader[0].value.split()[1])
            bare.button[0].click()
            b, b_compile = _timed_run(bare, clock)
            if bare.subheader[0].value != f"Count {count + 1}":
                raise RuntimeError(f"AppTest: bare click did not change the heading ({bare.subheader[0].value})")
            if i >= RERUN_WARMUPS:
                app_s.append(a)
                app_compile_s.append(a_compile)
                bare_s.append(b)
                bare_compile_s.append(b_compile)
    return {"app_s": app_s, "bare_s": bare_s, "app_compile_s": app_compile_s, "bare_compile_s": bare_compile_s,
            "warmups": RERUN_WARMUPS}
