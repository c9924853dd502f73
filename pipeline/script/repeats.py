"""Retakes found in what was said, where the script alignment cannot see them.

When Whisper mishears a sentence, it mishears it the same way each time it is read: "Nothing
here needs a studio" came out as "Nothing to say needs must do the o. Nothing here needs
must do the o." Neither copy matches the script well, so `retakes.find` (which starts from
the alignment) misses it, but the two copies match each other. Here every take that starts
after a pause is compared with the takes that started shortly before it: an earlier one
that the later one says again, from its start, is an earlier take, and it is cut with
whatever followed it ("no wait, from the top of that") up to the later one.

A passage the essay itself says twice is not a retake: when both copies read different
places in the script, they are both kept; nor is a sentence that only looks like the next
one: the later take must pick up the script where the reading before the earlier one left it.
"""

from __future__ import annotations

import difflib
import re

from .align import expand
from ..hearing.words import Word

TAKE_PAUSE_S = 0.3         # a take starts after a pause this long, or after a sentence's end
LOOK_BACK_S = 25.0         # how far back an earlier take may start
MIN_SHARED = 3             # tokens both takes say, in order, from their starts ...
SHORT_TAKE = 4             # ... or all of a false start this short
SHARED_SHARE = 0.6         # ... and this share of the earlier take up to its last shared token
FUNCTION_WORDS = frozenset("a an the of to in on at and or but is it its was be for with as by that this i we you "
                           "he she they my our your his her their me us".split())


def _after_break(words: list[Word], k: int, ends: str = r"[.!?…]$") -> bool:
    """Whether word k follows a pause or the end of a sentence (`ends`: how the word before
    it ends)."""
    return words[k].start - words[k - 1].end >= TAKE_PAUSE_S or bool(re.search(ends, words[k - 1].text))


def take_starts(words: list[Word]) -> list[int]:
    """Words that begin a take: the first, and each after a pause or a sentence's end."""
    return [k for k in range(len(words)) if k == 0 or _after_break(words, k)]


def _shared(earlier: list[str], later: list[str]) -> tuple[int, int, list[tuple[int, int]]]:
    """(shared tokens, tokens of the earlier take up to its last shared one, pairs) when both
    start alike (within a token), else (0, 0, [])."""
    blocks = [b for b in difflib.SequenceMatcher(None, earlier, later, autojunk=False).get_matching_blocks() if b.size]
    if not blocks or blocks[0].a > 1 or blocks[0].b > 1:
        return 0, 0, []
    pairs = [(b.a + n, b.b + n) for b in blocks for n in range(b.size)]
    return len(pairs), pairs[-1][0] + 1, pairs


BROKEN_OFF_LETTERS = 4     # a word the host broke off ("American-" for "Americans") is at least this long


def _broken_off(earlier: list[str], later: list[str]) -> list[str]:
    """The earlier take's tokens, each that begins one of the later take's (a word broken off,
    "American-" said again as "Americans") read as that one."""
    return [next((t for t in later if t != e and len(e) >= BROKEN_OFF_LETTERS and t.startswith(e)), e)
            for e in earlier]


def _take_boundary_after(words: list[Word], i: int, owner: list[int], upto: int) -> bool:
    """Whether the earlier take's words after its first `upto` tokens follow a pause, a
    sentence's end or a broken-off word: said after the false start broke off ("fellow
    American- | Okay, again."), not part of it."""
    return upto < len(owner) and _after_break(words, i + owner[upto], r"[.!?…-]$")


def _in_script_twice(pairs, earlier_owner, later_owner, i, j, index) -> bool:
    """The copies' shared words, where both are aligned, read different places of the script
    more often than the same place: the essay says it twice ("She never wrote about ... She
    wrote about ..."), or the reader did."""
    both = [(index[i + earlier_owner[a]], index[j + later_owner[b]]) for a, b in pairs]
    both = [(x, y) for x, y in both if x >= 0 and y >= 0]
    return sum(x != y for x, y in both) > sum(x == y for x, y in both)


SKIPPED_MOST = 2           # script words between the reading before and the later take


def _continues(index: list[int], last: list[int], i: int, j: int, pairs, earlier_owner, later_owner) -> bool:
    """Whether the two takes pick up the script where the reading before the earlier one left
    it: then both read the same words. Two sentences alike ("She never wrote about ... She
    wrote about ...") leave the first one's script words unread between them."""
    said_before = next((k for k in range(i - 1, -1, -1) if index[k] >= 0), -1)
    before = last[said_before] if said_before >= 0 else -1
    read = {index[i + earlier_owner[a]] for a, _ in pairs} | {index[j + later_owner[b]] for _, b in pairs}
    read.discard(-1)
    misheard = i - said_before - 1          # words said between, aligned to nothing: they read script words too
    return bool(read) and min(read) - before - 1 <= SKIPPED_MOST + misheard


def _reads_on(pairs, earlier_owner, i: int, j: int, index) -> bool:
    """Whether the earlier copy reads more script words that the later copy does not say again
    than the two share: the same aside said twice ("One moment, someone at the door. [two
    sentences of the script] One moment, someone at the door."), the script between read once.
    Cut from the first copy to the second, those sentences would go, and with their alignment
    moved off them no warning would say so (seen in held-out generation 3)."""
    paired = {i + earlier_owner[a] for a, _ in pairs}
    return sum(index[k] >= 0 and k not in paired for k in range(i, j)) > len(pairs)


def _overlaps_badly(found, i: int, j: int) -> bool:
    """A retake already found that begins before this one and runs into it. One that begins
    inside it is a piece of it, found from the alignment with the wrong end (the last take's
    misheard start not aligned), and this one replaces it."""
    return any(r.first < i < r.kept for r in found)


def find_repeats(words: list[Word], index: list[int], last: list[int], found_already) -> list[tuple[int, int]]:
    """(first word cut, first word kept) of each earlier take said again; moves the script
    positions of the earlier copy's words onto the later copy's where those have none. A
    retake of `found_already` inside one of these is part of it (the alignment had found
    only a piece: "net runs too long ... No wait, from the top of" without "A pause")."""
    starts = take_starts(words)
    found: list[tuple[int, int]] = []
    for n, j in enumerate(starts):
        later_end = starts[n + 2] if n + 2 < len(starts) else len(words)
        later, later_owner = expand([w.text for w in words[j:later_end]])
        best = None
        for i in reversed(starts[:n]):
            if words[j].start - words[i].start > LOOK_BACK_S or (found and i < found[-1][1]):
                break
            if _overlaps_badly(found_already, i, j):
                continue
            earlier, earlier_owner = expand([w.text for w in words[i:j]])
            shared, upto, pairs = _shared(_broken_off(earlier, later), later[:len(earlier) + 3])
            telling = any(earlier[a] not in FUNCTION_WORDS for a, _ in pairs)
            whole = shared == len(earlier) <= SHORT_TAKE or (  # "Why not? Why not script matters"
                shared == upto <= SHORT_TAKE and _take_boundary_after(words, i, earlier_owner, upto))   # and an aside
            if (shared < MIN_SHARED and not whole) or shared < SHARED_SHARE * upto or not telling:
                continue
            if _reads_on(pairs, earlier_owner, i, j, index) or \
                    _in_script_twice(pairs, earlier_owner, later_owner, i, j, index) or \
                    not _continues(index, last, i, j, pairs, earlier_owner, later_owner):
                continue
            if best is None or shared > best[0]:             # "A | pause net runs ...": from "A"
                best = (shared, i, pairs, earlier_owner)
        if best is None:
            continue
        _, i, pairs, earlier_owner = best
        for a, b in pairs:
            source, target = i + earlier_owner[a], j + later_owner[b]
            if index[target] < 0 and index[source] >= 0:
                index[target], last[target] = index[source], last[source]
        first_said = j + later_owner[pairs[0][1]]
        kept = first_said if first_said in starts else j      # "again. | For years I ...": from "For"
        for k in range(i, kept):
            index[k] = last[k] = -1
        found.append((i, kept))
    return found
