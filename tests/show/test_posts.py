"""`produce new --from` and `produce import`: the essay brought in from the newsletter, over real HTTP.

Each platform's feed and page (tests/show/platforms.py) is served by a local HTTP server and
fetched by the command as a host would run it; the essay it writes must read as the same
script, sections and links as the clean Markdown of the same post.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.show import posts
from pipeline.show.config import load_show
from pipeline.show.essay import load_essay
from pipeline.writing.newsletter import listen_block
from pipeline.writing.notes import build_notes
from pipeline.writing.chapters import Chapter

from tests.show import platforms
from tests.support import copy_sample_show


class Site:
    """A local web server answering fixed paths with fixed bodies (or a slow answer)."""

    def __init__(self, pages: dict[str, tuple[str, bytes]], delay: float = 0.0):
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.requests.append(self.path)
                if self.path not in pages:
                    self.send_error(404)
                    return
                time.sleep(delay)
                kind, body = pages[self.path]
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass                                  # the client gave up waiting: what the test asks

        self.requests: list[str] = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    pages = {f"/{name}/feed": ("application/rss+xml", make()) for name, make in platforms.FEEDS.items()}
    pages |= {f"/{name}/post": ("text/html; charset=utf-8", make()) for name, make in platforms.PAGES.items()}
    served = Site(pages)
    yield served
    served.close()


@pytest.fixture
def show_dir(tmp_path):
    folder = copy_sample_show(tmp_path / "show")
    (tmp_path / "clean.md").write_text(platforms.CLEAN)
    return folder


def invoke(show_dir, *args):
    return CliRunner().invoke(main, ["--show", str(show_dir), *[str(a) for a in args]])


def essay_shape(path, show):
    essay = load_essay(path, show)
    return essay.title, essay.date, essay.sections, essay.blocks


def created(show_dir):
    return sorted(p for p in (show_dir / "episodes").iterdir() if not p.name.startswith("2026-11-24"))


@pytest.mark.parametrize("source", [f"{n}/feed" for n in platforms.FEEDS] + [f"{n}/post" for n in platforms.PAGES])
def test_new_from_each_platform_gives_the_clean_posts_essay(site, show_dir, source):
    result = invoke(show_dir, "new", "--from", site.url(f"/{source}"))
    assert result.exit_code == 0, result.output
    [folder] = created(show_dir)
    assert folder.name == "2026-11-29-why-we-walk"
    show = load_show(show_dir)
    assert essay_shape(folder / "essay.md", show) == essay_shape(show_dir.parent / "clean.md", show)
    text = (folder / "essay.md").read_text()
    assert "Subscribe" not in text and "Listen to the audio" not in text and "Photo by" not in text
    assert "*That* is the whole point" in text and "**different**" in text and "> The mind" in text
    platform = source.split("/")[0]
    if platform in ("substack", "ghost", "beehiiv"):
        assert f'summary: "{platforms.SUBTITLE}"' in text


def test_post_is_chosen_by_title_link_or_date_and_a_miss_lists_the_posts(site, show_dir):
    feed = site.url("/substack/feed")
    assert invoke(show_dir, "new", "--from", feed, "--post", "shortcut").exit_code == 0
    assert [p.name for p in created(show_dir)] == ["2026-11-22-the-shortcut"]
    assert invoke(show_dir, "new", "--from", feed, "--post", "2026-11-29").exit_code == 0
    assert [p.name for p in created(show_dir)][-1] == "2026-11-29-why-we-walk"
    missed = invoke(show_dir, "new", "--from", feed, "--post", "no such post")
    assert missed.exit_code == 1
    assert "no post matches --post 'no such post'" in missed.output and "'The Shortcut'" in missed.output


def test_a_newsletters_home_page_leads_to_its_feed(show_dir):
    home = (b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head><body><nav>Home</nav>'
            b'<p>Welcome</p></body></html>')
    served = Site({"/": ("text/html", home), "/feed": ("application/rss+xml", platforms.ghost_feed())})
    try:
        result = invoke(show_dir, "new", "--from", served.url("/"))
    finally:
        served.close()
    assert result.exit_code == 0, result.output
    assert served.requests == ["/", "/feed"]
    assert [p.name for p in created(show_dir)] == ["2026-11-29-why-we-walk"]


@pytest.mark.parametrize("pages, path, expected", [
    ({}, "/gone", "the server answered 404"),
    ({"/empty": ("application/rss+xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                 b'</channel></rss>')}, "/empty", "the feed has no posts"),
    ({"/logo": ("image/jpeg", b"\xff\xd8\xff\xe0" + bytes(200))}, "/logo", "neither an RSS or Atom feed nor"),
    ({"/bare": ("text/html", b"<html><body><p>Hi</p></body></html>")}, "/bare", "neither an RSS or Atom feed nor"),
])
def test_a_source_that_is_not_a_post_is_one_plain_error_and_creates_nothing(show_dir, pages, path, expected):
    served = Site(pages)
    try:
        result = invoke(show_dir, "new", "--from", served.url(path))
    finally:
        served.close()
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {served.url(path)}: ") and expected in result.output
    assert "Traceback" not in result.output and created(show_dir) == []


def test_a_server_that_does_not_answer_times_out_with_a_message(show_dir, monkeypatch):
    monkeypatch.setattr(posts, "TIMEOUT", (1, 0.5))
    served = Site({"/slow": ("application/rss+xml", platforms.ghost_feed())}, delay=3)
    try:
        result = invoke(show_dir, "new", "--from", served.url("/slow"))
    finally:
        served.close()
    assert result.exit_code == 1 and "no answer within" in result.output and created(show_dir) == []


def test_a_saved_file_works_as_the_source_and_a_missing_one_is_named(show_dir, tmp_path):
    saved = tmp_path / "post.html"
    saved.write_bytes(platforms.linkedin_page())
    assert invoke(show_dir, "new", "--from", saved).exit_code == 0
    assert [p.name for p in created(show_dir)] == ["2026-11-29-why-we-walk"]
    missing = invoke(show_dir, "new", "--from", tmp_path / "nope.xml")
    assert missing.exit_code == 1 and "nope.xml: no such file" in missing.output


def test_import_makes_every_post_an_episode_with_its_recording_and_keeps_what_exists(site, show_dir, tmp_path):
    takes = tmp_path / "takes"
    takes.mkdir()
    (takes / "20261129 take 2.wav").write_bytes(b"RIFF-walk")
    (takes / "the shortcut final.m4a").write_bytes(b"m4a-shortcut")
    (takes / "notes.txt").write_text("not audio")
    result = invoke(show_dir, "import", site.url("/substack/feed"), "--recordings", takes)
    assert result.exit_code == 0, result.output
    walk, shortcut = show_dir / "episodes" / "2026-11-29-why-we-walk", show_dir / "episodes" / "2026-11-22-the-shortcut"
    assert (walk / "recording.wav").read_bytes() == b"RIFF-walk"
    assert (shortcut / "recording.m4a").read_bytes() == b"m4a-shortcut"
    assert "2 episode(s) created, 2 with a recording" in result.output
    (walk / "essay.md").write_text((walk / "essay.md").read_text() + "\nThe host's own edit.\n")
    again = invoke(show_dir, "import", site.url("/substack/feed"))
    assert again.exit_code == 0 and "0 episode(s) created" in again.output and "exists" in again.output
    assert (walk / "essay.md").read_text().endswith("The host's own edit.\n")


def test_import_leaves_an_ambiguous_recording_to_the_host(site, show_dir, tmp_path):
    takes = tmp_path / "takes"
    takes.mkdir()
    (takes / "2026-11-29.wav").write_bytes(b"a")
    (takes / "why we walk.flac").write_bytes(b"b")
    result = invoke(show_dir, "import", site.url("/ghost/feed"), "--recordings", takes)
    assert result.exit_code == 0
    assert not list((show_dir / "episodes" / "2026-11-29-why-we-walk").glob("recording.*"))
    assert "several recordings match (2026-11-29.wav, why we walk.flac)" in result.output


HOSTILE = b"""<!DOCTYPE html><html><head><meta property="og:title" content="Walking &lt;script&gt;alert(1)&lt;/script&gt;">
<meta property="article:published_time" content="2026-11-29T08:00:00Z"></head><body><article>
<div class="entry-content">
<p onclick="alert(2)">Every morning I walk the same loop around the reservoir, and every morning it is new.</p>
<script>document.write('<p>Injected paragraph</p>')</script>
<p>Read <a href="javascript:alert(3)">this</a>, <a href=" JaVaScRiPt:alert(4)">that</a>, <a href="data:text/html,x">the
other</a> and <a href="https://example.org/ok" onmouseover="alert(5)">a real link</a>.</p>
<img src="x" onerror="alert(6)"><iframe src="https://evil.example/"></iframe>
<style>p { background: url(javascript:alert(7)) }</style>
<p style="display:none">Hidden text that was never read aloud.</p>
<h2 onmouseover="alert(8)">Walking with <em>others</em></h2>
<p>A walk with a friend is a conversation with the scenery doing half the talking, we said.<svg onload="alert(9)"></svg></p>
<form action="https://evil.example/"><input value="Subscribe"></form>
<p>PS: Write and tell me what you saw on the loop this week.</p>
</div></article></body></html>"""


def test_a_hostile_post_brings_nothing_executable_into_the_essay_notes_or_block(show_dir, tmp_path):
    saved = tmp_path / "hostile.html"
    saved.write_bytes(HOSTILE)
    result = invoke(show_dir, "new", "--from", saved)
    assert result.exit_code == 0, result.output
    [folder] = created(show_dir)
    show = load_show(show_dir)
    essay = load_essay(folder / "essay.md", show)
    notes = build_notes(show, essay, [Chapter(0.0, essay.title), Chapter(20.0, "Walking with others")], 60.0)
    block = listen_block(show, essay.title, 600.0, "https://example.org/episodes/walk/", "https://example.org/a.jpg",
                         "https://example.org/feed.xml")
    outputs = {"essay.md": (folder / "essay.md").read_text(), "notes": notes.markdown + notes.html + notes.youtube,
               "block": block.html + block.markdown + block.text}
    for name, text in outputs.items():
        for bad in ("<script", "javascript:", "onclick", "onerror", "onmouseover", "onload", "<iframe", "data:text",
                    "Injected", "Hidden text", "<form", "<svg", "<style"):
            assert bad.lower() not in text.lower(), (name, bad)
    assert "[a real link](https://example.org/ok)" in outputs["essay.md"]
    assert [link.url for link in essay.links] == ["https://example.org/ok"]
    assert "Read this, that, the other and a real link." in [b.text for b in essay.blocks]
    assert essay.title == "Walking alert(1)"              # a tag in a title is dropped, its text kept


def test_markdown_characters_in_a_post_stay_text(tmp_path):
    page = (b'<html><head><meta property="og:title" content="Stars"></head><body><article><p>Use [brackets](not a link), '
            b'&lt;angle&gt; &amp;amp; *stars* _under_ `ticks` and # hashes | pipes ~ tildes! Then more words to '
            b'make it a post worth reading here.</p><p>1. Not a list, and - not an item either.</p></article></body>'
            b'</html>')
    saved = tmp_path / "p.html"
    saved.write_bytes(page)
    [post] = posts.read_source(str(saved))
    essay_md = tmp_path / "episodes" / "2026-11-29-stars" / "essay.md"
    essay_md.parent.mkdir(parents=True)
    essay_md.write_text('---\ntitle: "Stars"\ndate: 2026-11-29\n---\n\n' + post.markdown)
    show = load_show(copy_sample_show(tmp_path / "show"))
    texts = [b.text for b in load_essay(essay_md, show).blocks]
    assert texts == ["Use [brackets](not a link), <angle> &amp; *stars* _under_ `ticks` and # hashes | pipes ~ tildes! "
                     "Then more words to make it a post worth reading here.",
                     "1. Not a list, and - not an item either."]
