"""A feedgen extension that writes Apple's itunes: tags and the Podcasting 2.0 podcast: tags.

feedgen's bundled podcast extension predates Apple's 2019 categories and `true`/`false`
for explicit, so this one speaks both namespaces itself, through feedgen's extension
seam (see feedgen/ext/syndication.py for the pattern). Values are set as plain
attributes; `extend_rss` turns them into elements.
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
PSC = "http://podlove.org/simple-chapters"


def _text(parent, ns: str, tag: str, value, **attrs):
    if value in (None, ""):
        return None
    element = xml_elem(f"{{{ns}}}{tag}", parent)
    if value is not True:
        element.text = str(value)
    for key, attr in attrs.items():
        if attr not in (None, ""):
            element.set(key, str(attr))
    return element


def _attr_only(parent, ns: str, tag: str, **attrs):
    element = xml_elem(f"{{{ns}}}{tag}", parent)
    for key, value in attrs.items():
        if value not in (None, ""):
            element.set(key, str(value))
    return element


class ShowExtension(BaseExtension):
    """Channel-level tags. Set the attributes, feedgen calls extend_rss."""

    def __init__(self):
        self.author = ""
        self.owner_name = ""
        self.owner_email = ""
        self.image = ""
        self.categories: list[tuple[str, str]] = []
        self.explicit = False
        self.type = "episodic"
        self.guid = ""
        self.locked_owner = ""          # podcast:locked owner (email); empty: not locked
        self.locked = True
        self.funding: list[tuple[str, str]] = []      # (url, label)
        self.persons: list[dict] = []
        self.medium = "podcast"
        self.txt = ""
        self.update_frequency: tuple[str, str] | None = None      # (label, RFC 5545 rrule)
        self.license: tuple[str, str] = ("", "")                   # (name, url)
        self.location: tuple[str, str] = ("", "")                  # (name, geo URI)
        self.new_feed_url = ""
        self.images_srcset = ""
        self.trailers: list[dict] = []                             # title, url, pubdate, length, type

    def extend_ns(self):
        return {"itunes": ITUNES, "podcast": PODCAST, "psc": PSC}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        _text(channel, ITUNES, "author", self.author)
        if self.owner_email:
            owner = xml_elem(f"{{{ITUNES}}}owner", channel)
            _text(owner, ITUNES, "name", self.owner_name)
            _text(owner, ITUNES, "email", self.owner_email)
        if self.image:
            _attr_only(channel, ITUNES, "image", href=self.image)
        for top, sub in self.categories:
            element = _attr_only(channel, ITUNES, "category", text=top)
            if sub:
                _attr_only(element, ITUNES, "category", text=sub)
        _text(channel, ITUNES, "explicit", "true" if self.explicit else "false")
        _text(channel, ITUNES, "type", self.type)
        _text(channel, PODCAST, "guid", self.guid)
        if self.locked_owner:
            _text(channel, PODCAST, "locked", "yes" if self.locked else "no", owner=self.locked_owner)
        for url, label in self.funding:
            _text(channel, PODCAST, "funding", label, url=url)
        for person in self.persons:
            _text(channel, PODCAST, "person", person["name"], role=person.get("role"), href=person.get("href"),
                  img=person.get("img"))
        self._podcasting_extras(channel)
        return rss_feed

    def _podcasting_extras(self, channel) -> None:
        """The Podcasting 2.0 channel tags apps read beyond the basics, each where it is set."""
        _text(channel, PODCAST, "medium", self.medium)
        if self.image:
            _attr_only(channel, PODCAST, "image", href=self.image)               # the current tag
            _attr_only(channel, PODCAST, "images", srcset=self.images_srcset)    # the older one apps still read
        _text(channel, ITUNES, "new-feed-url", self.new_feed_url)
        _text(channel, PODCAST, "txt", self.txt)
        if self.update_frequency:
            _text(channel, PODCAST, "updateFrequency", self.update_frequency[0], rrule=self.update_frequency[1])
        _text(channel, PODCAST, "license", self.license[0], url=self.license[1])
        _text(channel, PODCAST, "location", self.location[0], geo=self.location[1])
        for trailer in self.trailers:
            _text(channel, PODCAST, "trailer", trailer["title"], pubdate=trailer["pubdate"], url=trailer["url"],
                  length=trailer["length"], type=trailer["type"])


class EpisodeExtension(BaseEntryExtension):
    """Item-level tags."""

    def __init__(self):
        self.duration = 0
        self.episode: int | None = None
        self.season: int | None = None
        self.episode_type = "full"
        self.image = ""
        self.explicit = False
        self.transcripts: list[tuple[str, str, str]] = []     # (url, type, rel)
        self.chapters_url = ""
        self.persons: list[dict] = []
        self.alternates: list[tuple[str, int, str]] = []
        self.chapters: list[tuple[float, str]] = []           # (start s, title): Podlove Simple Chapters
        self.soundbites: list[tuple[float, float, str]] = []  # (start s, duration s, title)

    def extend_rss(self, entry):
        _text(entry, ITUNES, "duration", int(round(self.duration)))
        _text(entry, ITUNES, "episode", self.episode)
        _text(entry, ITUNES, "season", self.season)
        _text(entry, ITUNES, "episodeType", self.episode_type)
        if self.image:
            _attr_only(entry, ITUNES, "image", href=self.image)
            _attr_only(entry, PODCAST, "image", href=self.image)
        _text(entry, ITUNES, "explicit", "true" if self.explicit else "false")
        for url, kind, rel in self.transcripts:
            _attr_only(entry, PODCAST, "transcript", url=url, type=kind, rel=rel)
        if self.chapters_url:
            _attr_only(entry, PODCAST, "chapters", url=self.chapters_url, type="application/json+chapters")
        for url, length, kind in self.alternates:
            alternate = _attr_only(entry, PODCAST, "alternateEnclosure", type=kind, length=length)
            _attr_only(alternate, PODCAST, "source", uri=url)
        _text(entry, PODCAST, "season", self.season, name=f"Season {self.season}" if self.season else None)
        _text(entry, PODCAST, "episode", self.episode)
        for person in self.persons:
            _text(entry, PODCAST, "person", person["name"], role=person.get("role"), href=person.get("href"),
                  img=person.get("img"))
        for start, duration, title in self.soundbites:
            _text(entry, PODCAST, "soundbite", title, startTime=f"{start:.3f}", duration=f"{duration:.3f}")
        if self.chapters:
            element = _attr_only(entry, PSC, "chapters", version="1.2")
            for start, title in self.chapters:
                _attr_only(element, PSC, "chapter", start=_npt(start), title=title)
        return entry


def _npt(seconds: float) -> str:
    """Normal play time, as Podlove Simple Chapters write it: HH:MM:SS.mmm."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{int(round((seconds - whole) * 1000)):03d}"
