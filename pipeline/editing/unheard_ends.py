"""The essay's first or last sentences where Whisper did not hear them as the essay.

A reading proper (span.py) starts and ends at words that read the script; what lies beyond
is cut as chatter. Where the essay's first or last words were never heard, the speech
beyond may be those words, misheard ("Their tide table is at dawnswimmers.example.com" as
other words) or with no words at all (a first sentence Whisper wrote only "Um," for). The
script says what should be there: each stretch of speech beyond the reading, nearest
first, is heard again with the unheard script words forced onto it (hearing.fit), and kept
while they fit it. Chatter does not fit the script's words; measured with tiny.en on
generation 8 of the eval corpus: a median probability of 0.81 over a first sentence Whisper
wrote no word for and 0.38 over a last one it misheard in a fan's noise, at most 0.012 over
the eight stretches of chatter and earlier takes it was asked about (fit.FITS is 0.3).
"""

from __future__ import annotations

import math

from ..hearing.fit import fits
from ..script.span import ISLAND_PAUSE_S
from .rule import Context, speech_runs

SPOKEN_PER_S = 4.0              # script words a second of speech may hold, at most (espeak at 200 wpm: 3.6)
SHORTEST_S = 0.25               # a shorter stretch is a breath or a click: passed over, not heard
FILLER_LONG_S = 0.7             # a stretch no longer than an "um" that does not fit is passed over too


def said_before(ctx: Context, t: float, unread: tuple[str, ...]) -> float | None:
    """Where speech before `t` starts that says the script words `unread` (the essay's words
    before the reading proper that were never heard), or None."""
    runs = speech_runs(ctx, 0.0, t - ISLAND_PAUSE_S / 2, ISLAND_PAUSE_S)
    return _said(ctx, runs[::-1], list(unread), -1)


def said_after(ctx: Context, t: float, unread: tuple[str, ...]) -> float | None:
    """Where speech after `t` ends that says the script words `unread`, or None."""
    runs = speech_runs(ctx, t + ISLAND_PAUSE_S / 2, ctx.duration, ISLAND_PAUSE_S)
    return _said(ctx, runs, list(unread), +1)


def _said(ctx: Context, runs: list[tuple[float, float]], unread: list[str], step: int) -> float | None:
    """The far edge of the last of `runs` (nearest the reading first) that the script words
    `unread` fit, each heard with the words nearest the reading that its speech can hold."""
    if ctx.listen is None:
        return None
    edge = None
    for a, b in runs:
        if not unread:
            break
        if b - a < SHORTEST_S:
            continue
        room = min(len(unread), math.ceil((b - a) * SPOKEN_PER_S) + 2)
        words = unread[-room:] if step < 0 else unread[:room]
        forced = ctx.listen(a, b, words)
        if not fits(forced):
            if b - a <= FILLER_LONG_S:
                continue
            break
        edge = a if step < 0 else b
        placed = sum(1 for w in forced if a - 0.05 <= w.start < b - 0.02)
        unread = unread[:len(unread) - placed] if step < 0 else unread[placed:]
    return edge
