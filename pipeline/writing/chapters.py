"""essay sections + alignment + time map → chapters on the edited timeline.

One chapter per `##` section, starting where its first words are heard (the heading
itself when the host reads it), an opening chapter at 0:00, and a "PS" chapter when a
PS is read. A section that was not read is dropped with a warning.

chapters.json is Podcasting 2.0 chapters 1.2.0:
    {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "...", "url": "..."}]}
"""

from __future__ import annotations

from dataclasses import dataclass

from ..script.align import Alignment, ScriptWord
from ..show.essay import Essay
from ..editing.timemap import TimeMap
from ..hearing.words import Word


@dataclass(frozen=True)
class Chapter:
    start: float          # seconds on the edited timeline
    title: str
    url: str = ""


def from_essay(essay: Essay, script: list[ScriptWord], words: list[Word], alignment: Alignment,
               timemap: TimeMap, onset=None) -> tuple[list[Chapter], list[str]]:
    """Chapters from the essay's headings and PS; returns (chapters, warnings).

    With an intro (`timemap.offset` > 0) the first chapter is "Intro" and the essay's
    opening starts where the voice does.
    """
    first_heard: dict[tuple[str, int], float] = {}
    block_start: dict[int, int] = {}
    for i, item in enumerate(script):
        block_start.setdefault(item.block, i)
    for k, (word, index) in enumerate(zip(words, alignment.script_index)):
        if index < 0:
            continue
        block = essay.blocks[script[index].block]
        key = ("ps", 0) if block.kind == "ps" else ("section", block.section)
        if key not in first_heard and timemap.is_kept(word.start, word.end):
            missing = index - block_start[script[index].block]     # the block's first words, misheard
            while missing > 0 and k > 0 and alignment.script_index[k - 1] < 0:
                k, missing = k - 1, missing - 1
                word = words[k]
            real = onset(words[k - 1].start if k else 0.0, word.end) if onset else None
            first_heard[key] = real if real is not None and real < word.end else word.start
    chapters = [Chapter(0.0, essay.title)]
    if timemap.offset > 0:
        chapters = [Chapter(0.0, "Intro"), Chapter(round(timemap.offset, 3), essay.title)]
    warnings = []
    for number, section in enumerate(essay.sections):
        if number == 0:
            continue
        start = first_heard.get(("section", number))
        if start is None:
            warnings.append(f"section “{section.title}” was not found in the recording; it has no chapter")
            continue
        url = section.links[0].url if section.links else ""
        chapters.append(Chapter(round(float(timemap.to_edited(max(0.0, start - 0.1))), 3), section.title, url))
    if ("ps", 0) in first_heard:
        chapters.append(Chapter(round(float(timemap.to_edited(max(0.0, first_heard[("ps", 0)] - 0.1))), 3), "PS"))
    chapters = _ascending(chapters)
    return chapters, warnings


def _ascending(chapters: list[Chapter]) -> list[Chapter]:
    """Keep chapters in time order; drop any that would start at or before its predecessor."""
    out: list[Chapter] = []
    for chapter in chapters:
        if not out or chapter.start > out[-1].start:
            out.append(chapter)
    return out


def to_json(chapters: list[Chapter]) -> dict:
    """Podcasting 2.0 chapters 1.2.0."""
    items = []
    for chapter in chapters:
        item = {"startTime": round(chapter.start, 3), "title": chapter.title}
        if chapter.url:
            item["url"] = chapter.url
        items.append(item)
    return {"version": "1.2.0", "chapters": items}


def from_json(data: dict) -> list[Chapter]:
    return [Chapter(c["startTime"], c.get("title", ""), c.get("url", "")) for c in data.get("chapters", [])]


def clock(seconds: float) -> str:
    """0:00, 4:05, 1:02:03, as YouTube and show notes write times."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

