"""The one gateway to ffmpeg and ffprobe.

Every call to either program passes through here, so a failure always carries the
file it was about and the tail of ffmpeg's own message, and audio moves between
ffmpeg and numpy in one format: float32 PCM, interleaved, streamed in blocks.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import tempfile
import threading
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
        raise _failure(about, what, proc.stderr, proc.returncode)
    return proc


def run_with_progress(args: list[str], about: Path | str, what: str, seconds: float, progress) -> None:
    """`run` for a long job whose output lasts `seconds`: ffmpeg reports how far it has
    written (`-progress`), and `progress` gets the fraction done."""
    cmd = [require("ffmpeg"), "-hide_banner", "-nostdin", "-y", "-nostats", "-progress", "pipe:1", *args]
    with tempfile.TemporaryFile() as errors:           # a file: ffmpeg never blocks on its messages
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors)
        for line in proc.stdout:
            if line.startswith(b"out_time_us=") and line[12:].strip().isdigit():
                progress(min(1.0, int(line[12:]) / 1e6 / max(seconds, 1e-6)))
        code = proc.wait()
        errors.seek(0)
        if code != 0:
            raise _failure(about, what, errors.read(), code)
    progress(1.0)


def _failure(about: Path | str, what: str, stderr: bytes, code: int) -> UserError:
    tail = _tail(stderr)
    if "No space left" in tail or "File too large" in tail or code == -25:
        return UserError(f"{about}: the disk is full; free some space and run again (nothing was lost)")
    return MediaError(f"{about}: {what} failed: {tail}")


def _metadata_value(text: str) -> str:
    """A value for ffmpeg's FFMETADATA1 file, where `=`, `;`, `#`, `\\` and newlines are escaped."""
    for char in "\\=;#\n":
        text = text.replace(char, "\\" + char)
    return text


def add_chapters(source: Path, out: Path, chapters: list[tuple[int, int, str]]) -> None:
    """Copy an MP4/M4A `source` to `out` (streams untouched) with `chapters`, given as
    (start_ms, end_ms, title): ffmpeg writes them as a QuickTime chapter track, which
    Apple Podcasts reads, and as Nero chapters for other players."""
    if not chapters:
        run(["-i", str(source), "-map", "0", "-c", "copy", "-movflags", "+faststart", str(out)], source,
            "copying the AAC file")
        return
    lines = [";FFMETADATA1"]
    for start, end, title in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}", f"title={_metadata_value(title)}"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as meta:
        meta.write("\n".join(lines) + "\n")
    try:
        run(["-i", str(source), "-f", "ffmetadata", "-i", meta.name, "-map", "0", "-map_metadata", "0",
             "-map_chapters", "1", "-c", "copy", "-movflags", "+faststart", str(out)], source, "adding chapters")
    finally:
        Path(meta.name).unlink(missing_ok=True)


def chapters_of(path: Path) -> list[tuple[float, float, str]]:
    """(start, end, title) of each chapter as ffprobe lists it, in the order the file holds them."""
    cmd = [require("ffprobe"), "-v", "error", "-print_format", "json", "-show_chapters", str(path)]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        raise MediaError(f"{path}: chapters cannot be read ({_tail(proc.stderr, 2)})")
    return [(float(c["start_time"]), float(c["end_time"]), c.get("tags", {}).get("title", ""))
            for c in json.loads(proc.stdout or b"{}").get("chapters", [])]


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


def conform(sample_rate: int, channels: int) -> str:
    """A filter that converts to the rate and channels: put it before other filters, as the
    `-ar`/`-ac` options convert only after them (a voice chain would run on every input
    channel, and a meter would measure the input's layout rather than the delivered one)."""
    layout = {1: "mono", 2: "stereo"}.get(channels, f"{channels}c")
    return f"aformat=sample_fmts=flt:sample_rates={sample_rate}:channel_layouts={layout}"


def float_frames(stream, channels: int, frames: int) -> Iterator[np.ndarray]:
    """Raw float32 frames of `channels` from a binary stream, `frames` at a time, shape
    (frames, channels); a partial frame at the end is dropped."""
    frame_bytes = 4 * channels
    while chunk := stream.read(frames * frame_bytes):
        usable = len(chunk) - len(chunk) % frame_bytes
        yield np.frombuffer(chunk[:usable], dtype=np.float32).reshape(-1, channels)


def read_blocks(path: Path, sample_rate: int, channels: int, block_s: float = 30.0,
                extra_filters: str = "") -> Iterator[np.ndarray]:
    """Decode `path` and yield float32 blocks of shape (frames, channels), in order.

    Memory stays at one block whatever the length of the recording.
    """
    args = decode_args(path, sample_rate, channels)
    if extra_filters:
        args += ["-af", f"{conform(sample_rate, channels)},{extra_filters}"]
    cmd = [require("ffmpeg"), "-hide_banner", "-nostdin", "-v", "error", *args, "-f", "f32le", "pipe:1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield from float_frames(proc.stdout, channels, int(block_s * sample_rate))
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
    with pcm_pipeline(out_args, sample_rate, channels, about, what) as (write, _):
        yield write


def _fed(stdin):
    """A thread feeds ffmpeg, so that the caller prepares the next block (often by reading
    another ffmpeg) while this one is being written: the programs run side by side.
    Returns (write, close); a write after ffmpeg stopped is dropped (its exit status and
    message say why)."""
    pending: queue.Queue = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def feed() -> None:
        while (data := pending.get()) is not None:
            if not failed:
                try:
                    stdin.write(data)
                except OSError as exc:
                    failed.append(exc)
        try:
            stdin.close()
        except (BrokenPipeError, OSError):
            pass
    feeder = threading.Thread(target=feed, name="ffmpeg-feed", daemon=True)
    feeder.start()

    def write(block: np.ndarray) -> None:
        if not failed:
            pending.put(np.ascontiguousarray(block, dtype=np.float32).tobytes())

    def close() -> None:
        pending.put(None)
        feeder.join()
    return write, close


@contextmanager
def pcm_pipeline(out_args: list[str], sample_rate: int, channels: int, about: Path | str, what: str,
                 cwd: Path | None = None, reader_args: list[str] | None = None):
    """Like `pcm_writer`; with `reader_args`, the first ffmpeg's standard output (an output
    named `pipe:1`) feeds a second ffmpeg, `ffmpeg -i pipe:0 <reader_args>`, on the other
    core: a meter of the encoded stream, say. Yields (write, reader) where `reader["stderr"]`
    is the second program's message once the block ends."""
    cmd = [require("ffmpeg"), "-hide_banner", "-nostdin", "-y", "-v", "error",
           "-f", "f32le", "-ar", str(sample_rate), "-ac", str(channels), "-i", "pipe:0", *out_args]
    writer = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
                              stdout=subprocess.PIPE if reader_args else subprocess.DEVNULL)
    reader, reader_err, result = None, None, {"stderr": b""}
    if reader_args:
        reader_err = tempfile.TemporaryFile()          # a file: the second program never blocks on it
        reader = subprocess.Popen([require("ffmpeg"), "-hide_banner", "-nostdin", "-i", "pipe:0", *reader_args],
                                  stdin=writer.stdout, stdout=subprocess.DEVNULL, stderr=reader_err)
        writer.stdout.close()

    write, close = _fed(writer.stdin)

    try:
        yield write, result
    except BaseException:
        for proc in (writer, reader):
            if proc is not None:
                proc.kill()
                proc.wait()
        raise
    finally:
        close()
    stderr = writer.stderr.read()
    writer.stderr.close()
    code = writer.wait()
    if reader is not None:
        reader_code = reader.wait()
        reader_err.seek(0)
        result["stderr"] = reader_err.read()
        reader_err.close()
    if code != 0:
        raise _failure(about, what, stderr, code)
    if reader is not None and reader_code != 0:
        raise MediaError(f"{about}: {what} failed: {_tail(result['stderr'])}")
