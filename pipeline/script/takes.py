"""The reading as takes: one alignment of the spoken words to the script that may jump back.

A host who stumbles goes back and reads the stretch again, with or without "sorry, again"
between. `align.align` matches each script word once, which leaves one of the two takes
unaligned, and the rules in `retakes.py` then have to guess which run of unaligned words
was a take; where Whisper heard the two takes differently, or an aside sits between them,
they guess wrong. Here the whole reading is aligned at once (`reading_table.path`: an edit
distance with one more move, going back in the script, at a fixed cost), and every jump
back on the cheapest path is a retake: the words from where the earlier pass reached the
stretch read again, up to the first word of the last pass, are cut (asides with them), and
the last pass is kept whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import reading_table as table
from . import retakes as rules
from .align import Alignment, ScriptWord, align, expand, normalise
from .reading_table import AHEAD, BACK, DIAGONAL, INSERTED, key
from .repeats import TAKE_PAUSE_S
from .retakes import Retake
from .span import SIMILAR, sounds_like
from ..hearing.words import Word


def find(words: list[Word], script: list[ScriptWord],
         alignment: Alignment) -> tuple[Alignment, list[Retake], dict[int, set[int]]] | None:
    """The retakes on the cheapest reading, `alignment` moved onto the takes kept (the
    words of earlier takes unaligned; the last take's words aligned where they read the
    script exactly or by sound), and the words the reading takes for script words, heard
    right or wrong, outside the earlier takes, with the script words each reads. None when
    the reading is too long for the table."""
    spoken, spoken_owner = expand([w.text for w in words])
    tokens, script_owner = expand([w.text for w in script])
    starts = _sentence_starts(script, script_owner)
    found = table.path(spoken, tokens, starts) if (len(spoken) + 1) * (len(tokens) + 1) <= table.MAX_CELLS else \
        table.in_chunks(spoken, tokens, starts, table.anchors(alignment, spoken_owner, script_owner))
    if found is None:
        return None
    index, last = list(alignment.script_index), list(alignment.last)
    retakes = _retakes(found, spoken, tokens, spoken_owner, words, script_owner)
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
    read_on: dict[int, set[int]] = {}
    for move, i, j in found:
        if move == DIAGONAL and spoken_owner[i] not in cut:
            read_on.setdefault(spoken_owner[i], set()).add(script_owner[j])
    return Alignment(tuple(index), alignment.script_words, matched, tuple(last)), retakes, read_on


def _reads(spoken: list[str], script: list[str], step: tuple[int, int, int]) -> bool:
    """Whether a DIAGONAL step reads the script word: the same word, or one that sounds like it."""
    return key(spoken[step[1]]) == key(script[step[2]])


def _heard_as(spoken: list[str], script: list[str], step: tuple[int, int, int]) -> bool:
    """Whether a DIAGONAL step's word may be the script's misheard ("free" for "three"; not
    "uh" for "whatever")."""
    return sounds_like([spoken[step[1]]], [script[step[2]]]) >= SIMILAR


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
             words: list[Word], script_owner: list[int] | None = None) -> list[Retake]:
    """Each jump back: from the first word of the earlier pass over the stretch read again
    to the first word of the next pass; and a word or two said twice in a row ("when, when
    the") that the cheapest path calls off-script talk."""
    spans: list[tuple[int, int]] = []

    def reads(step: tuple[int, int, int]) -> bool:      # the last take starts with a word it reads
        return _reads(spoken, script, step)
    read_anywhere = {script_owner[j] for move, _, j in found if move == DIAGONAL} if script_owner else set()
    for n, (move, i, j) in enumerate(found):
        if move != BACK:
            continue
        kept = next((x for x in found[n + 1:] if x[0] == DIAGONAL and reads(x)), None)
        if kept is None or _abandoned(found, n, script_owner, read_anywhere):
            continue
        start, read_before = None, None
        for m in range(n - 1, -1, -1):
            earlier = found[m]
            if earlier[0] == DIAGONAL:
                if earlier[2] < j:
                    read_before = earlier[2]
                    break
                start = earlier[1]
            elif earlier[0] == BACK:
                break
            elif start is not None and _take_boundary(words, owner[earlier[1]], owner[start]) \
                    and not _pass_goes_on(found[:m], j):
                break                   # talk before the earlier take, a pause away: not part of it
        if start is None or (read_before is not None and j - read_before - 1 >= NEVER_READ):
            continue                    # the "earlier take" lies past script it skipped and never reads
        first = _take_begins(found[:n], start, owner, words, reads, _misheard_start(words, owner[kept[1]]))
        if first < owner[kept[1]]:
            spans.append((first, owner[kept[1]]))
    for n in range(len(found)):
        spans += _said_twice(found, n, spoken, script, owner, words)
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif a < b:
            merged.append([a, b])
    return [Retake(a, b - 1, b, " ".join(w.text for w in words[a:b])) for a, b in merged]


NEVER_READ = 5                  # script words the path skipped to reach an "earlier take" and never reads: a
                                # last take misheard and matched to words further on (held-out generation 7: 16)
LAST_PASS_READS = 3             # words a last take reads as the script before the reading may leave it


def _abandoned(found: list[tuple[int, int, int]], n: int, script_owner: list[int] | None = None,
               read_anywhere: set[int] = frozenset()) -> bool:
    """Whether the pass after the jump back at step n reads fewer than LAST_PASS_READS spoken
    words as script words (heard right or not) before the path leaves it again (jumps back or
    skips ahead): two common words that the script begins with, not a last take. The aside
    "Hang on, the captain on the neck" read "on the" as the essay's first words "On the first
    Saturday", twice, at the cost of a jump to a sentence's start; the whole reading before
    it, 199 words, was taken for an earlier take, and script edits were turned off for the
    episode (held-out generation 6). Counting only words heard right, "until the black boys"
    for "until the blackbirds" (read three times over) was cut short the same way. So too a
    pass that skips ahead over more script words (NEVER_READ or more, with `script_owner`)
    than it has read, words no pass reads (not in `read_anywhere`): "The rent was", Whisper's
    words over "Is a ledger", read as a third take of "The rent was £8 ...", then 44 script
    words skipped; the retake cut took the second take and two more sentences (held-out
    generation 7, 19 s)."""
    read, at = 0, found[n][2]
    for step in found[n + 1:]:
        if step[0] in (BACK, AHEAD):
            return read < LAST_PASS_READS
        if step[0] == DIAGONAL:
            skipped = ({script_owner[j] for j in range(at + 1, step[2])} if script_owner else set()) - read_anywhere
            if read and len(skipped) >= max(NEVER_READ, read + 1):
                return True
            read, at = read + 1, step[2]
    return False


def _said_twice(found: list[tuple[int, int, int]], n: int, spoken: list[str], script: list[str],
                owner: list[int], words: list[Word]) -> list[tuple[int, int]]:
    """A word or two said off the script just before step n, and said again from step n,
    read as the script: the first saying is a false start ("when, when the"). So too where the
    cheapest path read the first saying as a script word it does not sound like, if a pause
    lies between the two ("the reed. I, | I also" for "the reader. I also"), and not
    otherwise: "American who who taught" for "Amara Okonkwo, who taught" is one saying of
    "who", the name misheard. The false start's span, or nothing."""
    def off(step: tuple[int, int, int]) -> bool:
        return step[0] == INSERTED or (step[0] == DIAGONAL and not _heard_as(spoken, script, step)
                                       and _take_boundary(words, owner[step[1]], owner[found[n][1]]))
    for size in (2, 1):
        before, again = found[max(0, n - size):n], found[n:n + size]
        if len(before) < size or len(again) < size or [spoken[x[1]] for x in before] != [spoken[x[1]] for x in again]:
            continue                        # the cheap test first: a table has thousands of steps
        first = before[0][1]
        if (first == 0 or owner[first - 1] != owner[first]) and all(off(x) for x in before) \
                and all(x[0] == DIAGONAL and _heard_as(spoken, script, x) for x in again):
            return [(owner[first], owner[again[0][1]])]
    return []


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
             and not (set(range(r.first, r.kept)) <= read_on.keys() and not _starts_alike(words, r))
             and len(_unread_by(alignment, by_rules, r, read_on)) < NEVER_READ]
    merged = _with(alignment, by_rules, extra)
    return merged, sorted(found + extra, key=lambda r: r.first)


def _with(alignment: Alignment, by_rules: Alignment, retakes: list[Retake]) -> Alignment:
    """`alignment` with the rules' retakes applied: each earlier take unaligned, and the take
    kept aligned as the rules align it, up to a word `alignment` aligns already."""
    index, last = list(alignment.script_index), list(alignment.last)
    for r in retakes:
        for k in range(r.first, r.kept):
            index[k] = last[k] = -1
        for k in range(r.kept, len(index)):
            if by_rules.script_index[k] < 0 or index[k] >= 0:
                break
            index[k], last[k] = by_rules.script_index[k], by_rules.last[k]
    return Alignment(tuple(index), alignment.script_words, len({x for x in index if x >= 0}), tuple(last))


def _unread_by(alignment: Alignment, by_rules: Alignment, retake: Retake, read_on: dict[int, set[int]]) -> set[int]:
    """The script words the table's reading reads (heard right or wrong) that no word reads
    once the rules' retake is applied. A take read twice loses none: the last take reads
    what the earlier one did. Main eval corpus, in noise at 10 dB SNR: "for about
    $14 .00" and, a sentence on, "for $1400 .00," (for "Third, a blanket over the door,")
    start and end alike; taken for two takes of "for about $40.", they left that sentence
    read by no word, and the cut took 1.5 s of the real one."""
    after = _with(alignment, by_rules, [retake])
    changed = set(range(retake.first, retake.kept)) | \
        {k for k, (a, b) in enumerate(zip(alignment.script_index, after.script_index)) if a != b}
    def heard(a: Alignment, skip: set[int]) -> set[int]:
        return _read(a) | {j for k, found in read_on.items() if k not in skip for j in found}
    return heard(alignment, set()) - heard(after, changed)


def _read(alignment: Alignment) -> set[int]:
    """The script words some spoken word reads."""
    return {k for first, final in zip(alignment.script_index, alignment.last) if first >= 0
            for k in range(first, final + 1)}


def _starts_alike(words: list[Word], retake: Retake) -> bool:
    """Whether the earlier take begins with the word the last take begins with, or the start
    of it ("What? What's it cost?")."""
    earlier, last = "".join(normalise(words[retake.first].text)), "".join(normalise(words[retake.kept].text))
    return bool(earlier and last) and (earlier.startswith(last) or last.startswith(earlier))


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
