"""The review page in a real Chromium: switch a cut off, move one, add one from the words, save, render."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest
from click.testing import CliRunner

from pipeline import ffmpeg
from pipeline.cli import main
from pipeline.editing import host_edits
from pipeline.review import ReviewSession, make_review_server
from pipeline.show.config import load_show
from pipeline.show.episode import load_episode

from tests.support import SAMPLE, chromium, needs_chromium, published_copy

pytestmark = [needs_chromium, pytest.mark.slow]


def wait_for(driver, script: str, until, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if until(value):
            return value
        time.sleep(0.1)
    raise AssertionError(f"{script} never came true; last: {value!r}, browser log: {driver.get_log('browser')}")


def row_of(driver, reason: str):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, f"#cuts tr[data-reason={reason}]")


def decoded_seconds(mp3) -> float:
    """The MP3's length as a player decodes it (encoder delay and padding trimmed by the LAME tag)."""
    return len(ffmpeg.decode(mp3, 16000, 1)) / 16000


def drag_end_of(driver, reason: str, seconds: float) -> None:
    """Drag the right handle of the waveform region of the `reason` cut by `seconds`."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    row = row_of(driver, reason)
    row.find_element(By.CSS_SELECTOR, ".length").click()                # scrolls the waveform to it
    time.sleep(0.5)
    root = driver.find_element(By.CSS_SELECTOR, "#waveform > div").shadow_root
    region = root.find_element(By.CSS_SELECTOR, f"[part~='{row.get_attribute('data-key')}']")
    start = float(row.find_element(By.CSS_SELECTOR, ".start").get_attribute("value"))
    end = float(row.find_element(By.CSS_SELECTOR, ".end").get_attribute("value"))
    handle = region.find_element(By.CSS_SELECTOR, "[part~='region-handle-right']")
    ActionChains(driver).drag_and_drop_by_offset(handle, round(seconds * region.rect["width"] / (end - start)), 0).perform()


def select_words(driver, first: int, last: int) -> None:
    """Select words `first`..`last` of "What was said" with the mouse, as a person would."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    spans = driver.find_elements(By.CSS_SELECTOR, "#said span")
    a, b = spans[first], spans[last]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", a)      # a long take's words scroll
    ActionChains(driver).move_to_element_with_offset(a, -a.rect["width"] // 2 + 1, 0).click_and_hold() \
        .move_to_element_with_offset(b, b.rect["width"] // 2 - 1, 0).release().perform()


def test_review_switch_move_add_save_render(built_show, tmp_path):
    from selenium.webdriver.common.by import By
    root = published_copy(built_show, tmp_path / "show")
    folder = root / "episodes" / SAMPLE
    before = decoded_seconds(folder / "build" / "episode.mp3")
    show = load_show(root)
    session = ReviewSession(show, load_episode(show, folder))
    server, url = make_review_server(session)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = chromium(tmp_path / "profile", 1500, 1300)
    try:
        driver.get(url)
        wait_for(driver, "return document.body.dataset.ready", lambda v: v != "no")
        assert driver.execute_script("return document.body.dataset.ready") == "yes"
        filler = next(e for e in session.planned.edits if e.reason == "filler")
        pause = next(e for e in session.planned.edits if e.reason == "pause")

        row_of(driver, "filler").find_element(By.CSS_SELECTOR, ".switch").click()
        drag_end_of(driver, "pause", -0.5)
        wait_for(driver, "return document.querySelector('#cuts tr[data-reason=pause] .end').value",
                 lambda v: float(v) < pause.end - 0.3)
        words = [w.text for w in session.words]
        first = next(i for i, w in enumerate(session.words) if w.text == "Every" and w.start > 3.0)
        select_words(driver, first, first + 1)
        driver.find_element(By.ID, "cut-words").click()
        wait_for(driver, "return document.querySelectorAll('#cuts tr[data-reason=manual]').length", lambda n: n == 1)
        lost = wait_for(driver, "return document.querySelector('#warnings').textContent", lambda t: "Every week" in t)
        assert "read nowhere else" in lost               # the page warns: the cut takes script words
        if os.environ.get("PRODUCE_SCREENSHOTS"):        # the README's picture: PRODUCE_SCREENSHOTS=docs
            driver.save_screenshot(os.path.join(os.environ["PRODUCE_SCREENSHOTS"], "review.png"))
        driver.find_element(By.ID, "save").click()
        wait_for(driver, "return document.body.dataset.saved", lambda v: v == "3")

        saved = host_edits.load(folder / "edits.toml")
        assert saved.keep == (host_edits.Range(filler.start, filler.end, note=f"filler: {filler.detail}"),)
        (move,) = saved.move
        assert (move.reason, move.start, move.end, move.new_start) == ("pause", pause.start, pause.end, pause.start)
        assert pause.end - 0.55 <= move.new_end <= pause.end - 0.45
        (cut,) = saved.cut
        assert cut.note == f"“{words[first]} {words[first + 1]}”"
        assert abs(cut.start - session.words[first].start) <= 0.05 and abs(cut.end - session.words[first + 1].end) <= 0.05

        driver.find_element(By.ID, "render").click()
        wait_for(driver, "return document.body.dataset.rendered", lambda v: v in ("yes", "failed"), 300)
        assert driver.execute_script("return document.body.dataset.rendered") == "yes", \
            driver.find_element(By.ID, "status").text
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
    assert session.render_state.stages["transcribe"] == "cached"
    assert session.render_state.stages["edits"] == "ran" and session.render_state.stages["master"] == "ran"
    expected = before + filler.duration + (pause.end - move.new_end) - (cut.end - cut.start)
    after = decoded_seconds(folder / "build" / "episode.mp3")
    assert abs(after - expected) <= 0.020

    result = CliRunner().invoke(main, ["--show", str(root), "episode", SAMPLE, "--no-upload"])
    assert result.exit_code == 0, result.output
    stages = json.loads((folder / "build" / "stages" / "last_run.json").read_text())["stages"]
    assert set(stages.values()) == {"cached"}, stages       # the next `produce episode` keeps what was rendered


def test_an_hour_long_take_loads_and_scrolls(tmp_path):
    from synth.long_review import make_long_episode, scroll_through
    from tests.support import copy_sample_show
    root = copy_sample_show(tmp_path / "show")
    folder = make_long_episode(root / "episodes", 60)
    show = load_show(root)
    session = ReviewSession(show, load_episode(show, folder))
    assert len(session.words) > 6500 and len(session.planned.edits) > 300
    server, url = make_review_server(session)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = chromium(tmp_path / "profile", 1400, 1000)
    try:
        driver.get(url)
        wait_for(driver, "return document.body.dataset.ready", lambda v: v != "no", 120)
        assert driver.execute_script("return document.body.dataset.ready") == "yes"
        assert driver.execute_script("return document.querySelectorAll('#cuts tbody tr').length") == \
            len(session.planned.edits)
        scrolled = scroll_through(driver, 100)
        assert scrolled["frames"] == 101 and scrolled["width_px"] > 60 * 60 * 300     # drawn at 400 px a second
        assert scrolled["regions_in_view"] >= 1                # the tail's region, drawn when scrolled to
        assert scrolled["canvases"] < 200                      # drawn where it is seen, not all at once
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
