"""recording + time map → mastered MP3: voice chain, splice, music, EBU R128 loudness, LAME.

Two passes over the recording, only one of them after the transcript is known:

1. `voice.voice_report` (the loudness stage), started as soon as the recording is decoded and run while it is
   transcribed: the voice chain (high-pass, gentle compression, an optional gate) and
   ffmpeg's BS.1770 meter, which logs the loudness of every 400 ms block (every 100 ms).
   Blocks are what BS.1770 integrates, so the loudness of the *edited* programme is the
   gated mean of the blocks that lie inside kept ranges, plus the music's blocks: no
   second measurement is needed once the edit is decided. The chain's output is kept
   (voice-<key>.f32) for pass two, which then need not run the chain again: on two cores
   the master's encoder has one to itself only when the other is not running the chain too.
2. `master`: that output is read (or the recording decoded through the chain again),
   spliced (`splice.splice`), mixed with the music, set to the target by one gain,
   limited only where the peak would come within 1 dB of the ceiling, and encoded by
   LAME, in one streaming pass. The
   encoded frames go to the file and, through a pipe, to a second ffmpeg on the other
   core that measures the MP3 as listeners will decode it (true peak, 4× oversampled).
   Should MP3 overshoot still break the ceiling, the pass runs again with a lower limit.

The ceiling keeps 0.5 dB in hand for that overshoot. Two-pass `loudnorm` was measured
and dropped: it resamples to 192 kHz and took four times as long.

MP3 itself makes speech quieter: at 96 kbps LAME drops the spectral lines the ear would
not hear, and a meter hears them gone (0.4 to 0.5 LU on every reading measured here, 0.3
at 192 kbps, none at 320). So pass one also encodes a minute of the voice, measures what
the encoder takes (`codec_loss`), and the gain gives it back: the MP3 is measured at the
target, not half a unit below it.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .. import ffmpeg
from . import splice
from .meter import BLOCK_S, HOP_S, SHORT_S, Loudness, _parse_summary, integrated, loudness_range, meter_blocks
from .loudness import AAC, MP3, VoiceLoudness, voice_chain, voice_report
from ..cache import atomic_path
from ..errors import check_version
from ..show.config import AudioSettings
from ..editing.timemap import TimeMap

MP3_HEADROOM_DB = 0.5
INTRO_OVERLAP_S = 2.0          # the voice starts this long before the intro music ends
MUSIC_GAIN_DB = -8.0           # music sits under the voice


@dataclass(frozen=True)
class Music:
    """Intro and outro for one episode (either may be absent)."""
    intro: Path | None = None
    outro: Path | None = None

    @property
    def intro_lead(self) -> float:
        """Seconds of intro before the first word: where the edited timeline is shifted to."""
        if not self.intro:
            return 0.0
        return round(max(0.0, ffmpeg.probe(self.intro).duration - INTRO_OVERLAP_S), 3)


@dataclass(frozen=True)
class MasterReport:
    """master.json. `input` is the edited programme before gain (its peak is the sample
    peak of the voice chain's output); `output` is the encoded MP3 as decoded (true peak)."""
    input: Loudness
    output: Loudness
    target_lufs: float
    target_true_peak: float
    mode: str              # linear or limited
    duration: float
    codec_loss: float = 0.0  # LU the encoder takes off, given back by the gain

    def to_dict(self) -> dict:
        return {"version": 1, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict) -> MasterReport:
        check_version(data, 1, "master.json")
        return cls(Loudness(**data["input"]), Loudness(**data["output"]), data["target_lufs"],
                   data["target_true_peak"], data["mode"], data["duration"], data.get("codec_loss", 0.0))


def _on_programme(blocks: dict, key: str, span: float, timemap: TimeMap) -> tuple[np.ndarray, np.ndarray]:
    """The voice's blocks of `span` seconds that lie wholly inside kept ranges, and the
    slot (100 ms step of the programme's timeline) where each ends. Within a kept range
    the slots count up one by one from the range's first, so that no two blocks share one
    (rounding each edited time, 21.75 s and 21.85 s could)."""
    values = np.asarray(blocks[key], float)
    hop = blocks["hop"]
    ends = (np.arange(len(values)) + 1) * hop
    kept_values, slots = [], []
    for a, b in timemap.kept:
        lo, hi = np.searchsorted(ends, a + span - 1e-6), np.searchsorted(ends, b + 1e-6)
        if hi > lo:
            first = int(np.floor(timemap.to_edited(float(ends[lo])) / hop + 0.5))
            kept_values.append(values[lo:hi])
            slots.append(first + np.arange(hi - lo))
    if not slots:
        return np.zeros(0), np.zeros(0, int)
    return np.concatenate(kept_values), np.concatenate(slots)


def programme_loudness(voice: dict, timemap: TimeMap, music_blocks: list[tuple[float, dict]] = ()) -> Loudness:
    """The loudness of the edited programme, before gain, from the voice's blocks and the
    music's (each placed at its start time). Where music and voice overlap their powers
    add, as uncorrelated signals do."""
    result = []
    for key, span in (("momentary", BLOCK_S), ("short_term", SHORT_S)):
        values, slots = _on_programme(voice, key, span, timemap)
        placed = [(slots, values, 0.0)]
        for start, blocks in music_blocks:
            music = np.asarray(blocks[key], float)
            placed.append((int(round(start / HOP_S)) + 1 + np.arange(len(music)), music, MUSIC_GAIN_DB))
        size = 1 + max((int(slots.max()) for slots, _, _ in placed if slots.size), default=0)
        power, present = np.zeros(size), np.zeros(size, bool)
        for slots, levels, gain in placed:
            np.add.at(power, slots, 10 ** ((levels + gain) / 10))
            present[slots] = True
        result.append(10 * np.log10(np.maximum(power[present], 1e-12)) if present.any() else np.zeros(0))
    return Loudness(round(integrated(result[0]), 2), voice["sample_peak"], round(loudness_range(result[1]), 2))


def _graph(settings: AudioSettings, music: Music, finish: str, outputs: int,
           aac_trim_db: float = 0.0) -> tuple[list[str], str]:
    """Extra inputs and the filter graph after the splice: intro under the first words,
    outro after the last, then `finish` (gain and limiter) and the delivery rate; with two
    outputs, the second (AAC) set `aac_trim_db` apart."""
    rate, layout = settings.sample_rate, "mono" if settings.channels == 1 else "stereo"
    fmt = f"aformat=sample_fmts=fltp:channel_layouts={layout}"
    inputs, parts, last = [], [f"[0:a]{fmt}[voice]"], "voice"
    if music.intro:
        inputs += ["-i", str(music.intro)]
        duration = ffmpeg.probe(music.intro).duration
        fade = min(INTRO_OVERLAP_S, duration)
        delay_ms = int(round(music.intro_lead * 1000))
        parts += [f"[{len(inputs) // 2}:a]{fmt},volume={MUSIC_GAIN_DB}dB,"
                  f"afade=t=out:st={max(0.0, duration - fade):.3f}:d={fade:.3f}[intro]",
                  f"[voice]adelay={delay_ms}:all=1[late]",
                  "[intro][late]amix=inputs=2:duration=longest:normalize=0[body]"]
        last = "body"
    if music.outro:
        inputs += ["-i", str(music.outro)]
        parts += [f"[{len(inputs) // 2}:a]{fmt},volume={MUSIC_GAIN_DB}dB[outro]",
                  f"[{last}][outro]concat=n=2:v=0:a=1[whole]"]
        last = "whole"
    if outputs == 1:
        parts.append(f"[{last}]{finish},aresample={rate}[out0]")
    else:                                  # the AAC loses less to its encoder than the MP3 (see codec_loss)
        parts += [f"[{last}]{finish},aresample={rate},asplit=2[out0][aac]", f"[aac]volume={aac_trim_db:.2f}dB[out1]"]
    return inputs, ";".join(parts)


def _kept_blocks(path: Path, channels: int, frames: int):
    """The voice chain's output as the loudness stage kept it (raw float32), block by block
    (read, not mapped: memory stays at one block)."""
    with open(path, "rb") as kept:
        yield from ffmpeg.float_frames(kept, channels, frames)


def _encode(recording: Path, timemap: TimeMap, crossfade_ms: float, settings: AudioSettings, speech_db: float,
            music: Music, gain_db: float, ceiling_db: float | None, mp3: Path, m4a: Path | None,
            aac_trim_db: float = 0.0, progress=lambda fraction: None, voice_audio: Path | None = None) -> Loudness:
    """One pass: decode with the voice chain (or read `voice_audio`, its output kept by the
    loudness stage), splice, mix, gain, limit, encode; returns the loudness of the MP3 as
    decoded, measured on the other core while it is written."""
    rate, channels = settings.sample_rate, settings.channels
    apply = f"volume={gain_db:.2f}dB"
    if ceiling_db is not None:
        apply += f",alimiter=limit={10 ** (ceiling_db / 20):.4f}:attack=5:release=60:level=0"
    inputs, graph = _graph(settings, music, apply, 2 if m4a else 1, aac_trim_db)
    delivery = ["-ac", str(channels), "-ar", str(rate), "-b:a", f"{settings.bitrate}k", "-map_metadata", "-1"]
    # the MP3 goes to its file (named relative to the working folder: tee's syntax would
    # need escaping for an arbitrary path) and, the same frames, to the meter's pipe
    out = ["-map", "[out0]", *MP3, *delivery, "-f", "tee",
           f"[f=mp3:id3v2_version=0]{mp3.name}|[f=mp3:id3v2_version=0:write_xing=0]pipe:1"]
    if m4a is not None:
        out += ["-map", "[out1]", *AAC, *delivery, str(m4a.resolve())]
    half = max(1, int(round(crossfade_ms / 2000 * rate)))
    kept = [(int(round(a * rate)), int(round(b * rate))) for a, b in timemap.kept]
    if voice_audio is not None and voice_audio.exists() and voice_audio.stat().st_size:
        blocks = _kept_blocks(voice_audio, channels, int(splice.BLOCK_S * rate))
    else:
        blocks = ffmpeg.read_blocks(recording, rate, channels, splice.BLOCK_S,
                                    ",".join(voice_chain(settings, speech_db)))
    with ffmpeg.pcm_pipeline([*inputs, "-filter_complex", graph, *out], rate, channels, recording,
                             "mastering and encoding", cwd=mp3.parent,
                             reader_args=["-af", "ebur128=peak=true", "-f", "null", "-"]) as (write, meter):
        total, done = max(1, sum(b - a for a, b in kept)), 0

        def write_and_tell(block: np.ndarray) -> None:
            nonlocal done
            write(block)
            done += len(block)
            progress(min(1.0, done / total))
        splice.splice(blocks, kept, channels, half, write_and_tell)
    return _parse_summary(meter["stderr"])


def master(recording: Path, out_mp3: Path, settings: AudioSettings, music: Music = Music(),
           out_m4a: Path | None = None, timemap: TimeMap | None = None, crossfade_ms: float = 10.0,
           voice: VoiceLoudness | None = None, progress=lambda fraction: None,
           voice_audio: Path | None = None) -> MasterReport:
    """The mastered MP3 (and M4A) of `recording` as edited by `timemap` (all of it by default).

    `voice` is the loudness stage's `voice_report` of the recording (voice.json; measured now
    if not given); `voice_audio`, the voice chain's output that stage kept, if it did (the
    chain runs again without it: the same samples, 3 s more CPU on 30 minutes).
    The gain reaches the target as the MP3 will measure it (`codec_loss`); a look-ahead
    limiter set below the ceiling is added only if the peak would come within 1 dB of it."""
    if voice is None:
        voice = voice_report(recording, settings)
    if timemap is None:
        timemap = TimeMap.from_cuts([], ffmpeg.probe(recording).duration, music.intro_lead)
    placed = []
    if music.intro:
        placed.append((0.0, meter_blocks(music.intro, [], settings.sample_rate, settings.channels, "measuring")))
    if music.outro:
        placed.append((timemap.offset + timemap.edited_duration,
                       meter_blocks(music.outro, [], settings.sample_rate, settings.channels, "measuring")))
    source = programme_loudness(voice.blocks(), timemap, placed)
    target_i, ceiling = settings.target_lufs, settings.true_peak - MP3_HEADROOM_DB
    loss = voice.codec_loss
    gain = target_i - source.integrated + loss
    limit = ceiling - 0.5 if source.true_peak + gain > ceiling - 1.0 else None
    with ExitStack() as files:
        tmp = files.enter_context(atomic_path(out_mp3))
        m4a = files.enter_context(atomic_path(out_m4a)) if out_m4a is not None else None
        for _attempt in range(3):
            output = _encode(recording, timemap, crossfade_ms, settings, voice.speech_db, music, gain, limit, tmp, m4a,
                             (voice.aac_loss if voice.aac_loss is not None else loss) - loss, progress, voice_audio)
            if output.true_peak <= settings.true_peak:
                break
            limit = (limit if limit is not None else ceiling) - (output.true_peak - settings.true_peak) - 0.3
        duration = ffmpeg.probe(tmp).duration
    return MasterReport(source, output, target_i, settings.true_peak, "linear" if limit is None else "limited",
                        round(duration, 3), loss)
