"""`make bench`: measured figures for a 30-minute reading, printed and written to bench/results.md.

The recording is made by concatenating the real LJ Speech reading of ../shared/fixtures
(or, without it, an espeak-ng reading) to 30 minutes at 44.1 kHz stereo, as a host's
recorder would produce it. `produce episode` runs on it in a child process; each
stage's wall time comes from the stage records in build/, peak memory from the
child's rusage (the largest of produce and the ffmpeg processes it ran). Then, side by
side on the same audio: openai-whisper against our engine (same weights, on all cores
and on one), pydub's silence detection and MP3 export against ours, ffmpeg-normalize
against our loudness and master stages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import ffmpeg  # noqa: E402
from synth import Piece, build  # noqa: E402

from bench import models, normalize, review, sound, whispercpp  # noqa: E402
from eval import report  # noqa: E402

FIXTURE = REPO.parent / "shared" / "fixtures" / "audio" / "ljspeech_LJ001_printing_part1.flac"
MINUTES = [float(m) for m in os.environ.get("BENCH_MINUTES", "30,120").split(",")]


def make_recording(out: Path, minutes: float) -> tuple[Path, str]:
    """A long reading (44.1 kHz stereo WAV) and the text that was read."""
    if FIXTURE.exists():
        speech = ffmpeg.decode(FIXTURE, 44100, 1)[:, 0]
        text = FIXTURE.with_suffix(".txt").read_text().strip()
    else:
        sentences = ["Every week I write an essay and every week I read it into a microphone.",
                     "The reading is never clean, and the editor knows what I meant to say."]
        signal, _ = build([Piece("say", s) for s in sentences])
        speech = np.interp(np.arange(int(len(signal) * 2)) / 2, np.arange(len(signal)), signal).astype(np.float32)
        text = " ".join(sentences)
    pause = np.zeros(int(1.6 * 44100), np.float32)             # a long pause between readings: edits to make
    unit = np.concatenate((speech, pause))
    repeats = int(np.ceil(minutes * 60 * 44100 / len(unit)))
    args = ["-ar", "44100", "-ac", "2", "-c:a", "pcm_s16le", str(out)]
    with ffmpeg.pcm_writer(args, 44100, 1, out, "writing the bench recording") as write:
        for _ in range(repeats):
            write(unit[:, None])
    return out, "\n\n".join([text] * repeats)


PLAIN_SCRIPT = """
import sys
sys.path.insert(0, {repo!r})
from faster_whisper import WhisperModel
from pipeline.hearing.model_files import resolve_ctranslate2
model = WhisperModel(resolve_ctranslate2("tiny.en"), device="cpu", compute_type="int8", cpu_threads={cores})
segments, _ = model.transcribe({audio!r}, language="en", word_timestamps=True)
print(sum(len(s.words) for s in segments))
"""


def run_plain(recording: Path) -> float:
    """Wall seconds of plain faster-whisper on `recording`, as a host would script it: tiny.en
    int8 on all cores, word timestamps on, from process start (model load and decoding
    included, as they are in `produce episode`'s time)."""
    code = PLAIN_SCRIPT.format(repo=str(REPO), audio=str(recording), cores=os.cpu_count() or 1)
    started = time.monotonic()
    subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-c", code], check=True, capture_output=True)
    return time.monotonic() - started


def make_show(root: Path, recording: Path, text: str) -> str:
    shutil.copy(REPO / "show.toml", root / "show.toml")
    shutil.copy(REPO / "artwork.jpg", root / "artwork.jpg")
    toml = (root / "show.toml").read_text().replace('storage = "public"', f'storage = "{root / "public"}"')
    (root / "show.toml").write_text(toml)
    slug = "2026-11-24-bench"
    folder = root / "episodes" / slug
    folder.mkdir(parents=True)
    (folder / "essay.md").write_text(f"---\ntitle: Bench\n---\n\n{text}\n")
    shutil.move(recording, folder / "recording.wav")
    return slug


def run_produce(root: Path, slug: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `produce episode` in a child process."""
    started = time.monotonic()
    proc = subprocess.Popen([str(REPO / ".venv" / "bin" / "produce"), "--show", str(root), "episode", slug,
                             "--no-upload"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if status != 0:
        sys.exit(f"bench: produce failed: {proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024


ENGINE_SCRIPT = """
import sys, time, json
sys.path.insert(0, {repo!r})
from pipeline import ffmpeg
from pipeline.show.config import TranscribeSettings
from pipeline.hearing.transcribe import transcribe
audio = ffmpeg.decode({audio!r}, 16000, 1)[:, 0]
script = open({script!r}).read().split() if {script!r} else None
settings = TranscribeSettings(engine={engine!r}, model={model!r}, verbatim=False, threads={threads}, workers={workers})
transcribe(audio[:16000 * 5], settings, "en")                    # load the model outside the timing
started = time.monotonic()
result = transcribe(audio, settings, "en", script=script)
print(json.dumps({{"seconds": time.monotonic() - started, "words": len(result.words)}}))
"""


def run_engine(engine: str, model: str, audio: Path, cores: int, script: Path | None = None
               ) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB, words) of one engine transcribing `audio` on `cores` cores,
    word timestamps on: ours as pieces at once, openai-whisper as torch threads; given the
    `script` that was read, ours reads along it (`pipeline/hearing/readalong.py`)."""
    threads, workers = (1, cores) if engine == "faster-whisper" else (cores, 1)
    code = ENGINE_SCRIPT.format(repo=str(REPO), audio=str(audio), engine=engine, model=model, threads=threads,
                                workers=workers, script=str(script or ""))
    proc = subprocess.Popen([str(REPO / ".venv" / "bin" / "python"), "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read().decode()
    if status != 0:
        raise RuntimeError(proc.stderr.read().decode()[-1500:])
    data = json.loads(out.strip().splitlines()[-1])
    return data["seconds"], usage.ru_maxrss / 1024, data["words"]


def engine_rows(recording: Path, text: str, tmp: Path) -> list[str]:
    """faster-whisper (ours) vs openai-whisper and whisper.cpp, same 5 minutes, same tiny.en weights, on all
    cores (what each does by default: our pieces at once, torch's threads) and on one; ours
    both reading along the essay that was read and, as for a recording without a script,
    decoding freely."""
    excerpt = tmp / "excerpt.wav"
    ffmpeg.run(["-i", str(recording), "-t", "300", "-ac", "1", "-ar", "16000", str(excerpt)], excerpt, "cutting")
    script = tmp / "script.txt"
    script.write_text(text)
    seconds = ffmpeg.probe(excerpt).duration
    cores = os.cpu_count() or 1
    rows = []
    try:
        import importlib.util
        if importlib.util.find_spec("whisper") is None:
            raise RuntimeError("openai-whisper is not installed")
        checkpoint = tmp / "tiny.en.pt"           # converted in a child: this process stays small, and the
        subprocess.run([sys.executable, str(REPO / "bench" / "ct2_to_openai.py"), str(checkpoint)],  # engines'
                       check=True, capture_output=True)    # peak memory (inherited across exec) stays theirs
    except Exception as exc:                     # report, do not hide, why the comparison is missing
        checkpoint, missing = None, str(exc).splitlines()[-1][:80]
    try:
        ggml = whispercpp.ggml_model(tmp)
    except Exception as exc:
        ggml, cpp_missing = None, str(exc).splitlines()[-1][:80]
    for n in sorted({cores, 1}, reverse=True):
        guided = run_engine("faster-whisper", "tiny.en", excerpt, n, script)
        free = run_engine("faster-whisper", "tiny.en", excerpt, n)
        theirs = run_engine("openai-whisper", str(checkpoint), excerpt, n) if checkpoint else None
        cpp = whispercpp.run(ggml, excerpt, n) if ggml else None
        for label, ours in ((f"reading along the essay, {n} piece(s) at once", guided),
                            (f"no script (free decoding), {n} piece(s) at once", free)):
            ratio = f"**{theirs[0] / ours[0]:.2f}**" if theirs else f"not measured: {missing}"
            cpp_ratio = f"**{cpp[0] / ours[0]:.2f}**" if cpp else f"not measured: {cpp_missing}"
            rows.append(f"| faster-whisper int8, {label} (ours) | {n} | {ours[0]:.1f} | {ours[0] / seconds:.4f} | "
                        f"{ours[1]:.0f} | {ours[2]} | {ratio} | {cpp_ratio} |")
        if theirs:
            rows.append(f"| openai-whisper fp32, {n} torch thread(s) (same tiny.en weights) | {n} | {theirs[0]:.1f} | "
                        f"{theirs[0] / seconds:.4f} | {theirs[1]:.0f} | {theirs[2]} | 1.0 | |")
        if cpp:
            rows.append(f"| whisper.cpp f16 (pywhispercpp), {n} thread(s), token timestamps per word (same tiny.en "
                        f"weights) | {n} | {cpp[0]:.1f} | {cpp[0] / seconds:.4f} | {cpp[1]:.0f} | {cpp[2]} | | 1.0 |")
    return [f"## Transcription, {seconds / 60:.0f} minutes of the same reading, word timestamps on", "",
            "| engine | cores | seconds | × real time | peak MB | words | openai-whisper's time ÷ this | "
            "whisper.cpp's time ÷ this |", "|---|---:|---:|---:|---:|---:|---:|---:|", *rows, ""]


def _median_seconds(work, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.monotonic()
        work()
        times.append(time.monotonic() - started)
    return sorted(times)[len(times) // 2]


def side_by_side_rows(recording: Path, tmp: Path) -> list[str]:
    """pydub's detect_silence vs ours on 10 minutes; a plain pydub export vs our master and encode."""
    from pydub import AudioSegment, silence

    from pipeline.hearing import decode, levels
    from pipeline.sound import master
    from pipeline.show.config import AudioSettings

    excerpt = tmp / "ten.wav"
    ffmpeg.run(["-i", str(recording), "-t", "600", str(excerpt)], excerpt, "cutting")
    seconds = ffmpeg.probe(excerpt).duration

    def theirs_silence():
        segment = AudioSegment.from_file(excerpt)
        silence.detect_silence(segment, min_silence_len=1200, silence_thresh=segment.dBFS - 16)

    def ours_silence():
        decode.decode_analysis(excerpt, tmp / "ten16k.wav")
        levels.silences(levels.frame_db(decode.load_analysis(tmp / "ten16k.wav")), 1.2)

    def theirs_export():
        AudioSegment.from_file(excerpt).export(tmp / "pydub.mp3", format="mp3", bitrate="128k")

    def ours_export():
        master.master(excerpt, tmp / "ours.mp3", AudioSettings(channels=2))

    their_s, our_s = _median_seconds(theirs_silence, 1), _median_seconds(ours_silence)
    their_e, our_e = _median_seconds(theirs_export), _median_seconds(ours_export)
    return [f"## Side by side, {seconds / 60:.0f} minutes at 44.1 kHz stereo (medians of 3, pydub's silence: 1 run)",
            "", "| what | theirs (s) | ours (s) | ours is |", "|---|---:|---:|---:|",
            f"| silence detection: pydub `detect_silence` vs decode to 16 kHz + `levels.silences` | {their_s:.2f} | "
            f"{our_s:.2f} | {their_s / our_s:.0f}× faster |",
            f"| MP3: plain pydub export (no loudness work) vs our measure + gain + limiter + encode + verify | "
            f"{their_e:.2f} | {our_e:.2f} | {their_e / our_e:.2f}× the speed |", ""]


def episode_rows(minutes: float, tmp: Path, first: bool) -> tuple[list[str], tuple[Path, str] | None]:
    """The whole pipeline on a reading of `minutes`: each stage, the whole run, a re-run, peak memory."""
    root = tmp / f"show-{minutes:g}"
    root.mkdir()
    recording, text = make_recording(root / "recording.wav", minutes)
    duration = ffmpeg.probe(recording).duration
    keep = None
    if first:                                   # the comparisons use this recording too
        keep = (tmp / "comparison.wav", text)
        shutil.copy(recording, keep[0])
    slug = make_show(root, recording, text)
    plain = run_plain(root / "episodes" / slug / "recording.wav") if first else None
    wall, peak_mb = run_produce(root, slug)
    rerun_wall, _ = run_produce(root, slug)
    stages, clips = {}, {}
    for record in sorted((root / "episodes" / slug / "build" / "stages").glob("*.json")):
        data = json.loads(record.read_text())
        if "seconds" in data:
            stages[record.stem] = data["seconds"]
        if record.stem == "transcribe":
            clips = data.get("summary", {})
    unscripted = None
    if first:                                   # the same recording with no essay to read along
        essay = root / "episodes" / slug / "essay.md"
        essay.write_text("---\ntitle: Bench\n---\n\nAn interview.\n")
        shutil.rmtree(root / "episodes" / slug / "build")
        unscripted, _ = run_produce(root, slug)
    shutil.rmtree(root)
    order = ["decode", "transcribe", "loudness", "align", "edits", "master", "notes", "package"]
    rows = [(name, stages[name], stages[name] / duration) for name in order if name in stages]
    asr = stages.get("transcribe", 1e-9)
    non_asr = wall - asr                        # the loudness stage runs during transcription
    lines = [f"## `produce episode` on a {duration / 60:.1f}-minute reading (44.1 kHz stereo)", "",
             "| what | seconds | × real time |", "|---|---:|---:|"]
    notes = {"loudness": " (during transcription)"}
    if clips.get("forced", 0) + clips.get("free", 0):
        notes["transcribe"] = (f" ({clips['forced']} of {clips['forced'] + clips['free']} clips read along the "
                               "essay)")
    lines += [f"| {name}{notes.get(name, '')} | {sec:.2f} | {rtf:.4f} |" for name, sec, rtf in rows]
    lines += [f"| **produce episode (whole)** | {wall:.1f} | {wall / duration:.4f} |",
              f"| everything but transcription (whole − transcribe) | {non_asr:.1f} ({non_asr / asr:.0%} of "
              f"transcription) | "
              f"{non_asr / duration:.4f} |",
              f"| re-run, nothing changed | {rerun_wall:.2f} | {rerun_wall / duration:.5f} |"]
    if plain:
        lines += [f"| plain faster-whisper (tiny.en int8, {os.cpu_count()} threads, word timestamps; "
                  f"process start to end) | {plain:.1f} | {plain / duration:.4f} |",
                  f"| **produce episode ÷ plain faster-whisper** (with the essay) | {wall / plain:.2f} × | |",
                  f"| produce episode without a script (no essay to read along) | {unscripted:.1f} | "
                  f"{unscripted / duration:.4f} |",
                  f"| **produce episode without a script ÷ plain faster-whisper** | {unscripted / plain:.2f} × | |"]
    lines += ["",
              f"Peak memory (largest process of the run): {peak_mb:.0f} MB.", ""]
    return lines, keep


def main() -> None:
    lines = [f"# produce bench ({os.cpu_count()} cores; figures measured in one run of `make bench`)", "",
             f"Measured on {report.machine()}: which engine is faster than which depends on it (README).", ""]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        comparison = None
        for n, minutes in enumerate(MINUTES):
            rows, keep = episode_rows(minutes, tmp, n == 0)
            lines += rows
            comparison = comparison or keep
            print("\n".join(rows), flush=True)
        lines += engine_rows(*comparison, tmp)
        lines += side_by_side_rows(comparison[0], tmp)
        lines += normalize.rows(comparison[0], tmp)
    lines += models.rows() + models.edit_rows()
    lines += sound.rows()
    lines += review.rows()
    results = "\n".join(lines) + "\n"
    print(results)
    (REPO / "bench" / "results.md").write_text(results)


if __name__ == "__main__":
    main()
