"""The command line end to end on the sample episode, through click's CliRunner."""

import json
import shutil

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from pipeline import ffmpeg
from pipeline.cli import main

from tests.support import SAMPLE, published_copy

COMMANDS = sorted(main.commands)          # every command the group has, so none is left out


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_help_lists_every_command():
    result = invoke("--help")
    assert result.exit_code == 0, result.output
    assert {"init", "new", "episode", "batch", "publish", "feed", "validate", "unpublish", "status",
            "serve"} <= set(COMMANDS)
    listed = {line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    first_words = " ".join(main.commands[command].help.split()[:3])
    assert "Usage:" in result.output and first_words in " ".join(result.output.split())


def test_bad_usage_exits_2():
    assert invoke("episode").exit_code == 2
    assert invoke("no-such-command").exit_code == 2


def test_episode_builds_and_publishes(built_show):
    public = built_show / "public"
    mp3 = public / "episodes" / SAMPLE / f"{SAMPLE}.mp3"
    assert mp3.stat().st_size > 100_000
    for name in ("transcript.vtt", "transcript.srt", "transcript.json", "chapters.json", "shownotes.html"):
        assert (public / "episodes" / SAMPLE / name).exists(), name
    assert (built_show / "episodes" / SAMPLE / "episode.toml").exists()
    assert not list((built_show / "episodes" / SAMPLE / "build").glob("voice-*.f32"))   # the master's, deleted
    tags = ID3(mp3)
    assert str(tags["TIT2"]) == "The Script Is the Edit"
    assert tags.getall("CTOC") and len(tags.getall("CHAP")) >= 3


def test_feed_parses_in_real_clients(built_show):
    feed_path = built_show / "public" / "feed.xml"
    with open(feed_path, "rb") as handle:
        parsed = podcastparser.parse("http://127.0.0.1:8000/feed.xml", handle)
    assert parsed["title"] == "Notes From the Workbench"
    (item,) = parsed["episodes"]
    assert item["title"] == "The Script Is the Edit"
    mp3 = built_show / "public" / "episodes" / SAMPLE / f"{SAMPLE}.mp3"
    assert item["enclosures"][0]["file_size"] == mp3.stat().st_size
    assert item["total_time"] > 30
    assert item["guid"]
    fp = feedparser.parse(feed_path.read_bytes())
    assert not fp.bozo, fp.get("bozo_exception")
    assert fp.entries[0].enclosures[0]["length"] == str(mp3.stat().st_size)


def test_second_run_is_cached_and_publish_is_idempotent(built_show, tmp_path):
    built_show = published_copy(built_show, tmp_path / "show")       # the shared build stays as it was
    result = invoke("--show", built_show, "episode", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "transcribe  cached" in result.output
    assert "done in" not in result.output
    status = invoke("--show", built_show, "status")
    assert status.exit_code == 0, status.output
    assert "transcribe:cached" in status.output
    feed_before = (built_show / "public" / "feed.xml").read_bytes()
    again = invoke("--show", built_show, "publish")
    assert again.exit_code == 0, again.output
    assert "uploaded   0 file(s)" in again.output
    assert (built_show / "public" / "feed.xml").read_bytes() == feed_before


def test_guid_survives_republish(built_show, tmp_path):
    root = published_copy(built_show, tmp_path / "show")
    toml = (root / "episodes" / SAMPLE / "episode.toml").read_text()
    assert "guid" in toml
    (root / "public" / "feed.xml").unlink()                        # a feed to rebuild from the folder
    result = invoke("--show", root, "publish")
    assert result.exit_code == 0, result.output
    assert (root / "episodes" / SAMPLE / "episode.toml").read_text() == toml
    guid = next(line for line in toml.splitlines() if line.startswith("guid")).split("=", 1)[1].strip().strip('"')
    assert guid in (root / "public" / "feed.xml").read_text()


def test_dry_run_prints_plan_and_renders_nothing(sample_show):
    result = invoke("--show", sample_show, "episode", SAMPLE, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Edit plan" in result.output and "pause" in result.output
    build = sample_show / "episodes" / SAMPLE / "build"
    assert (build / "edits.json").exists() and not (build / "episode.mp3").exists()
    assert not (sample_show / "public" / "feed.xml").exists()


def test_explicit_maybe_is_one_line_and_exit_1(sample_show):
    path = sample_show / "show.toml"
    path.write_text(path.read_text().replace("explicit = false", 'explicit = "maybe"'))
    result = invoke("--show", sample_show, "status")
    assert result.exit_code == 1
    assert "show.toml" in result.output and "`explicit`" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_recording_is_a_plain_error(sample_show):
    (sample_show / "episodes" / SAMPLE / "recording.wav").unlink()
    result = invoke("--show", sample_show, "episode", SAMPLE)
    assert result.exit_code == 1
    assert "no recording found" in result.output and "Traceback" not in result.output


def test_corrupt_recording_is_a_plain_error(sample_show):
    (sample_show / "episodes" / SAMPLE / "recording.wav").write_bytes(b"RIFF\x00\x00garbage" * 100)
    result = invoke("--show", sample_show, "episode", SAMPLE)
    assert result.exit_code == 1
    assert "recording.wav" in result.output and "Traceback" not in result.output


def test_unknown_episode(sample_show):
    result = invoke("--show", sample_show, "episode", "nope")
    assert result.exit_code == 1 and "no episode called 'nope'" in result.output


def test_future_episode_stays_out_of_feed_until_its_time(built_show, tmp_path):
    root = tmp_path / "show"
    shutil.copytree(built_show, root, ignore=shutil.ignore_patterns("public", "episode.toml"))
    text = (root / "show.toml").read_text().replace(str(built_show / "public"), str(root / "public"))
    (root / "show.toml").write_text(text)
    essay = root / "episodes" / SAMPLE / "essay.md"
    essay.write_text(essay.read_text().replace("publish_at: 2026-11-24T07:00:00+00:00",
                                               "publish_at: 2030-01-01T07:00:00+00:00"))
    result = invoke("--show", root, "episode", SAMPLE, "--now", "2029-12-31T07:00:00+00:00")
    assert result.exit_code == 0, result.output
    assert "scheduled" in result.output
    with open(root / "public" / "feed.xml", "rb") as handle:
        assert podcastparser.parse("x", handle)["episodes"] == []
    result = invoke("--show", root, "publish", "--now", "2030-01-02T07:00:00+00:00")
    assert result.exit_code == 0, result.output
    with open(root / "public" / "feed.xml", "rb") as handle:
        assert len(podcastparser.parse("x", handle)["episodes"]) == 1


def test_init_and_new(tmp_path):
    result = invoke("init", tmp_path / "myshow", "--title", "My Show")
    assert result.exit_code == 0, result.output
    root = tmp_path / "myshow"
    for name in ("show.toml", "artwork.jpg", "episodes", ".gitignore"):
        assert (root / name).exists()
    result = invoke("--show", root, "new", "Don't Back Down!", "--date", "2026-12-01", "--backdate")
    assert result.exit_code == 0, result.output
    essay = root / "episodes" / "2026-12-01-dont-back-down" / "essay.md"
    assert essay.exists()
    status = invoke("--show", root, "status")
    assert status.exit_code == 0, status.output
    assert "2026-12-01-dont-back-down" in status.output
    assert invoke("init", root).exit_code == 1


def test_a_clean_reading_of_a_new_show_says_nothing_was_removed(tmp_path):
    """A host's first episode: `init`, `new`, the essay and a clean reading of it. The summary
    says "nothing removed" (it said "-0.0 s removed"), and a log (not a terminal) gets one
    line per stage with no progress bar's blank lines between them."""
    from tests.support import fixture_file
    reading = fixture_file("audio/ljspeech_LJ001_printing_part1.flac")
    root = tmp_path / "show"
    assert invoke("init", root).exit_code == 0
    assert invoke("--show", root, "new", "On Printing", "--date", "2026-11-20", "--backdate").exit_code == 0
    folder = root / "episodes" / "2026-11-20-on-printing"
    text = reading.with_suffix(".txt").read_text()
    (folder / "essay.md").write_text(f'---\ntitle: "On Printing"\ndate: 2026-11-20\n---\n\n{text}\n')
    shutil.copy(reading, folder / "recording.flac")
    result = invoke("--show", root, "episode", "2026-11-20-on-printing")
    assert result.exit_code == 0, result.output
    assert "(nothing removed)" in result.output and "-0.0" not in result.output, result.output
    assert "4 of 4 clips read along the essay" in result.output
    stages = result.output.split("\n\n")[0].splitlines()[1:]
    assert [line.split()[0] for line in stages][:2] == ["decode", "transcribe"], result.output

def test_chapters_json_matches_id3(built_show):
    chapters = json.loads((built_show / "public" / "episodes" / SAMPLE / "chapters.json").read_text())
    assert chapters["version"] == "1.2.0"
    tags = ID3(built_show / "public" / "episodes" / SAMPLE / f"{SAMPLE}.mp3")
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.start_time for c in chaps] == [round(c["startTime"] * 1000) for c in chapters["chapters"]]
    assert [str(c.sub_frames["TIT2"]) for c in chaps] == [c["title"] for c in chapters["chapters"]]
    in_file_order = [f for f in tags.values() if f.FrameID == "CHAP"]
    assert in_file_order == chaps                       # mpv and VLC list the frames as they stand
    listed = ffmpeg.chapters_of(built_show / "public" / "episodes" / SAMPLE / f"{SAMPLE}.mp3")
    assert [(round(start * 1000), title) for start, _, title in listed] == \
        [(round(c["startTime"] * 1000), c["title"]) for c in chapters["chapters"]]


def test_intro_shifts_chapters_and_captions(sample_show):
    import numpy as np
    import soundfile as sf
    rate = 44100
    t = np.arange(8 * rate) / rate
    sf.write(sample_show / "intro.wav", 0.2 * np.sin(2 * np.pi * 440 * t), rate)
    path = sample_show / "show.toml"
    path.write_text(path.read_text().replace("[audio]\n", '[audio]\nintro = "intro.wav"\n'))
    result = invoke("--show", sample_show, "episode", SAMPLE, "--no-upload")
    assert result.exit_code == 0, result.output
    build = sample_show / "episodes" / SAMPLE / "build"
    chapters = json.loads((build / "chapters.json").read_text())["chapters"]
    assert chapters[0] == {"startTime": 0.0, "title": "Intro"}
    assert chapters[1] == {"startTime": 6.0, "title": "The Script Is the Edit"}
    first_caption = (build / "captions" / "transcript.srt").read_text().splitlines()[1]
    assert first_caption.startswith("00:00:06")
    assert not (sample_show / "public" / "feed.xml").exists()


def test_missing_intro_file_is_a_plain_error(sample_show):
    path = sample_show / "show.toml"
    path.write_text(path.read_text().replace("[audio]\n", '[audio]\nintro = "nope.wav"\n'))
    result = invoke("--show", sample_show, "episode", SAMPLE)
    assert result.exit_code == 1 and "nope.wav" in result.output and "intro" in result.output


def test_silent_recording_is_a_plain_error(sample_show):
    import numpy as np
    import soundfile as sf
    sf.write(sample_show / "episodes" / SAMPLE / "recording.wav", np.zeros(44100 * 10, np.float32), 44100)
    result = invoke("--show", sample_show, "episode", SAMPLE)
    assert result.exit_code == 1 and "no speech was found" in result.output and "Traceback" not in result.output


def test_recording_that_does_not_follow_the_essay_switches_script_rules_off(sample_show):
    essay = sample_show / "episodes" / SAMPLE / "essay.md"
    body = "\n\n".join(["Completely different words about gardening, tomatoes, soil and rain."] * 6)
    essay.write_text("---\ntitle: Another text\ndate: 2026-11-24\n---\n\n" + body + "\n")
    result = invoke("--show", sample_show, "episode", SAMPLE, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "does not follow the essay" in result.output
    plan = json.loads((sample_show / "episodes" / SAMPLE / "build" / "edits.json").read_text())
    assert {e["reason"] for e in plan["edits"]} <= {"head", "tail", "pause", "filler"}


def test_the_reading_is_transcribed_along_its_essay(built_show):
    """The demo departs from its essay every 30 s (chatter, a retake, a filler), yet its last
    clip is read along the essay, in the essay's own words and punctuation."""
    build = built_show / "episodes" / SAMPLE / "build"
    transcript = json.loads((build / "transcript.json").read_text())
    assert transcript["clips"]["forced"] >= 1 and transcript["clips"]["free"] >= 1, transcript["clips"]
    said = " ".join(s["text"] for s in transcript["segments"])
    assert "PS: If you want to try this yourself, the whole pipeline runs offline on an ordinary laptop." in said
    assert json.loads((build / "stages" / "transcribe.json").read_text())["summary"]["forced"] >= 1


def test_publish_dry_run_changes_nothing(built_show, tmp_path):
    root = published_copy(built_show, tmp_path / "show")
    feed = (root / "public" / "feed.xml").read_bytes()
    result = invoke("--show", root, "publish", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was uploaded" in result.output and "uploaded   " not in result.output
    assert (root / "public" / "feed.xml").read_bytes() == feed


def test_review_command_serves_the_page_until_interrupted(built_show, tmp_path):
    """`produce review` as a host runs it: the plan checked (all cached), the page's address printed, the
    page and its data served behind the token, Ctrl-C a clean stop."""
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.request
    root = published_copy(built_show, tmp_path / "show")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    # a shell's background job (`make test &`) ignores SIGINT, and the child would inherit that
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "--show", str(root), "review", SAMPLE, "--no-open"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "review the edit at" in line:
                break
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", "".join(lines)).group(0)
        assert "transcribe  cached" in "".join(lines)
        with urllib.request.urlopen(url, timeout=10) as page:
            assert b"review.js" in page.read()
        state_url = url.replace("/?token=", "/api/state?token=")
        with urllib.request.urlopen(state_url, timeout=10) as state:
            assert json.loads(state.read())["slug"] == SAMPLE
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=30)[0]
    assert process.returncode == 0, output
    assert "Traceback" not in output
