"""Shared fixtures: the repository's sample show copied to a temp folder, with a recording
synthesised by espeak-ng, and the real recordings of ../shared/fixtures when present."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .support import REPO, SAMPLE, copy_sample_show

@pytest.fixture(scope="session")
def demo_recording(tmp_path_factory) -> Path:
    """The demo's synthetic recording of the sample essay, made once per test session."""
    from pipeline.show.config import load_show
    from synth.demo import demo_pieces
    from pipeline.show.essay import load_essay
    from synth import record

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
