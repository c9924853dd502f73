"""Where published files live: a local folder (default) or S3 (`s3://bucket/prefix`).

Both speak the same small interface, so the publisher never knows which it has. Keys
are paths like `episodes/<slug>/<slug>.mp3`; every object gets its Content-Type and a
Cache-Control: long for media, short for the feed and pages.
"""

from __future__ import annotations

import mimetypes
import shutil
from pathlib import Path, PurePosixPath
from typing import Protocol

from . import cache
from .config import Show
from .errors import PublishError

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


class LocalStorage:
    """A folder, written atomically; a file with the same bytes is not written again."""

    def __init__(self, folder: Path, base_url: str):
        self.folder = Path(folder)
        self.base_url = base_url.rstrip("/") + "/"

    def _path(self, key: str) -> Path:
        return self.folder / check_key(key)

    def _same(self, target: Path, size: int, digest) -> bool:
        return target.exists() and target.stat().st_size == size and cache.sha256_file(target) == digest()

    def put_file(self, key: str, path: Path, progress=None) -> bool:
        """A copy on the same machine takes a moment: `progress` is not told."""
        target = self._path(key)
        if self._same(target, path.stat().st_size, lambda: cache.sha256_file(path)):
            return False
        with cache.atomic_path(target) as tmp:
            shutil.copyfile(path, tmp)
        return True

    def put_bytes(self, key: str, data: bytes) -> bool:
        import hashlib
        target = self._path(key)
        if self._same(target, len(data), lambda: hashlib.sha256(data).hexdigest()):
            return False
        cache.write_bytes(target, data)
        return True

    def size(self, key: str) -> int | None:
        target = self._path(key)
        return target.stat().st_size if target.is_file() else None

    def read(self, key: str) -> bytes | None:
        target = self._path(key)
        return target.read_bytes() if target.is_file() else None

    def url(self, key: str) -> str:
        return self.base_url + key

    def describe(self) -> str:
        return str(self.folder)


DEFAULT_LOCAL_URL = "http://127.0.0.1:8000/"


def open_storage(show: Show) -> Storage:
    """The storage that show.toml names."""
    settings = show.publish
    if settings.storage.startswith("s3://"):
        from .s3 import S3Storage
        return S3Storage.from_settings(settings)
    folder = Path(settings.storage)
    folder = folder if folder.is_absolute() else show.root / folder
    return LocalStorage(folder, settings.public_base_url or DEFAULT_LOCAL_URL)
