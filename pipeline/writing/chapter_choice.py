"""Which chapters an episode gets: the essay's headings where it was read, else topics from the transcript."""

from __future__ import annotations

from ..hearing import levels
from . import chapters, topics


def choose_chapters(show, essay, script, words, alignment, timemap, kept_words, duration, use_script, samples):
    """[notes] chapters: "headings" from the essay; "auto" the same when the essay has headings
    and was read, else topic chapters from the transcript; "off" none. Returns (chapters, warnings)."""
    mode = show.notes.chapters
    if mode == "off":
        return [], []
    has_headings = len(essay.sections) > 1
    if mode == "headings" or (has_headings and use_script):
        if not use_script:
            return [chapters.Chapter(0.0, essay.title)], ["the recording does not follow the essay; "
                                                           "only an opening chapter was made"]
        db = levels.frame_db(samples)
        threshold = levels.speech_threshold(db)
        return chapters.from_essay(essay, script, words, alignment, timemap,
                                   lambda a, b: levels.onset(db, a, b, threshold))
    return topics.segment(kept_words, duration, show.notes.min_chapter_s, essay.title), []
