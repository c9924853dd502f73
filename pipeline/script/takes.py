"""The reading as takes: one alignment of the spoken words to the script that may jump back.

A host who stumbles goes back and reads the stretch again, with or without "sorry, again"
between. `align.align` matches each script word once, which leaves one of the two takes
unaligned, and the rules in `retakes.py` then have to guess which run of unaligned words
was a take; where Whisper heard the two takes differently, or an aside sits between them,
they guess wrong. Here the whole reading is aligned at once, as an edit distance with one
more move: going back in the script, at a fixed cost. Matching a word costs nothing, a word
that sounds like the script's (the same consonant skeleton, see span.sound_key) a little, a
word heard wrong, a word said off the script (an aside, a filler) or a script word skipped
more. Reading a stretch twice is then cheaper than calling the first reading off-script
talk as soon as it holds two words, so every jump back on the cheapest path is a retake:
the words from where the earlier pass reached the stretch read again, up to the first word
of the last pass, are cut (asides with them), and the last pass is kept whole.

The table is spoken tokens × script tokens, filled a row at a time with numpy (the
deletions, skips forward and jumps back of a row are running minima). Up to `MAX_CELLS` it
is one table (a 30-minute reading is about 5,000 × 5,000: 1.3 s, a peak of 107 MB measured
on 4,600 words); a longer reading is read in chunks around the plain alignment
(`_in_chunks`; an hour, 9,300 words with 44 retakes, in 3.3 s here, every retake found).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import retakes as rules
from .align import Alignment, ScriptWord, align, expand, normalise
from .repeats import TAKE_PAUSE_S
from .retakes import Retake
from .span import SIMILAR, sound_key, sounds_like
from ..hearing.words import Word

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
    s_ids, s_keys = _ids(script, words), _ids([_key(t) for t in script], keys)
    t_ids, t_keys = _ids(spoken, words), _ids([_key(t) for t in spoken], keys)
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


def find(words: list[Word], script: list[ScriptWord],
         alignment: Alignment) -> tuple[Alignment, list[Retake], frozenset[int]] | None:
    """The retakes on the cheapest reading, `alignment` moved onto the takes kept (the
    words of earlier takes unaligned; the last take's words aligned where they read the
    script exactly or by sound), and the words the reading takes for script words, heard
    right or wrong, outside the earlier takes. None when the reading is too long for the table."""
    spoken, spoken_owner = expand([w.text for w in words])
    tokens, script_owner = expand([w.text for w in script])
    starts = _sentence_starts(script, script_owner)
    found = path(spoken, tokens, starts) if (len(spoken) + 1) * (len(tokens) + 1) <= MAX_CELLS else \
        _in_chunks(spoken, tokens, starts, _anchors(alignment, spoken_owner, script_owner))
    if found is None:
        return None
    index, last = list(alignment.script_index), list(alignment.last)
    retakes = _retakes(found, spoken, tokens, spoken_owner, words)
    cut = {k for r in retakes for k in range(r.first, r.kept)}
    for k in cut:
        index[k] = last[k] = -1
    reads = {}
    for move, i, j in found:
        if move == DIAGONAL and _reads(spoken, tokens, (move, i, j)):
            reads.setdefault(spoken_owner[i], []).append(script_owner[j])
    taken = {index[k] for k in range(len(words)) if index[k] >= 0}
    for k, positions in reads.items():
        if k not in cut and index[k] < 0 and positions[0] not in taken:
            index[k], last[k] = positions[0], max(positions)
            taken.add(positions[0])
    matched = len({s for s in index if s >= 0})
    read_on = frozenset(spoken_owner[i] for move, i, _ in found if move == DIAGONAL) - cut
    return Alignment(tuple(index), alignment.script_words, matched, tuple(last)), retakes, read_on


def _reads(spoken: list[str], script: list[str], step: tuple[int, int, int]) -> bool:
    """Whether a DIAGONAL step reads the script word: the same word, or one that sounds like it."""
    return _key(spoken[step[1]]) == _key(script[step[2]])


def _heard_as(spoken: list[str], script: list[str], step: tuple[int, int, int]) -> bool:
    """Whether a DIAGONAL step's word may be the script's misheard ("free" for "three"; not
    "uh" for "whatever")."""
    return sounds_like([spoken[step[1]]], [script[step[2]]]) >= SIMILAR


def _key(token: str) -> str:
    """span.sound_key, but a word of vowels and a glide ("you", "we", "way", all "a" as the
    skeleton has them) sounds like no other word: taken for "a" or "I", it aligned a "you know"
    said before "A microphone" to the script, and the filler stayed. "a" and "I" still may."""
    key = sound_key(token)
    return f"={token}" if key == "a" and re.search("[wy]", token) else key


def _sentence_starts(script: list[ScriptWord], owner: list[int]) -> np.ndarray:
    """For each script token: whether its word begins a sentence, a block, or a line of
    verse (a capital after a comma)."""
    begins = [k == 0 or script[k].block != script[k - 1].block or bool(re.search(r"[.!?:…]\W*$", script[k - 1].text))
              or (bool(re.search(r"[,;—]\W*$", script[k - 1].text)) and script[k].text[:1].isupper())
              for k in range(len(script))]
    return np.array([begins[o] and (t == 0 or owner[t - 1] != o) for t, o in enumerate(owner)], dtype=bool)


def _take_boundary(words: list[Word], before: int, after: int) -> bool:
    """Whether a take may start between word `before` and the later word `after`: a pause or a
    sentence's end lies between them."""
    return any(words[k + 1].start - words[k].end >= TAKE_PAUSE_S or re.search(r"[.!?…]$", words[k].text)
               for k in range(before, after))


def _pass_goes_on(before: list[tuple[int, int, int]], j: int) -> bool:
    """Whether the earlier pass over the script from token j goes on before this point: the
    nearest step before that reads a script token reads j or later. Talk between its words
    ("from the page. Uh. So let me do that again") is then part of it, not before it."""
    for move, _, k in reversed(before):
        if move == BACK:
            return False
        if move == DIAGONAL:
            return k >= j
    return False


def _misheard_start(words: list[Word], kept: int) -> int:
    """How many words just before word `kept` (the last take's first word that reads the
    script) belong to that take: said with no pause or sentence's end between."""
    k = kept
    while k > 0 and words[k].start - words[k - 1].end < TAKE_PAUSE_S and not re.search(r"[.!?…]$", words[k - 1].text):
        k -= 1
    return kept - k


def _take_begins(before: list[tuple[int, int, int]], start: int, owner: list[int], words: list[Word],
                 reads, most: int) -> int:
    """The first word of the earlier pass: the word of token `start`, or up to `most` words
    said just before it with no pause between that do not read the script (off it, or heard
    wrong: the take's first words misheard, as the last take's are, "Yes, if you still" for
    "PS: If you still")."""
    first, lowest = owner[start], owner[start] - most
    misheard = {owner[step[1]] for step in before if step[0] == INSERTED or (step[0] == DIAGONAL and not reads(step))}
    misheard -= {owner[step[1]] for step in before if step[0] == DIAGONAL and reads(step)}
    while first > lowest and first - 1 in misheard and words[first].start - words[first - 1].end < TAKE_PAUSE_S \
            and not re.search(r"[.!?…]$", words[first - 1].text):
        first -= 1
    return first


def _retakes(found: list[tuple[int, int, int]], spoken: list[str], script: list[str], owner: list[int],
             words: list[Word]) -> list[Retake]:
    """Each jump back: from the first word of the earlier pass over the stretch read again
    to the first word of the next pass; and a word or two said twice in a row ("when, when
    the") that the cheapest path calls off-script talk."""
    spans: list[tuple[int, int]] = []

    def reads(step: tuple[int, int, int]) -> bool:      # the last take starts with a word it reads
        return _reads(spoken, script, step)
    for n, (move, i, j) in enumerate(found):
        if move != BACK:
            continue
        kept = next((x for x in found[n + 1:] if x[0] == DIAGONAL and reads(x)), None)
        if kept is None:
            continue
        start = None
        for m in range(n - 1, -1, -1):
            earlier = found[m]
            if earlier[0] == DIAGONAL:
                if earlier[2] < j:
                    break
                start = earlier[1]
            elif earlier[0] == BACK:
                break
            elif start is not None and _take_boundary(words, owner[earlier[1]], owner[start]) \
                    and not _pass_goes_on(found[:m], j):
                break                   # talk before the earlier take, a pause away: not part of it
        if start is None:
            continue
        first = _take_begins(found[:n], start, owner, words, reads, _misheard_start(words, owner[kept[1]]))
        if first < owner[kept[1]]:
            spans.append((first, owner[kept[1]]))
    for n, (move, i, _) in enumerate(found):
        if move == INSERTED and (n == 0 or found[n - 1][0] != INSERTED):
            run, k = [], n
            while k < len(found) and found[k][0] == INSERTED:
                run.append(found[k][1])
                k += 1
            after = [x[1] for x in found[k:k + len(run)] if x[0] == DIAGONAL and _heard_as(spoken, script, x)]
            if len(run) <= 2 and len(after) == len(run) and [spoken[t] for t in run] == [spoken[t] for t in after]:
                spans.append((owner[run[0]], owner[after[0]]))
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif a < b:
            merged.append([a, b])
    return [Retake(a, b - 1, b, " ".join(w.text for w in words[a:b])) for a, b in merged]


def read(words: list[Word], script: list[ScriptWord]) -> tuple[Alignment, list[Retake]]:
    """The alignment of the reading and its retakes: those of the whole-reading table, and
    those of the rules of retakes.py and repeats.py that overlap none of them (the table
    calls a false start of a word or two off-script talk: going back costs more than saying
    two words off the script), with the rules' alignment of the take they keep. Not one
    whose earlier take the table reads straight as the script, misheard, unless the last take
    starts with the same word ("lot. What? What the"): words Whisper got wrong that a later
    script phrase has ("in the game and the cattle in the sand" for "nothing to dig and the
    catalogue in the shed") are no take. Only where even a chunk is too large for the table,
    the rules alone."""
    plain = align(script, words)
    by_rules, found_by_rules = rules.find(words, script, plain)
    table = find(words, script, plain)
    if table is None:
        return by_rules, found_by_rules
    alignment, found, read_on = table
    inside = {k for r in found for k in range(r.first, r.kept + 1)}
    extra = [r for r in found_by_rules if not inside & set(range(r.first, r.kept + 1))
             and not (set(range(r.first, r.kept)) <= read_on and not _starts_alike(words, r))]
    index, last = list(alignment.script_index), list(alignment.last)
    rule_last = by_rules.last
    for r in extra:
        for k in range(r.first, r.kept):
            index[k] = last[k] = -1
        for k in range(r.kept, len(words)):
            if by_rules.script_index[k] < 0 or index[k] >= 0:
                break
            index[k], last[k] = by_rules.script_index[k], rule_last[k]
    merged = Alignment(tuple(index), alignment.script_words, len({x for x in index if x >= 0}), tuple(last))
    return merged, sorted(found + extra, key=lambda r: r.first)


def _starts_alike(words: list[Word], retake: Retake) -> bool:
    """Whether the earlier take begins with the word the last take begins with, or the start
    of it ("What? What's it cost?")."""
    earlier, last = "".join(normalise(words[retake.first].text)), "".join(normalise(words[retake.kept].text))
    return bool(earlier and last) and (earlier.startswith(last) or last.startswith(earlier))


CHUNK = 1500                    # spoken tokens per table when the reading is too long for one
MARGIN = 400                    # script tokens either side of where the chunk's words were aligned


def _anchors(alignment: Alignment, spoken_owner: list[int], script_owner: list[int]) -> list[int]:
    """For each spoken token: the first script token of the word the plain alignment gave
    its word, or -1."""
    first_token: dict[int, int] = {}
    for t, o in enumerate(script_owner):
        first_token.setdefault(o, t)
    return [first_token.get(alignment.script_index[o], -1) if alignment.script_index[o] >= 0 else -1
            for o in spoken_owner]


def _in_chunks(spoken: list[str], script: list[str], starts: np.ndarray,
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


@dataclass(frozen=True)
class Reading:
    """The align stage's artifact (alignment.json, format 1): which script word each spoken
    word reads, and the earlier takes found (the edit cuts them)."""
    alignment: Alignment
    retakes: tuple[Retake, ...] = ()

    def to_dict(self) -> dict:
        return self.alignment.to_dict() | {"retakes": [r.to_dict() for r in self.retakes]}

    @classmethod
    def from_dict(cls, data: dict) -> "Reading":
        return cls(Alignment.from_dict(data), tuple(Retake(**r) for r in data.get("retakes", [])))

    def stage_record(self) -> dict:
        return {"coverage": round(self.alignment.coverage, 3), "retakes": len(self.retakes)}


def reading(words: list[Word], script: list[ScriptWord]) -> Reading:
    """The align stage: `read`, as its artifact."""
    alignment, found = read(words, script)
    return Reading(alignment, tuple(found))
