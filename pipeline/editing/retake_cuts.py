"""Retakes and ad-libs as cuts: from the pause before the earlier take to the pause before the last one."""

from __future__ import annotations


from ..script.align import normalise
from ..script.retakes import Retake
from ..script.span import sound_key
from ..script.repeats import TAKE_PAUSE_S
from .filler_sound import HEARD_AT_ALL, OWN_SOUND_S, SQUEEZED_S, TRUSTED_WORD_S
from .rule import Context, Edit, MIN_CUT_S, gap_before, gap_seconds, keep_gap, shorten, speech_runs, words_text


def _cut_between(ctx: Context, first: int, kept: int) -> tuple[float, float]:
    """Remove words[first:kept], leaving one natural gap (at most pause_to) where they were."""
    g2 = gap_before(ctx, kept, latest=TAKE_PAUSE_S)     # the words cut have their sound before this silence
    g1 = _pause_before_take(ctx, first, g2[0] - OWN_SOUND_S)
    keep = min(max(g1[1] - g1[0], g2[1] - g2[0]), keep_gap(ctx, first - 1, kept))
    a = min(g1[0] + keep / 2, g1[1])
    b = max(g2[1] - keep / 2, g2[0])
    return a, b


UNWORDED_S = 1.0                # corpus: 6.6 s of script Whisper wrote no word for lay before an earlier take


def _pause_before_take(ctx: Context, first: int, until: float) -> tuple[float, float]:
    """The pause before the earlier take that starts at words[first]: the longest silence
    before its first word, unless more than UNWORDED_S of speech that no word covers lies
    between that silence and the word. Whisper wrote nothing for such a stretch ("numbers.
    [A return ticket ... in winter.] The company says", the script read once, 6.6 s); it is
    not the take's, so the take begins at the last pause of a take's length before its first
    word."""
    g1 = gap_before(ctx, first, until)
    word = ctx.words[first]
    if sum(b - a for a, b in speech_runs(ctx, g1[1], word.start)) <= UNWORDED_S:
        return g1
    top = min(word.end, until)
    later = [(a, min(b, top)) for a, b in ctx.quiet if g1[1] < a < top and min(b, top) - a >= TAKE_PAUSE_S]
    return later[-1] if later else g1


def retakes(ctx: Context, found: list[Retake]) -> list[Edit]:
    """Earlier takes of a stretch of script, and the apology between: the last take stays."""
    edits = []
    for retake in found:
        goes_on = _reading_goes_on(ctx, retake.kept)      # past a lone word, its take starts after it
        kept = _take_start(ctx, retake.kept if goes_on > retake.kept else retake.first, goes_on,
                           ctx.words[retake.first].text)
        first = _glued_start(ctx, retake.first)
        if _made_up(ctx, first, kept):
            continue
        a, b = _cut_between(ctx, first, kept)
        if b - a > MIN_CUT_S:
            text = " ".join(w.text for w in ctx.words[first:kept])
            edits.append(Edit(round(a, 3), round(b, 3), "cut", "retake", f"earlier take: “{shorten(text)}”",
                              0.9, tuple(range(first, kept))))
    return edits


LOOP_WORDS, LOOP_P = 3, 0.25    # corpus: such a loop averaged p 0.20; real earlier takes off the script, 0.36 and up


def _made_up(ctx: Context, first: int, kept: int) -> bool:
    """Whether the "earlier take" words[first:kept] is Whisper's invention, not the host's:
    guesses (p under HEARD_AT_ALL) in a span too short for a word, such as the next take's
    first word written into the last 40 ms of the word before ("fixes Here | Here is what");
    or a loop, Whisper writing the same words twice over a stretch it could not hear,
    LOOP_WORDS or more that read no script word, at LOOP_P on average ("which will come to
    the book, which will come to the book" for "paperbacks, which broke up the echo"); or a
    last take that was never heard: half its words or more guesses or squeezed into a span
    no word fits in, where the reading along the script put the words the earlier, real
    take was heard wrong for ("The fridge and the kitchen come at 50 | in the kitchen hums
    at 50 hertz," the second all in 10 ms; on the corpus no real last take had even a
    quarter of its words so)."""
    said = ctx.words[first:kept]
    if all(w.probability < HEARD_AT_ALL and w.end - w.start < TRUSTED_WORD_S for w in said):
        return True
    again = ctx.words[kept: kept + len(said)]
    if sum(w.probability < HEARD_AT_ALL or w.end - w.start < SQUEEZED_S for w in again) * 2 >= len(again) > 1:
        return True
    off_script = ctx.alignment is not None and all(ctx.alignment.script_index[k] < 0 for k in range(first, kept))
    return off_script and len(said) >= LOOP_WORDS and sum(w.probability for w in said) / len(said) < LOOP_P


GLUED_WORDS = 2                 # unaligned words Whisper may write for an earlier take's first sound


def _glued_start(ctx: Context, first: int) -> int:
    """Where the earlier take begins: Whisper may write its first sound as extra words said
    with no pause before its first word ("or the reading is..." for "The reading is"), which
    read no script word; the take then begins with them, after the pause before them (without
    one, they end the talk before it and stay)."""
    if ctx.alignment is None:
        return first
    k = first
    while k > 0 and first - k < GLUED_WORDS and ctx.alignment.script_index[k - 1] < 0 \
            and ctx.words[k].start - ctx.words[k - 1].end < GLUED_S:
        k -= 1
    after_pause = k == 0 or ctx.words[k].start - ctx.words[k - 1].end >= TAKE_PAUSE_S
    return k if after_pause else first


LONE_SKIP = 4                   # script words a lone word and the reading after it may be apart
GLUED_S = 0.1                   # Whisper's gap between two words said in one breath


def _reading_goes_on(ctx: Context, kept: int) -> int:
    """The word the last take's reading goes on from, when the word the alignment kept stands
    alone: said on from the words before it (Whisper's times leave no gap between them; a take
    starts after a pause, but the signal's pause may lie inside the word's stretched span), a
    pause after it, words off the script, then the reading a few script words further on (seen
    in the eval corpus: the earlier take's "in it." aligned to the "It" of the last take's "It
    hears a room", which Whisper wrote "Here's a room" both times). Else `kept`."""
    index = ctx.alignment.script_index if ctx.alignment is not None else None
    if index is None or index[kept] < 0:
        return kept
    j = kept + 1
    while j < len(index) and index[j] < 0:
        j += 1
    glued = kept > 0 and ctx.words[kept].start - ctx.words[kept - 1].end < GLUED_S
    if j == kept + 1 or j == len(index) or not glued or gap_seconds(ctx, kept + 1) < TAKE_PAUSE_S:
        return kept
    return j if 1 < index[j] - index[kept] <= LONE_SKIP else kept


def _take_start(ctx: Context, first: int, kept: int, opening: str) -> int:
    """Where the last take really begins: its first words may be misheard and so not aligned,
    and the word the alignment kept is then inside it. The take starts after the longest
    pause in the unaligned words before that word (later ones win a tie), or after a later
    pause of TAKE_PAUSE_S before a word that sounds as the earlier take's first word does
    (`opening`): a host starts again with the words he started with, and the aside before the
    take is often set off by a longer pause than the take is ("sheep. [0.6 s] Hmm, not quite.
    [0.4 s] Breeze creams, a chart table" for "Three screens", both takes heard "Breeze", kept
    the aside; held-out generation 7). Not after any later pause: talk after the last take
    ("[1.3 s] The frame in the kitchen ... minutes. [0.9 s] Then you're on" for "Hang on, the
    cat") would have been taken for it (held-out generation 6)."""
    index = ctx.alignment.script_index if ctx.alignment is not None else None
    if gap_seconds(ctx, kept) >= TAKE_PAUSE_S:
        return kept                          # it follows a pause: a take starts there
    gaps, k = [(kept, gap_seconds(ctx, kept))], kept - 1
    while k > first and index is not None and index[k] < 0:
        gaps.append((k, gap_seconds(ctx, k)))
        k -= 1
    best, longest = kept, gaps[0][1]
    for k, gap in gaps[1:]:
        if gap > longest + 0.05:
            best, longest = k, gap
    again = {sound_key(t) for t in normalise(opening)}
    return next((k for k, gap in gaps if k > best and gap >= TAKE_PAUSE_S
                 and again & {sound_key(t) for t in normalise(ctx.words[k].text)}), best)


def adlibs(ctx: Context, first: int, last: int, found: list[Retake]) -> list[Edit]:
    """Off-script talk inside the reading (kept unless cut_adlibs): runs of 3+ unaligned words."""
    if ctx.alignment is None:
        return []
    in_retake = {k for r in found for k in range(r.first, r.last + 1)}
    wanted = {w for f in ctx.settings.fillers for w in normalise(f)}
    edits, i = [], first
    while i <= last:
        if ctx.alignment.script_index[i] >= 0 or i in in_retake:
            i += 1
            continue
        j = i
        while j <= last and ctx.alignment.script_index[j] < 0 and j not in in_retake:
            j += 1
        run = ctx.words[i:j]
        talk = [w for w in run if not set(normalise(w.text)) <= wanted]
        if len(talk) >= 3 and j <= last:
            a, b = _cut_between(ctx, i, j)
            if b - a > MIN_CUT_S:
                edits.append(Edit(round(a, 3), round(b, 3), "cut", "off_script", f"ad-lib: “{words_text(run)}”", 0.7,
                                  tuple(range(i, j))))
        i = j
    return edits
