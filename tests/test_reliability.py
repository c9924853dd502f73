"""Reliability: bad inputs end in one plain message and lose nothing, runs survive being
killed at any stage, two runs do not collide, and odd but valid recordings just work."""

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from click.testing import CliRunner
from PIL import Image

from pipeline.cli import main

from tests.support import REPO, SAMPLE, published_copy

PRODUCE = [sys.executable, "-m", "pipeline.cli"]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(root: Path) -> dict[str, str]:
    """What listeners and git have: the storage folder and every episode.toml, by content."""
    files = [p for p in (root / "public").rglob("*") if p.is_file()] + list(root.glob("episodes/*/episode.toml"))
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def episode_dir(root):
    return root / "episodes" / SAMPLE


def set_show(root, old, new):
    path = root / "show.toml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def set_essay(root, old, new):
    path = episode_dir(root) / "essay.md"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def write_recording(root, samples, rate=44100, name="recording.wav", **kwargs):
    (episode_dir(root) / "recording.wav").unlink()
    sf.write(episode_dir(root) / name, samples, rate, **kwargs)


def truncate(root):
    path = episode_dir(root) / "recording.wav"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def second_episode_with_number(root, number):
    folder = root / "episodes" / "2026-11-30-another"
    folder.mkdir()
    (folder / "essay.md").write_text(f"---\ntitle: Another\nepisode: {number}\n---\n\nText.\n")


def artwork(root, size=(1400, 1400)):
    Image.new("RGB", size, "white").save(root / "artwork.jpg", "JPEG")


def noise(seconds=20):
    return np.random.default_rng(0).normal(0, 0.2, 44100 * seconds).astype(np.float32)


EPISODE = ("episode", SAMPLE)
CASES = {
    # recordings
    "missing recording": (lambda r: (episode_dir(r) / "recording.wav").unlink(), EPISODE, "no recording found"),
    "empty recording": (lambda r: (episode_dir(r) / "recording.wav").write_bytes(b""), EPISODE, "is empty"),
    "truncated recording": (truncate, EPISODE, "truncated"),
    "corrupt recording": (lambda r: (episode_dir(r) / "recording.wav").write_bytes(os.urandom(50_000)), EPISODE,
                          "recording.wav"),
    "silent recording": (lambda r: write_recording(r, np.zeros(44100 * 10)), EPISODE, "no speech was found"),
    "pure noise": (lambda r: write_recording(r, noise()), EPISODE, "no speech was found"),
    "text named .mp3": (lambda r: write_recording(r, np.zeros(10)) or
                        (episode_dir(r) / "recording.wav").unlink() or
                        (episode_dir(r) / "recording.mp3").write_text("not audio"), EPISODE, "recording.mp3"),
    "two recordings": (lambda r: shutil.copy(episode_dir(r) / "recording.wav", episode_dir(r) / "recording.flac"),
                       EPISODE, "several recordings"),
    "half-second recording": (lambda r: write_recording(r, np.zeros(22050)), EPISODE, "0.50 s long"),
    "video without sound": (lambda r: (episode_dir(r) / "recording.wav").unlink() or subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:d=2", str(episode_dir(r) / "recording.mp4")],
        check=True), EPISODE, "no audio stream"),
    # essays
    "essay without front matter": (lambda r: (episode_dir(r) / "essay.md").write_text("Just text.\n"), EPISODE,
                                   "has no front matter"),
    "essay without title": (lambda r: set_essay(r, "title: The Script Is the Edit\n", ""), EPISODE, "no `title`"),
    "empty title": (lambda r: set_essay(r, "title: The Script Is the Edit", "title: ''"), EPISODE, "`title`"),
    "empty essay file": (lambda r: (episode_dir(r) / "essay.md").write_text(""), EPISODE, "no front matter"),
    "broken YAML": (lambda r: set_essay(r, "title: The Script Is the Edit", "title: [oops"), EPISODE, "not valid YAML"),
    "bad date": (lambda r: set_essay(r, "date: 2026-11-24", "date: 2026-02-30"), EPISODE, "`date`"),
    "bad publish time": (lambda r: set_essay(r, "publish_at: 2026-11-24T07:00:00+00:00", "publish_at: soon"), EPISODE,
                         "`publish_at`"),
    "unknown episode type": (lambda r: set_essay(r, "date: 2026-11-24", "date: 2026-11-24\ntype: special"), EPISODE,
                             "`type`"),
    "negative episode number": (lambda r: set_essay(r, "date: 2026-11-24", "date: 2026-11-24\nepisode: -3"), EPISODE,
                                "`episode`"),
    "essay not UTF-8": (lambda r: (episode_dir(r) / "essay.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1")),
                        EPISODE, "not UTF-8"),
    "bad edit override": (lambda r: set_essay(r, "date: 2026-11-24", "date: 2026-11-24\nedit:\n  pause_to: 9"), EPISODE,
                          "`edit.pause_to`"),
    "duplicate episode number": (lambda r: second_episode_with_number(r, 1), ("publish",), "already used"),
    "missing intro music": (lambda r: set_show(r, "[audio]\n", '[audio]\nintro = "jingle.mp3"\n'), EPISODE,
                            "jingle.mp3"),
    # show.toml
    "broken TOML": (lambda r: set_show(r, 'title = "Notes', 'title = Notes'), EPISODE, "not valid TOML"),
    "unknown key": (lambda r: set_show(r, "[edit]\n", "[edit]\nshorten_everything = true\n"), EPISODE,
                    "`edit.shorten_everything`"),
    "explicit maybe": (lambda r: set_show(r, "explicit = false", 'explicit = "maybe"'), EPISODE, "`explicit`"),
    "bad language": (lambda r: set_show(r, 'language = "en"', 'language = "english"'), EPISODE, "`language`"),
    "unknown category": (lambda r: set_show(r, '"Technology",', '"Gadgets",'), EPISODE, "`categories[0]`"),
    "bad time zone": (lambda r: set_show(r, 'timezone = "Europe/London"', 'timezone = "Europe/Atlantis"'), EPISODE,
                      "`timezone`"),
    "missing email": (lambda r: set_show(r, 'email = "host@example.com"\n', ""), EPISODE, "`email`"),
    "not a show folder": (lambda r: (r / "show.toml").unlink(), EPISODE, "produce init"),
    # artwork
    "artwork missing": (lambda r: (r / "artwork.jpg").unlink(), ("publish",), "artwork not found"),
    "artwork not square": (lambda r: artwork(r, (1600, 1400)), ("publish",), "must be square"),
    "artwork too small": (lambda r: artwork(r, (600, 600)), ("publish",), "at least 1400"),
    "artwork not an image": (lambda r: (r / "artwork.jpg").write_text("<svg/>"), ("publish",), "not a readable image"),
    # edits.toml, names, storage, records
    "edits.toml words not heard": (lambda r: (episode_dir(r) / "edits.toml").write_text('[[cut]]\nwords = "zebra"\n'),
                                   EPISODE, "were not found"),
    "edits.toml bad range": (lambda r: (episode_dir(r) / "edits.toml").write_text("[[cut]]\nstart = 5\nend = 2\n"),
                             EPISODE, "`cut[0].end`"),
    "new episode dated in the past": (lambda r: None, ("new", "Old news", "--date", "2020-01-06"), "in the past"),
    "slug with ..": (lambda r: None, ("episode", "../../etc"), "no such episode"),
    "unknown episode": (lambda r: None, ("episode", "nonexistent"), "no episode called"),
    "damaged episode.toml": (lambda r: (episode_dir(r) / "episode.toml").write_text("guid = [broken"), ("publish",),
                             "is damaged"),
    "build folder not writable": (lambda r: shutil.rmtree(episode_dir(r) / "build") or
                                  (episode_dir(r) / "build").write_text("in the way"), EPISODE, "build"),
    "storage folder is a file": (lambda r: set_show(r, f'storage = "{r / "public"}"', f'storage = "{r / "show.toml"}"'),
                                 ("publish",), "show.toml"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_plain_line_and_loses_nothing(built_show, tmp_path, case):
    mutate, args, fragment = CASES[case]
    root = published_copy(built_show, tmp_path / "show")
    before = snapshot(root)
    mutate(root)
    result = invoke("--show", root, *args)
    assert result.exit_code == 1, result.output
    lines = [l for l in result.output.splitlines() if l.startswith("error:")]
    assert len(lines) == 1 and fragment in lines[0], result.output
    assert "Traceback" not in result.output
    after = {k: v for k, v in snapshot(root).items() if k in before}
    if case != "damaged episode.toml":
        assert after == before, "something published changed"


@pytest.mark.parametrize("rate, channels, subtype, name", [(8000, 1, "PCM_16", "recording.wav"),
                                                           (96000, 1, "PCM_24", "recording.wav"),
                                                           (48000, 6, "PCM_16", "recording.flac")])
def test_odd_but_valid_recordings_just_work(sample_show, rate, channels, subtype, name):
    folder = sample_show / "episodes" / SAMPLE
    audio, source_rate = sf.read(folder / "recording.wav", always_2d=True)
    mono = audio[:, 0]
    resampled = np.interp(np.arange(int(len(mono) * rate / source_rate)) * source_rate / rate,
                          np.arange(len(mono)), mono)
    (folder / "recording.wav").unlink()
    sf.write(folder / name, np.repeat(resampled[:, None], channels, axis=1), rate, subtype=subtype)
    result = invoke("--show", sample_show, "episode", SAMPLE, "--no-upload")
    assert result.exit_code == 0, result.output
    assert "cuts" in result.output and "loudness" in result.output


def test_a_video_with_sound_is_a_recording(sample_show):
    folder = sample_show / "episodes" / SAMPLE
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:r=5", "-i",
                    str(folder / "recording.wav"), "-shortest", "-c:v", "libx264", "-c:a", "aac",
                    str(folder / "recording.mp4")], check=True)
    (folder / "recording.wav").unlink()
    result = invoke("--show", sample_show, "episode", SAMPLE, "--dry-run")
    assert result.exit_code == 0, result.output


def run_produce(root, *args, limit_bytes=None):
    env = dict(os.environ, COLUMNS="200", PYTHONUNBUFFERED="1")

    def limit():
        if limit_bytes:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return subprocess.Popen([*PRODUCE, "--show", str(root), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=REPO, env=env, preexec_fn=limit)


def test_a_full_disk_is_a_plain_error_and_loses_nothing(built_show, tmp_path):
    root = published_copy(built_show, tmp_path / "show")
    shutil.rmtree(episode_dir(root) / "build")
    before = snapshot(root)
    proc = run_produce(root, "episode", SAMPLE, limit_bytes=1_000_000)     # no file may grow past 1 MB
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, out + err
    assert "disk is full" in err and "Traceback" not in err
    assert snapshot(root) == before


STAGES = ["decode", "transcribe", "align", "edits", "loudness", "master", "notes", "package"]


def build_artifacts(root):
    build = episode_dir(root) / "build"
    names = ["transcript.json", "alignment.json", "edits.json", "chapters.json", "captions/transcript.vtt",
             "shownotes.html", "episode.mp3"]
    out = {n: hashlib.sha256((build / n).read_bytes()).hexdigest() for n in names}
    transcript = json.loads((build / "transcript.json").read_text())
    transcript.pop("seconds")                              # wall time: the only field that may differ
    out["transcript.json"] = hashlib.sha256(json.dumps(transcript).encode()).hexdigest()
    return out


def test_killed_in_any_stage_the_next_run_finishes_the_same(sample_show):
    """SIGKILL as each stage starts; the next run completes with the same artifacts as an
    uninterrupted run, and a transcript that was finished is not made again.

    Every run is a fresh process, as `produce` always is: run inside pytest after `produce
    batch` had run a Dask cluster in it, tiny.en's word times came out a few hundredths of a
    second apart from a fresh process's on this machine (with the code before the clean stage
    too), which is about the process, not about recovering from a kill."""
    uninterrupted = sample_show.parent / "uninterrupted"
    shutil.copytree(sample_show, uninterrupted)
    set_show(uninterrupted, f'storage = "{sample_show / "public"}"', f'storage = "{uninterrupted / "public"}"')
    proc = run_produce(uninterrupted, "episode", SAMPLE, "--no-upload")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    reference = build_artifacts(uninterrupted)
    for stage in STAGES[1:]:
        root = sample_show.parent / f"killed-{stage}"
        shutil.copytree(sample_show, root)
        set_show(root, f'storage = "{sample_show / "public"}"', f'storage = "{root / "public"}"')
        proc = run_produce(root, "episode", SAMPLE, "--no-upload")
        previous = STAGES[STAGES.index(stage) - 1]
        for line in proc.stdout:
            if line.strip().startswith(previous):
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait(timeout=300)
        assert proc.returncode == -signal.SIGKILL, f"{stage}: the run ended before it could be killed"
        again = run_produce(root, "episode", SAMPLE, "--no-upload")
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, out + err
        if STAGES.index(stage) > STAGES.index("transcribe"):
            assert "transcribe  cached" in out, (stage, out)
        assert build_artifacts(root) == reference, stage
        assert not list((episode_dir(root) / "build").rglob("*.tmp*")), "a temporary file was left behind"


def test_a_killed_runs_temporary_files_are_swept_by_the_next(built_show, tmp_path):
    """SIGKILL or a power cut can land between creating a temporary file and renaming it;
    the next run (which holds the show's lock) removes what was left."""
    root = published_copy(built_show, tmp_path / "show")
    build = episode_dir(root) / "build"
    leftovers = [build / ".master.mp3.k1ll3d.tmp.mp3", build / "captions" / ".transcript.vtt.x.tmp.vtt"]
    for path in leftovers:
        path.write_bytes(b"half an mp3")
    result = invoke("--show", root, "episode", SAMPLE, "--no-upload")
    assert result.exit_code == 0, result.output
    assert not any(path.exists() for path in leftovers)
    assert (build / "episode.mp3").stat().st_size > 10_000          # the real artifacts are untouched


def test_two_runs_on_one_show_do_not_collide(built_show, tmp_path):
    from pipeline.show.lock import show_lock
    root = published_copy(built_show, tmp_path / "show")
    with show_lock(root):
        result = invoke("--show", root, "publish")
    assert result.exit_code == 1 and "another produce" in result.output
    assert invoke("--show", root, "publish").exit_code == 0


def test_no_credential_in_any_output(built_show, tmp_path, monkeypatch):
    root = published_copy(built_show, tmp_path / "show")
    set_show(root, f'storage = "{root / "public"}"', 'storage = "s3://bucket-that-is-not-there"')
    set_show(root, "[publish]\n", '[publish]\nendpoint_url = "http://127.0.0.1:9"\nretries = 1\n')
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIASECRETKEYID1234")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "super-secret-value-987")
    result = invoke("--show", root, "--verbose", "publish")
    assert result.exit_code == 1
    assert "AKIASECRETKEYID1234" not in result.output and "super-secret-value-987" not in result.output
