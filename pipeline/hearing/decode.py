"""recording → `audio16k.wav`: the analysis copy, decoded once.

Transcription and every signal measurement work on 16 kHz mono; the recording is
decoded to that once per episode (16-bit WAV, 115 MB an hour) and read back with a
memory map, so an hour-long take never sits in memory at 44.1 kHz.
"""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np

from .. import ffmpeg
from ..cache import atomic_path
from ..errors import MediaError

RATE = 16000
MIN_SECONDS = 1.0


def _wav_truncated(path: Path) -> tuple[int, int] | None:
    """(promised, actual) sizes when a WAV's RIFF header promises more bytes than the file has.

    ffprobe measures a WAV by its file size, so a copy cut short looks like a short
    recording; the header tells. Headers left at 0 or 0xFFFFFFFF by a recorder that was
    still writing are not taken as promises."""
    with open(path, "rb") as handle:
        header = handle.read(12)
    if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        return None
    promised = int.from_bytes(header[4:8], "little") + 8
    actual = path.stat().st_size
    if 8 < promised < 0xFFFFFFF0 and promised > actual + 1024:
        return promised, actual
    return None


def check_recording(path: Path) -> ffmpeg.MediaInfo:
    """Probe a recording; MediaError for files that cannot be an episode."""
    info = ffmpeg.probe(path)
    truncated = _wav_truncated(path)
    if truncated:
        raise MediaError(f"{path}: is truncated: its header promises {truncated[0]:,} bytes but the file has "
                         f"{truncated[1]:,}; copy or export the recording again")
    if info.duration and info.duration < MIN_SECONDS:
        raise MediaError(f"{path}: is only {info.duration:.2f} s long; is this the right file?")
    return info


def decode_analysis(recording: Path, out: Path) -> float:
    """Write the 16 kHz mono 16-bit WAV; returns its duration in seconds."""
    with atomic_path(out) as tmp:
        ffmpeg.run([*ffmpeg.decode_args(recording, RATE, 1), "-c:a", "pcm_s16le", "-f", "wav", str(tmp)],
                   recording, "decoding the recording")
    check_complete(recording, out)
    samples = load_analysis(out)
    if len(samples) < RATE * MIN_SECONDS:
        raise MediaError(f"{recording}: holds less than a second of audio; export the recording again")
    return len(samples) / RATE


def check_complete(recording: Path, analysis: Path) -> None:
    """A recording whose header promises more than its data holds was cut short (a copy
    interrupted, a recorder that crashed): say so rather than publish half an episode."""
    promised = ffmpeg.probe(recording).duration
    decoded = len(load_analysis(analysis)) / RATE
    if promised and promised - decoded > max(1.0, 0.02 * promised):
        raise MediaError(f"{recording}: is truncated: its header says {promised:.1f} s but only {decoded:.1f} s "
                         "could be read; copy or export the recording again")


def load_analysis(path: Path) -> np.ndarray:
    """The analysis WAV as an int16 memory map (no copy)."""
    with open(path, "rb") as handle:
        header = handle.read(4096)
    offset = header.find(b"data")
    if offset < 0:
        raise MediaError(f"{path}: damaged analysis file; delete the build folder and run again")
    return np.memmap(path, dtype="<i2", mode="r", offset=offset + 8)



def release(samples: np.ndarray) -> None:
    """Let the kernel drop the pages of an analysis memory map that were read.

    They are file pages and would be dropped under pressure anyway, but they count in
    the process's resident size: a pass over a 2-hour file would add 230 MB to it."""
    handle = getattr(samples, "_mmap", None)
    if handle is not None and hasattr(mmap, "MADV_DONTNEED"):
        handle.madvise(mmap.MADV_DONTNEED)
