"""Script-guided transcription: a clean reading is read along the essay (no free decoding),
departures from it (chatter, retakes, fillers) are decoded freely, and the checks that tell
the two apart work on known cases."""

import jiwer
import pytest
import numpy as np

from pipeline import ffmpeg
from pipeline.hearing import readalong, levels
from pipeline.show.config import TranscribeSettings
from pipeline.hearing.engines.faster_whisper_engine import Guide
from pipeline.hearing.readalong import locate, verify
from synth import record
from pipeline.hearing.transcribe import VERBATIM_PROMPT, transcribe
from pipeline.hearing.words import Word, comparable

from tests.support import fixture_file
from tests.support import PIECES, SCRIPT
from tests.support import spoken


def mask_of(*spans, seconds=4.0):
    """A speech mask (10 ms frames) with speech in the given (start, end) second spans."""
    mask = np.zeros(int(seconds / levels.FRAME_S), bool)
    for a, b in spans:
        mask[int(a / levels.FRAME_S):int(b / levels.FRAME_S)] = True
    return mask


def test_verify_keeps_the_words_the_clip_holds_and_leaves_the_squeezed_tail():
    mask = mask_of((0.5, 1.0), (1.3, 1.8), (2.2, 2.5))
    words = [Word("one", 0.5, 1.0, 0.9), Word("two", 1.3, 1.8, 0.9), Word("three", 2.2, 2.5, 0.9),
             Word("four", 2.55, 2.55, 0.01), Word("five", 2.55, 2.55, 0.0)]
    assert verify(words, mask, speech_end=2.5) == 3


def test_verify_rejects_speech_that_no_word_explains():
    mask = mask_of((0.5, 1.0), (1.3, 1.6), (2.0, 2.5))          # an "um" between two words
    words = [Word("one", 0.5, 1.2, 0.9), Word("two", 1.9, 2.5, 0.9)]
    assert verify(words, mask, speech_end=2.5) is None


def test_verify_rejects_a_word_stretched_over_a_pause_and_more_speech():
    mask = mask_of((0.2, 1.2), (1.6, 2.6))                       # "the" absorbing a retake
    words = [Word("the", 0.2, 2.0, 0.9), Word("end", 2.0, 2.6, 0.9)]
    assert verify(words, mask, speech_end=2.6) is None


def test_verify_rejects_a_short_word_laid_over_a_filler_and_keeps_one_spread_over_a_pause():
    # "gives" 0.2-0.8, "um" 1.1-1.45, "the" 1.75-2.0: the alignment put "the" over the "um" too
    mask = mask_of((0.2, 0.8), (1.1, 1.45), (1.75, 2.0), (2.0, 2.6))
    laid_over = [Word("gives", 0.2, 1.0, 0.9), Word("the", 1.0, 2.0, 0.9), Word("end", 2.0, 2.6, 0.9)]
    assert verify(laid_over, mask, speech_end=2.6) is None
    # a word that starts 0.1 s inside the last one and spreads over the pause before it is fine
    mask = mask_of((0.2, 0.8), (1.4, 2.0), (2.0, 2.6))
    spread = [Word("gives", 0.2, 0.7, 0.9), Word("the", 0.7, 2.0, 0.9), Word("end", 2.0, 2.6, 0.9)]
    assert verify(spread, mask, speech_end=2.6) == 3

def test_verify_rejects_an_unsure_word_that_holds_words_said_twice():
    # "the | Say nothing until the room": the alignment laid "room" (p 0.16) over 1.4 s of speech
    mask = mask_of((0.2, 1.2), (2.34, 3.74), (3.74, 4.0), seconds=4.5)
    words = [Word("the", 0.2, 1.2, 0.9), Word("room", 2.34, 3.74, 0.16), Word("is", 3.74, 4.0, 0.95)]
    assert verify(words, mask, speech_end=4.0) is None
    sure = [Word("the", 0.2, 1.2, 0.9), Word("room", 2.34, 3.74, 0.6), Word("is", 3.74, 4.0, 0.95)]
    assert verify(sure, mask, speech_end=4.0) == 3          # a word said slowly, and Whisper sure of it


def test_verify_rejects_improbable_words_three_in_a_row_or_more_than_a_quarter():
    mask = mask_of((0.2, 3.4))

    def words(probabilities):
        return [Word(f"w{i}", 0.2 + 0.4 * i, 0.6 + 0.4 * i, p) for i, p in enumerate(probabilities)]
    assert verify(words([0.9, 0.05, 0.02, 0.01, 0.9, 0.9, 0.9, 0.9]), mask, speech_end=3.4) is None
    assert verify(words([0.9, 0.05, 0.9, 0.9, 0.02, 0.9, 0.9, 0.9]), mask, speech_end=3.4) == 8
    assert verify(words([0.9, 0.05, 0.9, 0.02]), mask_of((0.2, 1.8)), speech_end=1.8) is None


def test_locate_finds_the_position_after_what_was_heard():
    script = [comparable(w) for w in (SCRIPT[0] + " " + SCRIPT[1] + " " + SCRIPT[0]).split()]
    heard = "I tell new hosts is to".split()
    first = locate(heard, script, expected=0)
    assert script[first - 2:first] == ["is", "to"] and first < 14
    second = locate(heard, script, expected=len(script))             # the same words, read again later
    assert second > 14 and script[second - 2:second] == ["is", "to"]
    assert locate("nothing of the sort".split(), script, expected=0) is None


def test_a_clean_reading_is_read_along_the_script():
    path = fixture_file("audio/ljspeech_LJ001_printing_part1.flac")
    text = path.with_suffix(".txt").read_text()
    samples = ffmpeg.decode(path, 16000, 1)[:, 0]
    settings = TranscribeSettings()
    tally = readalong.Tally()
    threshold = levels.speech_threshold(levels.frame_db(samples))
    readalong.transcribe_piece(samples, text.split(), 0.0, Guide(settings, "en", VERBATIM_PROMPT), threshold,
                            lambda f: None, tally)
    assert tally.forced >= 3 and tally.free == 0, tally              # measured: 4 clips, all forced

    transcript = transcribe(samples, settings, "en", script=text.split())
    assert jiwer.wer(spoken(text), spoken(transcript.text)) <= 0.02
    words = transcript.words
    rows = [line.split("\t") for line in path.with_suffix(".segments.tsv").read_text().splitlines()[1:]]
    for row in rows:                                  # as the free decoding's test: within 0.3 s
        start, first = float(row[1]), spoken(row[3]).split()[0]
        assert any(first in spoken(w.text).split() for w in words if abs(w.start - start) <= 0.3), row


def test_departures_from_the_script_are_decoded_freely(tmp_path):
    record(PIECES, tmp_path / "take.wav")
    samples = ffmpeg.decode(tmp_path / "take.wav", 16000, 1)[:, 0]
    transcript = transcribe(samples, TranscribeSettings(), "en", script=" ".join(SCRIPT).split())
    heard = spoken(transcript.text).split()
    assert {"okay", "recording", "sorry", "wrap"} <= set(heard)     # chatter at the start, middle and end
    assert heard.count("first") >= 2 and heard.count("listener") >= 2   # both retakes
    assert {"um", "uh"} & set(heard)


class Counting:
    """A Guide that counts the forced alignments it is asked for."""

    def __init__(self, guide):
        self.guide, self.forced = guide, 0

    def encode(self, samples):
        return self.guide.encode(samples)

    def force(self, encoded, words, seconds):
        self.forced += 1
        return self.guide.force(encoded, words, seconds)

    def decode(self, encoded, samples, prompted, timestamps):
        return self.guide.decode(encoded, samples, prompted, timestamps)


def read_along(samples, script):
    guide, tally = Counting(Guide(TranscribeSettings(), "en", VERBATIM_PROMPT)), readalong.Tally()
    threshold = levels.speech_threshold(levels.frame_db(samples))
    segments = readalong.transcribe_piece(samples, script, 0.0, guide, threshold, lambda f: None, tally)
    return " ".join(s.text for s in segments), tally, guide.forced


def test_a_reading_of_another_text_is_decoded_freely_without_retrying_the_script():
    path = fixture_file("audio/ljspeech_LJ001_printing_part1.flac")
    sonnet = fixture_file("audio/librivox_shakespeare_sonnet001.txt").read_text().split()
    text, tally, attempts = read_along(ffmpeg.decode(path, 16000, 1)[:, 0], sonnet)
    assert tally.forced == 0 and attempts == 1, (tally, attempts)      # only the first clip tries
    assert jiwer.wer(spoken(path.with_suffix(".txt").read_text()), spoken(text)) <= 0.08


def test_a_page_of_the_essay_left_unread_is_skipped_and_the_reading_followed_again():
    path = fixture_file("audio/ljspeech_LJ001_printing_part1.flac")
    words = path.with_suffix(".txt").read_text().split()
    unread = fixture_file("audio/librivox_shakespeare_sonnet001.txt").read_text().split() * 2
    middle = len(words) // 2
    text, tally, _ = read_along(ffmpeg.decode(path, 16000, 1)[:, 0], words[:middle] + unread + words[middle:])
    assert tally.forced >= 2 and tally.free <= 2, tally
    assert jiwer.wer(spoken(" ".join(words)), spoken(text)) <= 0.05


def test_locate_a_phrase_written_twice_in_a_row_continues_the_reading():
    script = [comparable(w) for w in
              "on the project page. What the listener hears The listener hears the essay".split()]
    heard = "on the project page. What the listener hears?".split()
    assert script[locate(heard, script, expected=0, since=0):][:4] == ["the", "listener", "hears", "the"]


def test_a_cough_is_not_read_as_the_next_words_of_the_script():
    take = np.zeros(16000 * 3, np.float32)
    take[16000:16800] = np.random.default_rng(1).normal(0, 0.3, 800)      # 50 ms of noise, nothing said
    guide, tally = Guide(TranscribeSettings(), "en", VERBATIM_PROMPT), readalong.Tally()
    segments = readalong.transcribe_piece(take, "hello there".split(), 0.0, guide, -50.0, lambda f: None, tally)
    assert tally.forced == 0 and not [w for s in segments for w in s.words if w.text in ("hello", "there")]


class Scripted:
    """An engine whose first alignment spreads every proposed word over the clip's speech
    (0.3–4.3 s), and whose later ones, asked for more words, find them all improbable."""

    def __init__(self):
        self.asked = []

    def encode(self, samples):
        return len(samples)

    def force(self, encoded, words, seconds):
        self.asked.append(len(words))
        step = 4.0 / len(words)
        probability = 0.9 if len(self.asked) == 1 else 0.01
        return [Word(w, 0.3 + step * i, 0.3 + step * (i + 1), probability) for i, w in enumerate(words)]

    def decode(self, encoded, samples, prompted, timestamps):
        return [], None


def test_a_clip_that_held_every_proposed_word_keeps_them_when_a_longer_proposal_fails():
    take = np.zeros(16000 * 6, np.float32)
    take[int(0.3 * 16000):int(4.3 * 16000)] = np.random.default_rng(2).normal(0, 0.2, 64000)  # 4 s of "speech"
    guide, tally = Scripted(), readalong.Tally()
    script = [f"w{i}" for i in range(400)]
    segments = readalong.transcribe_piece(take, script, 0.0, guide, -30.0, lambda f: None, tally)
    first = guide.asked[0]
    assert guide.asked == [first, 2 * first]               # all fitted, so more were asked for
    assert tally.forced == 1 and [w.text for s in segments for w in s.words] == script[:first]


class FreeOnly:
    """A fake engine with no alignment: every clip's forced reading is empty, so it is decoded
    freely (the subclass's `decode`)."""

    def encode(self, samples):
        return samples

    def force(self, encoded, words, seconds):
        return []


class Skipping(FreeOnly):
    """An engine that reads a window of up to 8 s whole (a word per island of sound, named by
    its level), and in a longer one stops after the first two islands, the alignment laying
    those words over the window's last islands, as Whisper does when it stops reading early;
    with `keeps_first`, the first word stays on its own island."""

    def __init__(self, keeps_first: bool):
        self.keeps_first = keeps_first

    def decode(self, encoded, samples, prompted, timestamps):
        spans = [(s * levels.FRAME_S, e * levels.FRAME_S)
                 for s, e in levels.islands(levels.speech_mask(levels.frame_db(samples), -30.0))]
        names = [f"i{round(float(np.std(samples[int(a * 16000):int(b * 16000)])) / 0.05) - 1}" for a, b in spans]
        if len(samples) > 8 * 16000:
            names = names[:2]
            spans = spans[:1] + spans[-1:] if self.keeps_first else spans[-2:]
        words = [Word(n, a, b, 0.9) for n, (a, b) in zip(names, spans)]
        return [readalong.Segment(words[0].start, words[-1].end, " ".join(names), tuple(words))], None


@pytest.mark.parametrize("keeps_first", [True, False], ids=["stops-after-a-word", "skips-the-start"])
def test_speech_a_free_decoding_skipped_is_decoded_again_as_the_next_clip(keeps_first):
    rng, take = np.random.default_rng(3), np.zeros(16000 * 22, np.float32)
    islands = [(0.5 + 2 * k, 1.5 + 2 * k) for k in range(10)]
    for k, (a, b) in enumerate(islands):
        take[int(a * 16000):int(b * 16000)] = rng.normal(0, 0.05 * (k + 1), int((b - a) * 16000))
    segments = readalong.transcribe_piece(take, ["x"], 0.0, Skipping(keeps_first), -30.0, lambda f: None)
    words = [w for s in segments for w in s.words]
    assert [w.text for w in words] == [f"i{k}" for k in range(10)]
    assert all(abs(w.start - a) <= 0.05 for w, (a, _) in zip(words, islands)), words


class Stretching(FreeOnly):
    """An engine that decodes every clip as two words that share the pause between them, each
    stretched over part of it, as Whisper's alignment leaves words around a pause."""

    def decode(self, encoded, samples, prompted, timestamps):
        words = (Word("my", 0.2, 1.5, 0.9), Word("fellow", 1.5, 2.9, 0.9))
        return [readalong.Segment(0.2, 2.9, "my fellow", words)], None


def test_a_word_decoded_freely_starts_on_its_sound_not_in_the_pause_before_it():
    """"my [1.5 s pause] fellow": Whisper runs "my" into the pause and starts "fellow" in the
    middle of it; "fellow" starts where its sound does, so the rules that look for a pause
    before a take (repeats.py) see it; "my" keeps Whisper's times."""
    rng, take = np.random.default_rng(4), np.zeros(16000 * 3, np.float32)
    for a, b in ((0.5, 1.0), (2.5, 3.0)):
        take[int(a * 16000):int(b * 16000)] = rng.normal(0, 0.1, int((b - a) * 16000))
    segments = readalong.transcribe_piece(take, ["x"], 0.0, Stretching(), -30.0, lambda f: None)
    my, fellow = [w for s in segments for w in s.words]
    assert (my.start, my.end) == (0.4, 1.7), my
    assert abs(fellow.start - 2.5) <= 0.05 and fellow.end == 3.1, fellow


class Inventing(FreeOnly):
    """An engine whose first decoding (with the filler prompt, no timestamp tokens) lays the
    given made-up words over the start of a stretch of talk and reads the rest a word per
    syllable, as its next decoding reads all of it."""

    def __init__(self, invented: tuple[Word, ...]):
        self.invented = invented

    def decode(self, encoded, samples, prompted, timestamps):
        spans = levels.runs_of(levels.speech_mask(levels.frame_db(samples), -30.0))
        words = tuple(Word(f"w{k}", s * levels.FRAME_S, e * levels.FRAME_S, 0.9) for k, (s, e) in enumerate(spans))
        if prompted and not timestamps:
            words = self.invented + tuple(w for w in words if w.start >= self.invented[-1].end)
        return [readalong.Segment(words[0].start, words[-1].end, " ".join(w.text for w in words), words)], None


@pytest.mark.parametrize("invented, kept", [
    ((Word("see", 0.5, 3.5, 0.9), Word("you.", 3.5, 6.5, 0.9)), False),
    ((Word("Uh.", 0.5, 2.4, 0.9),), True)], ids=["made-up-words", "one-long-uh"])
def test_a_free_decoding_that_lays_words_over_more_speech_than_words_take_is_decoded_again(invented, kept):
    """Every island of talk holds a word's middle, so nothing looks unread. Two words holding
    2.4 s of speech each ("we'll see you in the next video" over 10 s of a reading, in the eval
    corpus) are made up, and the decoding that reads a word per syllable is taken instead; one
    "Uh." over 1.6 s is left as decoded (decoding again read a retake worse in the corpus)."""
    rng, take = np.random.default_rng(4), np.zeros(16000 * 7, np.float32)
    syllables = [(0.5 + 0.5 * k, 0.9 + 0.5 * k) for k in range(12)]
    for a, b in syllables:
        take[round(a * 16000):round(b * 16000)] = rng.normal(0, 0.1, round(b * 16000) - round(a * 16000))
    segments = readalong.transcribe_piece(take, ["x"], 0.0, Inventing(invented), -30.0, lambda f: None)
    words = [w.text for s in segments for w in s.words]
    assert ("Uh." in words) == kept and (len(words) == len(syllables)) == (not kept), words


class Looping(FreeOnly):
    """An engine whose first decoding writes "no," over every syllable (Whisper's decoder
    looping) and whose next one reads each syllable as a word."""

    def decode(self, encoded, samples, prompted, timestamps):
        spans = levels.runs_of(levels.speech_mask(levels.frame_db(samples), -30.0))
        looping = prompted and not timestamps
        words = tuple(Word("no," if looping else f"w{k}", s * levels.FRAME_S, e * levels.FRAME_S, 0.9)
                      for k, (s, e) in enumerate(spans))
        return [readalong.Segment(words[0].start, words[-1].end, " ".join(w.text for w in words), words)], None


def test_a_free_decoding_that_loops_is_decoded_again():
    """"No, no, no, …" over four phrases of three syllables: the loop's repeats are dropped,
    which leaves three phrases without words, so the decoding that reads every syllable is
    taken instead."""
    rng, take = np.random.default_rng(5), np.zeros(16000 * 8, np.float32)
    for a, b in [(0.5 + 0.5 * k + 0.3 * (k // 3), 0.9 + 0.5 * k + 0.3 * (k // 3)) for k in range(12)]:
        take[round(a * 16000):round(b * 16000)] = rng.normal(0, 0.1, round(b * 16000) - round(a * 16000))
    segments = readalong.transcribe_piece(take, ["x"], 0.0, Looping(), -30.0, lambda f: None)
    assert [w.text for s in segments for w in s.words] == [f"w{k}" for k in range(12)]
