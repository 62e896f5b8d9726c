"""A folder (a built site) served over HTTP from 127.0.0.1 on a free port, in a thread.

Two ways to serve: plain static files (the tests, the screenshot script), or as GitHub
Pages serves them (`like_github_pages`, the benchmark): text gzipped once per file at level
6 (Content-Encoding: gzip, so that the server's own work stays out of the timings) and
`Cache-Control: no-store`.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import socket
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml", "application/atom+xml")


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _PagesHandler(http.server.BaseHTTPRequestHandler):
    """Static files, gzipped where GitHub Pages would gzip them; never cached."""

    protocol_version = "HTTP/1.1"

    def __init__(self, *args: Any, directory: Path,  # Any: socketserver's own signature
                 cache: dict[str, tuple[bytes, str, bool]], **kwargs: Any):
        self.directory = directory
        self.cache = cache
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _file(self, url_path: str) -> tuple[bytes, str, bool] | None:
        if url_path in self.cache:
            return self.cache[url_path]
        path = (self.directory / unquote(url_path).lstrip("/")).resolve()
        if self.directory.resolve() not in path.parents and path != self.directory.resolve():
            return None
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return None
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        text = kind.startswith(TEXT_TYPES)
        entry = (gzip.compress(data, 6) if text else data, kind, text)
        self.cache[url_path] = entry
        return entry

    def do_GET(self) -> None:
        found = self._file(urlsplit(self.path).path)
        if found is None:
            self.send_error(404)
            return
        data, kind, compressed = found
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith(
            ("text/", "application/javascript", "application/json")) else ""))
        if compressed:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket],
                     client_address: Any) -> None:  # Any: as socketserver declares it
        pass  # a browser context closed mid-response: nothing to report


class Server:
    """Serves `directory` at `url` (http://127.0.0.1:PORT) until stop()."""

    def __init__(self, directory: Path, like_github_pages: bool = False):
        handler: functools.partial[http.server.BaseHTTPRequestHandler]
        if like_github_pages:
            handler = functools.partial(_PagesHandler, directory=directory, cache={})
        else:
            handler = functools.partial(_StaticHandler, directory=str(directory))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
