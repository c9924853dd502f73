"""Chapters: from the essay's headings at the right words on the edited timeline, and from
topics when there is no script."""

import json

import numpy as np

from pipeline.editing.edits import EditList
from pipeline.writing.topics import segment
from pipeline.hearing.words import Word

from tests.support import SAMPLE


def test_heading_chapters_within_half_a_second_of_the_truth(built_show, demo_recording):
    """The demo recording's ground truth: where each heading (and the PS) was spoken."""
    truth = json.loads((demo_recording.parent / "truth.json").read_text())
    build = built_show / "episodes" / SAMPLE / "build"
    timemap = EditList.from_dict(json.loads((build / "edits.json").read_text())).timemap()
    chapters = json.loads((build / "chapters.json").read_text())["chapters"]
    spoken = {e["text"]: e["start"] for e in truth if e["kind"] == "say"}
    for chapter in chapters[1:]:
        if chapter["title"] == "PS":
            start = next(t for text, t in spoken.items() if text.startswith("PS"))
        else:
            start = spoken[chapter["title"]]
        assert abs(chapter["startTime"] - timemap.to_edited(start)) <= 0.5, chapter
    assert chapters[0]["startTime"] == 0.0 and len(chapters) == 4


TOPICS = {
    "garden": "tomato soil compost seedlings watering garden beds mulch harvest greenhouse".split(),
    "bicycle": "bicycle chain gears saddle tyres brakes pedals frame commute helmet".split(),
    "bread": "sourdough flour starter dough oven crust bake yeast loaf kneading".split(),
}


def interview(seed=5, words_per_topic=220):
    rng = np.random.default_rng(seed)
    filler = "and then we talked about how it really was for you at the time so yes".split()
    words, t, truth = [], 0.0, []
    for name, vocabulary in TOPICS.items():
        truth.append(len(words))
        for k in range(words_per_topic):
            text = rng.choice(vocabulary) if rng.random() < 0.35 else rng.choice(filler)
            words.append(Word(str(text), round(t, 2), round(t + 0.3, 2)))
            t += 0.4
        t += 2.0                                     # a long pause between topics
    return words, truth, t


def test_topic_chapters_find_the_boundaries_and_name_them():
    words, truth, duration = interview()
    chapters = segment(words, duration, min_chapter_s=30.0, opening_title="An interview")
    assert len(chapters) == 3, chapters
    assert chapters[0].start == 0.0 and chapters[0].title == "An interview"
    for chapter, start_word, name in zip(chapters[1:], truth[1:], list(TOPICS)[1:]):
        assert abs(chapter.start - words[start_word].start) <= 2.0, (chapter, words[start_word])
        assert any(term in chapter.title.lower() for term in TOPICS[name]), chapter.title


def test_topic_chapters_respect_the_minimum_length():
    words, _, duration = interview(words_per_topic=60)          # 24 s a topic
    chapters = segment(words, duration, min_chapter_s=60.0)
    assert all(b.start - a.start >= 60.0 for a, b in zip(chapters, chapters[1:]))
    assert chapters[-1].start <= duration - 60.0 or len(chapters) == 1


def test_chapters_json_has_the_shape_of_the_podcasting20_example(built_show):
    """Podcasting 2.0 chapters 1.2.0: the fixture example is the reference for names and types."""
    from tests.support import fixture_file
    example = json.loads(fixture_file("chapters/podcastindex_chapters_example.json").read_text())
    ours = json.loads((built_show / "episodes" / SAMPLE / "build" / "chapters.json").read_text())
    assert ours["version"] == example["version"] == "1.2.0"
    types = {key: type(value) for chapter in example["chapters"] for key, value in chapter.items()}
    for chapter in ours["chapters"]:
        assert set(chapter) <= set(types)
        for key, value in chapter.items():
            assert isinstance(value, (int, float) if types[key] in (int, float) else types[key]), key
    starts = [c["startTime"] for c in ours["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0
