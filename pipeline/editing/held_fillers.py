"""Fillers the transcript does not show as fillers, found by their held sound: between two
script words Whisper wrote next to each other (`unheard_fillers`), before a sentence's first
word (`opening_fillers`), under a script word the reading along the script laid over one
(`swallowed_fillers`), after a short word whose span Whisper ran on over one (`trailing_fillers`), and any
voiced sound at a sentence break that Whisper wrote no word for (`unworded_sounds`)."""

from __future__ import annotations

import numpy as np

from ..hearing import levels
from ..hearing.words import Word, ends_sentence
from .filler_sound import (ALONE_S, FILLER_GAP_S, FILLER_MAX_S, LATE_S, MOST_AROUND_S, OWN_SOUND_S, SHORTEST_S,
                           SQUEEZED_S, STEADY_UNHEARD, STRETCHED_S, TRUSTED_WORD_S, UNHEARD_MAX_S, UNHEARD_MIN_S,
                           around, denoised_view, steadiness, voiced, whole_sound)
from .fillers import PAUSE_BEFORE_S, letters, misheard_script
from ..script.align import normalise
from ..script.span import SIMILAR, sounds_like
from .rule import Context, Edit, MIN_CUT_S, aligned_around, keep_gap, opens_block, speech_frames, speech_runs

HEARD_WORD_S = 0.1             # corpus: a real "and" was cut when the next word held 0.06 s; at 0.15 a filler is missed


def _sound_in(ctx: Context, word: Word) -> float:
    """Seconds of speech inside the word's span."""
    a, b = int(word.start / levels.FRAME_S), int(np.ceil(word.end / levels.FRAME_S))
    return sum(e - s for s, e in speech_frames(ctx, a, b)) * levels.FRAME_S


def unheard_fillers(ctx: Context, first: int, last: int) -> list[Edit]:
    """Fillers Whisper did not write down: a short voiced sound, alone between silences,
    between two words that are next to each other in the script (so no script word is
    missing there), after the body of the first word and before the second one starts.

    Whisper sometimes gives a word a degenerate 20 ms span, spans that overlap, or a span
    over almost no sound (HEARD_WORD_S), far from the real sound; the real word would then
    look like an extra sound, so such neighbourhoods are left alone."""
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
        if _sound_in(ctx, after) < HEARD_WORD_S:
            continue                                   # the second word is timed off its sound: so may the run be
        runs = speech_runs(ctx, before.start, after.end + 0.3)
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
            if alone and inside and UNHEARD_MIN_S <= b - a <= UNHEARD_MAX_S and voiced(ctx, a, b) \
                    and steadiness(ctx, a, b) >= STEADY_UNHEARD:
                prev_end, next_start = runs[k - 1][1], runs[k + 1][0]
                a, b = whole_sound(ctx, a, b, (prev_end + a) / 2, (b + next_start) / 2)
                cut = around(prev_end, a, b, next_start, keep_gap(ctx, i, i + 1))
                if cut[1] - cut[0] > MIN_CUT_S:
                    edits.append(Edit(round(cut[0], 3), round(cut[1], 3), "cut", "filler",
                                      f"a sound between “{before.text}” and “{after.text}” that is not in the script",
                                      0.6))
    return edits


def _held_cut(ctx: Context, runs: list[tuple[float, float]], m: int, steady: float, reach_after: float,
              keep: float, detail: str) -> list[Edit]:
    """The cut that removes the sound runs[m] if it is voiced and held (`steady`), whole, with
    the silence around it but one pause of `keep` (taking at most MOST_AROUND_S of silence
    before it and `reach_after` after it); none if that is too short to cut."""
    a, b = runs[m]
    if not (voiced(ctx, a, b) and steadiness(ctx, a, b) >= steady):
        return []
    prev_end, next_start = max(runs[m - 1][1], a - MOST_AROUND_S), min(runs[m + 1][0], b + reach_after)
    a, b = whole_sound(ctx, a, b, (prev_end + a) / 2, (b + next_start) / 2)
    cut = around(prev_end, a, b, next_start, keep)
    if cut[1] - cut[0] <= MIN_CUT_S:
        return []
    return [Edit(round(cut[0], 3), round(cut[1], 3), "cut", "filler", detail, 0.6)]


OWN_ONSET_S = 0.1              # a one-vowel first word ("A") has its own sound this near Whisper's start
SHORTEST_OPENING = 3            # letters of a sentence's first word that cannot be an "uh" itself ("A", "I", "Or")


SHORTEST_UH_S = 0.14           # the corpus's shortest "uh"; after a pause, nothing else that short is held so steadily


STEADY_OPENING = 0.9            # measured on the corpus: 0.90 and 0.93 both cut the same fillers and no word


def opening_fillers(ctx: Context, first: int, last: int) -> list[Edit]:
    """Fillers that open a sentence, which Whisper does not write ("... weeks. [pause] uh,
    Nothing here needs a studio"): after a pause, a held voiced sound of a filler's length,
    a short silence, then the sentence's first word; where that word follows the one before it
    in the script, so nothing of the script is missing there, or is that script word misheard
    ("keep. [er] A pause" written "keep. Uh, pause": the "Uh," is the "A", the er unwritten).
    A first word that is one vowel ("A", "I") could be the held sound itself: only where a
    sound of its own starts where Whisper starts the word is the held sound before it cut."""
    if ctx.alignment is None:
        return []
    index, final = ctx.alignment.script_index, ctx.alignment.last
    edits = []
    for k in range(max(first, 1), last + 1):
        reads = final[k - 1] + 1 if index[k - 1] >= 0 else -1          # the script word words[k] should read
        misheard = index[k] < 0 <= reads and k + 1 < len(ctx.words) and index[k + 1] == reads + 1 \
            and misheard_script(ctx, k, k + 1)
        if reads < 0 or (index[k] != reads and not misheard) or not ctx.script:
            continue
        vowel = letters(ctx.script[reads]) < SHORTEST_OPENING
        runs = speech_runs(ctx, ctx.words[k - 1].start - LATE_S, ctx.words[k].end + 0.3, FILLER_GAP_S)
        for m in range(1, len(runs) - 1):
            a, b = runs[m]
            if a - runs[m - 1][1] < PAUSE_BEFORE_S or not SHORTEST_UH_S <= b - a <= UNHEARD_MAX_S:
                continue
            if not ctx.words[k].start - 0.6 <= a <= ctx.words[k].end or runs[m + 1][0] - b > PAUSE_BEFORE_S \
                    or b > ctx.words[k].start:
                continue
            if vowel and abs(runs[m + 1][0] - ctx.words[k].start) > OWN_ONSET_S:
                continue                             # "A", "I": the held sound may be the word itself
            edits += _held_cut(ctx, runs, m, STEADY_OPENING, float("inf"), keep_gap(ctx, k - 1, k),
                               f"a sound before “{ctx.script[reads] if misheard else ctx.words[k].text}” that is not in "
                               "the script")
            break
    return edits


SWALLOWED_P = 0.25              # a script word the forced reading is this unsure of may lie on a filler
OPENS_S = 0.15                  # how long after the word's start the filler's sound may begin
OPENS_EARLY_S = 0.25            # and how long before it (corpus: 0.17; 0.2 and 0.3 cut the same fillers)
OWN_AFTER_S = 0.4               # how soon after the word's span its own sound may start
STEADY_SWALLOWED = 0.85         # measured on the corpus: fillers under a script word 0.87 to 0.96
UNDER_A_WORD = "a sound under"  # how these cuts' details begin (edits.py: the word is kept)
SHORT_WORD_LETTERS = 3          # "the", "of", "and": said in about a tenth of a second
HELD_SHORT_S, STEADY_SHORT = 0.2, 0.9   # corpus: script words held this long and steady had 0.23 s of silence at most
HESITATION_S = 0.3              # silence around a filler, both sides together; around words read on, 0.27 at most


def _mid_phrase(ctx: Context, k: int) -> bool:
    """Whether script word k is read on from the word before it and into the one after: it
    neither opens a sentence nor ends at a punctuation mark, where a reader pauses anyway, nor
    a heading, which has no full stop (`opens_block`: "a sound under 'paid'", the last word of
    "What it paid", cut 0.39 s of it; held-out generation 7)."""
    return 0 < k < len(ctx.script) and ctx.script[k][-1:].isalnum() and ctx.script[k - 1][-1:].isalnum() \
        and not opens_block(ctx.script, k) and not opens_block(ctx.script, k + 1)


def _block_goes_on(ctx: Context, i: int) -> bool:
    """Whether the script word before words[i] is read in the same essay block: a heading
    has no full stop, so its last word and the next block's first look read on ("What it costs
    her [pause] About 8 per cent": the "Ab" of "About" was cut as a sound under it that was
    not the word, held-out corpus)."""
    j, m = aligned_around(ctx, i, i)                # a misheard word (`_reads`): the block of the word after
    return j >= 0 and m < len(ctx.words) and ctx.blocks[j] == ctx.blocks[m]


def swallowed_fillers(ctx: Context, first: int, last: int) -> list[Edit]:
    """Fillers the reading along the script laid a script word over ("every new [you know]
    space" with "space", p 0.00, on the "you know", its own sound after a pause): an unsure
    script word whose span opens on a held sound alone between silences, with more speech
    soon after it, where the word's own sound lies. A short word ("the", "of") may be one
    Whisper is sure of ("strays from the [er] page" with "the" on the "er", p 0.97, its own
    sound inside "from"): such a word is said in a tenth of a second, so a sound under it
    held for HELD_SHORT_S and steadier (STEADY_SHORT) is not the word. The span "opens" on the
    sound if the sound starts up to OPENS_S after the word's start (later, it may be the word
    itself after a consonant too soft to pass for speech) or up to OPENS_EARLY_S before it (a
    voiced sound before the word cannot be the word's own). A misheard script word (`_reads`)
    is taken for the script word where its span holds the sound and the start of the speech
    after it, with silences of ALONE_S at least either side of the sound: matched by its sound
    alone, a short word is often a wrong guess, and in noisy readings of the eval corpus sounds
    0.07 to 0.14 s from the next speech were cut out of words, and "that" (written "not",
    its span ending before the next word's sound) was cut whole."""
    if ctx.alignment is None:
        return []
    edits = []
    for i in range(max(first, 1), last + 1):
        word, reads, misheard = ctx.words[i], _reads(ctx, i), ctx.alignment.script_index[i] < 0
        sure = word.probability >= SWALLOWED_P and not misheard      # then only a short word, held longer than it takes
        if reads < 0 or (sure and letters(word.text) > SHORT_WORD_LETTERS) \
                or not _mid_phrase(ctx, reads) or not _block_goes_on(ctx, i):
            continue
        runs = speech_runs(ctx, ctx.words[i - 1].start, word.end + OWN_AFTER_S + 0.3, FILLER_GAP_S)
        for k in range(1, len(runs) - 1):
            a, b = runs[k]
            before, after = a - runs[k - 1][1], runs[k + 1][0] - b
            if not -OPENS_EARLY_S <= a - word.start <= OPENS_S \
                    or not (HELD_SHORT_S if sure else SHORTEST_S) <= b - a <= FILLER_MAX_S \
                    or runs[k + 1][0] > word.end + OWN_AFTER_S or before + after < HESITATION_S \
                    or (misheard and (min(before, after) < ALONE_S or runs[k + 1][0] >= word.end)):
                continue
            edits += _held_cut(ctx, runs, k, STEADY_SHORT if sure else STEADY_SWALLOWED, MOST_AROUND_S,
                               keep_gap(ctx, i - 1, i), f"{UNDER_A_WORD} “{word.text}” that is not the word")
            break
    return edits


MISSING_AROUND = 2              # script words missing around a misheard word; more, and a sound matches by chance


def _reads(ctx: Context, i: int) -> int:
    """The script word that words[i] reads: the one it is aligned to, or, for a word that is
    not, the script word missing where it lies that it sounds like ("gives [um] the recording"
    written "gives them a recording": "them", over the um and "the", is "the" misheard; its
    probability says nothing of the um, being that of another word), where at most
    MISSING_AROUND script words are missing ("fun" matched "in" among 11 missing words in a
    fan's noise, and the "fond" it was heard for was cut); -1 for neither."""
    index, final = ctx.alignment.script_index, ctx.alignment.last
    if index[i] >= 0:
        return index[i]
    j, m = aligned_around(ctx, i, i + 1)
    if j < 0 or m >= len(index) or index[m] - final[j] - 1 > MISSING_AROUND:
        return -1
    heard = normalise(ctx.words[i].text)
    return next((k for k in range(final[j] + 1, index[m]) if sounds_like(heard, normalise(ctx.script[k])) >= SIMILAR),
                -1)


def trailing_fillers(ctx: Context, first: int, last: int) -> list[Edit]:
    """Fillers after a short script word that Whisper ran the word's span on over ("It was the
    [er] best" with "the" from its own sound to the er's end, p 0.9): the word's own sound
    where its span starts, a hesitation's silence, a sound held as no short word is, and the
    next script word's sound, with no script word missing between the two."""
    if ctx.alignment is None:
        return []
    index, final, edits = ctx.alignment.script_index, ctx.alignment.last, []
    for i in range(max(first, 1), min(last, len(ctx.words) - 2) + 1):
        word, nxt = ctx.words[i], ctx.words[i + 1]
        if index[i] < 0 or index[i + 1] != final[i] + 1 or letters(word.text) > SHORT_WORD_LETTERS \
                or not _mid_phrase(ctx, index[i]) or ctx.blocks[i] != ctx.blocks[i + 1]:
            continue
        runs = speech_runs(ctx, word.start - LATE_S, nxt.end + 0.3, FILLER_GAP_S)
        own = next((m for m, (a, b) in enumerate(runs) if b > word.start), None)
        if own is None or runs[own][0] > word.start + OWN_SOUND_S or own + 2 >= len(runs):
            continue
        k = own + 1
        a, b = runs[k]
        before, after = a - runs[own][1], runs[k + 1][0] - b
        if a < word.end and SHORTEST_UH_S <= b - a <= UNHEARD_MAX_S and before + after >= HESITATION_S \
                and runs[k + 1][0] < nxt.end:
            edits += _held_cut(ctx, runs, k, STEADY_SHORT, MOST_AROUND_S, keep_gap(ctx, i, i + 1),
                               f"{UNDER_A_WORD} “{word.text}” that is not the word")
    return edits


ISOLATED_S = 0.2                # silence on both sides of a sound no word was written for
UNWORDED_MAX_S = 1.0            # corpus: such sounds at a sentence break were 0.21 to 0.28 s long


SQUEEZED_WORDS = 3              # how many words after a sentence break are looked at for one


def _squeezed(words: list[Word]) -> bool:
    """Whether Whisper timed these words late: it squeezed one of them into SQUEEZED_S, having
    laid the one before on its sound (LJ Speech: "Now, [pause] as all books" written as
    "Now," on "as", "as" 84.99-85.00 s, "all" 84.99-85.29 s; the real "Now," before it looked
    like a sound with no word and was cut as a filler). The first word's sound may then lie
    before its time."""
    return any(w.end - w.start <= SQUEEZED_S for w in words)


def unworded_sounds(ctx: Context, first: int, last: int, taken: list[Edit]) -> list[Edit]:
    """Sounds at a sentence break that Whisper wrote no word for: a word broken off and said
    again after a pause ("again. [Do] [pause] Do not patch the middle"), or a filler held too
    little for `opening_fillers` ("culprit. [er] The"): voiced, alone between silences of
    ISOLATED_S, after the last word of one sentence and before the first of the next, where
    nothing of the script is missing. Whisper's words do not cover it, so it is not a word
    timed off its sound; a breath is unvoiced and stays. On the three corpora every such sound
    was a filler or a false start (5 of 5); none of the sounds the cuts in `taken` remove is
    cut twice."""
    if ctx.alignment is None or not ctx.script:
        return []
    index, final, edits = ctx.alignment.script_index, ctx.alignment.last, []
    heard = denoised_view(ctx)
    for i in range(max(first, 0), min(last, len(ctx.words) - 1)):
        before, after = ctx.words[i], ctx.words[i + 1]
        if index[i] < 0 or index[i + 1] != final[i] + 1 \
                or not (ends_sentence(ctx.script[final[i]]) or ctx.blocks[i] != ctx.blocks[i + 1]) \
                or _squeezed(ctx.words[i + 1:i + 1 + SQUEEZED_WORDS]):
            continue
        runs = speech_runs(heard, before.start, after.end, FILLER_GAP_S)
        for k in range(1, len(runs) - 1):
            a, b = runs[k]
            if a < before.end or b > after.start or not SHORTEST_UH_S <= b - a <= UNWORDED_MAX_S \
                    or min(a - runs[k - 1][1], runs[k + 1][0] - b) < ISOLATED_S or not voiced(ctx, a, b) \
                    or any(e.start < b and a < e.end for e in taken):
                continue
            cut = around(runs[k - 1][1], a, b, runs[k + 1][0], keep_gap(ctx, i, i + 1))
            edits.append(Edit(round(cut[0], 3), round(cut[1], 3), "cut", "filler",
                              f"a sound before “{after.text}” that is not in the script (a filler, or a word "
                              "broken off and said again)", 0.6))
    return edits
