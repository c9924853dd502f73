"""Words forced onto a stretch of audio (pipeline/hearing/fit.py): real tiny.en on espeak-ng speech."""

import numpy as np

from pipeline.hearing import fit
from pipeline.show.config import TranscribeSettings
from synth import RATE, Piece, build


def test_script_words_fit_their_own_speech_and_not_other_talk():
    """Over the sentence they are, the words come out likely; over chatter, not (the measure
    `editing/unheard_ends.py` keeps a misheard first or last sentence by)."""
    sentence, chatter = "Every morning the swimmers walk down to the cold sea.", "Okay, is the red light on? Good."
    signal, events = build([Piece("pause", seconds=0.5), Piece("say", sentence), Piece("pause", seconds=0.8),
                            Piece("chatter", chatter), Piece("pause", seconds=0.5)])
    samples = np.interp(np.arange(0, len(signal), RATE / 16000), np.arange(len(signal)), signal).astype(np.float32)
    listen = fit.listener(TranscribeSettings(), "en", samples)
    said, other = events[1], events[3]
    own = listen(said.start, said.end, sentence.split())
    assert fit.fits(own), own
    assert not fit.fits(listen(other.start, other.end, sentence.split()))
    assert all(said.start - 0.2 <= w.start <= said.end for w in own)        # in the recording's time


def test_an_engine_that_cannot_align_words_has_no_listener():
    assert fit.listener(TranscribeSettings(engine="openai-whisper"), "en", np.zeros(16000, np.float32)) is None
