"""Where a filler's sound lies, and what every filler rule measures a sound by: how steady
and voiced it is, the whole of it above the noise floor, the cut that takes it with one pause
left, and (`isolate`) the stretch of sound a filler Whisper wrote stands for, near where it
wrote it. `fillers` decides which written words are fillers; `held_fillers` finds those only
the signal shows."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..hearing import levels
from ..hearing.words import Word
from .rule import Context, bridged, speech_runs


FILLER_GAP_S = 0.04             # the shortest silence the corpus puts around a filler is 50 ms


FINEST_GAP_S = 0.025            # ... which 10 ms frames may show as 30 or 40 ms (an um's decay)


LATE_S = 0.5                    # how late Whisper may time the word before a filler ("I, um," both on the um)


SHORTEST_S = 0.1               # the corpus's shortest "uh" lasts 0.14 s; a shorter run is a click or a consonant


NEAR_S = 1.0                    # Whisper times a filler up to 0.6 s off its sound (eval corpus); farther is another sound


ONSET_S = 0.15                  # a word's sound starts this soon after Whisper's start (corpus: up to 0.1; an um it ran on, 0.19)


def isolate(ctx: Context, prev: Word, word: Word, nxt: Word, steady: float,
             others: list[Word]) -> tuple[float, float, float, float] | None:
    """(end of the previous speech, filler start, filler end, start of the next speech) from the levels.

    Whisper times fillers badly (often 40 ms long, or shifted into the next word), so the
    filler is taken to be the voiced stretch after the previous word's sound and before the
    next word's, bounded by silence on both sides, within NEAR_S of where Whisper heard it.
    It ends before Whisper's next word does, not before that word starts: Whisper often hears
    the words after a filler one slot late ("gives, um, the" timed with "um" inside "gives"
    and "the" on the "um"), and speech must follow it in the window, which reaches 0.3 s
    past the next word. Where no sound starts the window, Whisper timed the previous word
    late too ("I, um," both on the um; "editor, um," with "editor," from the end of its sound
    on over the um), or squeezed it onto the filler's start (`trusted`: "PS: The [you know]"
    written "the, you know," with "the," in 60 ms, p 0.11): the window starts LATE_S earlier.
    Where no stretch is found at all, the filler may have run into the next word across a
    silence that 10 ms frames show as 30 or 40 ms: the window is split at every dip over
    FINEST_GAP_S, and a held sound's length is asked of the stretch. Of the stretches found,
    a held one goes first; then one that lies mostly inside no other word's span (`others`,
    the words around the filler): Whisper often lays a filler beside its sound, over the held
    end of the word before ("page. [uh]" with "Uh," from the end of "page" to the uh's start)
    or over the word after; then one not hemmed in by the sound after it (a held syllable 50
    ms before the rest of its word: "room at, [er] uh, makes" with "uh," on the "ma" of
    "makes"). Of those left, only the steadiest and any within CLEAR_MARGIN of it stay ("64,
    [uh, 0.96] words," with "uh," written on "words", 0.84: the cut took "wor"; held-out
    generation 7); then one where Whisper heard the filler, before a steadier one beside it
    (a nasal that starts the next word is as steady).
    """
    def found(late: float, gap: float, shortest: float) -> tuple[list[tuple[float, float]], list[int], bool]:
        runs = speech_runs(ctx, prev.start - late, nxt.end + 0.3, gap)
        candidates = [i for i, (a, b) in enumerate(runs) if i > 0 and b < nxt.end and i + 1 < len(runs)
                      and a < word.end + NEAR_S and b > word.start - NEAR_S and b - a >= shortest
                      and not _sure_word_before(ctx, runs[i], word, prev)]
        return runs, candidates, bool(runs) and runs[0][0] < min(prev.end, prev.start + ONSET_S)

    runs, candidates, own = found(0.0, FILLER_GAP_S, SHORTEST_S)
    if not (candidates and own) or not trusted(prev):   # the previous word's sound lies before its time
        runs, candidates, _ = found(LATE_S, FILLER_GAP_S, SHORTEST_S)
    if not candidates:                       # a filler run into the next word across 30-40 ms of silence
        runs, candidates, own = found(0.0, FINEST_GAP_S, UNHEARD_MIN_S)
        candidates = candidates if own else []
    if not candidates:
        return None
    centre = (word.start + word.end) / 2

    def held(i: int) -> bool:
        return held_sound(ctx, *runs[i], steady)
    def claimed(i: int) -> bool:             # mostly inside another word's span: that word's sound
        return any(_mostly_in(runs[i], w) for w in others)
    def hemmed(i: int) -> bool:              # barely apart from the sound after it: a syllable of a word
        return runs[i + 1][0] - runs[i][1] < 1.5 * FILLER_GAP_S
    def steadier(i: int) -> int:             # a filler is steadier than any word near it
        return -round(sound[i] / STEADY_STEP)
    def on_word(i: int) -> bool:             # where Whisper heard it, where it says
        return runs[i][0] < word.end and runs[i][1] > word.start
    rank = {i: (not held(i), claimed(i), hemmed(i)) for i in candidates}
    sound = {i: steadiness(ctx, *runs[i]) for i in candidates if rank[i] == min(rank.values())}
    tier = [i for i in sound if sound[i] >= max(sound.values()) - CLEAR_MARGIN]
    best = min(tier, key=lambda i: (not on_word(i), steadier(i), abs((runs[i][0] + runs[i][1]) / 2 - centre)))
    return runs[best - 1][1], runs[best][0], runs[best][1], runs[best + 1][0]


FILLER_MAX_S = 0.9              # the longest "ummm" taken for one


SURE_OF_WORD = 0.9              # a neighbour Whisper heard this surely is where it says


def held_sound(ctx: Context, a: float, b: float, steady: float) -> bool:
    """Whether the sound from a to b is a held vowel or hum of a filler's length, at least
    `steady`: a filler's sound, not a word's."""
    return UNHEARD_MIN_S <= b - a <= FILLER_MAX_S and steadiness(ctx, a, b) >= steady


def _sure_word_before(ctx: Context, run: tuple[float, float], filler: Word, before: Word) -> bool:
    """Whether a stretch of sound lies mostly in the span of the word before the filler, a
    word Whisper is sure of (p SURE_OF_WORD), timed apart from the filler and on its own sound
    (sound within ONSET_S of its start): that word's sound, not the filler's. Held-out
    corpus: "keep, [0.4 s] uh," (the "uh" a misheard "A") cut the "ee" of "keep"; "£1 .40.
    [0.8 s] Umm," in a fan's noise cut the end of "forty", steadier there than the um. A word
    whose span starts in silence was timed late, over the filler ("editor," from the end of
    its sound on, the um inside it), and where Whisper laid the filler into the word's span
    ("I, um," both on the um) the word may hold the filler's sound too. The word after a
    filler is often timed one slot early, on the filler ("gives, um, the"), and is not asked.
    Nor is a word whose own sound ends in a silence of ALONE_S before the stretch: no word is
    silent that long inside, so Whisper ran its span on over the pause and the filler after it
    ("Listen to, [0.38 s] [um]" with "to," over both, p 0.95; "The editor [0.18 s] [um]" written
    "term," from the end of "editor" on, p 0.91: both fillers were kept)."""
    own = bridged(speech_runs(ctx, before.start, run[1], FILLER_GAP_S), ALONE_S)
    return before.probability >= SURE_OF_WORD and before.end <= filler.start and bool(own) \
        and own[0][0] < before.start + ONSET_S and own[0][1] >= run[1] - levels.FRAME_S and _mostly_in(run, before)


def _mostly_in(run: tuple[float, float], word: Word) -> bool:
    """Whether more than half of a stretch of sound lies in the word's span."""
    a, b = run
    return min(b, word.end) - max(a, word.start) > (b - a) / 2


MOST_AROUND_S = 0.45           # silence a filler cut may take on either side of the filler


SOUND_ABOVE_FLOOR_DB = 6.0      # a filler's soft onset and decay, below the speech threshold, still heard


def whole_sound(ctx: Context, a: float, b: float, lo: float, hi: float) -> tuple[float, float]:
    """[a, b] (a run above the speech threshold) widened to where the sound rises above the
    noise floor, but not past lo and hi (the sounds either side)."""
    level = ctx.floor + SOUND_ABOVE_FLOOR_DB
    first, last = int(a / levels.FRAME_S), int(b / levels.FRAME_S)
    stop_lo, stop_hi = int(np.ceil(lo / levels.FRAME_S)), min(len(ctx.db), int(hi / levels.FRAME_S))
    while first - 1 >= stop_lo and ctx.db[first - 1] > level:
        first -= 1
    while last < stop_hi and ctx.db[last] > level:
        last += 1
    return min(a, first * levels.FRAME_S), max(b, last * levels.FRAME_S)


def around(prev_end: float, start: float, end: float, next_start: float, most: float) -> tuple[float, float]:
    """The cut that removes a sound at [start, end] and leaves one pause where it was: as long
    as the longer of the two silences around it (at most `most`), taken half from each side
    where each is long enough, else from the other. The cut always covers the whole sound."""
    before, after = max(0.0, start - prev_end), max(0.0, next_start - end)
    keep = min(max(before, after), most)
    keep_before = min(before, keep / 2) if after >= keep / 2 else min(before, keep - after)
    keep_after = min(after, keep - keep_before)
    return min(start, prev_end + keep_before), max(end, next_start - keep_after)


HEARD_AT_ALL = 0.05             # a word below this probability is Whisper's guess ("Rule" in 0.12 s, p 0.0)


def trusted(word: Word) -> bool:
    """A word whose time and text Whisper is sure enough of to say what is next to it."""
    return word.end - word.start >= TRUSTED_WORD_S and word.probability >= HEARD_AT_ALL


def denoised_view(ctx: Context) -> Context:
    """ctx with the denoised audio's frame levels, where the room was denoised."""
    if ctx.pause_db is None:
        return ctx
    return replace(ctx, db=ctx.pause_db, threshold=levels.speech_threshold(ctx.pause_db),
                   floor=float(np.percentile(ctx.pause_db, 5)))


UNHEARD_MIN_S, UNHEARD_MAX_S, TRUSTED_WORD_S, ALONE_S = 0.18, 0.7, 0.12, 0.15


SQUEEZED_S = 0.02               # a span no word fits in: Whisper put there a word it had no room for


STRETCHED_S, OWN_SOUND_S = 0.6, 0.15  # a word Whisper stretched back over a sound, and its own sound


VOICED_ZCR = 0.2               # zero crossings per sample: vowels (um, uh) stay well below, an "s" above


STEADY_HEARD, STEADY_UNHEARD = 0.8, 0.88   # see steadiness; measured on the corpus (eval/results.md)


STEADY_STEP = 0.05             # steadiness closer than this does not tell two sounds apart


CLEAR_MARGIN = 0.1             # steadier by this much: the filler's sound, wherever Whisper wrote it


def steadiness(ctx: Context, a: float, b: float, denoised: bool = False) -> float:
    """levels.steadiness of the recording between a and b (1.0 without the samples); with
    `denoised`, of the denoised audio where the room was denoised. A noise that changes from
    frame to frame makes every sound less steady: at 10 dB SNR the eval corpora's fillers
    measured 0.61-0.91 in the recording, under the bars a clean room's fillers pass, and
    0.79-0.94 denoised. The denoiser smooths words too, so only a filler Whisper wrote is
    measured there, and only where Whisper heard it (p at least HEARD_AT_ALL: in a fan's noise
    it wrote "Um," at p 0.00 over "new host"); a sound Whisper wrote no word for
    (`held_fillers`) is measured as recorded. Which of two sounds is the steadier is asked of
    the recording (`isolate`)."""
    samples = ctx.voice if denoised and ctx.voice is not None else ctx.samples
    return 1.0 if samples is None else levels.steadiness(samples, a, b)


def voiced(ctx: Context, a: float, b: float) -> bool:
    if ctx.samples is None:
        return True
    piece = np.asarray(ctx.samples[int(a * levels.RATE): int(b * levels.RATE)], dtype=np.float32)
    if piece.size < 2:
        return False
    return float(np.mean(np.signbit(piece[1:]) != np.signbit(piece[:-1]))) < VOICED_ZCR
