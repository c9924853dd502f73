"""False starts that the transcript does not show, found by their sound.

A host who stumbles stops, pauses and says the same words again: "What the | What the
listener hears". Whisper often writes such a repeat once (its decoder suppresses
repetition), or glues the first words into the second take's, so the transcript shows no
jump back in the script and the retake rule cannot see it. The sound shows it: the speech
just before the pause is said again just after it. At each pause the transcript does not
read straight across (`_seamless`), each stretch of speech before it (back to an earlier
silence, up to a few seconds) is compared with the speech that follows by dynamic time
warping over cepstra, less the two stretches' common mean; where every part of the
stretch sounds like the start of what follows, it is a false start, and the cut runs from
where it begins to where the last take begins. A quick look at the first part of every
stretch of a reading, all in one warping, leaves few to compare whole. A pause runs on
across the bursts of the room's noise that split it, so that what follows is compared from
where the host resumed.

The same comparison moves a transcript retake cut back to where its earlier take begins
(`earlier_starts`), where Whisper heard that take's first words as other words.

A match the script explains is read as written: no cut where the script says the same
words twice in a row at that point ("the page, the page tells"), or where the words heard
before the pause begin the words that follow them in the script ("no. | Nobody").
"""

from __future__ import annotations

import bisect

import numpy as np

from ..hearing import levels
from ..script.align import normalise
from ..script.span import SIMILAR, sound_key, sounds_like
from .rule import Context, Edit, MIN_CUT_S, bridged, shorten

MARGIN_S = 0.1                 # how far into a pause a cut begins or ends
BLIP_S = 0.05                  # a sound this short between two silences is the room's noise, not a word
ROOM_S = 0.3                   # of a pause, heard as the room's own sound
PAUSE_S = 0.25                 # a host who restarts pauses at least this long
START_GAP_S = 0.1              # a false start begins after a silence at least this long
SHORTEST_S, LONGEST_S = 0.25, 3.5    # one short word to six words
BROKE_OFF_S = 0.3              # the last sound before a host breaks off, said unlike its repeat, is not compared
SAME = 0.12                    # worst part's mean cosine distance per frame: on the make eval corpus
                               # (3b5b679, 2026-12-06) false starts at most 0.065, script that is not one 0.076 where
                               # the script says its words twice (`_explained`), else from 0.44
PART = 20                      # frames (0.4 s, a word or two) compared as one part
FROM_ROOM = 0.2                # mean cosine distance from the room's own sound: speech 0.4-1.4, noise 0.06-0.08
SURE = 0.5                     # a word this probable is what was said
EDGE_S, LATE_S = 0.15, 0.25    # how far a sure word's time may lie from the pause it borders
SAID_AGAIN = "false start, said again after the pause"    # how its cuts are labelled
ECHO = 0.75                    # script words this alike (span.sounds_like) say nearly the same: "the microphone
                               # hears | A microphone does" 0.86; "lamps and kettles | with broken switches" 0.57
REPEAT_WORDS = 6               # the longest run of script words written twice in a row that is looked for

FRAME = 320                    # 20 ms frames at 16 kHz, Hann-windowed, not overlapping
BANDS, LOW_HZ, HIGH_HZ = 32, 100.0, 6000.0
CEPSTRA = 12


def _mel_bank() -> np.ndarray:
    mel = lambda f: 2595.0 * np.log10(1.0 + f / 700.0)           # noqa: E731
    hz = lambda m: 700.0 * (10.0 ** (m / 2595.0) - 1.0)          # noqa: E731
    edges = np.floor(FRAME * hz(np.linspace(mel(LOW_HZ), mel(HIGH_HZ), BANDS + 2)) / levels.RATE).astype(int)
    bank = np.zeros((BANDS, FRAME // 2 + 1), dtype=np.float32)
    for i in range(BANDS):
        a, b, c = edges[i], edges[i + 1], edges[i + 2]
        bank[i, a:b] = (np.arange(a, b) - a) / max(b - a, 1)
        bank[i, b:c] = (c - np.arange(b, c)) / max(c - b, 1)
    return bank


MEL = _mel_bank()
DCT = np.cos(np.pi * np.outer(np.arange(1, CEPSTRA + 1), np.arange(BANDS) + 0.5) / BANDS).astype(np.float32)
BINS = np.flatnonzero(MEL.any(axis=0))                      # the FFT bins some band uses
_TURNS = 2 * np.pi * np.outer(np.arange(FRAME), BINS) / FRAME
DFT = (np.hstack([np.cos(_TURNS), -np.sin(_TURNS)]) * np.hanning(FRAME)[:, None]).astype(np.float32)


def _powers(samples: np.ndarray, spans: list[tuple[float, float]]) -> list[np.ndarray]:
    """Mel band power of the 20 ms frames of each (start, end) span in seconds, all spans in
    one matrix product (a reading has hundreds of pauses to look at, each a few short spans;
    the product with the windowed DFT of the bins the mel bands use is twice as fast as numpy's FFT)."""
    pieces = []
    for a, b in spans:
        first = int(a * levels.RATE)
        n = max(0, min(int((b - a) * levels.RATE), len(samples) - first)) // FRAME
        pieces.append(np.asarray(samples[first:first + n * FRAME], dtype=np.float32).reshape(n, FRAME))
    if not pieces:
        return []
    spectra = np.concatenate(pieces) @ DFT
    power = spectra[:, :len(BINS)] ** 2 + spectra[:, len(BINS):] ** 2
    return np.split(power @ MEL[:, BINS].T, np.cumsum([len(p) for p in pieces])[:-1])


def _features(power: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Cepstra of the frames (CEPSTRA of the log-mel spectrum, not the first, which is only
    loudness: the spectrum's shape, smoothed past the voice's pitch, which differs between
    takes) with the room's own noise added first (so a noise-filled band says nothing in
    either take)."""
    return np.log(power + room + 1e-9) @ DCT.T


def _unit(cepstra: np.ndarray) -> np.ndarray:
    return cepstra / (np.linalg.norm(cepstra, axis=-1, keepdims=True) + 1e-9)


def _warp(cost: np.ndarray) -> np.ndarray:
    """Dynamic time warping of stacked (pairs, n, m) frame distances from both starts, with
    steps (1,1), (1,2), (2,1), so neither stretch runs more than twice as fast as the other:
    the least total distance to each cell. Row by row, each row over every pair at once."""
    big = np.float32(1e9)
    total = np.full(cost.shape, big, np.float32)
    total[:, 0, 0] = cost[:, 0, 0]
    for i in range(1, cost.shape[1]):
        best = np.full((cost.shape[0], cost.shape[2]), big, np.float32)
        best[:, 1:] = total[:, i - 1, :-1]
        best[:, 2:] = np.minimum(best[:, 2:], total[:, i - 1, :-2])
        if i >= 2:
            best[:, 1:] = np.minimum(best[:, 1:], total[:, i - 2, :-1])
        total[:, i] = cost[:, i] + best
    return total


def _reached(total: np.ndarray, k: int, m: int) -> float:
    """The least total distance after k frames of the first stretch (open at the end)."""
    return float(np.min(total[k - 1, k // 2: min(m, 2 * k + 1)]))


def _worst_part(total: np.ndarray, n: int, m: int) -> float:
    """How unlike the start of the second stretch (m frames) each part (PART frames) of the
    first (n frames) is, at worst: the mean cosine distance per frame of each part along the
    warping (`total`, from `_warp`)."""
    marks = sorted({min(n, k) for k in range(PART, n + PART, PART)})
    if len(marks) > 1 and n - marks[-2] < PART // 2:
        marks.pop(-2)                            # a short last part joins the one before
    reached = [0.0] + [_reached(total, k, m) for k in marks]
    return max((reached[t + 1] - reached[t]) / (k - ([0] + marks)[t]) for t, k in enumerate(marks))


def _keys(texts) -> str:
    return "".join(sound_key(t) for w in texts for t in normalise(w))


def _doubled(keys: list[str], at: int) -> bool:
    """Whether the script says some words twice in a row, the second time from word `at`."""
    return any(keys[at - size:at] == keys[at:at + size]
               for size in range(1, REPEAT_WORDS + 1) if size <= at and at + size <= len(keys))


def _explained(ctx: Context, g1: float, p0: float, p1: float) -> bool:
    """Whether the script accounts for the speech after the pause sounding like the speech
    before it: it writes words twice in a row where the reading resumes (or near there,
    where the transcript too has the words twice and the alignment may have placed them
    wrongly), or the words heard before the pause are how the script's next words begin.
    The words heard again are those said after the pause, the first of them often started
    inside it ("Rule | 4, record" with "4," from the pause on, not "record").
    Without the script, always."""
    if ctx.alignment is None or not ctx.script:
        return True
    index = ctx.alignment.script_index
    after = [index[i] for i, w in enumerate(ctx.words) if index[i] >= 0 and w.end > p1]
    if not after:
        return True
    j, keys = after[0], [_keys([w]) for w in ctx.script]
    heard = [w.text for w in ctx.words if g1 <= (w.start + w.end) / 2 <= p0]
    again = [w.text for w in ctx.words if w.start >= p0 and w.end > p1 + 0.05][:len(heard)]
    near = range(j - 1, j + 2)
    if heard and sounds_like(heard, again) >= SIMILAR:
        near = range(max(1, j - REPEAT_WORDS), j + REPEAT_WORDS + 1)
    if any(_doubled(keys, at) for at in near) or _echoed(ctx, g1, p0, j):
        return True
    said = _keys(heard)
    return bool(said) and _keys(ctx.script[j:j + len(heard) + 1]).startswith(said)


def _echoed(ctx: Context, g1: float, p0: float, j: int) -> bool:
    """Whether the transcript reads the script straight across the pause (every word heard
    before it aligned, in order, up to script word j, where the reading resumes) and the
    script's own words after the pause sound like those before it: a heading "What the
    microphone hears" and the sentence "A microphone does not hear a voice" (held-out
    generation 6, in a fan's noise: "hears" at p 0.01 and "A" at p 0.00, so not `_seamless`)."""
    index, final = ctx.alignment.script_index, ctx.alignment.last
    inside = [i for i, w in enumerate(ctx.words) if g1 <= (w.start + w.end) / 2 <= p0]
    if len(inside) < 2 or any(index[i] < 0 for i in inside) \
            or any(index[b] != final[a] + 1 for a, b in zip(inside, inside[1:])) or final[inside[-1]] + 1 != j:
        return False
    before = ctx.script[index[inside[0]]:j]
    return sounds_like(list(before), list(ctx.script[j:j + len(before)])) >= ECHO


def _alike(before: np.ndarray, after: np.ndarray, quiet: np.ndarray) -> bool:
    """`_all_alike` of one pair."""
    return bool(_all_alike([(before, after, quiet)])[0])


def _all_alike(pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> np.ndarray:
    """For each (before, after, quiet), cepstra: whether the speech before a pause sounds
    like the start of the speech after it, and is speech at all (in a noisy room, a long
    pause has bursts of noise over the speech threshold, and noise sounds like noise;
    `quiet`: the room's own cepstra). The two are compared less their common mean, which is
    the voice, the microphone and the room, alike in any two stretches of one recording:
    what is left is which sounds were said. All pairs in one warping (the quick look at
    every pause of a reading)."""
    sizes = np.array([(len(b), len(a)) for b, a, _ in pairs], int).reshape(-1, 2)
    ok = (sizes[:, 0] >= 6) & (sizes[:, 1] >= 2 * sizes[:, 0] // 3)
    if not ok.any():
        return ok
    chosen = np.flatnonzero(ok)
    sizes = sizes[chosen]
    n, m = int(sizes[:, 0].max()), int(sizes[:, 1].max())
    before = np.zeros((len(chosen), n, CEPSTRA), np.float32)
    after = np.zeros((len(chosen), m, CEPSTRA), np.float32)
    quiet = np.stack([pairs[k][2] for k in chosen])
    for row, k in enumerate(chosen):
        before[row, :sizes[row, 0]], after[row, :sizes[row, 1]] = pairs[k][0], pairs[k][1]
    in_before = np.arange(n)[None, :] < sizes[:, :1]
    in_after = np.arange(m)[None, :] < sizes[:, 1:]
    from_room = 1.0 - np.einsum("pic,pc->pi", _unit(before), _unit(quiet))
    speech = (from_room * in_before).sum(axis=1) / sizes[:, 0] >= FROM_ROOM
    mean = (before.sum(axis=1) + after.sum(axis=1)) / sizes.sum(axis=1)[:, None]
    before, after = _unit(before - mean[:, None]) * in_before[..., None], _unit(after - mean[:, None]) * in_after[..., None]
    total = _warp(np.where(in_after[:, None, :], 1.0 - np.einsum("pic,pjc->pij", before, after), np.float32(1e9)))
    for row, (size, width) in enumerate(sizes):
        ok[chosen[row]] = bool(speech[row]) and _worst_part(total[row], size, width) <= SAME
    return ok


def _seamless(ctx: Context, starts: list[float], p0: float, p1: float) -> bool:
    """Whether the transcript reads straight on across the pause [p0, p1], sure of it: the
    word that ends at the pause and the one that starts after it (`starts`: the words' start
    times) are consecutive script words, probable, and timed at the pause's edges (Whisper
    lets a word run on into the pause after it, and starts the next one late). No false
    start hides there."""
    index, final = ctx.alignment.script_index, ctx.alignment.last
    i = bisect.bisect_left(starts, p0) - 1               # the last word to start before the pause
    if not 0 <= i < len(ctx.words) - 1:
        return True
    before, after = ctx.words[i], ctx.words[i + 1]
    return (index[i] >= 0 and index[i + 1] == final[i] + 1
            and min(before.probability, after.probability) >= SURE
            and p0 - EDGE_S <= before.end <= p1 and p1 - EDGE_S <= after.start <= p1 + LATE_S)


def false_starts(ctx: Context, first: int, last: int, taken: list[tuple[float, float]]) -> list[Edit]:
    """Cuts of the false starts in words[first..last] that no cut in `taken` already removes."""
    if ctx.samples is None or not ctx.words or ctx.alignment is None:
        return []
    lo, hi = ctx.words[first].start, ctx.words[last].end
    quiet = bridged(ctx.quiet, BLIP_S)      # a burst of the room's noise splits no pause ("Rule | [noise] Rule four")
    pauses = [(a, b) for a, b in quiet if b - a >= PAUSE_S and lo <= a and b <= hi]
    starts = [(a, b) for a, b in quiet if b - a >= START_GAP_S and lo - 1.0 <= a and b <= hi]
    word_starts = [w.start for w in ctx.words]
    looks = [(p0, p1, [g for g in starts if p0 - LONGEST_S <= g[1] <= p0 - SHORTEST_S])   # longest first
             for p0, p1 in pauses if not _seamless(ctx, word_starts, p0, p1)]
    part = PART * FRAME / levels.RATE
    spans = [span for p0, p1, gaps in looks
             for span in [(p0 + MARGIN_S / 2, min(p1 - MARGIN_S / 2, p0 + ROOM_S)), (p1, p1 + 2 * part)]
             + [(g1, min(p0, g1 + part)) for _, g1 in gaps]]
    powers, rooms, pairs = iter(_powers(ctx.samples, spans)), [], []
    for p0, p1, gaps in looks:
        room = next(powers).mean(axis=0)
        quiet, after = _features(room[None, :], room)[0], _features(next(powers), room)
        rooms.append((room, quiet))
        pairs += [(_features(next(powers), room), after, quiet) for _ in gaps]
    passed, edits = iter(_all_alike(pairs)), []     # a quick look at one part of each: most fail it
    for (p0, p1, gaps), (room, quiet) in zip(looks, rooms):
        alike = [next(passed) for _ in gaps]
        if any(a < p1 and p0 < b for a, b in taken + [(e.start, e.end) for e in edits]):
            continue
        for (g0, g1), first_part in zip(gaps, alike):
            if not first_part:
                continue
            end = p0 - BROKE_OFF_S if p0 - g1 >= BROKE_OFF_S + part else p0
            whole = [_features(p, room) for p in _powers(ctx.samples, [(g1, end), (p1, p1 + 2 * (end - g1))])]
            if _alike(*whole, quiet) and not _explained(ctx, g1, p0, p1):
                edits += _cut(ctx, g0, g1, p0, p1)
                break
    return edits


def _cut(ctx: Context, g0: float, g1: float, p0: float, p1: float) -> list[Edit]:
    """From where the false start [g1, p0] begins to where the last take begins (p1), each
    end MARGIN_S into its pause so the splice falls in silence: the pause before the false
    start, the host's own, stays as the pause before the last take, and the hesitation after
    it goes (a pause still too long is the pause rule's)."""
    a, b = g1 - min(MARGIN_S, (g1 - g0) / 2), p1 - min(MARGIN_S, (p1 - p0) / 2)
    if b - a <= MIN_CUT_S:
        return []
    words = tuple(i for i, w in enumerate(ctx.words) if a <= (w.start + w.end) / 2 <= b)
    said = f"“{shorten(' '.join(ctx.words[i].text for i in words))}”" if words else "words the transcript glued"
    return [Edit(round(a, 3), round(b, 3), "cut", "retake", f"{SAID_AGAIN}: {said}", 0.8, words)]


EARLIER_S = 12.0               # how far before a retake cut the earlier take may begin
LEAD_S = 1.2                   # of the earlier take's start, compared with the last take's


def earlier_starts(ctx: Context, edits: list[Edit]) -> list[Edit]:
    """Retake cuts from the transcript moved back to where the earlier take begins by its
    sound: Whisper often hears the first words of an earlier take as other words, which the
    alignment then leaves to the script, and the cut starts in the middle of that take. The
    earliest silence before the cut after which the first LEAD_S of speech sounds like the
    start of the last take is where it begins."""
    if ctx.samples is None or ctx.alignment is None:
        return edits
    out = []
    for edit in edits:
        if edit.reason == "retake" and not edit.detail.startswith(SAID_AGAIN):
            edit = _moved_back(ctx, edit, [e for e in out if e.reason in ("retake", "off_script", "head")])
        out.append(edit)
    return out


def _moved_back(ctx: Context, edit: Edit, before: list[Edit]) -> Edit:
    resume = next((b for a, b in ctx.quiet if a <= edit.end <= b), edit.end)
    floor = max([edit.start - EARLIER_S] + [e.end for e in before if e.end <= edit.start])
    gaps = [(a, b) for a, b in ctx.quiet if b - a >= START_GAP_S and floor <= a and b <= edit.start - SHORTEST_S]
    for g0, g1 in gaps:                                   # earliest first: the longest take
        end = g1 + LEAD_S
        spans = [(g0 + (g1 - g0) / 2, g1), (g1, end), (resume, resume + 2 * LEAD_S)]
        room, first, last = _powers(ctx.samples, spans)
        room = room.mean(axis=0) if len(room) else np.zeros(BANDS, np.float32)
        quiet = _features(room[None, :], room)[0]
        if _alike(_features(first, room), _features(last, room), quiet):
            start = round(g1 - min(MARGIN_S, (g1 - g0) / 2), 3)
            words = tuple(i for i, w in enumerate(ctx.words) if start <= (w.start + w.end) / 2 <= edit.end)
            return Edit(start, edit.end, edit.action, edit.reason, edit.detail, edit.confidence, words)
    return edit

