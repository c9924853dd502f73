"""The one gateway to ffmpeg and ffprobe.

Every call to either program passes through here, so a failure always carries the
file it was about and the tail of ffmpeg's own message, and audio moves between
ffmpeg and numpy in one format: float32 PCM, interleaved, streamed in blocks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import MediaError, ToolMissing, UserError

INSTALL_HINT = "install it with `apt-get install ffmpeg` (Debian/Ubuntu) or `brew install ffmpeg` (macOS)"


def require(program: str = "ffmpeg") -> str:
    """The path of `program`, or ToolMissing with the install command."""
    found = shutil.which(program)
    if not found:
        raise ToolMissing(f"{program} is not installed; {INSTALL_HINT}")
    return found


def _tail(stderr: bytes | str, lines: int = 4) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    kept = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return " | ".join(kept)


def run(args: list[str], about: Path | str, what: str) -> subprocess.CompletedProcess:
    """Run ffmpeg with `args`; on failure raise MediaError naming `about` and `what` failed."""
    cmd = [require("ffmpeg"), "-hide_banner", "-nostdin", "-y", *args]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        tail = _tail(proc.stderr)
        if "No space left" in tail or "File too large" in tail or proc.returncode == -25:
            raise UserError(f"{about}: the disk is full; free some space and run again (nothing was lost)")
        raise MediaError(f"{about}: {what} failed: {tail}")
    return proc


@dataclass(frozen=True)
class MediaInfo:
    duration: float            # seconds
    sample_rate: int
    channels: int
    codec: str
    has_video: bool


def probe(path: Path) -> MediaInfo:
    """Read a media file's audio properties; MediaError if it has no decodable audio."""
    path = Path(path)
    if not path.exists():
        raise MediaError(f"{path}: not found")
    if path.stat().st_size == 0:
        raise MediaError(f"{path}: is empty (0 bytes); record or copy the file again")
    cmd = [require("ffprobe"), "-v", "error", "-print_format", "json", "-show_streams", "-show_format", str(path)]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        raise MediaError(f"{path}: is not a readable audio file ({_tail(proc.stderr, 2) or 'ffprobe failed'}); "
                         "export it again as WAV, FLAC, M4A or MP3")
    data = json.loads(proc.stdout or b"{}")
    streams = data.get("streams", [])
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if not audio:
        raise MediaError(f"{path}: has no audio stream; export the recording as WAV, FLAC, M4A or MP3")
    stream = audio[0]
    duration = float(stream.get("duration") or data.get("format", {}).get("duration") or 0.0)
    video = any(s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
                for s in streams)
    return MediaInfo(duration, int(stream.get("sample_rate", 0)), int(stream.get("channels", 0)),
                     stream.get("codec_name", "?"), video)


def decode_args(path: Path, sample_rate: int, channels: int) -> list[str]:
    return ["-i", str(path), "-vn", "-map", "0:a:0", "-ac", str(channels), "-ar", str(sample_rate)]


def read_blocks(path: Path, sample_rate: int, channels: int, block_s: float = 30.0,
                extra_filters: str = "") -> Iterator[np.ndarray]:
    """Decode `path` and yield float32 blocks of shape (frames, channels), in order.

    Memory stays at one block whatever the length of the recording.
    """
    args = decode_args(path, sample_rate, channels)
    if extra_filters:
        args += ["-af", extra_filters]
    cmd = [require("ffmpeg"), "-hide_banner", "-nostdin", "-v", "error", *args, "-f", "f32le", "pipe:1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    frame_bytes = 4 * channels
    block_bytes = int(block_s * sample_rate) * frame_bytes
    try:
        while True:
            chunk = proc.stdout.read(block_bytes)
            if not chunk:
                break
            usable = len(chunk) - len(chunk) % frame_bytes
            yield np.frombuffer(chunk[:usable], dtype=np.float32).reshape(-1, channels)
    finally:
        proc.stdout.close()
        stderr = proc.stderr.read()
        proc.stderr.close()
        code = proc.wait()
    if code != 0:
        raise MediaError(f"{path}: could not be decoded: {_tail(stderr)}")


def decode(path: Path, sample_rate: int = 16000, channels: int = 1) -> np.ndarray:
    """The whole file as float32 (frames, channels). For short files and analysis rates only."""
    blocks = list(read_blocks(path, sample_rate, channels))
    return np.concatenate(blocks) if blocks else np.zeros((0, channels), np.float32)


@contextmanager
def pcm_writer(out_args: list[str], sample_rate: int, channels: int, about: Path | str, what: str):
    """A pipe into ffmpeg that takes float32 (frames, channels) blocks: `write(block)`."""
    cmd = [require("ffmpeg"), "-hide_banner", "-nostdin", "-y", "-v", "error",
           "-f", "f32le", "-ar", str(sample_rate), "-ac", str(channels), "-i", "pipe:0", *out_args]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)

    def write(block: np.ndarray) -> None:
        proc.stdin.write(np.ascontiguousarray(block, dtype=np.float32).tobytes())

    try:
        yield write
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        if proc.returncode is None:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass
    stderr = proc.stderr.read()
    proc.stderr.close()
    if proc.wait() != 0:
        raise MediaError(f"{about}: {what} failed: {_tail(stderr)}")
