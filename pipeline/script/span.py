"""Where the reading proper begins and ends: the first and the last word that reads the script.

What lies before and after is cut as chatter ("okay, recording now"), so this decides what
the listener may lose. Three things are script, not chatter, even where no word aligned:

- words that read script words not heard anywhere else (a misheard ending; `_extend`);
- the rest of a stretch of speech that runs on, without a pause, into aligned words: a
  sentence whose first half Whisper misheard is still one sentence;
- a stretch of speech, before or after, that sounds like the script words not yet heard
  (`sounds_like`, a comparison of consonant skeletons), or that Whisper itself was unsure
  of (mean word probability under `UNSURE`) while no longer than those words would take.

Chatter is what is clearly heard and is not the script; when in doubt, the words stay.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..hearing import levels
from .align import Alignment, expand, normalise
from ..hearing.words import Word

RUN = 3                    # words in a row read along the script that say where the reading is
OPENING_RUN = 2            # as many, where they are the essay's very first words
ISLAND_PAUSE_S = 0.35      # a pause at least this long separates two things said
SIMILAR = 0.55             # sounds_like ratio from which a stretch is taken for the script
UNSURE = 0.45              # mean word probability under which Whisper did not really hear it
WORDS_PER_S = 2.5          # a slow reading's pace, for "no longer than those words would take"


@dataclass(frozen=True)
class Span:
    first: int                     # first word of the reading proper
    last: int                      # last word (inclusive)
    unread_head: tuple[str, ...]   # script words before it that were never heard
    unread_tail: tuple[str, ...]   # and after it


def sound_key(text: str) -> str:
    """A word's consonant skeleton: voiced and unvoiced pairs joined, vowels collapsed, so
    that a mishearing ("grendmuther", "grandmother") keeps most of it."""
    t = re.sub(r"[^a-z]", "", text.lower())
    for a, b in (("ph", "f"), ("th", "t"), ("sh", "s"), ("ch", "k"), ("ck", "k"), ("qu", "kw"), ("wh", "w"),
                 ("gh", "g"), ("kn", "n"), ("wr", "r")):
        t = t.replace(a, b)
    t = t.translate(str.maketrans("bdgvzcqjxw", "ptkfskkssu"))
    t = re.sub(r"[aeiouy]+", "a", t)
    return re.sub(r"(.)\1+", r"\1", t)


def sounds_like(heard: list[str], script: list[str]) -> float:
    """How much the heard words sound like the script words (0-1)."""
    a, b = "".join(sound_key(w) for w in heard), "".join(sound_key(w) for w in script)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def _tokens(texts) -> list[str]:
    return expand(list(texts))[0]


def _islands(words: list[Word], first: int, last: int, step: int, gap_before: Callable[[int], float]):
    """Word index ranges [a, b] beyond `first` (step -1) or `last` (+1), one per stretch of
    speech between pauses, nearest first."""
    k = first - 1 if step < 0 else last + 1
    while 0 <= k < len(words):
        a = b = k
        if step < 0:
            while a - 1 >= 0 and gap_before(a) < ISLAND_PAUSE_S:
                a -= 1
            yield a, b
            k = a - 1
        else:
            while b + 1 < len(words) and gap_before(b + 1) < ISLAND_PAUSE_S:
                b += 1
            yield a, b
            k = b + 1


def _is_script(words: list[Word], unread: list[str], step: int) -> tuple[bool, int]:
    """Whether a stretch of words is the script words `unread` (nearest end first), and how
    many of those it reads."""
    spoken = _tokens(w.text for w in words)
    if not unread or not spoken:
        return False, 0
    near = unread[-(len(spoken) + 2):] if step < 0 else unread[:len(spoken) + 2]
    shared = sum(1 for t in spoken if t in set(unread))
    seconds = words[-1].end - words[0].start
    probability = float(np.mean([w.probability for w in words]))
    plausible = seconds <= len(unread) / WORDS_PER_S + 1.0
    if shared >= max(1, 0.3 * len(spoken)) or sounds_like(spoken, near) >= SIMILAR or \
            (probability < UNSURE and plausible):
        return True, min(len(unread), len(spoken))
    return False, 0


def _claim(words: list[Word], edge: int, step: int, unread: list[str], gap_before,
           retaken: frozenset[int] = frozenset()) -> tuple[int, list[str]]:
    """Move `edge` over the stretches of speech beyond it that are script; stop at chatter.
    An earlier take (words in `retaken`) is passed over: the reading may go on beyond it."""
    first, last = (edge, edge)
    for a, b in _islands(words, first, last, step, gap_before):
        if all(k in retaken for k in range(a, b + 1)):
            continue
        script, used = _is_script(words[a:b + 1], unread, step)
        if not script:
            break
        edge = a if step < 0 else b
        unread = unread[:len(unread) - used] if step < 0 else unread[used:]
    return edge, unread


def _extend(words: list[Word], position: int, step: int, unread: set[str], slack: int = 2,
            retaken: frozenset[int] = frozenset()) -> int:
    """Move past neighbouring words that read script words not yet matched (a misheard
    ending must not be cut as chatter); allow `slack` unmatched words in between, and
    pass over an earlier take (`retaken`) without counting it."""
    best, k, misses = position, position + step, 0
    while 0 <= k < len(words) and misses <= slack and unread:
        if k in retaken:
            k += step
            continue
        tokens = set(normalise(words[k].text))
        if tokens & unread:
            best, misses = k, 0
            unread -= tokens
        else:
            misses += 1
        k += step
    return best


def _same_island(edge: int, step: int, count: int, gap_before) -> int:
    """The first (step -1) or last (+1) word of the stretch of speech holding word `edge`."""
    if step < 0:
        while edge > 0 and gap_before(edge) < ISLAND_PAUSE_S:
            edge -= 1
    else:
        while edge + 1 < count and gap_before(edge + 1) < ISLAND_PAUSE_S:
            edge += 1
    return edge


def _says_where(alignment: Alignment, a: int, b: int, closing: bool = False) -> bool:
    """Whether words a to b, read along the script, say where the reading is: RUN words of
    the script, or OPENING_RUN that are the essay's first words read in order (the JFK
    reader in held-out generation 5: "And so, [pause] my fellow Americans", with a retake of
    the second phrase, never read three words in a row before "Ask not", and the opening was
    cut with the chatter before it). With `closing`, as many that are the essay's last words
    read in order, beyond the reading that other runs say is there (held-out generation 7, in a
    fan's noise: "Thank you for listening, and see you next Monday." heard as "I'm your
    father's den. I'm sitting next Monday." was cut as chatter). Not two words of the essay's
    last token ("hello@millbread.example.com." as "millland"): they read one script word."""
    index, final = alignment.script_index, alignment.last
    aligned = [i for i in range(a, b) if index[i] >= 0]
    if len(aligned) >= RUN:
        return True
    in_order = all(index[j] == final[i] + 1 for i, j in zip(aligned, aligned[1:]))
    return len(aligned) >= OPENING_RUN and in_order and \
        (index[aligned[0]] == 0 or (closing and final[aligned[-1]] == alignment.script_words - 1))


def _reading(index: tuple[int, ...]) -> np.ndarray:
    """Words that are part of a stretch read along the script: aligned ones, and a single
    misheard word between two aligned ones that read the script in order ("From Ferris
    creatures, we" for "From fairest creatures we")."""
    aligned = np.array([i >= 0 for i in index], dtype=bool)
    filled = aligned.copy()
    for k in range(1, len(index) - 1):
        if not aligned[k] and aligned[k - 1] and aligned[k + 1] and 0 < index[k + 1] - index[k - 1] <= 3:
            filled[k] = True
    return filled


LEAP = 5                   # script words a reading passes over at once only where it is misheard or lost


def _in_order(alignment: Alignment, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`runs` split where the next aligned word lies LEAP or more script words on: a word
    aligned that far ahead is one common word matched by chance. Held-out generation 7, in a
    fan's noise: the "You" of "[you know] PS: The full list" was matched to the "you" of
    "Thank you", 17 words on, and ended the reading there, so the misheard last sentences
    after it were cut as chatter (3.8 and 2.7 s)."""
    index, final = alignment.script_index, alignment.last
    out = []
    for a, b in runs:
        start, before = a, None
        for k in range(a, b):
            if index[k] >= 0:
                if before is not None and index[k] - final[before] - 1 >= LEAP:
                    out.append((start, k))
                    start = k
                before = k
        out.append((start, b))
    return out


def _unread_beyond(words: list[Word], index: list[int], final: list[int], script: tuple[str, ...],
                   unread: list[int], taken: range, step: int) -> list[int]:
    """`unread` (script words the reading proper never read, before its first aligned word or
    after its last) less those the words `taken` into the reading beside it read: the script
    words aligned there, and between those, as many as the unaligned words there say (a
    misheard word stands for the script word it was heard for, nearest the aligned word it
    follows, or, before the first, nearest the reading: step -1 for words before it, +1 after)."""
    anchors = [i for i in taken if index[i] >= 0]
    left = [k for k in unread if not any(index[i] <= k <= final[i] for i in anchors)]
    bounds = [(-1, taken.start)] + [(final[i], i + 1) for i in anchors]
    for n, (after_k, start) in enumerate(bounds):
        stop = anchors[n] if n < len(anchors) else taken.stop
        before_k = index[anchors[n]] if n < len(anchors) else len(script)
        said = len(_tokens(w.text for w in words[start:stop]))
        if not said:
            continue
        between = [k for k in left if after_k < k < before_k]
        gone = between[-said:] if n == 0 and step < 0 else between[:said]
        left = [k for k in left if k not in gone]
    return left


def _rest_of(written: str, heard: str, step: int) -> list[str]:
    """The tokens of a script word of several (a web address, "hello@millbread.example.com.")
    that the word heard for it leaves unread: after the heard word's last token (step +1), at
    the reading's end, or before its first (-1), at its start. Whisper wrote "at millwind
    .inland .com." for the essay's last word, the "at" was aligned to it, and the rest of the
    address was cut with the chatter after it (held-out generation 8, 2 s)."""
    tokens, said = normalise(written), normalise(heard)
    if len(tokens) < 2 or not said:
        return []
    if step > 0:
        at = max((k for k, t in enumerate(tokens) if t == said[-1]), default=None)
        return tokens[at + 1:] if at is not None else []
    at = min((k for k, t in enumerate(tokens) if t == said[0]), default=None)
    return tokens[:at] if at is not None else []


def reading_span(words: list[Word], alignment: Alignment | None, script: tuple[str, ...],
                 gap_before: Callable[[int], float], retaken: frozenset[int] = frozenset()) -> Span:
    """The reading proper; `gap_before(i)` is the pause before word i's sound, in seconds;
    `retaken`, the words of earlier takes (the reading can start with one)."""
    n = len(words)
    if alignment is None or not n:
        return Span(0, n - 1, (), ())
    index = alignment.script_index
    found = _in_order(alignment, levels.runs_of(_reading(index)))
    runs = [(a, b) for a, b in found if _says_where(alignment, a, b)]
    if not runs:
        return Span(0, n - 1, (), ())
    runs += [(a, b) for a, b in found if a > runs[-1][0] and _says_where(alignment, a, b, closing=True)]
    first, last = runs[0][0], runs[-1][1] - 1
    final = alignment.last
    script_first, script_last = index[first], final[last]
    heard = {k for i in range(first, last + 1) if index[i] >= 0 for k in range(index[i], final[i] + 1)}
    def tokens(ks: list[int]) -> list[str]:
        return [t for k in ks for t in normalise(script[k])]
    head_words = [k for k in range(max(0, script_first)) if k not in heard]
    tail_words = [k for k in range(script_last + 1, len(script)) if k not in heard]
    head, tail = tokens(head_words), tokens(tail_words)
    aligned_first, aligned_last = first, last
    rest_head = _rest_of(script[script_first], words[first].text, -1)
    rest_tail = _rest_of(script[script_last], words[last].text, +1)
    head, tail = head + rest_head, rest_tail + tail
    first, last = _extend(words, first, -1, set(head), retaken=retaken), _extend(words, last, +1, set(tail),
                                                                               retaken=retaken)
    if head:                # script words before the first aligned one were never heard: misheard?
        first = _same_island(first, -1, n, gap_before)
    if tail:
        last = _same_island(last, +1, n, gap_before)
    head = tokens(_unread_beyond(words, index, final, script, head_words, range(first, aligned_first), -1)) + \
        (rest_head if first == aligned_first else [])   # no word beyond was taken for the edge word's rest
    tail = (rest_tail if last == aligned_last else []) + \
        tokens(_unread_beyond(words, index, final, script, tail_words, range(aligned_last + 1, last + 1), +1))
    first, head = _claim(words, first, -1, head, gap_before, retaken)
    last, tail = _claim(words, last, +1, tail, gap_before, retaken)
    return Span(first, last, tuple(head), tuple(tail))
