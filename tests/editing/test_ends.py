"""Head and tail (pipeline/editing/ends.py): where the reading proper starts and ends."""

from pipeline.editing import edits
from pipeline.hearing import levels
from pipeline.hearing.words import Word
from pipeline.script import align
from pipeline.show.config import EditSettings

from tests.support import tones


def test_talk_after_the_last_word_that_whisper_wrote_no_words_for_goes_with_the_tail():
    """"... open it. [0.7 s] Stopping the recorder now.": reading along the essay, Whisper wrote
    nothing for the talk and ran the essay's last word "it." on over the pause and the talk
    (held-out corpus, three readings). The tail is cut from just after the word's own sound."""
    samples = tones([("gap", 0.3), ("speech", 2.0), ("gap", 0.7), ("speech", 1.2), ("gap", 1.0)])
    said = [("Then", 0.3, 0.9), ("write", 0.9, 1.5), ("back,", 1.5, 2.0), ("it.", 2.0, 4.1)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    index = (0, 1, 2, 3)
    plan = edits.plan(words, align.Alignment(index, 4, 4, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(), [], [], ("Then", "write", "back,", "it."), samples)
    tails = [e for e in plan.edits if e.reason == "tail"]
    assert len(tails) == 1 and 2.3 <= tails[0].start <= 3.0, plan.to_dict()
