"""Properties over many generated cases (hypothesis): hostile essays never yield unsafe notes
or a broken feed, and a show changed in any order never loses a published episode."""

import datetime as dt
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import lxml.html
import podcastparser
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule
from lxml import etree

from pipeline.publishing import publish as publishing
from pipeline.writing.chapters import Chapter
from pipeline.show.config import load_show
from pipeline.show.essay import load_essay
from pipeline.publishing.feed import FeedItem, FeedUrls, build_feed
from pipeline.writing.notes import APPLE_TAGS, build_notes
from pipeline.publishing.storage import open_storage

from tests.support import REPO

HOSTILE = ["<script>alert(1)</script>", '<a href="javascript:alert(1)">x</a>', '<img src=x onerror=alert(1)>',
           "]]>", "<![CDATA[x]]>", "\u202e", "\u0000", "\x0b", "&amp;&lt;", '" onmouseover="x', "javascript:x",
           "<iframe src=//evil>", "{{ 7*7 }}", "\ud7ff", "\U0001f600", "<style>*{}</style>"]
pieces = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(HOSTILE)), min_size=1, max_size=8).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=pieces, body=pieces, link_text=pieces)
def test_hostile_essays_give_safe_notes_and_a_well_formed_feed(title, body, link_text):
    assume(title.strip() and "\n" not in title and "\r" not in title)
    show = load_show(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "2026-12-01-x"
        folder.mkdir()
        front = json.dumps(title)                      # a JSON string is a valid YAML scalar
        link = link_text.replace("]", "").replace("[", "")
        (folder / "essay.md").write_text(f"---\ntitle: {front}\n---\n\n{body}\n\n[{link}](https://e.com/a)\n\n"
                                         f"## {body[:20]}\n\nPS: {body}\n", encoding="utf-8", errors="surrogatepass")
        try:
            essay = load_essay(folder / "essay.md", show)
        except Exception as exc:                       # a plain ConfigError is fine for a nonsense title
            assert exc.__class__.__name__ == "ConfigError", exc
            return
        notes = build_notes(show, essay, [Chapter(0, essay.title)], 60.0)
    for html in (notes.html, notes.short_html):
        tree = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
        for element in tree.iter():
            assert element.tag in APPLE_TAGS | {"div"}
            assert not any(a.startswith("on") for a in element.attrib)
            assert element.get("href", "https:").startswith(("https:", "http:", "mailto:"))
        assert "\u202e" not in html
    item = FeedItem("g", essay.title, dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc), "https://e.com/p",
                    notes.short_html, notes.html, "https://e.com/a.mp3", 10, "audio/mpeg", 60.0, 1, None, "full", False)
    xml = build_feed(show, FeedUrls("https://e.com/feed.xml", "https://e.com/a.jpg", "https://e.com"), [item])
    etree.fromstring(xml)
    parsed = podcastparser.parse("https://e.com/feed.xml", __import__("io").BytesIO(xml))
    assert len(parsed["episodes"]) == 1


class ShowOverTime(RuleBasedStateMachine):
    """New episodes, rebuilds, re-schedules, renames and retitles in any order, with the weekly
    publish run in between: nothing published ever disappears or changes its GUID."""

    episodes = Bundle("episodes")

    @initialize()
    def make_show(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.root = self.tmp / "show"
        self.root.mkdir()
        shutil.copy(REPO / "artwork.jpg", self.root / "artwork.jpg")
        text = (REPO / "show.toml").read_text().replace('storage = "public"', f'storage = "{self.root / "public"}"')
        (self.root / "show.toml").write_text(text)
        (self.root / "episodes").mkdir()
        self.now = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.timezone.utc)
        self.folders: dict[int, Path] = {}
        self.guids: dict[int, str] = {}                 # episode id → GUID once published
        self.ever_published: set[str] = set()
        self.counter = 0

    def teardown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _essay(self, folder, title, publish_at):
        (folder / "essay.md").write_text(f"---\ntitle: {json.dumps(title)}\npublish_at: {publish_at.isoformat()}\n---\n\n"
                                         "Some words of the essay.\n")

    def _build(self, folder, seed):
        build = folder / "build"
        (build / "captions").mkdir(parents=True, exist_ok=True)
        mp3 = b"ID3" + hashlib.sha256(f"{folder.name}{seed}".encode()).digest() * 100
        (build / "episode.mp3").write_bytes(mp3)
        for name in ("transcript.vtt", "transcript.srt", "transcript.json", "transcript.txt"):
            (build / "captions" / name).write_text("WEBVTT\n\n" if name.endswith("vtt") else "{}")
        (build / "chapters.json").write_text(json.dumps({"version": "1.2.0", "chapters": []}))
        (build / "shownotes.html").write_text("<p>notes</p>")
        (build / "summary.html").write_text("<p>notes</p>")
        (build / "package.json").write_text(json.dumps({"duration": 60.0, "size": len(mp3),
                                                        "sha256": hashlib.sha256(mp3).hexdigest()}))

    @rule(target=episodes, days=st.integers(-3, 7), title=st.text(min_size=1, max_size=30))
    def new_episode(self, days, title):
        assume(title.strip() and not any(c in title for c in "\r\n\x85\u2028\u2029"))
        self.counter += 1
        folder = self.root / "episodes" / f"2026-12-{1 + self.counter % 28:02d}-ep-{self.counter}"
        folder.mkdir()
        self._essay(folder, title, self.now + dt.timedelta(days=days))
        self._build(folder, 0)
        self.folders[self.counter] = folder
        return self.counter

    @rule(episode=episodes, seed=st.integers(1, 5))
    def rebuild(self, episode, seed):
        self._build(self.folders[episode], seed)

    @rule(episode=episodes, days=st.integers(-5, 30))
    def reschedule(self, episode, days):
        folder = self.folders[episode]
        text = (folder / "essay.md").read_text().splitlines()
        text = [l if not l.startswith("publish_at:") else
                f"publish_at: {(self.now + dt.timedelta(days=days)).isoformat()}" for l in text]
        (folder / "essay.md").write_text("\n".join(text) + "\n")

    @rule(episode=episodes)
    def rename(self, episode):
        folder = self.folders[episode]
        renamed = folder.with_name(folder.name + "-r")
        folder.rename(renamed)
        self.folders[episode] = renamed

    @rule(days=st.integers(1, 10))
    def weekly_publish(self, days):
        self.now += dt.timedelta(days=days)
        show = load_show(self.root)
        publishing.publish(show, open_storage(show), self.now)
        for episode, folder in self.folders.items():
            toml = folder / "episode.toml"
            if toml.exists():
                guid = toml.read_text().split('guid = "')[1].split('"')[0]
                assert self.guids.setdefault(episode, guid) == guid, "a GUID changed"
                self.ever_published.add(guid)

    @invariant()
    def feed_keeps_everything_published(self):
        feed = self.root / "public" / "feed.xml"
        if not feed.exists():
            return
        with open(feed, "rb") as handle:
            parsed = podcastparser.parse("http://127.0.0.1:8000/feed.xml", handle)
        guids = [e["guid"] for e in parsed["episodes"]]
        assert set(guids) == self.ever_published, "a published episode left the feed"
        numbers = [e.get("number") for e in parsed["episodes"]]
        assert len(numbers) == len(set(numbers)), "two episodes share a number"
        for episode in parsed["episodes"]:
            url = episode["enclosures"][0]["url"]
            path = self.root / "public" / url.split("127.0.0.1:8000/")[1]
            assert path.stat().st_size == episode["enclosures"][0]["file_size"], "the feed names a missing file"


ShowOverTime.TestCase.settings = settings(max_examples=15, stateful_step_count=20, deadline=None)
test_show_over_time = ShowOverTime.TestCase
