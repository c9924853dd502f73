"""Soundbites: whole sentences of 15 to 60 s on the edited timeline, quotations first, and in the
published feed, the words the MP3 says there."""

from __future__ import annotations

import re

from pipeline.hearing.words import Word
from pipeline.writing import soundbites

from tests.support import SAMPLE


def reading(sentences: list[tuple[str, float]]) -> list[Word]:
    """Words of the sentences, each sentence spread over its seconds, a short pause between."""
    words, t = [], 0.0
    for text, seconds in sentences:
        tokens = text.split()
        step = seconds / len(tokens)
        for token in tokens:
            words.append(Word(token, round(t, 3), round(t + step * 0.9, 3)))
            t += step
        t += 0.4
    return words


def test_soundbites_are_whole_sentences_of_15_to_60_seconds_that_do_not_overlap():
    words = reading([(f"Sentence number {i} says something.", 8.0) for i in range(20)])
    bites = soundbites.choose(words)
    assert 1 <= len(bites) <= 3
    starts = {w.start for w in words if w.text == "Sentence"}
    for bite in bites:
        assert soundbites.MIN_S <= bite.duration <= soundbites.MAX_S and bite.start in starts
        assert any(abs(bite.start + bite.duration - w.end) < 1e-6 for w in words if w.text.endswith("."))
    assert all(a.start + a.duration <= b.start for a, b in zip(bites, bites[1:]))


def test_a_quotation_comes_first_and_a_short_reading_has_none():
    words = reading([("An opening line.", 10.0), ("Then more.", 10.0), ("Another thought here.", 10.0),
                     ("As she said, “the page tells the editor what to keep.”", 9.0), ("And so on.", 9.0),
                     ("The end of it.", 10.0)])
    first = soundbites.choose(words, count=1)[0]
    quote = next(w for w in words if w.text.startswith("“"))
    assert first.start <= quote.start < first.start + first.duration
    assert soundbites.choose(reading([("Too short to share.", 9.0)])) == []


def test_the_published_soundbites_hold_the_words_the_mp3_says(built_show):
    from pipeline import ffmpeg
    from pipeline.hearing.transcribe import transcribe
    from pipeline.show.config import TranscribeSettings
    feed = (built_show / "public" / "feed.xml").read_text()
    found = re.findall(r'<podcast:soundbite startTime="([\d.]+)" duration="([\d.]+)">([^<]+)<', feed)
    assert 1 <= len(found) <= 3
    mp3 = built_show / "public" / "episodes" / SAMPLE / f"{SAMPLE}.mp3"
    audio = ffmpeg.decode(mp3, 16000, 1)[:, 0]
    for start, duration, title in found:
        assert 15 <= float(duration) <= 60
        clip = audio[int(float(start) * 16000): int((float(start) + float(duration)) * 16000)]
        heard = {w.lower().strip(".,“”!?") for w in transcribe(clip, TranscribeSettings(guided=False), "en").text.split()}
        said = [w.lower().strip(".,“”!?…") for w in title.split()]
        assert sum(w in heard for w in said) >= 0.6 * len(said), (title, heard)
