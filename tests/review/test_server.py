"""`produce review`'s server: the episode's data and audio behind a token, and one file it may write."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest

from pipeline.editing import host_edits
from pipeline.review import ReviewSession, make_review_server
from pipeline.show.config import load_show
from pipeline.show.episode import load_episode

from tests.support import SAMPLE, published_copy


@pytest.fixture
def review(built_show, tmp_path):
    """A copy of the built sample episode, served for review; yields (base URL, token, session)."""
    root = published_copy(built_show, tmp_path / "show")
    show = load_show(root)
    session = ReviewSession(show, load_episode(show, root / "episodes" / SAMPLE))
    server, url = make_review_server(session)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base, token = url.split("/?token=")
    yield base, token, session
    server.shutdown()
    server.server_close()


def call(url: str, body: bytes | dict | None = None, headers: dict | None = None) -> tuple[int, bytes, dict]:
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_state_holds_the_plan_words_and_script(review):
    base, token, session = review
    status, body, _ = call(f"{base}/api/state?token={token}")
    state = json.loads(body)
    assert status == 200 and state["slug"] == SAMPLE
    assert [e["reason"] for e in state["auto"]] == [e.reason for e in session.planned.edits]
    assert {"filler", "retake", "pause"} <= {e["reason"] for e in state["auto"]}
    assert len(state["words"]) == len(session.words) and len(state["script"]) == len(session.script)
    status, peaks, _ = call(f"{base}/api/peaks?token={token}")
    assert status == 200 and abs(len(peaks) / 100 - state["duration"]) < 0.02


def test_requests_without_the_token_or_from_another_host_are_refused(review):
    base, token, session = review
    for path in ("/", "/api/state", "/api/peaks", "/media/recording"):
        status, body, _ = call(f"{base}{path}")
        assert status == 403 and b"token" in body, path
        assert call(f"{base}{path}?token=x{token}")[0] == 403
    status, body, _ = call(f"{base}/api/save", {"manual": {}}, {"X-Review-Token": "wrong"})
    assert status == 403
    rebound = {"Host": f"attacker.example:{base.rsplit(':', 1)[1]}", "X-Review-Token": token}
    assert call(f"{base}/api/state", headers=rebound)[0] == 403
    assert not session.manual_path.exists()


def test_only_this_episodes_files_are_served(review):
    base, token, session = review
    for path in ("/media/../show.toml", "/media/..%2F..%2Fshow.toml", "/media/essay.md", "/static/../session.py",
                 "/static/%2e%2e/server.py", "/build/transcript.json", "/api/../../show.toml"):
        status, body, _ = call(f"{base}{path}?token={token}")
        assert status == 404, (path, status, body[:80])
    status, body, headers = call(f"{base}/media/recording?token={token}", headers={"Range": "bytes=100-199"})
    assert status == 206 and len(body) == 100 and headers["Content-Range"].endswith(
        f"/{session.episode.recording.stat().st_size}")
    assert body == session.episode.recording.read_bytes()[100:200]
    assert call(f"{base}/static/vendor/wavesurfer.min.js")[0] == 200          # the library needs no token


@pytest.mark.parametrize("manual, message", [
    ({"cut": [{"start": 5.0, "end": 2.0}]}, "must be after"),
    ({"cut": [{"start": "five", "end": 6.0}]}, "number of seconds"),
    ({"cut": [{"start": 1.0, "end": 1e9}]}, "past the recording's end"),
    ({"keep": [{"start": -1.0, "end": 2.0}]}, "must be 0 or more"),
    ({"move": [{"start": 1.0, "end": 2.0, "new_start": 1.5}]}, "new_end"),
    ({"cut": "everything"}, "list of tables"),
    ({"cut": [{"start": 1.0, "end": 2.0, "shell": "rm"}]}, "not a known setting"),
])
def test_malformed_ranges_get_a_400_and_nothing_is_written(review, manual, message):
    base, token, session = review
    for action in ("preview", "save", "render"):
        status, body, _ = call(f"{base}/api/{action}?token={token}", {"manual": manual})
        assert status == 400 and message in json.loads(body)["error"], (action, body)
    assert not session.manual_path.exists() and session.render_state.state == "idle"


def test_a_body_over_one_megabyte_is_refused(review):
    base, token, session = review
    big = json.dumps({"manual": {"cut": []}, "padding": "x" * (2 << 20)}).encode()
    status, body, _ = call(f"{base}/api/save?token={token}", big, {"Content-Type": "application/json"})
    assert status == 400 and b"at most 1048576 bytes" in body
    assert call(f"{base}/api/save?token={token}", b"{not json")[0] == 400
    assert not session.manual_path.exists()


def test_save_writes_edits_toml_atomically_and_preview_agrees_with_the_run(review):
    base, token, session = review
    filler = next(e for e in session.planned.edits if e.reason == "filler")
    manual = {"keep": [{"start": filler.start, "end": filler.end, "note": "filler"}], "move": [], "cut": []}
    status, body, _ = call(f"{base}/api/preview?token={token}", {"manual": manual})
    preview = json.loads(body)
    assert status == 200 and "filler" not in {e["reason"] for e in preview["edits"]}
    full = json.loads(call(f"{base}/api/preview?token={token}", {"manual": {}})[1])
    assert abs(preview["edited_duration"] - full["edited_duration"] - filler.duration) < 1e-6
    status, body, _ = call(f"{base}/api/save?token={token}", {"manual": manual})
    assert status == 200 and json.loads(body)["decisions"] == 1
    assert host_edits.load(session.manual_path).keep == (host_edits.Range(filler.start, filler.end, note="filler"),)
    leftovers = [p.name for p in session.manual_path.parent.iterdir() if p.name.startswith(".edits.toml")]
    assert leftovers == []


def test_snap_lands_on_the_quietest_frame_nearby(review):
    base, token, session = review
    pause = next(e for e in session.planned.edits if e.reason == "pause")
    status, body, _ = call(f"{base}/api/snap?token={token}", {"times": [pause.start + 0.013, 0.0, 1e6]})
    snapped = json.loads(body)["times"]
    assert status == 200 and abs(snapped[0] - pause.start) <= 0.05 and snapped[1:] == [0.0, session.duration]
