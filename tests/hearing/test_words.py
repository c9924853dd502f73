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


def test_a_reader_saying_a_word_a_few_times_is_no_loop():
    """"No, no, no, no, no." is said; six in a row is where a loop starts."""
    for text in ("No, no, no, no, no. I said no.", "the the the the the cat", "very, very, very good"):
        segments = _said(text)
        assert without_loops(segments) is segments
