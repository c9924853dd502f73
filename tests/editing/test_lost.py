"""No script sentence leaves the episode without a warning naming it and its time."""

from pipeline.script import align
from pipeline.editing.lost import lost_script, unheard
from pipeline.hearing.words import Word

SCRIPT = tuple("She wrote about the price of bread, the neighbour's dog.".split())


def test_a_cut_over_the_only_reading_of_script_words_is_named():
    words = [Word(w, 1 + 0.3 * k, 1.28 + 0.3 * k) for k, w in enumerate(SCRIPT)]
    alignment = align.align([align.ScriptWord(t, 0, 0) for t in SCRIPT], words)
    assert lost_script(words, alignment, SCRIPT, []) == []
    warnings = lost_script(words, alignment, SCRIPT, [(2.45, 3.09)])          # "of bread," cut
    assert len(warnings) == 1 and "“of bread,”" in warnings[0] and "0:02" in warnings[0]


def test_words_read_again_elsewhere_are_not_lost():
    said = "She wrote about the price of bread, the neighbour's dog. She wrote about the price".split()
    words = [Word(w, 1 + 0.3 * k, 1.28 + 0.3 * k) for k, w in enumerate(said)]
    alignment = align.Alignment(tuple(list(range(10)) + list(range(5))), len(SCRIPT), 10)
    assert lost_script(words, alignment, SCRIPT, [(0.9, 2.4)]) == []          # its first words are read again


def test_unheard_words_are_named_shortened():
    assert unheard((), "start") == []
    message = unheard(tuple("one two three four five six seven eight nine ten eleven twelve thirteen".split()), "end")
    assert "“one two three four five six seven eight nine ten eleven twelve …”" in message[0]
