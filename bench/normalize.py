"""Our loudness + master against ffmpeg-normalize, the usual way a host hits a loudness target.

Both get the same 10-minute mono reading, the same target (-19 LUFS integrated, -1 dBTP)
and the same encoder (LAME, 96 kbps mono). ffmpeg-normalize runs as its users run it: two
passes of ffmpeg's `loudnorm` (measure, then normalise), then the encode. Ours is
`loudness.voice_report` (the loudness stage, which a real run overlaps with transcription,
keeping the voice chain's output for the master) plus `master.master` (gain, limiter if
needed, encode, verify). Each MP3 is then decoded
by ffmpeg and measured by the same meter, pyloudnorm (BS.1770-4 integrated loudness), with
the true peak from 4× oversampling, as BS.1770 specifies it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import ffmpeg  # noqa: E402

TARGET_LUFS, CEILING_DBTP, KBPS = -19.0, -1.0, 96


def measure(mp3: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of an MP3 as a listener's decoder gives it."""
    import pyloudnorm
    from scipy.signal import resample_poly

    rate = 48000
    samples = ffmpeg.decode(mp3, rate, 1)[:, 0].astype(np.float64)
    loudness = pyloudnorm.Meter(rate).integrated_loudness(samples)
    peak = float(np.max(np.abs(resample_poly(samples, 4, 1))))
    return float(loudness), 20 * np.log10(max(peak, 1e-9))


def _tool() -> str | None:
    """ffmpeg-normalize on PATH or beside this Python (the virtualenv's), if installed."""
    beside = Path(sys.executable).parent / "ffmpeg-normalize"
    return shutil.which("ffmpeg-normalize") or (str(beside) if beside.exists() else None)


def ffmpeg_normalize(wav: Path, out: Path) -> float:
    """Seconds for ffmpeg-normalize's two-pass loudnorm and LAME encode."""
    started = time.monotonic()
    subprocess.run([_tool(), str(wav), "-o", str(out), "-f", "-nt", "ebu", "-t", str(TARGET_LUFS), "-tp",
                    str(CEILING_DBTP), "-c:a", "libmp3lame", "-b:a", f"{KBPS}k", "-ar", "44100", "-q"],
                   check=True, capture_output=True)
    return time.monotonic() - started


def ours(wav: Path, out: Path) -> tuple[float, float]:
    """Seconds for our loudness stage and for our master stage on the same file."""
    from pipeline.show.config import AudioSettings
    from pipeline.sound import loudness, master

    settings = AudioSettings(channels=1, loudness=TARGET_LUFS, true_peak=CEILING_DBTP, bitrate_kbps=KBPS)
    kept = out.with_suffix(".f32")                  # the chain's output, handed on as in a run
    started = time.monotonic()
    voice = loudness.voice_report(wav, settings, keep=kept)
    measured = time.monotonic()
    master.master(wav, out, settings, voice=voice, voice_audio=kept)
    finished = time.monotonic()
    kept.unlink()
    return measured - started, finished - measured


def rows(recording: Path, tmp: Path) -> list[str]:
    if _tool() is None:
        return ["## Loudness: ffmpeg-normalize against ours", "",
                "ffmpeg-normalize is not installed (`make setup` installs it); not measured.", ""]
    wav = tmp / "ten-mono.wav"
    ffmpeg.run(["-i", str(recording), "-t", "600", "-ac", "1", "-c:a", "pcm_s16le", str(wav)], wav, "cutting")
    minutes = ffmpeg.probe(wav).duration / 60
    theirs, mine = tmp / "ffmpeg-normalize.mp3", tmp / "produce.mp3"
    their_s = min(ffmpeg_normalize(wav, theirs) for _ in range(2))      # the better of two runs each
    loud_s, master_s = min((ours(wav, mine) for _ in range(2)), key=sum)
    (their_lufs, their_peak), (our_lufs, our_peak) = measure(theirs), measure(mine)
    lines = [f"## Loudness: ffmpeg-normalize against ours, {minutes:.0f} minutes mono, target {TARGET_LUFS:g} LUFS / "
             f"{CEILING_DBTP:g} dBTP, {KBPS} kbps (best of 2 runs)", "",
             "| tool | seconds | ffmpeg-normalize's time ÷ this | MP3 loudness (LUFS) | off target (LU) | "
             "MP3 true peak (dBTP) |", "|---|---:|---:|---:|---:|---:|",
             f"| ffmpeg-normalize (two-pass loudnorm, LAME) | {their_s:.1f} | 1.0 | {their_lufs:.2f} | "
             f"{their_lufs - TARGET_LUFS:+.2f} | {their_peak:.2f} |",
             f"| produce: loudness + master | {loud_s + master_s:.1f} | **{their_s / (loud_s + master_s):.1f}** | "
             f"{our_lufs:.2f} | {our_lufs - TARGET_LUFS:+.2f} | {our_peak:.2f} |",
             f"| produce: master alone (loudness runs during transcription) | {master_s:.1f} | "
             f"**{their_s / master_s:.1f}** | same MP3 | | |"]
    return lines + ["", "Both MP3s measured by pyloudnorm after decoding with ffmpeg; true peak from 4× oversampling. "
                    "A plain LAME encode of the same file is most of either tool's time.", ""]


if __name__ == "__main__":
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        print("\n".join(rows(Path(sys.argv[1]), Path(folder))))
