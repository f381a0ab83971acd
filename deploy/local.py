"""nginx in front of replicas of the app, on loopback, with the real deploy/nginx/triggermap.conf.

For tests/browser/test_deploy.py and the benchmark (bench/): nginx runs in the foreground from a directory of the
caller's (``base``): a wrapper nginx.conf that includes the real triggermap.conf, the sample upstream.conf with
the replicas' ports put in, and a site.conf that listens on a loopback port. Nothing is written anywhere else.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import time
from pathlib import Path

NGINX = "/usr/sbin/nginx"
DEPLOY = Path(__file__).resolve().parent / "nginx"
START_TIMEOUT_S = 30


def write_nginx_conf(base: Path, port: int, replica_ports: list[int]) -> Path:
    """The wrapper and host files around the real triggermap.conf; everything nginx writes stays under ``base``."""
    (base / "triggermap").mkdir()
    sample = (DEPLOY / "upstream.conf").read_text(encoding="utf-8")
    ports = iter(replica_ports)
    upstream, replaced = re.subn(r"(?m)^server 127\.0\.0\.1:\d+", lambda _: f"server 127.0.0.1:{next(ports)}", sample)
    assert replaced == len(replica_ports), f"deploy/nginx/upstream.conf should list {len(replica_ports)} replicas"
    (base / "triggermap" / "upstream.conf").write_text(upstream, encoding="utf-8")
    (base / "triggermap" / "site.conf").write_text(
        f"listen 127.0.0.1:{port};\naccess_log {base}/access.log triggermap;\n", encoding="utf-8")
    temp = "\n".join(f"    {kind}_temp_path {base}/temp/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = base / "nginx.conf"
    conf.write_text(
        f"pid {base}/nginx.pid;\n"
        f"error_log {base}/error.log;\n"
        + ("user root;\n" if os.geteuid() == 0 else "")  # workers otherwise become nobody, who cannot enter base
        + "worker_processes 1;\nevents { worker_connections 512; }\n"
        f"http {{\n{temp}\n    include {DEPLOY}/triggermap.conf;\n}}\n",
        encoding="utf-8")
    return conf


def start_nginx(base: Path, conf: Path, port: int) -> subprocess.Popen:
    (base / "temp").mkdir()
    log = open(base / "nginx.out", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen([NGINX, "-p", str(base), "-c", str(conf), "-e", str(base / "error.log"),
                             "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}: {nginx_errors(base)}")
        if request(port, "/_stcore/health")[0] == 200:
            return proc
        time.sleep(0.2)
    raise RuntimeError(f"nginx did not answer within {START_TIMEOUT_S} s: {nginx_errors(base)}")


def nginx_errors(base: Path) -> str:
    return "".join((base / name).read_text(errors="replace") for name in ("nginx.out", "error.log")
                   if (base / name).exists())


def request(port: int, path: str, headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """GET ``path`` exactly as written (no normalising); (0, ..) when nothing answers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    except OSError:
        return 0, http.client.HTTPMessage(), b""
    finally:
        conn.close()
