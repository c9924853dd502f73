"""Written tokens as the words a reader says, remembered per token."""

from pipeline.script.align import normalise


def test_a_remembered_token_is_the_same_words_every_time_and_a_list_of_its_own():
    """normalise is asked about the same tokens tens of thousands of times a plan and does
    the work once per token; a caller that changes the list it was given changes no one
    else's."""
    first = normalise("$150,000")
    assert first == ["one", "hundred", "fifty", "thousand", "dollars"]
    first.append("extra")
    assert normalise("$150,000") == ["one", "hundred", "fifty", "thousand", "dollars"]
    assert normalise("Here,") == ["here"] and normalise("’Tis") == ["tis"]
