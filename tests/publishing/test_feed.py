"""The feed: Podcasting 2.0 GUID, well-formed XML for any text, golden fixtures parse."""

import datetime as dt

from hypothesis import given, settings, strategies as st
from lxml import etree

from pipeline.show.config import load_show
from pipeline.publishing.feed import FeedItem, FeedUrls, build_feed, podcast_guid

from tests.support import REPO


def test_podcast_guid_test_vector():
    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid("podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def item(title="T", notes="<p>n</p>"):
    return FeedItem(guid="g-1", title=title, pub_date=dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc),
                    link="https://example.com", summary_html=notes, notes_html=notes,
                    media_url="https://cdn/x.mp3", media_size=1234, media_type="audio/mpeg", duration=61.4,
                    number=1, season=None, episode_type="full", explicit=False)


URLS = FeedUrls("https://cdn.example.com/feed.xml", "https://cdn.example.com/artwork.jpg", "https://example.com")


def test_feed_has_apple_and_podcasting20_tags():
    xml = build_feed(load_show(REPO), URLS, [item()])
    root = etree.fromstring(xml)
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}
    channel = root.find("channel")
    assert channel.findtext("itunes:explicit", namespaces=ns) == "false"
    assert channel.find("itunes:owner/itunes:email", ns).text == "host@example.com"
    assert channel.find("podcast:guid", ns).text == podcast_guid(URLS.feed)
    assert channel.find("podcast:locked", ns).get("owner") == "host@example.com"
    cats = channel.findall("itunes:category", ns)
    assert [c.get("text") for c in cats] == ["Technology", "Society & Culture"]
    assert cats[1].find("itunes:category", ns).get("text") == "Philosophy"
    entry = channel.find("item")
    assert entry.find("guid").get("isPermaLink") == "false"
    assert entry.findtext("itunes:duration", namespaces=ns) == "61"
    assert entry.find("enclosure").get("length") == "1234"


@settings(max_examples=60, deadline=None)
@given(title=st.text(max_size=80), notes=st.text(max_size=200))
def test_any_unicode_text_gives_well_formed_xml(title, notes):
    xml = build_feed(load_show(REPO), URLS, [item(title or "x", notes)])
    etree.fromstring(xml)
