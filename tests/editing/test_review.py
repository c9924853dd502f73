"""The review page: waveform with the cuts, struck-through transcript, rendered by a real Chromium."""

import re
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from pipeline.editing.edits import Edit, EditList
from pipeline.editing.review import waveform_png

from tests.support import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_waveform_shades_cuts_in_their_colour(tmp_path):
    rate = 16000
    samples = (np.sin(np.arange(rate * 60) / 5) * 12000).astype(np.int16)
    plan = EditList(60.0, (Edit(10.0, 20.0, "cut", "retake"),))
    path = tmp_path / "w.png"
    path.write_bytes(waveform_png(samples, plan))
    image = Image.open(path).convert("RGB")
    width, row_y, row_s = image.width, 20, 30           # a minute is drawn as two rows of 30 s
    inside = image.getpixel((60 + int((15 / row_s) * (width - 60)), row_y))
    outside = image.getpixel((60 + int((25 / row_s) * (width - 60)), row_y))
    assert inside != outside
    red, green, blue = inside
    assert red > green and red > blue          # the retake colour (a red) shows through


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_review_page_renders_in_chromium(built_show, tmp_path):
    page = built_show / "episodes" / SAMPLE / "build" / "review.html"
    html = page.read_text()
    assert html.count('<s class="retake"') >= 5 and '<s class="filler"' in html
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                             page.as_uri()], capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert 'data-ready="yes"' in dom, result.stderr[-2000:]
    width = re.search(r'data-image-width="(\d+)"', dom)
    assert width and int(width.group(1)) == 1600
    shot = tmp_path / "review.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--window-size=1400,1000",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    image = Image.open(shot).convert("L")
    assert np.asarray(image).std() > 10            # not a blank page
