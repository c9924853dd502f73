"""Retakes: a stretch of script read more than once. The last complete take is kept.

The sequence alignment matches each script word once, preferring the longest agreeing
run, which is usually the complete (last) take; the other take is left unaligned. An
unaligned run of spoken words that reads the script again is therefore a retake:

- before the aligned take ("The first thing — The first thing I tell new hosts"): the
  run (the false start, and any "sorry, let me do that again") is cut;
- after it ("... I tell new hosts. Sorry. The first thing I tell new hosts ..."): the
  alignment moves to the later take and the earlier take plus the apology are cut.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass

from .align import Alignment, ScriptWord, expand as _tokens
from .transcript import Word

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


def find(words: list[Word], script: list[ScriptWord], alignment: Alignment) -> tuple[Alignment, list[Retake]]:
    """Retakes in the reading, and the alignment moved onto the takes that are kept."""
    index, last = list(alignment.script_index), list(alignment.script_last or alignment.script_index)
    retakes: list[Retake] = []
    for i, j in _unaligned_runs(alignment.script_index):
        if i == 0 or j >= len(words):
            continue                                      # before or after the script: off script, not a retake
        run_words, run_owner = _tokens([w.text for w in words[i:j]])
        if len(run_words) < MIN_MATCHED:
            continue
        after = alignment.script_index[j]
        window, _ = _tokens([s.text for s in script[after: after + len(run_words) + 3]])
        blocks = _matches(run_words, window)
        if blocks and _reads_ahead(blocks):
            retakes.append(Retake(i, j - 1, j, " ".join(w.text for w in words[i:j])))
            continue
        before = last[i - 1]
        start = max(0, before - len(run_words) - 2)
        window, window_owner = _tokens([s.text for s in script[start: before + 1]])
        blocks = _matches(run_words, window)
        if not blocks or sum(b.size for b in blocks) < MIN_MATCHED:
            continue
        tail = blocks[-1]
        if tail.b + tail.size != len(window) or tail.a + tail.size < len(run_words) - 1:
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
    moved = Alignment(tuple(index), alignment.script_words, alignment.matched, tuple(last))
    return moved, retakes
