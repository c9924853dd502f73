"""`produce validate`: a feed checked against Apple's, Spotify's, YouTube's and Podcasting
2.0's rules, and, where the media can be reached, against the files themselves.

Each problem is one line: where, whose rule, what is wrong. The rules are written out
here (the project ships what it checks with; it reads nothing else at run time).
"""

from __future__ import annotations

import email.utils
import io
import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..show import apple
from .placeholders import local_host

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
MEDIA_TYPES = {"audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/aac", "audio/ogg", "audio/opus", "video/mp4",
               "video/quicktime", "video/x-m4v", "audio/wav", "audio/flac"}


@dataclass(frozen=True)
class Problem:
    where: str
    rule: str            # Apple | Spotify | YouTube | Podcasting 2.0 | RSS | Media
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.message}"


def _text(element, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _channel_rules(channel) -> list[Problem]:
    out, where = [], "channel"
    add = lambda rule, message: out.append(Problem(where, rule, message))   # noqa: E731
    if not _text(channel, "title"):
        add("RSS", "no <title>")
    description = _text(channel, "description") or _text(channel, "itunes:summary")
    if not description:
        add("Apple", "no <description>")
    elif len(description.encode()) > 4000:
        add("Apple", f"<description> is {len(description.encode())} bytes; the limit is 4000")
    if not _text(channel, "link"):
        add("Spotify", "no <link> to the show's website")
    language = _text(channel, "language")
    if not language:
        add("Apple", "no <language>")
    elif apple.language_problem(language):
        add("Apple", apple.language_problem(language))
    image = channel.find("itunes:image", NS)
    if image is None or not image.get("href"):
        add("Apple", "no <itunes:image href=...> (square artwork, 1400-3000 px)")
    categories = channel.findall("itunes:category", NS)
    if not categories:
        add("Apple", "no <itunes:category>")
    for category in categories:
        sub = category.find("itunes:category", NS)
        name = category.get("text", "") + (f"/{sub.get('text', '')}" if sub is not None else "")
        if apple.category_problem(name):
            add("Apple", apple.category_problem(name))
    explicit = _text(channel, "itunes:explicit")
    if explicit not in ("true", "false"):
        add("Apple", f"<itunes:explicit> must be true or false, not {explicit!r}")
    if not _text(channel, "itunes:owner/itunes:email"):
        add("YouTube", "no <itunes:owner><itunes:email>; YouTube and Spotify need the owner's address")
    if not _text(channel, "itunes:author"):
        add("Spotify", "no <itunes:author>")
    kind = _text(channel, "itunes:type")
    if kind and kind not in ("episodic", "serial"):
        add("Apple", f"<itunes:type> must be episodic or serial, not {kind!r}")
    if channel.find("atom:link[@rel='self']", NS) is None:
        add("Podcasting 2.0", "no <atom:link rel=\"self\"> naming the feed's own URL")
    guid = _text(channel, "podcast:guid")
    if guid:
        try:
            uuid.UUID(guid)
        except ValueError:
            add("Podcasting 2.0", f"<podcast:guid> {guid!r} is not a UUID")
    locked = channel.find("podcast:locked", NS)
    if locked is not None and (locked.text or "").strip() not in ("yes", "no"):
        add("Podcasting 2.0", "<podcast:locked> must be yes or no")
    for funding in channel.findall("podcast:funding", NS):
        if not funding.get("url"):
            add("Podcasting 2.0", "<podcast:funding> without url")
    return out


def _duration_ok(value: str) -> bool:
    return bool(re.fullmatch(r"\d+|(\d+:)?\d{1,2}:\d{2}", value))


def _item_rules(item, number: int, seen: set[str]) -> list[Problem]:
    title = _text(item, "title") or f"item {number}"
    out = []
    add = lambda rule, message: out.append(Problem(f"item “{title}”", rule, message))   # noqa: E731
    if not _text(item, "title"):
        add("RSS", "no <title>")
    enclosure = item.find("enclosure")
    if enclosure is None:
        add("Apple", "no <enclosure>")
    else:
        if not enclosure.get("url", "").startswith(("http://", "https://")):
            add("Apple", "<enclosure> url must be http(s)")
        if not (enclosure.get("length") or "").isdigit() or int(enclosure.get("length")) <= 0:
            add("Apple", "<enclosure> needs its length in bytes")
        if enclosure.get("type") not in MEDIA_TYPES:
            add("Apple", f"<enclosure> type {enclosure.get('type')!r} is not an audio or video type")
    guid = _text(item, "guid")
    if not guid:
        add("Apple", "no <guid>")
    elif guid in seen:
        add("Apple", f"<guid> {guid} is used twice")
    seen.add(guid)
    date = _text(item, "pubDate")
    try:
        if email.utils.parsedate_to_datetime(date) is None:
            raise ValueError
    except (TypeError, ValueError):
        add("RSS", f"<pubDate> {date!r} is not an RFC 2822 date")
    duration = _text(item, "itunes:duration")
    if not duration:
        add("Spotify", "no <itunes:duration>")
    elif not _duration_ok(duration):
        add("Apple", f"<itunes:duration> {duration!r} is neither seconds nor HH:MM:SS")
    episode_type = _text(item, "itunes:episodeType")
    if episode_type and episode_type not in ("full", "trailer", "bonus"):
        add("Apple", f"<itunes:episodeType> {episode_type!r} must be full, trailer or bonus")
    for tag in ("itunes:episode", "itunes:season", "podcast:season", "podcast:episode"):
        value = _text(item, tag)
        if value and not re.fullmatch(r"\d+(\.\d+)?", value):
            add("Apple" if tag.startswith("itunes") else "Podcasting 2.0", f"<{tag}> {value!r} must be a number")
    explicit = _text(item, "itunes:explicit")
    if explicit and explicit not in ("true", "false"):
        add("Apple", f"<itunes:explicit> must be true or false, not {explicit!r}")
    for transcript in item.findall("podcast:transcript", NS):
        if not transcript.get("url") or not transcript.get("type"):
            add("Podcasting 2.0", "<podcast:transcript> needs url and type")
    for alternate in item.findall("podcast:alternateEnclosure", NS):
        if not alternate.get("type") or alternate.find("podcast:source", NS) is None:
            add("Podcasting 2.0", "<podcast:alternateEnclosure> needs a type and a <podcast:source uri=...>")
    for chapters in item.findall("podcast:chapters", NS):
        if not chapters.get("url") or chapters.get("type") != "application/json+chapters":
            add("Podcasting 2.0", "<podcast:chapters> needs url and type=\"application/json+chapters\"")
    return out


def check_xml(xml: bytes) -> tuple[list[Problem], object | None]:
    """The rules that need only the feed itself. Returns (problems, parsed channel)."""
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [Problem("feed", "RSS", f"not well-formed XML: {exc}")], None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        return [Problem("feed", "RSS", "not an RSS 2.0 feed (<rss><channel>)")], None
    problems = _channel_rules(channel)
    seen: set[str] = set()
    items = channel.findall("item")
    if not items:
        problems.append(Problem("channel", "Apple", "the feed has no episodes"))
    for number, item in enumerate(items, 1):
        problems += _item_rules(item, number, seen)
    return problems, channel


ADDRESSES = [("enclosure", "url"), ("itunes:image", "href"), ("podcast:transcript", "url"),
             ("podcast:chapters", "url"), ("podcast:alternateEnclosure/podcast:source", "uri"),
             ("podcast:person", "href"), ("podcast:person", "img"), ("podcast:funding", "url")]


def _addresses(channel) -> list[tuple[str, str]]:
    """(where, url) of every address in the feed that a listener's app follows."""
    found = [("channel <link>", _text(channel, "link")), ("<itunes:owner><itunes:email>",
                                                          _text(channel, "itunes:owner/itunes:email"))]
    for scope, where in [(channel, "channel")] + [(i, f"item “{_text(i, 'title')}”") for i in channel.findall("item")]:
        for path, attribute in ADDRESSES:
            found += [(f"{where} <{path.split('/')[-1]}>", e.get(attribute, "")) for e in scope.findall(path, NS)]
        if scope is not channel:
            found.append((f"{where} <link>", _text(scope, "link")))
    return [(where, url) for where, url in found if url]


def address_rules(channel) -> tuple[list[Problem], list[str]]:
    """Loopback and example.com addresses: errors in a feed meant for the public, one note
    for a local preview (a feed whose own address is on this machine)."""
    self_link = channel.find("atom:link[@rel='self']", NS)
    preview = self_link is not None and local_host(self_link.get("href", "")) == "loopback"
    local = [(where, url) for where, url in _addresses(channel) if local_host(url)]
    if not local:
        return [], []
    if preview:
        return [], [f"local preview: {len(local)} address(es) in the feed point at this machine or at example.com "
                    f"(first: {local[0][1]}); listeners elsewhere could not follow them"]
    return [Problem(where, "Media" if "enclosure" in where else "RSS",
                    f"{url} is {'on this machine' if local_host(url) == 'loopback' else 'an example domain'}; "
                    "listeners cannot reach it") for where, url in local], []


def _request(url: str, method: str = "GET", headers: dict | None = None, timeout: float = 10.0):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    return urllib.request.urlopen(request, timeout=timeout)


def enclosure_problems(where: str, url: str, length: str) -> tuple[list[Problem], str]:
    """An enclosure as a podcast app fetches it: its size (HEAD) and a byte range. Returns the
    problems, and why it could not be reached at all ("" when it could)."""
    problems = []
    try:
        with _request(url, "HEAD") as response:
            size = response.headers.get("Content-Length")
        if size != length:
            problems.append(Problem(where, "Media", f"enclosure length {length} but the file is {size} bytes"))
        with _request(url, headers={"Range": "bytes=0-99"}) as response:
            if response.status != 206:
                problems.append(Problem(where, "Media", f"{url} ignores byte ranges (status {response.status}); "
                                                        "Apple requires them"))
    except urllib.error.HTTPError as exc:
        problems.append(Problem(where, "Media", f"{url} answers {exc.code}"))
    except (urllib.error.URLError, OSError) as exc:
        return problems, f"{url}: {getattr(exc, 'reason', exc)}"
    return problems, ""


def check_media(channel) -> tuple[list[Problem], list[str]]:
    """HEAD, byte ranges and sizes of every enclosure, and the artwork. Returns (problems, notes)."""
    from PIL import Image

    problems, notes = [], []
    image = channel.find("itunes:image", NS)
    targets = [(f"item “{_text(i, 'title')}”", i.find("enclosure")) for i in channel.findall("item")]
    for where, enclosure in targets:
        if enclosure is None:
            continue
        found, unreachable = enclosure_problems(where, enclosure.get("url", ""), enclosure.get("length", ""))
        problems += found
        if unreachable:
            notes.append(f"media not reachable from here ({unreachable}); not checked")
            return problems, notes
    if image is not None and image.get("href"):
        href = image.get("href")
        try:
            with _request(href) as response:
                picture = Image.open(io.BytesIO(response.read()))
            width, height = picture.size
            if width != height or not 1400 <= width <= 3000:
                problems.append(Problem("channel", "Apple", f"artwork is {width}×{height}; it must be square, "
                                                             "1400-3000 px"))
            if picture.format not in ("JPEG", "PNG") or picture.mode != "RGB":
                problems.append(Problem("channel", "Apple", f"artwork is {picture.format} {picture.mode}; "
                                                             "use an RGB JPEG or PNG"))
            suffix = Path(href.split("?")[0]).suffix.lower()
            if (picture.format == "PNG") != (suffix == ".png"):
                problems.append(Problem("channel", "Apple", f"artwork is {picture.format} but named {suffix}"))
        except (urllib.error.URLError, OSError) as exc:
            problems.append(Problem("channel", "Media", f"artwork {href} cannot be read ({exc})"))
    return problems, notes


def validate(source: str) -> tuple[list[Problem], list[str]]:
    """Problems of a feed given as a file path or an http(s) URL, and notes on what was skipped."""
    if source.startswith(("http://", "https://")):
        try:
            with _request(source) as response:
                xml = response.read()
        except (urllib.error.URLError, OSError) as exc:
            return [Problem(source, "RSS", f"cannot be fetched ({getattr(exc, 'reason', exc)})")], []
    else:
        try:
            xml = Path(source).read_bytes()
        except OSError as exc:
            return [Problem(source, "RSS", f"cannot be read ({exc.strerror})")], []
    problems, channel = check_xml(xml)
    if channel is None:
        return problems, []
    address_problems, address_notes = address_rules(channel)
    media_problems, notes = check_media(channel)
    return problems + address_problems + media_problems, address_notes + notes
