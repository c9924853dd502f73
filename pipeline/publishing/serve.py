"""`produce serve`: the storage folder over HTTP, to preview the feed in a podcast app.

Supports what podcast apps need: HEAD, byte ranges (206, `bytes=0-`, suffix ranges,
416 when unsatisfiable) and the right Content-Type. Paths are resolved inside the
folder and anything that would leave it is refused, `..` and symlinks included. It
binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import re
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .objects import content_type

CHUNK = 1 << 16


def parse_range(header: str, size: int) -> tuple[int, int] | None | str:
    """(first, last) inclusive for a single `bytes=` range; None if absent; "bad" if unsatisfiable."""
    match = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", header or "")
    if not header:
        return None
    if not match or (not match.group(1) and not match.group(2)):
        return None                                  # malformed or multi-range: serve the whole file
    first, last = match.group(1), match.group(2)
    if not first:                                    # suffix range: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return "bad"
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return "bad"
    return start, end


class FolderHandler(BaseHTTPRequestHandler):
    """GET and HEAD of the files under `root`, with byte ranges (podcast apps seek in the MP3)."""
    server_version = "produce"
    root: Path
    moved: dict = {}                         # path → the URL it has moved to (answered 301)

    def log_message(self, fmt, *args):          # quiet; the CLI prints the URL once
        pass

    def _target(self) -> Path | None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        candidate = (self.root / path.lstrip("/")).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def _headers(self, status, length, ctype, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _serve(self, body: bool):
        moved = self.moved.get(urllib.parse.urlsplit(self.path).path)
        if moved:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", moved)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        target = self._target()
        if target is None:
            message = b"not found\n"
            self._headers(HTTPStatus.NOT_FOUND, len(message), "text/plain; charset=utf-8")
            if body:
                self.wfile.write(message)
            return
        size = target.stat().st_size
        ctype = content_type(target.name)
        wanted = parse_range(self.headers.get("Range"), size)
        if wanted == "bad":
            self._headers(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, 0, ctype,
                          {"Content-Range": f"bytes */{size}"})
            return
        if wanted is None:
            first, last, status, extra = 0, size - 1, HTTPStatus.OK, {}
        else:
            first, last = wanted
            status, extra = HTTPStatus.PARTIAL_CONTENT, {"Content-Range": f"bytes {first}-{last}/{size}"}
        self._headers(status, last - first + 1, ctype, extra)
        if not body:
            return
        self._copy(target, first, last)

    def _copy(self, target: Path, first: int, last: int) -> None:
        with open(target, "rb") as handle:
            handle.seek(first)
            remaining = last - first + 1
            while remaining > 0:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk:
                    break
                self.wfile.write(chunk)
                remaining -= len(chunk)

    def do_GET(self):
        self._serve(body=True)

    def do_HEAD(self):
        self._serve(body=False)





def make_handler(root: Path, moved: dict | None = None) -> type[FolderHandler]:
    return type("Handler", (FolderHandler,), {"root": root.resolve(), "moved": dict(moved or {})})


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, moved: dict | None = None) -> ThreadingHTTPServer:
    """`moved`: paths answered with a 301 to a new URL (the feed, once `publish.new_feed_url` is set)."""
    return ThreadingHTTPServer((host, port), make_handler(root, moved))
