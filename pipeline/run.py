"""The pipeline, top to bottom: one episode from essay and recording to published MP3.

    hear (decode, transcribe; clean and loudness meanwhile) → read_along (align) → plan_edit (edits) → make_audio (master)
    → write_notes (chapters, captions, notes) → package (tagged MP3) → [make_video] → publish (cli)

Each stage is a function from artifacts to artifacts in `build/`, and runs only when
the hash of its inputs and settings changed (see `cache.Build`). `dry_run` stops after
planning the edits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np

from .script import align, respelling, retakes, takes
from .show import artwork
from .hearing import decode, levels
from .writing import captions, chapter_choice, chapters, notes
from .sound import clean, master, tags, video
from .sound.music import episode_music
from .editing import edits, host_edits, review
from .cache import key_of, write_json, write_text
from .runner import EpisodeResult, QuietReporter, Reporter, Runner, remember_run
from .show.config import AudioSettings, PublishSettings, Show
from .show.episode import Episode, list_episodes, numbers
from .errors import MediaError
from .show.essay import edit_settings
from .publishing.storage import open_storage
from .editing.timemap import TimeMap
from .hearing.transcribe import VERBATIM_PROMPT, can_guide, transcribe
from .hearing.words import Transcript


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Heard:
    """decode + transcribe: the recording, its analysis samples and the words said."""
    recording: Path
    recording_id: str
    samples: np.ndarray
    words: list
    voice: Path                                    # what the voice chain reads: clean.wav or the recording
    voice_settings: AudioSettings                   # the [audio] settings its chain runs with
    voice_id: str                                   # the recording's digest and the clean stage's key
    measured: Callable[[], None] | None = None     # joins the clean (and loudness) stages


@dataclass(frozen=True)
class Read:
    """align: the essay's words, which of them were heard where, and the retakes."""
    script: list
    alignment: align.Alignment
    retakes: list
    follows_script: bool


@dataclass(frozen=True)
class Cut:
    """edits: the plan, its time map and the music that shifts it."""
    plan: edits.EditList
    timemap: TimeMap
    music: master.Music
    crossfade_ms: float


def produce_episode(show: Show, episode: Episode, reporter: Reporter | None = None,
                    dry_run: bool = False, youtube_video: bool = False) -> EpisodeResult:
    """Run every stage of one episode; returns what the summary needs."""
    run = Runner(show, episode, reporter or QuietReporter())
    heard = hear(run, measure=not dry_run)
    read = read_along(run, heard)
    cut = plan_edit(run, heard, read)
    if not dry_run:
        duration = make_audio(run, heard, cut)
        chapter_list = write_notes(run, heard, read, cut, duration)
        cover = package(run, chapter_list, duration)
        if youtube_video or show.youtube.video:
            make_video(run, cover)
    remember_run(run)
    return run.result


def hear(run: Runner, measure: bool = True) -> Heard:
    """decode → audio16k.wav; transcribe → transcript.json; meanwhile, if `measure`,
    clean → clean.json (clean.wav) and loudness → voice.json (the voice chain's loudness,
    block by block; see master.py)."""
    show, b, result = run.show, run.build, run.result
    recording = run.episode.recording
    decode.check_recording(recording)
    recording_id = b.digest(recording)
    run.stage("decode", [recording_id], ["audio16k.wav"],
              lambda: {"duration": decode.decode_analysis(recording, b.path("audio16k.wav"))})
    samples = decode.load_analysis(b.path("audio16k.wav"))
    result.raw_duration = len(samples) / decode.RATE
    voice, voice_settings, voice_id, measured = clean_and_measure(run, recording, recording_id, samples, measure)

    essay = run.episode.essay
    script = [w.text for w in align.script_words(essay)] if essay.has_script and can_guide(show.transcribe) else None

    def do_transcribe():
        transcript = transcribe(samples, show.transcribe, show.transcribe_language,
                                run.reporter.progress("transcribe"), script)
        write_json(b.path("transcript.json"), transcript.to_dict())
        return {"words": len(transcript.words), "seconds": transcript.seconds, **transcript.clips}
    run.stage("transcribe", [recording_id, show.transcribe, show.transcribe_language, VERBATIM_PROMPT, script],
              ["transcript.json"], do_transcribe)
    transcript = Transcript.from_dict(_read_json(b.path("transcript.json")))
    words = transcript.words
    result.transcript_words, result.transcribe_seconds = len(words), transcript.seconds
    result.transcript_clips = transcript.clips
    if len(words) < 3:
        raise MediaError(f"{recording}: no speech was found in the recording ({len(words)} words); check that "
                         "this is the right file and that the microphone was on")
    return Heard(recording, recording_id, samples, words, voice, voice_settings, voice_id, measured)


def clean_and_measure(run: Runner, recording: Path, recording_id: str, samples: np.ndarray, measure: bool):
    """clean → clean.json (and clean.wav, clean16k.wav when the room calls for it), then, if
    `measure`, loudness → voice.json, on a thread while the recording is transcribed.
    Returns what the voice chain reads, the settings it runs with (the high-pass is done once
    the audio is cleaned), their identity for the stages after, and `join`."""
    b, a = run.build, run.show.audio
    assessment = clean.assess(samples, a)
    acts = assessment.treatment.acts
    clean_stage = ("clean", [recording_id, a.denoise, a.dehum, a.level, a.breaths, a.highpass_hz, a.channels],
                   ["clean.json"] + (["clean.wav", "clean16k.wav"] if acts else []),
                   lambda: clean.run(recording, assessment, a, b.path("clean.wav"), b.path("clean.json"),
                                     run.reporter.progress("clean"), b.path("clean16k.wav")))
    voice = b.path("clean.wav") if acts else recording
    settings = clean.chain_settings(a, assessment.treatment)
    voice_id = key_of(recording_id, clean_stage[1])
    voice_inputs = [voice_id, master.voice_chain(settings), a.sample_rate, a.channels, a.bitrate, a.target_lufs,
                    a.m4a]
    loudness_stage = ("loudness", voice_inputs, ["voice.json"],
                      lambda: master.measure_voice(voice, settings, b.path("voice.json")))
    measured = run.in_background(clean_stage, *([loudness_stage] if measure else []))
    return voice, settings, voice_id, measured


def denoised_db(run: Runner, heard: Heard) -> np.ndarray | None:
    """Where the room was denoised, the frame levels of the cleaned audio's analysis copy,
    for the pause rule (`edits.pauses`); it waits for the clean stage, which runs beside
    transcription. None for a room left as it was."""
    heard.measured()
    report = clean.CleanReport.from_dict(_read_json(run.build.path("clean.json")))
    if report.treatment.denoise != "off" and run.build.path("clean16k.wav").exists():
        return levels.frame_db(decode.load_analysis(run.build.path("clean16k.wav")))
    return None


def read_along(run: Runner, heard: Heard) -> Read:
    """align → alignment.json: the essay's words against the spoken ones, retakes resolved."""
    b, essay = run.build, run.episode.essay
    script = align.script_words(essay)

    def do_align():
        alignment, found = takes.read(heard.words, script)
        write_json(b.path("alignment.json"), alignment.to_dict() | {"retakes": [r.to_dict() for r in found]})
        return {"coverage": round(alignment.coverage, 3), "retakes": len(found)}
    run.stage("align", [run.digest("transcript.json"), essay.blocks], ["alignment.json"], do_align)
    aligned = _read_json(b.path("alignment.json"))
    alignment = align.Alignment.from_dict(aligned)
    found = [retakes.Retake(**r) for r in aligned.get("retakes", [])]
    return Read(script, alignment, found, essay.has_script and alignment.coverage >= 0.5)


def plan_edit(run: Runner, heard: Heard, read: Read) -> Cut:
    """edits → edits.json (the plan with the host's edits.toml applied), planned.json (the
    editor's plan alone), edits.txt (Audacity labels), review.html."""
    show, episode, b, result = run.show, run.episode, run.build, run.result
    essay, settings = episode.essay, edit_settings(show, episode.essay)
    manual_path = episode.folder / "edits.toml"
    manual_id = b.digest(manual_path) if manual_path.exists() else None
    music = episode_music(show, episode)

    pause_db = denoised_db(run, heard)

    def do_edits():
        warnings = []
        if essay.has_script and not read.follows_script:
            warnings.append(f"the recording does not follow the essay (only {read.alignment.coverage:.0%} of it "
                            "was heard); script-based edits are off for this episode")
        use = read.follows_script
        blocks = [read.script[i].block if (i >= 0 and use) else -1 for i in read.alignment.script_index]
        plan = edits.plan(heard.words, read.alignment if use else None, blocks, levels.frame_db(heard.samples),
                          result.raw_duration, settings, warnings, read.retakes,
                          tuple(w.text for w in read.script), heard.samples, pause_db)
        write_json(b.path("planned.json"), plan.to_dict())           # the editor's own, for `produce review`
        plan = host_edits.apply(plan, manual_path, heard.words) if manual_path.exists() else plan
        write_json(b.path("edits.json"), plan.to_dict())
        write_text(b.path("edits.txt"), host_edits.audacity_labels(plan))
        write_text(b.path("review.html"), review.review_html(essay.title, heard.samples, plan, heard.words,
                                                             plan.timemap(music.intro_lead), heard.recording.name,
                                                             episode.slug))
        return {"cuts": len(plan.edits)}
    run.stage("edits", [run.digest("transcript.json"), run.digest("alignment.json"), heard.voice_id, settings,
                        manual_id, music.intro_lead], ["edits.json", "planned.json", "edits.txt", "review.html"],
              do_edits)
    plan = edits.EditList.from_dict(_read_json(b.path("edits.json")))
    timemap = plan.timemap(offset=music.intro_lead)
    result.edit_list, result.review = plan, b.path("review.html")
    result.warnings += list(plan.warnings)
    result.edited_duration = timemap.edited_duration
    return Cut(plan, timemap, music, settings.crossfade_ms)


def make_audio(run: Runner, heard: Heard, cut: Cut) -> float:
    """master → master.mp3 (and .m4a), master.json, in one pass over the recording.
    Returns the episode's duration."""
    b, a = run.build, run.show.audio
    heard.measured()                            # voice.json, measured while the recording was transcribed (joined)

    def do_master():
        report = master.master(heard.voice, b.path("master.mp3"), heard.voice_settings, cut.music,
                               b.path("master.m4a") if a.m4a else None, cut.timemap, cut.crossfade_ms,
                               _read_json(b.path("voice.json")), run.reporter.progress("master"))
        write_json(b.path("master.json"), report.to_dict())
    music_ids = [b.digest(p) if p else None for p in (cut.music.intro, cut.music.outro)]
    outputs = ["master.mp3", "master.json"] + (["master.m4a"] if a.m4a else [])
    run.stage("master", [heard.voice_id, run.digest("voice.json"), cut.timemap, cut.crossfade_ms, a,
                         music_ids], outputs, do_master)
    run.result.sound = clean.CleanReport.from_dict(_read_json(b.path("clean.json"))).summary()
    run.result.loudness = master.MasterReport.from_dict(_read_json(b.path("master.json")))
    return run.result.loudness.duration


NOTE_OUTPUTS = ["chapters.json", "shownotes.md", "shownotes.html", "summary.html", "youtube.txt",
                *[f"captions/{n}" for n in captions.WRITERS]]


def write_notes(run: Runner, heard: Heard, read: Read, cut: Cut, duration: float) -> list:
    """notes → chapters.json, captions/, shownotes.md/.html, summary.html, youtube.txt."""
    show, episode, b = run.show, run.episode, run.build
    essay, plan, timemap = episode.essay, cut.plan, cut.timemap

    transcript_url = open_storage(show).url(f"episodes/{episode.storage_slug}/transcript.txt")

    def do_notes():
        removed = plan.removed_words()
        keep = [i for i in range(len(heard.words)) if i not in removed]
        spoken = [heard.words[i] for i in keep]
        if read.follows_script:
            spoken = respelling.corrected_words(spoken, read.script, read.alignment.subset(keep))
        unnamed = [(e.start, e.end) for e in plan.edits if e.action == "cut" and not e.words]
        kept_words = captions.edited_words(spoken, timemap, unnamed)
        chapter_list, warnings = chapter_choice.choose_chapters(show, essay, read.script, heard.words, read.alignment, timemap,
                                                 kept_words, duration, read.follows_script, heard.samples)
        write_json(b.path("chapters.json"), chapters.to_json(chapter_list))
        cues = captions.cues(kept_words)
        for name, writer in captions.WRITERS.items():
            write_text(b.path(f"captions/{name}"), writer(cues, show.author))
        shownotes = notes.build_notes(show, essay, chapter_list, duration, transcript_url, warnings)
        for name, text in (("shownotes.md", shownotes.markdown), ("shownotes.html", shownotes.html),
                           ("summary.html", shownotes.short_html), ("youtube.txt", shownotes.youtube)):
            write_text(b.path(name), text)
        youtube_note = [f"youtube.txt has no chapter list: {shownotes.youtube_problem}"] \
            if shownotes.youtube_problem else []
        return {"warnings": warnings + youtube_note}
    run.stage("notes", [run.digest("transcript.json"), run.digest("alignment.json"), run.digest("edits.json"),
                        essay, replace(show, publish=PublishSettings()), transcript_url, duration, timemap.offset],
              NOTE_OUTPUTS, do_notes)      # where the show publishes reaches the notes only as transcript_url
    run.result.warnings += b.record("notes")["summary"].get("warnings", [])
    run.result.chapters = chapters.from_json(_read_json(b.path("chapters.json")))
    return run.result.chapters


def package(run: Runner, chapter_list: list, duration: float) -> Path:
    """package → episode.mp3 (tagged, with cover and chapters), package.json. Returns the cover used."""
    show, episode, b = run.show, run.episode, run.build
    essay = episode.essay
    number = numbers(list_episodes(show)).get(episode.slug)
    cover_art = artwork.prepare(episode.folder / essay.front.image if essay.front.image else show.artwork_path, b.dir)
    run.result.warnings += list(cover_art.warnings)
    info = tags.TagInfo(essay.title, essay.front.author or show.author, show.title, essay.date.isoformat(),
                        number, notes.summary_of(essay), show.website, cover_art.path)

    m4a = show.audio.m4a

    def do_package():
        tags.write_tags(b.path("master.mp3"), b.path("episode.mp3"), info, chapter_list, duration)
        made = {"duration": duration, "size": b.path("episode.mp3").stat().st_size,
                "sha256": b.digest(b.path("episode.mp3"))}
        if m4a:
            tags.write_m4a_tags(b.path("master.m4a"), b.path("episode.m4a"), info, chapter_list, duration)
            made["m4a"] = {"size": b.path("episode.m4a").stat().st_size, "sha256": b.digest(b.path("episode.m4a"))}
        write_json(b.path("package.json"), made)
    inputs = [run.digest("master.mp3"), run.digest("chapters.json"), info, b.digest(cover_art.path),
              run.digest("master.m4a") if m4a else None]
    run.stage("package", inputs, ["episode.mp3", "package.json"] + (["episode.m4a"] if m4a else []), do_package)
    run.result.mp3 = b.path("episode.mp3")
    return cover_art.path


def make_video(run: Runner, cover: Path) -> None:
    """youtube → youtube.mp4 (when asked for)."""
    b, settings = run.build, run.show.youtube
    run.stage("youtube", [run.digest("episode.mp3"), b.digest(cover), settings], ["youtube.mp4"],
              lambda: {"duration": video.render_video(b.path("episode.mp3"), cover, b.path("youtube.mp4"),
                                                        settings, run.reporter.progress("youtube"))})
    run.result.video = b.path("youtube.mp4")
