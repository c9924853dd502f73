"""How well given words fit a stretch of audio: Whisper made to read them there.

Free decoding mishears some sentences (a name, a web address, a voice in a fan's noise,
a first sentence Whisper writes no word for), and at either end of a reading a misheard
sentence looks like chatter. The script says what the host meant to read; forcing its
words onto the stretch (the cross-attention alignment `readalong` reads clips with) gives
each word Whisper's probability of it there. Over the words' own sound most come out
likely; over other talk nearly none does (`fits`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..show.config import TranscribeSettings
from .transcribe import get_engine
from .words import Word

RATE = 16000
EDGE_S = 0.15               # audio taken either side of the stretch: a word's onset and release
FITS = 0.3                  # median probability from which the words are what the stretch says


@dataclass
class Listener:
    """Forces words onto stretches of one recording (16 kHz `samples`); the engine's model
    is loaded at the first call, so a plan that never asks costs nothing."""
    settings: TranscribeSettings
    language: str
    samples: np.ndarray
    _guide: object = None

    def force(self, start: float, end: float, words: list[str]) -> list[Word]:
        """`words` aligned to start-end s (times in the recording), each with its probability."""
        if not words or end <= start:
            return []
        if self._guide is None:
            self._guide = get_engine(self.settings.engine).Guide(self.settings, self.language, None)
        a, b = max(0.0, start - EDGE_S), min(len(self.samples) / RATE, end + EDGE_S)
        clip = np.asarray(self.samples[int(a * RATE): int(b * RATE)])
        clip = clip.astype(np.float32) / 32768.0 if clip.dtype == np.int16 else clip.astype(np.float32)
        forced = self._guide.force(self._guide.encode(clip), list(words), b - a)
        return [Word(w.text, round(w.start + a, 3), round(w.end + a, 3), round(float(w.probability), 4))
                for w in forced]


def listener(settings: TranscribeSettings, language: str,
             samples: np.ndarray) -> Callable[[float, float, list[str]], list[Word]] | None:
    """The recording's `Listener.force`, or None with an engine that cannot align words."""
    return Listener(settings, language, samples).force if hasattr(get_engine(settings.engine), "Guide") else None


def fits(forced: list[Word]) -> bool:
    """Whether words forced onto a stretch are what it says: their median probability is
    FITS or more. (The first token after the start of a transcript comes out near 0 whatever
    is said, so the median, not the mean.)"""
    return bool(forced) and float(np.median([w.probability for w in forced])) >= FITS
