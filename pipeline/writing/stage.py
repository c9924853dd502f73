"""The notes stage: everything written on the edited timeline. The words kept, spelled as the
essay spells them, become captions and transcripts (`captions/`); the chapters
(`chapters.json`) come from the essay's headings or the talk's topics; the show notes
(`shownotes.md`, `.html`, `summary.html`) and the YouTube description (`youtube.txt`) from
the essay and the chapters; soundbites for the feed (`soundbites.json`); the newsletter's listen block (`newsletter.html`, `.md`, `.txt`)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from ..cache import write_json, write_text
from ..editing.edits import EditList
from ..editing.timemap import TimeMap
from ..hearing.words import Word
from ..script import respelling
from ..script.align import ScriptWord
from ..script.takes import Reading
from ..show.config import Show
from ..show.essay import Essay
from . import captions, chapter_choice, chapters, newsletter, notes, soundbites

OUTPUTS = ("chapters.json", "shownotes.md", "shownotes.html", "summary.html", "youtube.txt",
           "newsletter.html", "newsletter.md", "newsletter.txt", "soundbites.json", *[f"captions/{n}" for n in captions.WRITERS])


def kept_words(words: list[Word], plan: EditList, timemap: TimeMap, reading: Reading, script: list[ScriptWord],
               use_script: bool) -> list[Word]:
    """The words the listener hears, on the edited timeline, spelled as the essay spells them."""
    removed = plan.removed_words()
    keep = [i for i in range(len(words)) if i not in removed]
    spoken = [words[i] for i in keep]
    if use_script:
        spoken = respelling.corrected_words(spoken, script, reading.alignment.subset(keep))
    unnamed = [(e.start, e.end) for e in plan.edits if e.action == "cut" and not e.words]
    return captions.edited_words(spoken, timemap, unnamed)


def write_notes(show: Show, essay: Essay, words: list[Word], samples: np.ndarray, reading: Reading,
                script: list[ScriptWord], use_script: bool, plan: EditList, timemap: TimeMap, duration: float,
                transcript_url: str, listen_urls: tuple[str, str, str], out: Callable[[str], Path]) -> dict:
    """Writes every file in OUTPUTS; returns the stage's record (the warnings for the host).
    `listen_urls`: the episode's page, its picture and the feed, for the newsletter's block."""
    heard = kept_words(words, plan, timemap, reading, script, use_script)
    chapter_list, warnings = chapter_choice.choose_chapters(show, essay, script, words, reading.alignment, timemap,
                                                            heard, duration, use_script, samples)
    write_json(out("chapters.json"), chapters.to_json(chapter_list))
    write_json(out("soundbites.json"), soundbites.to_json(soundbites.choose(heard)))
    cues = captions.cues(heard)
    for name, writer in captions.WRITERS.items():
        write_text(out(f"captions/{name}"), writer(cues, show.author))
    shownotes = notes.build_notes(show, essay, chapter_list, duration, transcript_url, warnings)
    for name, text in (("shownotes.md", shownotes.markdown), ("shownotes.html", shownotes.html),
                       ("summary.html", shownotes.short_html), ("youtube.txt", shownotes.youtube)):
        write_text(out(name), text)
    block = newsletter.listen_block(show, essay.title, duration, *listen_urls)
    for name, text in (("newsletter.html", block.html), ("newsletter.md", block.markdown),
                       ("newsletter.txt", block.text)):
        write_text(out(name), text)
    youtube_note = [f"youtube.txt has no chapter list: {shownotes.youtube_problem}"] \
        if shownotes.youtube_problem else []
    return {"warnings": warnings + youtube_note}
