"""What the audio itself says: frame energy, speech and silence, at 16 kHz mono.

Whisper's word times are off by up to a second around pauses; these functions let the
edit stage place every cut where the signal is actually quiet. All vectorised: an
hour of audio is 360,000 frames of 10 ms.
"""

from __future__ import annotations

import numpy as np

from .decode import release

RATE = 16000
HOP = 160                      # 10 ms frames
FRAME_S = HOP / RATE


BLOCK_FRAMES = 6000               # one minute at a time: memory stays flat whatever the length


def frame_db(audio_16k: np.ndarray) -> np.ndarray:
    """RMS level of each 10 ms frame in dBFS (floor -120), from float audio or int16 samples
    (such as the analysis file's memory map), read a minute at a time."""
    scale = 1 / 32768.0 if np.asarray(audio_16k[:0]).dtype == np.int16 else 1.0
    n = len(audio_16k) // HOP
    out = np.full(n, -120.0, dtype=np.float32)
    for first in range(0, n, BLOCK_FRAMES):
        count = min(BLOCK_FRAMES, n - first)
        block = np.asarray(audio_16k[first * HOP: (first + count) * HOP], dtype=np.float64).reshape(count, HOP)
        power = np.mean(block * block, axis=1) * scale * scale
        out[first: first + count] = 10 * np.log10(np.maximum(power, 1e-12))
    release(audio_16k)
    return out


def speech_threshold(db: np.ndarray) -> float:
    """A level between the noise floor and speech: floor + 40% of the range, at least floor + 8 dB."""
    if db.size == 0:
        return -60.0
    floor = float(np.percentile(db, 5))
    loud = float(np.percentile(db, 95))
    return max(floor + 8.0, floor + 0.4 * (loud - floor))


def _smooth_mask(mask: np.ndarray, min_frames: int) -> np.ndarray:
    """Drop True runs shorter than min_frames (clicks, single loud frames)."""
    runs = runs_of(mask)
    out = np.zeros_like(mask)
    for start, end in runs:
        if end - start >= min_frames:
            out[start:end] = True
    return out


def runs_of(mask: np.ndarray) -> list[tuple[int, int]]:
    """[(start, end)) index ranges where mask is True."""
    padded = np.concatenate(([False], np.asarray(mask, bool), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist()))


def islands(mask: np.ndarray, pause_s: float = 0.2) -> list[tuple[int, int]]:
    """Frame ranges of speech between pauses of at least `pause_s` (a word's own short
    silences, such as a stop consonant's, stay inside its island)."""
    runs = runs_of(mask)
    merged: list[list[int]] = []
    for s, e in runs:
        if merged and (s - merged[-1][1]) * FRAME_S < pause_s:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


SPEECH_FRAMES = 3               # speech is at least 30 ms above the threshold; shorter is a click


def speech_mask(db: np.ndarray, threshold: float | None = None) -> np.ndarray:
    """True for frames that hold speech (at least 30 ms above the threshold)."""
    level = speech_threshold(db) if threshold is None else threshold
    return _smooth_mask(db > level, SPEECH_FRAMES)


def silences(db: np.ndarray, min_s: float, threshold: float | None = None) -> list[tuple[float, float]]:
    """Silent stretches of at least `min_s` seconds, as (start, end) in seconds."""
    quiet = ~speech_mask(db, threshold)
    min_frames = max(1, int(round(min_s / FRAME_S)))
    return [(s * FRAME_S, e * FRAME_S) for s, e in runs_of(quiet) if e - s >= min_frames]


def quietest(db: np.ndarray, lo: float, hi: float, near: float | None = None) -> float:
    """The start time of the quietest 10 ms frame in [lo, hi] (ties: closest to `near`)."""
    a, b = int(max(0, np.floor(lo / FRAME_S))), int(min(len(db), np.ceil(hi / FRAME_S)))
    if b <= a:
        return float(np.clip(near if near is not None else lo, lo, hi))
    window = db[a:b]
    candidates = np.flatnonzero(window <= window.min() + 1.0)
    target = (near if near is not None else (lo + hi) / 2) / FRAME_S - a
    best = candidates[np.argmin(np.abs(candidates - target))]
    return float(np.clip((a + best) * FRAME_S, lo, hi))


def speech_bounds(db: np.ndarray, start: float, end: float, threshold: float | None = None) -> tuple[float, float] | None:
    """First and last speech frame within [start, end] seconds, or None if all quiet.

    Only the window (and 3 frames either side, so short runs are judged as in the whole
    file) is examined: this is called once per word a cut touches."""
    a, b = int(max(0, start / FRAME_S)), int(min(len(db), np.ceil(end / FRAME_S)))
    lo, hi = max(0, a - 3), min(len(db), b + 3)
    level = speech_threshold(db) if threshold is None else threshold
    idx = np.flatnonzero(speech_mask(db[lo:hi], level)[a - lo: b - lo])
    if idx.size == 0:
        return None
    return (a + idx[0]) * FRAME_S, (a + idx[-1] + 1) * FRAME_S


def onset(db: np.ndarray, start: float, end: float, threshold: float | None = None,
          min_gap_s: float = 0.06) -> float | None:
    """Where a word between `start` and `end` really begins: the end of the longest silence
    in that window (the pause before a word is longer than the pauses inside it)."""
    a, b = int(max(0, start / FRAME_S)), int(min(len(db), end / FRAME_S))
    if b - a < 2:
        return None
    quiet = ~speech_mask(db[a:b], threshold if threshold is not None else speech_threshold(db))
    gaps = [(s, e) for s, e in runs_of(quiet) if (e - s) * FRAME_S >= min_gap_s and e < b - a]
    if not gaps:
        return None
    s, e = max(gaps, key=lambda g: (g[1] - g[0], g[1]))
    return (a + e) * FRAME_S


def steadiness(samples: np.ndarray, start: float, end: float) -> float:
    """How little a sound's spectrum changes from one 20 ms frame to the next: the median
    cosine similarity of consecutive log spectra (100 Hz-4 kHz, each less its mean, so any
    scale of samples will do). A filler is one held vowel or hum (about 0.92 on the
    evaluation corpus); a word moves through its sounds (about 0.7). 1.0 for under 60 ms."""
    piece = np.asarray(samples[int(start * RATE): int(end * RATE)], dtype=np.float32)
    n = len(piece) // 320
    if n < 3:
        return 1.0
    frames = piece[: n * 320].reshape(n, 320) * np.hanning(320)
    spectra = np.log(np.abs(np.fft.rfft(frames, axis=1))[:, 2:80] + 1e-6)
    spectra -= spectra.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(spectra, axis=1) + 1e-9
    similar = np.sum(spectra[1:] * spectra[:-1], axis=1) / (norms[1:] * norms[:-1])
    return float(np.median(similar))
