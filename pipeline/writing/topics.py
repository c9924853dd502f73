"""Chapters without a script: topic segmentation of the transcript (an interview, or an
essay with no headings).

TextTiling (Hearst, 1997), on the spoken words: the transcript is cut into blocks of
about 20 words; at each gap between blocks, the vocabulary of the few blocks before is
compared with the few after (cosine similarity of content-word counts); a gap where the
similarity dips deeply below its neighbours is a topic boundary, and a long pause there
makes it more likely. Boundaries are taken deepest first, never closer than the minimum
chapter length, and each chapter is titled with its most distinctive phrase.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from .chapters import Chapter
from .notes import STOPWORDS
from ..hearing.words import Word

BLOCK_WORDS, WINDOW_BLOCKS = 20, 4
PAUSE_BONUS_S = 1.5


def _stem(word: str) -> str:
    for suffix in ("ingly", "edly", "ing", "ies", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _terms(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[a-z']+", text.lower()) if w not in STOPWORDS and len(w) > 2]


def _cosine(a: Counter, b: Counter) -> float:
    common = set(a) & set(b)
    dot = sum(a[t] * b[t] for t in common)
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def gap_depths(words: list[Word]) -> tuple[list[int], np.ndarray]:
    """(word index where each gap between blocks falls, depth score of each gap)."""
    blocks = [words[i: i + BLOCK_WORDS] for i in range(0, len(words), BLOCK_WORDS)]
    counts = [Counter(t for w in block for t in _terms(w.text)) for block in blocks]
    gaps, scores = [], []
    for g in range(1, len(blocks)):
        left = sum(counts[max(0, g - WINDOW_BLOCKS): g], Counter())
        right = sum(counts[g: g + WINDOW_BLOCKS], Counter())
        gaps.append(g * BLOCK_WORDS)
        scores.append(_cosine(left, right))
    scores = np.array(scores)
    depths = np.zeros(len(scores))
    for i, value in enumerate(scores):
        left_peak = scores[: i + 1].max() if i else value
        right_peak = scores[i:].max()
        depths[i] = (left_peak - value) + (right_peak - value)
    return gaps, depths


def _snap_to_pause(words: list[Word], index: int, reach: int = BLOCK_WORDS // 2) -> tuple[int, float]:
    """Move a boundary to the longest pause within `reach` words; return (index, pause)."""
    lo, hi = max(1, index - reach), min(len(words) - 1, index + reach)
    best, pause = index, 0.0
    for k in range(lo, hi + 1):
        gap = words[k].start - words[k - 1].end
        if gap > pause:
            best, pause = k, gap
    return best, pause


def _title(words: list[Word], others: list[list[Word]]) -> str:
    """The chapter's most distinctive two-word phrase (or word), in its spoken form."""
    def phrases(chunk):
        tokens = [w.text.strip(".,;:!?\"“”'()").lower() for w in chunk]
        grams = Counter()
        for a, b in zip(tokens, tokens[1:]):
            if a not in STOPWORDS and b not in STOPWORDS and len(a) > 2 and len(b) > 2:
                grams[f"{a} {b}"] += 1
        for t in tokens:
            if t not in STOPWORDS and len(t) > 3:
                grams[t] += 0.5
        return grams
    mine = phrases(words)
    elsewhere = Counter()
    for other in others:
        elsewhere.update(set(phrases(other)))
    ranked = sorted(mine, key=lambda p: (-(mine[p] / (1 + elsewhere[p])), -len(p.split()), p))
    return ranked[0].capitalize() if ranked else "Part"


def segment(words: list[Word], duration: float, min_chapter_s: float = 60.0,
            opening_title: str = "") -> list[Chapter]:
    """Topic chapters over `words` (edited timeline), each at least min_chapter_s long."""
    if len(words) < BLOCK_WORDS * 3 or duration < 2 * min_chapter_s:
        return [Chapter(0.0, opening_title or _title(words, []))]
    gaps, depths = gap_depths(words)
    cutoff = depths.mean() + 0.5 * depths.std() if len(depths) else 0
    candidates = []
    for gap, depth in zip(gaps, depths):
        index, pause = _snap_to_pause(words, gap)
        score = depth + (0.15 if pause >= PAUSE_BONUS_S else 0.0)
        if score > cutoff:
            candidates.append((score, index))
    chosen: list[int] = []
    for score, index in sorted(candidates, reverse=True):
        start = words[index].start
        if start < min_chapter_s or duration - start < min_chapter_s:
            continue
        if all(abs(start - words[c].start) >= min_chapter_s for c in chosen):
            chosen.append(index)
    bounds = [0] + sorted(chosen) + [len(words)]
    parts = [words[a:b] for a, b in zip(bounds, bounds[1:])]
    chapters = []
    for n, part in enumerate(parts):
        others = parts[:n] + parts[n + 1:]
        title = opening_title if n == 0 and opening_title else _title(part, others)
        start = 0.0 if n == 0 else max(0.0, round(part[0].start - 0.1, 3))
        chapters.append(Chapter(start, title))
    return chapters
