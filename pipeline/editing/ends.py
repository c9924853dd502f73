"""Head and tail: dead air and chatter before the reading begins and after it ends."""

from __future__ import annotations


from ..hearing import levels
from ..script.align import normalise
from ..script.retakes import Retake
from ..script.span import Span, reading_span
from ..hearing.words import Word
from .filler_sound import FILLER_GAP_S, ONSET_S, STEADY_HEARD, held_sound, voiced
from .unheard_ends import said_after, said_before
from .rule import Context, Edit, MIN_CUT_S, filler_phrases, gap_before, gap_seconds, speech_runs, words_text


def _speech_start(ctx: Context, word: Word) -> float:
    """Where the word's sound really begins (Whisper often starts words early or late)."""
    found = levels.speech_bounds(ctx.db, max(0.0, word.start - 0.3), word.end, ctx.threshold)
    return found[0] if found else word.start


STRETCH_GAP_S = 0.3             # silences shorter than this lie inside a stretch of speech, not before it


def _stretch_start(ctx: Context, word: Word) -> float:
    """Where the stretch of speech holding the word's start begins, across silences under
    STRETCH_GAP_S: before the reading's first word Whisper may have written no word for the
    essay's first line ("[From fairest creatures we desire increase,] One. From" with "One."
    6.2 s in, speech from 3.9 s on; the head cut took 1.5 s of it, held-out generation 7,
    the real reader of the sonnet). Speech said on into the first word is kept with it; the
    dead air and chatter before it are a pause away."""
    start = _speech_start(ctx, word)
    return next((a for a, b in speech_runs(ctx, 0.0, word.end, STRETCH_GAP_S) if a <= start <= b), start)


def _own_start(ctx: Context, filler: Word, word: Word) -> float:
    """Where the word's own sound begins after the filler word before it: past a held sound
    (an um) that lies between the two, if there is one. `_speech_start` looks 0.3 s back and
    took the end of an um said 0.07 s before "I" (Whisper's "Um," laid in the pause before the
    um, at p 0.00) for the start of "I"; the head cut stopped before the um, which stayed
    (held-out generation 6)."""
    runs = speech_runs(ctx, filler.end, word.end, FILLER_GAP_S)
    if len(runs) > 1 and runs[0][1] < word.start and voiced(ctx, *runs[0]) and held_sound(ctx, *runs[0], STEADY_HEARD):
        return runs[1][0]
    return _speech_start(ctx, word)


def _speech_end(ctx: Context, word: Word) -> float:
    """Where the word's sound really ends: the end of the speech in its span, or, where
    Whisper stretched the span over a pause and on over talk it wrote no words for (reading
    along the essay, the last word "it." ran on over "[0.7 s] Stopping the recorder now."),
    the end of the word's own sound before that pause."""
    runs = speech_runs(ctx, word.start, min(ctx.duration, word.end + 0.3), RAN_ON_PAUSE_S)
    if len(runs) > 1 and runs[0][0] <= word.start + ONSET_S and runs[-1][1] - runs[1][0] >= RAN_ON_TALK_S:
        return runs[0][1]
    found = levels.speech_bounds(ctx.db, word.start, min(ctx.duration, word.end + 0.3), ctx.threshold)
    return found[1] if found else word.end


RAN_ON_PAUSE_S = 0.35           # a pause no word holds inside it ...
RAN_ON_TALK_S = 0.5             # ... before talk this long: a short sound after it may be the word itself


def script_span(ctx: Context, found: list[Retake] = ()) -> Span:
    """The first and last word of the reading proper, and the script words around it that
    were never heard (see span.py)."""
    if not ctx.settings.cut_off_script or ctx.alignment is None:
        return Span(0, len(ctx.words) - 1, (), ())
    retaken = frozenset(k for r in found for k in range(r.first, r.kept))
    return reading_span(ctx.words, ctx.alignment, ctx.script, lambda i: gap_seconds(ctx, i), retaken)


def said_beyond(ctx: Context, first: int, last: int, span: Span) -> tuple[float | None, float | None]:
    """Where speech before word `first` starts, and speech after word `last` ends, that says
    the script words the reading never heard at its start and end (unheard_ends.py)."""
    before = said_before(ctx, _stretch_start(ctx, ctx.words[first]), span.unread_head) if span.unread_head else None
    after = said_after(ctx, _speech_end(ctx, ctx.words[last]), span.unread_tail) if span.unread_tail else None
    return before, after


def _is_filler(ctx: Context, i: int) -> bool:
    """Word i is a filler word of the settings that the script does not have there."""
    return (ctx.alignment is None or ctx.alignment.script_index[i] < 0) and \
        tuple(normalise(ctx.words[i].text)) in filler_phrases(ctx)


def past_fillers(ctx: Context, first: int, last: int) -> tuple[int, int]:
    """The reading proper starts after an "Um," before its first word and ends before an
    "uh" after its last: those go with the head and the tail."""
    if ctx.alignment is None or not ctx.settings.cut_fillers:
        return first, last
    while first < last and _is_filler(ctx, first):
        first += 1
    while last > first and _is_filler(ctx, last):
        last -= 1
    return first, last


NEAR_S = 0.05                   # how far from a word's sound the silence beside it may end


def _silence_near(ctx: Context, t: float, side: int) -> tuple[float, float] | None:
    """The silence that ends where speech starts at t (side -1), or starts where it ends (+1)."""
    if side < 0:
        found = [g for g in ctx.quiet if t - NEAR_S <= g[1] <= t + NEAR_S]
        return max(found, key=lambda g: g[1]) if found else None
    found = [g for g in ctx.quiet if t - NEAR_S <= g[0] <= t + NEAR_S]
    return min(found, key=lambda g: g[0]) if found else None


def head_and_tail(ctx: Context, first: int, last: int, said_from: float | None = None,
                  said_until: float | None = None) -> list[Edit]:
    """Dead air and off-script chatter before the first and after the last kept word, and
    before `said_from` and after `said_until` where the script was said beyond them
    (unheard_ends.py)."""
    edits = []
    s = ctx.settings
    gap = gap_before(ctx, first) if first > 0 else None
    if first > 0 and _is_filler(ctx, first - 1):      # "Um, I have": the silence right before "I"
        gap = _silence_near(ctx, _own_start(ctx, ctx.words[first - 1], ctx.words[first]), -1) or gap
    start = max(gap[0], gap[1] - s.head) if gap and gap[1] > gap[0] else _stretch_start(ctx, ctx.words[first]) - s.head
    if said_from is not None:
        quiet = _silence_near(ctx, said_from, -1)
        start = min(start, max(quiet[0], quiet[1] - s.head) if quiet else said_from - s.head)
        first = sum(1 for w in ctx.words[:first] if (w.start + w.end) / 2 < start)
    if start > MIN_CUT_S and (s.cut_head_tail or first > 0):
        chatter = ctx.words[:first]
        reason = "off_script" if chatter else "head"
        detail = f"before the script: “{words_text(chatter)}”" if chatter else f"{start:.1f} s before the first word"
        edits.append(Edit(0.0, round(start, 3), "cut", reason, detail, 1.0, tuple(range(first))))
    gap = gap_before(ctx, last + 1) if last + 1 < len(ctx.words) else None
    if last + 1 < len(ctx.words) and _is_filler(ctx, last + 1):
        gap = _silence_near(ctx, _speech_end(ctx, ctx.words[last]), +1) or gap
    end = _speech_end(ctx, ctx.words[last]) + s.tail
    if gap and gap[1] > gap[0] and gap[0] <= end:
        end = min(end, gap[1])
    if said_until is not None:
        quiet = _silence_near(ctx, said_until, +1)
        end = max(end, min(said_until + s.tail, quiet[1]) if quiet else said_until + s.tail)
        last = len(ctx.words) - 1 - sum(1 for w in ctx.words[last + 1:] if (w.start + w.end) / 2 > end)
    if ctx.duration - end > MIN_CUT_S and (s.cut_head_tail or last < len(ctx.words) - 1):
        chatter = ctx.words[last + 1:]
        reason = "off_script" if chatter else "tail"
        detail = (f"after the script: “{words_text(chatter)}”" if chatter
                  else f"{ctx.duration - end:.1f} s after the last word")
        edits.append(Edit(round(end, 3), ctx.duration, "cut", reason, detail, 1.0,
                          tuple(range(last + 1, len(ctx.words)))))
    return edits
