"""A small back catalogue built by `produce batch` on a Dask LocalCluster with two workers."""

import shutil

from click.testing import CliRunner

from pipeline.cli import main

from tests.support import SAMPLE


def test_batch_on_a_local_dask_cluster(sample_show):
    episodes = sample_show / "episodes"
    second = episodes / "2026-12-01-second-reading"
    shutil.copytree(episodes / SAMPLE, second)
    essay = second / "essay.md"
    essay.write_text(essay.read_text().replace("date: 2026-11-24", "date: 2026-12-01")
                     .replace("publish_at: 2026-11-24T07:00:00+00:00", "publish_at: 2026-12-01T07:00:00+00:00"))
    (episodes / "2026-12-08-no-recording-yet").mkdir()
    (episodes / "2026-12-08-no-recording-yet" / "essay.md").write_text("---\ntitle: Later\n---\n\nText.\n")
    result = CliRunner().invoke(main, ["--show", str(sample_show), "batch", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "building 2 episode(s) with 2 job(s)" in result.output
    for folder in (episodes / SAMPLE, second):
        assert (folder / "build" / "episode.mp3").exists() and (folder / "build" / "package.json").exists()
        assert f"built    {folder.name}" in result.output
    assert "[1/2]" in result.output and "[2/2]" in result.output        # told as each one finishes
    status = CliRunner().invoke(main, ["--show", str(sample_show), "status"])
    rows = {line.split("│")[1].strip(): line for line in status.output.splitlines() if line.count("│") > 3}
    for slug in (SAMPLE, second.name):               # durations recorded whichever command built it
        cells = [cell.strip() for cell in rows[slug].split("│")]
        assert cells[3] != "-" and cells[4] != "-" and ":" in cells[4], status.output
    again = CliRunner().invoke(main, ["--show", str(sample_show), "batch"])
    assert again.exit_code == 0 and "nothing to build" in again.output


def test_a_broken_episode_fails_alone_and_the_rest_are_built(sample_show):
    """One corrupt recording in a back catalogue: a plain line names it, the others are
    built all the same, and the exit status says something failed."""
    episodes = sample_show / "episodes"
    broken = episodes / "2026-12-01-broken-take"
    shutil.copytree(episodes / SAMPLE, broken)
    (broken / "recording.wav").write_bytes(b"RIFF not really a recording")
    result = CliRunner().invoke(main, ["--show", str(sample_show), "batch"])
    assert result.exit_code == 1, result.output
    assert "failed  2026-12-01-broken-take" in result.output and "Traceback" not in result.output
    assert f"built    {SAMPLE}" in result.output
    assert (episodes / SAMPLE / "build" / "episode.mp3").exists()
