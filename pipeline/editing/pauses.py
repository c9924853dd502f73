"""Long pauses, shortened to the show's `max_pause` (never removed: a pause is part of the reading)."""

from __future__ import annotations


import numpy as np

from ..hearing import levels
from .rule import Context, Edit, MIN_CUT_S, keep_gap


def pauses(ctx: Context, lo: float, hi: float) -> list[Edit]:
    """Silences longer than max_pause inside the reading (lo to hi s), shortened (never removed). In a
    noisy room they are found in the denoised audio (`pause_db`): at 10 dB SNR the noise
    filled three of the four long pauses of the evaluation corpus's noisy readings above
    the speech threshold, so they were not seen; in the denoised copy all four were. Cuts
    at word edges still read the recording itself: the denoiser's near-silent stop
    closures drew retake and filler cuts into words (eval, 10 dB: script kept 99.5 % →
    99.3 %)."""
    s = ctx.settings
    starts = np.array([w.start for w in ctx.words])
    edits = []
    db = ctx.db if ctx.pause_db is None else ctx.pause_db
    threshold = ctx.threshold if ctx.pause_db is None else levels.speech_threshold(db)
    for a, b in levels.silences(db, s.max_pause, threshold):
        if a < lo or b > hi:
            continue
        after = int(np.searchsorted(starts, (a + b) / 2))
        keep = keep_gap(ctx, after - 1 if after > 0 else None, after if after < len(starts) else None)
        cut_a, cut_b = a + keep / 2, b - keep / 2
        if cut_b - cut_a > MIN_CUT_S:
            edits.append(Edit(round(cut_a, 3), round(cut_b, 3), "shorten", "pause",
                              f"{b - a:.1f} s pause shortened to {keep:.1f} s"))
    return edits
