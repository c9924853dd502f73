"""Synthetic readings with known ground truth, spoken by espeak-ng.

`make demo` uses this to record the sample episode (with a long pause, a filler, a
retake and chatter injected on purpose, so the demo shows every edit), and the tests
use it wherever exactness matters: every piece's start and end is known to the sample.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import wave
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from pipeline import ffmpeg
from pipeline.errors import ToolMissing

RATE = 22050                 # espeak-ng's own rate


@dataclass(frozen=True)
class Piece:
    kind: str                # say | pause | filler | chatter | retake
    text: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Event:
    kind: str
    text: str
    start: float
    end: float


def speak(text: str, voice: str = "en-us", speed: int = 165) -> np.ndarray:
    """espeak-ng's rendering of `text` as float32 mono at 22.05 kHz, trimmed of its own silence."""
    program = shutil.which("espeak-ng")
    if not program:
        raise ToolMissing("espeak-ng is not installed; install it with `apt-get install espeak-ng`")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "say.wav"
        subprocess.run([program, "-v", voice, "-s", str(speed), "-w", str(out), text], check=True,
                       capture_output=True)
        with wave.open(str(out)) as handle:
            data = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    samples = data.astype(np.float32) / 32768.0
    loud = np.flatnonzero(np.abs(samples) > 0.01)
    return samples[loud[0]: loud[-1] + 1] if loud.size else samples


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def build(pieces: list[Piece], gap_s: float = 0.3, noise_db: float = -62.0,
          seed: int = 7) -> tuple[np.ndarray, list[Event]]:
    """Concatenate spoken pieces and silences; return (audio at 22.05 kHz, events with times)."""
    chunks, events, position = [], [], 0
    for piece in pieces:
        if piece.kind == "pause":
            sound = np.zeros(int(piece.seconds * RATE), np.float32)
        else:
            sound = speak(piece.text)
            sound = np.concatenate((sound, np.zeros(int(gap_s * RATE), np.float32)))
        spoken = len(sound) - (0 if piece.kind == "pause" else int(gap_s * RATE))
        events.append(Event(piece.kind, piece.text, position / RATE, (position + spoken) / RATE))
        chunks.append(sound)
        position += len(sound)
    signal = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    noise = np.random.default_rng(seed).normal(0, 10 ** (noise_db / 20), len(signal)).astype(np.float32)
    return signal * 0.5 + noise, events


def write(signal: np.ndarray, out: Path, sample_rate: int = 44100, channels: int = 2) -> None:
    """Write the reading as a 16-bit WAV at the given rate and channel count (as a recorder would)."""
    stereo = np.repeat(signal[:, None], channels, axis=1)
    args = ["-ar", str(sample_rate), "-ac", str(channels), "-c:a", "pcm_s16le", str(out)]
    with ffmpeg.pcm_writer(args, RATE, channels, out, "writing the synthetic recording") as write_block:
        write_block(stereo)


def record(pieces: list[Piece], out: Path, truth: Path | None = None, **kwargs) -> list[Event]:
    """Synthesise `pieces` to `out` (WAV); write the ground truth JSON to `truth` if given."""
    signal, events = build(pieces, **kwargs)
    write(signal, out)
    if truth:
        truth.write_text(json.dumps([asdict(e) for e in events], indent=1) + "\n")
    return events
