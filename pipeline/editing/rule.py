"""What every edit rule is given (`Context`) and gives back (`Edit`), and the measures they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np

from ..hearing import levels
from ..script.align import Alignment, normalise
from ..show.config import EditSettings
from ..hearing.words import Word


MIN_CUT_S = 0.05


@dataclass(frozen=True)


class Edit:
    start: float
    end: float
    action: Literal["cut", "shorten"]
    reason: str
    detail: str = ""
    confidence: float = 1.0
    words: tuple[int, ...] = ()           # transcript words it removes (by index), for review and captions

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)


class Context:
    """What every rule may look at."""
    words: list[Word]
    alignment: Alignment | None
    db: np.ndarray
    settings: EditSettings
    duration: float
    threshold: float
    blocks: list[int]              # for each word: the essay block it reads, or -1
    quiet: list[tuple[float, float]] = field(default_factory=list)   # silences of 60 ms or more
    script: tuple[str, ...] = ()                                      # the essay's words, in order
    samples: np.ndarray | None = None                                 # 16 kHz mono, for voicing checks
    floor: float = -120.0                                             # the recording's noise floor, dB
    pause_db: np.ndarray | None = None    # frame levels of the denoised audio, where the room was noisy
    voice: np.ndarray | None = None       # the denoised audio itself (16 kHz), for measures of the voice
    listen: Callable[[float, float, list[str]], list[Word]] | None = None   # hearing.fit: words forced onto audio

    @cached_property
    def speech(self) -> np.ndarray:
        """Which frames of `db` hold speech at `threshold`, judged over the whole file."""
        return levels.speech_mask(self.db, self.threshold)

    @cached_property
    def loud_runs(self) -> tuple[np.ndarray, np.ndarray]:
        """The first and the past-the-end frame of each run of frames above `threshold`, found
        once for the file: the rules look at windows of them thousands of times a plan (12 000
        on the 30-minute bench reading), and bisect them instead of measuring each window."""
        runs = levels.runs_of(self.db > self.threshold)
        return np.array([a for a, _ in runs], dtype=int), np.array([b for _, b in runs], dtype=int)


def speech_frames(ctx: Context, a: int, b: int) -> list[tuple[int, int]]:
    """The runs of speech in frames a to b, as `levels.speech_mask` finds them in that window
    alone: the runs above the threshold cut to the window, those still SPEECH_FRAMES long."""
    starts, ends = ctx.loud_runs
    first, past = int(np.searchsorted(ends, a, side="right")), int(np.searchsorted(starts, b, side="left"))
    cut = zip(np.maximum(starts[first:past], a).tolist(), np.minimum(ends[first:past], b).tolist())
    return [(s, e) for s, e in cut if e - s >= levels.SPEECH_FRAMES]


def aligned_around(ctx: Context, i: int, j: int) -> tuple[int, int]:
    """The last aligned word before words[i] (-1 if none) and the first aligned one from
    words[j] on (len(words) if none): the script read on either side of words[i:j]."""
    index, k, m = ctx.alignment.script_index, i - 1, j
    while k >= 0 and index[k] < 0:
        k -= 1
    while m < len(index) and index[m] < 0:
        m += 1
    return k, m


def opens_block(script: tuple[str, ...], k: int) -> bool:
    """Whether script word k starts an essay block after a heading, which has no full stop:
    a capitalised word after an all lower-case one with no punctuation ("What it paid The
    first contract"). A name there ("from Krakow") is taken for a block's start too; the rules
    that ask then cut less, never more."""
    return 0 < k < len(script) and script[k][:1].isupper() and script[k - 1].islower() \
        and script[k - 1][-1:].isalnum()


def shorten(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def words_text(words: list[Word]) -> str:
    return shorten(" ".join(w.text for w in words))


def gap_seconds(ctx: Context, i: int) -> float:
    a, b = gap_before(ctx, i)
    return b - a


def filler_phrases(ctx: Context) -> set[tuple[str, ...]]:
    """The settings' fillers as normalised words ("you know" is ("you", "know"))."""
    return {tuple(normalise(f)) for f in ctx.settings.fillers if normalise(f)}


STAND_IN_GAP_S = 0.6            # filler words closer than this are one run
STAND_IN_P = 0.25               # ... and written with no more probability than this, a stand-in
STAND_IN_ALONE_P = 0.01         # so is one filler word written with less than this


def filler_stand_ins(ctx: Context, spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of the filler spans (`fillers._filler_spans`), the filler words that are Whisper's
    stand-in for speech it could not read, not fillers: runs of two or more written with little
    probability, one right after the other ("Um, uh." p 0.00 and 0.02 over "£9,000" or "Rule
    seven: publish on"), and one written at p < 0.01 ("Um," p 0.00 over the end of a misheard
    sentence). On the make eval corpus and held-out generations 6 and 7 as transcribed on an
    AVX-512 machine, none of the 20 such pairs lay on a filler (17 over script speech, the rest
    over chatter or silence); of the filler words written at p < 0.01, 40 lay over script
    speech and 2 on a filler."""
    phrases = filler_phrases(ctx)
    words = [(i, j) for i, j in spans if j - i == 1 and tuple(normalise(ctx.words[i].text)) in phrases]
    out = set()
    for (i, _), (k, _) in zip(words, words[1:]):
        if k == i + 1 and ctx.words[k].start - ctx.words[i].end < STAND_IN_GAP_S \
                and max(ctx.words[i].probability, ctx.words[k].probability) < STAND_IN_P:
            out |= {(i, i + 1), (k, k + 1)}
    return out | {(i, j) for i, j in words if ctx.words[i].probability < STAND_IN_ALONE_P}


def keep_gap(ctx: Context, before: int | None, after: int | None) -> float:
    """How long a pause to leave: longer at a paragraph break."""
    s = ctx.settings
    if before is not None and after is not None and ctx.blocks[before] != ctx.blocks[after] >= 0:
        return s.paragraph_pause_to
    return s.pause_to


WITHIN_WORD_GAP_S = 0.12


def speech_runs(ctx: Context, lo: float, hi: float, bridge: float = WITHIN_WORD_GAP_S) -> list[tuple[float, float]]:
    """Voiced stretches between lo and hi seconds (clipped to the window); dips shorter than
    `bridge` (by default a stop consonant's closure) are bridged, so one word is one run."""
    a, b = int(max(0, lo / levels.FRAME_S)), int(min(len(ctx.db), hi / levels.FRAME_S))
    return bridged([(s * levels.FRAME_S, e * levels.FRAME_S) for s, e in speech_frames(ctx, a, b)], bridge)


def bridged(spans: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """`spans` (in order), each that starts less than `gap` after the one before joined to it."""
    joined: list[tuple[float, float]] = []
    for start, end in spans:
        if joined and start - joined[-1][1] < gap:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def gap_before(ctx: Context, i: int, until: float | None = None, latest: float = 0.0) -> tuple[float, float]:
    """The silence just before word i's sound: the longest one between the start of word
    i-1 and the end of word i (Whisper's times for either may be off by most of a second,
    but the pause between two words is longer than the pauses inside one), ending before
    `until` where given. With `latest`, the last silence at least that long that ends by
    LATEST_AFTER_S past word i's start, or inside its span with its sound after it, where
    there is one: a take begins after the pause just before it, and speech Whisper wrote no
    word for (an aside inside the span of a word stretched over it) may lie between two
    pauses in the window ("The" from 0.6 s before the end of "Hold on, let me redo that",
    its own sound the last 60 ms of its span)."""
    word, floor = ctx.words[i], ctx.words[i - 1].start if i > 0 else 0.0
    top = word.end if until is None else min(word.end, until)
    candidates = [(max(a, floor), min(b, top)) for a, b in ctx.quiet if b > floor and a < top]
    if not candidates:
        return word.start, word.start
    pauses = [g for g in candidates if g[1] - g[0] >= latest
              and (g[1] <= word.start + LATEST_AFTER_S or g[1] < word.end - levels.FRAME_S)]
    if latest and pauses:
        return max(pauses, key=lambda g: g[1])
    return max(candidates, key=lambda g: (round(g[1] - g[0], 2), g[1]))


LATEST_AFTER_S = 0.3            # how much later than Whisper's start a word's sound may begin after a pause
