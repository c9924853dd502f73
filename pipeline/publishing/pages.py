"""Episode pages and the show's index page: where a newsletter's "listen" link lands.

Plain HTML from Jinja2 templates (autoescaped; the show notes are already sanitised),
a little JavaScript so chapters and transcript lines seek the player, no build step.
Each page is the `<link>` of its feed item.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from ..writing.chapters import clock
from ..show.config import Show
from ..show.episode import Episode
from .feed import FeedItem, FeedUrls
from .objects import Storage

_env = Environment(loader=PackageLoader("pipeline.publishing", "templates"), autoescape=select_autoescape(["html"]))


@dataclass(frozen=True)
class Line:
    start: float
    text: str

    @property
    def clock(self) -> str:
        return clock(self.start)


def _cues(vtt: str) -> list[Line]:
    lines = []
    for block in vtt.split("\n\n"):
        match = re.search(r"(\d+):(\d\d):(\d\d)\.(\d{3}) -->", block)
        if not match:
            continue
        h, m, s, ms = (int(g) for g in match.groups())
        text = " ".join(re.sub(r"<[^>]+>", "", line) for line in block.split("\n")[1:] if "-->" not in line)
        lines.append(Line(h * 3600 + m * 60 + s + ms / 1000, text.strip()))
    return lines


def _read(storage: Storage, key: str) -> str:
    data = storage.read(key)
    return data.decode("utf-8") if data else ""


EMBED_HEIGHT = 120                      # px: the embeddable player's iframe


def _plain(summary_html: str) -> str:
    """The summary as one line of text, for link previews (og:description)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html_lib.unescape(summary_html)).split())[:300]


def render_all(show: Show, storage: Storage, episodes: list[Episode], items: list[FeedItem],
               urls: FeedUrls) -> list[tuple[str, str]]:
    """(storage key, HTML) for every published episode's page (with link-preview tags), its
    embeddable player (embed.html, for an iframe) and the index page."""
    by_guid = {item.guid: item for item in items}
    index_url = storage.url("index.html").removesuffix("index.html")
    pages, entries = [], []
    for episode in episodes:
        item = by_guid.get(episode.published.guid)
        if item is None:
            continue
        folder = f"episodes/{episode.storage_slug}/"
        chapters_json = _read(storage, folder + "chapters.json")
        chapters = [Line(c["startTime"], c["title"]) for c in json.loads(chapters_json)["chapters"]] \
            if chapters_json else []
        shared = {"show": show, "urls": urls, "item": item, "embed_height": EMBED_HEIGHT}
        html = _env.get_template("episode.html").render(
            **shared, chapters=chapters, cues=_cues(_read(storage, folder + "transcript.vtt")),
            minutes=max(1, round(item.duration / 60)), index_url=index_url, description=_plain(item.summary_html))
        pages.append((folder + "index.html", html))
        pages.append((folder + "embed.html", _env.get_template("embed.html").render(**shared)))
        entries.append({"url": item.link, "title": item.title, "date": item.pub_date})
    entries.sort(key=lambda e: e["date"], reverse=True)
    pages.append(("index.html", _env.get_template("index.html").render(show=show, urls=urls, entries=entries)))
    return pages
