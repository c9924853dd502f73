"""False starts found by their sound (pipeline/editing/false_starts.py), on espeak-ng speech:
the first take said at another speed than the last, as a host's second try is, and the
transcript given as Whisper leaves such a take: the repeat written once."""

import numpy as np
import pytest

from pipeline.editing import edits, false_starts, rule
from pipeline.hearing import levels
from pipeline.hearing.words import Word
from pipeline.script import align
from pipeline.show.config import EditSettings
from synth import RATE, speak

NOISE = 1e-4


def _say(text: str, speed: int) -> np.ndarray:
    """espeak-ng's `text` at 16 kHz."""
    sound = speak(text, speed=speed)
    at = np.arange(int(len(sound) * 16000 / RATE)) * RATE / 16000
    return np.interp(at, np.arange(len(sound)), sound).astype(np.float32)


def _reading(pieces):
    """Samples and each piece's (start, end) in seconds; a piece is text with a speed, or a pause."""
    out, times, at = [], [], 0.0
    for piece in pieces:
        sound = np.zeros(int(piece * 16000), np.float32) if isinstance(piece, float) else _say(*piece)
        out.append(sound)
        times.append((at, at + len(sound) / 16000))
        at += len(sound) / 16000
    samples = np.concatenate(out)
    return samples + NOISE * np.random.default_rng(3).standard_normal(len(samples)).astype(np.float32), times


def _words(texts: str, start: float, end: float, probability: float = 0.9) -> list[Word]:
    """Words spread evenly over [start, end], as a stand-in for Whisper's times."""
    said = texts.split()
    step = (end - start) / len(said)
    return [Word(w, round(start + k * step, 2), round(start + (k + 1) * step, 2), probability)
            for k, w in enumerate(said)]


def _plan(samples, words, script):
    alignment = align.align([align.ScriptWord(t, 0, 0) for t in script], words)
    return edits.plan(words, alignment, [0 if k >= 0 else -1 for k in alignment.script_index],
                      levels.frame_db(samples), len(samples) / 16000, EditSettings(cut_head_tail=False), [], [],
                      tuple(script), samples)


@pytest.mark.parametrize("first, last", [(165, 165), (150, 180), (180, 150)])
def test_a_false_start_the_transcript_glued_is_cut_from_its_start_to_the_last_take(first, last):
    """"What the | What the listener hears", Whisper writing "What the" once, before the pause:
    the cut runs from the first "What" to the second, whichever speed each was said at."""
    samples, times = _reading([0.5, ("Nothing here needs a studio.", 165), 0.7, ("What the", first), 0.8,
                               ("What the listener hears the essay.", last), 0.6])
    words = (_words("Nothing here needs a studio.", *times[1]) + _words("What the", *times[3])
             + _words("listener hears the essay.", times[5][0] + 0.5, times[5][1]))
    plan = _plan(samples, words, "Nothing here needs a studio. What the listener hears the essay.".split())
    retakes = [e for e in plan.edits if e.reason == "retake"]
    assert len(retakes) == 1, plan.to_dict()
    assert abs(retakes[0].start - times[3][0]) <= 0.3 and abs(retakes[0].end - times[5][0]) <= 0.3
    assert retakes[0].end <= times[5][0] + 0.01                        # the last take is kept whole
    assert retakes[0].start >= times[1][1] - 0.01                      # and the sentence before it
    assert not any("not heard anywhere else" in w for w in plan.warnings), plan.warnings


def test_words_the_script_says_twice_in_a_row_are_read_as_written():
    """"strays from | the page, | the page tells": the script has "the page" twice; both stay,
    though the two sound alike and Whisper was unsure of them (so the sound is compared)."""
    samples, times = _reading([0.5, ("When the recording strays from", 165), 0.3, ("the page,", 165), 0.5,
                               ("the page tells the editor what to keep.", 165), 0.6])
    script = "When the recording strays from the page, the page tells the editor what to keep.".split()
    words = (_words("When the recording strays from", *times[1]) + _words("the page,", *times[3], 0.3)
             + _words("the page tells the editor what to keep.", *times[5], 0.3))
    plan = _plan(samples, words, script)
    assert [e for e in plan.edits if e.reason == "retake"] == [], plan.to_dict()


def test_different_words_after_the_pause_are_not_a_false_start():
    """"Rule one: write. | Rule two: read.": the same first word, then other words."""
    samples, times = _reading([0.5, ("Rule one: write first.", 165), 0.8, ("Rule two: read it aloud.", 165), 0.6])
    script = "Rule one: write first. Rule two: read it aloud.".split()
    words = _words("Rule one: write first.", *times[1], 0.3) + _words("Rule two: read it aloud.", *times[3], 0.3)
    plan = _plan(samples, words, script)
    assert [e for e in plan.edits if e.reason == "retake"] == [], plan.to_dict()


def test_a_retake_cut_that_starts_inside_the_earlier_take_is_moved_back_to_its_start():
    """Whisper heard the first words of the earlier take as other words, so the transcript's
    retake cut starts in its middle: it is moved back to where the earlier take begins by its
    sound, and no further (the sentence before it stays)."""
    samples, times = _reading([0.5, ("Nothing here needs a studio.", 165), 0.7,
                               ("There is an eighth rule, which is to break", 165), 0.6, ("No wait.", 165), 0.6,
                               ("There is an eighth rule, which is to break the other seven.", 180), 0.6])
    script = "Nothing here needs a studio. There is an eighth rule, which is to break the other seven.".split()
    words = (_words("Nothing here needs a studio.", *times[1]) + _words("Their son nature, which is to break", *times[3])
             + _words("No wait.", *times[5]) + _words(" ".join(script[5:]), *times[7]))
    alignment = align.align([align.ScriptWord(t, 0, 0) for t in script], words)
    db = levels.frame_db(samples)
    threshold = levels.speech_threshold(db)
    ctx = rule.Context(words, alignment, db, EditSettings(), len(samples) / 16000, threshold,
                       [0] * len(words), levels.silences(db, 0.06, threshold), tuple(script), samples)
    late = rule.Edit(round(times[3][0] + 1.5, 2), round(times[7][0] - 0.1, 2), "cut", "retake", "earlier take")
    moved = false_starts.earlier_starts(ctx, [late])[0]
    assert abs(moved.start - times[3][0]) <= 0.15 and moved.end == late.end, moved
    assert moved.start >= times[1][1] + 0.1


def test_a_false_start_whose_last_word_is_said_unlike_its_repeat_is_cut():
    """"The editor can cut a— | The editor can cut a clean retake": said on its own, the
    broken-off "a" ends the phrase and espeak-ng stresses it ("ay"), as a host draws out the
    word he stops on; the rest of the false start is compared, and it is cut from its start
    to the last take's."""
    samples, times = _reading([0.5, ("Do not patch the middle of it.", 165), 0.6, ("The editor can cut a", 165), 0.8,
                               ("The editor can cut a clean retake.", 165), 0.6])
    script = "Do not patch the middle of it. The editor can cut a clean retake.".split()
    words = (_words("Do not patch the middle of it.", *times[1]) + _words("The editor can cut a", *times[3])
             + _words("clean retake.", times[5][0] + 0.9, times[5][1]))
    plan = _plan(samples, words, script)
    retakes = [e for e in plan.edits if e.reason == "retake"]
    assert len(retakes) == 1, plan.to_dict()
    assert abs(retakes[0].start - times[3][0]) <= 0.3 and times[5][0] - 0.3 <= retakes[0].end <= times[5][0] + 0.01


def test_a_one_word_false_start_in_a_noisy_pause_is_cut():
    """"meant. | Rule | [a burst of the room's noise] Rule four: record": the burst splits the
    pause, and Whisper, sure of the first "Rule", writes "4," from the burst on over the
    second "Rule four". The pause runs across the burst to where the host resumes, so the
    transcript is not taken to read straight on across it, and the words heard again are
    "4,", not the "record" after it (which sounds like "Rule" to the coarse comparison that
    would then look for words the script says twice, and find "what it" nearby)."""
    samples, times = _reading([0.5, ("People wrote to ask what it meant.", 165), 0.8, ("Rule", 165), 0.65,
                               ("Rule four: record at the same time of day.", 165), 0.6])
    burst = int((times[4][0] + 0.4) * 16000)
    samples[burst:burst + 480] += 0.05 * np.random.default_rng(5).standard_normal(480).astype(np.float32)
    script = "People wrote to ask what it meant. Rule four: record at the same time of day.".split()
    resumed = times[5][0]
    words = (_words("People wrote to ask what it meant.", *times[1]) + _words("Rule", *times[3], 0.97)
             + [Word("4,", round(resumed - 0.2, 2), round(resumed + 0.7, 2), 0.57)]
             + _words("record at the same time of day.", resumed + 0.75, times[5][1]))
    plan = _plan(samples, words, script)
    retakes = [e for e in plan.edits if e.reason == "retake"]
    assert len(retakes) == 1, plan.to_dict()
    assert abs(retakes[0].start - times[3][0]) <= 0.3 and resumed - 0.3 <= retakes[0].end <= resumed + 0.01


def test_a_heading_and_a_sentence_the_script_words_alike_explain_their_likeness():
    """"What the microphone hears | A microphone does not hear a voice.": a heading and the
    sentence after it say nearly the same words, and in a fan's noise they sounded alike enough
    to be cut as a false start (held-out generation 6). Whisper wrote both, aligned straight
    across the pause, but unsure of the words there ("hears" p 0.01, "A" p 0.00), so the
    reading was not taken on trust. The script explains the likeness; "lamps and kettles |
    [lamps and kettles] with broken switches", read the same way, is a false start still."""
    for said, resume, explained in (("What the microphone hears A microphone does not hear a voice.", 4, True),
                                     ("Here came lamps and kettles with broken switches.", 5, False)):
        script = tuple(said.split())
        words = [Word(t, 0.3 * k + (1.0 if k >= resume else 0.0), 0.3 * k + 0.25 + (1.0 if k >= resume else 0.0),
                      0.01 if k in (resume - 1, resume) else 0.9) for k, t in enumerate(script)]
        index = tuple(range(len(script)))
        ctx = rule.Context(words, align.Alignment(index, len(script), len(script), index), np.zeros(10), EditSettings(),
                           10.0, -40.0, [0] * len(script), script=script)
        pause = (words[resume - 1].end, words[resume].start)
        assert false_starts._explained(ctx, words[1].start - 0.05, *pause) is explained, said
