"""recording + edit list → the edited audio, spliced with crossfades.

`splice` is the heart of the mastering pass (master.py streams the voice through it into
the encoder); `render` writes the edited audio to a file, for checks that need it bare.
The recording is streamed through once at the delivery rate: kept ranges are copied,
cut ranges skipped, and at every splice the end of one kept range and the start of
the next overlap by `crossfade_ms` with equal-power fades centred on the cut point,
so the edited length is exactly the sum of the kept ranges (the time map stays exact)
and no splice clicks. Memory is one block, whatever the length.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import ffmpeg
from ..cache import atomic_path
from ..editing.timemap import TimeMap

BLOCK_S = 20.0


class ForwardReader:
    """Read sample ranges, in ascending order, from a decoded stream."""

    def __init__(self, blocks, channels: int):
        self._blocks = iter(blocks)
        self._buffer = np.zeros((0, channels), np.float32)
        self._position = 0                     # sample index of _buffer[0]
        self._channels = channels

    def take(self, start: int, end: int) -> np.ndarray:
        """Samples [start, end); earlier samples are dropped. Short at the end of the stream."""
        while self._position + len(self._buffer) < end:
            block = next(self._blocks, None)
            if block is None:
                break
            self._buffer = np.concatenate((self._buffer, block))
        skip = max(0, start - self._position)
        self._buffer, self._position = self._buffer[skip:], self._position + skip
        out = self._buffer[: max(0, end - self._position)]
        self._buffer, self._position = self._buffer[len(out):], self._position + len(out)
        return out


def _fade_curves(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Equal-power fade-out and fade-in of n samples."""
    phase = (np.arange(n, dtype=np.float32) + 0.5) / max(n, 1) * (np.pi / 2)
    return np.cos(phase)[:, None], np.sin(phase)[:, None]


def splice(blocks, kept_samples: list[tuple[int, int]], channels: int, half_fade: int, write) -> int:
    """Stream the kept ranges to `write`, crossfading 2*half_fade samples at each splice.

    Returns the number of samples written (= the sum of the kept lengths).
    """
    reader = ForwardReader(blocks, channels)
    fade_out, fade_in = _fade_curves(2 * half_fade)
    tail: np.ndarray | None = None            # the faded-out end of the previous range
    written = 0
    last = len(kept_samples) - 1
    for i, (a, b) in enumerate(kept_samples):
        lead = half_fade if i > 0 else 0
        trail = half_fade if i < last else 0
        start, end = a - lead, b + trail
        position = start
        if tail is not None:
            head = reader.take(start, start + 2 * half_fade)
            mixed = tail[: len(head)] + head * fade_in[: len(head)]
            write(mixed)
            written += len(mixed)
            position = start + len(head)
        body_end = end - 2 * trail
        while position < body_end:
            chunk = reader.take(position, min(body_end, position + int(BLOCK_S * 44100)))
            if len(chunk) == 0:
                break
            write(chunk)
            written += len(chunk)
            position += len(chunk)
        if trail:
            out = reader.take(body_end, end)
            tail = out * fade_out[: len(out)]
            if len(out) < 2 * half_fade:       # the recording ended early: flush what there is
                write(tail)
                written += len(tail)
                tail = None
        else:
            tail = None
    return written


def render(recording: Path, timemap: TimeMap, out: Path, sample_rate: int, channels: int,
           crossfade_ms: float = 10.0) -> float:
    """Write the edited recording to `out` (FLAC); returns its duration in seconds."""
    half = max(1, int(round(crossfade_ms / 2000 * sample_rate)))
    kept = [(int(round(a * sample_rate)), int(round(b * sample_rate))) for a, b in timemap.kept]
    blocks = ffmpeg.read_blocks(recording, sample_rate, channels, BLOCK_S)
    with atomic_path(out) as tmp:
        with ffmpeg.pcm_writer(["-c:a", "flac", "-sample_fmt", "s32", str(tmp)], sample_rate, channels,
                               recording, "writing the edited audio") as write:
            written = splice(blocks, kept, channels, half, write)
    return written / sample_rate
