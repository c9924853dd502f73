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


def test_a_false_start_after_misheard_words_is_a_retake():
    """Whisper's words, with their times, for a noisy corpus reading ("the customer fits turned out to
    me around" for "because the fix turned out to be a rug"): the words misheard before the false
    start "What?" read script words too, so "What the microphone" after it is not a jump across the
    script, and the false start is cut."""
    script = ("It was the best money I have spent on this show, and also the most embarrassing, because the fix "
              "turned out to be a rug. What the microphone hears. A microphone does not hear a voice.")
    said = [("It", 7.9, 8.0), ("was", 8.0, 8.2), ("the", 8.2, 8.3), ("best", 8.3, 8.6), ("money", 8.6, 8.9),
            ("I", 9.14, 9.34), ("have", 9.34, 9.54), ("spent", 9.54, 9.72), ("on", 9.72, 10.0),
            ("this", 10.0, 10.24), ("show,", 10.24, 10.54), ("and", 10.7, 10.8), ("also", 10.8, 11.08),
            ("the", 11.08, 11.3), ("most", 11.3, 11.52), ("embarrassing", 11.52, 12.06), ("the", 12.06, 12.46),
            ("customer", 12.46, 12.72), ("fits", 12.72, 13.16), ("turned", 13.16, 13.36), ("out", 13.36, 13.6),
            ("to", 13.6, 13.76), ("me", 13.76, 13.88), ("around.", 13.88, 14.34), ("What?", 15.64, 16.08),
            ("What", 16.82, 17.12), ("the", 17.12, 17.28), ("microphone", 17.28, 17.64), ("gears?", 17.64, 18.2),
            ("A", 19.26, 19.34), ("microphone", 19.34, 19.66), ("does", 19.66, 20.02), ("not", 20.02, 20.26),
            ("gear", 20.26, 20.46), ("a", 20.46, 20.64), ("voice.", 20.64, 21.0)]
    words = [Word(*w) for w in said]
    script_words = [align.ScriptWord(t, 0, 0) for t in script.split()]
    _, takes = retakes.find(words, script_words, align.align(script_words, words))
    assert [" ".join(w[0] for w in said[t.first:t.kept]) for t in takes] == ["What?"]


def timed(said: str) -> list[Word]:
    """Words 0.3 s apart, with a 0.8 s pause after each sentence's end."""
    words, t = [], 0.0
    for w in said.split():
        words.append(Word(w, t, t + 0.28))
        t += 1.1 if w[-1] in ".!?" else 0.3
    return words


def test_a_sentence_misheard_alike_twice_around_an_apology_is_a_retake():
    """Room noise at 10 dB SNR (eval corpus): "Nothing here needs a studio." read twice with
    "Sorry." between, both takes heard as the same wrong words; the first take and the
    apology go. Two different sentences of the script, both misheard alike, are not a retake,
    nor is talk said twice where the script's unheard sentence sounds nothing like it."""
    script = "A sentence read twice keeps only its last reading. Nothing here needs a studio. It needs the text."
    said = "A sentence read twice keeps only its last reading. Not in basket need must yield the orb. Sorry. " \
           "Not in clear need must yield the orb. It needs the text."
    words = timed(said)
    script_words = [align.ScriptWord(t, 0, 0) for t in script.split()]
    _, takes = retakes.find(words, script_words, align.align(script_words, words))
    assert [(t.first, t.kept) for t in takes] == [(9, 18)], takes
    script = "I kept them in a shoe box. She never wrote about the big events. She wrote about the price of bread."
    said = "I kept them in a shoe box. She never wrote him out in a big event. She wrote him out in a price of bread."
    words, script_words = timed(said), [align.ScriptWord(t, 0, 0) for t in script.split()]
    assert retakes.find(words, script_words, align.align(script_words, words))[1] == []
    script = "It starts here. The morning light was grey and cold. It ends here."
    said = "It starts here. Check one two three. Check one two three. It ends here."
    words, script_words = timed(said), [align.ScriptWord(t, 0, 0) for t in script.split()]
    assert retakes.find(words, script_words, align.align(script_words, words))[1] == []


def test_a_misheard_false_start_sharing_one_function_word_with_the_sentence_before_is_no_retake_of_it():
    """Room noise at 10 dB SNR, the recording denoised before Whisper heard it: "Say nothing
    until the" broken off and said again, heard as "Say not the long deal that say not the long
    deal, the room is still." Its "the" matches the "the" of "the chair", seven words before
    "Say": read as a second take from there, the sentence before it, read once, was cut whole.
    It is no second take of that sentence (the false start itself, with no pause Whisper
    left before "say", is the editor's to find in the signal: `false_starts`)."""
    script = ("Rule six: leave the first and the last ten seconds alone. That is where the chair creaks and the "
              "cat walks past. Say nothing until the room is still. Rule seven: publish on the same day.")
    said = ("Rule six: leave the first and the last ten seconds alone. That is where the chair creaks and the "
            "cat works past. Say not the long deal that say not the long deal, the room is still. Rule seven: "
            "publish on the same day.")
    words, script_words = timed(said), [align.ScriptWord(t, 0, 0) for t in script.split()]
    cut = [" ".join(w.text for w in words[t.first:t.kept])
           for t in retakes.find(words, script_words, align.align(script_words, words))[1]]
    assert cut == [], cut



ASIDE_TWICE = [("it.", 0.0, 0.66), ("One", 0.96, 1.18), ("moment,", 1.18, 1.52), ("someone", 1.78, 2.08),
               ("at", 2.08, 2.34), ("the", 2.34, 2.54), ("door.", 2.54, 2.8), ("The", 3.68, 3.8), ("letter", 3.8, 3.9),
               ("can", 3.9, 4.28), ("cut", 4.28, 4.52), ("a", 4.52, 4.72), ("clean", 4.72, 4.92),
               ("retake.", 4.92, 5.28), ("It", 5.7, 5.78), ("cannot", 5.78, 6.04), ("repair", 6.04, 6.3),
               ("a", 6.3, 6.76), ("sentence", 6.76, 6.88), ("that", 6.88, 7.18), ("changes", 7.18, 7.48),
               ("pitch", 7.48, 7.92), ("halfway", 7.92, 8.28), ("through.", 8.28, 9.04), ("Rule", 9.56, 9.72),
               ("6,", 9.72, 10.08), ("leave", 10.36, 10.62), ("the", 10.62, 10.84), ("first", 10.84, 11.16),
               ("and", 11.16, 11.42), ("the", 11.42, 11.6), ("last", 11.6, 11.82), ("ten", 11.82, 12.16),
               ("seconds", 12.16, 12.5), ("alone.", 12.5, 13.0), ("One", 13.9, 14.12), ("moment,", 14.12, 14.64),
               ("someone", 14.74, 15.04), ("at", 15.04, 15.28), ("the", 15.28, 15.46), ("door.", 15.46, 15.96),
               ("Um,", 16.68, 16.96), ("that", 17.26, 17.34), ("is", 17.34, 17.58), ("where", 17.58, 17.78)]


def test_an_aside_said_twice_around_script_read_once_is_no_retake():
    """Whisper's words for "it. One moment, someone's at the door. [two sentences of the script]
    One moment, someone's at the door. Um, that is where" (held-out generation 3): the same
    aside said twice, the script between read once. Taken for two takes, the cut from the
    first aside to the second took both sentences, and the alignment, moved off them, hid
    that from the warning. The second aside is no later take of the first; where the host
    reads the sentence before it again after the second, that is a retake still."""
    script = ("it. The editor can cut a clean retake; it cannot repair a sentence that changes pitch halfway "
              "through. Rule six: leave the first and the last ten seconds alone. That is where the").split()
    script_words = [align.ScriptWord(t, 0, 0) for t in script]
    words = [Word(*w) for w in ASIDE_TWICE]
    assert retakes.find(words, script_words, align.align(script_words, words))[1] == []
    again = ASIDE_TWICE[:41] + [(t, a + 3.6, b + 3.6) for t, a, b in ASIDE_TWICE[24:35]] + \
        [(t, a + 4.0, b + 4.0) for t, a, b in ASIDE_TWICE[42:]]
    words = [Word(*w) for w in again]
    takes = retakes.find(words, script_words, align.align(script_words, words))[1]
    assert [(t.first, t.kept) for t in takes] == [(24, 41)], takes
