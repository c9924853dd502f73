"""What several test modules share: where the repository and the shared fixtures are, the sample show,
and the script and pieces of the synthetic take that the edit and read-along tests speak."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.editing import edits
from pipeline.hearing import levels
from pipeline.script import align
from pipeline.script.align import normalise
from pipeline.show.config import EditSettings
from synth import Piece

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


CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(CHROMEDRIVER is None or shutil.which("chromium") is None,
                                    reason="Debian's chromium and chromium-driver are not installed "
                                           "(apt-get install chromium chromium-driver)")


def chromium(profile: Path, width: int = 1400, height: int = 1000):
    """Headless Chromium under Selenium, as the page tests drive it (no network, no first-run noise)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required", f"--window-size={width},{height}",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


PARTYTIME = REPO / ".venv" / "node" / "node_modules"


def partytime(xml: bytes) -> dict:
    """The feed as the Podcast Index's own parser, podcast-partytime, reads it (node), or skip."""
    import json
    import subprocess
    node = shutil.which("node")
    if node is None or not (PARTYTIME / "podcast-partytime").is_dir():
        pytest.skip("needs node and podcast-partytime (make setup installs it where npm is present)")
    script = ("let xml = ''; process.stdin.on('data', d => xml += d); process.stdin.on('end', () => "
              "console.log(JSON.stringify(require('podcast-partytime').parseFeed(xml))));")
    done = subprocess.run([node, "-e", script], input=xml, capture_output=True, timeout=60,
                          env={"NODE_PATH": str(PARTYTIME), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return json.loads(done.stdout)


def spoken(text: str) -> str:
    return " ".join(w for token in text.split() for w in normalise(token))


SCRIPT = ["The first thing I tell new hosts is to write before they speak.",
          "A written essay gives the recording a shape.",
          "It also tells the editor what was meant.",
          "Every pause and every stumble can then be found.",
          "The listener never hears the mistakes.",
          "That is the whole idea of this tool."]

PIECES = [Piece("pause", seconds=2.0), Piece("chatter", "Okay, recording now."), Piece("pause", seconds=1.2),
          Piece("retake", "The first thing,"), Piece("say", SCRIPT[0]),
          Piece("say", SCRIPT[1]), Piece("pause", seconds=3.0),
          Piece("say", SCRIPT[2]), Piece("filler", "um"), Piece("say", SCRIPT[3]),
          Piece("retake", SCRIPT[4]), Piece("chatter", "Sorry, let me do that again."), Piece("say", SCRIPT[4]),
          Piece("filler", "uh"), Piece("say", SCRIPT[5]),
          Piece("pause", seconds=1.0), Piece("chatter", "And that's a wrap."), Piece("pause", seconds=2.0)]


def tones(layout: list[tuple[str, float]], rate: int = 16000) -> np.ndarray:
    """Samples from (kind, seconds) pieces: "word" is a chirp (its spectrum moves, as a word's
    does, though slowly enough that `levels.steadiness` may take it for held), "speech" two
    tones, a low and a weaker high one, that jump every 10 ms (voiced, and unsteady as
    syllables are), "held" a steady
    voiced tone with harmonics (an "um"), "gap" silence."""
    rng, out = np.random.default_rng(1), []
    for what, seconds in layout:
        t = np.arange(int(seconds * rate)) / rate
        if what == "word":
            f = 300 + 2500 * t / seconds
            piece = 0.3 * np.sin(2 * np.pi * np.cumsum(f) / rate)
        elif what == "held":
            piece = 0.3 * sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 6))
        elif what == "speech":
            low, high = (np.repeat(rng.uniform(lo, hi, len(t) // 160 + 1), 160)[:len(t)]
                         for lo, hi in ((150, 1200), (1500, 3500)))
            piece = 0.3 * np.sin(2 * np.pi * np.cumsum(low) / rate) + 0.1 * np.sin(2 * np.pi * np.cumsum(high) / rate)
        else:
            piece = np.zeros_like(t)
        out.append(piece + 1e-4 * rng.standard_normal(len(t)))
    return np.concatenate(out).astype(np.float32)


def filler_cuts(layout, words, script, index, blocks=None, samples=None, denoised=None):
    """The filler cuts `edits.plan` makes on `tones(layout)` (or `samples`, and the clean
    stage's `denoised` audio) for `words`, aligned to `script` by `index`; `blocks`, the essay
    block each word reads (by default one block, -1 for unaligned)."""
    samples = tones(layout) if samples is None else samples
    alignment = align.Alignment(index, len(script), len(script), index)
    blocks = blocks or [0 if k >= 0 else -1 for k in index]
    plan = edits.plan(words, alignment, blocks, levels.frame_db(samples),
                      len(samples) / 16000, EditSettings(cut_head_tail=False, cut_pauses=False), [], [],
                      script, samples, denoised)
    return [e for e in plan.edits if e.reason == "filler"], plan
