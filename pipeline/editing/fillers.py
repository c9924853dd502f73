"""Fillers (um, uh, er, "you know") that Whisper wrote: which written words are fillers
where the script has nothing (a filler word, or a short word for a held "er"), as cuts placed
on their sound (`filler_sound`; `held_fillers` has the fillers only the signal shows)."""

from __future__ import annotations

from ..script.align import normalise
from ..script.span import SIMILAR, sound_key, sounds_like
from ..hearing.words import Word, ends_sentence
from .filler_sound import (FILLER_GAP_S, FILLER_MAX_S, HEARD_AT_ALL, MOST_AROUND_S, ONSET_S, SHORTEST_S, STEADY_HEARD,
                           STEADY_UNHEARD, TRUSTED_WORD_S, around, denoised_view, isolate, steadiness, trusted,
                           whole_sound)
from .rule import (Context, Edit, MIN_CUT_S, aligned_around, filler_phrases, filler_stand_ins, gap_before, keep_gap, opens_block,
                   speech_runs)


NEIGHBOURS = 3                  # words either side of a filler whose spans may hold a sound near it


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
            and (index[i - 1] >= 0 and index[i + 1] == final[i - 1] + 1 and trusted(ctx.words[i - 1])
                 or _misheard_before(ctx, i) or _opens_sentence(ctx, i))
            and 0 < letters(ctx.words[i].text) <= HELD_WORD_LETTERS and not _number(ctx.words[i].text)
            and not {sound_key(t) for t in normalise(ctx.words[i].text)} & _script_near(ctx, index[i + 1])
            and (trusted(ctx.words[i + 1]) or ctx.words[i + 1].probability >= SURE)]


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
    if i < 2 or index[i - 1] >= 0 or index[i - 2] < 0 or not trusted(ctx.words[i - 1]):
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
    choir", "heard." misheard too; held-out generation 6), or the essay block after a heading
    (`opens_block`: "cares. [pause] The microphone" for "hears A microphone", "A" misheard;
    held-out generation 7)."""
    while k > 0 and not ends_sentence(ctx.script[k - 1]) and not opens_block(ctx.script, k):
        k -= 1
    return k


SURE = 0.5                      # a word this probable was said, however short the span Whisper gave it


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
        found = isolate(heard, prev, word, nxt, bar, others)
        if found is None:
            if not named or word.end - word.start < TRUSTED_WORD_S or word.start < prev.end - 0.02 or word.end > nxt.start + 0.02:
                continue                     # no sound of its own, and Whisper's span says nothing
            (prev_end, f_start, f_end, next_start), confidence = (prev.end, word.start, word.end, nxt.start), 0.5
        else:                                # a long pause either side is the pause rule's to shorten
            (prev_end, f_start, f_end, next_start), confidence = found, 0.9
            if f_end - f_start > FILLER_MAX_S or (j - i > 1 and f_end - f_start < PHRASE_MIN_S):
                continue                     # words run on, or one syllable's sound: not the phrase's two
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


EXPLAINS = 0.1                  # how much better the missing words must sound with the filler than without


def misheard_script(ctx: Context, i: int, j: int) -> bool:
    """Whether words[i:j] may be script words Whisper misheard ("hums" written "Um", "a
    listener" written "at least you know"): script words are missing between the aligned
    words around them, and the unaligned words there sound like the missing ones, clearly
    better with these words than without them ("trays, uh" for "strays" is still a filler)."""
    if ctx.alignment is None:
        return False
    index, final = ctx.alignment.script_index, ctx.alignment.last
    k, m = aligned_around(ctx, i, j)
    missing = list(ctx.script[(final[k] + 1 if k >= 0 else 0):(index[m] if m < len(ctx.words) else len(ctx.script))])
    if not missing or len(missing) > 2 * (m - k):
        return False
    def heard(skip: range) -> list[str]:
        return [w for n in range(k + 1, m) if n not in skip for w in normalise(ctx.words[n].text)]
    with_it, without = sounds_like(heard(range(0)), missing), sounds_like(heard(range(i, j)), missing)
    return with_it >= SIMILAR and with_it > without + EXPLAINS


PAUSE_BEFORE_S = 0.5           # a filler that opens a sentence follows a pause at least this long


PHRASE_MIN_S = 0.25             # two syllables at eight a second, a fast talker: the shortest "you know"


STEADY_PHRASE = 0.7             # "you know" is two words, less steady than an "um", steadier than most words
