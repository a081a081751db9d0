"""A run's folder (report, snapshots) over HTTP on loopback, for a browser that will not open
local files or a colleague on the same machine. Static files only; nothing is proxied."""

from __future__ import annotations

import functools
import ipaddress
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (names other than localhost are not resolved)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server for ``folder`` bound to ``host:port`` (port 0: any free one)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    return ThreadingHTTPServer((host, port), handler)


def serve_in_thread(folder: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """:func:`make_server`, serving from a daemon thread; ``shutdown()`` stops it."""
    server = make_server(folder, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
