"""Where published files live: a local folder (default) or S3 (`s3://bucket/prefix`).

Both speak the same small interface (`objects.Storage`), so the publisher never knows which
it has.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from .. import cache
from ..show.config import Show
from .objects import Storage, check_key

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
