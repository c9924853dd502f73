"""The pipeline, top to bottom: one episode from essay and recording to published MP3.

    decode → transcribe → align → plan edits → render → master → notes → package → publish

Each stage is a function from artifacts to artifacts in `build/`, and runs only when
the hash of its inputs and settings changed (see `cache.Build`). `dry_run` stops after
planning the edits.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from . import (align, artwork, audio, captions, chapters, corrected, edits, manual, master, notes, render, retakes,
               review, signal, tags, topics, youtube)
from .cache import Build, key_of, write_json, write_text
from .config import Show
from .episode import Episode, numbers, list_episodes
from .errors import MediaError
from .storage import open_storage
from .essay import edit_settings
from .transcript import VERBATIM_PROMPT, Transcript, transcribe

# Bump a stage's version when its code changes what it writes.
VERSIONS = {"decode": 1, "transcribe": 3, "align": 3, "edits": 9, "render": 1, "master": 4, "notes": 9,
            "package": 1, "youtube": 1}


class Reporter(Protocol):
    def stage(self, name: str, cached: bool, seconds: float) -> None: ...
    def progress(self, name: str) -> Callable[[float], None]: ...
    def warn(self, message: str) -> None: ...


class QuietReporter:
    def stage(self, name, cached, seconds):
        pass

    def progress(self, name):
        return lambda fraction: None

    def warn(self, message):
        pass


@dataclass
class EpisodeResult:
    """What the run summary shows the host."""
    slug: str
    raw_duration: float = 0.0
    edited_duration: float = 0.0
    edit_list: edits.EditList | None = None
    loudness: dict = field(default_factory=dict)
    chapters: list = field(default_factory=list)
    mp3: Path | None = None
    review: Path | None = None
    video: Path | None = None
    stages: dict[str, str] = field(default_factory=dict)      # stage → "ran" | "cached"
    transcript_words: int = 0
    transcribe_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


class Runner:
    """Runs stages of one episode against its build folder."""

    def __init__(self, show: Show, episode: Episode, reporter: Reporter):
        self.show, self.episode, self.reporter = show, episode, reporter
        self.build = Build(episode.folder)
        self.result = EpisodeResult(episode.slug)

    def stage(self, name: str, inputs: list, outputs: list[str], work: Callable[[], dict | None]) -> str:
        key = key_of(VERSIONS[name], *inputs)
        if self.build.is_fresh(name, key):
            self.result.stages[name] = "cached"
            self.reporter.stage(name, True, 0.0)
            return key
        started = time.monotonic()
        summary = work()
        self.build.finish(name, key, outputs, started, summary)
        self.result.stages[name] = "ran"
        self.reporter.stage(name, False, time.monotonic() - started)
        return key

    def digest(self, name: str) -> str:
        return self.build.digest(self.build.path(name))


def episode_music(show: Show, episode: Episode) -> master.Music:
    """Intro and outro files: the essay's choice, else the show's; checked to exist."""
    chosen = []
    for name in ("intro", "outro"):
        value = getattr(episode.essay.front, name)
        value = getattr(show.audio, name) if value is None else value
        path = (show.root / value) if value else None
        if path is not None and not path.is_file():
            source = "essay.md" if getattr(episode.essay.front, name) else "show.toml"
            raise MediaError(f"{path}: the {name} music named in {source} is not there; add the file or "
                             f"remove `{name}`")
        if path is not None:
            audio.check_recording(path)
        chosen.append(path)
    return master.Music(*chosen)


def choose_chapters(show, essay, script, words, alignment, timemap, kept_words, duration, use_script, samples):
    """[notes] chapters: "headings" from the essay; "auto" the same when the essay has headings
    and was read, else topic chapters from the transcript; "off" none. Returns (chapters, warnings)."""
    mode = show.notes.chapters
    if mode == "off":
        return [], []
    has_headings = len(essay.sections) > 1
    if mode == "headings" or (has_headings and use_script):
        if not use_script:
            return [chapters.Chapter(0.0, essay.title)], ["the recording does not follow the essay; "
                                                           "only an opening chapter was made"]
        db = signal.frame_db(samples)
        threshold = signal.speech_threshold(db)
        return chapters.from_essay(essay, script, words, alignment, timemap,
                                   lambda a, b: signal.onset(db, a, b, threshold))
    return topics.segment(kept_words, duration, show.notes.min_chapter_s, essay.title), []


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def produce_episode(show: Show, episode: Episode, reporter: Reporter | None = None,
                    dry_run: bool = False, youtube_video: bool = False) -> EpisodeResult:
    """Run every stage of one episode; returns what the summary needs."""
    run = Runner(show, episode, reporter or QuietReporter())
    b, result = run.build, run.result
    recording = episode.recording
    audio.check_recording(recording)
    recording_id = b.digest(recording)

    run.stage("decode", [recording_id], ["audio16k.wav"],
              lambda: {"duration": audio.decode_analysis(recording, b.path("audio16k.wav"))})
    samples = audio.load_analysis(b.path("audio16k.wav"))
    result.raw_duration = len(samples) / audio.RATE

    def do_transcribe():
        transcript = transcribe(samples, show.transcribe, show.transcribe_language,
                                run.reporter.progress("transcribe"))
        write_json(b.path("transcript.json"), transcript.to_dict())
        return {"words": len(transcript.words), "seconds": transcript.seconds}
    run.stage("transcribe", [recording_id, show.transcribe, show.transcribe_language, VERBATIM_PROMPT],
              ["transcript.json"],
              do_transcribe)
    transcript = Transcript.from_dict(_read_json(b.path("transcript.json")))
    words = transcript.words
    result.transcript_words, result.transcribe_seconds = len(words), transcript.seconds
    if len(words) < 3:
        raise MediaError(f"{recording}: no speech was found in the recording ({len(words)} words); check that "
                         "this is the right file and that the microphone was on")

    essay = episode.essay
    script = align.script_words(essay)

    def do_align():
        alignment, found = retakes.find(words, script, align.align(script, words))
        write_json(b.path("alignment.json"), alignment.to_dict() | {"retakes": [r.to_dict() for r in found]})
        return {"coverage": round(alignment.coverage, 3), "retakes": len(found)}
    run.stage("align", [run.digest("transcript.json"), essay.blocks], ["alignment.json"], do_align)
    aligned = _read_json(b.path("alignment.json"))
    alignment = align.Alignment.from_dict(aligned)
    found_retakes = [retakes.Retake(**r) for r in aligned.get("retakes", [])]

    settings = edit_settings(show, essay)
    use_script = essay.has_script and alignment.coverage >= 0.5
    manual_path = episode.folder / "edits.toml"
    manual_id = b.digest(manual_path) if manual_path.exists() else None

    def do_edits():
        warnings = []
        if essay.has_script and not use_script:
            warnings.append(f"the recording does not follow the essay (only {alignment.coverage:.0%} of it was "
                            "heard); script-based edits are off for this episode")
        blocks = [script[i].block if (i >= 0 and use_script) else -1 for i in alignment.script_index]
        db = signal.frame_db(samples)
        plan = edits.plan(words, alignment if use_script else None, blocks, db, result.raw_duration, settings,
                          warnings, found_retakes, tuple(w.text for w in script), samples)
        plan = manual.apply(plan, manual_path, words) if manual_path.exists() else plan
        write_json(b.path("edits.json"), plan.to_dict())
        write_text(b.path("edits.txt"), manual.audacity_labels(plan))
        page = review.review_html(essay.title, samples, plan, words, plan.timemap(music.intro_lead), recording.name)
        write_text(b.path("review.html"), page)
        return {"cuts": len(plan.edits)}
    music = episode_music(show, episode)
    run.stage("edits", [run.digest("transcript.json"), run.digest("alignment.json"), recording_id, settings,
                        manual_id, music.intro_lead], ["edits.json", "edits.txt", "review.html"], do_edits)
    plan = edits.EditList.from_dict(_read_json(b.path("edits.json")))
    result.edit_list = plan
    result.review = b.path("review.html")
    result.warnings += list(plan.warnings)
    timemap = plan.timemap(offset=music.intro_lead)
    result.edited_duration = timemap.edited_duration
    if dry_run:
        return result

    a = show.audio
    run.stage("render", [recording_id, timemap.kept, a.sample_rate, a.channels, settings.crossfade_ms],
              ["edited.flac"],
              lambda: {"duration": render.render(recording, timemap, b.path("edited.flac"), a.sample_rate,
                                                 a.channels, settings.crossfade_ms)})

    def do_master():
        report = master.master(b.path("edited.flac"), b.path("master.mp3"), a, music)
        write_json(b.path("master.json"), report.to_dict())
    music_ids = [b.digest(p) if p else None for p in (music.intro, music.outro)]
    run.stage("master", [run.digest("edited.flac"), a, music_ids], ["master.mp3", "master.json"], do_master)
    mastered = _read_json(b.path("master.json"))
    result.loudness = mastered
    duration = mastered["duration"]

    def do_notes():
        removed = plan.removed_words()
        keep = [i for i in range(len(words)) if i not in removed]
        spoken = [words[i] for i in keep]
        if use_script:
            spoken = corrected.corrected_words(spoken, script, alignment.subset(keep))
        unnamed = [(e.start, e.end) for e in plan.edits if e.action == "cut" and not e.words]
        kept_words = captions.edited_words(spoken, timemap, unnamed)
        chapter_list, warnings = choose_chapters(show, essay, script, words, alignment, timemap, kept_words,
                                                 duration, use_script, samples)
        write_json(b.path("chapters.json"), chapters.to_json(chapter_list))
        cues = captions.cues(kept_words)
        for name, writer in captions.WRITERS.items():
            write_text(b.path(f"captions/{name}"), writer(cues, show.author))
        transcript_url = open_storage(show).url(f"episodes/{episode.storage_slug}/transcript.txt")
        shownotes = notes.build_notes(show, essay, chapter_list, duration, transcript_url, warnings)
        write_text(b.path("shownotes.md"), shownotes.markdown)
        write_text(b.path("shownotes.html"), shownotes.html)
        write_text(b.path("summary.html"), shownotes.short_html)
        write_text(b.path("youtube.txt"), shownotes.youtube)
        youtube_note = [f"youtube.txt has no chapter list: {shownotes.youtube_problem}"] \
            if shownotes.youtube_problem else []
        return {"warnings": warnings + youtube_note}
    note_outputs = ["chapters.json", "shownotes.md", "shownotes.html", "summary.html", "youtube.txt",
                    *[f"captions/{n}" for n in captions.WRITERS]]
    run.stage("notes", [run.digest("transcript.json"), run.digest("alignment.json"), run.digest("edits.json"),
                        essay, show, duration, timemap.offset], note_outputs, do_notes)
    result.warnings += b.record("notes")["summary"].get("warnings", [])
    chapter_list = chapters.from_json(_read_json(b.path("chapters.json")))
    result.chapters = chapter_list

    number = numbers(list_episodes(show)).get(episode.slug)
    cover_source = episode.folder / essay.front.image if essay.front.image else show.artwork_path
    cover_art = artwork.prepare(cover_source, b.dir)
    result.warnings += list(cover_art.warnings)
    cover = cover_art.path
    info_tags = tags.TagInfo(essay.title, essay.front.author or show.author, show.title, essay.date.isoformat(),
                             number, notes.summary_of(essay), show.website, cover)

    def do_package():
        tags.write_tags(b.path("master.mp3"), b.path("episode.mp3"), info_tags, chapter_list, duration)
        write_json(b.path("package.json"), {"duration": duration, "size": b.path("episode.mp3").stat().st_size,
                                            "sha256": b.digest(b.path("episode.mp3"))})
    cover_id = b.digest(cover) if cover.exists() else None
    run.stage("package", [run.digest("master.mp3"), run.digest("chapters.json"), info_tags, cover_id],
              ["episode.mp3", "package.json"], do_package)
    result.mp3 = b.path("episode.mp3")
    if youtube_video or show.youtube.video:
        run.stage("youtube", [run.digest("episode.mp3"), cover_id, show.youtube], ["youtube.mp4"],
                  lambda: {"duration": youtube.render_video(b.path("episode.mp3"), cover, b.path("youtube.mp4"),
                                                            show.youtube)})
        result.video = b.path("youtube.mp4")
    return result
