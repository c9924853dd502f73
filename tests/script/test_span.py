"""Where the reading proper begins and ends: chatter is cut, a misheard script sentence never."""

from pipeline.script import align
from pipeline.script.span import reading_span, sound_key, sounds_like
from pipeline.hearing.words import Word

SCRIPT = ("My grandmother Margit wrote me a letter every month for nineteen years. I kept all of them in a "
          "shoe box. Details are on the project page.").split()


def words_at(text: str, start: float, probability: float = 0.95, step: float = 0.3) -> list[Word]:
    return [Word(w, round(start + k * step, 2), round(start + k * step + step - 0.02, 2), probability)
            for k, w in enumerate(text.split())]


def span_of(words: list[Word]):
    script = [align.ScriptWord(t, 0, 0) for t in SCRIPT]
    alignment = align.align(script, words)

    def gap_before(i: int) -> float:
        return words[i].start - words[i - 1].end if i else words[0].start
    return reading_span(words, alignment, tuple(SCRIPT), gap_before)


def test_a_misheard_first_sentence_runs_on_into_the_reading_and_is_kept():
    chatter = words_at("Let me get some water first.", 0.4)
    misheard = words_at("My glenzment home algebra to me are to rent", 3.5, probability=0.2)
    rest = words_at("month for 19 years. I kept all of them in a shoe box. Details are on the project page.",
                    misheard[-1].end + 0.02)
    span = span_of(chatter + misheard + rest)
    assert span.first == len(chatter)             # the chatter goes, the mumbled start stays
    assert span.last == len(chatter + misheard + rest) - 1


def test_a_misheard_last_sentence_after_a_pause_is_kept_and_the_chatter_after_it_cut():
    reading = words_at("My grandmother Margit wrote me a letter every month for nineteen years. I kept all of "
                       "them in a shoe box.", 1.0)
    ending = words_at("The tails are on the prodgekt paidge.", reading[-1].end + 0.8, probability=0.3)
    chatter = words_at("And that's it, stop the recording.", ending[-1].end + 1.2)
    span = span_of(reading + ending + chatter)
    assert span.first == 0 and span.last == len(reading + ending) - 1


def test_clear_chatter_after_the_last_sentence_is_cut():
    reading = words_at(" ".join(SCRIPT), 1.0)
    chatter = words_at("Okay, I think that's a wrap.", reading[-1].end + 1.0)
    span = span_of(reading + chatter)
    assert span.last == len(reading) - 1 and span.unread_tail == ()


def test_sound_keys_forgive_voicing_and_vowels():
    assert sound_key("grandmother") == sound_key("krentmuther")
    assert sounds_like(["the", "tails", "are"], ["details", "are"]) > 0.7
    assert sounds_like(["and", "that's", "a", "wrap"], ["details", "are", "on", "the", "project", "page"]) < 0.5


def test_a_line_read_along_with_one_word_misheard_starts_the_reading():
    """LibriVox's sonnet after chatter: "From Ferris creatures, we deserve" has no three aligned
    words in a row, but it reads the script in order; the head cut must stop before it."""
    script = "From fairest creatures we desire increase, That thereby beauty's rose might never die".split()
    chatter = words_at("Right, here we go.", 0.5)
    line = words_at("From Ferris creatures, we deserve.", chatter[-1].end + 1.0)
    aside = words_at("Let me try that again.", line[-1].end + 0.8)
    rest = words_at("Thier increase, That thereby beauty's rose might never die", aside[-1].end + 0.8)
    words = chatter + line + aside + rest
    alignment = align.align([align.ScriptWord(t, 0, 0) for t in script], words)
    span = reading_span(words, alignment, tuple(script), lambda i: words[i].start - words[i - 1].end if i else 0.5)
    assert span.first == len(chatter)


def test_a_reading_that_starts_with_a_retake_keeps_its_first_sentence():
    """"Okay. [the first sentence, misheard] [I kept all of them] [I kept all of them in a
    shoe box] ...": the earlier take of the second sentence is cut as a retake, and the
    first sentence before it is still the reading's start, not chatter."""
    from pipeline.script import takes
    chatter = words_at("Okay, here goes.", 0.4)
    first = words_at("Mica glens utter marching road knee the lend, heavy mound fork nigh tin ears.", 2.5,
                     probability=0.3)
    earlier = words_at("I kept all of them in a", first[-1].end + 0.8)
    rest = words_at("I kept all of them in a shoe box. Details are on the project page.", earlier[-1].end + 0.8)
    words = chatter + first + earlier + rest
    script = [align.ScriptWord(t, 0, 0) for t in SCRIPT]
    alignment, found = takes.read(words, script)
    retaken = frozenset(k for r in found for k in range(r.first, r.kept))
    assert retaken == frozenset(range(len(chatter + first), len(chatter + first + earlier)))

    def gap_before(i: int) -> float:
        return words[i].start - words[i - 1].end if i else words[0].start
    span = reading_span(words, alignment, tuple(SCRIPT), gap_before, retaken)
    assert span.first == len(chatter)
    assert reading_span(words, alignment, tuple(SCRIPT), gap_before).first > len(chatter)   # as it was


def test_a_misheard_opening_before_an_um_is_kept_when_the_words_after_it_read_on():
    """"Last thing, [pause] uh, I spent not at 1,250 on a room." for "Last spring I spent $1,250
    on a room.": the reading is first sure of itself at ",250"; "I spent" before it read their
    own script words and "not at 1" the number, so "Last spring" is still unread and "Last
    thing," (its sound) is the reading's start, not chatter (seen in the eval corpus, where
    the words between were counted against "Last spring" and it was cut)."""
    script = ("Last", "spring", "I", "spent", "$1,250", "on", "a", "room.")
    said = [("Last", 1.28, 1.8), ("thing,", 1.8, 2.22), ("uh,", 2.72, 2.94), ("I", 3.04, 3.14), ("spent", 3.14, 3.48),
            ("not", 3.48, 3.66), ("at", 3.66, 4.02), ("1", 4.02, 4.18), (",250", 4.18, 5.6), ("on", 5.65, 5.8),
            ("a", 5.8, 5.9), ("room.", 5.9, 6.3)]
    words = [Word(t, a, b, 0.9) for t, a, b in said]
    index = (0, -1, -1, 2, 3, -1, -1, -1, 4, 5, 6, 7)

    def gap_before(i: int) -> float:
        return words[i].start - words[i - 1].end if i else words[0].start
    span = reading_span(words, align.Alignment(index, len(script), len(script), index), script, gap_before)
    assert span.first == 0 and not span.unread_head, span


def test_an_opening_read_in_two_short_phrases_starts_the_reading():
    """The JFK reader in held-out generation 5: "And so, [pause] my fellow Americans" with the
    second phrase read twice and an aside, so that no three words in a row read along the
    script before "Ask not". The essay's first two words read in order say where the reading
    starts; the chatter before them goes, the opening stays."""
    script = "And so, my fellow Americans: ask not what your country can do for you.".split()
    said = (words_at("Here don't know.", 1.5) + words_at("And so am I.", 3.5) + words_at("Fellow Americans.", 6.7)
            + words_at("Fellow Americans.", 9.3) + words_at("One more slowly.", 11.7)
            + words_at("Ask. Not. What your country can do for you.", 14.6))
    alignment = align.align([align.ScriptWord(t, 0, 0) for t in script], said)
    assert alignment.script_index[3:5] == (0, 1)
    span = reading_span(said, alignment, tuple(script),
                        lambda i: said[i].start - said[i - 1].end if i else said[0].start)
    assert span.first == 3 and not span.unread_head, span


def _span_aligned(words: list[Word], index: tuple[int, ...]):
    """The span of `words` aligned to SCRIPT by `index`, as the reading table may align them."""
    alignment = align.Alignment(index, len(SCRIPT), sum(1 for k in index if k >= 0), index)
    return reading_span(words, alignment, tuple(SCRIPT),
                        lambda i: words[i].start - words[i - 1].end if i else words[0].start)


def test_a_word_matched_far_ahead_does_not_end_the_reading_there():
    """"years. [pause] Page, I capped hole of dem ...": the misheard last sentences' first word
    matched the essay's last word, 14 words on. The reading must not end there with nothing of
    the script left to read after it: the misheard words after it are the script, the chatter
    after them is not (held-out generation 7, in a fan's noise: 3.8 s of the PS cut)."""
    reading = words_at("My grandmother Margit wrote me a letter every month for nineteen years.", 1.0)
    misheard = words_at("Page, I capped hole of dem inner shoo bags. The tails hour on the prodgekt bay.",
                        reading[-1].end + 0.8, probability=0.3)
    chatter = words_at("Cheers, bye bye.", misheard[-1].end + 1.2)
    index = tuple(range(12)) + (26,) + (-1,) * (len(misheard) - 1 + len(chatter))
    assert _span_aligned(reading + misheard + chatter, index).last == len(reading + misheard) - 1


def test_the_essay_s_last_two_words_read_in_order_end_the_reading_there():
    """"box. [pause] Beige. [pause] I'm your father's den. I'm sitting project page." for "Details
    are on the project page.": the misheard words do not sound like the script, but the essay's
    last two words are read in order at their end, so the reading ends there and the chatter
    after it goes (held-out generation 7: "... see you next Monday." was cut as chatter)."""
    reading = words_at("My grandmother Margit wrote me a letter every month for nineteen years. I kept all of them "
                       "in a shoe box.", 1.0)
    lone = words_at("Beige.", reading[-1].end + 0.8, probability=0.5)
    misheard = lone + words_at("I'm your father's den. I'm sitting project page.", lone[-1].end + 0.9, probability=0.5)
    chatter = words_at("Cheers, bye bye.", misheard[-1].end + 1.2)
    index = tuple(range(21)) + (-1,) * (len(misheard) - 2) + (25, 26) + (-1,) * len(chatter)
    assert _span_aligned(reading + misheard + chatter, index).last == len(reading + misheard) - 1


def test_a_web_address_read_in_part_at_the_end_is_read_on_to_its_last_part():
    """"or write to low at millwind .inland .com." for "or write to hello@millbread.example.com.",
    the essay's last word: its "at" was aligned to the address, which then counted as read, and
    the reading ended there; the rest of the address went with the chatter after it (held-out
    generation 8, 2 s). The words after it that read the address's other parts end the reading."""
    script = tuple("Turn up at a quarter to twelve, or write to hello@millbread.example.com.".split())
    reading = words_at("Turn up at a quarter to twelve, or write to low at", 1.0)
    rest = words_at("millwind .inland .com.", reading[-1].end + 0.02, probability=0.5)
    chatter = words_at("Right, that'll do for today.", rest[-1].end + 1.0)
    index = tuple(range(10)) + (-1, 10) + (-1,) * (len(rest) + len(chatter))
    words = reading + rest + chatter
    alignment = align.Alignment(index, len(script), 11, index)
    span = reading_span(words, alignment, script, lambda i: words[i].start - words[i - 1].end if i else words[0].start)
    assert span.last == len(reading + rest) - 1, span
