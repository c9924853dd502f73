"""Where a retake cut ends: at the start of the last take, even when the alignment took a
word of the earlier take for the last take's first (`tones`: "speech" a word)."""

from pipeline.editing import edits
from pipeline.hearing import levels
from pipeline.hearing.words import Word
from pipeline.script import align
from pipeline.script.retakes import Retake
from pipeline.show.config import EditSettings

from tests.support import tones

LAYOUT = [("gap", 0.3), ("speech", 0.5), ("gap", 0.4),                       # voice.
          ("speech", 0.6), ("gap", 0.05), ("speech", 0.3), ("gap", 0.05),     # Here's a room | in
          ("speech", 0.2), ("gap", 0.5),                                      # it.
          ("speech", 0.5), ("gap", 0.6),                                      # Okay, again.
          ("speech", 0.4), ("gap", 0.05), ("speech", 0.5), ("gap", 0.5)]      # Here's | a room.
SCRIPT = ("voice.", "It", "hears", "a", "room.")
LAST_TAKE_S = 4.0


def plan_of(index):
    """"voice. [Here's a room in it.] [Okay, again.] Here's a room.": Whisper heard "It hears"
    as "Here's" in both takes and stretched the earlier take's "it." over the pause after it;
    `index` is the alignment, the retake the table found runs from "Here's" to "it."."""
    samples = tones(LAYOUT)
    said = [("voice.", 0.3, 0.8), ("Here's", 1.2, 1.5), ("a", 1.5, 1.6), ("room", 1.6, 1.8), ("in", 1.85, 2.2),
            ("it.", 2.2, 2.85), ("Okay,", 2.9, 3.1), ("again.", 3.1, 3.4), ("Here's", 4.0, 4.4), ("a", 4.45, 4.6),
            ("room.", 4.6, 4.95)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    kept = index.index(1)
    return edits.plan(words, align.Alignment(index, len(SCRIPT), len(SCRIPT), index), [0] * len(words),
                      levels.frame_db(samples), len(samples) / 16000, EditSettings(cut_head_tail=False), [],
                      [Retake(1, kept - 1, kept, "Here's a room in")], SCRIPT, samples)


def test_a_lone_word_the_alignment_kept_goes_with_the_earlier_take_and_the_aside():
    plan = plan_of((0, -1, -1, -1, -1, 1, -1, -1, -1, 3, 4))
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1, plan.to_dict()
    assert cuts[0].start <= 1.2 and LAST_TAKE_S - 0.3 <= cuts[0].end <= LAST_TAKE_S, plan.to_dict()
    assert not plan.warnings                    # "It" is read in the last take, as "Here's"


def test_a_take_that_starts_after_a_pause_keeps_its_first_word():
    """"it. [Doctor.] Doctor. [pause] Am I a rock-on-clock who": the last take's "Dr." follows
    a pause, and the misheard name after it is not the script's reading going on elsewhere."""
    samples = tones([("gap", 0.3), ("speech", 0.5), ("gap", 0.5), ("speech", 0.5), ("gap", 0.8),
                     ("speech", 0.5), ("gap", 0.5), ("speech", 0.8), ("gap", 0.05), ("speech", 0.3),
                     ("gap", 0.5)])
    said = [("it.", 0.3, 0.8), ("Doctor.", 1.3, 1.8), ("Doctor.", 2.6, 3.1), ("Am", 3.6, 3.7), ("I", 3.7, 3.8),
            ("a", 3.8, 3.9), ("rock", 3.9, 4.1), ("-on", 4.1, 4.2), ("-clock", 4.2, 4.4), ("who", 4.45, 4.75)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    script = ("it.", "Dr.", "Amara", "Okonkwo,", "who")
    index = (0, -1, 1, -1, -1, -1, -1, -1, -1, 4)
    plan = edits.plan(words, align.Alignment(index, 5, 5, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [], [Retake(1, 1, 2, "Doctor.")],
                      script, samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and cuts[0].start <= 1.3 and 1.9 <= cuts[0].end <= 2.6, plan.to_dict()


def test_an_aside_whisper_wrote_no_word_for_goes_with_the_earlier_take():
    """"letters, [then in the same app,] [pause] [let me try that again] [pause] then in the
    same": Whisper wrote nothing for the aside and stretched "app," over both pauses and it;
    the cut ends at the pause just before the last take, not at the longer one before the aside."""
    samples = tones([("gap", 0.3), ("speech", 0.5), ("gap", 0.4), ("speech", 0.8), ("gap", 0.6),
                     ("speech", 1.3), ("gap", 0.5), ("speech", 1.0), ("gap", 0.5)])
    said = [("letters,", 0.3, 0.8), ("then", 1.2, 1.4), ("in", 1.4, 1.55), ("the", 1.55, 1.7), ("same", 1.7, 1.85),
            ("app,", 1.85, 4.4), ("then", 4.42, 4.6), ("in", 4.6, 4.8), ("the", 4.8, 5.0), ("same", 5.0, 5.4)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    index = (0, -1, -1, -1, -1, -1, 1, 2, 3, 4)
    plan = edits.plan(words, align.Alignment(index, 5, 5, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [],
                      [Retake(1, 5, 6, "then in the same app,")], ("letters,", "then", "in", "the", "same"), samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and cuts[0].start <= 1.2 and 3.9 <= cuts[0].end <= 4.4, plan.to_dict()


def test_an_earlier_take_whose_first_sound_whisper_wrote_as_an_extra_word_is_cut_from_its_start():
    """"microphone. [or the reading is...] The reading is never clean.": Whisper wrote the
    earlier take's "The" as "or the" and gave "or" 40 ms at the take's start; the retake
    found starts at "the", and the cut starts in the pause before "or", not inside the take
    (seen in the eval corpus: 12 % of the earlier take kept)."""
    layout = [("gap", 0.3), ("speech", 0.5), ("gap", 0.7), ("speech", 0.6), ("gap", 1.0), ("speech", 0.6),
              ("gap", 0.5)]
    samples = tones(layout)
    take_start = 0.3 + 0.5 + 0.7
    said = [("microphone.", 0.3, 0.8), ("or", take_start, take_start + 0.04),
            ("the", take_start + 0.04, take_start + 0.2), ("reading", take_start + 0.2, take_start + 0.6),
            ("The", 3.1, 3.3), ("reading", 3.3, 3.7)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    index = (0, -1, -1, -1, 1, 2)
    plan = edits.plan(words, align.Alignment(index, 3, 3, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [],
                      [Retake(2, 3, 4, "the reading")], ("microphone.", "The", "reading"), samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1, plan.to_dict()
    assert 0.8 <= cuts[0].start <= take_start and take_start + 0.6 <= cuts[0].end <= 3.1, plan.to_dict()


def _retake_cuts(layout, said, script, index, retake):
    samples = tones(layout)
    words = [Word(t, a, b, p) for t, a, b, p in said]
    plan = edits.plan(words, align.Alignment(index, len(script), len(script), index), [0] * len(words),
                      levels.frame_db(samples), len(samples) / 16000, EditSettings(cut_head_tail=False), [],
                      [retake], script, samples)
    return [e for e in plan.edits if e.reason == "retake"], plan


def test_a_next_word_whisper_guessed_into_the_end_of_the_last_is_no_earlier_take():
    """"fixes Here | Here is what": Whisper wrote the next sentence's "Here" (p 0.00) into the
    last 40 ms of "fixes", and the table found a false start. Nothing was said there: the
    cut that ran from inside "fixes" is not made (seen in the eval corpus). Heard (p 0.9),
    the same "Here" is a false start, and is cut."""
    layout = [("gap", 0.3), ("speech", 0.8), ("gap", 0.9), ("speech", 0.3), ("gap", 0.05), ("speech", 0.4),
              ("gap", 0.5)]
    script = ("cheap", "fixes", "Here", "is", "what")
    for probability, expected in ((0.0, 0), (0.9, 1)):
        said = [("cheap", 0.3, 0.7, 0.9), ("fixes", 0.7, 1.06, 0.9), ("Here", 1.06, 1.1, probability),
                ("Here", 2.0, 2.3, 0.9), ("is", 2.35, 2.55, 0.9), ("what", 2.55, 2.75, 0.9)]
        cuts, plan = _retake_cuts(layout, said, script, (0, 1, -1, 2, 3, 4), Retake(2, 2, 3, "Here"))
        assert len(cuts) == expected, (probability, plan.to_dict())


def test_words_whisper_wrote_twice_over_a_stretch_it_could_not_hear_are_no_earlier_take():
    """"which will come to the book, which will come to the book for about" for "paperbacks,
    which broke up the echo for about": Whisper looped over speech it could not make out, the
    first copy at p 0.2, none of it script. It is not cut (in the eval corpus the cut took
    1.4 s of the reading). The same words heard at p 0.5 are an off-script earlier take, cut."""
    layout = [("gap", 0.3), ("speech", 0.5), ("gap", 0.05), ("speech", 1.2), ("gap", 0.3), ("speech", 1.2),
              ("gap", 0.05), ("speech", 0.5), ("gap", 0.5)]
    script = ("Second,", "which", "for", "about")
    loop = ("which", "will", "come", "to", "the", "book,")
    for probability, expected in ((0.2, 0), (0.5, 1)):
        said = [("Second,", 0.3, 0.8, 0.9)] + [(t, 0.85 + 0.2 * k, 1.05 + 0.2 * k, probability)
                                               for k, t in enumerate(loop)]
        said += [(t, 2.35 + 0.2 * k, 2.55 + 0.2 * k, 0.6) for k, t in enumerate(loop)]
        said += [("for", 3.6, 3.8, 0.9), ("about", 3.8, 4.1, 0.9)]
        index = (0,) + (-1,) * 6 + (1,) + (-1,) * 5 + (2, 3)
        cuts, plan = _retake_cuts(layout, said, script, index, Retake(1, 6, 7, " ".join(loop)))
        assert len(cuts) == expected, (probability, plan.to_dict())


def test_a_last_take_the_reading_along_squeezed_into_no_time_is_no_take():
    """"The fridge and the kitchen come at 50 | in the kitchen hums at 50 hertz": the first
    is the reading, heard wrong; reading along the script, Whisper then put the script's
    words it had not heard into 10 ms at p 0.0 to 0.1, which the table took for a last take.
    Nothing is cut (in the eval corpus the cut took 1.3 s of the reading). The same words
    heard where they were said are a retake, cut."""
    layout = [("gap", 0.3), ("speech", 0.5), ("gap", 0.5), ("speech", 1.6), ("gap", 0.4), ("speech", 1.5),
              ("gap", 0.5)]
    script = ("voice.", "The", "fridge", "in", "the", "kitchen", "hums", "at", "50")
    first = ("The", "fridge", "and", "the", "kitchen", "come", "at", "50")
    for squeezed, expected in ((True, 0), (False, 1)):
        said = [("voice.", 0.3, 0.8, 0.9)] + [(t, 1.3 + 0.2 * k, 1.5 + 0.2 * k, 0.9) for k, t in enumerate(first)]
        again = [("in", 3.3, 3.4, 0.6), ("the", 3.4, 3.5, 0.6)] + [
            (t, 3.6, 3.61, 0.05) if squeezed else (t, 3.5 + 0.25 * k, 3.75 + 0.25 * k, 0.8)
            for k, t in enumerate(("kitchen", "hums", "at", "50"))]
        index = (0,) + (-1,) * 8 + (3, 4, 5, 6, 7, 8)
        cuts, plan = _retake_cuts(layout, said + again, script, index, Retake(1, 8, 9, " ".join(first)))
        assert len(cuts) == expected, (squeezed, plan.to_dict())


def test_an_aside_whisper_wrote_no_word_for_goes_with_the_earlier_take():
    """"voice. [The forms.] [Hold on, let me redo that.] The forms.": the aside has no words
    (held-out corpus, LJ Speech), and Whisper started the last take's "The" 0.13 s before the
    aside's end, its own sound the last 60 ms of its span. The cut runs to the pause before
    that sound, not to the pause before the aside."""
    samples = tones([("gap", 0.3), ("speech", 0.5), ("gap", 0.6), ("speech", 1.0), ("gap", 0.5),
                     ("speech", 1.8), ("gap", 0.5), ("speech", 0.4), ("gap", 0.05), ("speech", 0.5), ("gap", 0.5)])
    said = [("voice.", 0.3, 0.8), ("The", 1.4, 1.7), ("forms.", 1.75, 2.4), ("The", 4.57, 5.26),
            ("forms.", 5.3, 6.1)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    index = (0, -1, -1, 1, 2)
    plan = edits.plan(words, align.Alignment(index, 3, 3, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [], [Retake(1, 2, 3, "The forms.")],
                      ("voice.", "The", "forms."), samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and cuts[0].start <= 1.4 and 4.9 <= cuts[0].end <= 5.2, plan.to_dict()


def test_speech_whisper_wrote_no_word_for_before_an_earlier_take_is_not_cut_with_it():
    """"numbers. [A return ticket costs ...] [pause] The company [pause] Excuse me, once more.
    The company": Whisper wrote no word for the script read once between "numbers." and the
    earlier take (seen in the held-out corpus: 6.6 s of it); the longest silence before the
    take lies before that speech, but the take begins at the pause after it."""
    samples = tones([("gap", 0.3), ("speech", 0.5), ("gap", 1.0), ("speech", 1.4), ("gap", 0.08),
                     ("speech", 1.5), ("gap", 0.6), ("speech", 0.8), ("gap", 0.5), ("speech", 0.8),
                     ("gap", 0.5), ("speech", 0.8), ("gap", 0.5)])
    said = [("numbers.", 0.3, 0.8), ("The", 5.4, 5.6), ("company", 5.6, 6.2), ("Excuse", 6.7, 6.9),
            ("me,", 6.9, 7.1), ("once", 7.1, 7.3), ("more.", 7.3, 7.5), ("The", 8.0, 8.2), ("company", 8.2, 8.8)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    script = ("numbers.", "A", "return.", "The", "company")
    index = (0, -1, -1, -1, -1, -1, -1, 3, 4)
    plan = edits.plan(words, align.Alignment(index, 5, 5, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [], [Retake(1, 6, 7, "The company")],
                      script, samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and 4.78 <= cuts[0].start <= 5.4 and 7.5 <= cuts[0].end <= 8.0, plan.to_dict()


def test_a_last_take_whisper_laid_back_over_the_aside_keeps_its_first_word():
    """"voice. [Reading them now.] [Oh dear, again.] Reading them now.": Whisper started the
    last take's "Reading" inside the aside's "again." (held-out corpus, en-us+Lee: 38.54 s
    against 38.90 s), so the longest sound in its span is the aside's end. The cut runs to
    the pause before "Reading" and does not count as cutting the only "Reading"."""
    samples = tones([("gap", 0.3), ("speech", 0.5), ("gap", 0.5), ("speech", 1.5), ("gap", 0.4),
                     ("speech", 1.2), ("gap", 0.4), ("speech", 0.5), ("gap", 0.05), ("speech", 0.4),
                     ("gap", 0.05), ("speech", 0.4), ("gap", 0.5)])
    said = [("voice.", 0.3, 0.8), ("Reading", 1.3, 1.7), ("them", 1.7, 2.2), ("now.", 2.2, 2.8), ("Oh", 3.2, 3.5),
            ("dear,", 3.5, 3.8), ("again.", 3.8, 4.45), ("Reading", 4.1, 4.85), ("them", 5.35, 5.75),
            ("now.", 5.8, 6.2)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    index = (0, -1, -1, -1, -1, -1, -1, 1, 2, 3)
    plan = edits.plan(words, align.Alignment(index, 4, 4, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [],
                      [Retake(1, 6, 7, "Reading them now. Oh dear, again.")], ("voice.", "Reading", "them", "now."),
                      samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and cuts[0].start <= 1.3 and 4.4 <= cuts[0].end <= 4.8, plan.to_dict()
    assert not plan.warnings


def test_a_last_take_word_whisper_timed_in_the_silence_before_it_does_not_block_the_cut():
    """"watch. [Why are you going back?] [Once more, slowly.] Why are you going back?": Whisper
    timed the last take's "Why" over most of the 0.8 s of silence after the aside, its sound under
    "are" (held-out corpus, en-us-nyc+aunty: "Why" 90.46-91.14 s, said at 91.25 s). A word
    whose span holds no sound is on the sound just after it, so the cut ending in that
    silence does not take the only "Why", and both takes and the aside no longer stay."""
    samples = tones([("gap", 0.3), ("speech", 0.5), ("gap", 0.5), ("speech", 1.2), ("gap", 0.5),
                     ("speech", 1.2), ("gap", 0.8), ("speech", 1.2), ("gap", 0.5)])
    said = [("watch.", 0.3, 0.8), ("Why", 1.3, 1.45), ("are", 1.45, 1.6), ("you", 1.6, 1.75), ("going", 1.75, 2.0),
            ("back?", 2.0, 2.5), ("Once", 3.0, 3.3), ("more,", 3.3, 3.7), ("slowly.", 3.7, 4.2), ("Why", 4.2, 4.75),
            ("are", 5.1, 5.3), ("you", 5.3, 5.5), ("going", 5.5, 5.8), ("back?", 5.8, 6.2)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    index = (0, -1, -1, -1, -1, -1, -1, -1, -1, 1, 2, 3, 4, 5)
    script = ("watch.", "Why", "are", "you", "going", "back?")
    plan = edits.plan(words, align.Alignment(index, 6, 6, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [],
                      [Retake(1, 8, 9, "Why are you going back? Once more, slowly.")], script, samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and cuts[0].start <= 1.3 and 4.2 <= cuts[0].end <= 5.0, plan.to_dict()
    assert not plan.warnings


def test_a_word_read_on_with_no_sound_above_the_threshold_stays_where_it_is_timed():
    """"a voice in it. [The fridge.] The fridge in the kitchen" in a fan's noise: "it." is said
    right after "in", too softly to pass the speech threshold, so its span holds no sound. It is
    not moved onto the earlier take after it (held-out corpus: the retake was then refused for
    taking the only "it.")."""
    samples = tones([("gap", 0.3), ("speech", 1.0), ("gap", 0.6), ("speech", 0.4), ("gap", 0.9), ("speech", 1.0),
                     ("gap", 0.5)])
    said = [("with", 0.3, 0.5), ("a", 0.5, 0.7), ("voice", 0.7, 1.0), ("in", 1.0, 1.27), ("it.", 1.3, 1.7),
            ("The", 2.0, 2.1), ("fridge.", 2.1, 2.3), ("The", 3.2, 3.4), ("fridge", 3.4, 3.6), ("in", 3.6, 3.8),
            ("the", 3.8, 4.0), ("kitchen", 4.0, 4.2)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    index = (0, 1, 2, 3, 4, -1, -1, 5, 6, 7, 8, 9)
    script = ("with", "a", "voice", "in", "it.", "The", "fridge", "in", "the", "kitchen")
    plan = edits.plan(words, align.Alignment(index, 10, 10, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [],
                      [Retake(5, 6, 7, "The fridge.")], script, samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and cuts[0].start <= 1.9 and 2.3 <= cuts[0].end <= 3.2, plan.to_dict()
    assert not plan.warnings


def test_a_retake_cut_does_not_take_a_sentence_whisper_wrote_no_words_for():
    """"The baker. [Nkechi Adeyemi opened the bakery ...] [She still starts work at] She still
    starts work at dawn.": reading along the essay, Whisper skipped the 6 s sentence and timed
    the earlier take's words back inside it (held-out corpus, en-us+Michael: 7.7 s of script
    cut with the retake). A cut taking more than a few seconds of speech with no word over it
    is not made, and the host is told where to listen."""
    samples = tones([("gap", 0.3), ("speech", 0.5), ("gap", 1.0), ("speech", 6.0), ("gap", 0.6), ("speech", 1.5),
                     ("gap", 0.8), ("speech", 1.5), ("gap", 0.5)])
    said = [("The", 0.3, 0.5), ("baker.", 0.5, 0.8), ("She", 5.0, 5.8), ("still", 5.8, 6.6), ("starts", 6.6, 7.4),
            ("work", 7.4, 9.0), ("at", 9.0, 9.4), ("dawn.", 9.4, 9.9), ("She", 10.7, 10.9), ("still", 10.9, 11.2),
            ("starts", 11.2, 11.5), ("work", 11.5, 11.7), ("at", 11.7, 11.9), ("dawn.", 11.9, 12.2)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    script = tuple("The baker. Nkechi opened the bakery. She still starts work at dawn.".split())
    index = (0, 1, -1, -1, -1, -1, -1, -1, 6, 7, 8, 9, 10, 11)
    plan = edits.plan(words, align.Alignment(index, len(script), 8, index), [0] * len(words),
                      levels.frame_db(samples), len(samples) / 16000, EditSettings(cut_head_tail=False), [],
                      [Retake(2, 7, 8, "She still starts work at dawn.")], script, samples)
    assert not [e for e in plan.edits if e.start < 7.8 and e.end > 1.8 and e.action == "cut"], plan.to_dict()
    assert any("no words recognised" in w for w in plan.warnings), plan.warnings


def test_a_last_take_heard_as_the_earlier_one_began_starts_after_its_own_pause_not_the_aside_s():
    """"ship. | Breeze creams, a chat lantern. [0.6 s] Hmm, not quite. [0.4 s] Breeze creams, a
    chart table": both takes of "Three screens" were heard "Breeze creams", so the alignment
    kept the last take from "a". The longest pause before that is the aside's; the last take
    starts after the later one, before the words the earlier take began with, and the aside
    goes with the earlier take (held-out generation 7, and the real reader of the sonnet).
    Talk after the last take that does not begin so ("Then you're on") is no take start."""
    layout = [("gap", 0.3), ("speech", 0.4), ("gap", 0.4),                         # ship.
              ("speech", 0.9), ("gap", 0.6),                                        # Breeze creams, a chat lantern.
              ("speech", 0.6), ("gap", 0.4),                                        # Hmm, not quite.
              ("speech", 0.3), ("gap", 0.05), ("speech", 0.6), ("gap", 0.5)]         # Breeze creams, | a chart table
    samples = tones(layout)
    said = [("ship.", 0.3, 0.7), ("Breeze", 1.1, 1.3), ("creams,", 1.3, 1.5), ("a", 1.5, 1.6), ("chat", 1.6, 1.8),
            ("lantern.", 1.8, 2.0), ("Hmm,", 2.6, 2.8), ("not", 2.8, 3.0), ("quite.", 3.0, 3.2),
            ("Breeze", 3.6, 3.75), ("creams,", 3.75, 3.9), ("a", 3.95, 4.1), ("chart", 4.1, 4.3), ("table", 4.3, 4.55)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    script = ("ship.", "Three", "screens,", "a", "chart", "table")
    index = (0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 3, 4, 5)
    plan = edits.plan(words, align.Alignment(index, 6, 6, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [], [Retake(1, 10, 11, "Breeze ...")],
                      script, samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and cuts[0].start <= 1.1 and 3.2 <= cuts[0].end <= 3.6, plan.to_dict()
    layout = [("gap", 0.3), ("speech", 0.4), ("gap", 0.4),                         # it.
              ("speech", 0.9), ("gap", 1.3),                                        # The fridge terms at 50 foot.
              ("speech", 0.9), ("gap", 0.9),                                        # The frame terms left 50 quits.
              ("speech", 0.5), ("gap", 0.05), ("speech", 0.5), ("gap", 0.5)]        # Then you're on | the desk.
    samples = tones(layout)
    said = [("it.", 0.3, 0.7), ("The", 1.1, 1.3), ("fridge", 1.3, 1.5), ("terms", 1.5, 1.7), ("foot.", 1.7, 2.0),
            ("The", 3.3, 3.5), ("frame", 3.5, 3.7), ("terms", 3.7, 3.9), ("quits.", 3.9, 4.2), ("Then", 5.1, 5.3),
            ("you're", 5.3, 5.45), ("on", 5.45, 5.6), ("the", 5.65, 5.9), ("desk.", 5.9, 6.15)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    script = ("it.", "The", "fridge", "hums", "Hang", "on", "the", "desk.")
    index = (0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 6, 7)
    plan = edits.plan(words, align.Alignment(index, 8, 8, index), [0] * len(words), levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False), [], [Retake(1, 11, 12, "The ...")],
                      script, samples)
    cuts = [e for e in plan.edits if e.reason == "retake"]
    assert len(cuts) == 1 and cuts[0].start <= 1.1 and 2.0 <= cuts[0].end <= 3.3, plan.to_dict()
