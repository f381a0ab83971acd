"""candidates() and search() per call, on the shipped atlas and on a synthetic one of 1,000 muscles."""

from __future__ import annotations

import json
import tempfile
import timeit
from pathlib import Path
from statistics import median

import yaml

from triggermap import load_atlas
from triggermap.gate import DEFAULT_INTENSITY
from triggermap.lookup import candidates
from triggermap.search import search
from triggermap.zones import Region

MARKED = ["lateral_hip_right", "sacrum", "upper_buttock_left", "posterior_thigh_right", "lumbar_left"]
# Typed one letter at a time: every prefix is a keystroke. Names with typos, places, symptoms.
QUERIES = ["piriformus", "gluteus minimis", "outer thigh", "side of hip", "low back pain", "SI joint", "sciatica",
           "worse sitting", "coughing sneezing", "tailbone pain when sitting"]


def synthetic_content(shipped: Path, folder: Path, size: int = 1000) -> Path:
    """The shipped content file with muscles cloned under new ids up to `size`, its pain guide listing the clones."""
    data = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    shipped_muscles, clones = data["muscles"], {}
    for i in range(size - len(shipped_muscles)):
        base = shipped_muscles[i % len(shipped_muscles)]
        names = [f"{name} {i}" for name in base.get("common_names", [])]
        clones.setdefault(base["id"], []).append({**base, "id": f"{base['id']}_{i:04d}", "name": f"{base['name']} {i}",
                                                  "common_names": names})
    data["muscles"] += [clone for group in clones.values() for clone in group]
    data["pain_guide"]["zones"] = {zone: [m for base in ids for m in [base, *(c["id"] for c in clones[base])]]
                                   for zone, ids in data["pain_guide"]["zones"].items()}
    path = folder / "muscles.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML, with no anchors to refuse
    return path


def per_call_ms(call, repeats: int) -> float:
    """timeit: as many calls per repeat as fill 0.2 s; the median per call, after a first call that builds caches."""
    call()
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    return median(timer.repeat(repeats, number)) / number * 1000


def measure() -> list[tuple]:
    shipped = load_atlas()
    with tempfile.TemporaryDirectory(prefix="triggermap-bench-") as folder:
        big = load_atlas(synthetic_content(shipped.path, Path(folder)))
    return [*timings("atlas", "shipped", shipped), *timings("1000", "synthetic", big)]


def timings(key: str, kind: str, atlas) -> list[tuple]:
    marked = {Region.parse(region): DEFAULT_INTENSITY for region in MARKED}
    typed = [query[:k] for query in QUERIES for k in range(1, len(query) + 1)]
    which = f"{kind} atlas ({len(atlas.muscles)} muscles)"
    mean = per_call_ms(lambda: [search(atlas, q) for q in typed], 5) / len(typed)  # first: builds the search index
    slowest = max(median(timeit.repeat(lambda q=q: search(atlas, q), number=1, repeat=5)) for q in typed) * 1000
    per_candidates = per_call_ms(lambda: candidates(marked, atlas), 15)
    return [(f"candidates_{key}_ms", f"candidates(), {which}", per_candidates, "ms", 15),
            (f"search_{key}_ms", f"search(), slowest keystroke, {which}", slowest, "ms", len(typed)),
            (f"search_{key}_mean_ms", "  same, mean keystroke", mean, "ms", len(typed))]
