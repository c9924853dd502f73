"""Retakes: a stretch of script read more than once. The last complete take is kept.

The sequence alignment matches each script word once, preferring the longest agreeing
run, which is usually the complete (last) take; the other take is left unaligned. An
unaligned run of spoken words that reads the script again is therefore a retake:

- before the aligned take ("The first thing — The first thing I tell new hosts"): the
  run (the false start, and any "sorry, let me do that again") is cut;
- after it ("... I tell new hosts. Sorry. The first thing I tell new hosts ..."): the
  alignment moves to the later take and the earlier take plus the apology are cut.

Takes that Whisper misheard match the script too little for either; they match each other,
and `repeats.py` finds them from the words alone.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass

from .align import Alignment, ScriptWord, expand as _tokens
from .repeats import FUNCTION_WORDS, TAKE_PAUSE_S, find_repeats
from .span import SIMILAR, sounds_like
from ..hearing.words import Word

MIN_MATCHED = 2


@dataclass(frozen=True)
class Retake:
    first: int            # first transcript word cut
    last: int             # last transcript word cut (inclusive)
    kept: int             # first transcript word of the take that is kept
    text: str             # what was cut

    def to_dict(self) -> dict:
        return asdict(self)


def _unaligned_runs(index: tuple[int, ...]) -> list[tuple[int, int]]:
    runs, i = [], 0
    while i < len(index):
        if index[i] < 0:
            j = i
            while j < len(index) and index[j] < 0:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _matches(run: list[str], window: list[str]) -> list[difflib.Match]:
    blocks = difflib.SequenceMatcher(None, run, window, autojunk=False).get_matching_blocks()
    return [b for b in blocks if b.size]


def _reads_ahead(blocks: list[difflib.Match]) -> bool:
    """The run reads the script that follows it: from its start (a short false start), or
    nearly so with enough words agreeing (a misheard first word or two)."""
    first, matched = blocks[0], sum(b.size for b in blocks)
    return (first.b == 0 and first.a <= 2 and matched >= MIN_MATCHED) or \
        (first.b <= 3 and first.a <= 3 and matched >= 4)


def _telling(blocks: list[difflib.Match], run: list[str]) -> bool:
    """Whether the words a run shares with the script say it is read again: three or more, or
    one that is not a function word ("of ... the" alone is shared by half the sentences)."""
    shared = [run[b.a + n] for b in blocks for n in range(b.size)]
    return len(shared) >= 3 or any(w not in FUNCTION_WORDS for w in shared)


STRAY_GAP = 3      # script tokens between a lone function word the run shares and the rest it shares


def _anchored(blocks: list[difflib.Match], window: list[str]) -> list[difflib.Match]:
    """`blocks` without the leading ones that share only function words with a script far
    before the rest: "not the long deal that say" (a misheard "nothing until the room") shares
    "the" with "the chair creaks and the cat walks past. Say" seven words before "say", and
    would read as a second take from "the chair" on."""
    while len(blocks) > 1 and all(w in FUNCTION_WORDS for w in window[blocks[0].b: blocks[0].b + blocks[0].size]) \
            and blocks[1].b - (blocks[0].b + blocks[0].size) >= STRAY_GAP:
        blocks = blocks[1:]
    return blocks


REREAD = 0.75      # share of a false start's script words that the take after it must read again


def _read_again(blocks: list[difflib.Match], owner: list[int], offset: int, index: list[int], last: list[int],
                j: int, length: int) -> bool:
    """Whether the take from word j on reads again the script words the run before it matched.
    A misheard phrase ("of bread, the name" for "of bread, the neighbour's") matches the script
    ahead too, but the words after it go on from where it stopped: it is the only reading."""
    matched = {offset + owner[b.b + n] for b in blocks for n in range(b.size)}
    later = {s for k in range(j, min(len(index), j + length + 4)) if index[k] >= 0
             for s in range(index[k], last[k] + 1)}
    return len(matched & later) >= REREAD * len(matched)


def _said_before_unread(alignment: Alignment, j: int) -> bool:
    """Whether the script word before the one word j reads was heard nowhere: the words
    said before word j may be that word misheard."""
    at = alignment.script_index[j]
    return at > 0 and (at - 1) not in set(alignment.last) | set(alignment.script_index)


TWICE = 0.75       # how alike two off-script stretches sound when they are two takes of one passage
SHORTEST_TWICE = 3  # tokens of the later take, at least


def _said_twice(words: list[Word], script: list[ScriptWord], alignment: Alignment, i: int, j: int) -> int | None:
    """The last take in an unaligned run [i, j) that says one passage more than once, every
    time misheard ("Not in basket need must yield the orb. Sorry. Not in clear need must yield
    the orb." for "Nothing here needs a studio." read twice in a noisy room): the run stands
    where script words went unheard, a later part of it starts after a pause and sounds like
    the run's start and like those script words. Its first word, or None."""
    missing = _tokens([s.text for s in script[alignment.last[i - 1] + 1: alignment.script_index[j]]])[0]
    if len(missing) < SHORTEST_TWICE:
        return None
    for q in range(j - 1, i, -1):
        if words[q].start - words[q - 1].end < TAKE_PAUSE_S:
            continue
        earlier, later = _tokens([w.text for w in words[i:q]])[0], _tokens([w.text for w in words[q:j]])[0]
        if SHORTEST_TWICE <= len(later) <= len(earlier) and sounds_like(earlier[:len(later)], later) >= TWICE \
                and sounds_like(later, missing) >= SIMILAR:
            return q
    return None


def find(words: list[Word], script: list[ScriptWord], alignment: Alignment) -> tuple[Alignment, list[Retake]]:
    """Retakes in the reading, and the alignment moved onto the takes that are kept."""
    index, last = list(alignment.script_index), list(alignment.last)
    retakes: list[Retake] = []
    for i, j in _unaligned_runs(alignment.script_index):
        if i == 0 or j >= len(words):
            continue                                      # before or after the script: off script, not a retake
        run_words, run_owner = _tokens([w.text for w in words[i:j]])
        next_words, _ = _tokens([w.text for w in words[j:j + len(run_words)]])
        if 0 < len(run_words) < MIN_MATCHED + 1 and run_words == next_words[:len(run_words)]:
            if _said_before_unread(alignment, j):
                continue                        # "halfway rule. Rule six": a misheard "through", not a stutter
            retakes.append(Retake(i, j - 1, j, " ".join(w.text for w in words[i:j])))    # "Writing. Writing."
            continue
        if (again := _said_twice(words, script, alignment, i, j)) is not None:
            retakes.append(Retake(i, again - 1, again, " ".join(w.text for w in words[i:again])))
            continue
        if len(run_words) < MIN_MATCHED:
            continue
        after = alignment.script_index[j]
        window, window_owner = _tokens([s.text for s in script[after: after + len(run_words) + 3]])
        blocks = _matches(run_words, window)
        if blocks and _reads_ahead(blocks) and _telling(blocks, run_words):
            if _read_again(blocks, window_owner, after, index, last, j, len(run_words)):
                retakes.append(Retake(i, j - 1, j, " ".join(w.text for w in words[i:j])))
            continue
        before = last[i - 1]
        start = max(0, before - len(run_words) - 2)
        window, window_owner = _tokens([s.text for s in script[start: before + 1]])
        blocks = _anchored(_matches(run_words, window), window)
        if not blocks or sum(b.size for b in blocks) < MIN_MATCHED or not _telling(blocks, run_words):
            continue
        tail = blocks[-1]
        # the run reads again up to where the reading was; what follows in it, if anything, is
        # no more than the script words up to the next aligned one (misheard: "never" as "name at")
        ahead = max(0, alignment.script_index[j] - before - 1) if j < len(words) else 0
        if tail.b + tail.size != len(window) or len(run_words) - (tail.a + tail.size) > max(1, ahead + 2):
            continue
        repeat_from = start + window_owner[blocks[0].b]   # first script word read again
        take_start = i + run_owner[blocks[0].a]           # where the later take begins
        first_copy = next((k for k in range(i) if index[k] >= repeat_from), None)
        if first_copy is None:
            continue
        for k in range(first_copy, take_start):
            index[k] = last[k] = -1
        for k in range(take_start, j):
            index[k] = last[k] = -1
        tokens_kept = [(take_start + run_owner[b.a + n] - run_owner[blocks[0].a], start + window_owner[b.b + n])
                       for b in blocks for n in range(b.size)]
        for k, s in tokens_kept:
            if index[k] < 0:
                index[k] = s
            last[k] = max(last[k], s)
        retakes.append(Retake(first_copy, take_start - 1, take_start,
                              " ".join(w.text for w in words[first_copy:take_start])))
    for first, kept in find_repeats(words, index, last, retakes):
        retakes = [r for r in retakes if not first <= r.first < kept]
        retakes.append(Retake(first, kept - 1, kept, " ".join(w.text for w in words[first:kept])))
    moved = Alignment(tuple(index), alignment.script_words, alignment.matched, tuple(last))
    return moved, sorted(retakes, key=lambda r: r.first)
