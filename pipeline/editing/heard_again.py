"""Earlier takes that Whisper heard as other words: found by hearing the script over them.

A retake is a jump back in the script (takes.py), or a stretch said twice by its sound
(false_starts.py). Both miss an earlier take that Whisper heard as other words and the
table then reads as off-script talk: "A half-written script turns into a rambling episode"
written "Have written script. [2.5 s, no words] Uh. to not forgive.", then read again and
heard right. Talk off the script between two script words that follow each other is an
aside or an earlier take; made to read the script words that follow it over that talk
(hearing.fit), Whisper finds them likely only if it is their earlier take.
"""

from __future__ import annotations

import math

import numpy as np

from ..hearing import levels
from ..hearing.fit import fits
from ..script.retakes import Retake
from .rule import Context, speech_runs

TAKE_MIN_S = 1.0                # shorter talk is a word or two, the false-start rules' to judge
WORDS_PER_S = 2.5               # script words forced per second of its speech: fewer than it may hold, none squeezed


def heard_again(ctx: Context, first: int, last: int, found: list[Retake]) -> list[Retake]:
    """Retakes whose earlier take is talk off the script between words[first] and words[last]
    that the script words read right after it fit."""
    if ctx.listen is None or ctx.alignment is None:
        return []
    index, final = ctx.alignment.script_index, ctx.alignment.last
    taken = {k for r in found for k in range(r.first, r.kept)}
    return [Retake(i, j - 1, j, " ".join(w.text for w in ctx.words[i:j]))
            for i, j in levels.runs_of(np.asarray(index) < 0)
            if first < i and j <= last and index[j] == final[i - 1] + 1 and not taken & set(range(i, j))
            and _fits_next(ctx, i, j)]


def _fits_next(ctx: Context, i: int, j: int) -> bool:
    """Whether the talk of words[i:j] says the script words that words[j] starts reading."""
    runs = speech_runs(ctx, ctx.words[i - 1].end, ctx.words[j].start - 0.05)
    if not runs or runs[-1][1] - runs[0][0] < TAKE_MIN_S:
        return False
    a, b = runs[0][0], runs[-1][1]
    start = ctx.alignment.script_index[j]
    room = math.ceil(sum(e - s for s, e in runs) * WORDS_PER_S) + 1
    return fits(ctx.listen(a, b, list(ctx.script[start:start + room])))
