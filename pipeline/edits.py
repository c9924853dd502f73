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

from dataclasses import asdict, dataclass, field, replace
from typing import Literal

import numpy as np

from . import signal
from .align import Alignment, normalise
from .config import EditSettings
from .retakes import Retake
from .lost import lost_script, lost_words, unheard
from .repeats import TAKE_PAUSE_S
from .span import SIMILAR, Span, reading_span, sound_key, sounds_like
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
    words: tuple[int, ...] = ()           # transcript words it removes (by index), for review and captions

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

    def removed_words(self) -> set[int]:
        return {i for edit in self.edits for i in edit.words}

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
        edits = tuple(Edit(**{**e, "words": tuple(e.get("words", ()))}) for e in data["edits"])
        return cls(data["duration"], edits, tuple(data.get("warnings", ())))


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


def _shorten(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _words_text(words: list[Word]) -> str:
    return _shorten(" ".join(w.text for w in words))


def _speech_start(ctx: Context, word: Word) -> float:
    """Where the word's sound really begins (Whisper often starts words early or late)."""
    found = signal.speech_bounds(ctx.db, max(0.0, word.start - 0.3), word.end, ctx.threshold)
    return found[0] if found else word.start


def _speech_end(ctx: Context, word: Word) -> float:
    found = signal.speech_bounds(ctx.db, word.start, min(ctx.duration, word.end + 0.3), ctx.threshold)
    return found[1] if found else word.end


def script_span(ctx: Context, found: list[Retake] = ()) -> Span:
    """The first and last word of the reading proper, and the script words around it that
    were never heard (see span.py)."""
    if not ctx.settings.cut_off_script or ctx.alignment is None:
        return Span(0, len(ctx.words) - 1, (), ())
    retaken = frozenset(k for r in found for k in range(r.first, r.kept))
    return reading_span(ctx.words, ctx.alignment, ctx.script, lambda i: _gap_seconds(ctx, i), retaken)


def _gap_seconds(ctx: Context, i: int) -> float:
    a, b = _gap_before(ctx, i)
    return b - a


def _filler_phrases(ctx: Context) -> set[tuple[str, ...]]:
    """The settings' fillers as normalised words ("you know" is ("you", "know"))."""
    return {tuple(normalise(f)) for f in ctx.settings.fillers if normalise(f)}


def _is_filler(ctx: Context, i: int) -> bool:
    """Word i is a filler word of the settings that the script does not have there."""
    return (ctx.alignment is None or ctx.alignment.script_index[i] < 0) and \
        tuple(normalise(ctx.words[i].text)) in _filler_phrases(ctx)


def _past_fillers(ctx: Context, first: int, last: int) -> tuple[int, int]:
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


def head_and_tail(ctx: Context, first: int, last: int) -> list[Edit]:
    """Dead air and off-script chatter before the first and after the last kept word."""
    edits = []
    s = ctx.settings
    gap = _gap_before(ctx, first) if first > 0 else None
    if first > 0 and _is_filler(ctx, first - 1):      # "Um, I have": the silence right before "I"
        gap = _silence_near(ctx, _speech_start(ctx, ctx.words[first]), -1) or gap
    start = max(gap[0], gap[1] - s.head) if gap and gap[1] > gap[0] else _speech_start(ctx, ctx.words[first]) - s.head
    if start > MIN_CUT_S and (s.cut_head_tail or first > 0):
        chatter = ctx.words[:first]
        reason = "off_script" if chatter else "head"
        detail = f"before the script: “{_words_text(chatter)}”" if chatter else f"{start:.1f} s before the first word"
        edits.append(Edit(0.0, round(start, 3), "cut", reason, detail, 1.0, tuple(range(first))))
    gap = _gap_before(ctx, last + 1) if last + 1 < len(ctx.words) else None
    if last + 1 < len(ctx.words) and _is_filler(ctx, last + 1):
        gap = _silence_near(ctx, _speech_end(ctx, ctx.words[last]), +1) or gap
    end = _speech_end(ctx, ctx.words[last]) + s.tail
    if gap and gap[1] > gap[0] and gap[0] <= end:
        end = min(end, gap[1])
    if ctx.duration - end > MIN_CUT_S and (s.cut_head_tail or last < len(ctx.words) - 1):
        chatter = ctx.words[last + 1:]
        reason = "off_script" if chatter else "tail"
        detail = (f"after the script: “{_words_text(chatter)}”" if chatter
                  else f"{ctx.duration - end:.1f} s after the last word")
        edits.append(Edit(round(end, 3), ctx.duration, "cut", reason, detail, 1.0,
                          tuple(range(last + 1, len(ctx.words)))))
    return edits


def _keep_gap(ctx: Context, before: int | None, after: int | None) -> float:
    """How long a pause to leave: longer at a paragraph break."""
    s = ctx.settings
    if before is not None and after is not None and ctx.blocks[before] != ctx.blocks[after] >= 0:
        return s.paragraph_pause_to
    return s.pause_to


def pauses(ctx: Context, first: int, last: int) -> list[Edit]:
    """Silences longer than max_pause inside the reading, shortened (never removed). In a
    noisy room they are found in the denoised audio (`pause_db`): at 10 dB SNR the noise
    filled three of the four long pauses of the evaluation corpus's noisy readings above
    the speech threshold, so they were not seen; in the denoised copy all four were. Cuts
    at word edges still read the recording itself: the denoiser's near-silent stop
    closures drew retake and filler cuts into words (eval, 10 dB: script kept 99.5 % →
    99.3 %)."""
    s = ctx.settings
    lo, hi = ctx.words[first].start, ctx.words[last].end
    starts = np.array([w.start for w in ctx.words])
    edits = []
    db = ctx.db if ctx.pause_db is None else ctx.pause_db
    threshold = ctx.threshold if ctx.pause_db is None else signal.speech_threshold(db)
    for a, b in signal.silences(db, s.max_pause, threshold):
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
FILLER_GAP_S = 0.04             # the shortest silence the corpus puts around a filler is 50 ms
LATE_S = 0.5                    # how late Whisper may time the word before a filler ("I, um," both on the um)


def _speech_runs(ctx: Context, lo: float, hi: float, bridge: float = WITHIN_WORD_GAP_S) -> list[tuple[float, float]]:
    """Voiced stretches between lo and hi seconds (clipped to the window); dips shorter than
    `bridge` (by default a stop consonant's closure) are bridged, so one word is one run."""
    a, b = int(max(0, lo / signal.FRAME_S)), int(min(len(ctx.db), hi / signal.FRAME_S))
    mask = signal.speech_mask(ctx.db[a:b], ctx.threshold)
    runs: list[list[float]] = []
    for s, e in signal.runs_of(mask):
        start, end = (a + s) * signal.FRAME_S, (a + e) * signal.FRAME_S
        if runs and start - runs[-1][1] < bridge:
            runs[-1][1] = end
        else:
            runs.append([start, end])
    return [(r[0], r[1]) for r in runs]


def _isolate(ctx: Context, prev: Word, word: Word, nxt: Word) -> tuple[float, float, float, float] | None:
    """(end of the previous speech, filler start, filler end, start of the next speech) from the signal.

    Whisper times fillers badly (often 40 ms long, or shifted into the next word), so
    the filler is taken to be the voiced stretch after the previous word's sound and
    before the next word's, bounded by silence on both sides, nearest to where Whisper
    heard the filler, a held sound (`_steadiness`) before any other. It ends before Whisper's
    next word does, not before that word starts: Whisper often hears the words after a filler one slot late ("gives, um, the"
    timed with "um" inside "gives" and "the" on the "um"), and speech must follow it in
    the window, which reaches 0.3 s past the next word. Where no sound precedes it in the
    window, Whisper timed the previous word late too ("I, um," both on the um): the window
    starts LATE_S earlier.
    """
    for late in (0.0, LATE_S):               # the previous word's sound may lie before Whisper's time
        runs = _speech_runs(ctx, prev.start - late, nxt.end + 0.3, FILLER_GAP_S)
        candidates = [i for i, (a, b) in enumerate(runs) if i > 0 and b < nxt.end and i + 1 < len(runs)]
        if candidates:
            break
    if not candidates:
        return None
    centre = (word.start + word.end) / 2

    def held(i: int) -> bool:                # a held vowel or hum of a filler's length, not a word
        a, b = runs[i]
        return UNHEARD_MIN_S <= b - a <= FILLER_MAX_S and _steadiness(ctx, a, b) >= STEADY_HEARD
    def steadier(i: int) -> int:             # a filler is steadier than any word near it
        return -round(_steadiness(ctx, *runs[i]) / STEADY_STEP)
    best = min(candidates, key=lambda i: (not held(i), steadier(i), abs((runs[i][0] + runs[i][1]) / 2 - centre)))
    return runs[best - 1][1], runs[best][0], runs[best][1], runs[best + 1][0]


FILLER_MAX_S = 0.9              # the longest "ummm" taken for one
MOST_AROUND_S = 0.45           # silence a filler cut may take on either side of the filler
SOUND_ABOVE_FLOOR_DB = 6.0      # a filler's soft onset and decay, below the speech threshold, still heard


def _whole_sound(ctx: Context, a: float, b: float, lo: float, hi: float) -> tuple[float, float]:
    """[a, b] (a run above the speech threshold) widened to where the sound rises above the
    noise floor, but not past lo and hi (the sounds either side)."""
    level = ctx.floor + SOUND_ABOVE_FLOOR_DB
    first, last = int(a / signal.FRAME_S), int(b / signal.FRAME_S)
    stop_lo, stop_hi = int(np.ceil(lo / signal.FRAME_S)), min(len(ctx.db), int(hi / signal.FRAME_S))
    while first - 1 >= stop_lo and ctx.db[first - 1] > level:
        first -= 1
    while last < stop_hi and ctx.db[last] > level:
        last += 1
    return min(a, first * signal.FRAME_S), max(b, last * signal.FRAME_S)


def _around(prev_end: float, start: float, end: float, next_start: float, most: float) -> tuple[float, float]:
    """The cut that removes a sound at [start, end] and leaves one pause where it was: as long
    as the longer of the two silences around it (at most `most`), taken half from each side
    where each is long enough, else from the other. The cut always covers the whole sound."""
    before, after = max(0.0, start - prev_end), max(0.0, next_start - end)
    keep = min(max(before, after), most)
    keep_before = min(before, keep / 2) if after >= keep / 2 else min(before, keep - after)
    keep_after = min(after, keep - keep_before)
    return min(start, prev_end + keep_before), max(end, next_start - keep_after)


def _filler_spans(ctx: Context, first: int, last: int) -> list[tuple[int, int]]:
    """[i, j) word ranges that say a filler (a word such as "um", or a phrase such as "you
    know") where the script has nothing: none of their words is aligned."""
    phrases = sorted(_filler_phrases(ctx), key=len, reverse=True)
    if not phrases:
        return []
    spans, i = [], max(first, 1)
    while i <= min(last, len(ctx.words) - 2):
        said: list[str] = []
        for j in range(i + 1, min(len(ctx.words) - 1, last + 1) + 1):
            said += normalise(ctx.words[j - 1].text)
            off_script = ctx.alignment is None or all(ctx.alignment.script_index[k] < 0 for k in range(i, j))
            if not said or not off_script or len(said) > len(phrases[0]):
                break
            if tuple(said) in phrases:
                spans.append((i, j))
                i = j - 1
                break
        i += 1
    return sorted(set(spans) | set(_held_words(ctx, first, last)))


HELD_WORD_LETTERS = 4           # "Here", "air", "or", "on", "a": what Whisper writes for an "er" or "um"


def _held_words(ctx: Context, first: int, last: int) -> list[tuple[int, int]]:
    """Fillers Whisper wrote as a short word ("er" as "Here", "um" as "on"): one unaligned
    word of a syllable between two words that follow each other in the script, so nothing
    of the script is missing there, and not a script word said there ("when, when the" is a
    false start), between words Whisper is sure of; fillers() then keeps it only if its
    sound is held."""
    if ctx.alignment is None:
        return []
    index, final = ctx.alignment.script_index, ctx.alignment.last
    return [(i, i + 1) for i in range(max(first, 1), min(last, len(ctx.words) - 2) + 1)
            if index[i] < 0 and index[i - 1] >= 0 and index[i + 1] == final[i - 1] + 1
            and 0 < len("".join(normalise(ctx.words[i].text))) <= HELD_WORD_LETTERS
            and not {sound_key(t) for t in normalise(ctx.words[i].text)} & _script_near(ctx, index[i + 1])
            and _trusted(ctx.words[i - 1]) and _trusted(ctx.words[i + 1])]


HEARD_AT_ALL = 0.05             # a word below this probability is Whisper's guess ("Rule" in 0.12 s, p 0.0)


def _trusted(word: Word) -> bool:
    """A word whose time and text Whisper is sure enough of to say what is next to it."""
    return word.end - word.start >= TRUSTED_WORD_S and word.probability >= HEARD_AT_ALL


def _script_near(ctx: Context, k: int, reach: int = 2) -> set[str]:
    """How the script's words around script word k sound (span.sound_key)."""
    return {sound_key(t) for w in ctx.script[max(0, k - reach): k + reach] for t in normalise(w)}


def fillers(ctx: Context, first: int, last: int) -> list[Edit]:
    """Filler words and phrases (um, uh, you know, ...) that the script does not have there."""
    edits = []
    phrases = _filler_phrases(ctx)
    for i, j in _filler_spans(ctx, first, last):
        prev, nxt = ctx.words[i - 1], ctx.words[j]
        word = Word(" ".join(w.text for w in ctx.words[i:j]), ctx.words[i].start, ctx.words[j - 1].end)
        named = tuple(normalise(word.text)) in phrases      # else a held sound Whisper wrote as a word
        if _misheard_script(ctx, i, j):
            continue
        found = _isolate(ctx, prev, word, nxt)
        if found is None:
            if not named or word.end - word.start < TRUSTED_WORD_S or word.start < prev.end - 0.02 or word.end > nxt.start + 0.02:
                continue                     # no sound of its own, and Whisper's span says nothing
            (prev_end, f_start, f_end, next_start), confidence = (prev.end, word.start, word.end, nxt.start), 0.5
        else:                                # a long pause either side is the pause rule's to shorten
            (prev_end, f_start, f_end, next_start), confidence = found, 0.9
            prev_end, next_start = max(prev_end, f_start - MOST_AROUND_S), min(next_start, f_end + MOST_AROUND_S)
        bar = (STEADY_PHRASE if j - i > 1 else STEADY_HEARD) if named else STEADY_UNHEARD
        if _steadiness(ctx, f_start, f_end) < bar:
            continue                         # a word, not a held "um": Whisper's times point elsewhere
        f_start, f_end = _whole_sound(ctx, f_start, f_end, (prev_end + f_start) / 2, (f_end + next_start) / 2)
        a, b = _around(prev_end, f_start, f_end, next_start, _keep_gap(ctx, i - 1, j))
        if b - a > (f_end - f_start) + 2 * MOST_AROUND_S:
            continue                         # the words either side are far from it: their times are wrong
        if b - a > MIN_CUT_S:
            edits.append(Edit(round(a, 3), round(b, 3), "cut", "filler", f"“{word.text}”", confidence,
                              tuple(range(i, j))))
    return edits


EXPLAINS = 0.1                  # how much better the missing words must sound with the filler than without


def _misheard_script(ctx: Context, i: int, j: int) -> bool:
    """Whether words[i:j] may be script words Whisper misheard ("hums" written "Um", "a
    listener" written "at least you know"): script words are missing between the aligned
    words around them, and the unaligned words there sound like the missing ones, clearly
    better with these words than without them ("trays, uh" for "strays" is still a filler)."""
    if ctx.alignment is None:
        return False
    index, final = ctx.alignment.script_index, ctx.alignment.last
    k, m = i - 1, j
    while k >= 0 and index[k] < 0:
        k -= 1
    while m < len(ctx.words) and index[m] < 0:
        m += 1
    missing = list(ctx.script[(final[k] + 1 if k >= 0 else 0):(index[m] if m < len(ctx.words) else len(ctx.script))])
    if not missing or len(missing) > 2 * (m - k):
        return False
    def heard(skip: range) -> list[str]:
        return [w for n in range(k + 1, m) if n not in skip for w in normalise(ctx.words[n].text)]
    with_it, without = sounds_like(heard(range(0)), missing), sounds_like(heard(range(i, j)), missing)
    return with_it >= SIMILAR and with_it > without + EXPLAINS


def _gap_before(ctx: Context, i: int, until: float | None = None) -> tuple[float, float]:
    """The silence just before word i's sound: the longest one between the start of word
    i-1 and the end of word i (Whisper's times for either may be off by most of a second,
    but the pause between two words is longer than the pauses inside one), ending before
    `until` where given."""
    word, floor = ctx.words[i], ctx.words[i - 1].start if i > 0 else 0.0
    top = word.end if until is None else min(word.end, until)
    candidates = [(max(a, floor), min(b, top)) for a, b in ctx.quiet if b > floor and a < top]
    if not candidates:
        return word.start, word.start
    return max(candidates, key=lambda g: (round(g[1] - g[0], 2), g[1]))


def _cut_between(ctx: Context, first: int, kept: int) -> tuple[float, float]:
    """Remove words[first:kept], leaving one natural gap (at most pause_to) where they were."""
    g2 = _gap_before(ctx, kept)             # the words cut have their sound before this silence
    g1 = _gap_before(ctx, first, g2[0] - OWN_SOUND_S)
    keep = min(max(g1[1] - g1[0], g2[1] - g2[0]), _keep_gap(ctx, first - 1, kept))
    a = min(g1[0] + keep / 2, g1[1])
    b = max(g2[1] - keep / 2, g2[0])
    return a, b


def retakes(ctx: Context, found: list[Retake]) -> list[Edit]:
    """Earlier takes of a stretch of script, and the apology between: the last take stays."""
    edits = []
    for retake in found:
        kept = _take_start(ctx, retake.first, retake.kept)
        a, b = _cut_between(ctx, retake.first, kept)
        if b - a > MIN_CUT_S:
            text = " ".join(w.text for w in ctx.words[retake.first:kept])
            edits.append(Edit(round(a, 3), round(b, 3), "cut", "retake", f"earlier take: “{_shorten(text)}”",
                              0.9, tuple(range(retake.first, kept))))
    return edits


def _take_start(ctx: Context, first: int, kept: int) -> int:
    """Where the last take really begins: its first words may be misheard and so not aligned,
    and the word the alignment kept is then inside it. The take starts after the longest
    pause in the unaligned words before that word (later ones win a tie)."""
    index = ctx.alignment.script_index if ctx.alignment is not None else None
    best, best_gap, k = kept, _gap_seconds(ctx, kept), kept - 1
    if best_gap >= TAKE_PAUSE_S:
        return kept                          # it follows a pause: a take starts there
    while k > first and index is not None and index[k] < 0:
        gap = _gap_seconds(ctx, k)
        if gap > best_gap + 0.05:
            best, best_gap = k, gap
        k -= 1
    return best


def adlibs(ctx: Context, first: int, last: int, found: list[Retake]) -> list[Edit]:
    """Off-script talk inside the reading (kept unless cut_adlibs): runs of 3+ unaligned words."""
    if ctx.alignment is None:
        return []
    in_retake = {k for r in found for k in range(r.first, r.last + 1)}
    wanted = {w for f in ctx.settings.fillers for w in normalise(f)}
    edits, i = [], first
    while i <= last:
        if ctx.alignment.script_index[i] >= 0 or i in in_retake:
            i += 1
            continue
        j = i
        while j <= last and ctx.alignment.script_index[j] < 0 and j not in in_retake:
            j += 1
        run = ctx.words[i:j]
        talk = [w for w in run if not set(normalise(w.text)) <= wanted]
        if len(talk) >= 3 and j <= last:
            a, b = _cut_between(ctx, i, j)
            if b - a > MIN_CUT_S:
                edits.append(Edit(round(a, 3), round(b, 3), "cut", "off_script", f"ad-lib: “{_words_text(run)}”", 0.7,
                                  tuple(range(i, j))))
        i = j
    return edits


UNHEARD_MIN_S, UNHEARD_MAX_S, TRUSTED_WORD_S, ALONE_S = 0.18, 0.7, 0.12, 0.15
STRETCHED_S, OWN_SOUND_S = 0.6, 0.15  # a word Whisper stretched back over a sound, and its own sound
VOICED_ZCR = 0.2               # zero crossings per sample: vowels (um, uh) stay well below, an "s" above


STEADY_HEARD, STEADY_UNHEARD = 0.8, 0.88   # see _steadiness; measured on the corpus (eval/results.md)
STEADY_STEP = 0.05             # steadiness closer than this does not tell two sounds apart
STEADY_PHRASE = 0.7             # "you know" is two words, less steady than an "um", steadier than most words


def _steadiness(ctx: Context, a: float, b: float) -> float:
    """signal.steadiness of the recording between a and b (1.0 without the samples)."""
    return 1.0 if ctx.samples is None else signal.steadiness(ctx.samples, a, b)


def _voiced(ctx: Context, a: float, b: float) -> bool:
    if ctx.samples is None:
        return True
    piece = np.asarray(ctx.samples[int(a * signal.RATE): int(b * signal.RATE)], dtype=np.float32)
    if piece.size < 2:
        return False
    return float(np.mean(np.signbit(piece[1:]) != np.signbit(piece[:-1]))) < VOICED_ZCR


def unheard_fillers(ctx: Context, first: int, last: int) -> list[Edit]:
    """Fillers Whisper did not write down: a short voiced sound, alone between silences,
    between two words that are next to each other in the script (so no script word is
    missing there), after the body of the first word and before the second one starts.

    Whisper sometimes gives a word a degenerate 20 ms span, or spans that overlap, far
    from the real sound; the real word would then look like an extra sound, so such
    neighbourhoods are left alone."""
    if ctx.alignment is None:
        return []
    index, final = ctx.alignment.script_index, ctx.alignment.last
    edits = []
    for i in range(first, last):
        before, after = ctx.words[i], ctx.words[i + 1]
        if index[i] < 0 or index[i + 1] != final[i] + 1:
            continue
        if min(before.end - before.start, after.end - after.start) < TRUSTED_WORD_S:
            continue
        if (i > 0 and ctx.words[i - 1].end > before.start + 0.02) or \
                (i + 2 < len(ctx.words) and after.end > ctx.words[i + 2].start + 0.02):
            continue                                   # overlapping spans: Whisper lost track of time here
        runs = _speech_runs(ctx, before.start, after.end + 0.3)
        for k in range(1, len(runs) - 1):
            a, b = runs[k]
            alone = a - runs[k - 1][1] >= ALONE_S and runs[k + 1][0] - b >= ALONE_S
            # after the body of the first word, and before the second one's sound: where Whisper
            # put it, or where Whisper stretched the second word back over the extra sound (a
            # span of STRETCHED_S or more holding this run and, in its last part, the word's own)
            stretched = after.end - after.start >= STRETCHED_S and b <= after.end \
                and runs[k + 1][0] <= after.end - OWN_SOUND_S
            before_next = b <= after.start + 0.05 or stretched
            inside = before.start + 0.6 * (before.end - before.start) <= a and before_next
            if alone and inside and UNHEARD_MIN_S <= b - a <= UNHEARD_MAX_S and _voiced(ctx, a, b) \
                    and _steadiness(ctx, a, b) >= STEADY_UNHEARD:
                prev_end, next_start = runs[k - 1][1], runs[k + 1][0]
                a, b = _whole_sound(ctx, a, b, (prev_end + a) / 2, (b + next_start) / 2)
                cut = _around(prev_end, a, b, next_start, _keep_gap(ctx, i, i + 1))
                if cut[1] - cut[0] > MIN_CUT_S:
                    edits.append(Edit(round(cut[0], 3), round(cut[1], 3), "cut", "filler",
                                      f"a sound between “{before.text}” and “{after.text}” that is not in the script",
                                      0.6))
    return edits


PAUSE_BEFORE_S = 0.5           # a filler that opens a sentence follows a pause at least this long
SHORTEST_OPENING = 3            # letters of a sentence's first word that cannot be an "uh" itself ("A", "I", "Or")
STEADY_OPENING = 0.95           # steadier than inside a sentence: nothing of Whisper's says a filler is there


def opening_fillers(ctx: Context, first: int, last: int) -> list[Edit]:
    """Fillers that open a sentence, which Whisper does not write ("... weeks. [pause] uh,
    Nothing here needs a studio"): after a pause, a held voiced sound of a filler's length,
    a short silence, then the sentence's first word; where that word follows the one before it
    in the script, so nothing of the script is missing there. A first word that is one
    vowel ("A", "I") could be the held sound itself, and is left alone."""
    if ctx.alignment is None:
        return []
    index, final = ctx.alignment.script_index, ctx.alignment.last
    edits = []
    for k in range(max(first, 1), last + 1):
        if index[k] < 0 or index[k - 1] < 0 or index[k] != final[k - 1] + 1:
            continue
        if not ctx.script or len("".join(normalise(ctx.script[index[k]]))) < SHORTEST_OPENING:
            continue
        runs = _speech_runs(ctx, ctx.words[k - 1].start, ctx.words[k].end + 0.3, FILLER_GAP_S)
        for m in range(1, len(runs) - 1):
            a, b = runs[m]
            if a - runs[m - 1][1] < PAUSE_BEFORE_S or not UNHEARD_MIN_S <= b - a <= UNHEARD_MAX_S:
                continue
            if not ctx.words[k].start - 0.6 <= a <= ctx.words[k].end or runs[m + 1][0] - b > PAUSE_BEFORE_S:
                continue
            if _voiced(ctx, a, b) and _steadiness(ctx, a, b) >= STEADY_OPENING:
                prev_end, next_start = max(runs[m - 1][1], a - MOST_AROUND_S), runs[m + 1][0]
                a, b = _whole_sound(ctx, a, b, (prev_end + a) / 2, (b + next_start) / 2)
                cut = _around(prev_end, a, b, next_start, _keep_gap(ctx, k - 1, k))
                if cut[1] - cut[0] > MIN_CUT_S:
                    edits.append(Edit(round(cut[0], 3), round(cut[1], 3), "cut", "filler",
                                      f"a sound before “{ctx.words[k].text}” that is not in the script", 0.6))
            break
    return edits


def _snap(ctx: Context, edit: Edit) -> Edit:
    """Move both ends onto the quietest 10 ms within 40 ms, so splices fall in silence."""
    a = edit.start if edit.start <= 0 else signal.quietest(ctx.db, edit.start - 0.04, edit.start + 0.04, edit.start)
    b = ctx.duration if edit.end >= ctx.duration - 0.002 else \
        signal.quietest(ctx.db, edit.end - 0.04, edit.end + 0.04, edit.end)
    return Edit(round(a, 3), b if b == ctx.duration else round(b, 3), edit.action, edit.reason, edit.detail,
                edit.confidence, edit.words)


def _as_heard(ctx: Context) -> list[Word]:
    """The words with their times narrowed to the speech inside them: Whisper stretches a
    word over the pause after it ("week." to the next sentence, or into its first sound),
    and a cut in that pause must not count as cutting the word."""
    out, mask = [], signal.speech_mask(ctx.db, ctx.threshold)      # once for the file, not once a word
    for word in ctx.words:
        a, b = int(word.start / signal.FRAME_S), int(np.ceil(word.end / signal.FRAME_S))
        found = signal.islands(mask[a:b], OWN_SOUND_S) if b > a else []
        if found:                    # the longest stretch of sound in the span is the word's own
            s, e = max(found, key=lambda r: r[1] - r[0])
            word = replace(word, start=(a + s) * signal.FRAME_S, end=(a + e) * signal.FRAME_S)
        out.append(word)
    return out


def _keep_unique_script(edits: list[Edit], words: list[Word], alignment: Alignment | None, script: tuple[str, ...],
                        warnings: list[str]) -> tuple[list[Edit], list[str]]:
    """A retake or ad-lib cut that would take the only reading of script words was a wrong
    guess (a misheard phrase looks like a false start): it is not made, and the host is told."""
    kept = []
    for edit in edits:
        if edit.reason in ("retake", "off_script") and 0 < edit.start and edit.end < words[-1].end:
            lost = lost_words(words, alignment, script, [(edit.start, edit.end)])
            if lost:
                warnings = warnings + [f"not cut ({edit.reason.replace('_', ' ')} at {edit.start:.1f} s): it holds "
                                       f"“{lost[0][0]}”, read nowhere else"]
                continue
        kept.append(edit)
    return kept, warnings


def plan(words: list[Word], alignment: Alignment | None, blocks: list[int], audio_db: np.ndarray,
         duration: float, settings: EditSettings, warnings: list[str] | None = None,
         found_retakes: list[Retake] | None = None, script: tuple[str, ...] = (),
         samples: np.ndarray | None = None, pause_db: np.ndarray | None = None) -> EditList:
    """Plan every automatic edit of one recording (`pause_db`: see `pauses`)."""
    warnings = list(warnings or [])
    if not words:
        warnings.append("no speech was recognised; nothing was cut")
        return EditList(duration, (), tuple(warnings))
    threshold = signal.speech_threshold(audio_db)
    floor = float(np.percentile(audio_db, 5)) if audio_db.size else -120.0
    ctx = Context(words, alignment, audio_db, settings, duration, threshold, blocks,
                  signal.silences(audio_db, 0.06, threshold), tuple(script), samples, floor, pause_db)
    span = script_span(ctx, found_retakes or [])
    first, last = _past_fillers(ctx, span.first, span.last)
    found = [r for r in (found_retakes or []) if first < r.first and r.kept <= last] if alignment else []
    edits = head_and_tail(ctx, first, last)
    if first > 0:
        warnings += unheard(span.unread_head, "start")
    if last < len(words) - 1:
        warnings += unheard(span.unread_tail, "end")
    if settings.cut_retakes:
        edits += retakes(ctx, found)
    if settings.cut_adlibs:
        edits += adlibs(ctx, first, last, found if settings.cut_retakes else [])
    if settings.cut_pauses:
        edits += pauses(ctx, first, last)
    if settings.cut_fillers:
        edits += fillers(ctx, first, last)
        edits += unheard_fillers(ctx, first, last)
        edits += opening_fillers(ctx, first, last)
    edits = [_snap(ctx, e) for e in edits]
    edits = [e for e in edits if e.end - e.start >= MIN_CUT_S]
    heard = _as_heard(ctx)
    edits, warnings = _keep_unique_script(edits, heard, alignment, tuple(script), warnings)
    edits.sort(key=lambda e: (e.start, REASON_ORDER.index(e.reason)))
    removed = EditList(duration, tuple(e for e in edits if e.action == "cut")).cuts()
    warnings += lost_script(heard, alignment, tuple(script), removed)
    return EditList(duration, tuple(edits), tuple(warnings))
