"""nginx in front of several app servers, for the multi-server rows of bench/web.py.

Debian's nginx (/usr/sbin/nginx, or NGINX=...) runs in the foreground from a temporary
directory with its own nginx.conf: one upstream with the given ports (round robin,
keep-alive connections to them), access log off. Stopped by its own pid only.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"

CONF = """\
{user}
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream app {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_buffering on;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    def __init__(self, upstream_ports: list[int]) -> None:
        if not Path(NGINX).exists():
            raise RuntimeError(f"nginx is missing ({NGINX}): apt-get install -y nginx")
        self.dir = tempfile.mkdtemp(prefix="bp-nginx-")
        self.port = free_port()
        servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
        # As root, nginx would hand its workers to "nobody", who cannot use our directory.
        user = "user root;" if os.geteuid() == 0 else ""
        conf = Path(self.dir, "nginx.conf")
        conf.write_text(CONF.format(user=user, dir=self.dir, servers=servers, port=self.port))
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [NGINX, "-p", self.dir, "-c", str(conf), "-e", f"{self.dir}/error.log"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = Path(self.dir, "error.log")
                raise RuntimeError(
                    "nginx stopped: " + (log.read_text()[-500:] if log.exists() else "")
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not listen within 20 s")

    def pids(self) -> list[int]:
        """The master and its workers."""
        pids = [self.process.pid]
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            pids.extend(int(p) for p in (task / "children").read_text().split())
        return pids

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # finish the open requests, then stop
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
