"""Script words that an edit takes out of the episode and that are read nowhere else in it.

A retake cut, a chatter cut or a filler cut may take a script word with it when the
transcript was wrong about what was said or when. Every such word that no kept word reads
is named in a warning (the run summary, `review.html`), with its time, so that no
sentence of the essay leaves the episode without the host being told.
"""

from __future__ import annotations

from ..script.align import Alignment
from ..hearing.words import Word


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _runs(positions: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for k in positions:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def lost_words(words: list[Word], alignment: Alignment | None, script: tuple[str, ...],
               cuts: list[tuple[float, float]]) -> list[tuple[str, float]]:
    """(the words, where the first was said) for each run of script words that every
    reading of them is cut."""
    if alignment is None or not script:
        return []
    last = alignment.last
    kept: set[int] = set()
    cut_at: dict[int, float] = {}
    for i, word in enumerate(words):
        if alignment.script_index[i] < 0:
            continue
        middle = (word.start + word.end) / 2
        removed = any(a <= middle < b for a, b in cuts)
        for k in range(alignment.script_index[i], last[i] + 1):
            if removed:
                cut_at.setdefault(k, word.start)
            else:
                kept.add(k)
    lost = sorted(k for k in cut_at if k not in kept)
    return [(" ".join(script[k] for k in run), cut_at[run[0]]) for run in _runs(lost)]


def lost_script(words: list[Word], alignment: Alignment | None, script: tuple[str, ...],
                cuts: list[tuple[float, float]]) -> list[str]:
    """One warning per run of script words that every reading of them is cut."""
    lost = lost_words(words, alignment, script, cuts)
    return [f"script words cut and not heard anywhere else in the episode: “{text}” at {_clock(at)}; check the "
            "edit, and keep them with edits.toml if they belong" for text, at in lost]


def unheard(words: tuple[str, ...], where: str) -> list[str]:
    """A warning for script words that no part of the take was recognised as."""
    if not words:
        return []
    shown = " ".join(words) if len(words) <= 12 else " ".join(words[:12]) + " …"
    return [f"the {where} of the essay (“{shown}”) was not recognised in the take; if it was read, it may be "
            f"in the chatter cut at the {where}: listen, and keep it with edits.toml"]
