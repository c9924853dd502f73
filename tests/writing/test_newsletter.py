"""The newsletter's listen block: what it says and links to, safe from hostile addresses, and as an
email client lays it out (Chromium at 600 px, the width of an email)."""

from __future__ import annotations

import threading
from dataclasses import replace

from pipeline.show.config import Links, load_show
from pipeline.writing.newsletter import listen_block

from tests.support import REPO, chromium, needs_chromium

PAGE = "https://podcast.workbench-notes.net/episodes/2026-11-24-the-script-is-the-edit/"
ART = "https://podcast.workbench-notes.net/artwork.jpg"
FEED = "https://podcast.workbench-notes.net/feed.xml"


def show_with(**links):
    return replace(load_show(REPO), links=Links(**links))


def test_the_block_links_the_episode_page_and_every_place_to_subscribe():
    show = show_with(apple="https://podcasts.apple.com/podcast/id1", spotify="https://open.spotify.com/show/x",
                     youtube="https://youtube.com/@x")
    block = listen_block(show, "The Script Is the Edit", 12.4 * 60, PAGE, ART, FEED)
    assert f"[Listen to the audio version (12 min)]({PAGE})" in block.markdown
    assert "[Apple Podcasts](https://podcasts.apple.com/podcast/id1) · [Spotify]" in block.markdown
    assert block.text.splitlines()[0] == f"Listen to the audio version (12 min): {PAGE}"
    assert f"- RSS: {FEED}" in block.text and "- YouTube: https://youtube.com/@x" in block.text
    assert block.html.count("<table") == 2 and "<div" not in block.html and "<style" not in block.html
    assert f'<img src="{ART}" width="120" height="120"' in block.html


def test_hostile_titles_and_addresses_become_text_or_nothing():
    show = show_with(apple="javascript:alert(1)", spotify=" JavaScript:alert(2)", youtube="data:text/html,x")
    block = listen_block(show, 'Evil <script>alert(1)</script> <img src=x onerror="alert(2)">', 300, "javascript:x",
                         "data:image/png;base64,AA", FEED)
    for text in (block.html, block.markdown, block.text):
        assert "javascript:" not in text.lower() and "data:" not in text and "<script" not in text
    assert "onerror=" not in block.html.replace("onerror=&quot;", "")
    assert "&lt;script&gt;" in block.html and "RSS" in block.text


@needs_chromium
def test_the_email_block_fits_600_px_and_its_link_opens_the_episode(tmp_path):
    from selenium.webdriver.common.by import By
    from pipeline.publishing.serve import make_server
    site = tmp_path / "site"
    (site / "episode").mkdir(parents=True)
    (site / "episode" / "index.html").write_text("<!doctype html><title>The episode page</title><p>here")
    (site / "artwork.jpg").write_bytes((REPO / "artwork.jpg").read_bytes())
    server = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = f"http://127.0.0.1:{server.server_port}/episode/"
    block = listen_block(show_with(apple="https://podcasts.apple.com/podcast/id1"), "The Script Is the Edit",
                         61.0, page, f"http://127.0.0.1:{server.server_port}/artwork.jpg", FEED)
    email = tmp_path / "newsletter.html"
    email.write_text(f"<!doctype html><meta charset='utf-8'><body style='margin:0'>{block.html}</body>")
    driver = chromium(tmp_path / "profile", 600, 800)
    try:
        driver.get(email.as_uri())
        width = driver.execute_script("return document.documentElement.scrollWidth")
        viewport = driver.execute_script("return document.documentElement.clientWidth")
        assert width <= viewport <= 600                              # nothing wider than the email
        image = driver.find_element(By.TAG_NAME, "img")
        assert image.size["width"] == 120 and image.size["height"] == 120
        link = driver.find_element(By.PARTIAL_LINK_TEXT, "Listen to the audio version (1 min)")
        link.click()
        assert driver.title == "The episode page" and driver.current_url == page
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
