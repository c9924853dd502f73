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

from ...show.config import TranscribeSettings
from ...errors import ModelError
from ..model_files import offline_hint, resolve_ctranslate2
from ..words import Segment, Word, fill_word_times


def workers(settings: TranscribeSettings) -> int:
    """Pieces transcribed at once: `[transcribe] workers`, or one per core (at most 4)."""
    return settings.workers or max(1, min(4, os.cpu_count() or 1))


_SPECTROGRAM = threading.Lock()
MOST_TOKENS = 440


FALLBACK_BEAM = 5


def _reproducible(base):
    """`base` (faster-whisper's WhisperModel) with Whisper's fallback made deterministic.

    When a window's decoding looks wrong (too repetitive, or too improbable, and not
    silence) Whisper decodes it again by sampling at rising temperatures. CTranslate2's
    random generators belong to its worker threads and take no seed per call, so the
    sampled words depended on what the thread had decoded before: the same take gave four
    different endings in six runs. Here the fallback is a wider beam search instead, and
    when every try fails the choice among them is Whisper's (the most probable of those
    that are not repetitive). Each try is faster-whisper's own decoding with one
    temperature, 0."""
    import dataclasses
    import inspect

    from faster_whisper.transcribe import TranscriptionOptions

    known = ["self", "encoder_output", "prompt", "tokenizer", "options"]
    if list(inspect.signature(base.generate_with_fallback).parameters) != known \
            or not dataclasses.is_dataclass(TranscriptionOptions):
        return base                              # a faster-whisper we do not know: as it is

    class Reproducible(base):
        def generate_with_fallback(self, encoder_output, prompt, tokenizer, options):
            tries = []
            for beam in dict.fromkeys((options.beam_size, max(options.beam_size, FALLBACK_BEAM))):
                once = dataclasses.replace(options, temperatures=[0.0], beam_size=beam)
                result, logprob, _, ratio = super().generate_with_fallback(encoder_output, prompt, tokenizer, once)
                tries.append((result, logprob, 0.0, ratio))
                if not _needs_fallback(options, result.no_speech_prob, logprob, ratio):
                    return tries[-1]
            readable = [t for t in tries if options.compression_ratio_threshold is None
                        or t[3] <= options.compression_ratio_threshold]
            return max(readable or tries, key=lambda t: t[1])

    return Reproducible


def _needs_fallback(options, no_speech_prob: float, logprob: float, ratio: float) -> bool:
    """Whisper's test for a decoding to try again (as faster-whisper applies it)."""
    improbable = options.log_prob_threshold is not None and logprob < options.log_prob_threshold
    if improbable and options.no_speech_threshold is not None and no_speech_prob > options.no_speech_threshold:
        return False                             # silence, rightly left empty
    repetitive = options.compression_ratio_threshold is not None and ratio > options.compression_ratio_threshold
    return improbable or repetitive


@lru_cache(maxsize=2)
def load_model(model: str, threads: int, workers: int = 1):
    from faster_whisper import WhisperModel

    location = resolve_ctranslate2(model)
    try:
        return _reproducible(WhisperModel)(location, device="cpu", compute_type="int8", cpu_threads=threads,
                                           num_workers=workers)
    except (OSError, RuntimeError, ValueError) as exc:
        # the hub's errors when offline are OSErrors or ValueErrors; CTranslate2 says RuntimeError
        # for a model folder it cannot read. Anything else is a bug and keeps its traceback.
        raise ModelError(offline_hint(model) + f" ({exc.__class__.__name__}: {exc})") from exc


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
    for segment in _segments(pieces):
        segments.append(segment)
        progress(min(1.0, segment.end / duration))
    progress(1.0)
    return segments


def _segments(pieces, first_window: bool = False):
    """faster-whisper's segments as ours, one by one (they are decoded lazily); with
    `first_window`, only those of the first 30 s window, so that no second one is encoded."""
    for piece in pieces:
        if first_window and piece.seek != 0:
            return
        words = [Word(w.word.strip(), round(w.start, 3), round(w.end, 3), round(w.probability, 4))
                 for w in (piece.words or []) if w.word.strip()]
        words = fill_word_times(words, piece.start, piece.end)
        yield Segment(round(piece.start, 3), round(piece.end, 3), piece.text.strip(), tuple(words))


class Guide:
    """What script-guided transcription (`readalong.py`) needs from faster-whisper: encode a clip
    once, then either align the essay's words to it or decode it freely from the same encoding."""

    def __init__(self, settings: TranscribeSettings, language: str, prompt: str | None):
        from faster_whisper.tokenizer import Tokenizer

        self.model = load_model(settings.model, settings.threads, workers(settings))
        multilingual = getattr(self.model.model, "is_multilingual", True)
        self.tokenizer = Tokenizer(self.model.hf_tokenizer, multilingual, task="transcribe",
                                   language=language if multilingual else "en")
        self.settings, self.language, self.prompt = settings, language, prompt
        self.options = {(prompted, timestamps): _options(self.model, self.tokenizer, settings,
                                                         prompt if prompted else None, timestamps)
                        for prompted in (True, False) for timestamps in (True, False)}
        self._tokens: dict[str, list[int]] = {}

    def encode(self, samples: np.ndarray):
        from faster_whisper.audio import pad_or_trim

        features = self.model.feature_extractor(samples)
        return features, self.model.encode(pad_or_trim(features))

    def tokens(self, word: str) -> list[int]:
        if word not in self._tokens:
            self._tokens[word] = self.tokenizer.encode(" " + word)
        return self._tokens[word]

    def force(self, encoded, words: list[str], seconds: float) -> list[Word]:
        """Each word's span from the alignment's token jumps (as faster-whisper's own
        `find_alignment` computes them); a word ends where its trailing punctuation starts,
        which is where the pause after it begins."""
        features, output = encoded
        per_word, flat = [], []
        for word in words:                       # the decoder holds 448 tokens, the prompt included
            if len(flat) + len(self.tokens(word)) > MOST_TOKENS:
                break
            per_word.append(self.tokens(word))
            flat += per_word[-1]
        if not flat:
            return []
        frames = min(features.shape[-1] - 1, int(round(seconds * 100)))
        result = self.model.model.align(output, self.tokenizer.sot_sequence, [flat], frames,
                                        median_filter_width=7)[0]
        pairs = np.asarray(result.alignments)
        if pairs.ndim != 2 or len(pairs) == 0:     # too few frames to align to: nothing is held
            return []
        jumps = np.pad(np.diff(pairs[:, 0]), (1, 0), constant_values=1).astype(bool)
        times = pairs[:, 1][jumps] / self.model.tokens_per_second
        probs = np.asarray(result.text_token_probs)
        out, k = [], 0
        for word, ts in zip(words, per_word):
            spoken = [i for i, t in enumerate(ts) if any(c.isalnum() for c in self.tokenizer.decode([t]))]
            first = k + (spoken[0] if spoken else 0)
            last = k + (spoken[-1] if spoken else len(ts) - 1)
            end_at = min(last + 1, len(times) - 1)
            out.append(Word(word, float(times[min(first, len(times) - 1)]), float(times[end_at]),
                              float(np.mean(probs[k:k + len(ts)]))))
            k += len(ts)
        return out

    def decode(self, encoded, samples: np.ndarray, prompted: bool = True,
               timestamps: bool = False) -> tuple[list[Segment], float | None]:
        """The clip decoded freely from its encoding (with the filler prompt if `prompted`,
        with timestamp tokens if `timestamps`): the segments of Whisper's first window and the
        end of its last word (Whisper would re-read from there; the caller's next clip does)."""
        features, output = encoded
        prompt, options = (self.prompt if prompted else None), self.options[prompted, timestamps]
        if options is None:                      # an unknown faster-whisper: its public call
            return transcribe(samples, self.settings, self.language, prompt, lambda f: None), None
        pieces = self.model.generate_segments(features, self.tokenizer, options, False, output)
        segments = list(_segments(pieces, first_window=True))
        words = [w for s in segments for w in s.words]
        return segments, (words[-1].end if words else None)


def _options(model, tokenizer, settings: TranscribeSettings, prompt: str | None, timestamps: bool):
    """faster-whisper's decoding options as its `transcribe()` builds them, with ours; None when
    this faster-whisper builds them differently."""
    import dataclasses
    import inspect

    from faster_whisper.transcribe import TranscriptionOptions, get_suppressed_tokens

    try:
        values = {name: p.default for name, p in inspect.signature(model.transcribe).parameters.items()}
        values.update(beam_size=settings.beam_size, word_timestamps=True, initial_prompt=prompt,
                      condition_on_previous_text=False, without_timestamps=not timestamps)
        temperature = values["temperature"]
        values["temperatures"] = list(temperature) if isinstance(temperature, (list, tuple)) else [temperature]
        values["suppress_tokens"] = get_suppressed_tokens(tokenizer, values["suppress_tokens"])
        return TranscriptionOptions(**{f.name: values[f.name] for f in dataclasses.fields(TranscriptionOptions)})
    except (KeyError, TypeError, ValueError):
        return None
