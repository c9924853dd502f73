"""analysis copy → `Room`: how noisy the room is and whether the mains hums in it.

Measured on the 16 kHz analysis copy before anything else runs (0.17 s for an hour of
samples in memory, measured here), so that the `clean` stage can decide whether to do anything at all:

- the noise floor is the level the quietest FLOOR_PERCENTILE % of 10 ms frames reach
  (digital silence left out): the gaps between words, where only the room is heard. The
  median of the frames outside the speech mask was tried and read 4 to 9 dB higher on the
  three real readings of ../shared/fixtures, as it takes in breaths, reverberation and the quiet ends of words; the speech level is the
  power mean of the frames that hold speech; their difference is the recording's SNR;
- mains hum is a spectral line at exactly k × 50 or k × 60 Hz that stays put: speech
  harmonics glide, so the median over one-second spectra across the take keeps the hum
  and drops the voice. A line counts when it stands HUM_DB above its neighbours.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from . import signal
from .audio import RATE, release

DIGITAL_SILENCE_DB = -100.0     # a recorder's zeros, not a room
FLOOR_PERCENTILE = 5
HUM_DB = 10.0                   # how far a mains line must stand above the spectrum beside it
HARMONICS = 6                   # lines looked at per mains frequency
SPECTRA = 120                   # one-second spectra sampled across the take


@dataclass(frozen=True)
class Room:
    """The room's noise and hum beside the voice's level (levels in dBFS of the analysis copy)."""
    floor_db: float                  # the level of the gaps between words
    speech_db: float                 # the power mean of speech frames
    hum_hz: float = 0.0              # 50 or 60 when the mains hums, else 0
    hum_lines: tuple[int, ...] = ()  # the harmonics (1 = the fundamental) that stand out
    hum_db: float = 0.0              # the strongest line's height above its neighbours

    @property
    def snr_db(self) -> float:
        return self.speech_db - self.floor_db

    def to_dict(self) -> dict:
        return asdict(self) | {"hum_lines": list(self.hum_lines), "snr_db": round(self.snr_db, 1)}

    @classmethod
    def from_dict(cls, data: dict) -> Room:
        return cls(data["floor_db"], data["speech_db"], data["hum_hz"], tuple(data["hum_lines"]), data["hum_db"])


def survey(samples: np.ndarray) -> Room:
    """Measure the room from the analysis samples (int16 memory map or float)."""
    db = signal.frame_db(samples)
    speech = signal.speech_mask(db)
    sounding = db[db > DIGITAL_SILENCE_DB]
    floor = float(np.percentile(sounding, FLOOR_PERCENTILE)) if sounding.size else -120.0
    voiced = db[speech]
    level = float(10 * np.log10(np.mean(10 ** (voiced / 10)))) if voiced.size else floor
    hum_hz, lines, height = mains_hum(samples)
    release(samples)
    return Room(round(floor, 1), round(level, 1), hum_hz, lines, round(height, 1))


def median_spectrum(samples: np.ndarray) -> np.ndarray:
    """The median power (dB) of each 1 Hz bin over one-second windows spread across the take."""
    count = len(samples) // RATE
    if count == 0:
        return np.full(RATE // 2 + 1, -120.0)
    starts = np.linspace(0, count - 1, min(SPECTRA, count)).astype(int) * RATE
    scale = 1 / 32768.0 if np.asarray(samples[:0]).dtype == np.int16 else 1.0
    windows = np.stack([np.asarray(samples[s: s + RATE], np.float64) * scale for s in starts]) * np.hanning(RATE)
    power = np.abs(np.fft.rfft(windows, axis=1)) ** 2
    return 10 * np.log10(np.median(power, axis=0) + 1e-20)


def line_heights(spectrum: np.ndarray, mains_hz: float) -> np.ndarray:
    """How far each of the first HARMONICS lines of `mains_hz` stands above the bins 4-12 Hz
    either side (dB); the line is the highest bin within 1 Hz, as the mains drifts a little."""
    heights = []
    for k in range(1, HARMONICS + 1):
        f = int(round(k * mains_hz))
        line = spectrum[f - 1: f + 2].max()
        beside = np.concatenate((spectrum[f - 12: f - 3], spectrum[f + 4: f + 13]))
        heights.append(line - np.median(beside))
    return np.array(heights)


def mains_hum(samples: np.ndarray) -> tuple[float, tuple[int, ...], float]:
    """(50 or 60, the harmonics that stand out, the highest line's height), or (0, (), 0)."""
    spectrum = median_spectrum(samples)
    best = (0.0, (), 0.0)
    for mains in (50.0, 60.0):
        heights = line_heights(spectrum, mains)
        lines = tuple(int(k) + 1 for k in np.flatnonzero(heights >= HUM_DB))
        if lines and heights.max() > best[2]:
            best = (mains, lines, float(heights.max()))
    return best
