"""transcript words on the edited timeline → captions: WebVTT, SRT, Podcasting 2.0 JSON, text.

Cues hold at most two lines of 42 characters and 7 seconds, and break at the end of a
sentence or at a pause, as broadcast captions do. Words that were cut are not
captioned; every time is mapped through the edit's time map. Writers come from a dict.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

from ..editing.timemap import TimeMap
from ..hearing.words import Word

LINE_CHARS = 42
MAX_LINES = 2
MAX_CUE_S = 7.0


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def lines(self) -> list[str]:
        return textwrap.wrap(self.text, LINE_CHARS) or [""]


def edited_words(words: list[Word], timemap: TimeMap, removed_ranges: list[tuple[float, float]] = ()) -> list[Word]:
    """Words on the edited timeline. The plan names the words it removes (drop those
    first); here only words centred in `removed_ranges` (cuts that name no words, such as
    the host's own) are dropped, since Whisper's word times are too rough to judge by."""
    out = []
    for word in words:
        centre = (word.start + word.end) / 2
        if any(a <= centre < b for a, b in removed_ranges):
            continue
        start, end = timemap.to_edited(word.start), timemap.to_edited(word.end)
        out.append(Word(word.text, round(float(start), 3), round(float(max(end, start + 0.01)), 3), word.probability))
    return out


def _fits(words: list[Word]) -> bool:
    return len(textwrap.wrap(" ".join(w.text for w in words), LINE_CHARS)) <= MAX_LINES


def cues(words: list[Word]) -> list[Cue]:
    """Group words into caption cues."""
    out: list[Cue] = []
    current: list[Word] = []
    for word in words:
        if current:
            gap = word.start - current[-1].end
            too_long = word.end - current[0].start > MAX_CUE_S or not _fits(current + [word])
            sentence_end = current[-1].text.endswith((".", "?", "!")) and len(" ".join(w.text for w in current)) > 20
            if too_long or gap > 0.6 or sentence_end:
                out.append(Cue(current[0].start, current[-1].end, tuple(current)))
                current = []
        current.append(word)
    if current:
        out.append(Cue(current[0].start, current[-1].end, tuple(current)))
    for k in range(1, len(out)):                   # overlapping word times must not overlap cues
        if out[k].start < out[k - 1].end:
            out[k] = Cue(out[k - 1].end, max(out[k].end, out[k - 1].end + 0.2), out[k].words)
    return out


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"


def write_vtt(items: list[Cue], speaker: str = "") -> str:
    parts = ["WEBVTT", ""]
    for cue in items:
        parts.append(f"{_stamp(cue.start, '.')} --> {_stamp(cue.end, '.')}")
        lines = cue.lines
        if speaker:
            lines[0] = f"<v {speaker}>{lines[0]}"
        parts.extend(lines)
        parts.append("")
    return "\n".join(parts)


def write_srt(items: list[Cue], speaker: str = "") -> str:
    parts = []
    for number, cue in enumerate(items, 1):
        parts += [str(number), f"{_stamp(cue.start, ',')} --> {_stamp(cue.end, ',')}", *cue.lines, ""]
    return "\n".join(parts)


def write_json(items: list[Cue], speaker: str = "") -> str:
    """Podcasting 2.0 transcript JSON 1.0.0, one segment per word."""
    segments = []
    for cue in items:
        for word in cue.words:
            segment = {"startTime": word.start, "endTime": word.end, "body": word.text}
            if speaker:
                segment["speaker"] = speaker
            segments.append(segment)
    return json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False, indent=1) + "\n"


def write_text(items: list[Cue], speaker: str = "") -> str:
    return "\n".join(textwrap.wrap(" ".join(c.text for c in items), 80)) + "\n"


WRITERS = {"transcript.vtt": write_vtt, "transcript.srt": write_srt, "transcript.json": write_json,
           "transcript.txt": write_text}
