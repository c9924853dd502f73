"""The sound table of `make bench`: noise and hum reduction scored against the clean reading.

Two real readers of ../shared/fixtures (LJ Speech, LibriVox's sonnet), 48 s of each, with
pink noise and 60 Hz hum or a fan's noise added at 10 and 20 dB SNR (active speech level,
eval/noise.py), and the clean reading as it is. Each is put through, side by side:

- nothing (the noisy take itself);
- `produce` before the clean stage: the voice chain and the MP3, as `master` made them;
- ffmpeg's `afftdn` (its defaults), RNNoise (`pyrnnoise`), DeepFilterNet3's own C
  runtime (`deepfilter.reference`, frame by frame), each on the take as it is;
- `produce` now: the clean stage as `[audio] denoise = "auto"` decides (its own output,
  clean.wav, beside the alternatives; the take itself where it decides to do nothing),
  then the voice chain and the MP3, as a listener gets it.

Scores: wideband PESQ (`pesq`, mean of 8 s windows) and STOI (`pystoi`), both at 16 kHz
against the clean reading, each output lined up with it first. Then the clean stage's
time on a 10-minute noisy reading, as a fraction of real time, on this machine's cores.

`python bench/sound.py` runs this table alone and puts it into bench/results.md.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from eval import noise  # noqa: E402
from pipeline.hearing import decode  # noqa: E402
from pipeline.sound import clean, deepfilter, master  # noqa: E402
from pipeline import ffmpeg  # noqa: E402
from pipeline.show.config import AudioSettings  # noqa: E402

AUDIO = REPO.parent / "shared" / "fixtures" / "audio"
READERS = {"LJ Speech": "ljspeech_LJ001_printing_part1.flac", "LibriVox sonnet": "librivox_shakespeare_sonnet001.mp3"}
SECONDS = 48
OWN_HUM_HZ = {"LibriVox sonnet": 60.0}   # mains hum in the recording itself, 27 dB under the voice
RATE = deepfilter.RATE
HEADING = "## Sound: noise and hum reduction"


def _write(samples: np.ndarray, path: Path) -> Path:
    import soundfile
    soundfile.write(path, samples, RATE, subtype="FLOAT")
    return path


def reading(reader: str) -> np.ndarray:
    """The first SECONDS of a reader at RATE, mono. A recording that hums of itself has its
    hum's first five lines taken out (zero-phase notches, Q 30): a clean reading is the
    reference every output is scored against, and one that hums marks down whatever takes
    the hum away (in bench/results.md before this, the sonnet's clean row: the take itself 4.64,
    `produce`, which notches the hum, 3.76)."""
    speech = ffmpeg.decode(AUDIO / READERS[reader], RATE, 1)[: SECONDS * RATE, 0]
    if reader not in OWN_HUM_HZ:
        return speech
    from scipy import signal
    x = speech.astype(np.float64)
    for k in range(1, 6):
        b, a = signal.iirnotch(OWN_HUM_HZ[reader] * k, 30.0, RATE)
        x = signal.filtfilt(b, a, x)
    return x.astype(np.float32)


def _at16k(path: Path) -> np.ndarray:
    return ffmpeg.decode(path, 16000, 1)[:, 0].astype(np.float64)


def _lined_up(reference: np.ndarray, out: np.ndarray) -> np.ndarray:
    """`out` shifted to where its envelope best matches the reference's (within 60 ms)."""
    lags = np.arange(-960, 961, 8)
    a = np.abs(reference[2000:-2000])
    scores = [np.dot(a, np.abs(out[2000 + k: 2000 + k + len(a)])) if 2000 + k + len(a) <= len(out) else -1
              for k in lags]
    lag = int(lags[int(np.argmax(scores))])
    shifted = np.zeros_like(reference)
    piece = out[max(0, lag): max(0, lag) + len(reference) - max(0, -lag)]
    shifted[max(0, -lag): max(0, -lag) + len(piece)] = piece
    return shifted


def scores(reference: np.ndarray, path: Path) -> tuple[float, float]:
    from pesq import pesq
    from pystoi import stoi
    out = _lined_up(reference, _at16k(path))
    window = 8 * 16000
    wideband = np.mean([pesq(16000, reference[i: i + window], out[i: i + window], "wb")
                        for i in range(0, len(reference) - window + 1, window)])
    return float(wideband), float(stoi(reference, out, 16000, extended=False))


def _rnnoise(samples: np.ndarray) -> np.ndarray:
    from pyrnnoise import RNNoise
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    frames = [frame for _, frame in RNNoise(RATE).denoise_chunk(pcm, partial=True)]
    return (np.concatenate([np.asarray(f).reshape(-1) for f in frames]) / 32768.0).astype(np.float32)


def _produce(take: Path, tmp: Path, settings: AudioSettings, use_clean: bool) -> Path:
    """The MP3 `produce` makes of the whole take (no cuts), with or without the clean stage."""
    source, chain = take, settings
    if use_clean:
        decode.decode_analysis(take, tmp / "analysis.wav")
        assessment = clean.assess(decode.load_analysis(tmp / "analysis.wav"), settings)
        clean.clean(take, assessment, settings, tmp / "clean.wav")
        if assessment.treatment.acts:
            source, chain = tmp / "clean.wav", clean.chain_settings(settings, assessment.treatment)
    out = tmp / f"produce-{'clean' if use_clean else 'before'}.mp3"
    master.master(source, out, chain)
    return out


METHODS = ["the take itself", "produce before (voice chain, MP3)", "ffmpeg afftdn", "RNNoise",
           "DeepFilterNet3 runtime", "produce's clean stage alone", "produce now (clean stage, voice chain, MP3)"]


def method_outputs(take: Path, samples: np.ndarray, tmp: Path) -> dict[str, Path]:
    settings = AudioSettings()
    afftdn = tmp / "afftdn.wav"
    ffmpeg.run(["-i", str(take), "-af", "afftdn", "-c:a", "pcm_f32le", str(afftdn)], take, "afftdn")
    return {METHODS[0]: take,
            METHODS[1]: _produce(take, tmp, settings, False),
            METHODS[2]: afftdn,
            METHODS[3]: _write(_rnnoise(samples), tmp / "rnnoise.wav"),
            METHODS[4]: _write(deepfilter.reference(samples), tmp / "dfn.wav"),
            METHODS[6]: _produce(take, tmp, settings, True),
            METHODS[5]: tmp / "clean.wav" if (tmp / "clean.wav").exists() else take}


def quality_rows(tmp: Path) -> list[str]:
    header = ("| reader | room | " + " | ".join(METHODS) + " |", "|---|---|" + "---:|" * len(METHODS))
    lines = [f"{HEADING} (PESQ-WB / STOI against the clean reading, {SECONDS} s of each reader)", "",
             *header]
    for reader, name in READERS.items():
        source = AUDIO / name
        if not source.exists():
            lines.append(f"| {reader} | (../shared/fixtures absent) |" + " |" * len(METHODS))
            continue
        speech = reading(reader)
        reference = _at16k(_write(speech, tmp / "reference.wav"))
        rooms = [("clean", None, None)] + [(f"{label} {snr} dB", make, snr)
                                           for label, make in (("pink + hum", noise.pink_hum), ("fan", noise.fan))
                                           for snr in (10, 20)]
        for room_name, make, snr in rooms:
            if make is None:
                noisy = speech
            else:
                extra = (60.0,) if make is noise.pink_hum else ()
                noisy = noise.mix(speech, make(np.random.default_rng(1), len(speech), RATE, 0.1, *extra), snr, RATE)
            take = _write(noisy, tmp / "take.wav")
            cells = []
            (tmp / "clean.wav").unlink(missing_ok=True)
            outputs = method_outputs(take, noisy, tmp)
            for method in METHODS:
                out = outputs[method]
                pesq_wb, intelligibility = scores(reference, out)
                cells.append(f"{pesq_wb:.2f} / {intelligibility:.2f}")
            lines.append(f"| {reader} | {room_name} | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    return lines + ["", "The sonnet as recorded hums (60 Hz, 27 dB under the voice): its hum is notched out of it "
                    "(zero-phase, five lines) before anything else, so that its clean reading is clean and no "
                    "method is marked down for removing a hum the reference keeps. The MP3 columns also carry "
                    "the voice chain (compressor) and LAME at 96 kbps mono.", ""]


def speed_rows(tmp: Path) -> list[str]:
    """The clean stage on a 10-minute noisy reading (LJ Speech repeated), wall time over duration."""
    source = AUDIO / READERS["LJ Speech"]
    if not source.exists():
        return []
    speech = ffmpeg.decode(source, RATE, 1)[:, 0]
    long = np.tile(np.concatenate((speech, np.zeros(RATE, np.float32))), int(np.ceil(600 * RATE / (len(speech) + RATE))))
    long = long[: 600 * RATE]
    noisy = noise.mix(long, noise.pink_hum(np.random.default_rng(2), len(long), RATE, 0.1, 60.0), 15.0, RATE)
    take = _write(noisy, tmp / "long.wav")
    decode.decode_analysis(take, tmp / "long16k.wav")
    started = time.monotonic()
    assessment = clean.assess(decode.load_analysis(tmp / "long16k.wav"), AudioSettings())
    decided = time.monotonic() - started
    clean.clean(take, assessment, AudioSettings(), tmp / "long-clean.wav")
    whole = time.monotonic() - started
    single = noisy[: 60 * RATE]
    started = time.monotonic()
    deepfilter.reference(single)
    runtime = (time.monotonic() - started) / 60
    started = time.monotonic()
    deepfilter.denoise(single)
    ours = (time.monotonic() - started) / 60
    return [f"### The clean stage's time ({os.cpu_count()} cores)", "", "| what | × real time |", "|---|---:|",
            f"| survey and decide (10 minutes at 15 dB SNR) | {decided / 600:.4f} |",
            f"| the clean stage, hum notches + DeepFilterNet3 + even floor, {clean.WORKERS} workers | "
            f"{whole / 600:.3f} |",
            f"| DeepFilterNet3, its C runtime frame by frame, one core (1 minute) | {runtime:.3f} |",
            f"| DeepFilterNet3, whole chunk through onnxruntime (`deepfilter.denoise`), one core | {ours:.3f} |", ""]


def leveller_rows() -> list[str]:
    """Each reader with its middle third 8 dB down: the thirds' loudness (pyloudnorm, BS.1770)
    before and after the leveller, and how much the quietest frames (the room) moved."""
    import pyloudnorm

    from pipeline.sound import leveller, room
    from pipeline.hearing import levels
    lines = ["### The leveller: the middle third read 8 dB down", "",
             "| reader | thirds before (LUFS) | thirds after (LUFS) | spread before → after (LU) | "
             "farthest third from their mean, after (LU) | "
             "LRA before → after (LU, unweighted) | room's level (5th percentile of frames) moved by |",
             "|---|---|---|---:|---:|---:|---:|"]
    for reader, name in READERS.items():
        source = AUDIO / name
        if not source.exists():
            continue
        speech = ffmpeg.decode(source, 16000, 1)[:, 0]
        third = len(speech) // 3
        drifting = speech.copy()
        drifting[third: 2 * third] *= 10 ** (-8 / 20)
        db = levels.frame_db(drifting)
        gain = leveller.gain_curve(db, room.survey(drifting).floor_db)
        centres = (np.arange(len(gain)) + 0.5) * levels.FRAME_S
        out = drifting * 10 ** (np.interp(np.arange(len(drifting)) / 16000, centres, gain) / 20)
        meter = pyloudnorm.Meter(16000)

        def thirds(x):
            return [meter.integrated_loudness(x[k * third: (k + 1) * third].astype(np.float64)) for k in range(3)]
        before, after = thirds(drifting), thirds(out)
        moved = np.percentile(levels.frame_db(out), 5) - np.percentile(db, 5)
        lines.append(f"| {reader} | {', '.join(f'{v:.1f}' for v in before)} | {', '.join(f'{v:.1f}' for v in after)}"
                     f" | {max(before) - min(before):.1f} → {max(after) - min(after):.1f} | "
                     f"±{np.max(np.abs(np.array(after) - np.mean(after))):.1f} | "
                     f"{leveller.loudness_range(db):.1f} → {leveller.loudness_range(db, gain):.1f} | "
                     f"{moved:+.1f} dB |")
    return lines + [""]


def rows() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        return quality_rows(Path(tmp)) + leveller_rows() + speed_rows(Path(tmp))


def replace_section(report: str, section: list[str], heading: str = HEADING) -> str:
    """`report` (bench/results.md) with the section under `heading` replaced by `section` (or it appended)."""
    text = "\n".join(section).rstrip() + "\n"
    start = report.find(heading)
    if start < 0:
        return report.rstrip() + "\n\n" + text
    end = report.find("\n## ", start + len(heading))
    end = len(report) if end < 0 else end + 1
    return report[:start] + text + ("\n" + report[end:] if end < len(report) else "")


if __name__ == "__main__":
    results = REPO / "bench" / "results.md"
    table = rows()
    print("\n".join(table))
    results.write_text(replace_section(results.read_text() if results.exists() else "", table))
