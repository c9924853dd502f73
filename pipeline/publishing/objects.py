"""A published object's key and its HTTP headers, and the interface every storage speaks.

Keys are paths like `episodes/<slug>/<slug>.mp3`; every object gets its Content-Type and a
Cache-Control: long for media, short for the feed and pages.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath
from typing import Protocol

from ..errors import PublishError

CONTENT_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".vtt": "text/vtt", ".srt": "application/x-subrip",
                 ".json": "application/json", ".xml": "application/rss+xml", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".png": "image/png", ".html": "text/html; charset=utf-8",
                 ".txt": "text/plain; charset=utf-8", ".mp4": "video/mp4", ".css": "text/css"}
SHORT_CACHE = "public, max-age=300"                   # the feed and pages: changes show up within minutes
MEDIUM_CACHE = "public, max-age=3600"                 # transcripts, chapters, artwork: may be corrected
IMMUTABLE = "public, max-age=31536000, immutable"     # audio and video: a new version gets a new name


def content_type(key: str) -> str:
    if key.endswith("chapters.json"):
        return "application/json+chapters"
    suffix = PurePosixPath(key).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(key)[0] or "application/octet-stream"


def cache_control(key: str) -> str:
    if key.endswith((".xml", ".html")):
        return SHORT_CACHE
    if key.endswith((".mp3", ".m4a", ".mp4")):
        return IMMUTABLE
    return MEDIUM_CACHE


def check_key(key: str) -> str:
    parts = PurePosixPath(key).parts
    if not parts or key.startswith("/") or any(p in ("..", ".", "") for p in parts):
        raise PublishError(f"refusing to store {key!r}: not a plain relative name")
    return key


class Storage(Protocol):
    def put_file(self, key: str, path: Path, progress=None) -> bool: ...
    def put_bytes(self, key: str, data: bytes) -> bool: ...
    def size(self, key: str) -> int | None: ...
    def read(self, key: str) -> bytes | None: ...
    def url(self, key: str) -> str: ...
    def describe(self) -> str: ...
