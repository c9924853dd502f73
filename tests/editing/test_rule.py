"""The measures every rule shares, found once for the file and looked up by window."""

import numpy as np

from pipeline.editing import rule
from pipeline.hearing import levels


def _context(db: np.ndarray, threshold: float) -> rule.Context:
    return rule.Context(words=[], alignment=None, db=db, settings=None, duration=len(db) * levels.FRAME_S,
                        threshold=threshold, blocks=[])


def test_speech_in_a_window_is_what_the_window_alone_shows():
    """The rules ask for the speech in thousands of windows a plan; it is looked up in the
    file's runs above the threshold, and must be what measuring that window alone gives,
    down to a run cut by the window's edge to less than a click's length (which the
    window alone drops)."""
    rng = np.random.default_rng(7)
    for threshold in (-50.0, -45.0, -40.0):
        ctx = _context(rng.normal(-50, 15, 6000).astype(np.float32), threshold)
        for _ in range(400):
            lo, hi = sorted(rng.uniform(0, 61, 2))
            a, b = int(lo / levels.FRAME_S), int(min(len(ctx.db), hi / levels.FRAME_S))
            alone = levels.runs_of(levels.speech_mask(ctx.db[a:b], threshold))
            assert rule.speech_frames(ctx, a, b) == [(a + s, a + e) for s, e in alone]
            expected = rule.bridged([((a + s) * levels.FRAME_S, (a + e) * levels.FRAME_S) for s, e in alone],
                                    rule.WITHIN_WORD_GAP_S)
            assert rule.speech_runs(ctx, lo, hi) == expected
