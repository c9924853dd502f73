"""`Transcript`: what was said, word by word, with times in seconds; the file `transcript.json`.

These types are all the rest of the pipeline sees of an engine:

    {"version": 1, "engine": "...", "model": "...", "language": "en", "duration": 61.2,
     "segments": [{"start": 0.5, "end": 4.1, "text": "...",
                   "words": [{"text": "Hello", "start": 0.5, "end": 0.9, "probability": 0.98}]}],
     "seconds": 0.9, "clips": {"forced": 2, "free": 1, "silent": 0}}

`clips` counts, when the essay guided the transcription, the clips read along it and those
decoded freely (`readalong.py`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import numpy as np

from ..errors import check_version

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Transcript:
    engine: str
    model: str
    language: str
    duration: float
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    seconds: float = 0.0               # wall time spent transcribing
    clips: dict = field(default_factory=dict)   # guided: clips read along the essay, decoded freely, silent

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments).strip()

    def to_dict(self) -> dict:
        return {"version": SCHEMA_VERSION, **asdict(self)}

    def stage_record(self) -> dict:
        return {"words": len(self.words), "seconds": self.seconds, **self.clips}

    @classmethod
    def from_dict(cls, data: dict) -> "Transcript":
        check_version(data, SCHEMA_VERSION, "transcript.json")
        segments = tuple(
            Segment(s["start"], s["end"], s["text"], tuple(Word(**w) for w in s.get("words", ())))
            for s in data.get("segments", ()))
        return cls(data["engine"], data["model"], data["language"], data["duration"], segments,
                   data.get("seconds", 0.0), data.get("clips", {}))


def fill_word_times(words: list[Word], seg_start: float, seg_end: float) -> list[Word]:
    """Give every word a start and an end: words the engine left untimed (None or
    zero-length) get times interpolated between their timed neighbours."""
    n = len(words)
    starts = [w.start for w in words]
    ends = [w.end for w in words]
    known = [i for i in range(n) if starts[i] is not None and ends[i] is not None and ends[i] > starts[i]]
    if len(known) == n:
        return words
    anchors_t = [seg_start] + [starts[i] for i in known] + [seg_end]
    anchors_i = [-0.5] + [float(i) for i in known] + [n - 0.5]
    out = []
    for i, w in enumerate(words):
        if i in known:
            out.append(w)
            continue
        start = float(np.interp(i - 0.5, anchors_i, anchors_t))
        end = float(np.interp(i + 0.5, anchors_i, anchors_t))
        out.append(Word(w.text, round(start, 3), round(max(end, start + 0.01), 3), w.probability))
    return out


def comparable(text: str) -> str:
    """A word as the audio can tell it: lower case, letters and digits only ("Printing," → "printing")."""
    return "".join(c for c in text.lower() if c.isalnum())


def ends_sentence(text: str) -> bool:
    """Whether a word as written ends a sentence ("it.", "page?”", "(so!)")."""
    return re.search(r"[.!?…][\"'”’)\]]*$", text) is not None


def shifted(segment: Segment, offset: float) -> Segment:
    """The segment with its times moved by `offset` seconds."""
    words = tuple(Word(w.text, round(float(w.start) + offset, 3), round(float(w.end) + offset, 3),
                       round(float(w.probability), 4)) for w in segment.words)
    return Segment(round(float(segment.start) + offset, 3), round(float(segment.end) + offset, 3), segment.text, words)


LOOP_REPEATS = 6               # a reader says "no, no, no"; six times in a row is the decoder's loop
LOOP_UNIT = 20                 # the longest phrase such a loop repeats, in words (held-out: up to 10 seen)


def _loop(keys: list[str], i: int) -> tuple[int, int]:
    """(words in the phrase, times said) where the words from keys[i] on are one phrase of
    1 to LOOP_UNIT words said LOOP_REPEATS times or more in a row; (0, 0) where they are not."""
    for size in range(1, LOOP_UNIT + 1):
        unit = keys[i: i + size]
        if len(unit) < size or not all(unit):
            break
        count = 1
        while keys[i + count * size: i + (count + 1) * size] == unit:
            count += 1
        if count >= LOOP_REPEATS:
            return size, count
    return 0, 0


def without_loops(segments: list[Segment]) -> list[Segment]:
    """The segments less the repeats of a decoder loop: the same one to LOOP_UNIT words
    LOOP_REPEATS times or more in a row, across segments too. Held-out corpora: "No, no, no, …"
    112 times in each of two clips, 50 s read at 200 words a minute from "None of that
    bothers me" on; and in noisy rooms "We call them all out, okay." 28 times, "I'm a young
    man, and" 32 times, and the ten words of "I'm going to go to the hospital for three
    months." over and over. Once Whisper's decoder has written a phrase twice it finds it
    likelier still; a reader does not say one thing six times (a sentence read three times
    over is a host's retakes, and stays). The phrase's first saying stays; the speech under
    the rest is left without words, which the read-along takes for a decoding that failed
    (`readalong.decode_freely` tries another, then halves the clip) and the editor for speech
    it cannot read, which it keeps."""
    words = [(k, w) for k, s in enumerate(segments) for w in s.words]
    keys = [comparable(w.text) for _, w in words]
    dropped, i = set(), 0
    while i < len(words):
        size, count = _loop(keys, i)
        dropped.update(range(i + size, i + size * count))
        i += size * count or 1
    if not dropped:
        return segments
    kept: list[list[Word]] = [[] for _ in segments]
    for n, (k, w) in enumerate(words):
        if n not in dropped:
            kept[k].append(w)
    return [Segment(s.start, s.end, " ".join(w.text for w in ws), tuple(ws))
            for s, ws in zip(segments, kept) if ws or not s.words]
