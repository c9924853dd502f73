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


def full_feed() -> tuple[bytes, object]:
    """A feed with every optional tag set: two episodes (one a trailer), chapters, transcripts, an
    alternate encoding, a season, a donation link, a person, a licence, a place, an analytics prefix."""
    from dataclasses import replace
    from pipeline.show.config import Links
    show = load_show(REPO)
    show = replace(show, txt="applepodcastsverify-1234", license="cc-by-4.0", location="Sheffield",
                   location_geo="geo:53.3811,-1.4701", links=Links(donate="https://ko-fi.com/workbench"),
                   publish=replace(show.publish, analytics_prefix="https://op3.dev/e/",
                                   new_feed_url="https://podcast.workbench-notes.net/feed.xml"))
    full = replace(item(), season=2, number=3, image_url="https://cdn.example.com/ep3.jpg",
                   transcripts=(("https://cdn.example.com/t.vtt", "text/vtt", "captions"),),
                   chapters_url="https://cdn.example.com/chapters.json",
                   chapters=((0.0, "Opening"), (75.5, "The middle")),
                   soundbites=((12.5, 30.25, "A line worth sharing"),),
                   alternates=(("https://cdn.example.com/x.m4a", 999, "audio/mp4"),))
    trailer = replace(item("Coming soon"), guid="g-0", episode_type="trailer", number=None,
                      pub_date=dt.datetime(2026, 11, 17, tzinfo=dt.timezone.utc), media_url="https://cdn/t.mp3")
    return build_feed(show, replace(URLS, artwork_width=1400), [full, trailer]), show


def test_partytime_reads_back_every_tag_as_written():
    from tests.support import partytime
    xml, show = full_feed()
    feed = partytime(xml)
    assert feed["medium"] == "podcast" and feed["podcastTxt"] == [{"value": "applepodcastsverify-1234"}]
    assert feed["license"]["identifier"] == "cc-by-4.0" and feed["license"]["url"].startswith("https://")
    assert feed["podcastLocation"] == {"name": "Sheffield", "geo": "geo:53.3811,-1.4701"}
    assert feed["podcastImages"][0]["parsed"] == {"url": URLS.artwork, "width": 1400}
    assert [t["title"] for t in feed["trailers"]] == ["Coming soon"]
    assert feed["trailers"][0]["url"] == "https://op3.dev/e/cdn/t.mp3"
    assert feed["podcastFunding"][0]["url"] == "https://ko-fi.com/workbench"
    assert feed["podcastPeople"][0]["name"] == "Produce Sample Host"
    episode = next(i for i in feed["items"] if i["title"] == "T")
    assert episode["enclosure"]["url"] == "https://op3.dev/e/cdn/x.mp3"          # the prefix, on enclosures only
    assert episode["link"] == "https://example.com"
    assert episode["podcastSeason"]["number"] == 2 and episode["podcastEpisode"]["number"] == 3
    assert episode["podcastSoundbites"] == [{"startTime": 12.5, "duration": 30.25, "title": "A line worth sharing"}]
    assert episode["podcastChapters"]["url"] == "https://cdn.example.com/chapters.json"
    assert episode["podcastTranscripts"][0]["url"] == "https://cdn.example.com/t.vtt"
    assert episode["alternativeEnclosures"][0]["source"][0]["uri"] == "https://op3.dev/e/cdn.example.com/x.m4a"
    assert episode["itunesImage"] == "https://cdn.example.com/ep3.jpg"


def test_what_partytime_does_not_read_is_read_by_the_other_parsers():
    import io
    import podcastparser
    xml, show = full_feed()
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}
    channel = etree.fromstring(xml).find("channel")
    assert channel.findtext("itunes:new-feed-url", namespaces=ns) == "https://podcast.workbench-notes.net/feed.xml"
    frequency = channel.find("podcast:updateFrequency", ns)
    assert frequency.text == "Weekly" and frequency.get("rrule") == "FREQ=WEEKLY;BYDAY=TU"   # 24 Nov 2026: a Tuesday
    assert channel.find("podcast:image", ns).get("href") == URLS.artwork
    parsed = podcastparser.parse("https://cdn.example.com/feed.xml", io.BytesIO(xml))
    assert parsed["new_url"] == "https://podcast.workbench-notes.net/feed.xml"
    episode = next(e for e in parsed["episodes"] if e["title"] == "T")
    assert [(c["start"], c["title"]) for c in episode["chapters"]] == [(0, "Opening"), (75, "The middle")]   # psc
