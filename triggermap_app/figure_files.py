"""The figure's generated files (an SVG per mode and the explorer's JSON index), kept in memory, never on disk.

The pages ask ``urls(atlas)`` for the addresses to hand the component; ``server.py`` serves ``get(name)`` at
``figure/<name>``. Both run in one process, so this plain module (not a Streamlit cache) is what they share:
the route answers outside any script run. Files are built once per content version (atlas object).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha256

from triggermap_app.errors import LOG

# Relative to the page, so it resolves from "/" and "/pain" alike, and under server.baseUrlPath.
URL_PREFIX = "figure/"
MEDIA_TYPES = {".svg": "image/svg+xml; charset=utf-8", ".json": "application/json"}
KEEP = 4  # content versions kept; a server has one, the tests switch content files
UNAVAILABLE = "The body map could not be drawn, so it is not shown; the rest of this page still works."


@dataclass(frozen=True)
class File:
    body: bytes
    media_type: str
    etag: str


@dataclass(frozen=True)
class _Build:
    atlas: object  # held, so its id is not reused while the build is kept
    urls: dict[str, str]  # kind ("explore", "pain", "index") -> URL
    files: dict[str, File]  # name -> file


class FigureUnavailable(Exception):
    """The figure could not be built; the traceback is in the server log."""


_lock = threading.Lock()
_builds: OrderedDict[int, _Build] = OrderedDict()  # by id(atlas), oldest first
_files: dict[str, File] = {}  # every kept build's files, by name; replaced whole, so readers need no lock
_problem: str | None = "Starting: the body-map figure is not built yet."


def urls(atlas) -> dict[str, str]:
    """``{"explore": url, "pain": url, "index": url}`` for the atlas's figure. Raises FigureUnavailable."""
    global _files, _problem
    with _lock:  # a second session waits for the first one's build instead of repeating it
        build = _builds.get(id(atlas))
        if build is None or build.atlas is not atlas:
            try:
                build = _build(atlas)
            except Exception as err:
                LOG.exception("the body-map figure could not be built")
                _problem = "The body-map figure could not be built; see the server log."
                raise FigureUnavailable from err
            _builds[id(atlas)] = build
            while len(_builds) > KEEP:
                _builds.popitem(last=False)
            _files = {name: file for kept in _builds.values() for name, file in kept.files.items()}
        _problem = None
        return build.urls


def get(name: str) -> File | None:
    return _files.get(name)


def problem() -> str | None:
    """Why the figure cannot be served (not built yet, or the last attempt failed); None when it can."""
    return _problem


def build_at_startup(load_atlas: Callable[[], object]) -> None:
    """Build before the first visit, so nobody waits for it and the health check knows. Never raises."""
    global _problem
    try:
        urls(load_atlas())
    except FigureUnavailable:
        pass  # logged and recorded by urls()
    except Exception:
        LOG.exception("the content could not be loaded, so the body-map figure could not be built")
        _problem = "The muscle content could not be loaded; see the server log."


def _build(atlas) -> _Build:
    from triggermap.figure import MODES, figure_index, render_svg  # here: art that fails on import fails the build

    texts = {mode: (render_svg(atlas, mode), ".svg") for mode in MODES}
    texts["index"] = (json.dumps(figure_index(atlas), separators=(",", ":")), ".json")
    named = {kind: _file(kind, text, suffix) for kind, (text, suffix) in texts.items()}
    return _Build(atlas, {kind: URL_PREFIX + name for kind, (name, _) in named.items()}, dict(named.values()))


def _file(stem: str, text: str, suffix: str) -> tuple[str, File]:
    """A name carrying the content's hash, so a browser may keep the file for good."""
    body = text.encode()
    digest = sha256(body).hexdigest()[:16]
    return f"{stem}-{digest}{suffix}", File(body, MEDIA_TYPES[suffix], f'"{digest}"')
