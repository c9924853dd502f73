"""Where a filler cut goes when Whisper's time for the filler is wrong: on a filler's sound
near it, never on a sound far away or on a click (`tones`: "speech" a word, "held" an um)."""

from pipeline.editing import edits
from pipeline.hearing import levels
from pipeline.hearing.words import Word
from pipeline.script import align
from pipeline.show.config import EditSettings

from tests.support import tones


def filler_cuts(layout, words, script, index):
    samples = tones(layout)
    alignment = align.Alignment(index, len(script), len(script), index)
    plan = edits.plan(words, alignment, [0 if k >= 0 else -1 for k in index], levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False, cut_pauses=False), [], [],
                      script, samples)
    return [e for e in plan.edits if e.reason == "filler"], plan


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


def test_a_filler_under_an_unsure_script_word_is_cut_and_the_word_kept():
    """"every new [you know] space before": reading along the script, Whisper laid "space"
    (p 0.00) over the "you know", its own sound after a short pause. The held sound set off by
    a hesitation's silence is cut, the word's own sound stays, and the host is not told that
    "space" was cut. The same sounds under a word Whisper is sure of (p 0.9), or read on
    with a word's short gaps either side, are left alone."""
    def layout(before, after):
        return [("gap", 0.5), ("speech", 0.4), ("gap", before), ("held", 0.4), ("gap", after), ("speech", 0.4),
                ("gap", 0.06), ("speech", 0.4), ("gap", 0.5)]
    for probability, before, expected in ((0.0, 0.25, 1), (0.9, 0.25, 0), (0.0, 0.06, 0)):
        held = 0.9 + before
        own = held + 0.4 + 0.1
        words = [Word("new", 0.5, 0.9), Word("space", held, own + 0.15, probability),
                 Word("before", own + 0.15, own + 0.86)]
        cuts, plan = filler_cuts(layout(before, 0.1), words, ("new", "space", "before"), (0, 1, 2))
        assert len(cuts) == expected, (probability, before, plan.to_dict())
        if expected:
            assert cuts[0].start <= held + 0.01 and held + 0.4 - 0.01 <= cuts[0].end <= own
            assert not any("space" in w for w in plan.warnings), plan.warnings


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


def test_an_er_under_a_short_word_whisper_is_sure_of_is_cut_when_held_longer_than_the_word_takes():
    """"strays from the [er] page": Whisper laid "the" (p 0.97) on the "er", its own sound at
    the end of "from". "the" is said in a tenth of a second, so a steady sound of 0.27 s under
    it, set off by silence, is the "er" and goes; one of 0.15 s may be the word, and stays."""
    for held_s, expected in ((0.27, 1), (0.15, 0)):
        layout = [("gap", 0.5), ("speech", 0.5), ("gap", 0.3), ("held", held_s), ("gap", 0.13), ("speech", 0.4),
                  ("gap", 0.5)]
        held = 1.3
        words = [Word("from", 0.5, 1.0), Word("the", held, held + held_s, 0.97),
                 Word("page", held + held_s + 0.13, held + held_s + 0.53)]
        cuts, plan = filler_cuts(layout, words, ("from", "the", "page"), (0, 1, 2))
        assert len(cuts) == expected, (held_s, plan.to_dict())
        if expected:
            assert cuts[0].start <= held + 0.01 and held + held_s - 0.01 <= cuts[0].end <= held + held_s + 0.13


def test_a_word_between_two_script_words_is_not_a_filler_when_whisper_timed_the_second_off_its_sound():
    """"shoe box, and [pause] you know, last week": Whisper timed "and," late, in the pause and
    on the start of the "you know", so the real "and" looks like a sound between "box," and
    "and," that the script does not have. A span that holds almost no sound (0.08 s) says the
    times around it are wrong, and the "and" stays; the "you know" still goes."""
    layout = [("gap", 0.5), ("speech", 0.4), ("gap", 0.18), ("held", 0.3), ("gap", 0.33), ("held", 0.48),
              ("gap", 0.11), ("speech", 0.4), ("gap", 0.5)]
    words = [Word("box,", 0.5, 0.9), Word("and,", 1.63, 1.79), Word("you", 1.81, 2.0, 0.9), Word("know,", 2.0, 2.25),
             Word("last", 2.3, 2.7)]
    cuts, plan = filler_cuts(layout, words, ("box,", "and", "last"), (0, 1, -1, -1, 2))
    assert not any(c.start < 1.38 and c.end > 1.08 for c in cuts), plan.to_dict()
    assert any(c.start <= 1.72 and c.end >= 2.18 for c in cuts), plan.to_dict()


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
