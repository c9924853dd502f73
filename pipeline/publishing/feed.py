"""Published episodes → `feed.xml`: RSS 2.0 with Apple's and Podcasting 2.0's tags.

The feed is always rebuilt from every published episode, never appended to, so it
can be regenerated at any time from the show folder. All text passes `xml_safe`
first: control characters that XML 1.0 forbids are dropped, so no title a host can
type makes the feed unreadable.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import uuid
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from ..show.config import Show
from .feed_ext import EpisodeExtension, ShowExtension

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return _XML_BAD.sub("", text or "")


def podcast_guid(feed_url: str) -> str:
    """Podcasting 2.0 GUID: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    pub_date: dt.datetime
    link: str
    summary_html: str           # ≤ 4000 bytes, for <description>
    notes_html: str             # the full notes, for content:encoded
    media_url: str
    media_size: int
    media_type: str
    duration: float
    number: int | None
    season: int | None
    episode_type: str
    explicit: bool
    image_url: str = ""
    transcripts: tuple[tuple[str, str, str], ...] = ()
    chapters_url: str = ""
    alternates: tuple[tuple[str, int, str], ...] = ()      # other encodings: (url, bytes, type)
    chapters: tuple[tuple[float, str], ...] = ()            # (start s, title), also written as psc:chapters
    soundbites: tuple[tuple[float, float, str], ...] = ()   # (start s, duration s, title), edited timeline


@dataclass(frozen=True)
class FeedUrls:
    feed: str
    artwork: str
    link: str
    artwork_width: int = 0      # px, for podcast:images' srcset


def build_feed(show: Show, urls: FeedUrls, items: list[FeedItem], now: dt.datetime | None = None) -> bytes:
    """The whole feed as UTF-8 XML bytes; newest item first."""
    fg = FeedGenerator()
    fg.register_extension("show", ShowExtension, EpisodeExtension, atom=False, rss=True)
    fg.title(xml_safe(show.title))
    fg.description(xml_safe(show.description))
    fg.link(href=urls.feed, rel="self", type="application/rss+xml")
    fg.link(href=show.website, rel="alternate")          # feedgen's RSS <link> is the last one set
    fg.language(show.language)
    fg.generator("produce")
    if show.copyright:
        fg.copyright(xml_safe(show.copyright))
    fg.image(url=urls.artwork, title=xml_safe(show.title), link=show.website)
    ext: ShowExtension = fg.show
    ext.author = xml_safe(show.author)
    ext.owner_name, ext.owner_email = xml_safe(show.owner_name), show.email
    ext.image = urls.artwork
    ext.images_srcset = f"{urls.artwork} {urls.artwork_width}w" if urls.artwork_width else urls.artwork
    ext.categories = [tuple(c.partition("/")[::2]) for c in show.categories]
    ext.explicit, ext.type = show.explicit, show.type
    ext.guid = podcast_guid(urls.feed)
    ext.locked_owner, ext.locked = show.email, show.locked
    if show.links.donate:
        ext.funding = [(show.links.donate, xml_safe(show.links.donate_label))]
    ext.persons = [{"name": xml_safe(p.name), "role": p.role, "href": p.href, "img": p.img} for p in show.person]
    newest = max((i.pub_date for i in items), default=now or dt.datetime.now(dt.timezone.utc))
    _podcasting_extras(ext, show, items, newest)
    fg.lastBuildDate(newest)
    prefix = show.publish.analytics_prefix
    for item in sorted(items, key=lambda i: i.pub_date):
        _add_item(fg, item, ext.persons, urls.artwork, prefix)
    return fg.rss_str(pretty=True)


FREQUENCIES = {"daily": ("Daily", "FREQ=DAILY"), "weekly": ("Weekly", "FREQ=WEEKLY"),
               "biweekly": ("Every two weeks", "FREQ=WEEKLY;INTERVAL=2"), "monthly": ("Monthly", "FREQ=MONTHLY")}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _podcasting_extras(ext: ShowExtension, show: Show, items: list[FeedItem], newest: dt.datetime) -> None:
    ext.medium, ext.txt = show.medium, xml_safe(show.txt)
    if show.update_frequency:
        label, rule = FREQUENCIES[show.update_frequency]
        weekly = show.update_frequency in ("weekly", "biweekly")
        ext.update_frequency = (label, rule + (f";BYDAY={WEEKDAYS[newest.astimezone(show.tz).weekday()]}"
                                               if weekly and items else ""))
    ext.license = (xml_safe(show.license), show.license_url)
    ext.location = (xml_safe(show.location), show.location_geo)
    ext.new_feed_url = show.publish.new_feed_url
    ext.trailers = [{"title": xml_safe(i.title), "url": with_prefix(show.publish.analytics_prefix, i.media_url),
                     "pubdate": email.utils.format_datetime(i.pub_date), "length": i.media_size, "type": i.media_type}
                    for i in items if i.episode_type == "trailer"]


def with_prefix(prefix: str, url: str) -> str:
    """An enclosure URL through an analytics prefix (OP3, Podtrac…): the prefix, then the URL
    without its https:// (an http:// URL keeps its scheme), as those services ask."""
    if not prefix:
        return url
    return prefix.rstrip("/") + "/" + (url.removeprefix("https://") if url.startswith("https://") else url)


def _add_item(fg: FeedGenerator, item: FeedItem, persons: list[dict], artwork: str, prefix: str) -> None:
    entry = fg.add_entry(order="prepend")
    entry.title(xml_safe(item.title))
    entry.guid(item.guid, permalink=False)
    entry.link(href=item.link)
    entry.pubDate(item.pub_date)
    entry.description(xml_safe(item.summary_html))
    entry.content(xml_safe(item.notes_html))
    entry.enclosure(with_prefix(prefix, item.media_url), str(item.media_size), item.media_type)
    ext: EpisodeExtension = entry.show
    ext.duration = item.duration
    ext.episode, ext.season = item.number, item.season
    ext.episode_type = item.episode_type
    ext.explicit = item.explicit
    ext.image = item.image_url or artwork
    ext.transcripts = list(item.transcripts)
    ext.chapters_url = item.chapters_url
    ext.alternates = [(with_prefix(prefix, url), size, kind) for url, size, kind in item.alternates]
    ext.persons = persons
    ext.chapters = [(start, xml_safe(title)) for start, title in item.chapters]
    ext.soundbites = [(start, duration, xml_safe(title)) for start, duration, title in item.soundbites]
