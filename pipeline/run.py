"""The pipeline, top to bottom: one episode from essay and recording to published MP3.

    decode → transcribe (clean and loudness meanwhile) → align → edits → master → notes → package → [youtube]
    → publish (cli)

Each stage is a function of its package from typed artifacts to a typed artifact in `build/`
(docs/artifacts.md lists them); this module only wires their inputs to their outputs and
to the cache, and a stage runs only when the hash of its inputs and settings changed
(`runner.Runner`). `dry_run` stops after planning the edits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .cache import key_of, read_json
from .editing import stage as editing
from .editing.edits import EditList
from .editing.timemap import TimeMap
from .errors import MediaError
from .hearing import decode, fit
from .hearing.transcribe import UNSCRIPTED_VERSION, VERBATIM_PROMPT, can_guide, transcribe
from .hearing.words import Transcript, Word
from .publishing.publish import listen_urls
from .publishing.storage import open_storage
from .runner import EpisodeResult, QuietReporter, Reporter, Runner, remember_run
from .script import align, takes
from .script.align import ScriptWord
from .script.takes import Reading
from .show import artwork
from .show.config import AudioSettings, PublishSettings, Show
from .show.episode import Episode, list_episodes, numbers
from .show.essay import edit_settings
from .sound import clean, loudness, master, tags, video
from .sound.music import episode_music
from .writing import chapters
from .writing import stage as writing
from .writing.notes import summary_of


@dataclass(frozen=True)
class Heard:
    """decode + transcribe: the recording, its analysis samples and the words said."""
    recording: Path
    recording_id: str
    samples: np.ndarray
    words: list[Word]
    voice: Path                                    # what the voice chain reads: clean.wav or the recording
    voice_settings: AudioSettings                  # the [audio] settings its chain runs with
    voice_id: str                                  # the recording's digest and the clean stage's key
    voice_kept: Path | None = None                 # the chain's output the loudness stage keeps for the master


@dataclass(frozen=True)
class Read:
    """align: the essay's words, which of them were heard where, and the retakes."""
    script: list[ScriptWord]
    reading: Reading
    follows_script: bool


@dataclass(frozen=True)
class Cut:
    """edits: the plan, its time map and the music that shifts it."""
    plan: EditList
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
    """decode → audio16k.wav; transcribe → transcript.json; meanwhile clean → clean.json (and
    clean.wav) and, if `measure`, loudness → voice.json."""
    show, b, result = run.show, run.build, run.result
    recording = run.episode.recording
    decode.check_recording(recording)
    recording_id = b.digest(recording)
    run.stage("decode", [recording_id], ["audio16k.wav"],
              lambda: {"duration": decode.decode_analysis(recording, b.path("audio16k.wav"))})
    samples = decode.load_analysis(b.path("audio16k.wav"))
    result.raw_duration = len(samples) / decode.RATE
    voice, voice_settings, voice_id, kept = clean_and_measure(run, recording, recording_id, samples, measure)

    essay = run.episode.essay
    script = [w.text for w in align.script_words(essay)] if essay.has_script and can_guide(show.transcribe) else None
    unscripted = [UNSCRIPTED_VERSION] if script is None and can_guide(show.transcribe) else []
    transcript = run.artifact(
        "transcribe", [recording_id, show.transcribe, show.transcribe_language, VERBATIM_PROMPT, script] + unscripted,
        "transcript.json", lambda: transcribe(samples, show.transcribe, show.transcribe_language,
                                              run.reporter.progress("transcribe"), script), Transcript)
    words = transcript.words
    result.transcript_words, result.transcribe_seconds = len(words), transcript.seconds
    result.transcript_clips = transcript.clips
    if len(words) < 3:
        raise MediaError(f"{recording}: no speech was found in the recording ({len(words)} words); check that "
                         "this is the right file and that the microphone was on")
    return Heard(recording, recording_id, samples, words, voice, voice_settings, voice_id, kept)


def clean_and_measure(run: Runner, recording: Path, recording_id: str, samples: np.ndarray, measure: bool):
    """clean → clean.json (and clean.wav, clean16k.wav when the room calls for it), then, if
    `measure`, loudness → voice.json, on a thread while the recording is transcribed (joined
    by `run.wait("clean")`). Returns what the voice chain reads, the settings it runs with
    (the high-pass is done once the audio is cleaned), their identity for the stages after,
    and where the chain's output is kept for the master (`loudness.kept_path`)."""
    b, a = run.build, run.show.audio
    assessment = clean.assess(samples, a)
    acts = assessment.treatment.acts
    clean_stage = ("clean", [recording_id, a.denoise, a.dehum, a.level, a.breaths, a.highpass_hz, a.channels],
                   ["clean.json"] + (["clean.wav", "clean16k.wav"] if acts else []),
                   lambda: run.write_artifact("clean.json", clean.run(recording, assessment, a, b.path("clean.wav"),
                                                              run.reporter.progress("clean"), b.path("clean16k.wav"))))
    voice = b.path("clean.wav") if acts else recording
    settings = clean.chain_settings(a, assessment.treatment)
    voice_id = key_of(recording_id, clean_stage[1])
    speech_db = assessment.room.speech_db          # the compressor's threshold stands above it
    voice_inputs = [voice_id, loudness.voice_chain(settings, speech_db), a.sample_rate, a.channels, a.bitrate,
                    a.target_lufs, a.m4a]
    kept = loudness.kept_path(b.dir, run.key("loudness", voice_inputs), len(samples) / decode.RATE, a) if measure \
        else None
    loudness_stage = ("loudness", voice_inputs, ["voice.json"], lambda: run.write_artifact(
        "voice.json", loudness.voice_report(voice, settings, speech_db, kept)))
    run.in_background(clean_stage, *([loudness_stage] if measure else []))
    return voice, settings, voice_id, kept


def denoised(run: Runner) -> np.ndarray | None:
    """Where the room was denoised, the cleaned audio's analysis copy, for the editor's measures
    of the voice (`editing.pauses`, `editing.filler_sound.steadiness`); waits for the clean stage.
    None for a room left as it was. Read only when the edits stage runs, not on a cached run."""
    run.wait("clean")
    report = run.read("clean.json", clean.CleanReport)
    if report.treatment.denoise != "off" and run.build.path("clean16k.wav").exists():
        return decode.load_analysis(run.build.path("clean16k.wav"))
    return None


def read_along(run: Runner, heard: Heard) -> Read:
    """align → alignment.json: the essay's words against the spoken ones, retakes resolved."""
    essay = run.episode.essay
    script = align.script_words(essay)
    reading = run.artifact("align", [run.digest("transcript.json"), essay.blocks], "alignment.json",
                           lambda: takes.reading(heard.words, script), Reading)
    return Read(script, reading, editing.follows_script(essay.has_script, reading))


def plan_edit(run: Runner, heard: Heard, read: Read) -> Cut:
    """edits → edits.json (the plan with the host's edits.toml applied), planned.json (the
    editor's plan alone), edits.txt (Audacity labels), review.html."""
    show, episode, b, result = run.show, run.episode, run.build, run.result
    settings = edit_settings(show, episode.essay)
    manual = episode.folder / "edits.toml"
    music = episode_music(show, episode)
    page = (episode.essay.title, heard.recording.name, episode.slug, music.intro_lead)
    plan = run.artifact(
        "edits", [run.digest("transcript.json"), run.digest("alignment.json"), heard.voice_id, settings, show.transcribe,
                  b.digest(manual) if manual.exists() else None, music.intro_lead], "edits.json",
        lambda: editing.edit(heard.words, heard.samples, denoised(run), read.reading, read.script,
                             episode.essay.has_script, settings, manual, page, b.path,
                             fit.listener(show.transcribe, show.transcribe_language, heard.samples)), EditList,
        ("planned.json", "edits.txt", "review.html"))
    timemap = plan.timemap(offset=music.intro_lead)
    result.edit_list, result.review = plan, b.path("review.html")
    result.warnings += list(plan.warnings)
    result.edited_duration = timemap.edited_duration
    return Cut(plan, timemap, music, settings.crossfade_ms)


def make_audio(run: Runner, heard: Heard, cut: Cut) -> float:
    """master → master.mp3 (and .m4a), master.json, in one pass over the recording (or over
    the chain's output the loudness stage kept, deleted after). Returns the episode's duration."""
    b, a = run.build, run.show.audio
    run.wait("clean")                            # voice.json, measured while the recording was transcribed
    music_ids = [b.digest(p) if p else None for p in (cut.music.intro, cut.music.outro)]
    report = run.artifact(
        "master", [heard.voice_id, run.digest("voice.json"), cut.timemap, cut.crossfade_ms, a, music_ids],
        "master.json", lambda: master.master(heard.voice, b.path("master.mp3"), heard.voice_settings, cut.music,
                                             b.path("master.m4a") if a.m4a else None, cut.timemap,
                                             cut.crossfade_ms, run.read("voice.json", loudness.VoiceLoudness),
                                             run.reporter.progress("master"), heard.voice_kept),
        master.MasterReport, ("master.mp3",) + (("master.m4a",) if a.m4a else ()))
    loudness.drop_kept(b.dir)
    run.result.sound = run.read("clean.json", clean.CleanReport).summary()
    run.result.loudness = report
    return report.duration


def write_notes(run: Runner, heard: Heard, read: Read, cut: Cut, duration: float) -> list:
    """notes → chapters.json, captions/, shownotes.md/.html, summary.html, youtube.txt."""
    show, episode, b = run.show, run.episode, run.build
    storage = open_storage(show)
    transcript_url = storage.url(f"episodes/{episode.storage_slug}/transcript.txt")
    urls = listen_urls(show, storage, episode)
    run.stage("notes", [run.digest("transcript.json"), run.digest("alignment.json"), run.digest("edits.json"),
                        episode.essay, replace(show, publish=PublishSettings()), transcript_url, urls, duration,
                        cut.timemap.offset], list(writing.OUTPUTS),
              lambda: writing.write_notes(show, episode.essay, heard.words, heard.samples, read.reading, read.script,
                                          read.follows_script, cut.plan, cut.timemap, duration, transcript_url,
                                          urls, b.path))   # where the show publishes reaches the notes only as these URLs
    run.result.newsletter = b.path("newsletter.html")
    run.result.warnings += b.record("notes")["summary"].get("warnings", [])
    run.result.chapters = chapters.from_json(read_json(b.path("chapters.json")))
    return run.result.chapters


def package(run: Runner, chapter_list: list, duration: float) -> Path:
    """package → episode.mp3 (tagged, with cover and chapters), package.json. Returns the cover used."""
    show, episode, b = run.show, run.episode, run.build
    essay = episode.essay
    number = numbers(list_episodes(show)).get(episode.slug)
    cover_art = artwork.prepare(episode.folder / essay.front.image if essay.front.image else show.artwork_path, b.dir)
    run.result.warnings += list(cover_art.warnings)
    info = tags.TagInfo(essay.title, essay.front.author or show.author, show.title, essay.date.isoformat(),
                        number, summary_of(essay), show.website, cover_art.path)
    m4a = (b.path("master.m4a"), b.path("episode.m4a")) if show.audio.m4a else None
    inputs = [run.digest("master.mp3"), run.digest("chapters.json"), info, b.digest(cover_art.path),
              run.digest("master.m4a") if m4a else None]
    run.artifact("package", inputs, "package.json",
                 lambda: tags.package(b.path("master.mp3"), b.path("episode.mp3"), info, chapter_list, duration, m4a),
                 tags.Package, ("episode.mp3",) + (("episode.m4a",) if m4a else ()))
    run.result.mp3 = b.path("episode.mp3")
    return cover_art.path


def make_video(run: Runner, cover: Path) -> None:
    """youtube → youtube.mp4 (when asked for)."""
    b, settings = run.build, run.show.youtube
    run.stage("youtube", [run.digest("episode.mp3"), b.digest(cover), settings], ["youtube.mp4"],
              lambda: {"duration": video.render_video(b.path("episode.mp3"), cover, b.path("youtube.mp4"),
                                                        settings, run.reporter.progress("youtube"))})
    run.result.video = b.path("youtube.mp4")
