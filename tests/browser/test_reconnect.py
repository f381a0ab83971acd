"""A choice made while the connection is down, in a real browser: after reconnecting, the figure, the page and
the URL agree on one state, the server's.

What Streamlit 1.67 does (watched on the wire while writing these tests): about 3 s after the socket closes it
shows a "Connection error" notice, which the person can close and go on clicking. A trigger sent while the socket
is closed is dropped in the browser ("Cannot send rerun backMessage when disconnected from server"). On
reconnecting, the page opens a new socket that the server attaches to the same session (a restarted server starts
a new one, which reads the URL) and asks for a rerun with every widget's state, but not the lost trigger; that
rerun leaves the component's data as it was, so Streamlit does not call the component again. Only the
component's own timer (CONFIRM_MS in triggermap_app/bodymap.js) can undo what it painted.
"""

import contextlib
import re
import socket
import threading
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.test_explore import expect_pattern
from tests.browser.test_pain import expect_marked, views_of, zone
from tests.conftest import SERVER, _free_port, click_where_visible, start_streamlit, stop_streamlit
from triggermap.gate import DEFAULT_INTENSITY

pytestmark = pytest.mark.browser
SETTLED_MS = 30_000  # the figure undoes an unconfirmed choice after 8 s; a loaded 2-core machine adds a lot
FIRST, OFFLINE = ("piriformis", "right"), ("gluteus_medius", "left")


class Cable:
    """A TCP relay between the browser and the server that a test can unplug, as a dropped network would:
    unplugged, it cuts every open connection (the page's WebSocket) and hangs up on new ones, so Streamlit's
    health checks fail until it is plugged in again. The server keeps running, and keeps the session."""

    def __init__(self, server_port: int):
        self.server_port = server_port
        self.plugged = True
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                browser_end, _ = self.listener.accept()
            except OSError:  # the listener was closed
                return
            try:
                if not self.plugged:
                    raise ConnectionRefusedError
                server_end = socket.create_connection(("127.0.0.1", self.server_port))
            except OSError:
                browser_end.close()
                continue
            with self.lock:
                self.open.update((browser_end, server_end))
            for source, sink in ((browser_end, server_end), (server_end, browser_end)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        self._cut(source, sink)

    def _cut(self, *ends: socket.socket) -> None:
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)  # wakes the thread reading it; close alone would not
            end.close()
        with self.lock:
            self.open.difference_update(ends)

    def unplug(self) -> None:
        self.plugged = False
        with self.lock:
            ends = list(self.open)
        self._cut(*ends)

    def plug(self) -> None:
        self.plugged = True

    def close(self) -> None:
        self.unplug()
        self.listener.close()


@pytest.fixture
def cable(server_url):
    relay = Cable(int(server_url.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture
def own_server(browser):
    """A server of this test's own, which it may stop and start again on the same port."""
    port = _free_port()
    server = SimpleNamespace(port=port, url=f"http://127.0.0.1:{port}", proc=start_streamlit(SERVER, port))
    yield server
    stop_streamlit(server.proc)


def start_again(server) -> None:
    server.proc = start_streamlit(SERVER, server.port)


@pytest.fixture
def runs(page) -> list:
    """The script runs the server finishes, read from the page's own WebSocket frames (every socket it opens)."""
    finished = []

    def frame(payload) -> None:
        if isinstance(payload, bytes) and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
            finished.append(payload)

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    return finished


def app(page):
    return page.get_by_test_id("stApp")


def expect_disconnected(page) -> None:
    """Streamlit knows the connection is down and says so in a notice, which the person closes to go on."""
    expect(app(page)).to_have_attribute("data-test-connection-state", "PINGING_SERVER")
    notice = page.get_by_role("dialog", name="Connection error")
    expect(notice).to_contain_text("Streamlit server is not responding")
    notice.get_by_role("button", name="Close").click()
    expect(notice).to_be_hidden()


def reconnect(page, runs: list, bring_back) -> None:
    """Bring the connection back, then wait until Streamlit is connected and the server has finished the run the
    page asks for on reconnecting: what the page shows after that is what the server holds. (No run can finish
    while the connection is down, so any run counted from here is that one.)"""
    finished = len(runs)
    bring_back()
    expect(app(page)).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=SETTLED_MS)
    for _ in range(SETTLED_MS // 100):
        if len(runs) > finished:
            return
        page.wait_for_timeout(100)
    pytest.fail("the server finished no script run after the page reconnected")


def muscle(page, chosen):
    muscle_id, side = chosen
    return page.locator(f'.figure svg.bodymap .muscle[data-muscle="{muscle_id}"][data-side="{side}"]')


def choose(page, chosen) -> None:
    click_where_visible(page, muscle(page, chosen))


def expect_explorer_shows(page, atlas, chosen, timeout=SETTLED_MS) -> None:
    """The figure (one muscle pressed, its pattern), the panel and the URL all show ``chosen``."""
    muscle_id, side = chosen
    expect(muscle(page, chosen)).to_have_attribute("aria-pressed", "true", timeout=timeout)
    expect(page.locator('.figure svg.bodymap .muscle[aria-pressed="true"]')).to_have_count(1)
    expect_pattern(page, atlas, muscle_id, side)
    head = page.locator(".tm-panel-head")
    expect(head).to_have_attribute("data-muscle", muscle_id, timeout=timeout)
    expect(head).to_have_attribute("data-side", side)
    expect(head.locator("h2")).to_have_text(f"{atlas.muscles[muscle_id].name} · {side}")
    expect(page).to_have_url(re.compile(rf"\?muscle={muscle_id}&side={side}$"), timeout=timeout)


def click_while_disconnected(page) -> None:
    """A click that never reaches the server: the figure shows it at once, the panel and URL cannot follow."""
    expect_disconnected(page)
    choose(page, OFFLINE)
    expect(muscle(page, OFFLINE)).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".tm-panel-head")).to_have_attribute("data-muscle", FIRST[0])


def test_a_click_during_a_network_drop_is_undone_after_reconnecting(page, runs, cable, atlas):
    page.goto(cable.url)
    choose(page, FIRST)
    expect_explorer_shows(page, atlas, FIRST)

    cable.unplug()
    click_while_disconnected(page)
    reconnect(page, runs, cable.plug)

    expect_explorer_shows(page, atlas, FIRST)  # the server's selection: the click was lost with the connection
    choose(page, OFFLINE)
    expect_explorer_shows(page, atlas, OFFLINE)


def test_a_click_while_the_server_restarts_is_undone_and_the_new_session_reads_the_url(page, runs, own_server, atlas):
    page.goto(own_server.url)
    choose(page, FIRST)
    expect_explorer_shows(page, atlas, FIRST)

    stop_streamlit(own_server.proc)
    click_while_disconnected(page)
    reconnect(page, runs, lambda: start_again(own_server))

    expect_explorer_shows(page, atlas, FIRST)  # a new session, which took the muscle from the URL
    choose(page, OFFLINE)
    expect_explorer_shows(page, atlas, OFFLINE)


def mark(page, region_id) -> None:
    click_where_visible(page, zone(page, region_id).first)


def expect_drawing(page, *region_ids, timeout=SETTLED_MS) -> None:
    """The figure's marks, the page's list of marks and the URL all hold exactly ``region_ids`` (the URL in that
    order)."""
    rows = page.locator('[class*="st-key-mark_row_"]')
    expect(rows).to_have_count(len(region_ids), timeout=timeout)
    for region_id in region_ids:
        expect(page.locator(f".st-key-mark_row_{region_id}")).to_be_visible()
        expect_marked(page, region_id)
    drawn = sum(len(views_of(region_id)) for region_id in region_ids)
    expect(page.locator(".figure svg.bodymap .zone.marked")).to_have_count(drawn, timeout=timeout)
    zones = "%2C".join(f"{region_id}%3A{DEFAULT_INTENSITY}" for region_id in region_ids)
    expect(page).to_have_url(re.compile(rf"\?zones={zones}$"))


def test_a_mark_made_during_a_network_drop_is_undone_after_reconnecting(page, runs, cable):
    page.goto(f"{cable.url}/pain")
    mark(page, "sacrum")
    expect_drawing(page, "sacrum")

    cable.unplug()
    expect_disconnected(page)
    mark(page, "lateral_hip_right")
    expect_marked(page, "lateral_hip_right")  # shown at once, though the server never hears of it
    expect(page.locator(".st-key-mark_row_lateral_hip_right")).to_have_count(0)
    reconnect(page, runs, cable.plug)

    expect_drawing(page, "sacrum")
    mark(page, "coccyx")
    expect_drawing(page, "sacrum", "coccyx")  # the lost mark does not come back with the next one
