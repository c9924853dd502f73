"""analysis copy → a gain curve: the voice held at one level when it drifts, the pauses left alone.

A host leans back, turns to a note, reads a quote more softly: the voice drifts by several
dB over tens of seconds, and one gain for the whole episode (the loudness stage) cannot
even that out. The compressor cannot either: it works on syllables, not passages.

The curve, one value per 10 ms frame of the analysis copy:

1. the voice's level over WINDOW_S around each frame: the power mean of the speech frames
   in the window, less the room's floor (a noisy room must not read as a loud voice);
2. the gain that brings it to the take's median level, at most MAX_DB either way;
3. applied in speech only: in the pauses the gain never rises above 0 dB, with RAMP_S
   ramps, so the room's noise and a breath are not lifted with a quiet passage.

A reading that does not drift is left as it is (`needed`): the curve acts only when the
95th percentile of its gain over speech reaches ACT_DB, so the natural rise and fall of a
voice is not flattened.
"""

from __future__ import annotations

import numpy as np

from ..hearing import levels
from .meter import loudness_range as tech3342_range
from ..hearing.levels import FRAME_S

WINDOW_S = 6.0        # long enough to hold a few sentences, short enough to follow a passage
MIN_SPEECH_S = 1.0    # a window with less speech takes its level from its neighbours
MAX_DB = 12.0
ACT_DB = 3.0
HOLD_S = 0.1          # gaps of up to twice this (between words) count as speech
RAMP_S = 0.06
BREATH_DB = 10.0      # how far `breaths = "soften"` turns a breath down
BREATH_BELOW_DB = 15.0
SHORT_S = 3.0         # the short-term window of EBU R128's loudness range


def _moving_sum(values: np.ndarray, frames: int) -> np.ndarray:
    """The sum of `values` over a centred window of `frames`, for every frame."""
    total = np.concatenate(([0.0], np.cumsum(values, dtype=np.float64)))
    half = frames // 2
    idx = np.arange(len(values))
    lo, hi = np.clip(idx - half, 0, len(values)), np.clip(idx + half + 1, 0, len(values))
    return total[hi] - total[lo]


def voice_level(db: np.ndarray, speech: np.ndarray, floor_db: float, window_s: float = WINDOW_S) -> np.ndarray:
    """The voice's level (dB) around each frame; NaN where the window holds too little speech."""
    power = np.maximum(10 ** (db / 10) - 10 ** (floor_db / 10), 1e-12) * speech
    frames = int(round(window_s / FRAME_S))
    count = _moving_sum(speech.astype(np.float64), frames)
    level = 10 * np.log10(np.maximum(_moving_sum(power, frames), 1e-20) / np.maximum(count, 1))
    level[count < MIN_SPEECH_S / FRAME_S] = np.nan
    return level


def _filled(values: np.ndarray) -> np.ndarray:
    valid = np.flatnonzero(~np.isnan(values))
    if valid.size == 0:
        return np.zeros_like(values)
    return np.interp(np.arange(len(values)), valid, values[valid])


def _smoothed(values: np.ndarray, seconds: float) -> np.ndarray:
    frames = max(1, int(round(seconds / FRAME_S)))
    return _moving_sum(values, frames) / _moving_sum(np.ones_like(values), frames)


def breath_frames(db: np.ndarray, speech: np.ndarray) -> np.ndarray:
    """Frames of a breath: a sound of 0.1 to 1 s set apart from the words by at least 50 ms of
    quiet, whose loudest frame stays BREATH_BELOW_DB under the voice's median level. A
    breath is 20 to 30 dB under the voice; a word's loudest frame is above its median."""
    if not speech.any():
        return np.zeros(len(db), bool)
    voice = float(np.median(db[speech]))
    out = np.zeros(len(db), bool)
    for start, end in levels.islands(speech, 0.05):
        if 0.1 <= (end - start) * FRAME_S <= 1.0 and db[start:end].max() < voice - BREATH_BELOW_DB:
            out[start:end] = True
    return out


def gain_curve(db: np.ndarray, floor_db: float, level: bool = True, soften_breaths: bool = False) -> np.ndarray | None:
    """The gain (dB) for each 10 ms frame, or None when the take needs none."""
    if db.size == 0:
        return None
    speech = levels.speech_mask(db)
    gain = np.zeros(len(db))
    if level and speech.sum() * FRAME_S >= 2 * WINDOW_S:
        voice = voice_level(db, speech, floor_db)
        wanted = np.clip(np.nanmedian(voice[speech]) - _filled(voice), -MAX_DB, MAX_DB)
        if np.percentile(np.abs(wanted[speech]), 95) >= ACT_DB:
            held = _moving_sum(speech.astype(np.float64), int(round(2 * HOLD_S / FRAME_S)) + 1) > 0
            gate = _smoothed(held.astype(np.float64), RAMP_S)
            gain = gate * wanted + (1 - gate) * np.minimum(wanted, 0.0)
    breaths = breath_frames(db, speech) if soften_breaths else np.zeros(len(db), bool)
    if breaths.any():
        gain = gain - BREATH_DB * _smoothed(breaths.astype(np.float64), RAMP_S)
    return gain.astype(np.float32) if np.any(gain != 0) else None


def loudness_range(db: np.ndarray, gain: np.ndarray | None = None) -> float:
    """The loudness range (LU, EBU Tech 3342's statistics over 3 s windows) of the analysis
    frames, as they are or with `gain` applied: unweighted, for comparing before and after."""
    level = db if gain is None else db + gain
    frames = int(round(SHORT_S / FRAME_S))
    power = 10 ** (level / 10)
    hop = int(round(0.1 / FRAME_S))
    short = 10 * np.log10(np.maximum(_moving_sum(power, frames) / frames, 1e-12))[::hop]
    return round(tech3342_range(short - 0.691), 1)
