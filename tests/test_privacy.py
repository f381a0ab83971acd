"""Privacy by default: the app started as `make run` starts it binds to loopback and reaches nothing outside.

The server process runs with a ``sitecustomize`` that records every attempt to resolve a name or open a
connection to a host that is not this machine (``socket.getaddrinfo``, ``socket.socket.connect``/``connect_ex``/
``sendto``, ``socket.create_connection``); the browser records every request the page makes.
"""

import ipaddress
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import (
    FIRST_PAGE_TIMEOUT,
    SERVER,
    _free_port,
    click_where_visible,
    server_log,
    start_streamlit,
    stop_streamlit,
    wait_for_app_run,
)

pytestmark = pytest.mark.browser

RECORDER = textwrap.dedent(
    '''
    """Test harness: append every non-loopback name lookup or connection attempt to $TRIGGERMAP_NET_LOG."""
    import ipaddress
    import os
    import socket
    import threading

    _LOG = os.environ["TRIGGERMAP_NET_LOG"]
    _LOCK = threading.Lock()
    _LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
    with open(_LOG + ".loaded", "a", encoding="utf-8") as _loaded:  # proof that this process is being watched
        _loaded.write(f"{os.getpid()}\\n")


    def _is_local(host):
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).strip("[]").lower()
        if host in _LOCAL_NAMES:
            return True
        try:
            address = ipaddress.ip_address(host.split("%")[0])
        except ValueError:
            return False
        return address.is_loopback or address.is_unspecified


    def _record(kind, target):
        with _LOCK, open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{kind} {target!r}\\n")


    def _check(kind, address):
        if isinstance(address, tuple) and address and not _is_local(address[0]):
            _record(kind, address)


    _getaddrinfo = socket.getaddrinfo


    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            _record("getaddrinfo", host)
        return _getaddrinfo(host, *args, **kwargs)


    _create_connection = socket.create_connection


    def create_connection(address, *args, **kwargs):
        _check("create_connection", address)
        return _create_connection(address, *args, **kwargs)


    def _wrap(name):
        original = getattr(socket.socket, name)

        def wrapped(self, *args):
            _check(name, args[-1] if args else None)
            return original(self, *args)

        setattr(socket.socket, name, wrapped)


    for _name in ("connect", "connect_ex", "sendto"):
        _wrap(_name)
    socket.getaddrinfo = getaddrinfo
    socket.create_connection = create_connection
    '''
)


@pytest.fixture
def recording_env(tmp_path):
    """Environment for a Python process whose outbound attempts are written to the returned log file."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(RECORDER, encoding="utf-8")
    log = tmp_path / "outbound.log"
    log.touch()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "TRIGGERMAP_NET_LOG": str(log),
    }
    return env, log


def test_the_recorder_sees_an_outbound_attempt(recording_env):
    """The harness itself: a lookup and a connection to an outside address are both written down."""
    env, log = recording_env
    probe = (
        "import socket\n"
        "try: socket.create_connection(('192.0.2.1', 80), timeout=0.01)\n"  # TEST-NET-1: never routed
        "except OSError: pass\n"
        "try: socket.getaddrinfo('example.invalid', 80)\n"
        "except OSError: pass\n"
    )
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=60)
    recorded = log.read_text(encoding="utf-8")
    assert "192.0.2.1" in recorded and "example.invalid" in recorded, recorded


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for name in ("tcp", "tcp6"):
        table = Path("/proc/net") / name
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            hex_address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(hex_address)
                # the kernel prints each 32-bit word in host (little-endian) order
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(str(ipaddress.ip_address(raw)))
    return found


def test_the_app_binds_to_loopback_and_reaches_nothing_outside(browser, recording_env):
    env, log = recording_env
    port = _free_port()
    proc = start_streamlit(SERVER, port, env=env, address=None)  # server.address from .streamlit/config.toml
    url = f"http://127.0.0.1:{port}"
    try:
        if Path("/proc/net/tcp").exists():
            assert _listening_addresses(port) == {"127.0.0.1"}
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        requested = []
        context.on("request", lambda request: requested.append(request.url))
        try:
            page = context.new_page()
            page.goto(url, timeout=FIRST_PAGE_TIMEOUT * 1000)
            wait_for_app_run(page)
            expect(page.locator("svg.bodymap")).to_be_visible()
            click_where_visible(page, page.locator('.muscle[data-muscle="piriformis"][data-side="right"]'))
            expect(page.get_by_role("heading", name="Piriformis · right")).to_be_visible()
            page.wait_for_load_state("networkidle")
        finally:
            context.close()
        output = server_log(proc)
    finally:
        stop_streamlit(proc)
    assert Path(f"{log}.loaded").read_text().split().count(str(proc.pid)) == 1, "the server ran without the recorder"
    assert requested, "the page made no request at all: the listener saw nothing"
    outside = [u for u in requested if not u.startswith((url + "/", "data:", "blob:")) and u != url]
    assert not outside, outside
    assert log.read_text(encoding="utf-8") == "", "the server tried to reach outside:\n" + log.read_text()
    assert f"URL: http://127.0.0.1:{port}" in output, output
    assert "External URL" not in output and "Network URL" not in output, output
