"""The host's own corrections (`edits.toml`) and the Audacity label track of the plan.

edits.toml (raw recording seconds; written by hand or by `produce review`'s Save):
    [[cut]]                      # remove a range, by time ...
    start = 12.5
    end = 14.0
    [[cut]]                      # ... or by the words said (first occurrence)
    words = "as I said last week"
    [[keep]]                     # undo every automatic edit that touches this range
    start = 61.0
    end = 65.0
    [[move]]                     # an automatic edit made over another range
    reason = "pause"
    start = 30.1                 # the edit as the editor planned it
    end = 31.5
    new_start = 30.1             # the range to remove instead
    new_end = 31.2

Manual entries override the automatic plan: keeps first, then moves, then cuts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ..script.align import normalise
from ..show.config import read_toml
from .edits import Edit, EditList
from ..errors import ConfigError
from ..show.schema import check, load_table
from ..hearing.words import Word


def _check_range(start: float | None, end: float | None, prefix: str = "") -> None:
    if start is not None and end is not None:
        check(math.isfinite(start) and math.isfinite(end), f"{prefix}end", "must be a number of seconds")
        check(start >= 0, f"{prefix}start", "must be 0 or more (seconds from the recording's start)")
        check(start < end, f"{prefix}end", f"must be after `{prefix}start`")


@dataclass(frozen=True)
class Range:
    start: float | None = None
    end: float | None = None
    words: str = ""
    note: str = ""

    def __post_init__(self):
        check(bool(self.words) or (self.start is not None and self.end is not None), "start",
              "give `start` and `end` in seconds, or `words` to find")
        _check_range(self.start, self.end)


@dataclass(frozen=True)
class Move:
    """An automatic edit (`reason`, planned over `start`–`end`) made over `new_start`–`new_end`."""
    start: float
    end: float
    new_start: float
    new_end: float
    reason: str = "manual"
    note: str = ""

    def __post_init__(self):
        _check_range(self.start, self.end)
        _check_range(self.new_start, self.new_end, "new_")


@dataclass(frozen=True)
class ManualEdits:
    cut: tuple[Range, ...] = ()
    keep: tuple[Range, ...] = ()
    move: tuple[Move, ...] = ()

    @property
    def count(self) -> int:
        return len(self.cut) + len(self.keep) + len(self.move)


def load(path: Path) -> ManualEdits:
    """edits.toml, checked (one plain error naming the file and key); empty when there is none."""
    return load_table(ManualEdits, read_toml(path), path) if path.exists() else ManualEdits()


def _find_words(phrase: str, words: list[Word], path: Path) -> tuple[float, float]:
    target = [t for token in phrase.split() for t in normalise(token)]
    spoken = [(normalise(w.text), w) for w in words]
    flat: list[tuple[str, Word]] = [(t, w) for tokens, w in spoken for t in tokens]
    for i in range(len(flat) - len(target) + 1):
        if [t for t, _ in flat[i:i + len(target)]] == target:
            return flat[i][1].start, flat[i + len(target) - 1][1].end
    raise ConfigError(f"{path}: the words “{phrase}” were not found in the transcript; check "
                      "build/transcript.json for how they were heard, or give start and end times")


def span_of(item: Range, words: list[Word], path: Path) -> tuple[float, float]:
    """The range an entry removes or keeps: its words where first heard, or its times."""
    return _find_words(item.words, words, path) if item.words else (item.start, item.end)


def _touches(edit: Edit, a: float, b: float) -> bool:
    return edit.start < b and edit.end > a


def apply_edits(plan: EditList, manual: ManualEdits, words: list[Word], path: Path) -> EditList:
    """The plan with the host's keeps, moves and cuts applied."""
    kept_spans = [span_of(k, words, path) for k in manual.keep]
    edits = [e for e in plan.edits if not any(_touches(e, a, b) for a, b in kept_spans)]
    for move in manual.move:
        planned = [e for e in edits if _touches(e, move.start, move.end) and e.reason == move.reason]
        edits = [e for e in edits if e not in planned]
        action = planned[0].action if planned else "cut"
        detail = move.note or f"moved by the host from {move.start:.2f}–{move.end:.2f} s"
        edits.append(Edit(round(move.new_start, 3), round(min(move.new_end, plan.duration), 3), action,
                          move.reason, detail))
    for item in manual.cut:
        a, b = span_of(item, words, path)
        edits.append(Edit(round(a, 3), round(min(b, plan.duration), 3), "cut", "manual",
                          item.note or (f"“{item.words}”" if item.words else "edits.toml")))
    return EditList(plan.duration, tuple(sorted(edits, key=lambda e: e.start)), plan.warnings)


def apply(plan: EditList, path: Path, words: list[Word]) -> EditList:
    """The plan with the host's edits from `path` applied."""
    return apply_edits(plan, load(path), words, path)


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _entry(kind: str, fields: dict, comment: str) -> str:
    body = tomli_w.dumps({k: v for k, v in fields.items() if v not in ("", None)})
    return f"# {' '.join(comment.split())}\n[[{kind}]]\n{body}"          # a note's line breaks stay out of the comment


def _describe(kind: str, item) -> str:
    if kind == "keep":
        return f"kept by the host: {item.note or 'the automatic edit'} at {_clock(item.start)}"
    if kind == "move":
        return (f"{item.reason} at {_clock(item.start)} moved: {item.start:.2f}–{item.end:.2f} s → "
                f"{item.new_start:.2f}–{item.new_end:.2f} s")
    where = f"{_clock(item.start)}–{_clock(item.end)}" if item.start is not None else "where first heard"
    return f"cut by the host, {where}" + (f": {item.note}" if item.note else "")


def to_toml(manual: ManualEdits, title: str = "") -> str:
    """edits.toml as `produce review` saves it: one entry per decision, in time order, each
    with a comment naming the change; `load` reads it back as the same decisions."""
    entries = [("keep", k) for k in manual.keep] + [("move", m) for m in manual.move] + \
              [("cut", c) for c in manual.cut]
    entries.sort(key=lambda e: (e[1].start if e[1].start is not None else math.inf, e[0]))
    head = (f"# The host's corrections to the automatic edit{f' of “{title}”' if title else ''}, saved by "
            "`produce review`.\n# Times are seconds of the raw recording; `produce episode` applies these "
            "over the editor's plan.\n")
    fields = {"keep": ("start", "end", "words", "note"), "cut": ("start", "end", "words", "note"),
              "move": ("reason", "start", "end", "new_start", "new_end", "note")}
    body = [_entry(kind, {f: getattr(item, f) for f in fields[kind]}, _describe(kind, item)) for kind, item in entries]
    return head + "".join("\n" + b for b in body)


def audacity_labels(plan: EditList) -> str:
    """One label per edit: start<TAB>end<TAB>reason: detail (File > Import > Labels)."""
    return "".join(f"{e.start:.3f}\t{e.end:.3f}\t{e.reason}: {e.detail}\n" for e in plan.edits)
