"""How a stage runs: against the episode's build cache, reporting to whoever watches, some beside others.

`run.py` lists the stages; this module is what each of them runs inside: a stage whose inputs'
hash is recorded in `build/stages/` is not run again (`cache.Build`), and work done by child
processes (ffmpeg, the denoiser's workers) can go on on a thread while the next stage starts.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from .cache import Build, key_of, read_json, write_json
from .editing.edits import EditList
from .sound.master import MasterReport
from .show.config import Show
from .show.episode import Episode

# Bump a stage's version when its code changes what it writes.
VERSIONS = {"decode": 1, "clean": 4, "transcribe": 17, "align": 23, "edits": 60, "loudness": 5, "master": 11, "notes": 11,
            "package": 4, "youtube": 1}


class Reporter(Protocol):
    def stage(self, name: str, cached: bool, seconds: float) -> None: ...
    def progress(self, name: str) -> Callable[[float], None]: ...


class QuietReporter:
    def stage(self, name, cached, seconds):
        pass

    def progress(self, name):
        return lambda fraction: None


@dataclass
class EpisodeResult:
    """What the run summary shows the host."""
    slug: str
    raw_duration: float = 0.0
    edited_duration: float = 0.0
    edit_list: EditList | None = None
    loudness: MasterReport | None = None
    sound: str = ""                 # what the clean stage found in the room and did
    chapters: list = field(default_factory=list)
    mp3: Path | None = None
    review: Path | None = None
    newsletter: Path | None = None  # the listen block (and .md, .txt beside it)
    video: Path | None = None
    stages: dict[str, str] = field(default_factory=dict)      # stage → "ran" | "cached"
    transcript_words: int = 0
    transcribe_seconds: float = 0.0
    transcript_clips: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class Runner:
    """Runs stages of one episode against its build folder."""

    def __init__(self, show: Show, episode: Episode, reporter: Reporter):
        self.show, self.episode, self.reporter = show, episode, reporter
        self.build = Build(episode.folder)
        self.build.sweep()                      # a killed run's temporary files (runs hold the show's lock)
        self.result = EpisodeResult(episode.slug)
        self._joins: dict[str, Callable[[], None]] = {}

    @staticmethod
    def key(name: str, inputs: list) -> str:
        """The key a stage's record is kept under: its version and its inputs."""
        return key_of(VERSIONS[name], *inputs)

    def stage(self, name: str, inputs: list, outputs: list[str], work: Callable[[], dict | None],
              report: bool = True) -> str:
        key = self.key(name, inputs)
        if self.build.is_fresh(name, key):
            self.result.stages[name] = "cached"
            if report:
                self.reporter.stage(name, True, 0.0)
            return key
        started = time.monotonic()
        summary = work()
        self.build.finish(name, key, outputs, started, summary)
        self.result.stages[name] = "ran"
        if report:
            self.reporter.stage(name, False, time.monotonic() - started)
        return key

    def artifact(self, name: str, inputs: list, file: str, make: Callable[[], object], kind,
                 outputs: tuple[str, ...] = ()):
        """A stage whose work `make` returns one typed artifact: the runner writes it to `file`
        (`to_dict`), and what the stages after get is `kind.from_dict` of that file, whether
        the stage ran now or was cached, so a fresh and a cached run read the same thing.
        `outputs` are the other files `make` writes itself."""
        self.stage(name, inputs, [file, *outputs], lambda: self.write_artifact(file, make()))
        return kind.from_dict(read_json(self.build.path(file)))

    def write_artifact(self, file: str, artifact) -> dict | None:
        """`artifact` as `file` in build/; returns its record for the stage's record."""
        write_json(self.build.path(file), artifact.to_dict())
        return artifact.stage_record() if hasattr(artifact, "stage_record") else None

    def read(self, file: str, kind):
        """A typed artifact that a stage of this run wrote (or an earlier run, cached)."""
        return kind.from_dict(read_json(self.build.path(file)))

    def wait(self, name: str) -> None:
        """Wait for the background stages started under `name` (see `in_background`)."""
        self._joins[name]()

    def in_background(self, *stages: tuple[str, list, list[str], Callable[[], dict | None]]):
        """Run stages, one after the other, on a thread, for work done by child processes
        (ffmpeg, the denoiser's workers) while this one works on something else; returns
        `join`, which waits for them, reports them and raises the error of one that failed.
        The thread is a daemon: should the run fail before `join`, the error is not held up
        until the background work ends (a stage's record is written last, so an unfinished
        stage simply runs again next time)."""
        future: Future = Future()

        def work_in_background() -> None:
            try:
                future.set_result([self.stage(*stage, report=False) for stage in stages])
            except BaseException as exc:                # handed to join(), which raises it
                future.set_exception(exc)
        threading.Thread(target=work_in_background, name=stages[0][0], daemon=True).start()

        reported = []

        def join() -> None:
            """Wait for the stages; the first call reports them, later ones only wait."""
            future.result()
            for name, *_ in stages[len(reported):]:
                record = self.build.record(name) or {}
                self.reporter.stage(name, self.result.stages[name] == "cached", record.get("seconds", 0.0))
                reported.append(name)
        self._joins[stages[0][0]] = join
        return join

    def digest(self, name: str) -> str:
        return self.build.digest(self.build.path(name))


def remember_run(run: Runner) -> None:
    """stages/last_run.json: which stages ran and the durations, for `produce status`
    (written by every command that builds, `episode` and `batch` alike)."""
    result = run.result
    write_json(run.build.dir / "stages" / "last_run.json",
               {"stages": result.stages, "raw_duration": result.raw_duration,
                "edited_duration": result.edited_duration})
