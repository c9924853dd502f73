"""The host's own corrections (`edits.toml`) and the Audacity label track of the plan.

edits.toml:
    [[cut]]                      # remove a range, by time (raw recording seconds) ...
    start = 12.5
    end = 14.0
    [[cut]]                      # ... or by the words said (first occurrence)
    words = "as I said last week"
    [[keep]]                     # undo every automatic edit that touches this range
    start = 61.0
    end = 65.0

Manual entries override the automatic plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..script.align import normalise
from ..show.config import read_toml
from .edits import Edit, EditList
from ..errors import ConfigError
from ..show.schema import check, load_table
from ..hearing.words import Word


@dataclass(frozen=True)
class Range:
    start: float | None = None
    end: float | None = None
    words: str = ""
    note: str = ""

    def __post_init__(self):
        check(bool(self.words) or (self.start is not None and self.end is not None), "start",
              "give `start` and `end` in seconds, or `words` to find")
        if self.start is not None and self.end is not None:
            check(0 <= self.start < self.end, "end", "must be after `start`")


@dataclass(frozen=True)
class ManualEdits:
    cut: tuple[Range, ...] = ()
    keep: tuple[Range, ...] = ()


def _find_words(phrase: str, words: list[Word], path: Path) -> tuple[float, float]:
    target = [t for token in phrase.split() for t in normalise(token)]
    spoken = [(normalise(w.text), w) for w in words]
    flat: list[tuple[str, Word]] = [(t, w) for tokens, w in spoken for t in tokens]
    for i in range(len(flat) - len(target) + 1):
        if [t for t, _ in flat[i:i + len(target)]] == target:
            return flat[i][1].start, flat[i + len(target) - 1][1].end
    raise ConfigError(f"{path}: the words “{phrase}” were not found in the transcript; check "
                      "build/transcript.json for how they were heard, or give start and end times")


def _span(item: Range, words: list[Word], path: Path) -> tuple[float, float]:
    return _find_words(item.words, words, path) if item.words else (item.start, item.end)


def apply(plan: EditList, path: Path, words: list[Word]) -> EditList:
    """The plan with the host's keeps and cuts from `path` applied."""
    manual = load_table(ManualEdits, read_toml(path), path)
    kept_spans = [_span(k, words, path) for k in manual.keep]
    edits = [e for e in plan.edits if not any(e.start < b and e.end > a for a, b in kept_spans)]
    for item in manual.cut:
        a, b = _span(item, words, path)
        edits.append(Edit(round(a, 3), round(min(b, plan.duration), 3), "cut", "manual",
                          item.note or (f"“{item.words}”" if item.words else "edits.toml")))
    return EditList(plan.duration, tuple(sorted(edits, key=lambda e: e.start)), plan.warnings)


def audacity_labels(plan: EditList) -> str:
    """One label per edit: start<TAB>end<TAB>reason: detail (File > Import > Labels)."""
    return "".join(f"{e.start:.3f}\t{e.end:.3f}\t{e.reason}: {e.detail}\n" for e in plan.edits)
