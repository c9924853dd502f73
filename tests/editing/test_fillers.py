"""Where a filler cut goes when Whisper's time for the filler is wrong: on a filler's sound
near it, never on a sound far away or on a click (`tones`: "speech" a word, "held" an um)."""

from pipeline.hearing.words import Word

from tests.support import filler_cuts


def test_a_filler_heard_over_a_word_is_not_cut_on_a_held_sound_seconds_away():
    """Whisper wrote "uh" over the next sentence's first word, 3 s after a held sound that
    ends the sentence before ("so-o"); that sound is not the filler (seen in the eval corpus:
    "loud." cut as "Uh," 3.5 s before the "Uh")."""
    layout = [("gap", 0.5), ("speech", 0.4), ("gap", 0.06), ("held", 0.3), ("gap", 2.5), ("speech", 0.5),
              ("gap", 0.06), ("speech", 0.4), ("gap", 0.5)]
    words = [Word("so.", 0.5, 1.26), Word("uh,", 3.8, 4.3), Word("Then", 4.38, 4.78)]
    cuts, plan = filler_cuts(layout, words, ("so.", "Then"), (0, -1, 1))
    assert cuts == [], plan.to_dict()


def test_a_click_beside_a_word_whisper_wrote_twice_is_not_a_filler():
    """"fan is... hisses": Whisper wrote a short extra word where only a 50 ms click sounds
    (a consonant's release); steadiness says 1.0 for anything that short, so length decides."""
    layout = [("gap", 0.5), ("speech", 0.4), ("gap", 0.06), ("held", 0.05), ("gap", 0.06), ("speech", 0.5),
              ("gap", 0.5)]
    words = [Word("fan", 0.5, 0.9), Word("is", 0.95, 1.1), Word("hisses", 1.12, 1.7)]
    cuts, plan = filler_cuts(layout, words, ("fan", "hisses"), (0, -1, 1))
    assert cuts == [], plan.to_dict()


def test_a_held_filler_near_where_whisper_heard_it_is_cut_whole():
    """The same layout as the first test, with the held sound where Whisper heard the "uh"
    (0.4 s later than its sound): it is cut, whole, and the words either side stay."""
    layout = [("gap", 0.5), ("speech", 0.4), ("gap", 0.3), ("held", 0.3), ("gap", 0.3), ("speech", 0.5),
              ("gap", 0.5)]
    held_start = 0.5 + 0.4 + 0.3
    words = [Word("so.", 0.5, 0.9), Word("uh,", 1.6, 1.8), Word("Then", 1.8, 2.3)]
    cuts, plan = filler_cuts(layout, words, ("so.", "Then"), (0, -1, 1))
    assert len(cuts) == 1, plan.to_dict()
    assert cuts[0].start <= held_start + 0.01 and cuts[0].end >= held_start + 0.3 - 0.01
    assert cuts[0].start >= 0.9 and cuts[0].end <= held_start + 0.6


def test_a_filler_is_not_looked_for_in_a_window_that_starts_after_the_previous_words_sound():
    """Whisper timed "so" in the silence after its sound: a window starting there holds the
    um and the next words only, and would take a word for the filler; the window starts
    earlier (at the word's own sound) and the um is cut, the words stay."""
    layout = [("gap", 0.5), ("speech", 0.4), ("gap", 0.3), ("held", 0.3), ("gap", 0.1), ("speech", 0.5),
              ("gap", 0.06), ("speech", 0.44), ("gap", 0.5)]
    held_start = 0.5 + 0.4 + 0.3
    words = [Word("so", 1.0, 1.15), Word("um,", 1.6, 1.7), Word("then", 1.7, 2.15), Word("we", 2.2, 2.6)]
    cuts, plan = filler_cuts(layout, words, ("so", "then", "we"), (0, -1, 1, 2))
    assert len(cuts) == 1, plan.to_dict()
    assert cuts[0].start <= held_start + 0.01 and cuts[0].end >= held_start + 0.3 - 0.01
    assert cuts[0].start >= 0.9 and cuts[0].end <= held_start + 0.3 + 0.1 + 0.005


def test_a_short_word_whisper_wrote_for_an_er_is_cut_before_a_likely_word_it_timed_short():
    """"door. Here, Or": "Here" is no script word there and its sound is held; the next
    word is likely (p 0.7) though Whisper gave it 80 ms, so what follows the filler is known
    and the filler goes. Where that word is a guess (p 0.2), nothing is cut."""
    layout = [("gap", 0.5), ("speech", 0.4), ("gap", 0.3), ("held", 0.3), ("gap", 0.3), ("speech", 0.5),
              ("gap", 0.06), ("speech", 0.44), ("gap", 0.5)]
    held_start = 0.5 + 0.4 + 0.3
    for probability, expected in ((0.7, 1), (0.2, 0)):
        words = [Word("door.", 0.5, 0.9), Word("Here,", 1.25, 1.45), Word("Or", 1.8, 1.88, probability),
                 Word("what", 1.95, 2.3), Word("else", 2.36, 2.8)]
        cuts, plan = filler_cuts(layout, words, ("door.", "Or", "what", "else"), (0, -1, 1, 2, 3))
        assert len(cuts) == expected, (probability, plan.to_dict())
        if expected:
            assert cuts[0].start <= held_start + 0.01 and cuts[0].end >= held_start + 0.3 - 0.01
            assert cuts[0].start >= 0.9 and cuts[0].end <= 1.8


def test_a_short_word_for_an_er_after_a_misheard_sentence_is_cut_where_a_sentence_starts():
    """"We shopped. [pause] Here, What I would": the sentence before was misheard ("shopped"
    for "stopped."), so no script word comes just before "Here"; after the pause, before a
    sentence's first word, its held sound is an "er" (also where the sentence ends in a closing
    quote). Without the pause before it, it could be anything in the middle of the talk, and stays."""
    for pause, ending, expected in ((0.8, "stopped.", 1), (0.8, "stopped.”", 1), (0.2, "stopped.", 0)):
        layout = [("gap", 0.5), ("speech", 0.3), ("gap", 0.06), ("speech", 0.4), ("gap", pause), ("held", 0.3),
                  ("gap", 0.3), ("speech", 0.3), ("gap", 0.06), ("speech", 0.2), ("gap", 0.06), ("speech", 0.3),
                  ("gap", 0.5)]
        held = 1.26 + pause
        words = [Word("We", 0.5, 0.8), Word("shopped.", 0.86, 1.26, 0.5), Word("Here,", held, held + 0.3, 0.6),
                 Word("What", held + 0.6, held + 0.9), Word("I", held + 0.96, held + 1.16),
                 Word("would", held + 1.22, held + 1.52)]
        cuts, plan = filler_cuts(layout, words, ("We", ending, "What", "I", "would"), (0, -1, -1, 2, 3, 4))
        assert len(cuts) == expected, (pause, ending, plan.to_dict())
        if expected:
            assert cuts[0].start <= held + 0.01 and cuts[0].end >= held + 0.3 - 0.01
            assert cuts[0].start >= 1.26 and cuts[0].end <= held + 0.6


def test_a_filler_the_previous_word_was_timed_over_is_found_before_whisper_s_time_for_it():
    """"The editor | um | can cut": Whisper timed "editor," from the end of its sound over the
    um, and wrote "um," in the silence after it. The window that starts at "editor," holds the
    um first, which would pass for that word's own sound; a word's own sound starts soon after
    Whisper's start, this one 0.18 s later, so the window starts earlier and the um is cut
    (seen in the eval corpus: "The editor, [um] can cut" with "term," over the um)."""
    layout = [("gap", 0.5), ("speech", 0.5), ("gap", 0.18), ("held", 0.25), ("gap", 0.33), ("speech", 0.18),
              ("gap", 0.05), ("speech", 0.27), ("gap", 0.5)]
    held_start = 0.5 + 0.5 + 0.18
    words = [Word("The", 0.5, 0.7), Word("editor,", 1.0, 1.32), Word("um,", 1.74, 1.84), Word("can", 2.02, 2.04),
             Word("cut", 2.04, 2.3)]
    cuts, plan = filler_cuts(layout, words, ("The", "editor,", "can", "cut"), (0, 1, -1, 2, 3))
    assert len(cuts) == 1, plan.to_dict()
    assert cuts[0].start <= held_start + 0.01 and cuts[0].end >= held_start + 0.25 - 0.01
    assert cuts[0].start >= 1.0 and cuts[0].end <= 1.76
