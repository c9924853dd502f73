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

import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..hearing import levels
from ..hearing.decode import RATE, decode_analysis, load_analysis, release

DIGITAL_SILENCE_DB = -100.0     # a recorder's zeros, not a room
FLOOR_PERCENTILE = 5
HUM_DB = 10.0                   # how far a mains line must stand above the spectrum beside it
HARMONICS = 6                   # lines looked at per mains frequency
AUDIBLE_HUM_DB = 45.0           # a line further below the voice than this is not heard
SPECTRA = 120                   # one-second spectra sampled across the take


@dataclass(frozen=True)
class Room:
    """The room's noise and hum beside the voice's level (levels in dBFS of the analysis copy)."""
    floor_db: float                  # the level of the gaps between words
    speech_db: float                 # the power mean of speech frames
    hum_hz: float = 0.0              # 50 or 60 when the mains hums, else 0
    hum_lines: tuple[int, ...] = ()  # the harmonics (1 = the fundamental) that stand out
    hum_db: float = 0.0              # the strongest line's height above its neighbours
    hum_level_db: float = -120.0     # the strongest line's own level (dBFS, as a sine's RMS)
    noise_db: float | None = None    # the floor less the hum's power: what a denoiser is for

    @property
    def hum_audible(self) -> bool:
        """A line within AUDIBLE_HUM_DB of the voice. LJ Speech's 60 Hz line stands 16 dB
        above its neighbours but 59 dB below the voice, under the ear's threshold at 60 Hz
        at any sane playback level; LibriVox's sonnet hums 27 dB below it, Kennedy's
        speech 36 dB: both heard in the pauses on headphones."""
        return bool(self.hum_hz) and self.hum_level_db >= self.speech_db - AUDIBLE_HUM_DB

    @property
    def snr_db(self) -> float:
        """How far the voice stands above the room's broadband noise (the hum, which the
        notches take, left out: LibriVox's sonnet measures 26.6 dB above its floor, but
        that floor is mostly its 60 Hz hum)."""
        return self.speech_db - (self.floor_db if self.noise_db is None else self.noise_db)

    def to_dict(self) -> dict:
        return asdict(self) | {"hum_lines": list(self.hum_lines), "snr_db": round(self.snr_db, 1)}

    @classmethod
    def from_dict(cls, data: dict) -> Room:
        return cls(data["floor_db"], data["speech_db"], data["hum_hz"], tuple(data["hum_lines"]), data["hum_db"],
                   data.get("hum_level_db", -120.0), data.get("noise_db"))


def survey(samples: np.ndarray, db: np.ndarray | None = None) -> Room:
    """Measure the room from the analysis samples (int16 memory map or float); `db`, their
    10 ms frame levels, if the caller has them already."""
    db = levels.frame_db(samples) if db is None else db
    speech = levels.speech_mask(db)
    sounding = db[db > DIGITAL_SILENCE_DB]
    floor = float(np.percentile(sounding, FLOOR_PERCENTILE)) if sounding.size else -120.0
    voiced = db[speech]
    level = float(10 * np.log10(np.mean(10 ** (voiced / 10)))) if voiced.size else floor
    hum_hz, lines, height, hum_level, hum_power = mains_hum(samples)
    release(samples)
    floor_power = 10 ** (floor / 10)
    noise = 10 * np.log10(max(floor_power - hum_power, floor_power / 10))     # at most 10 dB below the floor
    return Room(round(floor, 1), round(level, 1), hum_hz, lines, round(height, 1), round(hum_level, 1),
                round(float(noise), 1))


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


def mains_hum(samples: np.ndarray) -> tuple[float, tuple[int, ...], float, float, float]:
    """(50 or 60, the harmonics that stand out, the highest line's height, the loudest
    line's level in dBFS, the power of all the lines that stand out, less the spectrum
    under them), or (0, (), 0, -120, 0)."""
    spectrum = median_spectrum(samples)
    best = (0.0, (), 0.0, -120.0, 0.0)
    to_sine = 10 * np.log10(8 / RATE ** 2)     # a sine of RMS r gives a Hann-windowed one-second bin of r² N² / 8
    for mains in (50.0, 60.0):
        heights = line_heights(spectrum, mains)
        lines = tuple(int(k) + 1 for k in np.flatnonzero(heights >= HUM_DB))
        if lines and heights.max() > best[2]:
            peaks = np.array([spectrum[int(round(k * mains)) - 1: int(round(k * mains)) + 2].max() for k in lines])
            beside = peaks - heights[np.array(lines) - 1]
            power = float(np.sum(10 ** ((peaks + to_sine) / 10) - 10 ** ((beside + to_sine) / 10)))
            best = (mains, lines, float(heights.max()), float(peaks.max() + to_sine), power)
    return best


def survey_file(path: Path, keep: Path | None = None) -> Room:
    """The room of an audio file, surveyed on its own analysis copy (kept as `keep` if given)."""
    with tempfile.TemporaryDirectory(prefix="produce-room-") as tmp:
        copy = keep or Path(tmp) / "audio16k.wav"
        decode_analysis(path, copy)
        return survey(load_analysis(copy))
