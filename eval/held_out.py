"""The held-out corpus: readings the editor's rules were never written against.

Every rule of the editor was checked against `corpus.plan`'s readings, so its figures
there say how well the rules fit those readings, not how well they will do on the next
host's. This corpus differs from it in everything the rules might have learnt by heart,
and is scored the same way (`make eval-held-out`, eval/held-out.md):

- an essay of its own (eval/essays/held-out/), besides the corpus's four, read afresh;
- other espeak-ng voices and speeds (West Midlands, New York, two variants not used there,
  one reader at 200 words a minute);
- other seeds, so every event falls elsewhere;
- other words off the script: asides, chatter at the ends and in the middle, wrong words;
- a fan's noise as well as pink noise with hum, at 10 and 20 dB SNR;
- the real readers of ../shared/fixtures cut and joined with other seeds.

Its figures are only worth anything while no rule is tuned on them: a failure found
here is fixed with a test of its own and checked on every corpus, and the next
held-out corpus is a new generation (`GENERATIONS`: its own seed, voices, words off the
script and an essay more), scored before any rule is tuned on it
(`python -m eval.run --held-out N`, eval/held-out-N.md). Generations 1 to 3 have had
rules fixed on their failures (generation 3's first run, eval/held-out-3.md's first
commit, was blind); generation 4 was first run blind after them, and had rules fixed on
it in turn; generation 5 was first run blind after those (eval/held-out-5.md as first
committed, 91678aa), and has had rules fixed on it since; generation 6 was first run blind
after those (eval/held-out-6.md as first committed), and has had rules fixed on it since;
generation 7 was first run blind after those (eval/held-out-7.md as first committed), and
has had rules fixed on it since; generation 8 was first run blind after those
(eval/held-out-8.md as first committed), and has had rules fixed on it since; generation 9
was defined before any fix of the stop that made it and first run blind after them
(eval/held-out-9.md as first committed), and has had a rule added since that changes none of
its records; generation 10 was defined at the end of that stop, before any fix of the next.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path

from . import corpus
from .corpus import Phrases, Voice

SEED = 50_000
VOICES = (Voice("en-gb-x-gbcwmd", 170), Voice("en-us-nyc", 185), Voice("en-gb+f4", 155), Voice("en-us+m3", 200))
ESSAYS = corpus.HERE / "essays" / "held-out"
PHRASES = Phrases(
    head=("Is the red light on? Good.", "Right, quiet please, I'm recording.", "Okay, from the beginning."),
    tail=("Cut. That's the episode.", "Okay, stop there, that was fine.", "Phew. Done."),
    middle=("Oh, the kettle is boiling.", "Just a second, my phone is ringing."),
    asides=("Hold on, let me redo that.", "Ugh, again.", "Wait, I'll start that sentence over.",
            "Pardon me, one more time."),
    wrong_words=("purple", "Wednesday", "forty", "window"))




@dataclass(frozen=True)
class Generation:
    """One held-out corpus: what its readings share with no earlier corpus."""
    seed: int
    voices: tuple[Voice, ...]
    phrases: Phrases
    essays: Path                    # its folder of essays; a generation reads the earlier ones' too


GENERATIONS = {
    1: Generation(SEED, VOICES, PHRASES, ESSAYS),
    2: Generation(
        60_000,
        (Voice("en-us+david", 175), Voice("en-gb-x-rp+Annie", 160), Voice("en-029+edward", 185),
         Voice("en-gb-scotland+steph", 150)),
        Phrases(
            head=("Testing, one, two. Right.", "Okay, levels look fine, here we go.", "Take one."),
            tail=("And that's a wrap.", "Stop the recording, please.", "Right, I think that's it."),
            middle=("Sorry, a lorry just went past.", "Let me get some water."),
            asides=("Argh, no.", "Let me say that properly.", "Scratch that.", "Excuse me, once more."),
            wrong_words=("orange", "Thursday", "seventy", "garden")),
        corpus.HERE / "essays" / "held-out-2"),
    3: Generation(
        70_000,
        (Voice("en-us+Andy", 165), Voice("en-gb+Alicia", 170), Voice("en-gb-x-gbclan+Mike", 180),
         Voice("en-029+Linda", 155)),
        Phrases(
            head=("Is this thing on? Yes. Okay.", "Quiet on set, please.", "Right, off we go."),
            tail=("Done, done, done.", "And stop. Lovely.", "That'll do for this week."),
            middle=("Hang on, the dog wants out.", "One moment, someone's at the door."),
            asides=("Hmm, no.", "Back up a bit.", "Try that again.", "I'll go again from there."),
            wrong_words=("yellow", "Friday", "ninety", "kitchen")),
        corpus.HERE / "essays" / "held-out-3"),
    4: Generation(
        80_000,
        (Voice("en-us-nyc+Paul", 170), Voice("en-gb-x-gbcwmd+Jacky", 160), Voice("en-gb-scotland+Zac", 185),
         Voice("en-us+Lee", 150)),
        Phrases(
            head=("Mic check. Fine.", "Let's do this, then.", "Recording now, okay."),
            tail=("That's the lot.", "Right, switching off.", "End of take."),
            middle=("Oops, dropped my pen.", "Bless you. No, that was me."),
            asides=("Nope.", "Take two.", "Let me rephrase.", "Oh dear, again."),
            wrong_words=("purple-ish", "Sunday", "eighty", "bathroom")),
        corpus.HERE / "essays" / "held-out-4"),
    5: Generation(
        90_000,
        (Voice("en-us+Michael", 175), Voice("en-gb-x-rp+Denis", 165), Voice("en-gb-scotland+anika", 160),
         Voice("en-us-nyc+aunty", 180)),
        Phrases(
            head=("Right. Are we rolling? Good.", "Here goes nothing.", "Okay, the levels are fine."),
            tail=("And we're out.", "That's it for this one, cheers.", "Stopping the recorder now."),
            middle=("Sorry, the neighbours are drilling.", "Give me a moment, I need to cough."),
            asides=("No, hang on.", "Let me start that line again.", "Whoops.", "Once more, slowly."),
            wrong_words=("lavender", "Tuesday", "sixty", "attic")),
        corpus.HERE / "essays" / "held-out-5"),
    6: Generation(
        100_000,
        (Voice("en-us+Robert", 170), Voice("en-gb+Gene", 160), Voice("en-gb-x-gbclan+Quincy", 175),
         Voice("en-us-nyc+shelby", 165)),
        Phrases(
            head=("Okay, is it recording? Yes.", "Right, let's get this one down.", "Bear with me, starting now."),
            tail=("Okay, I'm done.", "That's all, switch it off.", "Right, end of the episode."),
            middle=("Hang on, the cat is on the desk.", "Sorry, I need a sip of water."),
            asides=("Ugh, no.", "Let me have another go at that.", "Wrong again.", "From the top of that line."),
            wrong_words=("turquoise", "Saturday", "seventeen", "cellar")),
        corpus.HERE / "essays" / "held-out-6"),
    7: Generation(
        110_000,
        (Voice("en-us+travis", 170), Voice("en-gb-x-rp+belinda", 160), Voice("en-029+benjamin", 175),
         Voice("en-gb-scotland+norbert", 165)),
        Phrases(
            head=("Is the light on? Good.", "Okay, take one, here we go.", "Just a second. Right."),
            tail=("That's it, I think.", "Done, stopping now.", "And cut. Thanks."),
            middle=("Sorry, the phone is ringing.", "Excuse me, a lorry just went past."),
            asides=("Hmm, not quite.", "Scrap that, again.", "Once more.", "No, I lost my place there."),
            wrong_words=("lantern", "Tuesday", "ninety", "garage")),
        corpus.HERE / "essays" / "held-out-7"),
    8: Generation(
        120_000,
        (Voice("en-us-nyc+victor", 175), Voice("en-gb+Hugo", 155), Voice("en-029+iven", 170),
         Voice("en-gb-x-gbcwmd+linda", 165)),
        Phrases(
            head=("Hello? Is this thing on? Right.", "Okay, quiet in the house.", "Rolling. Here we go then."),
            tail=("Okay, I think that's everything.", "Stop. Save it.", "Right, that'll do for today."),
            middle=("Sorry, that was the doorbell.", "Hold on, my chair is squeaking."),
            asides=("Oh, bother.", "Start again.", "No, that came out wrong.", "Let me read that bit properly."),
            wrong_words=("marmalade", "Friday", "thirty", "hallway")),
        corpus.HERE / "essays" / "held-out-8"),
    9: Generation(
        130_000,
        (Voice("en-gb-scotland+caleb", 170), Voice("en-us+f5", 160), Voice("en-gb-x-gbclan+john", 175),
         Voice("en-us-nyc+adam", 165)),
        Phrases(
            head=("Okay. Red light. Go.", "Hang on, is the mic plugged in? Yes.", "Alright, episode time."),
            tail=("Okay, that is the end of it.", "Fine, stop it there.", "Right, done for the week."),
            middle=("Sorry, somebody is knocking.", "Wait, the window is open, one second."),
            asides=("Oh, come on.", "Again, properly this time.", "That was rubbish, once more.",
                    "Let me go back a sentence."),
            wrong_words=("cinnamon", "Monday", "fifty", "porch")),
        corpus.HERE / "essays" / "held-out-9"),
    10: Generation(
        140_000,
        (Voice("en-us+max", 170), Voice("en-gb-scotland+m2", 160), Voice("en-029+rob", 175),
         Voice("en-gb-x-gbcwmd+f1", 165)),
        Phrases(
            head=("Is it going? Yes, it's going.", "Deep breath. Okay.", "Recording, take one, go."),
            tail=("And that is that.", "Okay, turn it off now.", "Good, finished, thank you."),
            middle=("Sorry, a train is going past.", "Hang on, I need to close the door."),
            asides=("Ugh, tongue-tied.", "Let me read that one more time.", "No, no, again.",
                    "Back to the start of that."),
            wrong_words=("saffron", "Wednesday", "eleven", "landing")),
        corpus.HERE / "essays" / "held-out-10"),
}


def fingerprint(generation: int) -> bytes:
    """Everything of a generation that its readings depend on: seed, voices, words off the
    script, the essays' text and how `plan` makes the readings (eval/run.py stamps them with it)."""
    g = GENERATIONS[generation]
    texts = [path.read_text() for path in _essay_files(generation)]
    return repr((g.seed, g.voices, g.phrases, texts, inspect.getsource(plan))).encode()


def _essay_files(generation: int) -> list[Path]:
    """The held-out essays a generation reads: its own and every earlier generation's."""
    return [path for n in sorted(GENERATIONS) if n <= generation
            for path in sorted(GENERATIONS[n].essays.glob("*.md"))]


def essays(generation: int = 1) -> dict[str, str]:
    """The corpus's essays and the held-out ones of that generation."""
    return corpus.essays() | {path.stem: path.read_text() for path in _essay_files(generation)}


def plan(quick: bool = False, generation: int = 1) -> list[tuple[str, callable]]:
    """(name, maker) of every held-out reading of a generation; `quick`: a small subset."""
    made, g = [], GENERATIONS[generation]
    for e, (essay, markdown) in enumerate(essays(generation).items()):
        for v, voice in enumerate(g.voices):
            name = f"{essay}-{voice.name.replace('+', '-').lower()}"
            made.append((name, lambda m=markdown, vo=voice, s=g.seed + 100 * e + v, n=name:
                         corpus.synthetic(n, m, vo, s, phrases=g.phrases)))
        for snr, room in ((20.0, "fan"), (10.0, "pink_hum" if e % 2 else "fan")):
            voice = g.voices[(e + int(snr)) % len(g.voices)]
            name = f"{essay}-{'fan' if room == 'fan' else 'noisy'}{int(snr)}db"
            made.append((name, lambda m=markdown, vo=voice, s=g.seed + 100 * e + 50 + int(snr), n=name, r=snr,
                         ro=room: corpus.synthetic(n, m, vo, s, r, g.phrases, ro)))
    if corpus.FIXTURES.exists():
        for k, (name, source, events, snr) in enumerate((
                ("lj001-events", "lj", True, None), ("lj001-noisy15db", "lj", True, 15.0),
                ("sonnet-events", "sonnet", True, None), ("jfk-events", "jfk", True, None))):
            made.append((name, lambda n=name, so=source, s=g.seed + 900 + k, ev=events, r=snr:
                         corpus.real(n, so, s, ev, r, g.phrases)))
    return made[::6] if quick else made
