"""Atomic writes and the stage cache of an episode's `build/` folder.

A stage is fresh when its record in `build/stages/<stage>.json` holds the same input
key as now and every output it lists is still there, unchanged (size and mtime). The
record is written last, after the outputs were renamed into place, so a run killed at
any moment leaves either a complete stage or one that runs again: state is derived
from the artifacts, never from a flag set in advance.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import UserError


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _default_mode()     # mkstemp makes 0600 files; published files must be readable


def _explain_os_error(path: Path, exc: OSError) -> UserError:
    if exc.errno in (27, 28):
        return UserError(f"{path}: the disk is full; free some space and run again (nothing was lost)")
    if exc.errno in (13, 30):
        return UserError(f"{path}: cannot write here ({exc.strerror}); make the folder writable")
    return UserError(f"{path}: cannot write ({exc.strerror})")


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path beside `path`; on success it replaces `path` in one rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp" + path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise _explain_os_error(path, exc) from None
    try:
        yield Path(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except OSError as exc:
        raise _explain_os_error(path, exc) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path: Path, text: str) -> None:
    """Write text atomically (UTF-8)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_json(path: Path, data) -> None:
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_json(path: Path):
    """What `write_json` wrote."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def key_of(*parts) -> str:
    """A stable hash of the identity of a stage's inputs and settings. Dataclasses count by
    their fields, less the ones a class names in `NOT_IN_CACHE_KEY` (what cannot change the
    output: thread counts, the show folder's place on disk, a path whose digest is an input)."""
    blob = json.dumps(_identity(parts), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def _identity(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        left_out = getattr(type(value), "NOT_IN_CACHE_KEY", ())
        return {"": type(value).__name__} | {f.name: _identity(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.name not in left_out}
    if isinstance(value, (list, tuple)):
        return [_identity(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _identity(v) for k, v in value.items()}
    return value


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


class Build:
    """The `build/` folder of one episode: artifacts plus the record of each stage."""

    def __init__(self, episode_dir: Path):
        self.dir = Path(episode_dir) / "build"
        self._digests_path = self.dir / "stages" / "digests.json"
        self._digests: dict | None = None

    def path(self, name: str) -> Path:
        return self.dir / name

    def sweep(self) -> int:
        """Delete temporary files a killed run left behind (`atomic_path`'s `.name.XXXX.tmp*`).
        Only for a run that holds the show's lock: another run's files would be in use."""
        removed = 0
        for leftover in self.dir.rglob(".*.tmp*") if self.dir.is_dir() else ():
            try:
                leftover.unlink()
                removed += 1
            except OSError:
                pass
        return removed

    def digest(self, path: Path) -> str:
        """sha256 of a file, remembered by (size, mtime) so a re-run does not re-read audio."""
        path = Path(path).resolve()
        if self._digests is None:
            try:
                self._digests = json.loads(self._digests_path.read_text())
            except (OSError, ValueError):
                self._digests = {}
        stamp = _stamp(path)
        known = self._digests.get(str(path))
        if known and known[0] == stamp:
            return known[1]
        value = sha256_file(path)
        self._digests[str(path)] = [stamp, value]
        write_json(self._digests_path, self._digests)
        return value

    def _record_path(self, stage: str) -> Path:
        return self.dir / "stages" / f"{stage}.json"

    def record(self, stage: str) -> dict | None:
        try:
            return json.loads(self._record_path(stage).read_text())
        except (OSError, ValueError):
            return None

    def is_fresh(self, stage: str, key: str) -> bool:
        record = self.record(stage)
        if not record or record.get("key") != key:
            return False
        for name, stamp in record.get("outputs", {}).items():
            output = self.dir / name
            if not output.exists() or _stamp(output) != stamp:
                return False
        return True

    def finish(self, stage: str, key: str, outputs: list[str], started: float, summary: dict | None = None):
        """Record a stage as done; call after all its outputs are in place."""
        record = {"key": key, "outputs": {name: _stamp(self.dir / name) for name in outputs},
                  "seconds": round(time.monotonic() - started, 3), "finished": time.time(),
                  "summary": summary or {}}
        write_json(self._record_path(stage), record)
