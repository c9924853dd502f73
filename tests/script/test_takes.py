"""The whole-reading alignment that may jump back (pipeline/takes.py)."""

from pipeline.script import align, reading_table, takes
from pipeline.hearing.words import Word


def _words(text: str, pause_after: tuple[int, ...] = ()) -> list[Word]:
    out, t = [], 0.0
    for i, token in enumerate(text.split()):
        out.append(Word(token, t, t + 0.25))
        t += 0.3 + (0.6 if i in pause_after else 0.0)
    return out


def _script(text: str) -> list[align.ScriptWord]:
    return [align.ScriptWord(t, 0, 0) for t in text.split()]


def _retakes_of(script: str, said: str, pause_after: tuple[int, ...] = ()) -> tuple[list[str], list]:
    """The words said and the retakes the reading finds in them."""
    words = _words(said, pause_after)
    return [w.text for w in words], takes.read(words, _script(script))[1]


SCRIPT = "It hears a room with a voice in it. The reading is never clean. Nobody reads a page without a stumble."


def test_a_retake_after_an_aside_is_one_jump_back_and_the_last_take_is_kept():
    said = ("It hears a room with a voice in it. The reading is name a clean. No wait, from the top of that. "
            "The reading is never clean. Nobody reads a page without a stumble.")
    words = _words(said)
    alignment, found = takes.read(words, _script(SCRIPT))
    texts = [w.text for w in words]
    assert len(found) == 1
    retake = found[0]
    assert texts[retake.first:retake.kept] == "The reading is name a clean. No wait, from the top of that.".split()
    kept = texts.index("The", retake.kept - 1)
    assert retake.kept == kept
    assert all(alignment.script_index[k] < 0 for k in range(retake.first, retake.kept))
    assert alignment.script_index[retake.kept] == SCRIPT.split().index("The")


def test_takes_misheard_differently_are_still_takes():
    """The two takes share too few words with each other for repeats.py, but each reads the script."""
    script = "A pause that runs too long can be shortened by the editor."
    said = "A pores net runs too long can be shorted. Sorry. A pause that runs too long can be shortened by the editor."
    words = _words(said)
    _, found = takes.read(words, _script(script))
    assert [(r.first, r.kept) for r in found] == [(0, 10)]


def test_a_passage_the_essay_says_twice_is_read_straight():
    script = "She never wrote about the war. She wrote about the garden. She wrote about the garden again."
    words = _words(script)
    _, found = takes.read(words, _script(script))
    assert found == []
    steps = reading_table.path(align.expand(script.split())[0], align.expand(script.split())[0])
    assert not any(move == reading_table.BACK for move, _, _ in steps)


def test_a_false_start_of_one_word_is_cut():
    script = "When the recording strays from the page, the page tells the editor what to keep."
    said = "When, when the recording strays from the page, the page tells the editor what to keep."
    words = _words(said, pause_after=(0,))
    alignment, found = takes.read(words, _script(script))
    assert [(r.first, r.kept) for r in found] == [(0, 1)]
    assert alignment.script_index[1] == 0


def test_a_reading_too_long_for_the_table_keeps_the_plain_alignment(monkeypatch):
    monkeypatch.setattr(reading_table, "MAX_CELLS", 10)
    words = _words("The reading is name a clean. The reading is never clean.")
    assert takes.find(words, _script(SCRIPT), align.align(_script(SCRIPT), words)) is None
    alignment, _ = takes.read(words, _script(SCRIPT))
    assert len(alignment.script_index) == len(words)


def test_an_earlier_take_with_two_words_misheard_is_cut_and_no_script_sentence_with_it():
    """The plain alignment took "Nobody reads" from the earlier take and "page without a
    stumble" from the last; the rules of retakes.py then cut the sentence before it."""
    said = ("It hears a room with a voice in it. The reading is never clean. Nobody reads the page without the "
            "stumble. Sorry, let me try that again. Nobody reads a page without a stumble.")
    words = _words(said)
    alignment, found = takes.read(words, _script(SCRIPT))
    texts = [w.text for w in words]
    assert [" ".join(texts[r.first:r.kept]) for r in found] == \
        ["Nobody reads the page without the stumble. Sorry, let me try that again."]
    heard = {alignment.script_index[k] for k in range(len(words)) if not found[0].first <= k < found[0].kept}
    assert set(range(len(SCRIPT.split()))) <= heard


def test_a_misheard_line_before_an_earlier_take_is_not_cut_with_it():
    """The sonnet: its first line misheard word for word ("From Ferris features, we deserve
    in grease"), then a false start of the second and the second again. The first line is off
    the script to the table, but a pause and a sentence's end lie between it and the earlier
    take: the retake cut starts at the earlier take."""
    script = "From fairest creatures we desire increase, That thereby beauty's rose might never die."
    said = ("Ferris features, we deserve in grease. That thereby beauty's rose. Let me try that again. "
            "That thereby beauty's rose might never die.")
    texts, found = _retakes_of(script, said, (5, 9, 14))
    assert [" ".join(texts[r.first:r.kept]) for r in found] == ["That thereby beauty's rose. Let me try that again."]


def test_a_long_reading_is_read_in_chunks_with_the_same_retakes(monkeypatch):
    """Beyond MAX_CELLS the table is built a chunk at a time around the plain alignment; the
    retakes found are those of the single table."""
    import numpy as np
    rng = np.random.default_rng(4)
    sentences = [" ".join(rng.choice([f"w{i}" for i in range(3000)], 9)) + "." for _ in range(120)]
    script_text = " ".join(sentences)
    said_parts = []
    for k, sentence in enumerate(sentences):
        if k % 17 == 5:                                   # a false start, an aside, then the sentence
            said_parts.append(" ".join(sentence.split()[:4]) + ". Sorry, again.")
        said_parts.append(sentence)
    words = _words(" ".join(said_parts))
    script = _script(script_text)
    whole = takes.read(words, script)[1]
    monkeypatch.setattr(reading_table, "MAX_CELLS", 200_000)
    monkeypatch.setattr(reading_table, "CHUNK", 300)
    monkeypatch.setattr(reading_table, "MARGIN", 80)
    chunked = takes.read(words, script)[1]
    assert len(whole) == len([k for k in range(120) if k % 17 == 5])
    assert [(r.first, r.kept) for r in chunked] == [(r.first, r.kept) for r in whole]


def test_a_take_whose_first_word_is_misheard_both_times_is_cut_from_that_word():
    """"PS:" heard as "Yes," in both takes: the last take starts with one misheard word, so
    the earlier take is cut from its own misheard first word, not from "if". (The retake's
    kept word is the last take's first word that reads the script, "if"; the editor keeps
    the "Yes," before it, after the pause, as retake_cuts._take_start does for every retake.)"""
    script = "I kept every letter. PS: If you still have letters from someone you love, read one tonight."
    said = ("I kept every letter. Yes, if you still have letters seventeen someone you love, read one tonight. "
            "Let me try that again. Yes, if you still have letters from someone you love, read one tonight.")
    texts, found = _retakes_of(script, said, (3, 16, 21))
    assert len(found) == 1
    assert found[0].first == texts.index("Yes,")
    assert found[0].kept == len(texts) - 1 - texts[::-1].index("if")


def test_the_reading_is_alignment_json_with_its_retakes():
    import json
    said = ("It hears a room with a voice in it. The reading is name a clean. No wait, from the top of that. "
            "The reading is never clean. Nobody reads a page without a stumble.")
    words = _words(said, pause_after=(12, 19))
    made = takes.reading(words, _script(SCRIPT))
    alignment, found = takes.read(words, _script(SCRIPT))
    assert made == takes.Reading(alignment, tuple(found)) and found
    data = json.loads(json.dumps(made.to_dict()))
    assert data["version"] == 1 and data["script_index"] == list(alignment.script_index)
    assert takes.Reading.from_dict(data) == made


def test_a_title_read_aloud_matches_its_abbreviation_and_a_false_start_on_it_is_a_retake():
    """The script writes "Dr.", the reader says "doctor" (Whisper writes "Doctor."), twice."""
    script = "That is the lesson. Dr. Amara Okonkwo, who taught me radio, called it the rule of the good reason."
    said = ("That is the lesson. Doctor. Doctor. Amara Okonkwo, who taught me radio, called it the rule of the good "
            "reason.")
    words = _words(said, pause_after=(4,))
    alignment, found = takes.read(words, _script(script))
    assert [(r.first, r.kept) for r in found] == [(4, 5)]
    assert alignment.script_index[5] == script.split().index("Dr.")



def test_talk_that_ends_a_sentence_inside_an_earlier_take_is_cut_with_it():
    """"When the recording strays from the page. Uh. So let me do that again. When the
    recording strays from the page, the page tells": a pause and the "Uh." sentence end lie
    inside the earlier take, between its words and the aside; the cut still starts at its
    first word (it started at "do", which the path laid on a script word)."""
    script = ("I wrote it down. When the recording strays from the page, the page tells the editor what to keep.")
    said = ("I wrote it down. When the recording strays from the page. Uh. So let me do that again. "
            "When the recording strays from the page, the page tells the editor what to keep.")
    texts, found = _retakes_of(script, said, (3, 10, 11, 17))
    assert [" ".join(texts[r.first:r.kept]) for r in found] == [
        "When the recording strays from the page. Uh. So let me do that again."]


def test_a_word_broken_off_before_an_aside_and_said_again_whole_is_a_false_start():
    """Kennedy, re-joined: "And so, my [pause] fellow American- [pause] Okay, again. Fellow
    Americans. Ask not": the host broke off inside "Americans" and restarted mid-sentence
    after an aside; the false start and the aside are cut, the last take kept."""
    script = "And so, my fellow Americans, ask not what your country can do for you."
    said = "And so, my fellow American- Okay, again. Fellow Americans. Ask not what your country can do for you."
    texts, found = _retakes_of(script, said, (2, 4, 6))
    assert [" ".join(texts[r.first:r.kept]) for r in found] == ["fellow American- Okay, again."]


def test_a_broken_off_word_does_not_make_a_different_sentence_a_retake():
    """"Rule one. [pause] Rule two.": the same first word after a pause, each its own line of the
    script; nothing is cut."""
    script = "Rule one. Keep it short. Rule two. Read it aloud."
    said = "Rule one. Keep it short. Rule two. Read it aloud."
    assert _retakes_of(script, said, (1, 4, 6))[1] == []


def test_talk_that_begins_with_the_next_sentences_first_word_is_not_a_false_start():
    """"Keep it short. [pause] First I said so. [pause] First, a heavy rug.": the aside shares
    only its first word with the sentence after it and goes on without a pause, so it is not
    a false start broken off before an aside (the host's own words stay, as ad-libs do)."""
    from pipeline.script.repeats import find_repeats
    words = _words("Keep it short. First I said so. First, a heavy rug.", (2, 6))
    index = [0, 1, 2, -1, -1, -1, -1, 3, 4, 5, 6]
    assert find_repeats(words, list(index), list(index), []) == []
    broken = _words("Keep it short. First, a- Okay, again. First, a heavy rug.", (2, 4, 6))
    assert find_repeats(broken, [0, 1, 2, -1, -1, -1, -1, 3, 4, 5, 6], [0, 1, 2, -1, -1, -1, -1, 3, 4, 5, 6],
                        []) == [(3, 7)]


def test_you_know_before_a_sentence_is_not_read_as_its_first_word():
    """"You know, the microphone" for "A microphone": "you" and "a" have the same consonant
    skeleton (none), so "You" was aligned to "A" and the "you know" was no filler any more
    (held-out eval corpus, twice in one voice). A word with a glide ("you", "we") sounds like
    no other word; "a" for "I" still reads it."""
    script = "The room was quiet. A microphone does not hear a room the way your ears do."
    said = "The room was quiet. You know, the microphone does not hear a room the way your ears do."
    words = _words(said)
    alignment, found = takes.read(words, _script(script))
    assert found == []
    assert alignment.script_index[4:6] == (-1, -1)
    misheard = _words("The room was quiet. I microphone does not hear a room the way your ears do.")
    assert takes.read(misheard, _script(script))[0].script_index[4] == 4


def test_a_filler_said_twice_is_no_false_start():
    """"loud. Uh, uh. You hear" for "loud. Whatever you hear": the second "uh" lay on the
    cheapest path as a misreading of "Whatever", so the first was taken for a false start of
    it and cut as a retake, into the sentence after it (eval corpus). A repeated word is a
    false start only where its second saying may be the script word misheard."""
    script = "Nobody would get that loud. Whatever you hear in those ten seconds will be under every sentence."
    words, found = _retakes_of(script, "Nobody would get fun loud. Uh, uh. You hear indoors ten seconds will be "
                                       "under every sentence.", pause_after=(4,))
    assert found == []
    words, found = _retakes_of("Three cheap fixes. Here is what worked.",
                               "Free, free cheap fixes. Here is what worked.", pause_after=(0,))
    assert [(r.first, r.kept) for r in found] == [(0, 1)]


def test_words_misheard_with_a_later_phrase_s_words_are_no_retake():
    """"when I was in the game and the cattle in the sand" for "when there was nothing to dig
    and the catalogue in the shed": repeats.py took "in the game" for an earlier take of "in
    the sand" and cut it (held-out corpus, en-us-nyc+aunty: 0.6 s of script). The table reads
    those words straight, as the script misheard; a rule's retake it reads so is none."""
    script = ("I started reading on a wet Sunday in October, when there was nothing to dig and the catalogue "
              "in the shed still worked.")
    said = "I started reading on the October when I was in the game and the cattle in the sand still worked."
    assert _retakes_of(script, said)[1] == []
    for script, said in (("Courgettes, always too many. What it costs. The rent was eight pounds a year.",
                          "Courgettes, always too many. What? What's it cost? The rent was poundated."),
                         ("It took a lot of rug. What the microphone hears. A microphone does not hear a voice.",
                          "It took a lot. What? What the microphone gears? A microphone does not gear a voice.")):
        words, found = _retakes_of(script, said, pause_after=(3, 4))
        assert [(r.first, r.kept) for r in found] == [(4, 5)], said


def test_a_word_said_twice_after_a_misheard_word_is_a_false_start():
    """"for the reed. I, I also know this" for "for the reader. I also notice": "reed." was
    off the script as well, so the words off the script were "reed. I," and not the "I" said
    again; the false start stayed (held-out generation 6, en-us-nyc+shelby). The words said
    twice end the run of words off the script; the misheard word before them stays."""
    script = "A good letter leaves room for the reader. I also notice how often she changed her mind."
    said = "A good letter leaves room for the reed. I, I also know this how often she changed my mind."
    texts, found = _retakes_of(script, said, pause_after=(7, 8))
    assert [texts[r.first:r.kept] for r in found] == [["I,"]]
    script = "I learned from Amara Okonkwo, who taught me radio."
    texts, found = _retakes_of(script, "I learned from American who who taught me radio.")
    assert found == []


def test_a_jump_back_whose_pass_reads_two_words_and_leaves_is_no_retake():
    """"... What it costs her. Hang on, the captain on the neck. [the earlier take, misheard]
    price instead": the cheapest path over a 299-word essay read the aside's "on the" as the
    essay's first words "On the first Saturday" twice, each a cheap jump to a sentence's start,
    and skipped ahead again; the whole reading before the aside, 199 words, was taken for an
    earlier take, and script edits went off for the episode (held-out generation 6). The path
    is the one the table found there, shortened."""
    said = "On the first Saturday costs her. Hang on, the captain on the neck. price instead".split()
    script = "On the first Saturday costs her. She could sell the bread at half price instead".split()
    D, I, B, A = takes.DIAGONAL, takes.INSERTED, takes.BACK, takes.AHEAD
    found = ([(D, k, k) for k in range(6)] + [(B, 6, 0), (I, 6, 0), (D, 7, 0), (D, 8, 1), (B, 9, 0), (I, 9, 0),
                                              (D, 10, 0), (D, 11, 1), (I, 12, 2), (A, 13, 13), (D, 13, 13),
                                              (D, 14, 14)])
    spoken = [t.lower().strip(",.") for t in said]
    tokens = [t.lower().strip(",.") for t in script]
    assert takes._retakes(found, spoken, tokens, list(range(len(said))), _words(" ".join(said))) == []


def test_an_earlier_take_the_path_reached_past_script_it_never_reads_is_no_retake():
    """"middle of it. [The editor can] The editor can cut a clean retake ... Rule six: leave the
    first and the last" heard as "middle of it. There the tuck on. There the tuck on contact,
    lean with it. Um, real sex. Leave the first and the last": the cheapest path skipped 50
    words ahead to read the misheard last take's "on the" as "first and the last" further on,
    then jumped back to "Rule six", 16 words past where the reading had been; the misheard
    last take, 5.3 s of the essay, was cut as an earlier take (held-out generation 7). The
    path is the one the table found there, shortened; a jump back to where the reading was is
    still a retake."""
    said = "it. There the tuck on. There the lean real six leave the first".split()
    script = "it. The editor can cut a clean retake repair through. Rule six leave the first".split()
    D, I, B = takes.DIAGONAL, takes.INSERTED, takes.BACK
    spoken = [t.lower().strip(",.") for t in said]
    tokens = [t.lower().strip(",.") for t in script]
    owner = list(range(len(said)))
    far = ([(D, 0, 0), (I, 1, 1), (D, 2, 1), (I, 3, 13), (D, 4, 13), (I, 5, 14), (D, 6, 14), (B, 7, 10),
            (I, 7, 10), (D, 8, 10), (D, 9, 11), (D, 10, 12), (D, 11, 13), (D, 12, 14)])
    assert takes._retakes(far, spoken, tokens, owner, _words(" ".join(said))) == []
    said = "it. The editor can. The editor can cut a clean retake".split()
    spoken, tokens = [t.lower().strip(",.") for t in said], tokens[:8]
    near = [(D, 0, 0), (D, 1, 1), (D, 2, 2), (D, 3, 3), (B, 4, 1)] + [(D, 4 + k, 1 + k) for k in range(7)]
    assert [(r.first, r.kept) for r in takes._retakes(near, spoken, tokens, list(range(len(said))),
                                                      _words(" ".join(said)))] == [(1, 4)]


def test_a_rule_s_retake_that_leaves_a_sentence_read_by_no_word_is_none():
    """"for about $14 .00" and, a sentence on, "for $1400 .00," for "Third, a blanket over the
    door,": the two start and end alike, and repeats.py took them for two takes of "for about
    $40.", which left "Third, a blanket over the door," read by no word (the table reads the
    second as that line, misheard). The cut took 1.5 s of the real sentence (eval corpus, in
    noise at 10 dB SNR). A retake said as one ("... $14. Sorry. for about $40. Third, ...")
    loses no script word and is still cut."""
    script = ("Second, two bookcases full of old paperbacks, which broke up the echo for about $40. Third, a "
              "blanket over the door, which looked ridiculous and worked better than anything else.")
    said = ("Second, to the case. full of old paper maps which look a miracle for about $14 .00 for $1400 .00, "
            "which look ridiculous and worked better than anything else.")
    assert _retakes_of(script, said)[1] == []
    said = ("Second, two bookcases full of old paperbacks, which broke up the echo for about $14. Sorry. for "
            "about $40. Third, a blanket over the door, which looked ridiculous and worked better than anything else.")
    words, found = _retakes_of(script, said)
    assert [words[r.first:r.kept] for r in found] == [["for", "about", "$14.", "Sorry."]]


def test_a_pass_that_reads_three_words_and_skips_more_script_than_it_read_is_no_last_take():
    """Whisper wrote "The rent was" over "Is a ledger", after "The rent was ... six." had been
    read twice and two more sentences misheard. The path went back to read those three words
    as a third take, then skipped 44 script words no pass reads, and the retake cut took the
    second take and both sentences (held-out generation 7, 19 s). A pass that skips more
    script than it has read is not a last take: only the first take goes."""
    script = ("What it costs. The rent was £8 a year in 1986. It is £64 now, which is still less than a month of "
              "salad from the supermarket, or so the committee reckons. Why I keep writing in it. Is a ledger worth "
              "keeping when there is a group chat? I think so.")
    said = ("What it cost? The rent was founded on 19 hundred and eight six. Home not quite. The rent was founded "
            "on 19 hundred and eight six. The £6 .4 which is still this, and the market also the committed to "
            "certain remitment. Why keep writing it? The rent was keeping when the rent was in a group chart? I "
            "think so.")
    words, found = _retakes_of(script, said)
    assert [words[r.first:r.kept] for r in found] == [
        "The rent was founded on 19 hundred and eight six. Home not quite.".split()]
