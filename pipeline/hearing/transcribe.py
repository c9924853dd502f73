"""recording → `Transcript` (`words.py`): what was said, word by word, with times in seconds.

The engine (faster-whisper by default, openai-whisper as an extra) is picked by name; long
recordings are transcribed in pieces cut at silences, and where the essay guides, read along it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import levels, readalong
from .decode import release
from .engines import get_engine
from .memory import trim
from ..show.config import TranscribeSettings
from .words import Segment, Transcript, Word, comparable, shifted, without_loops

# Whisper drops fillers unless the prompt shows some. Measured on tiny.en: a long "verbatim" prompt
# made it skip the first 20 s of a reading; this short one keeps fillers and loses nothing.
VERBATIM_PROMPT = "Um, uh."


def _same_word(a: str, b: str) -> bool:
    return comparable(a) == comparable(b) != ""


def drop_boundary_repeats(segments: list[Segment]) -> list[Segment]:
    """Whisper sometimes ends a segment with the word that starts the next one, at
    overlapping times ("century. | century may"). Drop the first of such a pair."""
    out = list(segments)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.words and b.words and _same_word(a.words[-1].text, b.words[0].text) \
                and a.words[-1].end > b.words[0].start - 0.05:
            words = a.words[:-1]
            text = a.text.rsplit(" ", 1)[0] if " " in a.text else ""
            out[k] = Segment(a.start, words[-1].end if words else a.start, text, words)
    return [s for s in out if s.words or s.text]


SHORT_WORD_S = 0.06


def refine_short_words(segments: list[Segment], db: np.ndarray) -> list[Segment]:
    """Whisper sometimes gives a word a 20 ms span at the end of its real sound ("And"
    at 34.94 s, spoken from 34.48 s). Such a word starts where the sound after the
    preceding pause begins, read from the signal (`db`: `levels.frame_db` of the audio)."""

    words = [w for s in segments for w in s.words]
    if not any(w.end - w.start < SHORT_WORD_S for w in words):
        return segments
    threshold = levels.speech_threshold(db)
    previous_end, out = 0.0, []
    for segment in segments:
        fixed = []
        for word in segment.words:
            if word.end - word.start < SHORT_WORD_S:
                start = levels.onset(db, max(previous_end, word.end - 1.0), word.end, threshold)
                if start is not None and start < word.start:
                    word = Word(word.text, round(start, 3), word.end, word.probability)
            fixed.append(word)
            previous_end = word.end
        out.append(Segment(min(segment.start, fixed[0].start) if fixed else segment.start, segment.end,
                           segment.text, tuple(fixed)))
    return out


CHUNK_S = 300.0           # transcribe long recordings in ~5-minute pieces cut at silences
SEARCH_S = 20.0


def piece_seconds(duration: float) -> float:
    """The length of the pieces: at most CHUNK_S, and at least two pieces from 4 minutes on,
    so that two cores share even a short recording. It depends on the length alone, never on
    the machine, so every machine writes the same transcript."""
    count = max(2 if duration >= 240 else 1, int(np.ceil(duration / CHUNK_S)))
    return max(duration / count, SEARCH_S * 3)


def chunk_bounds(samples: np.ndarray, rate: int = 16000, chunk_s: float = CHUNK_S,
                 db: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Sample ranges of at most ~chunk_s seconds, each cut in the quietest 0.3 s near its end.

    Cutting in a pause means no word is split between two pieces, so the pieces need
    no overlap; memory stays at one piece whatever the length of the recording. Cuts fall
    on the 10 ms frame grid, so a piece's frames are a slice of the recording's (`db`, the
    recording's `levels.frame_db` if already known, is read there rather than measured again).
    """

    n = len(samples)
    bounds, start = [], 0
    while n - start > int(chunk_s * 1.2 * rate):
        lo = (start + int((chunk_s - SEARCH_S) * rate)) // levels.HOP * levels.HOP    # cuts on the 10 ms grid
        hi = start + int(chunk_s * rate)
        piece_db = levels.frame_db(samples[lo:hi]) if db is None else db[lo // levels.HOP: hi // levels.HOP]
        window = max(1, int(0.3 / levels.FRAME_S))
        smooth = np.convolve(piece_db, np.ones(window) / window, mode="valid")
        cut = lo + (int(np.argmin(smooth)) + window // 2) * levels.HOP
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


Progress = Callable[[float], None]

UNSCRIPTED_VERSION = 2          # of transcripts made without a script (2: in clips, as readalong decodes freely)


def can_guide(settings: TranscribeSettings) -> bool:
    """Whether a script would guide this transcription, and a recording without one be read
    in readalong's clips (`[transcribe] guided` and an engine that can align words to audio:
    faster-whisper)."""

    return settings.guided and hasattr(get_engine(settings.engine), "Guide")


def transcribe(audio_16k: np.ndarray, settings: TranscribeSettings, language: str,
               progress: Progress | None = None, script: list[str] | None = None) -> Transcript:
    """Transcribe 16 kHz mono audio (float32, or int16 such as the analysis memmap).

    Long audio goes to the engine in pieces cut at pauses (`chunk_bounds`), converted to
    float a piece at a time, as many at once as the engine has workers. Where the engine can
    (`[transcribe] guided`, faster-whisper), each piece is read in clips cut at pauses
    (`readalong.py`): along the essay's words (`script`) where there is one, decoded freely,
    and checked, elsewhere. Without a script every clip is decoded freely with those checks
    (UNSCRIPTED_VERSION): Whisper's own 30 s windows laid one word over 8.8 s of a reading
    and skipped what was said under it, and started a word 0.7 s after its sound (LJ Speech),
    on a Zen 5 CPU, whose int8 arithmetic differs.
    """

    engine = get_engine(settings.engine)
    started = time.monotonic()
    prompt = VERBATIM_PROMPT if settings.verbatim else None
    report = progress or (lambda f: None)
    duration = len(audio_16k) / 16000
    db = levels.frame_db(audio_16k)                  # once: for the cuts, the pieces and the word refinement
    bounds = chunk_bounds(audio_16k, chunk_s=piece_seconds(duration), db=db)
    done = [0.0] * len(bounds)
    in_clips = can_guide(settings)
    threshold = levels.speech_threshold(db)
    tallies = [readalong.Tally() for _ in bounds]

    def piece(k: int) -> list[Segment]:
        a, b = bounds[k]
        samples = np.asarray(audio_16k[a:b])
        samples = samples.astype(np.float32) / 32768.0 if samples.dtype == np.int16 else samples.astype(np.float32)
        release(audio_16k)

        def advance(f: float) -> None:
            done[k] = f * (b - a)
            report(min(1.0, sum(done) / max(len(audio_16k), 1)))
        if in_clips:
            guide, words = engine.Guide(settings, language, prompt), script or []
            found = readalong.transcribe_piece(samples, words, a / max(len(audio_16k), 1) * len(words), guide,
                                            threshold, advance, tallies[k], db[a // levels.HOP: b // levels.HOP])
        else:
            found = without_loops(engine.transcribe(samples, settings, language, prompt, advance))
        segments = [shifted(s, a / 16000) for s in found]
        del samples
        trim()
        return segments

    parallel = engine.workers(settings) if hasattr(engine, "workers") else 1
    with ThreadPoolExecutor(parallel) as pool:      # pieces are cut in pauses: independent
        segments = [s for part in pool.map(piece, range(len(bounds))) for s in part]
    release(audio_16k)
    report(1.0)
    segments = refine_short_words(drop_boundary_repeats(segments), db)
    clips = {name: sum(getattr(t, name) for t in tallies) for name in ("forced", "free", "silent")} if in_clips else {}
    return Transcript(settings.engine, settings.model, language, round(duration, 3), tuple(segments),
                      round(time.monotonic() - started, 3), clips)
