"""recording → `Transcript`: what was said, word by word, with times in seconds.

The engine (faster-whisper by default, openai-whisper as an extra) is picked by name;
the rest of the pipeline sees only these dataclasses and `transcript.json`:

    {"version": 1, "engine": "...", "model": "...", "language": "en", "duration": 61.2,
     "segments": [{"start": 0.5, "end": 4.1, "text": "...",
                   "words": [{"text": "Hello", "start": 0.5, "end": 0.9, "probability": 0.98}]}]}
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from .config import TranscribeSettings

SCHEMA_VERSION = 1
# Whisper drops fillers unless the prompt shows some. Measured on tiny.en: a long "verbatim" prompt
# made it skip the first 20 s of a reading; this short one keeps fillers and loses nothing.
VERBATIM_PROMPT = "Um, uh."


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Transcript:
    engine: str
    model: str
    language: str
    duration: float
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    seconds: float = 0.0               # wall time spent transcribing

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments).strip()

    def to_dict(self) -> dict:
        return {"version": SCHEMA_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict) -> "Transcript":
        segments = tuple(
            Segment(s["start"], s["end"], s["text"], tuple(Word(**w) for w in s.get("words", ())))
            for s in data.get("segments", ()))
        return cls(data["engine"], data["model"], data["language"], data["duration"], segments,
                   data.get("seconds", 0.0))


def fill_word_times(words: list[Word], seg_start: float, seg_end: float) -> list[Word]:
    """Give every word a start and an end: words the engine left untimed (None or
    zero-length) get times interpolated between their timed neighbours."""
    n = len(words)
    starts = [w.start for w in words]
    ends = [w.end for w in words]
    known = [i for i in range(n) if starts[i] is not None and ends[i] is not None and ends[i] > starts[i]]
    if len(known) == n:
        return words
    anchors_t = [seg_start] + [starts[i] for i in known] + [seg_end]
    anchors_i = [-0.5] + [float(i) for i in known] + [n - 0.5]
    out = []
    for i, w in enumerate(words):
        if i in known:
            out.append(w)
            continue
        start = float(np.interp(i - 0.5, anchors_i, anchors_t))
        end = float(np.interp(i + 0.5, anchors_i, anchors_t))
        out.append(Word(w.text, round(start, 3), round(max(end, start + 0.01), 3), w.probability))
    return out


Progress = Callable[[float], None]


def transcribe(audio_16k: np.ndarray, settings: TranscribeSettings, language: str,
               progress: Progress | None = None) -> Transcript:
    """Transcribe 16 kHz mono float32 audio with the configured engine."""
    from .engines import get_engine

    engine = get_engine(settings.engine)
    started = time.monotonic()
    prompt = VERBATIM_PROMPT if settings.verbatim else None
    segments = engine.transcribe(audio_16k, settings, language, prompt, progress or (lambda f: None))
    duration = len(audio_16k) / 16000
    return Transcript(settings.engine, settings.model, language, round(duration, 3), tuple(segments),
                      round(time.monotonic() - started, 3))
