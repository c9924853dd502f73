"""Script-guided transcription: read the essay against the audio instead of searching for it.

An essay reading is mostly known text. Whisper's free decoding finds each token by a
search, one decoder step per token, and then aligns the tokens again for word times.
Here the essay's next words are aligned to each clip of up to 29.5 s in one decoder pass
(the cross-attention alignment faster-whisper uses for word times), which gives the words
and their times together. Free decoding runs only where the audio departs from the
script: a clip whose forced reading fails `verify` (speech that no script word explains,
a word stretched over a pause, a run of improbable tokens) is decoded as Whisper would
(`decode_freely`, with the prompt that keeps fillers), and the script position is found
again from what was heard (`locate`).

Clips are cut in pauses and trimmed of their silence, so every second of speech goes
through the encoder about once, and a clip of silence not at all. The words of a forced
clip are the essay's, spelled as the host wrote them.

The engine supplies three calls (`Guide`): encode a clip, force a list of words onto an
encoded clip, decode an encoded clip freely. faster-whisper has them; other engines
always decode freely.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from . import levels
from .words import Segment, Word, comparable, ends_sentence, shifted, without_loops

CLIP_S = 29.5                  # Whisper's window is 30 s
SHORTEST_CLIP_S = 15.0         # a clip ends at the quietest 0.3 s between these two lengths
EDGE_S = 0.3                   # audio kept either side of a clip's speech
FIRST_RATE = 3.5               # spoken words per second before any is measured
MOST_WORDS = 200               # the decoder reads at most 448 tokens
SKIPPED_S = 0.5                # speech left without words by a free decoding that has failed
ISLAND_S = 0.2                 # shorter islands of sound are breaths, clicks, noise ("um" is longer)
WORD_PAUSE_S = 0.2             # a pause inside one word's span longer than a stop consonant's
WORD_PART_S = 0.15             # speech on each side of a pause inside one word's span: two things said
IMPROBABLE = 0.1               # a script word's probability below this: Whisper would not have said it
TAIL_S = 0.5                   # less speech than this after a free decoding's last word is not re-read


class Guide(Protocol):
    """An engine's three calls (times in seconds from the clip's start)."""

    def encode(self, samples: np.ndarray): ...

    def force(self, encoded, words: list[str], seconds: float) -> list[Word]: ...

    def decode(self, encoded, samples: np.ndarray, prompted: bool,
               timestamps: bool) -> tuple[list[Segment], float | None]: ...


def next_cut(smooth: np.ndarray, start: int, threshold: float) -> int:
    """Where the clip that begins at frame `start` ends: in the last pause between
    SHORTEST_CLIP_S and CLIP_S later, so that clips are as long as Whisper's window allows,
    or else in the quietest 0.3 s there (`smooth` is the frame level averaged over 0.3 s)."""
    longest, shortest = int(CLIP_S / levels.FRAME_S), int(SHORTEST_CLIP_S / levels.FRAME_S)
    if len(smooth) - start <= longest:
        return len(smooth)
    lo, hi = start + shortest, start + longest
    quiet = np.flatnonzero(smooth[lo:hi] < threshold)
    return lo + int(quiet[-1] if quiet.size else np.argmin(smooth[lo:hi]))


def silent_islands(words, mask: np.ndarray) -> list[tuple[float, float]]:
    """Islands of speech (of ISLAND_S or more, in seconds) that hold no word: each word (times
    from the clip's start) explains the island around its middle, or the nearest one."""
    spans = levels.islands(mask)
    if not spans:
        return []
    starts = np.array([s for s, _ in spans]) * levels.FRAME_S
    ends = np.array([e for _, e in spans]) * levels.FRAME_S
    explained = np.zeros(len(spans), bool)
    for w in words:
        middle = (w.start + w.end) / 2
        distance = np.maximum(starts - middle, 0) + np.maximum(middle - ends, 0)
        explained[int(np.argmin(distance))] = True
    return [(float(s), float(e)) for ok, s, e in zip(explained, starts, ends) if not ok and e - s >= ISLAND_S]


def unexplained(words, mask: np.ndarray) -> float:
    """Seconds of speech that no word explains (`silent_islands`)."""
    return sum(e - s for s, e in silent_islands(words, mask))


def speech_under(word: Word, mask: np.ndarray) -> float:
    """Seconds of speech (`mask`, 10 ms frames from the clip's start) inside the word's span."""
    return float(mask[int(word.start / levels.FRAME_S): int(np.ceil(word.end / levels.FRAME_S))].sum()) * levels.FRAME_S


LONGEST_WORD_S = 1.2            # speech under one decoded word, read slowly
INVENTED_S = 3.0                # words over more speech than this together are made up, not one long "Uh."
LONGEST_NUMBER_S = 1.8          # under a number, which is read out as words ("$1,250": up to 1.5 s in the corpus)


def implausible(words, mask: np.ndarray) -> float:
    """Seconds of speech under decoded words that each hold more of it than one word takes
    (LONGEST_WORD_S, or LONGEST_NUMBER_S for a number): Whisper laid a few words over speech
    it did not follow. Seen in the eval corpus: "What I will tell" spread over 12 s, two
    sentences of it missing from the transcript; "we'll see you in the next video" made up
    over 10 s of a reading. `decode_freely` rejects a decoding for more than INVENTED_S of
    it: one "Uh." over 2 s of speech also happens, and decoding that clip again read a
    retake's last take worse in the corpus (eval/results.md lost a retake and two fillers)."""
    total = 0.0
    for w in words:
        speech = speech_under(w, mask)
        total += speech if speech > (LONGEST_NUMBER_S if re.search(r"\d", w.text) else LONGEST_WORD_S) else 0.0
    return total


def verify(words: list[Word], mask: np.ndarray, speech_end: float) -> int | None:
    """How many of the proposed words the clip holds, or None if its reading departs from them.

    Words past the clip's last speech are squeezed by the alignment into its final frames:
    they are the next clip's. Then four tests, each a departure the alignment cannot hide:
    - every island of speech (between pauses) holds the middle of a kept word, or is the
      nearest island to one: speech that no script word explains is a filler or an aside;
    - no kept word spans speech on both sides of a pause (`stretched`): a filler, a retake
      or a stretch of chatter absorbed into one word;
    - no improbable word holds more speech than a word takes (`overlong`): words said twice
      without a pause, absorbed into one;
    - no three kept words in a row, nor more than a quarter of them, are improbable (p below
      IMPROBABLE): the audio says something else, or nothing (a cough read as the next words)."""
    held = 0
    while held < len(words) and words[held].start < speech_end - 0.05:
        held += 1
    kept = words[:held]
    if not kept:
        return None
    if unexplained(kept, mask) > 0:
        return None
    if any(stretched(w, mask) or overlong(w, mask) for w in kept):
        return None
    improbable = [w.probability < IMPROBABLE for w in kept]
    if sum(improbable) > len(kept) / 4 or any(all(improbable[i:i + 3]) for i in range(len(kept) - 2)):
        return None
    return held


def stretched(word: Word, mask: np.ndarray) -> bool:
    """Whether the word's span holds two stretches of speech (of WORD_PART_S each) with a
    pause between them: one word is said in one breath, so the alignment has laid it over
    something else too, a filler ("gives, um, the" with "the" over the "um") or a retake.
    (A word that follows a pause is often spread over the pause and the previous word's
    last frames; those are shorter.)"""
    a, b = int(word.start / levels.FRAME_S), int(np.ceil(word.end / levels.FRAME_S))
    parts = [e - s for s, e in levels.islands(mask[a:b], WORD_PAUSE_S)]
    return sum(n * levels.FRAME_S >= WORD_PART_S for n in parts) >= 2


OVERLONG_BASE_S, OVERLONG_PER_LETTER_S = 0.25, 0.08    # the longest a word's sound may take, slowly said
UNSURE_OF_LENGTH = 0.3          # below this, a word that long is words said twice ("room" over "Say nothing until the room", p 0.16)


def overlong(word: Word, mask: np.ndarray) -> bool:
    """Whether an unsure word holds more speech than one word takes: the alignment has
    laid it over words said twice ("The reading is — The reading is never clean", the second
    "The reading is" inside "never"), or over a filler it runs into without a pause."""
    if word.probability >= UNSURE_OF_LENGTH:
        return False
    letters = len(re.sub(r"\W", "", word.text))
    return speech_under(word, mask) > OVERLONG_BASE_S + OVERLONG_PER_LETTER_S * letters


def snap(word: Word, mask: np.ndarray) -> Word:
    """Start and end moved onto the speech the word spans (the alignment spreads a word
    that follows a pause over part of that pause)."""
    a, b = int(word.start / levels.FRAME_S), int(np.ceil(word.end / levels.FRAME_S))
    idx = np.flatnonzero(mask[a:b])
    if idx.size == 0:
        return word
    return Word(word.text, (a + idx[0]) * levels.FRAME_S, (a + idx[-1] + 1) * levels.FRAME_S, word.probability)


STRETCHED_BACK_S = 0.3          # a decoded word whose span opens with this much silence was stretched over a pause


def after_pause(word: Word, mask: np.ndarray) -> Word:
    """A freely decoded word that Whisper started in the pause before it ("my [2 s] fellow"
    with "fellow" from the end of "my"), started where its sound does: the rules that look
    for the pause before a take (repeats.py) see it. Other words keep Whisper's times, which
    the filler rules were measured on."""
    a, b = int(word.start / levels.FRAME_S), int(np.ceil(word.end / levels.FRAME_S))
    idx = np.flatnonzero(mask[a:b])
    if idx.size == 0 or idx[0] * levels.FRAME_S < STRETCHED_BACK_S:
        return word
    return Word(word.text, (a + idx[0]) * levels.FRAME_S, word.end, word.probability)


def locate(heard: list[str], script: list[str], expected: float, since: int | None = None) -> int | None:
    """The script position just after what was `heard`, from the word triples it shares with
    the script: the offset most triples agree on (nearest `expected` among equals), then the
    last triple heard near it (a phrase written twice in a row, "What the listener hears. The
    listener hears...", has two places there: the one that continues the triple heard before
    it). None unless two triples agree. `since` limits the search to what
    follows."""
    said = [comparable(w) for w in heard]
    said = [w for w in said if w]
    lo = 0 if since is None else max(0, since - 30)
    hi = len(script) if since is None else min(len(script), since + 40 + 4 * len(said))
    places: dict[tuple[str, str, str], list[int]] = {}
    for i in range(lo, hi - 2):
        places.setdefault(tuple(script[i:i + 3]), []).append(i)
    votes: Counter[int] = Counter()
    hits: list[tuple[int, int, int]] = []
    for j in range(len(said) - 2):
        for i in places.get(tuple(said[j:j + 3]), ()):
            votes[i - j] += 1
            hits.append((j, i - j, i + 3))
    if not votes:
        return None
    score = lambda o: (sum(votes[o + d] for d in range(-3, 4)), -abs(o - expected))   # noqa: E731
    best = max(votes, key=score)
    if score(best)[0] < 2:              # one shared triple ("one of the") is chance, not the script
        return None
    near = [(j, offset, end) for j, offset, end in hits if abs(offset - best) <= 3]
    last = max(j for j, _, _ in near)
    before = {offset for j, offset, _ in near if j == last - 1}
    # the last triple heard; of its places, the one that continues the triple before it
    return max((offset in before, -abs(offset - best), end) for j, offset, end in near if j == last)[2]


def sentences(words: list[Word]) -> list[Segment]:
    """Words grouped into segments that end where a sentence ends (forced clips, and free ones
    decoded without timestamp tokens)."""
    out, run = [], []
    for w in words:
        run.append(w)
        if ends_sentence(w.text):
            out.append(Segment(run[0].start, run[-1].end, " ".join(x.text for x in run), tuple(run)))
            run = []
    if run:
        out.append(Segment(run[0].start, run[-1].end, " ".join(x.text for x in run), tuple(run)))
    return out


@dataclass
class Tally:
    """How a piece was read: clips forced onto the script, decoded freely, or silent."""
    forced: int = 0
    free: int = 0
    silent: int = 0


def decode_freely(guide: Guide, encoded, clip: np.ndarray, mask: np.ndarray) -> tuple[list[Segment], int]:
    """A clip that departs from the script, decoded as Whisper would, with the filler prompt:
    its segments and how many of its frames they cover (Whisper's window may stop at its last
    complete sentence; what follows is the next clip's).

    Measured on the demo: with timestamp tokens and the prompt that keeps "um", tiny.en
    sometimes stops after the first sentence of a window (18 words for 75), in 6 of 10 clip
    placements; without timestamp tokens it read all 4 placements tried in full (the clip
    already ends in a pause, so the tokens are not needed to cut it). A result that still
    leaves speech without words, or lays words over more than INVENTED_S of speech that
    words do not take (`implausible`), is decoded again with them, then without the prompt."""
    best = None
    for prompted, timestamps in ((True, False), (True, True), (False, False)):
        segments, until = guide.decode(encoded, clip, prompted=prompted, timestamps=timestamps)
        segments = without_loops(segments)      # `until` stays where the loop ended: its span was decoded
        words = [w for s in segments for w in s.words]
        covered = _covered(until, mask)
        invented = implausible(words, mask[:covered])
        missed = unexplained(words, mask[:covered]) + (invented if invented > INVENTED_S else 0.0)
        if best is None or missed < best[0]:
            best = (missed, sentences(words) if not timestamps else segments, covered)
        if missed <= SKIPPED_S:
            break
    missed, segments, covered = best
    if missed <= SKIPPED_SENTENCE_S:
        return segments, covered
    return _first_half(guide, clip, mask) or (segments, covered)


SKIPPED_SENTENCE_S = 2.0        # more speech without words than this: a sentence skipped, not a cough or a word
SHORTEST_HALF_S = 4.0           # a clip Whisper skipped a sentence of is halved down to this length


def _first_half(guide: Guide, clip: np.ndarray, mask: np.ndarray) -> tuple[list[Segment], int] | None:
    """The clip's first half (to the longest pause in its middle half) decoded alone, when every
    decoding of the whole clip left a sentence's worth of speech without words; the rest is the
    next clip's. None when the clip is too short to halve.

    Whisper sometimes stops reading a window after a sentence or two, and its word alignment
    then spreads the words it did read over the whole window (seen in the eval corpus: "Say
    nothing until the room is still" timed 19 s late, the 16 s said after it missing from the
    transcript). It reads a shorter window more reliably. Less speech left without words (a
    cough, one word) is left so: in the eval corpus, halving did not bring those words back,
    and the shorter window read the LibriVox reader's sonnet worse."""
    if len(mask) * levels.FRAME_S < 2 * SHORTEST_HALF_S:
        return None
    lo, hi = len(mask) // 4, 3 * len(mask) // 4
    pauses = levels.runs_of(~mask[lo:hi])
    cut = lo + (sum(max(pauses, key=lambda p: p[1] - p[0])) // 2 if pauses else (hi - lo) // 2)
    part = clip[:cut * levels.HOP]
    segments, covered = decode_freely(guide, guide.encode(part), part, mask[:cut])
    return segments, min(covered, cut)


def _covered(until: float | None, mask: np.ndarray) -> int:
    """Frames of a clip that a decoding ending at `until` s covers: all of them if less than
    TAIL_S of speech follows (a breath or a noise: decoded alone, Whisper would make up a
    word for it, as it wrote "Yeah." for the crowd after Kennedy's last word)."""
    if until is None:
        return len(mask)
    frame = min(len(mask), max(1, int(until / levels.FRAME_S)))
    return frame if mask[frame:].sum() * levels.FRAME_S >= TAIL_S else len(mask)


def force_along(guide: Guide, encoded, script: list[str], count: int, seconds: float, clip_mask: np.ndarray,
                speech_end: float) -> tuple[list, int | None]:
    """The clip read as the next `count` script words, doubled while every word fits (the clip
    may hold more); returns the forced words and how many of them fit, None when none did."""
    forced, held = [], None
    while True:
        proposed = script[:count]
        attempt = guide.force(encoded, proposed, seconds)
        fits = verify(attempt, clip_mask, speech_end)
        if fits:
            forced, held = attempt, fits
        if fits != len(proposed) or count >= len(script) or count >= MOST_WORDS:
            return forced, held
        count = min(MOST_WORDS, count * 2)


def transcribe_piece(samples: np.ndarray, script: list[str], expected: float, guide: Guide,
                     threshold: float, progress, tally: Tally | None = None,
                     db: np.ndarray | None = None) -> list[Segment]:
    """Segments of one piece (float32, 16 kHz), times from the piece's start.

    `script` is the essay's words as written, `expected` where in it the piece probably
    starts (only used to choose between equal matches), `threshold` the recording's speech
    level in dB, `db` the piece's `levels.frame_db` if already known."""
    tally = tally if tally is not None else Tally()
    keys = [comparable(w) for w in script]
    db = levels.frame_db(samples) if db is None else db
    mask = levels.speech_mask(db, threshold)
    window = max(1, int(0.3 / levels.FRAME_S))
    smooth = np.convolve(db, np.ones(window) / window, mode="same") if len(db) else db
    edge = int(EDGE_S / levels.FRAME_S)
    pointer: int | None = 0 if expected <= 0 else None
    following = pointer is not None           # the last clip was read along the script, or located in it
    rate, out, first = FIRST_RATE, [], 0
    while first < len(db):
        last = next_cut(smooth, first, threshold)
        speech = np.flatnonzero(mask[first:last])
        if speech.size == 0:
            tally.silent += 1
            first = last
            progress(last / len(db))
            continue
        a, b = max(first, first + speech[0] - edge), min(last, first + speech[-1] + 1 + edge)
        clip, clip_mask, offset = samples[a * levels.HOP: b * levels.HOP], mask[a:b], a * levels.FRAME_S
        speech_end = (first + speech[-1] + 1 - a) * levels.FRAME_S
        encoded = guide.encode(clip)
        segments = None
        if following and pointer < len(script):
            count = min(MOST_WORDS, int(speech_end * rate * 1.2) + 6)
            forced, held = force_along(guide, encoded, script[pointer:], count, (b - a) * levels.FRAME_S,
                                       clip_mask, speech_end)
            if held:
                words = [snap(w, clip_mask) for w in forced[:held]]
                segments = sentences([Word(w.text, round(w.start + offset, 3),
                                           round(max(w.end, w.start + 0.01) + offset, 3),
                                           round(float(w.probability), 4)) for w in words])
                pointer += held
                rate = held / max(speech_end, 1.0) if held > 20 else rate
                tally.forced += 1
        if segments is None:
            segments, covered = decode_freely(guide, encoded, clip, clip_mask)
            segments = [shifted(Segment(s.start, s.end, s.text, tuple(after_pause(w, clip_mask) for w in s.words)),
                                offset) for s in segments]
            heard = [w.text for s in segments for w in s.words]
            found = locate(heard, keys, pointer if pointer is not None else expected, pointer)
            if found is None and pointer is not None:     # an aside, or a jump: look in the whole script
                found = locate(heard, keys, pointer)
            pointer, following = (found, True) if found is not None else (pointer, False)
            tally.free += 1
            last = a + covered if a + covered < b else last
        out += segments
        first = last
        progress(last / len(db))
    return out

