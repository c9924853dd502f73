"""Script words that an edit takes out of the episode and that are read nowhere else in it.

A retake cut, a chatter cut or a filler cut may take a script word with it when the
transcript was wrong about what was said or when. Every such word that no kept word reads
is named in a warning (the run summary, `review.html`), with its time, so that no
sentence of the essay leaves the episode without the host being told.
"""

from __future__ import annotations

import numpy as np

from ..script.align import Alignment, normalise
from ..script.span import SIMILAR, sounds_like
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


def removed_at(times: np.ndarray, cuts: list[tuple[float, float]]) -> np.ndarray:
    """For each time, whether one of the cuts removes it; vectorised, so an hour's words
    against a thousand cuts take milliseconds (the review page asks on every change)."""
    merged: list[list[float]] = []
    for a, b in sorted(cuts):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    if not merged:
        return np.zeros(len(times), dtype=bool)
    starts, ends = np.array([a for a, _ in merged]), np.array([b for _, b in merged])
    at = np.searchsorted(starts, times, side="right") - 1
    return (at >= 0) & (times < ends[np.maximum(at, 0)])


def script_states(words: list[Word], alignment: Alignment | None, script_count: int,
                  cuts: list[tuple[float, float]], script: tuple[str, ...] = ()) -> tuple[list[str], dict[int, float]]:
    """For each script word: "kept" (a reading of it stays, perhaps misheard: `_misheard_kept`,
    given the `script`'s words), "cut" (every reading is cut) or "unheard"; and where each
    script word's first cut reading was said."""
    states = ["unheard"] * script_count
    cut_at: dict[int, float] = {}
    if alignment is None or not words:
        return states, cut_at
    last = alignment.last
    removed = removed_at(np.array([(w.start + w.end) / 2 for w in words]), cuts)
    for i, word in enumerate(words):
        if alignment.script_index[i] < 0:
            continue
        for k in range(alignment.script_index[i], min(last[i], script_count - 1) + 1):
            if not removed[i]:
                states[k] = "kept"
            else:
                cut_at.setdefault(k, word.start)
                if states[k] == "unheard":
                    states[k] = "cut"
    if script:
        _misheard_kept(states, words, alignment, removed, script)
    return states, cut_at


GUESSED_P = 0.25                # kept words Whisper wrote at this mean probability or under are its guesses


def _misheard_kept(states: list[str], words: list[Word], alignment: Alignment, removed: np.ndarray,
                   script: tuple[str, ...]) -> None:
    """Runs of cut script words that a kept reading says all the same, misheard: between the
    kept words read just before and just after the run, the kept words that read no script
    word sound like the script words missing there (seen in the eval corpus: "It hears a
    room" written "Here's a room" in both takes, and the earlier take's "in it." taken for
    the "It", whose cut then looked like losing the only "It"), or are Whisper's guesses at
    what was said there ("I'm gonna go to the next room" at p 0.15 for "It hears a room")."""
    index, last = alignment.script_index, alignment.last
    read = [i for i in range(len(words)) if index[i] >= 0 and not removed[i]]
    for run in _runs([k for k, state in enumerate(states) if state == "cut"]):
        before = [i for i in read if last[i] < run[0]]
        after = [i for i in read if index[i] > run[-1]]
        if not before or not after:
            continue
        i = max(before, key=lambda n: (last[n], n))
        j = min(after, key=lambda n: (index[n], n))
        between = [words[n] for n in range(i + 1, j) if index[n] < 0 and not removed[n]]
        heard = [t for w in between for t in normalise(w.text)]
        missing = [t for k in range(last[i] + 1, index[j]) for t in normalise(script[k])]
        guessed = bool(between) and sum(w.probability for w in between) / len(between) <= GUESSED_P
        if i < j and heard and (guessed or sounds_like(heard, missing) >= SIMILAR):
            for k in run:
                states[k] = "kept"


def lost_words(words: list[Word], alignment: Alignment | None, script: tuple[str, ...],
               cuts: list[tuple[float, float]]) -> list[tuple[str, float]]:
    """(the words, where the first was said) for each run of script words that every
    reading of them is cut."""
    if alignment is None or not script:
        return []
    return lost_runs(*script_states(words, alignment, len(script), cuts, script), script)


def lost_runs(states: list[str], cut_at: dict[int, float], script) -> list[tuple[str, float]]:
    """(the words, where the first was said) for each run of script words in state "cut"."""
    lost = [k for k, state in enumerate(states) if state == "cut"]
    return [(" ".join(script[k] for k in run), cut_at[run[0]]) for run in _runs(lost)]


def lost_script(words: list[Word], alignment: Alignment | None, script: tuple[str, ...],
                cuts: list[tuple[float, float]], said_again: list[tuple[float, float]] = ()) -> list[str]:
    """One warning per run of script words that every reading of them is cut, but for words
    in `said_again`: false starts, whose repeat the transcript glued into one word."""
    lost = [(text, at) for text, at in lost_words(words, alignment, script, cuts)
            if not any(a <= at <= b for a, b in said_again)]
    return [f"script words cut and not heard anywhere else in the episode: “{text}” at {_clock(at)}; check the "
            "edit, and keep them with edits.toml if they belong" for text, at in lost]


def unheard(words: tuple[str, ...], where: str, kept: float | None = None) -> list[str]:
    """A warning for script words that no part of the take was recognised as; `kept`: the
    seconds of speech beyond the recognised reading kept because those words fit it."""
    if not words:
        return []
    shown = " ".join(words) if len(words) <= 12 else " ".join(words[:12]) + " …"
    if kept is not None:
        return [f"the {where} of the essay (“{shown}”) was not recognised in the take; {kept:.1f} s of speech at "
                f"the {where} that sounds like it was kept: listen, and cut it with edits.toml if it is not"]
    return [f"the {where} of the essay (“{shown}”) was not recognised in the take; if it was read, it may be "
            f"in the chatter cut at the {where}: listen, and keep it with edits.toml"]
