"""recording + room → clean.wav: mains hum notched out, the room's noise reduced, the voice levelled.

What a home recording needs differs by room, so the stage decides first, from the `Room`
surveyed on the analysis copy and `[audio]` settings (`decide`), and does nothing at all
where nothing is called for: a clean take goes to the voice chain as recorded, and the
stage costs the survey and the leveller's curve (0.0002 to 0.0003 × real time in
bench/results.md: about a second an hour).

- Hum: when the survey hears it (`Room.hum_audible`), a notch NOTCH_HZ wide on the first
  NOTCHES harmonics, where a hum's power lies, whether or not the survey saw each stand
  out (under heavy noise it may see only the fundamental), and on every higher line it
  saw; the denoiser takes what is left above them. Mains hum is a line a fraction of a
  hertz wide, so the notches are as narrow at 180 Hz as at 60: one that widens with
  frequency (Q 30: 6 Hz at 180 Hz) takes more of each voice harmonic that crosses it.
  Measured on 48 s of LJ Speech with pink noise and 60 Hz hum (PESQ-WB after DeepFilterNet,
  10 / 20 dB SNR): no notch and no high-pass 2.62 / 3.54, the 80 Hz high-pass 2.92 / 3.69,
  notches (Q 30) at 60 and 120 Hz 2.96 / 3.76, and a third at 180 Hz 2.94 / 3.69. On
  32 s of it (tests/sound/test_clean.py's pauses), the line at 180 Hz: two notches (Q 30)
  37.0 / 27.0 dB down, PESQ 2.89 / 3.77; three, 2 Hz wide, 43.8 / 32.8 dB, PESQ 2.89 / 3.74.
- Noise: DeepFilterNet3 (`deepfilter.py`), the strongest offline denoiser measured
  (bench/results.md). `auto` runs it only when the voice stands less than AUTO_SNR_DB
  above the room's broadband noise (`Room.snr_db`, the hum left out): the three real
  readings of ../shared/fixtures measured 31.4 (Kennedy) to 41.5 dB as they are; they and
  espeak-ng's voice with pink noise and hum or fan noise at 20 dB SNR (active speech
  level) 21.8 to 26.2 dB, at 25 dB 26.1 to 30.7. `strong` keeps the room STRONG_DB down
  (DeepFilterNet's attenuation limit): the same as no limit by PESQ on LJ Speech (2.93 /
  3.78 at 10 / 20 dB against 2.96 / 3.76), and a steady bed of the recording's own room
  under the voice rather than a vacuum that rises and falls around each word. `light` limits it to LIGHT_DB of reduction,
  keeping some of the room.
- Level: `leveller.gain_curve`, when the voice drifts (and breaths softened if asked).

The denoiser is the slow part (0.06 × real time on one core, bench/results.md), so the recording is cut
into chunks of about CHUNK_S at its quietest frames, each processed by a worker process
with PREROLL_S of the audio before it (the network settles, then that part is dropped),
and the chunks joined in order: both cores, and memory of a few chunks whatever the length.
The output is 32-bit float (clean.wav), so neither the denoiser nor the leveller's lift
can clip before the voice chain and the loudness gain.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from typing import ClassVar
from pathlib import Path

import numpy as np

from ..hearing import levels
from . import deepfilter, leveller, room
from .. import ffmpeg
from ..cache import atomic_path
from ..show.config import AudioSettings
from ..errors import MediaError, check_version
from ..hearing.levels import FRAME_S

RATE = deepfilter.RATE
AUTO_SNR_DB = 28.5
LIGHT_DB = 15.0
STRONG_DB = 40.0
ROOM_SPAN_DB = 15.0    # how far above the pauses' level the denoised room may rise beside a word
NOTCH_HZ = 2.0
NOTCHES = 3
CHUNK_S = 30.0
PREROLL_S = 1.0
WORKERS = 2
IN_FLIGHT = 4          # chunks submitted ahead of the one being written


@dataclass(frozen=True)
class Treatment:
    """What the stage does to this recording."""
    denoise: str = "off"                  # off | light | strong
    notches: tuple[float, ...] = ()       # Hz
    level: bool = False                   # the leveller (or breath softening) changes the gain
    highpass_hz: float = 0.0              # applied here, before the denoiser, when anything is done

    @property
    def acts(self) -> bool:
        return self.denoise != "off" or bool(self.notches) or self.level

    def filters(self) -> list[str]:
        """The ffmpeg filters applied while the recording is decoded for the denoiser."""
        out = [f"highpass=f={self.highpass_hz:g}:poles=2"] if self.highpass_hz else []
        return out + [f"bandreject=f={hz:g}:width_type=h:w={NOTCH_HZ:g}" for hz in self.notches]


def decide(found: room.Room, settings: AudioSettings, level: bool) -> Treatment:
    """The treatment `settings` call for in a room like `found` (`level`: the gain curve acts)."""
    denoise = settings.denoise
    if denoise == "auto":
        denoise = "strong" if found.snr_db < AUTO_SNR_DB else "off"
    notches = ()
    if settings.dehum == "auto" and found.hum_audible:
        notches = tuple(k * found.hum_hz for k in sorted(set(range(1, NOTCHES + 1)) | set(found.hum_lines)))
    acts = denoise != "off" or bool(notches) or level
    return Treatment(denoise, notches, level, settings.highpass_hz if acts else 0.0)


def chain_settings(settings: AudioSettings, treatment: Treatment) -> AudioSettings:
    """The settings the voice chain runs with after this stage: the high-pass is done here
    when the stage acts, and is not applied twice."""
    return dataclasses.replace(settings, highpass_hz=0.0) if treatment.acts else settings


@dataclass(frozen=True)
class CleanReport:
    """clean.json: what was found and what was done."""
    treatment: Treatment
    before: room.Room
    after: room.Room | None = None
    lra_before: float = 0.0          # LU, unweighted, on the analysis copy (leveller.loudness_range)
    lra_after: float = 0.0
    chunks: int = 0

    VERSION: ClassVar[int] = 1

    def to_dict(self) -> dict:
        return {"version": self.VERSION, "treatment": asdict(self.treatment) | {"notches": list(self.treatment.notches)},
                "before": self.before.to_dict(), "after": self.after.to_dict() if self.after else None,
                "lra_before": self.lra_before, "lra_after": self.lra_after, "chunks": self.chunks}

    @classmethod
    def from_dict(cls, data: dict) -> CleanReport:
        check_version(data, cls.VERSION, "clean.json")
        t = data["treatment"]
        return cls(Treatment(t["denoise"], tuple(t["notches"]), t["level"], t["highpass_hz"]),
                   room.Room.from_dict(data["before"]),
                   room.Room.from_dict(data["after"]) if data.get("after") else None,
                   data.get("lra_before", 0.0), data.get("lra_after", 0.0), data.get("chunks", 0))

    def stage_record(self) -> dict:
        return {"acts": self.treatment.acts, "summary": self.summary()}

    def summary(self) -> str:
        """One line for the run's summary."""
        t, before = self.treatment, self.before
        if not t.acts:
            return f"noise floor {before.floor_db:.0f} dBFS, {before.snr_db:.0f} dB below the voice; left as recorded"
        parts = []
        if t.denoise != "off":
            after = f" → {self.after.floor_db:.0f} dBFS" if self.after else ""
            parts.append(f"noise floor {before.floor_db:.0f} dBFS{after} ({t.denoise} noise reduction)")
        if t.notches:
            parts.append(f"hum {before.hum_hz:g} Hz removed")
        if t.level:
            parts.append(f"loudness range {self.lra_before:.1f} → {self.lra_after:.1f} LU")
        return ", ".join(parts)


def chunk_bounds(db: np.ndarray, duration: float) -> list[tuple[float, float]]:
    """[start, end) seconds covering the take, each about CHUNK_S long, cut at the quietest
    frame within 5 s of each mark (a pause, in a reading)."""
    chunk_s, cuts = CHUNK_S, [0.0]
    mark = chunk_s
    while mark < duration - chunk_s / 2:
        cut = levels.quietest(db, mark - 5.0, mark + 5.0, mark) + FRAME_S / 2
        cuts.append(round(cut, 3))
        mark = cut + chunk_s
    return list(zip(cuts, cuts[1:] + [duration]))


def _denoise_columns(chunk: np.ndarray, attenuation_db: float) -> np.ndarray:
    """A worker's job: every channel of `chunk` through the denoiser."""
    return np.stack([deepfilter.denoise(np.ascontiguousarray(chunk[:, c]), attenuation_db)
                     for c in range(chunk.shape[1])], axis=1)


def _chunks(blocks, bounds: list[tuple[int, int]], preroll: int, channels: int):
    """(start, the samples from start - preroll to end) for each bound, from a stream of blocks."""
    buffer, position = np.zeros((0, channels), np.float32), 0       # position: sample index of buffer[0]
    blocks = iter(blocks)
    for start, end in bounds:
        while position + len(buffer) < end:
            block = next(blocks, None)
            if block is None:
                break
            buffer = np.concatenate((buffer, block))
        lo = max(0, start - preroll)
        piece = buffer[lo - position: end - position]
        yield start, lo, piece.copy()
        drop = max(0, min(len(buffer), end - preroll - position))
        buffer, position = buffer[drop:], position + drop


def _apply_gain(piece: np.ndarray, start: int, gain_db: np.ndarray | None) -> np.ndarray:
    """`piece` (starting at sample `start` at RATE) times the leveller's curve, interpolated per sample."""
    if gain_db is None or len(piece) == 0:
        return piece
    t = (start + np.arange(len(piece))) / RATE
    centres = (np.arange(len(gain_db)) + 0.5) * FRAME_S
    return piece * (10 ** (np.interp(t, centres, gain_db) / 20)).astype(np.float32)[:, None]


@dataclass(frozen=True)
class Assessment:
    """The room, the leveller's curve and the treatment they call for: decided before the
    stage runs (about a second an hour), so that the run knows whether clean.wav will exist."""
    room: room.Room
    db: np.ndarray
    gain: np.ndarray | None
    treatment: Treatment


def assess(samples: np.ndarray, settings: AudioSettings) -> Assessment:
    db = levels.frame_db(samples)
    found = room.survey(samples, db)
    gain = leveller.gain_curve(db, found.floor_db, settings.level, settings.breaths == "soften")
    return Assessment(found, db, gain, decide(found, settings, gain is not None))


def clean(recording: Path, assessment: Assessment, settings: AudioSettings, out: Path,
          progress=lambda fraction: None, analysis: Path | None = None) -> CleanReport:
    """Write `out` (clean.wav at RATE, 32-bit float, the delivery's channels, the recording's
    length) if the assessment's treatment acts; the report either way."""
    treatment, db, gain = assessment.treatment, assessment.db, assessment.gain
    lra_before = leveller.loudness_range(db)
    if not treatment.acts:
        return CleanReport(treatment, assessment.room, lra_before=lra_before, lra_after=lra_before)
    duration, channels = len(db) * FRAME_S, settings.channels
    bounds = [(int(round(a * RATE)), int(round(b * RATE))) for a, b in chunk_bounds(db, duration)]
    bounds[-1] = (bounds[-1][0], bounds[-1][1] + RATE)         # to the end of the stream, whatever its length
    total = max(1, bounds[-1][1] - RATE)
    blocks = ffmpeg.read_blocks(recording, RATE, channels, 10.0, ",".join(treatment.filters()))
    pieces = _chunks(blocks, bounds, int(PREROLL_S * RATE), channels)
    with atomic_path(out) as tmp:
        if treatment.denoise == "off":
            with _writer(tmp, channels, recording) as write:
                for start, lo, piece in pieces:
                    write(_apply_gain(piece[start - lo:], start, gain))
                    progress(min(1.0, (lo + len(piece)) / total))
        else:
            attenuation = LIGHT_DB if treatment.denoise == "light" else STRONG_DB
            _denoise_to(tmp, pieces, attenuation, gain, db, channels, recording,
                        lambda done: progress(min(1.0, done / total)))
    after = room.survey_file(out, analysis)     # the edit plan reads the analysis copy
    return CleanReport(treatment, assessment.room, after, lra_before,
                       leveller.loudness_range(db, gain) if gain is not None else lra_before, len(bounds))


def _writer(path: Path, channels: int, about: Path):
    return ffmpeg.pcm_writer(["-c:a", "pcm_f32le", "-rf64", "auto", "-f", "wav", str(path)], RATE, channels, about,
                             "writing the cleaned audio")


def _frame_levels(samples: np.ndarray) -> np.ndarray:
    """The level (dB) of each 10 ms frame of `samples` at RATE, the channels' powers averaged."""
    hop = int(RATE * FRAME_S)
    n = len(samples) // hop
    power = np.mean(samples[: n * hop].astype(np.float64) ** 2, axis=1).reshape(n, hop).mean(axis=1)
    return 10 * np.log10(np.maximum(power, 1e-14))


def _denoise_to(out: Path, pieces, attenuation: float, gain: np.ndarray | None, db: np.ndarray, channels: int,
                recording: Path, progress) -> None:
    """Pass one: the chunks through the denoiser into a scratch file, their frame levels kept;
    pass two: that file times the leveller's gain and `even_floor`'s, into `out` (a read and
    a write of the file: a few per cent of the denoiser's time)."""
    scratch = out.with_name(f".{out.name}.denoised.tmp.wav")          # swept by the next run if this one dies
    hop = int(RATE * FRAME_S)
    try:
        chunk_db: list[np.ndarray] = []
        remainder = np.zeros((0, channels), np.float32)
        with _writer(scratch, channels, recording) as write:
            def put(start: int, lo: int, processed: np.ndarray) -> None:
                nonlocal remainder
                kept = processed[start - lo:]
                write(kept)
                joined = np.concatenate((remainder, kept))
                whole = len(joined) // hop * hop
                chunk_db.append(_frame_levels(joined[:whole]))
                remainder = joined[whole:]
                progress(lo + len(processed))
            _denoise_in_parallel(pieces, attenuation, put)
        floor_gain = even_floor(np.concatenate(chunk_db) if chunk_db else np.zeros(0), levels.speech_mask(db))
        total = floor_gain if gain is None else floor_gain + gain[: len(floor_gain)]
        with _writer(out, channels, recording) as write:
            position = 0
            for block in ffmpeg.read_blocks(scratch, RATE, channels, 10.0):
                write(_apply_gain(block, position, total))
                position += len(block)
    finally:
        scratch.unlink(missing_ok=True)


def even_floor(levels: np.ndarray, speech: np.ndarray) -> np.ndarray:
    """The gain (dB per 10 ms frame) that holds the denoised room at one level between words.

    A denoiser lets more of the room through just after a word than in the middle of a
    pause (its gains take about 100 ms to close): on the noisy sample show, a splice 150 ms
    after a word had -72.7 dBFS of room before it and -76.3 dBFS after it, so a cut from the
    end of one sentence to the start of another joined two rooms. Frames outside the speech (and 50 ms beside
    it) that hold only the room, up to ROOM_SPAN_DB above the level the long pauses settle
    at, are brought to that level; a louder frame is a sound (a soft word end, a breath)
    and keeps its level."""
    n = min(len(levels), len(speech))
    levels, speech = levels[:n], speech[:n]
    if n == 0:
        return np.zeros(0, np.float32)
    pause = ~(np.convolve(speech.astype(float), np.ones(11), "same") > 0)
    long_pause = pause & (np.convolve(pause.astype(float), np.ones(41), "same") >= 41)
    if long_pause.sum() < 20:
        return np.zeros(n, np.float32)
    target = float(np.median(levels[long_pause]))
    smooth = 10 * np.log10(np.convolve(10 ** (levels / 10), np.ones(5) / 5, "same") + 1e-14)
    weight = np.clip((target + ROOM_SPAN_DB - smooth) / 6.0, 0.0, 1.0) * pause
    wanted = np.clip(target - smooth, -30.0, 12.0) * weight
    return np.convolve(wanted, np.ones(3) / 3, "same").astype(np.float32)


def _denoise_in_parallel(pieces, attenuation: float, put) -> None:
    """Chunks through the denoiser on WORKERS processes, handed to `put` in order. Inside a
    daemonic process (a Dask worker of `produce batch`, which may not have children, and
    whose cluster already keeps every core busy with one episode each) they run here, in order."""
    if multiprocessing.current_process().daemon:
        for start, lo, piece in pieces:
            put(start, lo, _denoise_columns(piece, attenuation))
        return
    context = multiprocessing.get_context("spawn")     # no forked copy of the parent's threads and memory
    try:
        with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
            pending: deque = deque()
            for start, lo, piece in pieces:
                pending.append((start, lo, pool.submit(_denoise_columns, piece, attenuation)))
                while len(pending) > IN_FLIGHT:
                    start_, lo_, future = pending.popleft()
                    put(start_, lo_, future.result())
            while pending:
                start_, lo_, future = pending.popleft()
                put(start_, lo_, future.result())
    except BrokenProcessPool:
        raise MediaError("noise reduction stopped: one of its worker processes was killed (out of memory?); run "
                         "again, or set `[audio] denoise = \"off\"` in show.toml") from None


def run(recording: Path, assessment: Assessment, settings: AudioSettings, out_wav: Path,
        progress=lambda fraction: None, analysis: Path | None = None) -> CleanReport:
    """The stage: its report (clean.json, written by the runner); clean.wav and its analysis
    copy (`analysis`) when the treatment acts."""
    return clean(recording, assessment, settings, out_wav, progress, analysis)
