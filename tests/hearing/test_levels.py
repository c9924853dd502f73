"""What the audio itself says: a held filler is steady, a word is not."""

import numpy as np
import pytest
from scipy.signal import resample_poly

from pipeline.hearing import levels
from synth import speak


def at_16k(text: str) -> np.ndarray:
    return resample_poly(speak(text), 160, 441).astype(np.float32)


def test_a_held_um_is_steadier_than_words():
    um, word = at_16k("um"), at_16k("publishing")
    assert levels.steadiness(um, 0, len(um) / 16000) > 0.85
    assert levels.steadiness(word, 0, len(word) / 16000) < 0.8


def test_steadiness_ignores_the_scale_and_needs_three_frames():
    tone = np.sin(2 * np.pi * 180 * np.arange(8000) / 16000).astype(np.float32)
    assert levels.steadiness(tone, 0, 0.5) == pytest.approx(levels.steadiness(tone * 1000, 0, 0.5), abs=1e-3)
    assert levels.steadiness(tone, 0, 0.5) > 0.95
    assert levels.steadiness(tone, 0, 0.04) == 1.0
