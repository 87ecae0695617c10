"""A real HTTP server on 127.0.0.1 serving a build the way a static host
does."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a build like a static host: 404.html for missing paths."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a page drops the requests still in flight: the
    response then meets a closed connection, which is no error of the site.
    Every test server is one (the contact form's receivers too)."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def serve(directory: Path, handler=StaticHandler):
    """Start a threaded HTTP server on 127.0.0.1; returns (server, base URL)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
