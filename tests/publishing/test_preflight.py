"""The preflight of `produce publish`: an episode that fails the checks is not released, the feed is
left as it was, and `--force` lets it out with the problems as warnings."""

from __future__ import annotations

import hashlib
import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from pipeline import ffmpeg
from pipeline.cli import main
from pipeline.publishing import preflight

from tests.support import SAMPLE, published_copy


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def unreleased(built_show, tmp_path):
    """The built sample episode, not yet released, and a feed written while it was still scheduled."""
    root = published_copy(built_show, tmp_path / "show")
    (root / "episodes" / SAMPLE / "episode.toml").unlink()
    for path in sorted((root / "public").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert invoke("--show", root, "publish", "--now", "2026-11-01T00:00:00+00:00").exit_code == 0
    return root


def make_quiet(root, db: float = -11.0) -> None:
    """The episode's MP3 re-encoded `db` quieter, as if mastered to another target, package.json to match."""
    build = root / "episodes" / SAMPLE / "build"
    quiet = build / "quiet.mp3"
    ffmpeg.run(["-i", str(build / "episode.mp3"), "-af", f"volume={db}dB", "-c:a", "libmp3lame", "-b:a", "96k",
                str(quiet)], quiet, "making a quiet MP3")
    quiet.replace(build / "episode.mp3")
    package = json.loads((build / "package.json").read_text())
    data = (build / "episode.mp3").read_bytes()
    package.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    (build / "package.json").write_text(json.dumps(package))


def test_a_quiet_episode_is_refused_with_the_rule_named_and_force_lets_it_out(unreleased):
    root = unreleased
    feed = root / "public" / "feed.xml"
    before = feed.read_bytes()
    assert b"<item>" not in before
    make_quiet(root)
    refused = invoke("--show", root, "publish")
    assert refused.exit_code == 1, refused.output
    assert f"not released {SAMPLE}" in refused.output and "[Loudness] integrated loudness -30" in refused.output
    assert "Traceback" not in refused.output
    assert b"<item>" not in feed.read_bytes()          # the feed as it was (an empty feed's lastBuildDate is now)
    assert not (root / "episodes" / SAMPLE / "episode.toml").exists()
    assert not (root / "public" / "episodes" / SAMPLE).exists()     # nothing uploaded for it

    forced = invoke("--show", root, "publish", "--force")
    assert forced.exit_code == 0, forced.output
    assert "released with --force despite" in forced.output and f"released   {SAMPLE}" in forced.output
    assert b"<item>" in feed.read_bytes() and (root / "episodes" / SAMPLE / "episode.toml").exists()


def test_a_good_episode_passes_and_a_published_one_is_not_measured_again(unreleased, monkeypatch):
    root = unreleased
    result = invoke("--show", root, "publish")
    assert result.exit_code == 0 and f"released   {SAMPLE}" in result.output, result.output
    measured = []
    monkeypatch.setattr(preflight, "measure_file", lambda path: measured.append(path))
    again = invoke("--show", root, "publish")
    assert again.exit_code == 0 and measured == [], again.output      # the weekly job checks what is new only


def test_an_update_that_fails_keeps_the_released_episode_as_it_was(built_show, tmp_path):
    root = published_copy(built_show, tmp_path / "show")
    toml = (root / "episodes" / SAMPLE / "episode.toml").read_text()
    feed = (root / "public" / "feed.xml").read_bytes()
    make_quiet(root, 8.0)                                            # re-mastered far too loud
    result = invoke("--show", root, "publish")
    assert result.exit_code == 1 and "[Loudness]" in result.output, result.output
    assert (root / "episodes" / SAMPLE / "episode.toml").read_text() == toml
    assert (root / "public" / "feed.xml").read_bytes() == feed


class Refusing(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(HTTPStatus.FORBIDDEN)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


def test_media_refused_at_its_public_address_is_a_problem_and_an_unreachable_one_a_note():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/ep.mp3"
    xml = (f'<rss><channel><title>S</title><item><title>One</title><enclosure url="{url}" length="10" '
           'type="audio/mpeg"/></item></channel></rss>').encode()
    try:
        problems, note = preflight.media_problems(xml, "One")
        assert [p.rule for p in problems] == ["Media"] and "answers 403" in problems[0].message and not note
    finally:
        server.shutdown()
        server.server_close()
    problems, note = preflight.media_problems(xml.replace(url.encode(), b"http://127.0.0.1:9/ep.mp3"), "One")
    assert problems == [] and "could not be fetched" in note
