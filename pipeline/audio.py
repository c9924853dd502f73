"""recording → `audio16k.wav`: the analysis copy, decoded once.

Transcription and every signal measurement work on 16 kHz mono; the recording is
decoded to that once per episode (16-bit WAV, 115 MB an hour) and read back with a
memory map, so an hour-long take never sits in memory at 44.1 kHz.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import ffmpeg
from .errors import MediaError

RATE = 16000
MIN_SECONDS = 1.0


def check_recording(path: Path) -> ffmpeg.MediaInfo:
    """Probe a recording; MediaError for files that cannot be an episode."""
    info = ffmpeg.probe(path)
    if info.duration and info.duration < MIN_SECONDS:
        raise MediaError(f"{path}: is only {info.duration:.2f} s long; is this the right file?")
    return info


def decode_analysis(recording: Path, out: Path) -> float:
    """Write the 16 kHz mono 16-bit WAV; returns its duration in seconds."""
    ffmpeg.run([*ffmpeg.decode_args(recording, RATE, 1), "-c:a", "pcm_s16le", "-f", "wav", str(out)],
               recording, "decoding the recording")
    samples = load_analysis(out)
    if len(samples) < RATE * MIN_SECONDS:
        raise MediaError(f"{recording}: holds less than a second of audio; export the recording again")
    return len(samples) / RATE


def load_analysis(path: Path) -> np.ndarray:
    """The analysis WAV as an int16 memory map (no copy)."""
    with open(path, "rb") as handle:
        header = handle.read(4096)
    offset = header.find(b"data")
    if offset < 0:
        raise MediaError(f"{path}: damaged analysis file; delete the build folder and run again")
    return np.memmap(path, dtype="<i2", mode="r", offset=offset + 8)


def as_float(samples: np.ndarray) -> np.ndarray:
    return np.asarray(samples, dtype=np.float32) / 32768.0
