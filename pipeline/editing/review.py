"""The edit, for a person to look at: a waveform picture with the cuts coloured by reason,
and `review.html`, a self-contained page with that picture, the transcript with every
cut word struck through, the list of edits, and a player.

It is what a scheduled run leaves behind; to change the edit, `produce review` serves an
interactive page (see `pipeline/review/`). The player plays the edited MP3 when it exists; before that (a dry run) it plays the
raw recording and skips the planned cuts, so the edit can be heard before it is made.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math

import numpy as np
from PIL import Image, ImageDraw

from .edits import EditList
from .timemap import TimeMap
from ..hearing.words import Word

COLOURS = {"head": (120, 120, 120), "tail": (120, 120, 120), "pause": (66, 135, 245), "filler": (245, 166, 35),
           "retake": (220, 50, 47), "off_script": (155, 89, 182), "manual": (38, 166, 91)}
WIDTH, ROW_HEIGHT, LABEL = 1600, 110, 60


def _row_seconds(duration: float) -> float:
    """Seconds per row: at most 8 rows, at least 30 s a row, in whole 10 s."""
    return max(30.0, math.ceil(duration / 8 / 10) * 10)


def waveform_png(samples_16k: np.ndarray, edits: EditList) -> bytes:
    """A PNG of the recording, one row per stretch of time, cuts shaded by reason."""
    rate = 16000
    duration = len(samples_16k) / rate
    row_s = _row_seconds(duration)
    rows = max(1, math.ceil(duration / row_s))
    plot = WIDTH - LABEL
    image = Image.new("RGB", (WIDTH, rows * ROW_HEIGHT + 30), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    per_px = int(row_s * rate / plot)
    for row in range(rows):
        top, mid = row * ROW_HEIGHT, row * ROW_HEIGHT + ROW_HEIGHT // 2
        start = int(row * row_s * rate)
        chunk = np.asarray(samples_16k[start: start + per_px * plot], dtype=np.float32) / 32768.0
        columns = len(chunk) // per_px
        if columns:
            frames = chunk[: columns * per_px].reshape(columns, per_px)
            high, low = frames.max(axis=1), frames.min(axis=1)
            scale = ROW_HEIGHT * 0.45
            for x in range(columns):                       # one line per pixel column, not per sample
                draw.line([(LABEL + x, mid - high[x] * scale), (LABEL + x, mid - low[x] * scale)], fill=(40, 40, 40))
        for edit in edits.edits:
            a, b = max(edit.start, row * row_s), min(edit.end, (row + 1) * row_s)
            if b <= a:
                continue
            x0 = LABEL + (a - row * row_s) / row_s * plot
            x1 = LABEL + (b - row * row_s) / row_s * plot
            draw.rectangle([x0, top + 4, max(x0 + 1, x1), top + ROW_HEIGHT - 4], fill=COLOURS.get(edit.reason, (0, 0, 0)) + (90,))
        minutes, seconds = divmod(int(row * row_s), 60)
        draw.text((4, mid - 6), f"{minutes}:{seconds:02d}", fill=(0, 0, 0))
    x = LABEL
    for reason, colour in COLOURS.items():
        if reason == "tail":
            continue
        draw.rectangle([x, rows * ROW_HEIGHT + 10, x + 14, rows * ROW_HEIGHT + 24], fill=colour + (160,))
        draw.text((x + 18, rows * ROW_HEIGHT + 11), reason.replace("_", " "), fill=(0, 0, 0))
        x += 110
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _reason_at(edits: EditList, index: int, t: float) -> str:
    for edit in edits.edits:
        if index in edit.words or edit.start <= t < edit.end:
            return edit.reason
    return ""


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Edit review: {title}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 1650px; color: #222; }}
img {{ max-width: 100%; border: 1px solid #ddd; }}
#transcript span {{ cursor: pointer; }}
#transcript s {{ text-decoration-thickness: 2px; opacity: .75; }}
{reason_css}
.warning {{ color: #a15c00; }}
table {{ border-collapse: collapse; }} td, th {{ padding: 2px 10px; border-bottom: 1px solid #eee; text-align: left; }}
</style></head>
<body data-ready="no">
<h1>{title}</h1>
<p>{summary}</p>
{warnings}
<audio id="player" controls preload="metadata" src="episode.mp3"></audio>
<p id="mode">Playing the edited episode.</p>
<img id="waveform" alt="Waveform of the recording with the cuts shaded" src="data:image/png;base64,{png}">
<h2>Edits</h2>
<table id="edits"><tr><th>at</th><th>length</th><th>reason</th><th>what</th></tr>{rows}</table>
<h2>Transcript</h2>
<p id="transcript">{words}</p>
<script>
const cuts = {cuts};
const player = document.getElementById("player");
let raw = false;
player.addEventListener("error", () => {{
  if (raw) return;
  raw = true;
  player.src = {raw_src};
  document.getElementById("mode").textContent = "Not rendered yet: playing the raw recording, skipping the planned cuts.";
}});
player.addEventListener("timeupdate", () => {{
  if (!raw) return;
  for (const [a, b] of cuts) if (player.currentTime >= a && player.currentTime < b) player.currentTime = b;
}});
for (const span of document.querySelectorAll("#transcript span")) {{
  span.addEventListener("click", () => {{ player.currentTime = Number(raw ? span.dataset.raw : span.dataset.t); player.play(); }});
}}
const img = document.getElementById("waveform");
const ready = () => {{ document.body.dataset.ready = "yes"; document.body.dataset.imageWidth = img.naturalWidth; }};
if (img.complete) ready(); else img.addEventListener("load", ready);
</script>
</body></html>
"""


def review_html(title: str, samples_16k: np.ndarray, edits: EditList, words: list[Word], timemap: TimeMap,
                recording_name: str, slug: str = "") -> str:
    """The whole review page as one string (the waveform embedded)."""
    png = base64.b64encode(waveform_png(samples_16k, edits)).decode()
    spans = []
    edited_starts = timemap.to_edited(np.array([w.start for w in words], dtype=float))
    for index, (word, edited) in enumerate(zip(words, edited_starts)):
        reason = _reason_at(edits, index, (word.start + word.end) / 2)
        text = html.escape(word.text)
        inner = f'<s class="{reason}" title="{reason}">{text}</s>' if reason else text
        spans.append(f'<span data-t="{edited:.2f}" data-raw="{word.start:.2f}">{inner}</span>')
    rows = "".join(
        f'<tr class="{e.reason}"><td>{int(e.start // 60)}:{e.start % 60:04.1f}</td><td>{e.duration:.2f} s</td>'
        f'<td>{e.reason}</td><td>{html.escape(e.detail)}</td></tr>' for e in edits.edits)
    reason_css = "\n".join(f".{r} {{ color: rgb{c}; }}" for r, c in COLOURS.items())
    removed = edits.duration - timemap.edited_duration + timemap.offset
    summary = (f"{len(edits.edits)} edits remove {removed:.1f} s of {edits.duration:.1f} s. "
               "Click a word to hear it.")
    warnings = ('<ul id="warnings">' + "".join(f'<li class="warning">{html.escape(w)}</li>' for w in edits.warnings)
                + "</ul>") if edits.warnings else ""
    summary += (f" To switch cuts on or off, move them or add your own, run <code>produce review "
                f"{html.escape(slug)}</code>." if slug else "")
    return PAGE.format(title=html.escape(title), summary=summary, warnings=warnings, png=png, rows=rows, words=" ".join(spans),
                       cuts=json.dumps([[round(a, 3), round(b, 3)] for a, b in edits.cuts()]),
                       raw_src=json.dumps("../" + recording_name), reason_css=reason_css)
