"""leveller: a reading with a passage 8 dB down comes out even, scored by an independent
meter (pyloudnorm's BS.1770 on each passage's speech), without lifting the pauses; a steady
reading is left alone; breaths are softened only when asked."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from eval.corpus import breath
from pipeline.sound import leveller
from pipeline.hearing import levels
import synth

RATE = 16000
LINES = ["The first thing I tell new hosts is to write before they speak.",
         "A written essay gives the recording a shape.", "It also tells the editor what was meant.",
         "Every pause and every stumble can then be found.", "The listener never hears the mistakes."]


def _resampled(x: np.ndarray) -> np.ndarray:
    return np.interp(np.arange(0, len(x), synth.RATE / RATE), np.arange(len(x)), x).astype(np.float32)


@pytest.fixture(scope="module")
def passage() -> np.ndarray:
    """About 18 s of espeak-ng sentences with 0.6 s pauses, at 16 kHz."""
    gap = np.zeros(int(0.6 * synth.RATE), np.float32)
    return _resampled(np.concatenate([p for line in LINES * 2 for p in (synth.speak(line) * 0.5, gap)]))


def _reading(passage: np.ndarray, gains_db: list[float], seed: int = 1) -> tuple[np.ndarray, list[slice]]:
    """Passages at the given gains, joined, over a room at -60 dBFS; and where each lies."""
    parts, spans, start = [], [], 0
    for gain in gains_db:
        parts.append(passage * 10 ** (gain / 20))
        spans.append(slice(start, start + len(passage)))
        start += len(passage)
    reading = np.concatenate(parts)
    return reading + np.random.default_rng(seed).normal(0, 1e-3, len(reading)).astype(np.float32), spans


def _applied(samples: np.ndarray, gain_db: np.ndarray | None) -> np.ndarray:
    if gain_db is None:
        return samples
    centres = (np.arange(len(gain_db)) + 0.5) * levels.FRAME_S
    return samples * 10 ** (np.interp(np.arange(len(samples)) / RATE, centres, gain_db) / 20)


def _speech_loudness(samples: np.ndarray, clean: np.ndarray) -> float:
    """BS.1770 loudness of the samples where the clean passage speaks (pyloudnorm)."""
    hop = levels.HOP
    frames = clean[: len(clean) // hop * hop].reshape(-1, hop)
    speaking = np.repeat(np.mean(frames ** 2, axis=1) > 1e-6, hop)
    return pyloudnorm.Meter(RATE).integrated_loudness(samples[: len(speaking)][speaking].astype(np.float64))


def _pause_db(samples: np.ndarray, clean: np.ndarray) -> float:
    """The level (dB RMS) of the pauses between sentences: where the clean passage is silent
    for 0.3 s or more (the gaps between words are the voice's, and are levelled with it)."""
    silent = np.zeros(len(clean), bool)
    for start, end in levels.runs_of(np.abs(clean) == 0):
        if end - start >= 0.3 * RATE:
            silent[start:end] = True
    return float(10 * np.log10(np.mean(samples[: len(silent)][silent].astype(np.float64) ** 2)))


def test_a_quiet_passage_is_brought_level_with_the_rest(passage):
    reading, spans = _reading(passage, [0.0, -8.0, 0.0])
    db = levels.frame_db(reading)
    gain = leveller.gain_curve(db, float(np.percentile(db, 5)))
    assert gain is not None
    out = _applied(reading, gain)
    before = [_speech_loudness(reading[s], passage) for s in spans]
    after = [_speech_loudness(out[s], passage) for s in spans]
    assert max(before) - min(before) > 7.0
    assert max(after) - min(after) <= 3.0, after              # within ±1.5 LU of each other
    quiet = spans[1]
    assert _pause_db(out[quiet], passage) - _pause_db(reading[quiet], passage) <= 3.0
    assert leveller.loudness_range(db, gain) < leveller.loudness_range(db) - 3.0


def test_a_steady_reading_is_left_alone(passage):
    reading, _ = _reading(passage, [0.0, -1.0, 0.5])
    db = levels.frame_db(reading)
    assert leveller.gain_curve(db, float(np.percentile(db, 5))) is None


def test_level_false_turns_it_off(passage):
    reading, _ = _reading(passage, [0.0, -8.0, 0.0])
    db = levels.frame_db(reading)
    assert leveller.gain_curve(db, float(np.percentile(db, 5)), level=False) is None


def test_breaths_are_softened_when_asked_and_words_are_not(passage):
    """An in-breath at -30 dB relative to the voice, in each pause: 'soften' turns it down
    by at least 6 dB and changes no word by more than 1 dB."""
    rng = np.random.default_rng(3)
    gap = np.zeros(int(0.6 * RATE), np.float32)
    said = [_resampled(synth.speak(line) * 0.5) for line in LINES]
    level = float(np.sqrt(np.mean(np.concatenate(said) ** 2))) * 10 ** (-30 / 20)
    pieces, marks, position = [], [], 0
    for words in said:
        puff = _resampled(breath(np.random.default_rng(position), 0.35, level))
        for piece, kind in ((gap[: len(gap) // 2], "gap"), (puff, "breath"), (gap[: len(gap) // 2], "gap"),
                            (words, "word")):
            pieces.append(piece)
            marks.append((kind, position, position + len(piece)))
            position += len(piece)
    reading = np.concatenate(pieces) + rng.normal(0, 1e-4, position).astype(np.float32)
    db = levels.frame_db(reading)
    floor = float(np.percentile(db, 5))
    assert leveller.gain_curve(db, floor) is None                 # kept by default
    out = _applied(reading, leveller.gain_curve(db, floor, soften_breaths=True))

    def change(kind: str) -> list[float]:
        return [10 * np.log10(np.mean(out[a:b] ** 2) / np.mean(reading[a:b] ** 2)) for k, a, b in marks if k == kind]
    assert max(change("breath")) <= -6.0, change("breath")
    assert max(abs(c) for c in change("word")) <= 1.0, change("word")


def test_a_real_reader_with_a_quiet_middle_third_is_evened_out():
    """LJ Speech with its middle third 8 dB down: each third within ±1.5 LU of the others' mean."""
    from pipeline import ffmpeg
    from pipeline.sound import room
    from tests.support import fixture_file
    speech = ffmpeg.decode(fixture_file("audio/ljspeech_LJ001_printing_part1.flac"), RATE, 1)[:, 0]
    third = len(speech) // 3
    drifting = speech.copy()
    drifting[third: 2 * third] *= 10 ** (-8 / 20)
    db = levels.frame_db(drifting)
    out = _applied(drifting, leveller.gain_curve(db, room.survey(drifting).floor_db))
    meter = pyloudnorm.Meter(RATE)
    thirds = [meter.integrated_loudness(out[k * third: (k + 1) * third].astype(np.float64)) for k in range(3)]
    assert max(thirds) - min(thirds) <= 3.0 and all(abs(t - np.mean(thirds)) <= 1.5 for t in thirds), thirds
    assert leveller.gain_curve(levels.frame_db(speech), room.survey(speech).floor_db) is None   # as read: left alone
