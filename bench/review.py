"""The review page's table of `make bench`: an hour-long take in `produce review`, in headless Chromium.

Measured on a fabricated hour (synth/long_review.py: about 7,000 words and 340 cuts, the
transcript and plan written without Whisper): the server's start (reading the build and
making the peak file), the page's time to interactive (until it has drawn the waveform, the
cuts, the words and the first answer about what the listener hears), one switch's round trip
to the server and back into the page, and a scroll from the first second to the last at the
closest zoom (400 px a second), a frame a step.

`python bench/review.py` runs this table alone and puts it into bench/results.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.sound import replace_section  # noqa: E402
from pipeline.review import ReviewSession, make_review_server  # noqa: E402
from pipeline.show.config import load_show  # noqa: E402
from pipeline.show.episode import load_episode  # noqa: E402
from synth.long_review import make_long_episode, scroll_through  # noqa: E402

HEADING = "## Review page: an hour-long take"
MINUTES = 60


def _driver(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def _until(driver, script: str, seconds: float = 120.0) -> float:
    started = time.monotonic()
    while driver.execute_script(script) in (None, False, "no"):
        if time.monotonic() - started > seconds:
            raise RuntimeError(f"the page never answered {script}")
        time.sleep(0.02)
    return time.monotonic() - started


SWITCH = """
const done = arguments[0], started = performance.now();
new MutationObserver((_, observer) => { observer.disconnect(); done(performance.now() - started); })
  .observe(document.body, {attributes: true, attributeFilter: ["data-edited"]});
document.querySelector("#cuts tr[data-reason=filler] .switch").click();
"""


def rows() -> list[str]:
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        return [HEADING, "", "Not measured: Debian's chromium and chromium-driver are not installed.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = tmp / "show"
        (root / "episodes").mkdir(parents=True)
        shutil.copy(REPO / "show.toml", root / "show.toml")
        shutil.copy(REPO / "artwork.jpg", root / "artwork.jpg")
        folder = make_long_episode(root / "episodes", MINUTES)
        show = load_show(root)
        started = time.monotonic()
        session = ReviewSession(show, load_episode(show, folder))
        server, url = make_review_server(session)
        serving = time.monotonic() - started
        threading.Thread(target=server.serve_forever, daemon=True).start()
        driver = _driver(tmp / "profile")
        try:
            started = time.monotonic()
            driver.get(url)
            _until(driver, "return document.body.dataset.ready !== 'no'")
            interactive = time.monotonic() - started
            switch = driver.execute_async_script(SWITCH) / 1000
            scrolled = scroll_through(driver, 200)
        finally:
            driver.quit()
            server.shutdown()
            server.server_close()
    return [HEADING, "",
            f"A fabricated {MINUTES}-minute take: {len(session.words)} words, {len(session.planned.edits)} cuts, "
            f"peak file {len(session.peaks) // 1024} KiB. Headless Chromium, 1400 × 1000.", "",
            "| what | measured |", "|---|---:|",
            f"| server start (read the build, make the peak file) | {serving:.2f} s |",
            f"| page to interactive (waveform, {len(session.planned.edits)} cuts, words, first preview) | "
            f"{interactive:.2f} s |",
            f"| one switch: click to the page showing what the listener will hear (measured in the page) | "
            f"{switch * 1000:.0f} ms |",
            f"| scroll start to end at 400 px/s ({scrolled['width_px'] / 1e6:.2f} M px), {scrolled['frames']} steps: "
            f"median frame | {scrolled['median_frame_ms']:.0f} ms |",
            f"| the same: slowest frame | {scrolled['worst_frame_ms']:.0f} ms |",
            f"| the same: long tasks (over 50 ms) | {scrolled['long_tasks']} |",
            f"| canvases in the page at the end (drawn where seen) | {scrolled['canvases']} |", ""]


if __name__ == "__main__":
    results = REPO / "bench" / "results.md"
    table = rows()
    print("\n".join(table))
    results.write_text(replace_section(results.read_text() if results.exists() else "", table, HEADING))
