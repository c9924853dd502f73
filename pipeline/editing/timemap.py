"""Raw recording time → edited (published) time.

After cuts, shortened pauses and an intro, a caption, a chapter and a show-notes
timestamp must still point at the same words. Every later stage maps its times
through one `TimeMap` built from the kept ranges of the edit list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TimeMap:
    kept: tuple[tuple[float, float], ...]   # raw (start, end) ranges kept, ascending
    offset: float = 0.0                     # seconds added before the first kept audio (an intro)

    @classmethod
    def from_cuts(cls, cuts: list[tuple[float, float]], duration: float, offset: float = 0.0) -> "TimeMap":
        kept, position = [], 0.0
        for start, end in sorted(cuts):
            start, end = max(0.0, start), min(duration, end)
            if start > position:
                kept.append((position, start))
            position = max(position, end)
        if position < duration:
            kept.append((position, duration))
        return cls(tuple((round(a, 4), round(b, 4)) for a, b in kept), offset)

    @property
    def edited_duration(self) -> float:
        return sum(b - a for a, b in self.kept)

    def _arrays(self):
        starts = np.array([a for a, _ in self.kept] or [0.0])
        ends = np.array([b for _, b in self.kept] or [0.0])
        before = np.concatenate(([0.0], np.cumsum(ends - starts)[:-1]))
        return starts, ends, before

    def to_edited(self, t):
        """Map raw time(s) to edited time(s); a time inside a cut maps to where the cut closes."""
        starts, ends, before = self._arrays()
        t = np.asarray(t, dtype=float)
        i = np.clip(np.searchsorted(starts, t, side="right") - 1, 0, len(starts) - 1)
        inside = np.clip(t - starts[i], 0.0, ends[i] - starts[i])
        result = before[i] + inside + self.offset
        return float(result) if result.ndim == 0 else result

    def is_kept(self, start: float, end: float) -> bool:
        """True if at least half of [start, end] survives the edit."""
        overlap = sum(max(0.0, min(b, end) - max(a, start)) for a, b in self.kept)
        return overlap >= 0.5 * max(end - start, 1e-9)
