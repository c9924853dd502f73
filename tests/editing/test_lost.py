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


def _two_takes(last_take: str, probability: float = 1.0):
    """"… the price. [earlier take] It sells bread at it. [last take, misheard] …": the earlier
    take's last word "it." is taken for the script's "It"; the last take begins as `last_take`,
    which Whisper wrote with that `probability`."""
    script = tuple("the price. It sells bread.".split())
    said = ["the", "price.", "Is", "sells", "bread", "at", "it."] + last_take.split() + ["sells", "bread."]
    guessed = range(7, 7 + len(last_take.split()))
    words = [Word(w, 1 + 0.3 * k, 1.28 + 0.3 * k, probability if k in guessed else 1.0) for k, w in enumerate(said)]
    index = (0, 1, -1, -1, -1, -1, 2) + (-1,) * len(last_take.split()) + (3, 4)
    return words, align.Alignment(index, len(script), 5, index), script


def test_a_script_word_the_kept_take_says_misheard_is_not_lost():
    words, alignment, script = _two_takes("Hit")                  # "It" heard as "Hit" in the last take
    earlier = (words[2].start - 0.01, words[6].end + 0.01)
    assert lost_script(words, alignment, script, [earlier]) == []


def test_a_script_word_the_kept_take_does_not_say_is_lost():
    words, alignment, script = _two_takes("Now")                  # the last take says something else there
    earlier = (words[2].start - 0.01, words[6].end + 0.01)
    warnings = lost_script(words, alignment, script, [earlier])
    assert len(warnings) == 1 and "“It”" in warnings[0]


def test_a_script_word_whisper_only_guessed_at_in_the_kept_take_is_not_lost():
    """The last take's "It" written as "I'm gonna go to" at p 0.1 (seen in the held-out corpus):
    Whisper wrote its guesses where the script's word was said. Written so surely, the same
    words are something else said there, and the "It" is lost."""
    for probability, lost in ((0.1, 0), (0.9, 1)):
        words, alignment, script = _two_takes("I'm gonna go to", probability)
        earlier = (words[2].start - 0.01, words[6].end + 0.01)
        assert len(lost_script(words, alignment, script, [earlier])) == lost, probability
