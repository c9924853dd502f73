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
here is fixed with a test of its own and checked on both corpora, and the next
held-out corpus gets a new seed.
"""

from __future__ import annotations

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


def essays() -> dict[str, str]:
    """The corpus's essays and the held-out ones."""
    return corpus.essays() | {path.stem: path.read_text() for path in sorted(ESSAYS.glob("*.md"))}


def plan(quick: bool = False) -> list[tuple[str, callable]]:
    """(name, maker) of every held-out reading; `quick`: a small subset."""
    made = []
    for e, (essay, markdown) in enumerate(essays().items()):
        for v, voice in enumerate(VOICES):
            name = f"{essay}-{voice.name.replace('+', '-')}"
            made.append((name, lambda m=markdown, vo=voice, s=SEED + 100 * e + v, n=name:
                         corpus.synthetic(n, m, vo, s, phrases=PHRASES)))
        for snr, room in ((20.0, "fan"), (10.0, "pink_hum" if e % 2 else "fan")):
            voice = VOICES[(e + int(snr)) % len(VOICES)]
            name = f"{essay}-{'fan' if room == 'fan' else 'noisy'}{int(snr)}db"
            made.append((name, lambda m=markdown, vo=voice, s=SEED + 100 * e + 50 + int(snr), n=name, r=snr, ro=room:
                         corpus.synthetic(n, m, vo, s, r, PHRASES, ro)))
    if corpus.FIXTURES.exists():
        for k, (name, source, events, snr) in enumerate((
                ("lj001-events", "lj", True, None), ("lj001-noisy15db", "lj", True, 15.0),
                ("sonnet-events", "sonnet", True, None), ("jfk-events", "jfk", True, None))):
            made.append((name, lambda n=name, so=source, s=SEED + 900 + k, ev=events, r=snr:
                         corpus.real(n, so, s, ev, r, PHRASES)))
    return made[::6] if quick else made
