"""Fillers (um, uh, er, "you know") that Whisper wrote, as cuts placed on their sound; and what
every filler rule measures a sound by (`held_fillers` has the fillers only the signal shows)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..hearing import levels
from ..script.align import normalise
from ..script.span import SIMILAR, sound_key, sounds_like
from ..hearing.words import Word, ends_sentence
from .rule import Context, Edit, MIN_CUT_S, filler_phrases, filler_stand_ins, gap_before, keep_gap, speech_runs


FILLER_GAP_S = 0.04             # the shortest silence the corpus puts around a filler is 50 ms
FINEST_GAP_S = 0.025            # ... which 10 ms frames may show as 30 or 40 ms (an um's decay)
LATE_S = 0.5                    # how late Whisper may time the word before a filler ("I, um," both on the um)
SHORTEST_S = 0.1               # the corpus's shortest "uh" lasts 0.14 s; a shorter run is a click or a consonant
NEAR_S = 1.0                    # Whisper times a filler up to 0.6 s off its sound (eval corpus); farther is another sound
ONSET_S = 0.15                  # a word's sound starts this soon after Whisper's start (corpus: up to 0.1; an um it ran on, 0.19)


def _isolate(ctx: Context, prev: Word, word: Word, nxt: Word, steady: float,
             others: list[Word]) -> tuple[float, float, float, float] | None:
    """(end of the previous speech, filler start, filler end, start of the next speech) from the levels.

    Whisper times fillers badly (often 40 ms long, or shifted into the next word), so
    the filler is taken to be the voiced stretch after the previous word's sound and
    before the next word's, bounded by silence on both sides, nearest to where Whisper
    heard the filler and within NEAR_S of it, a held sound (`_steadiness` at least `steady`,
    lower for a phrase such as "you know") before any other.
    It ends before Whisper's next word does, not before that word starts: Whisper often hears
    the words after a filler one slot late ("gives, um, the" timed with "um" inside "gives"
    and "the" on the "um"), and speech must follow it in the window, which reaches 0.3 s
    past the next word. Where no sound starts the window, Whisper timed the previous word
    late too ("I, um," both on the um; "editor, um," with "editor," from the end of its sound
    on over the um): the window starts LATE_S earlier. Where no stretch is found at all, the
    filler may have run into the next word across a silence that 10 ms frames show as 30 or
    40 ms: the window is split at every dip over FINEST_GAP_S, and a held sound's length is
    asked of the stretch. Of the stretches found, a held one goes first; then one that lies
    mostly inside no other word's span (`others`, the words around the filler): Whisper
    often lays a filler beside its sound, over the held end of the word before ("page. [uh]"
    with "Uh," from the end of "page" to the uh's start) or over the word after; then one
    where Whisper heard the filler, before a steadier one beside it (a nasal that starts the
    next word is as steady).
    """
    def found(late: float, gap: float, shortest: float) -> tuple[list[tuple[float, float]], list[int], bool]:
        runs = speech_runs(ctx, prev.start - late, nxt.end + 0.3, gap)
        candidates = [i for i, (a, b) in enumerate(runs) if i > 0 and b < nxt.end and i + 1 < len(runs)
                      and a < word.end + NEAR_S and b > word.start - NEAR_S and b - a >= shortest
                      and not _sure_word_before(ctx, runs[i], word, prev)]
        return runs, candidates, bool(runs) and runs[0][0] < min(prev.end, prev.start + ONSET_S)

    runs, candidates, own = found(0.0, FILLER_GAP_S, SHORTEST_S)
    if not (candidates and own):             # the previous word's sound lies before its time
        runs, candidates, _ = found(LATE_S, FILLER_GAP_S, SHORTEST_S)
    if not candidates:                       # a filler run into the next word across 30-40 ms of silence
        runs, candidates, own = found(0.0, FINEST_GAP_S, UNHEARD_MIN_S)
        candidates = candidates if own else []
    if not candidates:
        return None
    centre = (word.start + word.end) / 2

    def held(i: int) -> bool:
        return held_sound(ctx, *runs[i], steady)
    def steadier(i: int) -> int:             # a filler is steadier than any word near it
        return -round(steadiness(ctx, *runs[i]) / STEADY_STEP)
    def on_word(i: int) -> bool:             # where Whisper heard it, where it says
        return runs[i][0] < word.end and runs[i][1] > word.start
    def claimed(i: int) -> bool:             # mostly inside another word's span: that word's sound
        return any(_mostly_in(runs[i], w) for w in others)
    best = min(candidates, key=lambda i: (not held(i), claimed(i), not on_word(i), steadier(i),
                                          abs((runs[i][0] + runs[i][1]) / 2 - centre)))
    return runs[best - 1][1], runs[best][0], runs[best][1], runs[best + 1][0]


FILLER_MAX_S = 0.9              # the longest "ummm" taken for one


NEIGHBOURS = 3                  # words either side of a filler whose spans may hold a sound near it


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
    filler is often timed one slot early, on the filler ("gives, um, the"), and is not asked."""
    onset = ctx.db[int(before.start / levels.FRAME_S): int((before.start + ONSET_S) / levels.FRAME_S)]
    return before.probability >= SURE_OF_WORD and before.end <= filler.start and bool((onset > ctx.threshold).any()) \
        and _mostly_in(run, before)


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


def _filler_spans(ctx: Context, first: int, last: int) -> list[tuple[int, int]]:
    """[i, j) word ranges that say a filler (a word such as "um", or a phrase such as "you
    know") where the script has nothing: none of their words is aligned."""
    phrases = sorted(filler_phrases(ctx), key=len, reverse=True)
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


def letters(text: str) -> int:
    """How many letters and digits a word has, punctuation left out ("Here," has 4)."""
    return len("".join(normalise(text)))


def _held_words(ctx: Context, first: int, last: int) -> list[tuple[int, int]]:
    """Fillers Whisper wrote as a short word ("er" as "Here", "um" as "on"): one unaligned
    word of a syllable (letters, not a number's digits) between two words that follow each
    other in the script, so nothing of the script is missing there, and not a script word
    said there ("when, when the" is a false start), after a word Whisper is sure of and
    before one it is sure of or finds likely; fillers() then keeps it only if its sound is held."""
    if ctx.alignment is None:
        return []
    index, final = ctx.alignment.script_index, ctx.alignment.last
    return [(i, i + 1) for i in range(max(first, 1), min(last, len(ctx.words) - 2) + 1)
            if index[i] < 0 and index[i + 1] >= 0
            and (index[i - 1] >= 0 and index[i + 1] == final[i - 1] + 1 and _trusted(ctx.words[i - 1])
                 or _misheard_before(ctx, i) or _opens_sentence(ctx, i))
            and 0 < letters(ctx.words[i].text) <= HELD_WORD_LETTERS and not _number(ctx.words[i].text)
            and not {sound_key(t) for t in normalise(ctx.words[i].text)} & _script_near(ctx, index[i + 1])
            and (_trusted(ctx.words[i + 1]) or ctx.words[i + 1].probability >= SURE)]


def _number(text: str) -> bool:
    """Whether Whisper wrote digits: a number's part ("$40 .00." for "forty dollars", the
    ".00." over the pause after it), never a held "er"."""
    return any(c.isdigit() for c in text)


def _misheard_before(ctx: Context, i: int) -> bool:
    """Whether the word before words[i] is the one script word missing there misheard, which
    Whisper is sure enough of, and sounds no more like it with words[i] ("recording trays [uh]
    from" for "recording strays [uh] from": "trays" is "strays", so nothing else of the script
    is missing; "flow her." for "flower." is one word, the "her." its end), where a sound
    starts after a silence inside words[i]'s span (the "uh" that Whisper wrote as "are")."""
    index, final = ctx.alignment.script_index, ctx.alignment.last
    if i < 2 or index[i - 1] >= 0 or index[i - 2] < 0 or not _trusted(ctx.words[i - 1]):
        return False
    word = ctx.words[i]
    runs = speech_runs(ctx, ctx.words[i - 1].start, word.end, FILLER_GAP_S)
    if not any(word.start - ONSET_S <= a < word.end for a, _ in runs[1:]):
        return False
    missing = list(ctx.script[final[i - 2] + 1: index[i + 1]])
    if len(missing) != 1:
        return False
    alone = sounds_like(normalise(ctx.words[i - 1].text), missing)
    return alone >= SIMILAR \
        and alone >= sounds_like(normalise(ctx.words[i - 1].text) + normalise(ctx.words[i].text), missing)


def _opens_sentence(ctx: Context, i: int) -> bool:
    """Whether words[i] follows a pause and comes before the first word of a sentence or of an
    essay block, a heading's end having no full stop (the words before it may be the last
    sentence misheard: "gives. [pause] Here, the listener" for "hears. [pause] er, The
    listener"; fillers() checks that it is not a misheard script word). The pause is the
    longer of Whisper's and the one the levels show before a sound inside the word's span:
    Whisper often runs the word before a pause on into it ("thought." ending 0.6 s after
    its sound). Where the sentence's own first words are what the script misses there ("episode.
    [pause] Yes, the rug" for "episode. PS: The rug", `_sentence_of`), the word may be them,
    and is no filler."""
    index, final = ctx.alignment.script_index, ctx.alignment.last
    k = index[i + 1]
    before = next((j for j in range(i - 1, -1, -1) if index[j] >= 0), None)
    unread = final[before] + 1 if before is not None else 0      # the first script word not yet read
    if unread < k and (unread == 0 or ends_sentence(ctx.script[unread - 1]) or unread <= _sentence_of(ctx, k) < k):
        return False
    new_block = before is None or ctx.blocks[before] != ctx.blocks[i + 1]
    quiet_from, quiet_to = gap_before(ctx, i)
    measured = quiet_to - quiet_from if quiet_to <= ctx.words[i].end - SHORTEST_S else 0.0
    return max(ctx.words[i].start - ctx.words[i - 1].end, measured) >= PAUSE_BEFORE_S \
        and (k == 0 or ends_sentence(ctx.script[k - 1]) or new_block)


def _sentence_of(ctx: Context, k: int) -> int:
    """The first script word of the sentence script word k is in ("PS:" for "The" in "PS: The
    choir"): where the words missing before a sentence's word include its first words, the
    word said there may be them misheard ("him. [pause] Yes, the cry" for "heard. PS: The
    choir", "heard." misheard too; held-out generation 6)."""
    while k > 0 and not ends_sentence(ctx.script[k - 1]):
        k -= 1
    return k


SURE = 0.5                      # a word this probable was said, however short the span Whisper gave it


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
    phrases = filler_phrases(ctx)
    heard = denoised_view(ctx)
    spans = _filler_spans(ctx, first, last)
    stand_ins = filler_stand_ins(ctx, spans)
    for i, j in spans:
        if (i, j) in stand_ins:
            continue
        prev, nxt = ctx.words[i - 1], ctx.words[j]
        word = Word(" ".join(w.text for w in ctx.words[i:j]), ctx.words[i].start, ctx.words[j - 1].end)
        named = tuple(normalise(word.text)) in phrases      # else a held sound Whisper wrote as a word
        guess = max(w.probability for w in ctx.words[i:j]) < HEARD_AT_ALL
        if misheard_script(ctx, i, j):
            continue
        bar = (STEADY_PHRASE if j - i > 1 else STEADY_HEARD) if named else STEADY_UNHEARD
        others = ctx.words[max(0, i - NEIGHBOURS):i] + ctx.words[j:j + NEIGHBOURS]
        found = _isolate(heard, prev, word, nxt, bar, others)
        if found is None:
            if not named or word.end - word.start < TRUSTED_WORD_S or word.start < prev.end - 0.02 or word.end > nxt.start + 0.02:
                continue                     # no sound of its own, and Whisper's span says nothing
            (prev_end, f_start, f_end, next_start), confidence = (prev.end, word.start, word.end, nxt.start), 0.5
        else:                                # a long pause either side is the pause rule's to shorten
            (prev_end, f_start, f_end, next_start), confidence = found, 0.9
            if j - i > 1 and f_end - f_start < PHRASE_MIN_S:
                continue                     # one syllable's sound, not the phrase's two
            prev_end, next_start = max(prev_end, f_start - MOST_AROUND_S), min(next_start, f_end + MOST_AROUND_S)
        if steadiness(ctx, f_start, f_end, not guess) < bar:
            continue                         # a word, not a held "um": Whisper's times point elsewhere
        f_start, f_end = whole_sound(heard, f_start, f_end, (prev_end + f_start) / 2, (f_end + next_start) / 2)
        a, b = around(prev_end, f_start, f_end, next_start, keep_gap(ctx, i - 1, j))
        if b - a > (f_end - f_start) + 2 * MOST_AROUND_S:
            continue                         # the words either side are far from it: their times are wrong
        if b - a > MIN_CUT_S:
            edits.append(Edit(round(a, 3), round(b, 3), "cut", "filler", f"“{word.text}”", confidence,
                              tuple(range(i, j))))
    return edits


def denoised_view(ctx: Context) -> Context:
    """ctx with the denoised audio's frame levels, where the room was denoised."""
    if ctx.pause_db is None:
        return ctx
    return replace(ctx, db=ctx.pause_db, threshold=levels.speech_threshold(ctx.pause_db),
                   floor=float(np.percentile(ctx.pause_db, 5)))


EXPLAINS = 0.1                  # how much better the missing words must sound with the filler than without


def misheard_script(ctx: Context, i: int, j: int) -> bool:
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


UNHEARD_MIN_S, UNHEARD_MAX_S, TRUSTED_WORD_S, ALONE_S = 0.18, 0.7, 0.12, 0.15


STRETCHED_S, OWN_SOUND_S = 0.6, 0.15  # a word Whisper stretched back over a sound, and its own sound


VOICED_ZCR = 0.2               # zero crossings per sample: vowels (um, uh) stay well below, an "s" above


STEADY_HEARD, STEADY_UNHEARD = 0.8, 0.88   # see _steadiness; measured on the corpus (eval/results.md)


STEADY_STEP = 0.05             # steadiness closer than this does not tell two sounds apart


PAUSE_BEFORE_S = 0.5           # a filler that opens a sentence follows a pause at least this long


PHRASE_MIN_S = 0.25             # two syllables at eight a second, a fast talker: the shortest "you know"


STEADY_PHRASE = 0.7             # "you know" is two words, less steady than an "um", steadier than most words


def steadiness(ctx: Context, a: float, b: float, denoised: bool = False) -> float:
    """levels.steadiness of the recording between a and b (1.0 without the samples); with
    `denoised`, of the denoised audio where the room was denoised. A noise that changes from
    frame to frame makes every sound less steady: at 10 dB SNR the eval corpora's fillers
    measured 0.61-0.91 in the recording, under the bars a clean room's fillers pass, and
    0.79-0.94 denoised. The denoiser smooths words too, so only a filler Whisper wrote is
    measured there, and only where Whisper heard it (p at least HEARD_AT_ALL: in a fan's noise
    it wrote "Um," at p 0.00 over "new host"); a sound Whisper wrote no word for
    (`held_fillers`) is measured as recorded. Which of two sounds is the steadier is asked of
    the recording (`_isolate`)."""
    samples = ctx.voice if denoised and ctx.voice is not None else ctx.samples
    return 1.0 if samples is None else levels.steadiness(samples, a, b)


def voiced(ctx: Context, a: float, b: float) -> bool:
    if ctx.samples is None:
        return True
    piece = np.asarray(ctx.samples[int(a * levels.RATE): int(b * levels.RATE)], dtype=np.float32)
    if piece.size < 2:
        return False
    return float(np.mean(np.signbit(piece[1:]) != np.signbit(piece[:-1]))) < VOICED_ZCR
