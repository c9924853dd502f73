"""Soundbites (`podcast:soundbite`): one to three stretches of 15 to 60 s that apps play as a
preview or share as a clip, chosen from the essay as the listener hears it.

A soundbite is whole sentences of the edited episode (the kept words, on the edited timeline,
spelled as the essay spells them), so it starts and ends where the reader does. Sentences
the essay quotes come first (a quotation is what a reader would share); then stretches near
30 s, earlier ones before later ones (the essay's argument is usually set up first).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..hearing.words import Word

MIN_S, MAX_S, BEST_S = 15.0, 60.0, 30.0
QUOTES = ("“", "”", '"', "‘")
ENDS = (".", "!", "?", ".”", "!”", "?”", '."', '!"', '?"')
VERSION = 1


@dataclass(frozen=True)
class Soundbite:
    start: float            # s, edited timeline
    duration: float         # s
    title: str              # its first words


def sentences(words: list[Word]) -> list[tuple[int, int]]:
    """(first, last) word index of each sentence."""
    spans, first = [], 0
    for i, word in enumerate(words):
        if word.text.rstrip().endswith(ENDS) or i == len(words) - 1:
            spans.append((first, i))
            first = i + 1
    return spans


def _title(words: list[Word]) -> str:
    text = " ".join(w.text for w in words)
    if len(text) <= 80:
        return text
    cut = text[:77].rsplit(" ", 1)[0]
    return cut if cut.endswith(ENDS) else cut + "…"


def choose(words: list[Word], count: int = 3) -> list[Soundbite]:
    """Up to `count` soundbites that do not overlap, in time order."""
    spans = sentences(words)
    candidates = []
    for a in range(len(spans)):
        for b in range(a, len(spans)):
            start, end = words[spans[a][0]].start, words[spans[b][1]].end
            if end - start > MAX_S:
                break
            if end - start >= MIN_S:
                quoted = any(q in w.text for w in words[spans[a][0]: spans[b][1] + 1] for q in QUOTES)
                score = (0 if quoted else 1, abs(end - start - BEST_S) // 5, start)
                candidates.append((score, start, end, spans[a][0], spans[b][1]))
    chosen: list[tuple[float, float, int, int]] = []
    for _, start, end, first, last in sorted(candidates):
        if len(chosen) == count:
            break
        if all(end <= s or start >= e for s, e, _, _ in chosen):
            chosen.append((start, end, first, last))
    return [Soundbite(round(s, 3), round(e - s, 3), _title(words[f: l + 1])) for s, e, f, l in sorted(chosen)]


def to_json(bites: list[Soundbite]) -> dict:
    return {"version": VERSION, "soundbites": [{"startTime": b.start, "duration": b.duration, "title": b.title}
                                               for b in bites]}


def from_json(data: dict) -> list[Soundbite]:
    return [Soundbite(float(b["startTime"]), float(b["duration"]), str(b["title"])) for b in data.get("soundbites", [])]
