"""`produce review`'s local server: the page, its data, the episode's audio, and the two
writes it may make (edits.toml, and a render of the episode).

Local and safe by construction:
- it binds 127.0.0.1 unless told otherwise, and answers only requests addressed to that
  host (a page elsewhere cannot reach it by renaming itself in DNS);
- every request but the vendored scripts carries the per-run token of the URL printed in
  the terminal (`?token=` or the `X-Review-Token` header), compared in constant time;
- it serves only this episode's files, by fixed names, with byte ranges for the audio;
- bodies over 1 MB, malformed JSON and malformed ranges get a 400 and a plain message;
- the only file it writes is the episode's edits.toml, atomically.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sys
import urllib.parse
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from pathlib import Path

from ..errors import UserError
from ..publishing.serve import FolderHandler
from .session import BadRequest, ReviewSession

STATIC = Path(__file__).parent / "static"
MAX_BODY = 1 << 20
DRAIN = 8 << 20                  # what is read of a body too large before the connection is closed
CHUNK = 1 << 16
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


class ReviewHandler(FolderHandler):
    """Routes of the review page; files with ranges come from `FolderHandler`."""
    session: ReviewSession
    token: str
    check_host: bool

    def _route(self) -> tuple[str, dict]:
        url = urllib.parse.urlsplit(self.path)
        return url.path, urllib.parse.parse_qs(url.query)

    def _reply(self, status: int, payload, ctype: str = "application/json; charset=utf-8") -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, status: int, message: str) -> None:
        self._reply(status, {"error": message})

    def _allowed(self, query: dict) -> bool:
        """The host check and the token; answers the refusal itself."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if self.check_host and host not in LOCAL_HOSTS:
            self._refuse(HTTPStatus.FORBIDDEN, f"this server answers only 127.0.0.1, not {host or 'no host'}")
            return False
        given = self.headers.get("X-Review-Token") or (query.get("token") or [""])[0]
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            self._refuse(HTTPStatus.FORBIDDEN, "missing or wrong token: open the URL `produce review` printed")
            return False
        return True

    def _target(self) -> Path | None:
        """The files served with ranges: the raw take and the rendered episode, by fixed names."""
        path, _ = self._route()
        targets = {"/media/recording": self.session.episode.recording,
                   "/media/episode.mp3": self.session.build.path("episode.mp3")}
        target = targets.get(path)
        return target if target is not None and target.is_file() else None

    def do_GET(self):
        self._get(body=True)

    def do_HEAD(self):
        self._get(body=False)

    def _get(self, body: bool) -> None:
        path, query = self._route()
        if path.startswith("/static/"):
            return self._static(path[len("/static/"):])
        if path == "/favicon.ico":
            return self._reply(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        if not self._allowed(query):
            return
        if path == "/":
            return self._reply(HTTPStatus.OK, (STATIC / "review.html").read_bytes(), "text/html; charset=utf-8")
        if path == "/api/state":
            return self._reply(HTTPStatus.OK, self.session.state())
        if path == "/api/peaks":
            return self._reply(HTTPStatus.OK, self.session.peaks, "application/octet-stream")
        if path == "/api/render":
            return self._reply(HTTPStatus.OK, self.session.render_json())
        if path.startswith("/media/"):
            return self._serve(body)
        self._refuse(HTTPStatus.NOT_FOUND, f"{path}: not a file of this episode")

    def _static(self, name: str) -> None:
        """The page's own scripts and styles (vendored wavesurfer.js among them): no secrets."""
        target = (STATIC / name).resolve()
        if STATIC.resolve() not in target.parents or not target.is_file():
            return self._refuse(HTTPStatus.NOT_FOUND, f"{name}: no such file")
        types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".txt": "text/plain; charset=utf-8"}
        self._reply(HTTPStatus.OK, target.read_bytes(), types.get(target.suffix, "application/octet-stream"))

    def _body(self) -> dict | None:
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            remaining = min(max(length, 0), DRAIN)       # read (boundedly) what the client sends, so that it
            while remaining > 0:                           # reads the answer rather than a broken pipe
                chunk = self.rfile.read(min(CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
            self._refuse(HTTPStatus.BAD_REQUEST, f"the body must be JSON of at most {MAX_BODY} bytes")
            return None
        try:
            return json.loads(self.rfile.read(length) or b"{}")
        except ValueError as exc:
            self._refuse(HTTPStatus.BAD_REQUEST, f"the body is not JSON: {exc}")
            return None

    def do_POST(self):
        path, query = self._route()
        if not self._allowed(query):
            return
        body = self._body()
        if body is None:
            return
        session = self.session
        try:
            if path == "/api/snap":
                return self._reply(HTTPStatus.OK, {"times": session.snap(body)})
            if path == "/api/preview":
                return self._reply(HTTPStatus.OK, session.preview(session.decisions(body)))
            if path == "/api/save":
                return self._reply(HTTPStatus.OK, session.save(session.decisions(body)))
            if path == "/api/render":
                saved = session.save(session.decisions(body)) if "manual" in body else None
                if not session.start_render():
                    return self._refuse(HTTPStatus.CONFLICT, "a render is already running")
                return self._reply(HTTPStatus.ACCEPTED, {"saved": saved, **session.render_json()})
        except BadRequest as exc:
            return self._refuse(HTTPStatus.BAD_REQUEST, str(exc))
        except UserError as exc:
            return self._refuse(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc))
        self._refuse(HTTPStatus.NOT_FOUND, f"{path}: no such action")


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that stops loading the audio (a seek, a closed tab) resets the connection:
        that is no error to print."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def make_review_server(session: ReviewSession, host: str = "127.0.0.1", port: int = 0,
                       token: str | None = None) -> tuple[ThreadingHTTPServer, str]:
    """The server (not yet serving) and the page's URL with its token."""
    token = token or secrets.token_urlsafe(24)
    handler = type("Handler", (ReviewHandler,), {"session": session, "token": token, "root": STATIC,
                                                 "check_host": host in ("127.0.0.1", "localhost", "::1")})
    server = ReviewServer((host, port), handler)
    shown = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0", "") else host
    return server, f"http://{shown}:{server.server_port}/?token={token}"
