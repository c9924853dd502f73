"""recording → voice.json: the voice chain, and its output's loudness block by block (the loudness stage).

The chain is what every recording goes through before the gain: the high-pass (unless
the clean stage did it), an optional gate and de-esser, and a compressor that catches
the syllables louder than the voice around them. Its threshold stands COMPRESS_ABOVE_DB
above the voice's own level (`Room.speech_db`, the power mean of the speech frames), not
at a fixed level: a fixed -21 dBFS, as before, left a quiet take alone and squeezed a hot
one (Kennedy's excerpt: its speech frames average -10.8 dBFS, 10 dB over that threshold,
where a 2.5:1 ratio takes about 6 dB off).
Measured on 48 s of two real readers (bench/sound.py's rooms, PESQ-WB of the MP3 against
the clean reading; LibriVox's sonnet with its own hum notched out of source and reference):

| threshold | LJ clean | LJ pink + hum 10 dB | LJ 20 dB | sonnet clean | sonnet 10 dB | sonnet 20 dB |
|---|---:|---:|---:|---:|---:|---:|
| -21 dBFS (before) | 4.54 | 2.79 | 3.71 | 4.43 | 2.38 | 2.90 |
| speech level      | 4.55 | 2.84 | 3.73 | 4.47 | 2.49 | 3.01 |
| speech + 3 dB     | 4.58 | 2.88 | 3.76 | 4.49 | 2.57 | 3.11 |
| no compressor     | 4.60 | 2.92 | 3.78 | 4.51 | 2.64 | 3.23 |

PESQ scores any compression as a change (it is one: that is what it is for), so the
choice is what a compressor should do on speech, peaks only; +3 dB leaves the body of the
voice as read and gives back most of what the fixed threshold cost.

Pass one also encodes a minute of the voice and measures what the encoder takes
(`codec_loss`), so that the master's gain gives it back.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass
from typing import ClassVar
from pathlib import Path

import numpy as np

from .. import ffmpeg
from ..cache import atomic_path
from . import room
from .meter import HOP_S, integrated, meter_blocks
from ..errors import check_version
from ..show.config import AudioSettings

COMPRESS_ABOVE_DB = 3.0
EXCERPTS, EXCERPT_S = 4, 15.0  # the voice the encoder's loudness loss is measured on
KEPT = "voice-{key}.f32"       # the chain's output, kept for the master stage (see `kept_path`)
MP3 = ["-c:a", "libmp3lame", "-compression_level", "5"]   # LAME -q 5: PESQ as -q 3, 16 % less CPU
AAC = ["-c:a", "aac", "-movflags", "+faststart"]


def compressor_threshold(speech_db: float) -> float:
    """dBFS: COMPRESS_ABOVE_DB over the voice's level, within what ffmpeg's compressor takes."""
    return round(min(-1.0, max(-50.0, speech_db + COMPRESS_ABOVE_DB)), 1)


def voice_chain(settings: AudioSettings, speech_db: float) -> list[str]:
    """The ffmpeg filters of the voice chain for a voice whose speech frames average `speech_db` dBFS."""
    filters = []
    if settings.highpass_hz:
        filters.append(f"highpass=f={settings.highpass_hz:g}:poles=2")
    if settings.gate:
        filters.append("agate=threshold=0.01:ratio=2:attack=10:release=250")
    if settings.deess:
        filters.append("deesser=i=0.5:m=0.5:f=0.5")
    if settings.compress:
        filters.append(f"acompressor=threshold={compressor_threshold(speech_db):g}dB:ratio=2.5:attack=15:"
                       "release=250:makeup=2")
    return filters


@dataclass(frozen=True)
class VoiceLoudness:
    """voice.json (format 2): the voice chain's output metered block by block, the voice's
    level the chain was set for, and what the encoders take off its loudness."""
    hop: float                     # s between blocks
    momentary: tuple[float, ...]   # LUFS of each 400 ms block
    short_term: tuple[float, ...]  # LUFS of each 3 s block
    sample_peak: float             # dBFS
    integrated: float              # LUFS
    speech_db: float               # dBFS, the speech frames' power mean (`Room.speech_db`)
    codec_loss: float              # LU the MP3 encoder takes off
    aac_loss: float | None = None  # LU the AAC encoder takes off, when `[audio] m4a`

    VERSION: ClassVar[int] = 2

    def blocks(self) -> dict:
        """As `meter_blocks` gives them, for `programme_loudness` and `codec_loss`."""
        return {"hop": self.hop, "momentary": list(self.momentary), "short_term": list(self.short_term),
                "sample_peak": self.sample_peak, "integrated": self.integrated}

    def to_dict(self) -> dict:
        data = {"version": self.VERSION, **self.blocks(), "speech_db": self.speech_db, "codec_loss": self.codec_loss}
        return data | ({"aac_loss": self.aac_loss} if self.aac_loss is not None else {})

    @classmethod
    def from_dict(cls, data: dict) -> "VoiceLoudness":
        check_version(data, cls.VERSION, "voice.json")
        return cls(data["hop"], tuple(data["momentary"]), tuple(data["short_term"]), data["sample_peak"],
                   data["integrated"], data["speech_db"], data["codec_loss"], data.get("aac_loss"))

    def stage_record(self) -> dict:
        return {"integrated": self.integrated, "sample_peak": self.sample_peak, "codec_loss": self.codec_loss}


def kept_path(folder: Path, key: str, seconds: float, settings: AudioSettings) -> Path | None:
    """Where the loudness stage keeps the voice chain's output for the master stage of the
    same run (named by the stage's `key`, so no other chain's output is taken for it), or
    None where the disk has not twice its size free (an hour at 44.1 kHz mono is 635 MB):
    the master then runs the chain again. The master deletes it (`drop_kept`)."""
    size = seconds * settings.sample_rate * settings.channels * 4
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    return folder / KEPT.format(key=key[:16]) if free >= 2 * size else None


def drop_kept(folder: Path) -> None:
    """Delete the chain's output kept for the master, this run's and any a killed run left."""
    for kept in folder.glob(KEPT.format(key="*")):
        kept.unlink(missing_ok=True)


def voice_report(recording: Path, settings: AudioSettings, speech_db: float | None = None,
                 keep: Path | None = None) -> VoiceLoudness:
    """Pass one (the loudness stage): the voice chain's output metered block by block, and
    what the encoder will take off its loudness. `speech_db`: the voice's level, measured
    here if not given. With `keep`, the chain's output is also written there (raw float32
    frames, atomically), for the master to read instead of running the chain again."""
    if speech_db is None:                        # a run has it from the clean stage's survey
        speech_db = room.survey_file(recording).speech_db
    with atomic_path(keep) if keep is not None else nullcontext() as tmp:
        blocks = meter_blocks(recording, voice_chain(settings, speech_db), settings.sample_rate, settings.channels,
                              "measuring loudness", tmp)
    aac = codec_loss(recording, settings, speech_db, blocks, "m4a") if settings.m4a else None
    return VoiceLoudness(blocks["hop"], tuple(blocks["momentary"]), tuple(blocks["short_term"]),
                         blocks["sample_peak"], blocks["integrated"], speech_db,
                         codec_loss(recording, settings, speech_db, blocks), aac)


def codec_loss(recording: Path, settings: AudioSettings, speech_db: float, blocks: dict, codec: str = "mp3") -> float:
    """How much quieter (LU) the voice measures once encoded as delivered: EXCERPTS stretches
    of EXCERPT_S spread over the recording, through the voice chain at about the final gain,
    metered before and after the encoder (LAME, or with `codec="m4a"` AAC, which takes about
    0.1 LU). The loss varies little along a voice (0.4 to 0.5 LU over five stretches of the
    30-minute bench reading), so a minute tells it for the whole."""
    if blocks["integrated"] <= -70.0:
        return 0.0
    duration = len(blocks["momentary"]) * HOP_S
    if duration <= EXCERPTS * EXCERPT_S:
        spans = [(0.0, duration)]
    else:
        spans = [(duration * (2 * k + 1) / (2 * EXCERPTS) - EXCERPT_S / 2, EXCERPT_S) for k in range(EXCERPTS)]
    inputs = [arg for start, length in spans
              for arg in ("-ss", f"{start:.3f}", "-t", f"{length:.3f}", "-i", str(recording))]
    gain = settings.target_lufs - blocks["integrated"]
    graph = ",".join(["".join(f"[{k}:a:0]" for k in range(len(spans))) + f"concat=n={len(spans)}:v=0:a=1",
                      ffmpeg.conform(settings.sample_rate, settings.channels), *voice_chain(settings, speech_db),
                      f"volume={gain:.2f}dB"])
    rate, channels = settings.sample_rate, settings.channels
    with tempfile.TemporaryDirectory(prefix="produce-codec-") as tmp:
        voice, encoded = Path(tmp) / "voice.wav", Path(tmp) / f"voice.{codec}"
        ffmpeg.run([*inputs, "-filter_complex", graph, "-c:a", "pcm_f32le", str(voice)], recording,
                   "measuring the encoder's loudness")
        ffmpeg.run(["-i", str(voice), *(AAC if codec == "m4a" else MP3), "-b:a", f"{settings.bitrate}k",
                    str(encoded)], recording, "measuring the encoder's loudness")
        before = integrated(np.array(meter_blocks(voice, [], rate, channels, "measuring")["momentary"]))
        after = integrated(np.array(meter_blocks(encoded, [], rate, channels, "measuring")["momentary"]))
    return round(min(max(before - after, 0.0), 2.0), 2)
