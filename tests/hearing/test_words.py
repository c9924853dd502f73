"""What the engine's words are cleaned of before anything reads them."""

from pipeline.hearing.words import Segment, Word, without_loops


def _said(text: str, segments: int = 1) -> list[Segment]:
    words = [Word(t, round(0.2 * i, 3), round(0.2 * i + 0.15, 3)) for i, t in enumerate(text.split())]
    size = -(-len(words) // segments)
    parts = [tuple(words[k: k + size]) for k in range(0, len(words), size)]
    return [Segment(p[0].start, p[-1].end, " ".join(w.text for w in p), p) for p in parts]


def _text(segments: list[Segment]) -> str:
    return " ".join(w.text for s in segments for w in s.words)


def test_a_decoder_loop_keeps_its_first_saying_and_loses_the_rest_across_segments():
    """"None of that bothers me" decoded as "No, no, no, …" (held-out corpus, 200 words a
    minute): the loop's repeats go, in whichever segment they fall, and the words around stay
    with their times; a phrase of three words looped goes the same way."""
    looped = _said("Minutes. " + "No, " * 20 + "I read", segments=3)
    kept = without_loops(looped)
    assert _text(kept) == "Minutes. No, I read"
    assert [w.start for s in kept for w in s.words] == [0.0, 0.2, 4.2, 4.4]
    assert all(s.text == " ".join(w.text for w in s.words) for s in kept)
    assert _text(without_loops(_said("so " + "thank you all " * 7 + "bye"))) == "so thank you all bye"


def test_a_loop_of_a_whole_sentence_keeps_its_first_saying():
    """Held-out generation 4, a reading in a noisy room: "Recording now, okay." decoded as
    "We call them all out, okay." 28 times over, and the essay's start never read."""
    looped = _said("We call them all out, okay. " * 28 + "It's been a long time.", segments=5)
    assert _text(without_loops(looped)) == "We call them all out, okay. It's been a long time."
    sentence = "I'm going to go to the hospital for three months. "
    assert _text(without_loops(_said("Okay. " + sentence * 9, segments=4))) == "Okay. " + sentence.strip()


def test_a_reader_saying_a_word_a_few_times_is_no_loop():
    """"No, no, no, no, no." is said, and a sentence read three times over is a host's
    retakes; six in a row is where a loop starts."""
    for text in ("No, no, no, no, no. I said no.", "the the the the the cat", "very, very, very good",
                 "Nothing here needs a studio. " * 3 + "It needs the text."):
        segments = _said(text)
        assert without_loops(segments) is segments
