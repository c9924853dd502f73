"""edited audio → mastered MP3: voice chain, music, two-pass EBU R128 loudness, LAME encode.

Pass one measures the mix (voice through high-pass, gentle compression and an
optional gate; intro and outro music) with ffmpeg's BS.1770 meter; pass two applies
the measured gain, limits true peak only when it must, and encodes in the same
ffmpeg run. The ceiling keeps 0.5 dB in hand for MP3 overshoot, and the encoded file
is measured again, so `master.json` reports what listeners actually get.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from . import ffmpeg
from .cache import atomic_path
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
    """master.json. `input.true_peak` is the sample peak of the mix (measured cheaply);
    `output.true_peak` is the true peak of the encoded MP3."""
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
    return _parse_ebur128(proc.stderr)


def _parse_ebur128(stderr: bytes) -> Loudness:
    text = stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:"):]
    i = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    lra = re.search(r"LRA:\s+(-?[\d.]+) LU", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)     # true peak, or sample peak in pass one
    return Loudness(_num(i.group(1) if i else None, -70.0), _num(peak.group(1) if peak else None, -70.0),
                    _num(lra.group(1) if lra else None, 0.0))


def _graph(settings: AudioSettings, music: Music, finish: str) -> tuple[list[str], str]:
    """Extra inputs and the filter graph: voice chain, intro under the first words, outro after."""
    rate, layout = settings.sample_rate, "mono" if settings.channels == 1 else "stereo"
    # No rate is forced on the inputs: in ffmpeg 5.1 an aresample at the head of this graph
    # made it fail to configure once loudnorm followed. amix and concat convert rates.
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
    parts.append(f"[{last}]{finish},aresample={rate}[out]")
    return inputs, ";".join(parts)


def _measure_graph(edited: Path, inputs: list[str], graph: str) -> Loudness:
    proc = ffmpeg.run(["-i", str(edited), *inputs, "-filter_complex", graph, "-map", "[out]", "-f", "null", "-"],
                      edited, "measuring loudness")
    return _parse_ebur128(proc.stderr)


MP3 = ["-c:a", "libmp3lame", "-write_xing", "1", "-id3v2_version", "0"]
AAC = ["-c:a", "aac", "-movflags", "+faststart"]


def _encode(edited: Path, out: Path, settings: AudioSettings, music: Music, gain_db: float,
            ceiling_db: float | None, codec: list[str] = MP3) -> None:
    apply = f"volume={gain_db:.2f}dB"
    if ceiling_db is not None:
        apply += f",alimiter=limit={10 ** (ceiling_db / 20):.4f}:attack=5:release=60:level=0"
    inputs, graph = _graph(settings, music, apply)
    ffmpeg.run(["-i", str(edited), *inputs, "-filter_complex", graph, "-map", "[out]",
                "-ac", str(settings.channels), "-ar", str(settings.sample_rate), *codec,
                "-b:a", f"{settings.bitrate}k", "-map_metadata", "-1", str(out)],
               edited, "loudness normalisation and encoding")


def master(edited: Path, out_mp3: Path, settings: AudioSettings, music: Music = Music(),
           out_m4a: Path | None = None) -> MasterReport:
    """Mix in the music, measure, apply gain (and a peak limiter only where needed), encode.

    Pass one measures the mix with ebur128 (integrated loudness, sample peak); pass two
    applies the gain that reaches the target and, if that would push the true peak past
    within 1 dB of the ceiling, a look-ahead limiter set below it; the encoded MP3 is measured
    again (true peak)
    and, should MP3 overshoot still break the ceiling, re-encoded with a lower limit.
    This is the measure-then-apply of two-pass loudnorm at a quarter of its cost, as
    loudnorm upsamples everything to 192 kHz.
    """
    target_i = settings.target_lufs
    ceiling = settings.true_peak - MP3_HEADROOM_DB
    inputs, graph = _graph(settings, music, "ebur128=peak=sample:framelog=verbose")
    source = _measure_graph(edited, inputs, graph)
    gain = target_i - source.integrated
    limit = ceiling - 0.5 if source.true_peak + gain > ceiling - 1.0 else None
    with atomic_path(out_mp3) as tmp:
        for _attempt in range(3):
            _encode(edited, tmp, settings, music, gain, limit)
            output = measure_file(tmp)
            if output.true_peak <= settings.true_peak:
                break
            limit = (limit if limit is not None else ceiling) - (output.true_peak - settings.true_peak) - 0.3
        duration = ffmpeg.probe(tmp).duration
    if out_m4a is not None:                    # the same gain and limit, in AAC
        with atomic_path(out_m4a) as tmp:
            _encode(edited, tmp, settings, music, gain, limit, AAC)
    return MasterReport(source, output, target_i, settings.true_peak, "linear" if limit is None else "limited",
                        round(duration, 3))
