"""transcript + alignment + signal → the edit decision list (`edits.json`).

Each rule is a small function returning `Edit`s, every one a range of the raw
recording to remove with the reason a host would give. The list is a plain,
versioned data file: it can be reviewed, hand-corrected through `edits.toml` and
rendered again. Times are snapped to the quietest 10 ms nearby so no cut clips a word.

edits.json:
    {"version": 1, "duration": 312.4, "warnings": [...],
     "edits": [{"start": 0.0, "end": 1.7, "action": "cut", "reason": "head",
                "detail": "1.7 s of silence before the first word", "confidence": 1.0}]}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np

from . import signal
from .align import Alignment, normalise
from .config import EditSettings
from .timemap import TimeMap
from .transcript import Word

SCHEMA_VERSION = 1
MIN_CUT_S = 0.05
REASON_ORDER = ("manual", "off_script", "retake", "filler", "head", "tail", "pause")


@dataclass(frozen=True)
class Edit:
    start: float
    end: float
    action: Literal["cut", "shorten"]
    reason: str
    detail: str = ""
    confidence: float = 1.0

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class EditList:
    duration: float
    edits: tuple[Edit, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def cuts(self) -> list[tuple[float, float]]:
        """The removed ranges, merged and sorted."""
        merged: list[list[float]] = []
        for edit in sorted(self.edits, key=lambda e: e.start):
            if merged and edit.start <= merged[-1][1] + 1e-6:
                merged[-1][1] = max(merged[-1][1], edit.end)
            else:
                merged.append([edit.start, edit.end])
        return [(a, b) for a, b in merged]

    def timemap(self, offset: float = 0.0) -> TimeMap:
        return TimeMap.from_cuts(self.cuts(), self.duration, offset)

    def removed_by_reason(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for edit in self.edits:
            totals[edit.reason] = totals.get(edit.reason, 0.0) + edit.duration
        return totals

    def to_dict(self) -> dict:
        return {"version": SCHEMA_VERSION, "duration": self.duration, "warnings": list(self.warnings),
                "edits": [asdict(e) for e in self.edits]}

    @classmethod
    def from_dict(cls, data: dict) -> "EditList":
        return cls(data["duration"], tuple(Edit(**e) for e in data["edits"]), tuple(data.get("warnings", ())))


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


def _words_text(words: list[Word]) -> str:
    text = " ".join(w.text for w in words)
    return text if len(text) <= 80 else text[:77] + "..."


def _speech_start(ctx: Context, word: Word) -> float:
    """Where the word's sound really begins (Whisper often starts words early or late)."""
    found = signal.speech_bounds(ctx.db, max(0.0, word.start - 0.3), word.end, ctx.threshold)
    return found[0] if found else word.start


def _speech_end(ctx: Context, word: Word) -> float:
    found = signal.speech_bounds(ctx.db, word.start, min(ctx.duration, word.end + 0.3), ctx.threshold)
    return found[1] if found else word.end


def script_span(ctx: Context) -> tuple[int, int]:
    """Index of the first and last word of the reading proper (runs of 3 aligned words)."""
    n = len(ctx.words)
    if not ctx.settings.cut_off_script or ctx.alignment is None:
        return 0, n - 1
    aligned = np.array([i >= 0 for i in ctx.alignment.script_index], dtype=bool)
    runs = [(a, b) for a, b in signal.runs_of(aligned) if b - a >= 3]
    if not runs:
        return 0, n - 1
    return runs[0][0], runs[-1][1] - 1


def head_and_tail(ctx: Context, first: int, last: int) -> list[Edit]:
    """Dead air and off-script chatter before the first and after the last kept word."""
    edits = []
    s = ctx.settings
    start = _speech_start(ctx, ctx.words[first]) - s.head
    if start > MIN_CUT_S and (s.cut_head_tail or first > 0):
        chatter = ctx.words[:first]
        reason = "off_script" if chatter else "head"
        detail = f"before the script: “{_words_text(chatter)}”" if chatter else f"{start:.1f} s before the first word"
        edits.append(Edit(0.0, round(start, 3), "cut", reason, detail))
    end = _speech_end(ctx, ctx.words[last]) + s.tail
    if ctx.duration - end > MIN_CUT_S and (s.cut_head_tail or last < len(ctx.words) - 1):
        chatter = ctx.words[last + 1:]
        reason = "off_script" if chatter else "tail"
        detail = (f"after the script: “{_words_text(chatter)}”" if chatter
                  else f"{ctx.duration - end:.1f} s after the last word")
        edits.append(Edit(round(end, 3), round(ctx.duration, 3), "cut", reason, detail))
    return edits


def _keep_gap(ctx: Context, before: int | None, after: int | None) -> float:
    """How long a pause to leave: longer at a paragraph break."""
    s = ctx.settings
    if before is not None and after is not None and ctx.blocks[before] != ctx.blocks[after] >= 0:
        return s.paragraph_pause_to
    return s.pause_to


def pauses(ctx: Context, first: int, last: int) -> list[Edit]:
    """Silences longer than max_pause inside the reading, shortened (never removed)."""
    s = ctx.settings
    lo, hi = ctx.words[first].start, ctx.words[last].end
    starts = np.array([w.start for w in ctx.words])
    edits = []
    for a, b in signal.silences(ctx.db, s.max_pause, ctx.threshold):
        if a < lo or b > hi:
            continue
        after = int(np.searchsorted(starts, (a + b) / 2))
        keep = _keep_gap(ctx, after - 1 if after > 0 else None, after if after < len(starts) else None)
        cut_a, cut_b = a + keep / 2, b - keep / 2
        if cut_b - cut_a > MIN_CUT_S:
            edits.append(Edit(round(cut_a, 3), round(cut_b, 3), "shorten", "pause",
                              f"{b - a:.1f} s pause shortened to {keep:.1f} s"))
    return edits


WITHIN_WORD_GAP_S = 0.12


def _speech_runs(ctx: Context, lo: float, hi: float) -> list[tuple[float, float]]:
    """Voiced stretches between lo and hi seconds (clipped to the window); dips shorter than
    a stop consonant's closure are bridged, so one word is one run."""
    a, b = int(max(0, lo / signal.FRAME_S)), int(min(len(ctx.db), hi / signal.FRAME_S))
    mask = signal.speech_mask(ctx.db[a:b], ctx.threshold)
    runs: list[list[float]] = []
    for s, e in signal.runs_of(mask):
        start, end = (a + s) * signal.FRAME_S, (a + e) * signal.FRAME_S
        if runs and start - runs[-1][1] < WITHIN_WORD_GAP_S:
            runs[-1][1] = end
        else:
            runs.append([start, end])
    return [(r[0], r[1]) for r in runs]


def _isolate(ctx: Context, prev: Word, word: Word, nxt: Word) -> tuple[float, float, float, float] | None:
    """(end of the previous speech, filler start, filler end, start of the next speech) from the signal.

    Whisper times fillers badly (often 40 ms long, or shifted into the next word), so
    the filler is taken to be the voiced stretch between the two neighbouring words,
    bounded by silence on both sides, that lies nearest to where Whisper heard it.
    """
    lo, hi = (prev.start + prev.end) / 2, (nxt.start + nxt.end) / 2
    runs = _speech_runs(ctx, lo, hi)
    interior = [i for i, (a, b) in enumerate(runs) if a > lo + 1e-6 and b < hi - 1e-6 and i > 0]
    if not interior:
        return None
    centre = (word.start + word.end) / 2
    best = min(interior, key=lambda i: abs((runs[i][0] + runs[i][1]) / 2 - centre))
    if best + 1 >= len(runs):
        return None
    return runs[best - 1][1], runs[best][0], runs[best][1], runs[best + 1][0]


def fillers(ctx: Context, first: int, last: int) -> list[Edit]:
    """Filler words (um, uh, ...) that the script does not have at that point."""
    s = ctx.settings
    wanted = {w for f in s.fillers for w in normalise(f)}
    edits = []
    for i in range(max(first, 1), min(last, len(ctx.words) - 2) + 1):
        word = ctx.words[i]
        spoken = normalise(word.text)
        if not spoken or any(t not in wanted for t in spoken):
            continue
        if ctx.alignment is not None and ctx.alignment.script_index[i] >= 0:
            continue
        found = _isolate(ctx, ctx.words[i - 1], word, ctx.words[i + 1])
        if found is None:
            prev_end, f_start, f_end, next_start = (ctx.words[i - 1].end, word.start, word.end,
                                                    ctx.words[i + 1].start)
            confidence = 0.5
        else:
            (prev_end, f_start, f_end, next_start), confidence = found, 0.9
        gaps = (max(0.0, f_start - prev_end), max(0.0, next_start - f_end))
        keep = min(max(gaps), _keep_gap(ctx, i - 1, i + 1))
        a, b = prev_end + keep / 2, next_start - keep / 2
        if b - a > MIN_CUT_S:
            edits.append(Edit(round(a, 3), round(b, 3), "cut", "filler", f"“{word.text}”", confidence))
    return edits


def _snap(ctx: Context, edit: Edit) -> Edit:
    """Move both ends onto the quietest 10 ms within 40 ms, so splices fall in silence."""
    a = edit.start if edit.start <= 0 else signal.quietest(ctx.db, edit.start - 0.04, edit.start + 0.04, edit.start)
    b = edit.end if edit.end >= ctx.duration else signal.quietest(ctx.db, edit.end - 0.04, edit.end + 0.04, edit.end)
    return Edit(round(a, 3), round(b, 3), edit.action, edit.reason, edit.detail, edit.confidence)


def plan(words: list[Word], alignment: Alignment | None, blocks: list[int], audio_db: np.ndarray,
         duration: float, settings: EditSettings, warnings: list[str] | None = None) -> EditList:
    """Plan every automatic edit of one recording."""
    warnings = list(warnings or [])
    if not words:
        warnings.append("no speech was recognised; nothing was cut")
        return EditList(duration, (), tuple(warnings))
    ctx = Context(words, alignment, audio_db, settings, duration, signal.speech_threshold(audio_db), blocks)
    first, last = script_span(ctx)
    edits = head_and_tail(ctx, first, last)
    if settings.cut_pauses:
        edits += pauses(ctx, first, last)
    if settings.cut_fillers:
        edits += fillers(ctx, first, last)
    edits = [_snap(ctx, e) for e in edits]
    edits = [e for e in edits if e.end - e.start >= MIN_CUT_S]
    edits.sort(key=lambda e: (e.start, REASON_ORDER.index(e.reason)))
    return EditList(round(duration, 3), tuple(edits), tuple(warnings))
