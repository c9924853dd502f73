"""Earlier takes Whisper heard as other words (pipeline/editing/heard_again.py): real tiny.en
made to read the script over espeak-ng speech whose transcript is given."""

import numpy as np
import pytest

from pipeline import ffmpeg
from pipeline.editing import edits
from pipeline.hearing import fit, levels
from pipeline.hearing.words import Word
from pipeline.script import align
from pipeline.show.config import EditSettings, TranscribeSettings
from synth import Piece, record

FIRST = "Rule one: write the whole essay before you record a word."
AGAIN = "A half-written script turns into a rambling episode, and listeners notice."
LAST = "Rule two: read it aloud once before you press record."


def _spread(texts, event):
    step = (event.end - event.start) / len(texts)
    return [Word(t, event.start + k * step, event.start + (k + 1) * step, 0.9) for k, t in enumerate(texts)]


@pytest.mark.parametrize("between, heard_as, cut", [
    (AGAIN, "Have written script. Uh. to not forgive.", True),
    ("Oh, the kettle is boiling, hang on a moment.", "Oh, the kettle is boiling, hang on a moment.", False)])
def test_talk_that_the_next_script_words_fit_is_their_earlier_take(tmp_path, between, heard_as, cut):
    """"A half-written script turns into a rambling episode" read, then read again: Whisper
    wrote the first reading as "Have written script. [2.5 s] Uh. to not forgive.", the table
    read it as talk off the script between two script words that follow each other, and both
    takes stayed (the main corpus, on a Zen 5 CPU). The script words read after it fit it, so
    it is an earlier take and goes; an aside there does not fit them and stays."""
    pieces = [Piece("pause", seconds=0.5), Piece("say", FIRST), Piece("pause", seconds=0.6), Piece("say", between),
              Piece("pause", seconds=0.8), Piece("say", AGAIN), Piece("pause", seconds=0.6), Piece("say", LAST),
              Piece("pause", seconds=0.5)]
    events = record(pieces, tmp_path / "take.wav")
    samples = ffmpeg.decode(tmp_path / "take.wav", 16000, 1)[:, 0]
    script = tuple(f"{FIRST} {AGAIN} {LAST}".split())
    words = _spread(FIRST.split(), events[1]) + _spread(heard_as.split(), events[3]) + \
        _spread(AGAIN.split(), events[5]) + _spread(LAST.split(), events[7])
    n_first, n_between = len(FIRST.split()), len(heard_as.split())
    index = tuple(list(range(n_first)) + [-1] * n_between + list(range(n_first, len(script))))
    plan = edits.plan(words, align.Alignment(index, len(script), len(script), index), [0] * len(words),
                      levels.frame_db(samples), len(samples) / 16000, EditSettings(), [], [], script, samples,
                      listen=fit.listener(TranscribeSettings(), "en", samples))
    kept = plan.timemap()
    for event in (events[1], events[5], events[7]):
        assert kept.is_kept(event.start, event.end), (event, plan.to_dict())
    gone = not any(kept.is_kept(t, t + 0.05) for t in np.arange(events[3].start, events[3].end - 0.05, 0.05))
    assert gone == cut, plan.to_dict()
    assert any(e.reason == "retake" for e in plan.edits) == cut
