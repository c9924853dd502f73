"""faster-whisper (CTranslate2, int8 on CPU): the default engine.

Pieces of a long recording are independent, so `transcript.transcribe` hands this engine
several at once (`workers`, one per core by default): measured here on tiny.en, two
workers of one thread each nearly double the speed, while one worker with two threads is
slower than with one (the model is too small to split). CTranslate2 lets go of the GIL
while it works, so threads are enough.

faster-whisper computes a piece's whole spectrogram before decoding it (about 250 MB of
numpy temporaries for 5 minutes); one piece at a time does that (`_SPECTROGRAM`), so
memory holds one such peak, not one per worker.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

from ..config import TranscribeSettings
from ..errors import ModelError
from ..models import offline_hint, resolve_ctranslate2
from ..transcript import Segment, Word, fill_word_times


def workers(settings: TranscribeSettings) -> int:
    """Pieces transcribed at once: `[transcribe] workers`, or one per core (at most 4)."""
    return settings.workers or max(1, min(4, os.cpu_count() or 1))


_SPECTROGRAM = threading.Lock()


@lru_cache(maxsize=2)
def load_model(model: str, threads: int, workers: int = 1):
    from faster_whisper import WhisperModel

    location = resolve_ctranslate2(model)
    try:
        return WhisperModel(location, device="cpu", compute_type="int8", cpu_threads=threads, num_workers=workers)
    except Exception as exc:                       # hub errors come in many types
        raise ModelError(offline_hint(model) + f" ({exc.__class__.__name__})") from None


def transcribe(audio_16k: np.ndarray, settings: TranscribeSettings, language: str, prompt: str | None,
               progress) -> list[Segment]:
    model = load_model(settings.model, settings.threads, workers(settings))
    if getattr(model.model, "is_multilingual", True) is False:
        language = "en"
    with _SPECTROGRAM:                  # transcribe() makes the features now, decodes lazily
        pieces, info = model.transcribe(
            audio_16k, language=language, beam_size=settings.beam_size, word_timestamps=True,
            initial_prompt=prompt, condition_on_previous_text=False, vad_filter=False)
    duration = max(len(audio_16k) / 16000, 1e-6)
    segments = []
    for piece in pieces:
        words = [Word(w.word.strip(), round(w.start, 3), round(w.end, 3), round(w.probability, 4))
                 for w in (piece.words or []) if w.word.strip()]
        words = fill_word_times(words, piece.start, piece.end)
        segments.append(Segment(round(piece.start, 3), round(piece.end, 3), piece.text.strip(), tuple(words)))
        progress(min(1.0, piece.end / duration))
    progress(1.0)
    return segments
