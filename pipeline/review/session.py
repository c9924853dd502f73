"""One episode under review: what the page is shown, what it may change, and the render.

The page edits one thing, the host's decisions (`ManualEdits`, the same type `edits.toml`
holds), over the editor's own plan (`build/planned.json`). Every answer about what the
listener will hear (the plan with the decisions applied, the script words a cut takes, the
edited length) comes from the same functions `produce episode` runs, so the page cannot
show one edit and render another.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field

import numpy as np

from ..cache import Build, read_json, write_text
from ..editing import host_edits
from ..editing.edits import EditList, snap_time
from ..editing.lost import lost_runs, script_states
from ..errors import ConfigError, UserError
from ..hearing import decode, levels
from ..hearing.words import Transcript, Word
from ..run import produce_episode
from ..script.align import script_words
from ..script.takes import Reading
from ..show.config import Show
from ..show.episode import Episode, load_episode
from ..show.lock import show_lock
from ..show.schema import load_table

PEAKS_PER_SECOND = 100                 # the analysis frames' 10 ms grid
PEAK_RANGE_DB = 54.0
NEEDED = ("audio16k.wav", "transcript.json", "alignment.json", "planned.json")


class BadRequest(ValueError):
    """A request the page should never send: answered 400 with this message."""


def peaks(samples: np.ndarray) -> bytes:
    """The waveform as the page draws it: the loudest sample of each 10 ms on a decibel scale
    (-54 dBFS and below drawn as nothing, 0 dBFS as full height: pauses and breaths stand apart
    from words, as in an editor's dB view), one byte a frame: 360 kB for an hour, so an hour
    scrolls without the browser decoding any audio."""
    per = decode.RATE // PEAKS_PER_SECOND
    frames = len(samples) // per
    if not frames:
        return b""
    loudest = np.abs(samples[: frames * per].astype(np.int32).reshape(frames, per)).max(axis=1)
    db = 20 * np.log10(np.maximum(loudest, 1) / 32768.0)
    return np.round(np.clip((db + PEAK_RANGE_DB) / PEAK_RANGE_DB, 0, 1) * 255).astype(np.uint8).tobytes()


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise BadRequest(f"{what} must be a number of seconds, not {value!r}")
    return float(value)


@dataclass
class RenderState:
    """What the page's Render button shows while the pipeline runs from the edit stage on; it is
    the run's reporter (`runner.Reporter`)."""
    state: str = "idle"                  # idle | running | done | failed
    stages: dict = field(default_factory=dict)      # stage → "ran" | "cached"
    fractions: dict = field(default_factory=dict)   # stage → fraction done
    message: str = ""
    duration: float = 0.0
    started: float = 0.0

    def stage(self, name: str, cached: bool, seconds: float) -> None:
        self.stages[name] = "cached" if cached else "ran"
        self.fractions.pop(name, None)

    def progress(self, name: str):
        def tell(fraction: float) -> None:
            self.fractions[name] = round(float(fraction), 3)
        return tell


class ReviewSession:
    """The artifacts of one built episode, and the host's decisions over them."""

    def __init__(self, show: Show, episode: Episode):
        self.show, self.episode = show, episode
        self.build = Build(episode.folder)
        missing = [n for n in NEEDED if not self.build.path(n).exists()]
        if missing:
            raise UserError(f"{episode.folder}/build has no {missing[0]}: run `produce episode {episode.slug} "
                            "--dry-run` first (it plans the edit)")
        self.words: list[Word] = Transcript.from_dict(read_json(self.build.path("transcript.json"))).words
        self.planned = EditList.from_dict(read_json(self.build.path("planned.json")))
        self.alignment = Reading.from_dict(read_json(self.build.path("alignment.json"))).alignment
        self.script = script_words(episode.essay)
        samples = decode.load_analysis(self.build.path("audio16k.wav"))
        self.db = levels.frame_db(samples)
        self.peaks = peaks(samples)
        self.duration = self.planned.duration
        self.manual_path = episode.folder / "edits.toml"
        self.render_state = RenderState()
        self._render_lock = threading.Lock()

    # what the page is shown

    def state(self) -> dict:
        manual = host_edits.load(self.manual_path)
        return {
            "title": self.episode.essay.title, "slug": self.episode.slug, "duration": self.duration,
            "peaks_per_second": PEAKS_PER_SECOND, "edits_toml": str(self.manual_path),
            "recording": self.episode.recording.name, "rendered": self.build.path("episode.mp3").exists(),
            "words": [{"text": w.text, "start": w.start, "end": w.end, "script": s}
                      for w, s in zip(self.words, self.alignment.script_index)],
            "script": [{"text": w.text, "block": w.block} for w in self.script],
            "headings": [i for i, b in enumerate(self.episode.essay.blocks) if b.kind == "heading"],
            "auto": [{"id": i, "start": e.start, "end": e.end, "action": e.action, "reason": e.reason,
                      "detail": e.detail} for i, e in enumerate(self.planned.edits)],
            "manual": self.manual_json(manual),
            "warnings": list(self.planned.warnings),
        }

    def manual_json(self, manual: host_edits.ManualEdits) -> dict:
        """The decisions as the page holds them; a cut given by its words gets its times too."""
        def cut(item: host_edits.Range) -> dict:
            a, b = host_edits.span_of(item, self.words, self.manual_path)
            return {"start": a, "end": b, "words": item.words, "note": item.note}
        return {"keep": [{"start": k.start, "end": k.end, "words": k.words, "note": k.note} for k in manual.keep],
                "move": [asdict(m) for m in manual.move],
                "cut": [cut(c) for c in manual.cut]}

    # what the page may send

    def decisions(self, body: dict) -> host_edits.ManualEdits:
        """The page's decisions, checked as edits.toml is; a cut with words and times is
        kept by its times (the page found them), the words kept only as its note."""
        if not isinstance(body, dict) or not isinstance(body.get("manual"), dict):
            raise BadRequest("the body must be a JSON object with `manual`: {keep, move, cut}")
        table = {k: v for k, v in body["manual"].items() if v}
        for kind in ("keep", "move", "cut"):
            items = table.get(kind, [])
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise BadRequest(f"`{kind}` must be a list of tables")
            for item in items:
                for key in ("start", "end", "new_start", "new_end"):
                    if item.get(key) is not None:
                        value = _number(item[key], f"`{kind}.{key}`")
                        if value > self.duration + 0.01:
                            raise BadRequest(f"`{kind}.{key}` = {value} is past the recording's end "
                                             f"({self.duration:.2f} s)")
                if kind != "move" and item.get("start") is not None and item.get("words"):
                    item["note"] = item.get("note") or f"“{item['words']}”"
                    item.pop("words")
        try:
            return load_table(host_edits.ManualEdits, table, "the review page")
        except ConfigError as exc:
            raise BadRequest(str(exc)) from None

    def snap(self, body: dict) -> list[float]:
        times = body.get("times") if isinstance(body, dict) else None
        if not isinstance(times, list) or len(times) > 1000:
            raise BadRequest("`times` must be a list of at most 1000 numbers")
        return [snap_time(self.db, min(max(0.0, _number(t, "a time")), self.duration), self.duration)
                for t in times]

    # what the listener will hear

    def preview(self, manual: host_edits.ManualEdits) -> dict:
        """The plan with the decisions applied, as `produce episode` will make it, and what it
        does to the script: each transcript word's cut reason, each script word's state, and
        the script words cut and read nowhere else."""
        plan = host_edits.apply_edits(self.planned, manual, self.words, self.manual_path)
        cuts = plan.cuts()
        middles = np.array([(w.start + w.end) / 2 for w in self.words])
        reasons = [""] * len(self.words)
        for edit in plan.edits:
            if edit.action != "cut":
                continue
            lo, hi = np.searchsorted(middles, [edit.start, edit.end])
            for i in range(int(lo), int(hi)):
                reasons[i] = reasons[i] or edit.reason
        script = tuple(w.text for w in self.script)
        states, cut_at = script_states(self.words, self.alignment, len(script), cuts, script)
        lost = [{"text": text, "at": at} for text, at in lost_runs(states, cut_at, script)]
        removed = sum(b - a for a, b in cuts)
        return {"edits": [{"start": e.start, "end": e.end, "reason": e.reason, "action": e.action, "detail": e.detail}
                          for e in plan.edits],
                "cuts": cuts, "word_reasons": reasons, "script_states": states, "lost": lost,
                "removed": removed, "edited_duration": self.duration - removed}

    def save(self, manual: host_edits.ManualEdits) -> dict:
        """edits.toml beside the essay, atomically; nothing else is ever written by the page."""
        self.preview(manual)                    # a cut by words that are not in the transcript fails here
        text = host_edits.to_toml(manual, self.episode.essay.title)
        write_text(self.manual_path, text)
        return {"path": str(self.manual_path), "decisions": manual.count, "text": text}

    # the render

    def start_render(self) -> bool:
        """Run the pipeline from the edit stage on, on a thread (the transcript and the room
        are cached; nothing is published). False if a render is already running."""
        if not self._render_lock.acquire(blocking=False):
            return False
        self.render_state = RenderState(state="running", started=time.monotonic())
        threading.Thread(target=self._render, name="render", daemon=True).start()
        return True

    def _render(self) -> None:
        state = self.render_state
        try:
            with show_lock(self.show.root):
                episode = load_episode(self.show, self.episode.folder)
                result = produce_episode(self.show, episode, state)
            state.duration, state.state = result.edited_duration, "done"
            state.message = f"rendered {result.mp3.name if result.mp3 else 'the episode'}"
        except UserError as exc:
            state.state, state.message = "failed", str(exc)
        except Exception as exc:                          # a bug: said on the page, not lost in a thread
            state.state, state.message = "failed", f"internal error: {exc.__class__.__name__}: {exc}"
        finally:
            self._render_lock.release()

    def render_json(self) -> dict:
        s = self.render_state
        return {"state": s.state, "stages": s.stages, "progress": s.fractions, "message": s.message,
                "duration": s.duration, "seconds": round(time.monotonic() - s.started, 1) if s.started else 0}

