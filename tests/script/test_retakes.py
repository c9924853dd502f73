"""Retakes found from the words alone, on word sequences Whisper really produced for corpus
readings: a misheard phrase that shares words with the script ahead is not a retake; a false
start read again, even with the next word misheard, is."""

from pipeline.script import align, retakes
from pipeline.hearing.words import Word


def found(said: str, script_text: str):
    words = [Word(w, 0.3 * k, 0.3 * k + 0.28) for k, w in enumerate(said.split())]
    script = [align.ScriptWord(t, 0, 0) for t in script_text.split()]
    return retakes.find(words, script, align.align(script, words))


SHE_WROTE = "She wrote about the price of bread, the neighbour's dog, and a pear tree that refused to flower."


def test_a_misheard_phrase_is_not_a_retake():
    said = "She wrote about the price of bread, the name of the dog, and the three nut refuse to flow."
    _, takes = found(said, SHE_WROTE)
    assert takes == []


def test_a_false_start_read_again_with_the_next_word_misheard_is_a_retake():
    script = "Every week I read it into a microphone. The reading is never clean. I stumble on a word."
    said = "Every week I read it into a microphone. The reading is... The reading is name at clean. I stumble on a word."
    alignment, takes = found(said, script)
    assert len(takes) == 1
    cut = said.split()[takes[0].first: takes[0].kept]
    assert cut == ["The", "reading", "is..."]
    assert alignment.script_index[takes[0].kept] == 8       # the kept take reads "The" of "The reading is"


def test_a_sentence_read_twice_after_an_apology_keeps_the_last():
    script = "A written essay gives the recording a shape. The listener never hears the mistakes. That is the idea."
    said = "A written essay gives the recording a shape. The listener never hears the mistakes. Sorry, let me do " \
           "that again. The listener never hears the mistakes. That is the idea."
    _, takes = found(said, script)
    assert len(takes) == 1 and takes[0].first == 8 and takes[0].kept == 20


def test_a_misheard_sentence_said_twice_is_a_retake_though_neither_copy_matches_the_script():
    script = "A sentence read twice keeps only its last reading. Nothing here needs a studio. It needs the text."
    said = "A sentence read twice keeps only its last reading. Nothing to say needs must do the o. Nothing here " \
           "needs must do the o. It needs the text."
    alignment, takes = found(said, script)
    assert [(t.first, t.kept) for t in takes] == [(9, 17)]
    assert alignment.script_index[17] == 9 and alignment.script_index[9] == -1     # "Nothing": the kept copy


def test_a_passage_the_essay_says_twice_is_kept_twice():
    script = "At a steady pace we read. The chapters follow. At a steady pace we read. The end comes."
    _, takes = found(script, script)
    assert takes == []


def test_two_sentences_alike_and_both_misheard_are_not_a_retake():
    script = "I kept all of them in a shoe box. She never wrote about the big events. She wrote about the price " \
             "of bread, the neighbour's dog."
    said = "I kept all of them in a shoe box. She never wrote him out in a big event. She wrote him out in a " \
           "price of bread, the neighbour's dog."
    _, takes = found(said, script)
    assert takes == []


def test_a_retake_whose_last_take_starts_misheard_is_cut_at_the_pause_before_it():
    said = "For years I fix all the net higher. One click at a time. Okay, again. For years I fix all the net " \
           "higher. One click at a time. Why?"
    _, takes = found(said, "For years I fixed all of that by ear, one click at a time. Why?")
    assert [(t.first, t.kept) for t in takes] == [(0, 15)]


def test_a_word_said_twice_is_a_stutter_unless_it_may_be_the_unread_word_before():
    script = "It cannot repair a sentence that changes halfway through. Rule six: leave the first ten seconds alone."
    said = "It cannot repair a sentence that changes halfway rule. Rule six: leave the first ten seconds alone."
    _, takes = found(said, script)
    assert takes == []                                     # "rule." is "through", misheard
    said = "It cannot repair a sentence that changes halfway through. Rule. Rule six: leave the first ten seconds alone."
    _, takes = found(said, script)
    assert [said.split()[t.first:t.kept] for t in takes] == [["Rule."]]
