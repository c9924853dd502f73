"""Shared fixtures: the repository's sample show copied to a temp folder, with a recording
synthesised by espeak-ng, and the real recordings of ../shared/fixtures when present."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO.parent / "shared" / "fixtures"
SAMPLE = "2026-11-24-the-script-is-the-edit"


def fixture_file(relative: str) -> Path:
    """A file from ../shared/fixtures, or skip the test with the reason."""
    path = FIXTURES / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/fixtures/{relative} (the shared fixtures folder is absent in this clone)")
    return path


def copy_sample_show(target: Path) -> Path:
    """The repo's sample show (show.toml, artwork, the sample essay) in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "show.toml", target / "show.toml")
    shutil.copy(REPO / "artwork.jpg", target / "artwork.jpg")
    episode = target / "episodes" / SAMPLE
    episode.mkdir(parents=True)
    shutil.copy(REPO / "episodes" / SAMPLE / "essay.md", episode / "essay.md")
    text = (target / "show.toml").read_text()
    (target / "show.toml").write_text(text.replace('storage = "public"', f'storage = "{target / "public"}"'))
    return target


def published_copy(built_show: Path, target: Path) -> Path:
    """A copy of the built and published sample show, with its own storage folder."""
    shutil.copytree(built_show, target)
    text = (target / "show.toml").read_text().replace(str(built_show / "public"), str(target / "public"))
    (target / "show.toml").write_text(text)
    return target


@pytest.fixture(scope="session")
def demo_recording(tmp_path_factory) -> Path:
    """The demo's synthetic recording of the sample essay, made once per test session."""
    from pipeline.config import load_show
    from pipeline.demo import demo_pieces
    from pipeline.essay import load_essay
    from pipeline.synth import record

    folder = tmp_path_factory.mktemp("recording")
    show = load_show(REPO)
    essay = load_essay(REPO / "episodes" / SAMPLE / "essay.md", show)
    out = folder / "recording.wav"
    record(demo_pieces(essay), out, folder / "truth.json")
    return out


@pytest.fixture
def sample_show(tmp_path, demo_recording) -> Path:
    """A fresh copy of the sample show with its recording in place."""
    root = copy_sample_show(tmp_path / "show")
    shutil.copy(demo_recording, root / "episodes" / SAMPLE / "recording.wav")
    return root


@pytest.fixture(scope="session")
def built_show(tmp_path_factory, demo_recording) -> Path:
    """The sample show after `produce episode` (published locally). Shared: do not modify."""
    from click.testing import CliRunner

    from pipeline.cli import main

    root = copy_sample_show(tmp_path_factory.mktemp("built") / "show")
    shutil.copy(demo_recording, root / "episodes" / SAMPLE / "recording.wav")
    result = CliRunner().invoke(main, ["--show", str(root), "episode", SAMPLE])
    assert result.exit_code == 0, result.output
    return root
