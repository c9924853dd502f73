"""The table under `takes.py`: the cheapest reading of the spoken words against the script,
as an edit distance with one more move, going back in the script at a fixed cost.

Matching a word costs nothing, a word that sounds like the script's (the same consonant
skeleton, see span.sound_key) a little, a word heard wrong, a word said off the script (an
aside, a filler) or a script word skipped more. Reading a stretch twice is then cheaper than
calling the first reading off-script talk as soon as it holds two words. The table is spoken
tokens × script tokens, filled a row at a time with numpy (the deletions, skips forward and
jumps back of a row are running minima). Up to `MAX_CELLS` it is one table (a 30-minute
reading is about 5,000 × 5,000: 1.3 s, a peak of 107 MB measured on 4,600 words); a longer
reading is read in chunks around the plain alignment (`in_chunks`; an hour, 9,300 words with
44 retakes, in 3.3 s here, every retake found).
"""

from __future__ import annotations

import re

import numpy as np

from .align import Alignment
from .span import sound_key

MATCH, SOUNDS_ALIKE, WRONG = 0.0, 0.4, 1.0     # a spoken token read as the script's
SAID_OFF_SCRIPT = 0.8                           # a spoken token the script does not have there
SKIPPED = 0.8                                   # a script token not read ...
SKIP_AHEAD = 4.0                                # ... or any number of them at once
JUMP_BACK = 3.5                                 # reading again from earlier in the script ...
JUMP_TO_SENTENCE = 1.0                          # ... from the start of a sentence, as a host does
MAX_CELLS = 40_000_000

DIAGONAL, INSERTED, DELETED, AHEAD, BACK = range(5)


def _ids(tokens: list[str], table: dict[str, int]) -> np.ndarray:
    return np.array([table.setdefault(t, len(table)) for t in tokens], dtype=np.int32)


def path(spoken: list[str], script: list[str], starts: np.ndarray | None = None) -> list[tuple[int, int, int]] | None:
    """The cheapest reading: (move, spoken position, script position) in order, where a
    DIAGONAL move reads spoken token i as script token j, INSERTED says token i off the
    script, and BACK jumps to script position j before spoken token i. None when the table
    would exceed MAX_CELLS."""
    n, m = len(spoken), len(script)
    if (n + 1) * (m + 1) > MAX_CELLS:
        return None
    words, keys = {}, {}
    s_ids, s_keys = _ids(script, words), _ids([key(t) for t in script], keys)
    t_ids, t_keys = _ids(spoken, words), _ids([key(t) for t in spoken], keys)
    steps = np.arange(m + 1, dtype=np.float64) * SKIPPED
    jump = np.full(m + 1, JUMP_BACK)
    if starts is not None:
        jump[:m][np.asarray(starts, bool)] = JUMP_TO_SENTENCE
    moves = np.empty((n + 1, m + 1), dtype=np.int8)
    sources = np.zeros((n + 1, m + 1), dtype=np.int32)      # where a skip or a jump came from
    row = np.minimum(steps, SKIP_AHEAD)
    moves[0] = np.where(steps <= SKIP_AHEAD, DELETED, AHEAD)
    for i in range(1, n + 1):
        cost = np.where(s_ids == t_ids[i - 1], MATCH, np.where(s_keys == t_keys[i - 1], SOUNDS_ALIKE, WRONG))
        prev, row = row, row + SAID_OFF_SCRIPT
        move = np.full(m + 1, INSERTED, dtype=np.int8)
        diagonal = prev[:-1] + cost
        better = diagonal <= row[1:]           # a tie reads the later word: "the, top, | the reading"
        row[1:][better], move[1:][better] = diagonal[better], DIAGONAL
        _relax(row, move, np.minimum.accumulate(row - steps) + steps, DELETED)
        low, at = _running_min(row)
        _relax(row, move, np.concatenate(([np.inf], low[:-1])) + SKIP_AHEAD, AHEAD,
               sources[i], np.concatenate(([0], at[:-1])))
        low, at = _running_min(row[::-1])
        _relax(row, move, np.concatenate((low[::-1][1:], [np.inf])) + jump, BACK,
               sources[i], np.concatenate((m - at[::-1][1:], [0])))
        moves[i] = move
    final = row + np.minimum(steps[::-1], SKIP_AHEAD)
    return _trace(moves, sources, n, int(np.argmin(final)))


def _running_min(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The running minimum of values and the index where it was reached."""
    low = np.minimum.accumulate(values)
    at = np.maximum.accumulate(np.where(values <= low, np.arange(len(values)), 0))
    return low, at


def _relax(row: np.ndarray, move: np.ndarray, candidate: np.ndarray, kind: int,
           sources: np.ndarray | None = None, source: np.ndarray | None = None) -> None:
    better = candidate < row - 1e-6
    row[better], move[better] = candidate[better], kind
    if sources is not None:
        sources[better] = source[better]


def _trace(moves: np.ndarray, sources: np.ndarray, n: int, j: int) -> list[tuple[int, int, int]]:
    """Walk the table back from the cheapest end (the script read to its end, or skipped)."""
    i, out = n, []
    while i > 0 or j > 0:
        move = moves[i][j]
        if move == DIAGONAL:
            out.append((DIAGONAL, i - 1, j - 1))
            i, j = i - 1, j - 1
        elif move == INSERTED:
            out.append((INSERTED, i - 1, j))
            i -= 1
        elif move == DELETED:
            j -= 1
        elif move == AHEAD:
            j = int(sources[i][j]) if i > 0 else 0
        else:
            out.append((BACK, i, j))
            j = int(sources[i][j])
    out.reverse()
    return out


def key(token: str) -> str:
    """span.sound_key, but a word of vowels and a glide ("you", "we", "way", all "a" as the
    skeleton has them) sounds like no other word: taken for "a" or "I", it aligned a "you know"
    said before "A microphone" to the script, and the filler stayed. "a" and "I" still may."""
    skeleton = sound_key(token)
    return f"={token}" if skeleton == "a" and re.search("[wy]", token) else skeleton


CHUNK = 1500                    # spoken tokens per table when the reading is too long for one
MARGIN = 400                    # script tokens either side of where the chunk's words were aligned


def anchors(alignment: Alignment, spoken_owner: list[int], script_owner: list[int]) -> list[int]:
    """For each spoken token: the first script token of the word the plain alignment gave
    its word, or -1."""
    first_token: dict[int, int] = {}
    for t, o in enumerate(script_owner):
        first_token.setdefault(o, t)
    return [first_token.get(alignment.script_index[o], -1) if alignment.script_index[o] >= 0 else -1
            for o in spoken_owner]


def in_chunks(spoken: list[str], script: list[str], starts: np.ndarray,
               anchors: list[int]) -> list[tuple[int, int, int]] | None:
    """The cheapest reading of a long recording, a table per chunk of CHUNK spoken tokens
    against the stretch of script the plain alignment put them at (MARGIN either side):
    chunks end where two words in a row were aligned, so no take is split, and a retake
    reaches back far less than MARGIN. Memory and time grow with the length, not its square."""
    out, begin, n = [], 0, len(spoken)
    while begin < n:
        end = min(n, begin + CHUNK)
        while n - end > CHUNK // 4 and end > begin + CHUNK // 2 and not (anchors[end] >= 0 and anchors[end - 1] >= 0):
            end -= 1
        if n - end <= CHUNK // 4:
            end = n
        held = [a for a in anchors[begin:end] if a >= 0]
        centre = (min(held), max(held)) if held else (out[-1][2] if out else 0,) * 2
        lo, hi = max(0, centre[0] - MARGIN), min(len(script), centre[1] + MARGIN)
        steps = path(spoken[begin:end], script[lo:hi], starts[lo:hi])
        if steps is None:
            return None
        out += [(move, i + begin, j + lo) for move, i, j in steps]
        begin = end
    return out
