"""edited audio → mastered MP3: voice chain, two-pass EBU R128 loudness, LAME encode.

Pass one measures the edited audio through the same voice chain (high-pass, gentle
compression, optional gate) with ffmpeg's loudnorm; pass two applies the measured
values (linear where the range allows) and encodes in the same ffmpeg run. The
true-peak target keeps 0.5 dB in hand for MP3 overshoot, and the encoded file is
measured again, so `master.json` reports what listeners actually get.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from . import ffmpeg
from .config import AudioSettings

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
class Loudness:
    integrated: float      # LUFS
    true_peak: float       # dBTP
    lra: float             # LU


@dataclass(frozen=True)
class MasterReport:
    input: Loudness
    output: Loudness
    target_lufs: float
    target_true_peak: float
    mode: str              # linear or dynamic
    duration: float

    def to_dict(self) -> dict:
        return asdict(self)


def voice_chain(settings: AudioSettings) -> list[str]:
    filters = []
    if settings.highpass_hz:
        filters.append(f"highpass=f={settings.highpass_hz:g}:poles=2")
    if settings.gate:
        filters.append("agate=threshold=0.01:ratio=2:attack=10:release=250")
    if settings.compress:
        filters.append("acompressor=threshold=-21dB:ratio=2.5:attack=15:release=250:makeup=2")
    return filters


def _loudnorm_json(stderr: bytes, about: Path) -> dict:
    text = stderr.decode("utf-8", "replace")
    match = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", text, re.DOTALL)
    if not match:
        raise ffmpeg.MediaError(f"{about}: loudness measurement gave no result")
    return json.loads(match.group(0))


def _num(value: str, fallback: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return fallback
    return number if number > -1e9 and number == number else fallback


def measure_file(path: Path) -> Loudness:
    """Integrated loudness, true peak and LRA of a file, with ffmpeg's ebur128 meter."""
    proc = ffmpeg.run(["-i", str(path), "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
                      path, "measuring loudness")
    text = proc.stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:"):]
    i = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    lra = re.search(r"LRA:\s+(-?[\d.]+) LU", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    return Loudness(_num(i.group(1) if i else None, -70.0), _num(peak.group(1) if peak else None, -70.0),
                    _num(lra.group(1) if lra else None, 0.0))


def _graph(settings: AudioSettings, music: Music, loudnorm: str) -> tuple[list[str], str]:
    """Extra inputs and the filter graph: voice chain, intro under the first words, outro after."""
    rate, layout = settings.sample_rate, "mono" if settings.channels == 1 else "stereo"
    # No rate is forced before loudnorm (it runs at 192 kHz inside): in ffmpeg 5.1 an
    # aresample there makes the graph fail to configure. amix and concat convert rates.
    fmt = f"aformat=sample_fmts=fltp:channel_layouts={layout}"
    inputs, parts = [], [f"[0:a]{fmt},{','.join(voice_chain(settings)) or 'anull'}[voice]"]
    last = "voice"
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
    parts.append(f"[{last}]{loudnorm},aresample={rate}[out]")
    return inputs, ";".join(parts)


def master(edited: Path, out_mp3: Path, settings: AudioSettings, music: Music = Music()) -> MasterReport:
    """Mix in the music, measure, normalise and encode `edited` to `out_mp3`."""
    target_i, target_tp = settings.target_lufs, settings.true_peak - MP3_HEADROOM_DB
    inputs, graph = _graph(settings, music, f"loudnorm=I={target_i}:TP={target_tp}:LRA=11:print_format=json")
    proc = ffmpeg.run(["-i", str(edited), *inputs, "-filter_complex", graph, "-map", "[out]", "-f", "null", "-"],
                      edited, "measuring loudness")
    measured = _loudnorm_json(proc.stderr, edited)
    inputs, graph = _graph(settings, music, (
        f"loudnorm=I={target_i}:TP={target_tp}:LRA=11:measured_I={measured['input_i']}"
        f":measured_TP={measured['input_tp']}:measured_LRA={measured['input_lra']}"
        f":measured_thresh={measured['input_thresh']}:offset={measured['target_offset']}"
        f":linear=true:print_format=json"))
    proc = ffmpeg.run(["-i", str(edited), *inputs, "-filter_complex", graph, "-map", "[out]",
                       "-ac", str(settings.channels),
                       "-ar", str(settings.sample_rate), "-c:a", "libmp3lame", "-b:a", f"{settings.bitrate}k",
                       "-write_xing", "1", "-id3v2_version", "0", "-map_metadata", "-1", str(out_mp3)],
                      edited, "loudness normalisation and MP3 encoding")
    applied = _loudnorm_json(proc.stderr, edited)
    output = measure_file(out_mp3)
    duration = ffmpeg.probe(out_mp3).duration
    source = Loudness(_num(measured["input_i"], -70), _num(measured["input_tp"], -70),
                      _num(measured["input_lra"], 0))
    return MasterReport(source, output, target_i, settings.true_peak,
                        applied.get("normalization_type", "dynamic"), round(duration, 3))
