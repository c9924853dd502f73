"""Newsletter posts from where the host already published them: a feed or a post's page.

SOURCE is an RSS or Atom feed or a post's page, as a URL or a saved file. Feeds are read
with feedparser (Substack, Ghost, WordPress, Beehiiv and Buttondown all publish one, with
the whole post in `content:encoded` or the description); a page is read with lxml, its
post found by the class names each platform gives the body (LinkedIn articles have no
feed, so their page is the only way in), else by `<article>`, else by where the
paragraphs are. A page without a post but with a feed link (a newsletter's home page)
is followed to its feed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import requests
from lxml import html as lxml_html

from ..errors import UserError
from . import post_markdown

TIMEOUT = (10, 30)                 # connect, read (seconds)
MAX_BYTES = 20 * 1024 * 1024
MIN_WORDS = 20                     # fewer, and there is no post to read (a teaser, a page's leftovers)
USER_AGENT = "produce/0.1 (podcast production; +https://github.com/produce-podcast/produce)"

# The element holding the post's body, per platform, by class (or id) words.
BODY_CLASSES = [
    ("substack", "available-content"), ("substack", "body markup"),
    ("ghost", "gh-content"), ("ghost", "post-full-content"), ("ghost", "post-content"),
    ("wordpress", "entry-content"), ("wordpress", "wp-block-post-content"),
    ("beehiiv", "#content-blocks"), ("beehiiv", "beehiiv__body"),
    ("buttondown", "email-body-content"), ("buttondown", "email-body"),
    ("linkedin", "article-main__content"), ("linkedin", "reader-article-content"),
]


@dataclass(frozen=True)
class Post:
    title: str
    date: dt.date | None
    link: str
    markdown: str                  # the essay body, as essay.md holds it
    summary: str = ""
    platform: str = ""             # substack | ghost | wordpress | beehiiv | buttondown | linkedin | ""

    @property
    def words(self) -> int:
        return len(re.findall(r"\w+", self.markdown))


def plain_line(text: str) -> str:
    """A title or subtitle as one line of text: whitespace collapsed, anything shaped like a tag dropped
    (podcast apps show titles as text, and some would render a tag in one)."""
    return re.sub(r"\s+", " ", re.sub(r"</?[A-Za-z!][^<>]*>?", " ", text)).strip()


def fetch(source: str) -> tuple[bytes, str]:
    """The bytes at SOURCE (a URL or a file) and the address links are relative to."""
    if re.match(r"https?://", source, re.IGNORECASE):
        try:
            response = requests.get(source, timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}, stream=True)
            response.raise_for_status()
            data = response.raw.read(MAX_BYTES + 1, decode_content=True)
        except requests.Timeout:
            raise UserError(f"{source}: no answer within {TIMEOUT[1]} s; try again, or save the page and pass "
                            "the file") from None
        except requests.HTTPError as exc:
            raise UserError(f"{source}: the server answered {exc.response.status_code}; check the address "
                            "(a private or paid post needs its saved page instead)") from None
        except requests.RequestException as exc:
            raise UserError(f"{source}: could not be fetched ({exc.__class__.__name__}); check the address "
                            "and the connection") from None
        if len(data) > MAX_BYTES:
            raise UserError(f"{source}: larger than {MAX_BYTES // 2**20} MB; not a newsletter feed or post")
        return data, response.url
    path = Path(source).expanduser()
    try:
        return path.read_bytes(), path.resolve().as_uri()
    except FileNotFoundError:
        raise UserError(f"{source}: no such file, and not an http(s) address") from None
    except IsADirectoryError:
        raise UserError(f"{source}: is a folder; pass a feed or a saved post page") from None


def _date_of(struct) -> dt.date | None:
    return dt.datetime.fromtimestamp(calendar.timegm(struct), dt.timezone.utc).date() if struct else None


def _feed_platform(parsed) -> str:
    text = (parsed.feed.get("generator", "") + " " + parsed.feed.get("link", "") + " " +
            " ".join(e.get("link", "") for e in parsed.entries[:1])).lower()
    return next((name for name in ("substack", "ghost", "wordpress", "beehiiv", "buttondown") if name in text), "")


def _summary(html: str, markdown: str) -> str:
    """A subtitle worth keeping: short, and not merely the post's first lines cut off."""
    if not html.strip():
        return ""
    text = plain_line(lxml_html.fragment_fromstring(html, create_parent="div").text_content())
    words = re.findall(r"\w+", text.lower())
    opening = re.findall(r"\w+", markdown.lower())[:len(words)]
    if len(text) > 300 or words[:8] == opening[:8] or text.endswith(("…", "...", "[…]", "[...]")):
        return ""
    return text


def posts_of_feed(parsed, base: str, language: str) -> list[Post]:
    platform, posts = _feed_platform(parsed), []
    for entry in parsed.entries:
        title = plain_line(entry.get("title", ""))
        content = max((c.get("value", "") for c in entry.get("content", [])), key=len, default="")
        content = content if len(content) >= len(entry.get("summary", "")) else entry.get("summary", "")
        link = urljoin(base, entry.get("link", ""))
        markdown = post_markdown.fragment_markdown(content, link or base, title, language)
        summary = _summary(entry.get("summary", "") if entry.get("content") else "", markdown)
        posts.append(Post(title, _date_of(entry.get("published_parsed") or entry.get("updated_parsed")), link,
                          markdown, summary, platform))
    return sorted(posts, key=lambda p: p.date or dt.date.min, reverse=True)


def _by_class(doc, wanted: str):
    if wanted.startswith("#"):
        return doc.xpath(f"//*[@id='{wanted[1:]}']")
    test = " and ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {w} ')" for w in wanted.split())
    return doc.xpath(f"//*[{test}]")


def _body_of(doc) -> tuple[object, str] | None:
    for platform, wanted in BODY_CLASSES:
        found = _by_class(doc, wanted)
        if found:
            return max(found, key=lambda el: len(el.text_content())), platform
    for path in ("//*[@itemprop='articleBody']", "//article", "//main"):
        found = doc.xpath(path)
        if found:
            return max(found, key=lambda el: len(el.text_content())), ""
    paragraphs = doc.xpath("//p")
    if len(paragraphs) < 3:
        return None
    parents: dict = {}
    for p in paragraphs:
        parent = p.getparent()
        parents[parent] = parents.get(parent, 0) + len(p.text_content())
    return max(parents, key=parents.get), ""


def _json_ld(doc) -> dict:
    for script in doc.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(item, dict) and ("headline" in item or "datePublished" in item):
                return item
    return {}


def _meta(doc, *names: str) -> str:
    for name in names:
        found = doc.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']/@content")
        if found and found[0].strip():
            return found[0].strip()
    return ""


def _page_date(doc, ld: dict) -> dt.date | None:
    candidates = [_meta(doc, "article:published_time", "datePublished", "date", "publish-date"),
                  str(ld.get("datePublished", "")), *doc.xpath("//time/@datetime")]
    for text in candidates:
        match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", text or "")
        if match:
            try:
                return dt.date.fromisoformat(match.group(1))
            except ValueError:
                continue
    return None


def _page_title(doc, ld: dict) -> str:
    heads = doc.xpath("//h1")
    for text in (_meta(doc, "og:title"), str(ld.get("headline", "")), heads[0].text_content() if heads else "",
                 (doc.findtext(".//title") or "")):
        text = plain_line(text)
        if text:
            return text
    return ""


def post_of_page(doc, base: str, language: str) -> Post | None:
    found = _body_of(doc)
    if found is None:
        return None
    body, platform = found
    ld = _json_ld(doc)
    title = _page_title(doc, ld)
    link = _meta(doc, "og:url") or next(iter(doc.xpath("//link[@rel='canonical']/@href")), "") or base
    if not urlsplit(link).scheme.startswith("http"):
        link = base if base.startswith("http") else ""
    markdown = post_markdown.to_markdown(body, link or base, title, language)
    summary = _summary(_meta(doc, "og:description", "description"), markdown)
    return Post(title, _page_date(doc, ld), link, markdown, summary, platform)


def read_source(source: str, language: str = "en", follow: bool = True) -> list[Post]:
    """Every post SOURCE holds, newest first; one for a post's page."""
    data, base = fetch(source)
    parsed = feedparser.parse(data)
    if parsed.get("version") and parsed.entries:
        return posts_of_feed(parsed, base, language)
    if parsed.get("version"):
        raise UserError(f"{source}: the feed has no posts")
    try:
        doc = lxml_html.document_fromstring(data)
    except (ValueError, lxml_html.etree.ParserError):
        raise UserError(f"{source}: neither an RSS or Atom feed nor a web page") from None
    post = post_of_page(doc, base, language)
    if post is not None and post.words >= MIN_WORDS:
        return [post]
    feeds = doc.xpath("//link[@rel='alternate' and (contains(@type, 'rss') or contains(@type, 'atom'))]/@href")
    if feeds and follow and re.match(r"https?://", source):
        return read_source(urljoin(base, feeds[0]), language, follow=False)
    raise UserError(f"{source}: neither an RSS or Atom feed nor a page with a post on it; pass the newsletter's "
                    "feed (e.g. https://NAME.substack.com/feed) or the post's own page")


def choose(posts: list[Post], which: str | None, source: str) -> Post:
    """The latest post, or the one `--post` names by title, link or date."""
    if not which:
        return posts[0]
    wanted = which.strip().lower()
    matches = [p for p in posts if wanted in (p.date.isoformat() if p.date else "", p.link.lower())] or \
        [p for p in posts if wanted in p.title.lower() or (p.link and p.link.lower().rstrip("/").endswith(
            wanted.rstrip("/")))]
    if len(matches) == 1:
        return matches[0]
    listing = "; ".join(f"{p.date} {p.title!r}" for p in (matches or posts)[:8])
    if not matches:
        raise UserError(f"{source}: no post matches --post {which!r}; it holds: {listing}")
    raise UserError(f"{source}: {len(matches)} posts match --post {which!r} ({listing}); be more precise")
