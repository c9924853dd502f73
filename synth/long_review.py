"""A long episode's build as `produce review` reads it, made without Whisper: for the page's
one-hour test and `make bench`'s time to interactive.

The take is speech-shaped noise (words of 0.25-0.45 s, gaps, sentence pauses, a long pause
now and then), and the transcript, the alignment and the editor's plan are written to
match it: every word read from the essay, a filler every 25 words, a long pause every 10
sentences. What the page must stay smooth on is their number (for an hour, about 7,000
words and 340 cuts), not what the words say.
"""

from __future__ import annotations

import datetime as dt
import wave
from pathlib import Path

import numpy as np

from pipeline.cache import write_json
from pipeline.editing.edits import EditList
from pipeline.editing.rule import Edit
from pipeline.hearing.words import Segment, Transcript, Word
from pipeline.script.align import Alignment

RATE = 16000
VOCABULARY = ("the reading is never clean and every week I write an essay then read it into a microphone "
              "while the editor knows what I meant to say because the page tells it what to keep").split()


def _write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())


def make_long_episode(episodes: Path, minutes: float, seed: int = 1) -> Path:
    """episodes/<date>-long-review/ with essay.md, recording.wav and build/ as the edit stage leaves it."""
    rng = np.random.default_rng(seed)
    folder = episodes / "2026-11-23-long-review"
    (folder / "build").mkdir(parents=True, exist_ok=True)
    duration = minutes * 60.0
    words, edits, sentences, t, n = [], [], [], 1.5, 0
    sentence: list[str] = []
    while t < duration - 5:
        length = rng.uniform(0.25, 0.45)
        text = VOCABULARY[n % len(VOCABULARY)]
        if n % 25 == 24:                                   # a filler, cut by the plan
            words.append(Word("um", t, t + 0.4, 0.9))
            edits.append(Edit(round(t - 0.05, 3), round(t + 0.45, 3), "cut", "filler", "“um”", 1.0, (len(words) - 1,)))
            t += 0.55
        words.append(Word(text, t, t + length, 0.95))
        sentence.append(text)
        t += length + rng.uniform(0.05, 0.15)
        n += 1
        if len(sentence) == 12:
            sentences.append(" ".join(sentence).capitalize() + ".")
            sentence = []
            pause = 2.5 if len(sentences) % 10 == 0 else 0.6
            if pause > 2:
                edits.append(Edit(round(t + 0.45, 3), round(t + pause - 0.45, 3), "shorten", "pause",
                                  f"{pause:.1f} s pause shortened to 0.9 s"))
            t += pause
    if sentence:
        sentences.append(" ".join(sentence).capitalize() + ".")
    edits = [Edit(0.0, 1.4, "cut", "head", "1.4 s before the first word")] + edits
    edits.append(Edit(round(words[-1].end + 0.2, 3), duration, "cut", "tail", "after the last word"))

    samples = np.zeros(int(duration * RATE), dtype=np.float32)
    for word in words:                                     # speech-shaped noise where the words are
        a, b = int(word.start * RATE), int(word.end * RATE)
        samples[a:b] = rng.standard_normal(b - a).astype(np.float32) * np.hanning(b - a).astype(np.float32) * 0.3
    samples += rng.standard_normal(len(samples)).astype(np.float32) * 0.001
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    _write_wav(folder / "build" / "audio16k.wav", pcm)
    (folder / "recording.wav").symlink_to(folder / "build" / "audio16k.wav")

    paragraphs = [" ".join(sentences[i:i + 8]) for i in range(0, len(sentences), 8)]
    body = "\n\n".join(paragraphs)
    (folder / "essay.md").write_text(f"---\ntitle: An Hour of Review\ndate: {dt.date(2026, 11, 23)}\n---\n\n{body}\n")

    segments = tuple(Segment(words[i].start, words[min(i + 11, len(words) - 1)].end,
                             " ".join(w.text for w in words[i:i + 12]), tuple(words[i:i + 12]))
                     for i in range(0, len(words), 12))
    write_json(folder / "build" / "transcript.json", Transcript("synthetic", "none", "en", duration, segments).to_dict())
    index, k = [], 0
    for word in words:
        index.append(-1 if word.text == "um" else k)
        k += word.text != "um"
    write_json(folder / "build" / "alignment.json", Alignment(tuple(index), k, k, tuple(index)).to_dict())
    write_json(folder / "build" / "planned.json", EditList(duration, tuple(edits)).to_dict())
    return folder


SCROLL_THROUGH = """
const [steps, done] = arguments;
const longest = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => longest.push(e.duration)))
  .observe({type: "longtask", buffered: false});
zoomTo(1000);                                             // the closest zoom: 400 px a second
const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
(async () => {
  const gaps = [];
  let last = await frame();
  for (let i = 0; i <= steps; i++) {
    ws.setScrollTime(S.duration * i / steps);
    const now = await frame();
    gaps.push(now - last);
    last = now;
  }
  const root = document.querySelector("#waveform > div").shadowRoot;
  done({frames: gaps.length, worst_frame_ms: Math.max(...gaps), median_frame_ms: gaps.sort((a, b) => a - b)[gaps.length >> 1],
        long_tasks: longest.length, regions_in_view: root.querySelectorAll("[part~='region']").length,
        canvases: root.querySelectorAll("canvas").length, width_px: ws.getWrapper().scrollWidth});
})();
"""


def scroll_through(driver, steps: int = 200) -> dict:
    """Scroll the review page's waveform from start to end at its closest zoom, a frame a
    step; what the browser took for each frame, and what is drawn at the end."""
    driver.set_script_timeout(300)
    return driver.execute_async_script(SCROLL_THROUGH, steps)
