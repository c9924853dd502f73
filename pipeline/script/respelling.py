"""The script-corrected transcript: what was said, spelled the way the host wrote it.

Where the alignment is confident, the published words take the essay's spelling,
capitals, numbers and punctuation ("Gutenberg", "$150,000", "1455"); a short stretch
where the recogniser misheard a word or two between two anchors is replaced by the
script's words; where the host went off script (an ad-lib, a filler, a retake), what
was said is kept. The raw engine output stays in `transcript.json` for the record.
"""

from __future__ import annotations

from .align import Alignment, ScriptWord
from ..hearing.words import Word

MAX_MISHEARD = 4          # a gap longer than this on either side is taken as off script


def _spread(texts: list[str], start: float, end: float, probability: float) -> list[Word]:
    """Words over [start, end], each given time in proportion to its length."""
    weights = [max(1, len(t)) for t in texts]
    total, position, out = sum(weights), start, []
    for text, weight in zip(texts, weights):
        length = (end - start) * weight / total
        out.append(Word(text, round(position, 3), round(position + length, 3), probability))
        position += length
    return out


def corrected_words(words: list[Word], script: list[ScriptWord], alignment: Alignment) -> list[Word]:
    """The transcript's words with the script's spelling wherever the alignment vouches for it."""
    index, last = alignment.script_index, alignment.last
    out: list[Word] = []
    i, n = 0, len(words)
    previous_script = -1                      # last script word emitted
    while i < n:
        if index[i] >= 0:
            j = i
            while j + 1 < n and index[j + 1] == index[i]:
                j += 1
            first, final = index[i], max(last[i:j + 1])
            texts = [w.text for w in script[first:final + 1]]
            out += _spread(texts, words[i].start, words[j].end, min(w.probability for w in words[i:j + 1]))
            previous_script = max(previous_script, final)
            i = j + 1
            continue
        j = i                                 # an unaligned run: words[i:j]
        while j < n and index[j] < 0:
            j += 1
        next_script = index[j] if j < n else len(script)
        missing = script[previous_script + 1: next_script] if previous_script >= 0 or j < n else []
        run = words[i:j]
        if missing and len(missing) <= MAX_MISHEARD and len(run) <= MAX_MISHEARD and j < n and previous_script >= 0:
            out += _spread([w.text for w in missing], run[0].start, run[-1].end, min(w.probability for w in run))
            previous_script = next_script - 1
        else:
            out += run
        i = j
    return out
