"""The evaluation corpus: readings of essays with every event's time known, made from a seed.

A reading is a list of takes of the essay's utterances (its headings, sentences and list
items) with what a real take has between and inside them, each one a `Segment` of the
truth:

- script: an utterance read for the last time (what the listener must hear whole);
- earlier_take: a false start (the first 1-6 words) or a whole earlier reading, possibly
  with a wrong word or a cough in it; `aside`: "sorry, let me try that again" after it;
- filler: um, uh, er, "you know", at a sentence's start or inside it, with 0.05-0.4 s gaps;
- breath: an unvoiced, quiet sound between sentences (never a filler);
- cough: a noise burst inside an earlier take;
- chatter: off-script talk before the reading (`where` = head), after it (tail) or in the
  middle (an ad-lib, which the default settings keep);
- pause: silence, long ones (over `max_pause`) injected on purpose.

The first and the last sentence of every synthetic reading are spoken with one word
slurred (`misheard`), so that Whisper mishears them, as it does a name or a mumble.

Voices are espeak-ng's, at six speeds; the real readers of ../shared/fixtures (LJ Speech,
LibriVox, the JFK excerpt) are cut at their own pauses and joined again with events.
Room noise (pink noise with mains hum) is mixed in at 20 and 10 dB SNR on some readings.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from pipeline import ffmpeg
from pipeline.hearing import levels
from synth import RATE, speak

from .noise import fan, pink_hum

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent.parent / "shared" / "fixtures" / "audio"
SAMPLE_ESSAY = HERE.parent / "episodes" / "2026-11-24-the-script-is-the-edit" / "essay.md"


@dataclass(frozen=True)
class Voice:
    name: str                 # espeak-ng voice, with a variant after +
    speed: int                # words per minute

    @property
    def label(self) -> str:
        return f"{self.name}@{self.speed}"


VOICES = (Voice("en-us", 165), Voice("en-gb+f3", 150), Voice("en-gb-scotland", 180),
          Voice("en-gb-x-rp+f2", 140), Voice("en-029", 195), Voice("en-gb-x-gbclan+m5", 160))
ASIDE_VOICE_SHIFT = 12        # asides and chatter a little faster, as people talk off the page

@dataclass(frozen=True)
class Phrases:
    """What a reader says off the script: chatter at the ends and in the middle, asides after
    an earlier take, fillers, and the wrong words that spoil an earlier take."""
    head: tuple[str, ...] = ("Okay, is this thing recording?", "Right, here we go.", "Testing, one two, one two.",
                             "Let me get some water first.", "Okay, take one.")
    tail: tuple[str, ...] = ("And that's it. Stop the recording.", "Okay, I think that's a wrap.",
                             "Did that get all of it?", "Right, let me save that.")
    middle: tuple[str, ...] = ("Hang on, the dog is barking.", "Sorry, somebody is at the door.")
    asides: tuple[str, ...] = ("Sorry.", "Let me try that again.", "No wait, from the top of that.", "Okay, again.",
                               "Sorry, let me do that again.", "Hmm, once more.")
    fillers: tuple[str, ...] = ("um", "uh", "er", "you know")
    wrong_words: tuple[str, ...] = ("yellow", "basket", "Tuesday", "seventeen")


PHRASES = Phrases()


@dataclass(frozen=True)
class Segment:
    kind: str                 # script | earlier_take | aside | filler | breath | cough | chatter | pause
    start: float
    end: float
    text: str = ""
    utterance: int = -1       # the script utterance it reads (script, earlier_take)
    where: str = ""           # chatter: head|middle|tail; filler: start|inside; earlier_take: partial|full
    retake: int = -1          # earlier_take, aside and the final take of one retake share this
    misheard: bool = False


@dataclass
class Reading:
    """One reading: its audio at 22.05 kHz, its truth, and the script it reads."""
    name: str
    essay_md: str
    voice: str
    noise_snr: float | None
    real: bool
    clean: bool = False
    phrases: Phrases = PHRASES
    room: str = "pink_hum"        # the noise mixed in at noise_snr: pink_hum (50 Hz) or fan
    segments: list[Segment] = field(default_factory=list)
    audio: list[np.ndarray] = field(default_factory=list)
    position: int = 0

    def add(self, sound: np.ndarray, segment: Segment | None = None) -> None:
        start = self.position / RATE
        self.audio.append(sound.astype(np.float32))
        self.position += len(sound)
        if segment is not None:
            self.segments.append(Segment(**{**asdict(segment), "start": round(start, 4),
                                            "end": round(self.position / RATE, 4)}))

    def silence(self, seconds: float) -> None:
        if seconds > 0:
            self.add(np.zeros(int(seconds * RATE), np.float32), Segment("pause", 0, 0))

    def truth(self) -> dict:
        return {"name": self.name, "voice": self.voice, "noise_snr": self.noise_snr, "room": self.room,
                "real": self.real,
                "clean": self.clean, "duration": round(self.position / RATE, 4),
                "segments": [asdict(s) for s in self.segments]}


# --- the essays' utterances ------------------------------------------------------------------

def essay_blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) of the essay's blocks: heading or paragraph, as plain text."""
    from pipeline.show.essay_text import from_markdown
    body = markdown.split("---", 2)[2] if markdown.startswith("---") else markdown
    return [("heading" if b.kind == "heading" else "paragraph", b.text) for b in from_markdown(body)
            if b.kind != "title"]


def block_utterances(kind: str, text: str) -> list[str]:
    """A block's utterances: a heading whole, a paragraph or list item by its sentences."""
    return [text] if kind == "heading" else [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])", text) if s]


def utterances(markdown: str) -> list[tuple[str, bool]]:
    """(text, ends a block) for every heading, sentence and list item, in reading order."""
    out = []
    for kind, text in essay_blocks(markdown):
        parts = block_utterances(kind, text)
        out += [(part, i == len(parts) - 1) for i, part in enumerate(parts)]
    return out


# --- sounds ------------------------------------------------------------------------------------

def say(text: str, voice: Voice, faster: int = 0) -> np.ndarray:
    return speak(text, voice.name, voice.speed + faster) * 0.5


def slurred(text: str, rng: random.Random) -> str:
    """The sentence with its longest word garbled, as a mumble or an unusual name sounds."""
    words = text.split()
    k = max(range(len(words)), key=lambda i: len(re.sub(r"\W", "", words[i])))
    core = re.sub(r"\W", "", words[k])
    vowels = "aeiou"
    garbled = "".join(rng.choice(vowels) if c.lower() in vowels and rng.random() < 0.7 else c for c in core)
    garbled = garbled[:1] + garbled[1:].replace("r", "l").replace("t", "d").replace("s", "z")
    words[k] = words[k].replace(core, garbled)
    return " ".join(words)


def breath(rng: np.random.Generator, seconds: float, level: float) -> np.ndarray:
    """An in-breath: band-limited noise (mostly 400-2500 Hz) under a smooth envelope, unvoiced."""
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spectrum *= np.exp(-0.5 * ((freqs - 1400) / 700) ** 2)
    noise = np.fft.irfft(spectrum, n)
    envelope = np.sin(np.linspace(0, np.pi, n)) ** 1.5
    out = noise * envelope
    return (out / (np.sqrt(np.mean(out ** 2)) + 1e-12) * level).astype(np.float32)


def cough(rng: np.random.Generator, level: float) -> np.ndarray:
    """A cough: a sharp broadband burst decaying over a quarter of a second."""
    n = int(0.28 * RATE)
    t = np.arange(n) / RATE
    burst = rng.normal(0, 1, n) * np.exp(-t / 0.07) * (1 - np.exp(-t / 0.004))
    return (burst / (np.sqrt(np.mean(burst ** 2)) + 1e-12) * level * 1.5).astype(np.float32)


def room_noise(rng: np.random.Generator, n: int, level: float, hum_hz: float = 50.0) -> np.ndarray:
    """Pink noise with mains hum and two harmonics, at `level` RMS."""
    return pink_hum(rng, n, RATE, level, hum_hz)


def speech_rms(reading: Reading, audio: np.ndarray) -> float:
    spoken = [audio[int(s.start * RATE): int(s.end * RATE)] for s in reading.segments if s.kind == "script"]
    joined = np.concatenate(spoken) if spoken else audio
    return float(np.sqrt(np.mean(joined.astype(np.float64) ** 2)))


# --- synthetic readings ------------------------------------------------------------------------

def _gap(rng: random.Random, ends_block: bool) -> float:
    return rng.uniform(0.8, 1.1) if ends_block else rng.uniform(0.35, 0.8)


def _filler(reading: Reading, rng: random.Random, voice: Voice, where: str) -> None:
    word = rng.choice(reading.phrases.fillers)
    reading.silence(rng.uniform(0.05, 0.4))
    reading.add(say(word, voice, ASIDE_VOICE_SHIFT), Segment("filler", 0, 0, word, where=where))
    reading.silence(rng.uniform(0.05, 0.4))


def _script(reading: Reading, text: str, spoken: str, voice: Voice, index: int, retake: int = -1,
            misheard: bool = False, rng: random.Random | None = None, filler_inside: bool = False) -> None:
    words = spoken.split()
    if filler_inside and rng is not None and len(words) >= 6:
        k = rng.randint(2, len(words) - 3)
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        reading.add(say(head, voice), Segment("script", 0, 0, head, index, retake=retake, misheard=misheard))
        _filler(reading, rng, voice, "inside")
        reading.add(say(tail, voice), Segment("script", 0, 0, tail, index, retake=retake, misheard=misheard))
        return
    reading.add(say(spoken, voice), Segment("script", 0, 0, text, index, retake=retake, misheard=misheard))


def _earlier_take(reading: Reading, text: str, voice: Voice, index: int, retake: int, rng: random.Random,
                  noise: np.random.Generator) -> None:
    words = text.split()
    if rng.random() < 0.5 or len(words) < 5:
        partial = " ".join(words[:rng.randint(1, min(6, max(1, len(words) - 2)))])
        reading.add(say(partial, voice), Segment("earlier_take", 0, 0, partial, index, "partial", retake))
        reading.silence(rng.uniform(0.2, 0.6))
    else:
        flaw = rng.random()
        if flaw < 0.35:                                    # a wrong word, then stopped
            k = rng.randint(1, len(words) - 2)
            words = words[:k] + [rng.choice(reading.phrases.wrong_words)] + words[k + 1:]
        spoken = " ".join(words)
        level = speech_rms(reading, np.concatenate(reading.audio)) if reading.segments else 0.05
        if 0.35 <= flaw < 0.6:                             # a cough in the middle of it
            k = rng.randint(2, len(words) - 2)
            first, rest = " ".join(words[:k]), " ".join(words[k:])
            reading.add(say(first, voice), Segment("earlier_take", 0, 0, first, index, "full", retake))
            reading.silence(0.08)
            reading.add(cough(noise, level), Segment("cough", 0, 0, "", index, retake=retake))
            reading.silence(0.15)
            reading.add(say(rest, voice), Segment("earlier_take", 0, 0, rest, index, "full", retake))
        else:
            reading.add(say(spoken, voice), Segment("earlier_take", 0, 0, spoken, index, "full", retake))
        reading.silence(rng.uniform(0.3, 0.6))
        if rng.random() < 0.75:
            aside = rng.choice(reading.phrases.asides)
            reading.add(say(aside, voice, ASIDE_VOICE_SHIFT), Segment("aside", 0, 0, aside, index, retake=retake))
    reading.silence(rng.uniform(0.4, 0.8))


def synthetic(name: str, essay_md: str, voice: Voice, seed: int, noise_snr: float | None = None,
              phrases: Phrases = PHRASES, room: str = "pink_hum") -> Reading:
    """One espeak-ng reading of `essay_md` with random events (the same seed, the same reading)."""
    rng, noise = random.Random(seed), np.random.default_rng(seed)
    reading = Reading(name, essay_md, voice.label, noise_snr, real=False, phrases=phrases, room=room)
    reading.silence(rng.uniform(0.5, 2.0))
    if rng.random() < 0.7:
        text = rng.choice(reading.phrases.head)
        reading.add(say(text, voice, ASIDE_VOICE_SHIFT), Segment("chatter", 0, 0, text, where="head"))
        reading.silence(rng.uniform(0.8, 1.6))
    items = utterances(essay_md)
    retakes = 0
    for index, (text, ends_block) in enumerate(items):
        edge = index in (0, len(items) - 1)                # the essay's first and last sentence
        spoken = slurred(text, rng) if edge and len(text.split()) > 3 else text
        roll = rng.random()
        if roll < 0.07 and index not in (0, len(items) - 1):
            _earlier_take(reading, text, voice, index, retakes, rng, noise)
            _script(reading, text, spoken, voice, index, retake=retakes, misheard=spoken != text)
            retakes += 1
        else:
            if 0.07 <= roll < 0.13:
                _filler(reading, rng, voice, "start")
            inside = 0.13 <= roll < 0.2
            _script(reading, text, spoken, voice, index, misheard=spoken != text, rng=rng, filler_inside=inside)
        if index == len(items) - 1:
            break
        roll = rng.random()
        if roll < 0.08:
            reading.silence(rng.uniform(1.8, 4.0))
        elif roll < 0.2:
            before = rng.uniform(0.15, 0.3)
            reading.silence(before)
            level = 10 ** (-30 / 20) * speech_rms(reading, np.concatenate(reading.audio))
            reading.add(breath(noise, rng.uniform(0.25, 0.45), level), Segment("breath", 0, 0))
            reading.silence(max(0.15, _gap(rng, ends_block) - before))
        elif roll < 0.23:
            reading.silence(rng.uniform(0.6, 1.0))
            text = rng.choice(reading.phrases.middle)
            reading.add(say(text, voice, ASIDE_VOICE_SHIFT), Segment("chatter", 0, 0, text, where="middle"))
            reading.silence(rng.uniform(0.6, 1.0))
        else:
            reading.silence(_gap(rng, ends_block))
    reading.silence(rng.uniform(0.6, 1.2))
    if rng.random() < 0.7:
        text = rng.choice(reading.phrases.tail)
        reading.add(say(text, voice, ASIDE_VOICE_SHIFT), Segment("chatter", 0, 0, text, where="tail"))
    reading.silence(rng.uniform(1.0, 3.0))
    return reading


# --- real readers ------------------------------------------------------------------------------

def _decode(path: Path) -> np.ndarray:
    return ffmpeg.decode(path, RATE, 1)[:, 0].astype(np.float32)


def _pieces_at_pauses(audio: np.ndarray, min_pause_s: float = 0.25, min_piece_s: float = 1.2) -> list[np.ndarray]:
    """The reading cut in the middle of its pauses (found on the 16 kHz level), trimmed."""
    from scipy.signal import resample_poly
    db = levels.frame_db(resample_poly(audio, 160, 441).astype(np.float32))
    threshold = levels.speech_threshold(db)
    gaps = levels.silences(db, min_pause_s, threshold)
    cuts, last = [0.0], 0.0
    for a, b in gaps:
        if a - last >= min_piece_s and a > 0.05:
            cuts.append((a + b) / 2)
            last = (a + b) / 2
    cuts.append(len(audio) / RATE)
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        piece = audio[int(a * RATE): int(b * RATE)]
        loud = np.flatnonzero(np.abs(piece) > 0.02 * np.abs(piece).max())
        if loud.size:
            pieces.append(piece[max(0, loud[0] - 220): loud[-1] + 220])
    return pieces


def _lj_pieces() -> tuple[list[np.ndarray], str]:
    """LJ001's sixteen clips at their published boundaries, and the essay text (four paragraphs)."""
    audio = _decode(FIXTURES / "ljspeech_LJ001_printing_part1.flac")
    rows = [line.split("\t") for line in (FIXTURES / "ljspeech_LJ001_printing_part1.segments.tsv")
            .read_text().splitlines() if line.strip() and not line.startswith("#")]
    rows = [r for r in rows if len(r) > 2 and re.fullmatch(r"[\d.]+", r[1].strip())]     # not the header
    pieces = [audio[int(float(r[1]) * RATE): int(float(r[2]) * RATE)] for r in rows]
    text = (FIXTURES / "ljspeech_LJ001_printing_part1.txt").read_text().strip()
    return pieces, text


def _paragraphs(text: str, per: int = 4) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    return "\n\n".join(" ".join(sentences[i:i + per]) for i in range(0, len(sentences), per))


def real(name: str, source: str, seed: int, events: bool, noise_snr: float | None = None,
         phrases: Phrases = PHRASES) -> Reading:
    """A real reader's take, cut at its pauses and joined again, with events when asked."""
    rng, noise = random.Random(seed), np.random.default_rng(seed)
    if source == "lj":
        pieces, text = _lj_pieces()
        title = "On Printing"
    elif source == "sonnet":
        audio = _decode(FIXTURES / "librivox_shakespeare_sonnet001.mp3")
        pieces, text = _pieces_at_pauses(audio), (FIXTURES / "librivox_shakespeare_sonnet001.txt").read_text()
        title = "Sonnet One"
    else:
        audio = _decode(FIXTURES / "jfk_inaugural_1961_excerpt.flac")
        pieces, text = _pieces_at_pauses(audio, 0.2, 0.8), (FIXTURES / "jfk_inaugural_1961_excerpt.txt").read_text()
        title = "Ask Not"
    body = _paragraphs(" ".join(text.split())) if source != "sonnet" else "\n\n".join(
        " ".join(line.split()) for line in text.strip().split("\n\n"))
    essay_md = f'---\ntitle: "{title}"\ndate: 2026-09-01\n---\n\n{body}\n'
    chatter_voice = Voice("en-us", 175)
    reading = Reading(name, essay_md, f"real:{source}", noise_snr, real=True, clean=not events, phrases=phrases)
    reading.silence(rng.uniform(0.6, 1.5))
    if events:
        said = rng.choice(reading.phrases.head)
        reading.add(say(said, chatter_voice), Segment("chatter", 0, 0, said, where="head"))
        reading.silence(rng.uniform(0.8, 1.4))
    retakes = 0
    retake_at = set(rng.sample(range(1, len(pieces) - 1), k=min(2, max(0, len(pieces) - 2)))) if events else set()
    for index, piece in enumerate(pieces):
        if index in retake_at:
            cut = piece if rng.random() < 0.5 else piece[: max(int(0.6 * RATE), len(piece) // 3)]
            reading.add(cut, Segment("earlier_take", 0, 0, "", index, "full" if cut is piece else "partial", retakes))
            reading.silence(rng.uniform(0.3, 0.6))
            if rng.random() < 0.7:
                aside = rng.choice(reading.phrases.asides)
                reading.add(say(aside, chatter_voice), Segment("aside", 0, 0, aside, index, retake=retakes))
            reading.silence(rng.uniform(0.4, 0.8))
            reading.add(piece, Segment("script", 0, 0, "", index, retake=retakes))
            retakes += 1
        else:
            reading.add(piece, Segment("script", 0, 0, "", index))
        if index < len(pieces) - 1:
            long_pause = (events or index % 6 == 5) and rng.random() < 0.15
            reading.silence(rng.uniform(1.8, 3.5) if long_pause else rng.uniform(0.3, 0.8))
    reading.silence(rng.uniform(0.6, 1.2))
    if events:
        said = rng.choice(reading.phrases.tail)
        reading.add(say(said, chatter_voice), Segment("chatter", 0, 0, said, where="tail"))
    reading.silence(rng.uniform(1.0, 2.5))
    return reading


# --- the whole corpus --------------------------------------------------------------------------

def essays() -> dict[str, str]:
    found = {"script-is-the-edit": SAMPLE_ESSAY.read_text()}
    for path in sorted((HERE / "essays").glob("*.md")):
        found[path.stem] = path.read_text()
    return found


def plan(quick: bool = False) -> list[tuple[str, callable]]:
    """(name, maker) of every reading; `quick`: a small subset for a smoke run."""
    made = []
    texts = essays()
    for e, (essay, markdown) in enumerate(texts.items()):
        for v, voice in enumerate(VOICES):
            for take in (0, 1):
                seed = 1000 * e + 10 * v + take
                name = f"{essay}-{voice.name.replace('+', '-')}-{take}"
                made.append((name, lambda m=markdown, vo=voice, s=seed, n=name: synthetic(n, m, vo, s)))
    for e, (essay, markdown) in enumerate(texts.items()):
        for snr in (20.0, 10.0):
            voice = VOICES[(e * 2 + int(snr)) % len(VOICES)]
            name = f"{essay}-noisy{int(snr)}db"
            made.append((name, lambda m=markdown, vo=voice, s=7000 + e * 10 + int(snr), n=name, r=snr:
                         synthetic(n, m, vo, s, r)))
    if FIXTURES.exists():
        for name, source, seed, events, snr in (
                ("lj001-clean", "lj", 1, False, None), ("lj001-events-0", "lj", 2, True, None),
                ("lj001-events-1", "lj", 3, True, None), ("lj001-noisy20db", "lj", 4, True, 20.0),
                ("lj001-noisy10db", "lj", 5, True, 10.0), ("sonnet-clean", "sonnet", 6, False, None),
                ("sonnet-events", "sonnet", 7, True, None), ("jfk-events", "jfk", 8, True, None)):
            made.append((name, lambda n=name, so=source, s=seed, ev=events, r=snr: real(n, so, s, ev, r)))
    if quick:
        made = made[::8]
    return made


def write(reading: Reading, folder: Path) -> Path:
    """essay.md, recording.wav (44.1 kHz 16-bit, as a recorder writes) and truth.json."""
    folder.mkdir(parents=True, exist_ok=True)
    audio = np.concatenate(reading.audio)
    if reading.noise_snr is not None:
        level = speech_rms(reading, audio) / 10 ** (reading.noise_snr / 20)
        rng = np.random.default_rng(len(reading.name))
        made = fan(rng, len(audio), RATE, level) if reading.room == "fan" else room_noise(rng, len(audio), level)
        audio = audio + made
    else:
        audio = audio + np.random.default_rng(3).normal(0, 10 ** (-62 / 20), len(audio)).astype(np.float32)
    peak = float(np.max(np.abs(audio)))
    if peak > 0.98:
        audio *= 0.98 / peak
    args = ["-ar", "44100", "-ac", "1", "-c:a", "pcm_s16le", str(folder / "recording.wav")]
    with ffmpeg.pcm_writer(args, RATE, 1, folder / "recording.wav", "writing an evaluation reading") as put:
        put(audio[:, None])
    (folder / "essay.md").write_text(reading.essay_md)
    (folder / "truth.json").write_text(json.dumps(reading.truth(), indent=1) + "\n")
    return folder
