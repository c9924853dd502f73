"""essay words ↔ spoken words: which transcript word reads which word of the script.

Both sides are normalised to comparable tokens (case, punctuation, contractions,
numbers written as digits or spoken as words), then matched with a sequence alignment
(difflib's matching blocks), a window at a time along the reading (`_matches`). The
result, `alignment.json`, says for each transcript word its script position or -1
(off script), and for each essay section the time span where it was read.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import asdict, dataclass

from ..show.essay import Essay
from ..hearing.words import Word
from ..errors import check_version

UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SYMBOLS = {"&": "and", "%": "percent", "+": "plus", "@": "at"}
# Titles as they are read aloud; Whisper writes either form ("Dr." or "Doctor").
SPOKEN_AS = {"dr": "doctor", "mr": "mister", "mrs": "missus", "prof": "professor", "vs": "versus"}


def number_words(n: int) -> list[str]:
    """Spoken English for 0..999,999,999; years 1100-1999 and 2010-2099 as people say them."""
    if 1100 <= n <= 1999 and n % 100 != 0 or 2010 <= n <= 2099:
        high, low = divmod(n, 100)
        return number_words(high) + (["hundred"] if low == 0 else (["oh"] if low < 10 else []) + number_words(low))
    if n < 20:
        return [UNITS[n]]
    if n < 100:
        tens, unit = divmod(n, 10)
        return [TENS[tens]] + ([UNITS[unit]] if unit else [])
    for size, name in ((10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            high, low = divmod(n, size)
            return number_words(high) + [name] + (number_words(low) if low else [])
    return [str(n)]


ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
            "nine": "ninth", "twelve": "twelfth"}


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in ORDINALS:
        return words[:-1] + [ORDINALS[last]]
    if last.endswith("y"):
        return words[:-1] + [last[:-1] + "ieth"]
    return words[:-1] + [last + "th"]


def normalise(token: str) -> list[str]:
    """One written token → the spoken, comparable words it stands for ("$150,000" → 150000 dollars)."""
    return list(_normalised(token))


@functools.lru_cache(maxsize=1 << 16)
def _normalised(token: str) -> tuple[str, ...]:
    """normalise's work, done once per distinct token: the retake search expands the same
    spoken words many times over, and the editor asks about the same few thousand words tens
    of thousands of times a plan (18 000 on the 30-minute bench reading)."""
    text = token.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    out: list[str] = []
    for symbol, word in SYMBOLS.items():
        text = text.replace(symbol, f" {word} ")
    currency = "dollars" if "$" in text else "pounds" if "£" in text else "euros" if "€" in text else ""
    text = re.sub(r"[$£€]", " ", text)
    for part in re.split(r"[\s\-/]+", text):
        part = re.sub(r"^[^\w']+|[^\w']+$", "", part).strip("'")
        part = re.sub(r"(?<=\d),(?=\d{3})", "", part)
        if not part:
            continue
        match = re.fullmatch(r"(\d+)(st|nd|rd|th|s)?", part)
        if match and len(match.group(1)) <= 9:
            words = number_words(int(match.group(1)))
            if match.group(2) in ("st", "nd", "rd", "th"):
                words = _ordinal(words)
            out.extend(words)
        else:
            out.extend(SPOKEN_AS.get(w, w) for w in (re.sub(r"[^\w']", "", part).split() or [part]))
    if currency:
        out.append(currency)
    return tuple(w.replace("'", "") for w in out if w)


@dataclass(frozen=True)
class ScriptWord:
    text: str
    block: int
    section: int


def script_words(essay: Essay) -> list[ScriptWord]:
    words = []
    for i, block in enumerate(essay.blocks):
        for token in block.text.split():
            words.append(ScriptWord(token, i, block.section))
    return words


@dataclass(frozen=True)
class Alignment:
    """For transcript word i: `script_index[i]` (into the essay's script words) or -1, and
    `script_last[i]`, the last script word it covers ("1455" spoken as one word may read
    the script's "fourteen fifty-five")."""
    script_index: tuple[int, ...]
    script_words: int
    matched: int
    script_last: tuple[int, ...] = ()

    @property
    def last(self) -> tuple[int, ...]:
        """`script_last`, or `script_index` for an alignment written before it existed."""
        return self.script_last or self.script_index

    @property
    def coverage(self) -> float:
        """Share of script words that were heard."""
        return self.matched / self.script_words if self.script_words else 0.0

    def subset(self, keep: list[int]) -> "Alignment":
        """The alignment of only the transcript words `keep` (indices, ascending)."""
        last = self.last
        return Alignment(tuple(self.script_index[i] for i in keep), self.script_words, self.matched,
                         tuple(last[i] for i in keep))

    def to_dict(self) -> dict:
        return {"version": 1, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict) -> "Alignment":
        check_version(data, 1, "alignment.json")
        index = tuple(data["script_index"])
        return cls(index, data["script_words"], data["matched"], tuple(data.get("script_last", index)))


def expand(tokens: list[str]) -> tuple[list[str], list[int]]:
    """Normalised words and, for each, the index of the token it came from."""
    words, owner = [], []
    for i, token in enumerate(tokens):
        for word in _normalised(token):
            words.append(word)
            owner.append(i)
    return words, owner


WINDOW = 200           # spoken words matched at a time against ...
AHEAD = 60             # ... the script from where the reading is, this much further on,
BACK = 100             # and this much back (a retake reads a passage again)
LOST = 0.3             # a window matching less than this share searches the whole script
RUN = 3                # only a run of this many matched words says where the reading is


def _matches(t_words: list[str], s_words: list[str]) -> list[tuple[int, int]]:
    """(spoken, script) index pairs of normalised words that read each other.

    The reading moves forward through the script, so the spoken words are matched a
    window at a time against the stretch of script around where the reading is. That keeps
    the work linear in the length, and the matches local: a passage that comes round
    again is matched copy to copy rather than by the longest common run wherever it is
    (for copies longer than a window; shorter ones back to back would need a cost-based
    alignment). A window that matches little (a skipped page) is matched against the
    whole script; a short reading is one window, matched against all of it."""
    if len(t_words) <= WINDOW:
        return [(t, s) for t, s, _ in _blocks(t_words, 0, len(t_words), s_words, 0, len(s_words))]
    pairs: list[tuple[int, int]] = []
    t0, s0 = 0, 0
    while t0 < len(t_words):
        t1 = min(len(t_words), t0 + WINDOW)
        upto = t1 if t1 == len(t_words) else t0 + WINDOW * 2 // 3    # the rest is matched again next time
        lo, hi = max(0, s0 - BACK), min(len(s_words), s0 + (t1 - t0) + AHEAD)
        found = _blocks(t_words, t0, t1, s_words, lo, hi)
        if len(found) < LOST * (t1 - t0):
            found = _blocks(t_words, t0, t1, s_words, 0, len(s_words))
        kept = [(t, s, run) for t, s, run in found if t < upto]
        pairs += [(t, s) for t, s, _ in kept]
        anchors = [s for _, s, run in kept if run >= RUN]
        if anchors:
            s0 = max(s0, anchors[-1] + 1)
        t0 = upto
    return pairs


def _blocks(t_words, t0, t1, s_words, s0, s1) -> list[tuple[int, int, int]]:
    """(spoken, script, length of the matching run) for words of t_words[t0:t1] in s_words[s0:s1]."""
    matcher = difflib.SequenceMatcher(None, t_words[t0:t1], s_words[s0:s1], autojunk=False)
    return [(t0 + b.a + k, s0 + b.b + k, b.size) for b in matcher.get_matching_blocks() for k in range(b.size)]


def align(script: list[ScriptWord], spoken: list[Word]) -> Alignment:
    """Match spoken words to script words; unmatched spoken words are off script (-1)."""
    s_words, s_owner = expand([w.text for w in script])
    t_words, t_owner = expand([w.text for w in spoken])
    index, last = [-1] * len(spoken), [-1] * len(spoken)
    matched_script = set()
    for a, b in _matches(t_words, s_words):
        t, s = t_owner[a], s_owner[b]
        if index[t] == -1:
            index[t] = s
        last[t] = max(last[t], s)
        matched_script.add(s)
    _to_last_saying(index, last, [normalise(w.text) for w in spoken])
    return Alignment(tuple(index), len(script), len(matched_script), tuple(last))


SAID_AGAIN_WITHIN = 3          # words between a word and its repetition ("you know, you can")


def _to_last_saying(index: list[int], last: list[int], said: list[list[str]]) -> None:
    """A script word said, then something off script, then said again before the script goes
    on ("you, know, you can", "the, um, the page") is read by its last saying: that is where the
    sentence continues from, so what comes before it is the filler or the false start."""
    for k in range(len(index)):
        if index[k] < 0 or not said[k]:
            continue
        for m in range(k + 1, min(len(index) - 1, k + SAID_AGAIN_WITHIN + 2)):
            if index[m] >= 0:
                break
            if said[m] == said[k] and index[m + 1] == last[k] + 1:
                index[m], last[m], index[k], last[k] = index[k], last[k], -1, -1
                break
