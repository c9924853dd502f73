"""Episode pages: link previews (Open Graph, a Twitter player card), the feed's alternate link, and the
embeddable player (embed.html) an iframe shows."""

from __future__ import annotations

import podcastparser
from lxml import html as lxml_html

from tests.support import SAMPLE, chromium, needs_chromium, published_copy


def test_episode_page_has_link_preview_tags_and_an_embeddable_player(built_show, tmp_path):
    root = published_copy(built_show, tmp_path / "show")
    from click.testing import CliRunner
    from pipeline.cli import main
    assert CliRunner().invoke(main, ["--show", str(root), "publish"]).exit_code == 0
    folder = root / "public" / "episodes" / SAMPLE
    with open(root / "public" / "feed.xml", "rb") as feed:
        episode = podcastparser.parse("x", feed)["episodes"][0]
    page = lxml_html.fromstring((folder / "index.html").read_bytes())
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.iter("meta")}
    assert meta["og:audio"] == episode["enclosures"][0]["url"] and meta["og:audio:type"] == "audio/mpeg"
    assert meta["og:title"] == "The Script Is the Edit" and meta["og:url"] == episode["link"]
    assert meta["og:description"] and "<" not in meta["og:description"]
    assert meta["twitter:card"] == "player" and meta["twitter:player"] == episode["link"] + "embed.html"
    assert page.xpath("//link[@rel='alternate' and @type='application/rss+xml']/@href")[0].endswith("feed.xml")
    embed = lxml_html.fromstring((folder / "embed.html").read_bytes())
    assert embed.xpath("//audio/@src") == [episode["enclosures"][0]["url"]]
    assert embed.xpath("//a/@href") == [episode["link"]]


@needs_chromium
def test_the_embed_plays_inside_an_iframe(built_show, tmp_path):
    root = published_copy(built_show, tmp_path / "show")
    folder = root / "public" / "episodes" / SAMPLE
    host = tmp_path / "host.html"
    host.write_text(f'<!doctype html><iframe id="f" src="{(folder / "embed.html").as_uri()}" width="600" height="120">'
                    "</iframe>")
    driver = chromium(tmp_path / "profile", 800, 400)
    try:
        driver.get(host.as_uri())
        driver.switch_to.frame("f")
        audio = driver.find_element("tag name", "audio")
        assert audio.size["width"] > 300
        assert driver.execute_script("return document.documentElement.scrollHeight") <= 120
    finally:
        driver.quit()
