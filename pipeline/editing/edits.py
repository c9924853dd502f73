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

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from ..hearing import levels
from ..script.align import Alignment
from ..show.config import EditSettings
from ..script.retakes import Retake
from .lost import lost_script, lost_words, unheard
from .timemap import TimeMap
from ..hearing.words import Word, ends_sentence
from .ends import head_and_tail, past_fillers, said_beyond, script_span
from .false_starts import SAID_AGAIN, earlier_starts, false_starts
from .heard_again import heard_again
from .filler_sound import OWN_SOUND_S
from .fillers import fillers
from .held_fillers import (UNDER_A_WORD, opening_fillers, swallowed_fillers, trailing_fillers, unheard_fillers,
                           unworded_sounds)
from .pauses import pauses
from .retake_cuts import GLUED_S, adlibs, retakes
from .rule import Context, Edit, MIN_CUT_S
from ..errors import check_version


SCHEMA_VERSION = 1


REASON_ORDER = ("manual", "off_script", "retake", "filler", "head", "tail", "pause")


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

    def removed_words(self) -> set[int]:
        return {i for edit in self.edits for i in edit.words}

    def removed_by_reason(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for edit in self.edits:
            totals[edit.reason] = totals.get(edit.reason, 0.0) + edit.duration
        return totals

    def stage_record(self) -> dict:
        return {"cuts": len(self.edits)}

    def to_dict(self) -> dict:
        return {"version": SCHEMA_VERSION, "duration": self.duration, "warnings": list(self.warnings),
                "edits": [asdict(e) for e in self.edits]}

    @classmethod
    def from_dict(cls, data: dict) -> "EditList":
        check_version(data, SCHEMA_VERSION, "edits.json")
        edits = tuple(Edit(**{**e, "words": tuple(e.get("words", ()))}) for e in data["edits"])
        return cls(data["duration"], edits, tuple(data.get("warnings", ())))


def snap_time(db: np.ndarray, t: float, duration: float) -> float:
    """The quietest 10 ms within 40 ms of `t`, so a splice falls in silence; the recording's
    ends stay where they are. The editor's cuts and the host's moves in `produce review` alike."""
    if t <= 0:
        return t
    if t >= duration - 0.002:
        return duration
    return round(levels.quietest(db, t - 0.04, t + 0.04, t), 3)


def _snap(ctx: Context, edit: Edit) -> Edit:
    """Move both ends onto the quietest 10 ms within 40 ms."""
    return replace(edit, start=snap_time(ctx.db, edit.start, ctx.duration) if edit.start > 0 else edit.start,
                   end=snap_time(ctx.db, edit.end, ctx.duration))


def _as_heard(ctx: Context, fillers: list[tuple[float, float]]) -> list[Word]:
    """The words with their times narrowed to the speech inside them: Whisper stretches a
    word over the pause after it ("week." to the next sentence, or into its first sound),
    and a cut in that pause must not count as cutting the word. Nor does a filler cut where
    Whisper laid the word over the filler (`fillers`, the cuts given), before its own sound
    or after it: the word is the rest of its span, or else the sound after the filler."""
    out, mask = [], ctx.speech
    for word in ctx.words:
        a, b = int(word.start / levels.FRAME_S), int(np.ceil(word.end / levels.FRAME_S))
        own = mask[a:b]
        cut = [(s, e) for s, e in fillers if s < word.end and e > word.start]
        if cut and own.any():
            own = own.copy()
            for s, e in cut:
                own[max(0, int(s / levels.FRAME_S) - a): max(0, int(np.ceil(e / levels.FRAME_S)) - a)] = False
            if not own.any():        # nothing but the filler in the span: the word is the sound after it
                a = b = int(np.ceil(max(e for _, e in cut) / levels.FRAME_S))
                own = np.ones(1, bool)
        found = _past_the_word_before(ctx, len(out), a, levels.islands(own, OWN_SOUND_S) if own.size else [])
        if not own.any() and (not out or ends_sentence(ctx.words[len(out) - 1].text)):
            word = _sound_after(ctx, len(out), word)
        elif found:
            s, e = found[-1] if _leads_on(ctx, len(out)) else max(found, key=lambda r: r[1] - r[0])
            word = replace(word, start=(a + s) * levels.FRAME_S, end=(a + e) * levels.FRAME_S)
        out.append(word)
    return out


SOUNDLESS_REACH_S = 0.5         # how far after a span with no sound in it the word's own sound may start
LONGEST_WORD_S = 2.0            # and how long that sound is looked at, at most


def _sound_after(ctx: Context, i: int, word: Word) -> Word:
    """Word i, whose span holds no sound and which opens a sentence, on the sound that starts
    within SOUNDLESS_REACH_S after it and before the next word's end: Whisper laid the word
    early, in the pause before its sound (held-out corpus: the last take's "Why" timed over
    0.7 s of silence after an aside, its sound under "are"; the retake cut ending in that
    silence seemed to take the only "Why", and both takes and the aside stayed). A word read
    on from the one before is said right after it, too softly for the speech threshold in a
    noisy room ("in it." at 20 dB SNR, "it." with no sound above it), and stays where it is
    timed. Without such a sound, the word as timed."""
    mask = ctx.speech
    b = int(np.ceil(word.end / levels.FRAME_S))
    limit = int(min(word.end + SOUNDLESS_REACH_S, ctx.words[i + 1].end if i + 1 < len(ctx.words) else word.end)
                / levels.FRAME_S)
    ahead = np.flatnonzero(mask[b:limit])
    if not ahead.size:
        return word
    start = b + int(ahead[0])
    sound = mask[start:start + int(LONGEST_WORD_S / levels.FRAME_S)]
    stop = start + (int(np.argmin(sound)) if not sound.all() else sound.size)
    return replace(word, start=start * levels.FRAME_S, end=stop * levels.FRAME_S)


def _past_the_word_before(ctx: Context, i: int, a: int, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Of the stretches of sound in word i's span (frames from `a`), those after the word
    before it ends, where Whisper laid word i back over that word: the sound there is the
    word before's (held-out corpus: "again." 38.16-38.90 s, the last word of an aside, and
    the last take's "Reading" 38.54-39.30 s, said at 39.27 s; its longest stretch of sound
    was the aside's end, and the retake cut, which ends at the silence before 39.27 s,
    looked as if it took the only "Reading")."""
    if i == 0 or ctx.words[i].start >= ctx.words[i - 1].end:
        return found
    after = [(s, e) for s, e in found if (a + s) * levels.FRAME_S >= ctx.words[i - 1].end]
    return after or found


def _leads_on(ctx: Context, i: int) -> bool:
    """Whether word i's own sound is the last stretch of sound in its span, not the longest:
    Whisper ran it on into the next word (no gap between them) and stretched it back over a
    pause from speech it wrote no word for ("The" over the end of an unworded aside "Hold
    on, let me redo that", then 0.5 s of pause, its own sound the last 60 ms of its span).
    Elsewhere the longest stretch is the word's (a word stretched on over the pause after it)."""
    words = ctx.words
    return 0 < i < len(words) - 1 and words[i + 1].start - words[i].end < GLUED_S <= words[i].start - words[i - 1].end


def _keep_unique_script(ctx: Context, edits: list[Edit], words: list[Word],
                        warnings: list[str]) -> tuple[list[Edit], list[str]]:
    """A retake or ad-lib cut that would take the only reading of script words was a wrong
    guess (a misheard phrase looks like a false start): it is not made, and the host is told.
    Nor is one that takes more speech than Whisper wrote words for (`_unworded_s`)."""
    kept = []
    for edit in edits:
        if edit.reason in ("retake", "off_script") and 0 < edit.start and edit.end < words[-1].end:
            what = edit.reason.replace("_", " ")
            lost = lost_words(words, ctx.alignment, ctx.script, [(edit.start, edit.end)])
            if lost:
                warnings = warnings + [f"not cut ({what} at {edit.start:.1f} s): it holds “{lost[0][0]}”, "
                                       "read nowhere else"]
                continue
            unworded = _unworded_s(ctx, edit.start, edit.end)
            if unworded > UNWORDED_MOST_S:
                warnings = warnings + [f"not cut ({what} at {edit.start:.1f} s): it holds {unworded:.1f} s of "
                                       "speech with no words recognised; listen: it may be part of the essay"]
                continue
        kept.append(edit)
    return kept, warnings


UNWORDED_MOST_S = 3.0           # speech without words a cut may take: an aside Whisper skipped, not a sentence


def _unworded_s(ctx: Context, a: float, b: float) -> float:
    """Seconds of speech between a and b that no word's span covers. Reading along the essay,
    Whisper may skip a whole sentence and stretch the next words back over it (held-out corpus:
    "Nkechi Adeyemi opened the bakery in 2011 ..." written as nothing, an earlier take's "She
    still starts" timed inside it): a retake cut from the pause before those words took the
    sentence, 7.7 s of script. An aside Whisper skipped is a second or two."""
    first, last = int(a / levels.FRAME_S), int(np.ceil(b / levels.FRAME_S))
    speech = ctx.speech[first:last].copy()
    for word in ctx.words:
        if word.end > a and word.start < b:
            start, end = int(word.start / levels.FRAME_S) - first, int(np.ceil(word.end / levels.FRAME_S)) - first
            speech[max(0, start): max(0, end)] = False
    return float(speech.sum()) * levels.FRAME_S


def plan(words: list[Word], alignment: Alignment | None, blocks: list[int], audio_db: np.ndarray,
         duration: float, settings: EditSettings, warnings: list[str] | None = None,
         found_retakes: list[Retake] | None = None, script: tuple[str, ...] = (),
         samples: np.ndarray | None = None, denoised: np.ndarray | None = None,
         listen: Callable[[float, float, list[str]], list[Word]] | None = None) -> EditList:
    """Plan every automatic edit of one recording (`denoised`: the recording as the clean stage
    left it, where it denoised the room; `listen`: hearing.fit's, to hear the script's words
    where Whisper did not)."""
    warnings = list(warnings or [])
    if not words:
        warnings.append("no speech was recognised; nothing was cut")
        return EditList(duration, (), tuple(warnings))
    threshold = levels.speech_threshold(audio_db)
    floor = float(np.percentile(audio_db, 5)) if audio_db.size else -120.0
    ctx = Context(words, alignment, audio_db, settings, duration, threshold, blocks,
                  levels.silences(audio_db, 0.06, threshold), tuple(script), samples, floor,
                  None if denoised is None else levels.frame_db(denoised), denoised, listen)
    span = script_span(ctx, found_retakes or [])
    first, last = past_fillers(ctx, span.first, span.last)
    found = [r for r in (found_retakes or []) if first < r.first and r.kept <= last] if alignment else []
    found += heard_again(ctx, first, last, found) if settings.cut_retakes else []
    said_from, said_until = said_beyond(ctx, first, last, span)
    edits = head_and_tail(ctx, first, last, said_from, said_until)
    if first > 0 or said_from is not None:
        warnings += unheard(span.unread_head, "start", None if said_from is None else words[first].start - said_from)
    if last < len(words) - 1 or said_until is not None:
        warnings += unheard(span.unread_tail, "end", None if said_until is None else said_until - words[last].end)
    if settings.cut_retakes:
        edits += retakes(ctx, found)
    if settings.cut_adlibs:
        edits += adlibs(ctx, first, last, found if settings.cut_retakes else [])
    if settings.cut_pauses:
        edits += pauses(ctx, words[first].start if said_from is None else min(words[first].start, said_from),
                        words[last].end if said_until is None else max(words[last].end, said_until))
    if settings.cut_fillers:
        edits += fillers(ctx, first, last)
        edits += unheard_fillers(ctx, first, last)
        edits += opening_fillers(ctx, first, last)
        edits += swallowed_fillers(ctx, first, last)
        edits += trailing_fillers(ctx, first, last)
        edits += unworded_sounds(ctx, first, last, edits)
    edits = [_snap(ctx, e) for e in edits]
    edits = [e for e in edits if e.end - e.start >= MIN_CUT_S]
    heard = _as_heard(ctx, [(e.start, e.end) for e in edits if e.detail.startswith(UNDER_A_WORD)])
    edits, warnings = _keep_unique_script(ctx, edits, heard, warnings)
    if settings.cut_retakes and alignment is not None:    # after the check above: their words are said again
        edits = [_snap(ctx, e) for e in earlier_starts(ctx, sorted(edits, key=lambda e: e.start))]
        taken = [(e.start, e.end) for e in edits if e.reason in ("retake", "off_script", "head", "tail")]
        edits += [_snap(ctx, e) for e in false_starts(ctx, first, last, taken)]
    edits.sort(key=lambda e: (e.start, REASON_ORDER.index(e.reason)))
    removed = EditList(duration, tuple(e for e in edits if e.action == "cut")).cuts()
    said_again = [(e.start, e.end) for e in edits if e.detail.startswith(SAID_AGAIN)]
    warnings += lost_script(heard, alignment, tuple(script), removed, said_again)
    return EditList(duration, tuple(edits), tuple(warnings))
