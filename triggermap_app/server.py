"""The server: Streamlit running app.py, plus the body-map figure's files served from memory.

Start it with ``streamlit run server.py`` (``make run``): Streamlit finds ``app`` below and serves it with
uvicorn. app.py stays the script each page runs, and what streamlit.testing loads. Nothing is written to disk,
so the app runs from a read-only install.
"""

from __future__ import annotations

import gc
import threading
import time
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from streamlit import config
from streamlit.url_util import make_url_path

from triggermap_app import figure_files

# User routes are not put under server.baseUrlPath by Streamlit; the pages' relative figure/ URLs are.
BASE = config.get_option("server.baseUrlPath") or ""
IMMUTABLE = "public, max-age=31536000, immutable"  # a file's name carries its content's hash


async def figure_file(request: Request) -> Response:
    """One generated figure file, from memory."""
    file = figure_files.get(request.path_params["name"])
    if file is None:
        return PlainTextResponse("Not found", status_code=404)
    headers = {"ETag": file.etag, "Cache-Control": IMMUTABLE}
    if file.etag in _etags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    return Response(file.body, media_type=file.media_type, headers=headers)


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


class FigureHealth:
    """``/_stcore/health`` answers 503 with a short reason while the figure cannot be served.

    Only for health checkers: Streamlit's page fetches the same URL before it connects and would otherwise stay on
    "Connection failed" instead of showing the rest of the app and the notice that the figure is missing.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.path = make_url_path(BASE, "_stcore/health")

    async def __call__(self, scope, receive, send) -> None:
        problem = figure_files.problem()
        if problem and scope["type"] == "http" and scope["path"] == self.path and not _from_a_page(scope):
            response = PlainTextResponse(problem, status_code=503, headers={"Cache-Control": "no-cache"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _from_a_page(scope) -> bool:
    """A browser marks a page's fetch (Fetch Metadata; a Referer over plain HTTP too); health checkers send neither."""
    headers = {name for name, _value in scope["headers"]}
    return b"sec-fetch-mode" in headers or b"referer" in headers


@asynccontextmanager
async def lifespan(_app):
    # In a thread: building is CPU work and must not hold up the event loop.
    threading.Thread(target=_build_figure, name="figure-build", daemon=True).start()
    threading.Thread(target=collect_garbage_every, name="garbage-collection", daemon=True).start()
    yield


GC_INTERVAL_S = 30


def collect_garbage_every(interval_s: float = GC_INTERVAL_S) -> None:
    """A full garbage collection every ``interval_s`` seconds, forever (run it in a daemon thread).

    Streamlit's own collection after every script run (``runner.postScriptGC``) is off in .streamlit/config.toml:
    it scans every live and recently disconnected session's objects, so the cost of each click grew with the number
    of sessions (server CPU per click 6 ms without it, 22 ms with it at 25 sessions, 30 ms at 50). Python's
    generational collector still runs as objects are made; this pass bounds how long garbage cycles can wait when
    the server is idle, at a cost that does not depend on how often people click.
    """
    while True:
        time.sleep(interval_s)
        gc.collect()


def _build_figure() -> None:
    from triggermap_app.resources import (
        current_atlas,  # here, so importing the content code does not delay the server's start
    )

    figure_files.build_at_startup(current_atlas)


app = st.App(
    "app.py",
    lifespan=lifespan,
    routes=[Route(make_url_path(BASE, "figure/{name}"), figure_file, methods=["GET"])],
    middleware=[Middleware(FigureHealth)],
)
