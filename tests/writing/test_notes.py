"""Show notes, chapters and the YouTube block: safe HTML, every link and the PS, pasted essays."""

import json
import re
import shutil

import lxml.html
import pytest

from pipeline.writing.chapters import Chapter
from pipeline.show.config import load_show
from pipeline.show.essay import load_essay
from pipeline.writing.notes import build_notes, sanitise, youtube_chapters

from tests.support import REPO, SAMPLE

DATA = REPO / "tests" / "data"


@pytest.fixture
def show(tmp_path):
    text = (REPO / "show.toml").read_text() + '\n[essay]\nend_markers = ["Until next week"]\n'
    (tmp_path / "show.toml").write_text(text)
    return load_show(tmp_path)


CHAPTERS = [Chapter(0.0, "The Script Is the Edit"), Chapter(16.2, "Why the script matters"),
            Chapter(43.0, "What the listener hears"), Chapter(56.5, "PS")]


def notes_for(show, path):
    return build_notes(show, load_essay(path, show), CHAPTERS, 70.0, "https://cdn/t.vtt")


def test_notes_have_summary_chapters_links_ps_and_follow_links(show):
    notes = notes_for(show, REPO / "episodes" / SAMPLE / "essay.md")
    assert notes.summary.startswith("Why a host who writes first")
    for expected in ("0:16 Why the script matters", "https://example.com/workbench/alignment", "the project page",
                     "PS: If you want to try this yourself", "https://example.com/workbench/subscribe",
                     "https://example.com/workbench/support", "https://cdn/t.vtt"):
        assert expected in notes.markdown, expected
    assert '<a href="https://example.com/workbench/alignment" rel="noopener nofollow">the project page</a>' in notes.html
    assert len(notes.short_html.encode()) <= 4000


def test_pasted_html_essay_gives_the_same_notes_as_the_clean_one(show, tmp_path):
    folder = tmp_path / "episodes" / "2026-11-24-pasted"
    folder.mkdir(parents=True)
    shutil.copy(DATA / "pasted_essay.html", folder / "essay.html")
    clean = REPO / "episodes" / SAMPLE / "essay.md"
    clean_text = clean.read_text().replace("summary: Why a host who writes first should never have to edit by ear "
                                           "again.\n", "")
    (tmp_path / "clean.md").write_text(clean_text)
    pasted_essay = load_essay(folder / "essay.html", show)
    clean_essay = load_essay(tmp_path / "clean.md", show)
    assert pasted_essay.title == clean_essay.title
    assert [b.text for b in pasted_essay.blocks] == [b.text for b in clean_essay.blocks]
    assert notes_for(show, folder / "essay.html").markdown == notes_for(show, tmp_path / "clean.md").markdown


def test_plain_text_essay(show, tmp_path):
    folder = tmp_path / "2026-11-24-plain"
    folder.mkdir()
    (folder / "essay.txt").write_text("A Plain Essay\n\nFirst paragraph, read aloud.\n\n## A section\n\n"
                                      "More text with https://example.com/x in it.\n")
    essay = load_essay(folder / "essay.txt", show)
    assert essay.title == "A Plain Essay"
    assert [s.title for s in essay.sections] == ["", "A section"]
    assert [l.url for l in essay.links] == ["https://example.com/x"]


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '<a href="javascript:alert(1)">x</a>',
                                     '<img src=x onerror="alert(1)">', '<p onclick="steal()">hi</p>',
                                     "]]><evil/>", "\u202eevil"])
def test_hostile_essay_content_never_reaches_the_html(show, tmp_path, hostile):
    folder = tmp_path / "2026-11-24-hostile"
    folder.mkdir()
    (folder / "essay.md").write_text(f"---\ntitle: T\nsummary: 'x {hostile.replace(chr(39), chr(34))}'\n---\n\n"
                                     f"Text {hostile} more. [link](javascript:alert(2))\n\nPS: {hostile}\n")
    notes = build_notes(show, load_essay(folder / "essay.md", show), CHAPTERS, 70.0)
    for html in (notes.html, notes.short_html):
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        assert not tree.xpath("//script | //img | //evil | //iframe")
        for element in tree.iter():
            assert not any(name.startswith("on") for name in element.attrib), lxml.html.tostring(element)
            assert not element.get("href", "").lower().lstrip().startswith("javascript")
            assert element.tag in {"div", "p", "a", "ul", "ol", "li", "b", "i", "strong", "em", "br"}
        assert "\u202e" not in html


def test_sanitise_keeps_only_apple_tags():
    html = sanitise('<h1>t</h1><p><b>b</b><span style="x">s</span><a href="https://a" target="_blank">a</a></p>')
    assert "<h1>" not in html and "<span" not in html and "target" not in html
    assert "<b>b</b>" in html and 'href="https://a"' in html


def youtube_rules_ok(lines, duration):
    """An independent check of YouTube's chapter rules."""
    times = []
    for line in lines:
        match = re.match(r"^(?:(\d+):)?(\d{1,2}):(\d{2}) (.+)$", line)
        assert match, line
        h, m, s = int(match.group(1) or 0), int(match.group(2)), int(match.group(3))
        times.append(h * 3600 + m * 60 + s)
        assert len(match.group(4)) <= 49
    assert times[0] == 0 and len(times) >= 3
    assert all(b - a >= 10 for a, b in zip(times, times[1:] + [duration]))
    return True


def test_youtube_block_obeys_the_rules_or_says_why_not():
    lines, problem = youtube_chapters(CHAPTERS, 70.0)
    assert problem == "" and youtube_rules_ok(lines, 70.0)
    long_title = [Chapter(0, "x" * 80), Chapter(20, "b"), Chapter(40, "c")]
    lines, _ = youtube_chapters(long_title, 60.0)
    assert youtube_rules_ok(lines, 60.0)
    lines, problem = youtube_chapters([Chapter(0, "a"), Chapter(5, "b"), Chapter(30, "c")], 60.0)
    assert lines == [] and "10 s" in problem
    lines, problem = youtube_chapters([Chapter(0, "a"), Chapter(30, "b")], 60.0)
    assert lines == [] and "at least 3" in problem


def test_golden_notes_and_chapters(built_show):
    """The sample episode's notes and chapters JSON, against files kept in tests/data."""
    build = built_show / "episodes" / SAMPLE / "build"
    chapters = json.loads((build / "chapters.json").read_text())
    golden = json.loads((DATA / "golden_chapters.json").read_text())
    assert [c["title"] for c in chapters["chapters"]] == [c["title"] for c in golden["chapters"]]
    for ours, theirs in zip(chapters["chapters"], golden["chapters"]):
        assert abs(ours["startTime"] - theirs["startTime"]) <= 0.5
    assert chapters["version"] == "1.2.0"
    notes = (build / "shownotes.md").read_text()
    expected = (DATA / "golden_shownotes.md").read_text()
    strip_times = lambda t: re.sub(r"\d+:\d\d ", "T ", t)   # noqa: E731  times are checked above
    assert strip_times(notes) == strip_times(expected)


@pytest.mark.parametrize("style", ["still", "audiogram"])
def test_youtube_video_is_h264_aac_and_as_long_as_the_mp3(tmp_path, style):
    import numpy as np
    import soundfile as sf
    from pipeline import ffmpeg
    from pipeline.show.config import YouTubeSettings
    from pipeline.sound.video import render_video
    wav = tmp_path / "a.wav"
    sf.write(wav, 0.2 * np.sin(np.arange(44100 * 7) / 9), 44100)
    mp3 = tmp_path / "a.mp3"
    ffmpeg.run(["-i", str(wav), "-c:a", "libmp3lame", "-b:a", "96k", str(mp3)], mp3, "encoding")
    out = tmp_path / "v.mp4"
    told: list[float] = []
    duration = render_video(mp3, REPO / "artwork.jpg", out, YouTubeSettings(video=True, style=style), told.append)
    assert abs(duration - ffmpeg.probe(mp3).duration) <= 0.1
    # the progress bar moves as ffmpeg writes, and ends full
    assert told == sorted(told) and told[-1] == 1.0 and any(0 < f < 1 for f in told), told
    import json as _json
    import subprocess
    streams = _json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
                                          str(out)], capture_output=True).stdout)["streams"]
    video = next(s for s in streams if s["codec_type"] == "video")
    audio = next(s for s in streams if s["codec_type"] == "audio")
    assert video["codec_name"] == "h264" and (video["width"], video["height"]) == (1280, 720)
    assert audio["codec_name"] == "aac"


def test_optional_summariser_speaks_the_openai_chat_api(show, monkeypatch):
    """Against a local server that answers like an OpenAI-compatible API; off by default."""
    import dataclasses
    import http.server
    import threading
    seen = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            seen["path"] = self.path
            seen["auth"] = self.headers.get("Authorization")
            seen["body"] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            reply = json.dumps({"choices": [{"message": {"content": "A short   summary.\u202e"}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("PRODUCE_SUMMARISER_KEY", "k-123")
    essay = load_essay(REPO / "episodes" / SAMPLE / "essay.md", show)
    essay = dataclasses.replace(essay, front=dataclasses.replace(essay.front, summary=""))
    configured = dataclasses.replace(show, notes=dataclasses.replace(
        show.notes, summariser_url=f"http://127.0.0.1:{server.server_port}/v1", summariser_model="m"))
    assert build_notes(show, essay, CHAPTERS, 70.0).summary != "A short summary."      # off by default
    notes = build_notes(configured, essay, CHAPTERS, 70.0)
    server.shutdown()
    assert notes.summary == "A short summary."
    assert seen["path"] == "/v1/chat/completions" and seen["auth"] == "Bearer k-123"
    assert seen["body"]["model"] == "m" and "Every week I write an essay" in seen["body"]["messages"][1]["content"]
    broken = dataclasses.replace(configured, notes=dataclasses.replace(configured.notes,
                                                                       summariser_url="http://127.0.0.1:9/v1"))
    warnings = []
    fallback = build_notes(broken, essay, CHAPTERS, 70.0, warnings=warnings)
    assert fallback.summary.startswith("Every week I write an essay") and "did not answer" in warnings[0]
