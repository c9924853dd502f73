"""The terminal, for the command line: a progress bar per long stage, a line per stage, the run summary.

Only the CLI writes to the terminal (the stages report through the reporter they are given), so
that one rich display can hold the bars of stages running side by side.
"""

from __future__ import annotations

import threading

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .writing.chapters import clock

console = Console(stderr=False, highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


class RichReporter:
    """Progress bars for long stages, one line per stage. Stages run side by side (the clean
    stage beside transcription), so each has its own bar in one display, from any thread."""

    def __init__(self):
        self._progress: Progress | None = None
        self._tasks: dict[str, int] = {}
        self._lock = threading.Lock()

    def _finish(self, name: str) -> None:
        task = self._tasks.pop(name, None)
        if task is not None and self._progress:
            self._progress.remove_task(task)
        if not self._tasks and self._progress:
            self._progress.stop()
            self._progress = None

    def stage(self, name, cached, seconds):
        with self._lock:
            self._finish(name)
        state = "[dim]cached[/dim]" if cached else f"done in {seconds:.1f} s"
        console.print(f"  {name:<11} {state}")

    def progress(self, name):
        """A bar for one long job; it goes when the job is done or its stage line is printed."""
        with self._lock:
            self._finish(name)
            if self._progress is None:
                self._progress = Progress(TextColumn("  {task.description:<11}"), BarColumn(),
                                          TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn(),
                                          console=console, transient=True,
                                          disable=not console.is_terminal)      # a log (cron) gets the stage lines only
                self._progress.start()
            bar = self._progress
            task = bar.add_task(name, total=1.0)
            self._tasks[name] = task

        def update(fraction: float) -> None:
            with self._lock:
                if self._progress is bar and self._tasks.get(name) == task:
                    bar.update(task, completed=fraction)
                    if fraction >= 1.0:
                        self._finish(name)           # an upload has no stage line to end its bar
        return update


def print_plan(result) -> None:
    table = Table(title="Edit plan", show_lines=False)
    for column in ("time", "length", "reason", "what"):
        table.add_column(column)
    for edit in result.edit_list.edits:
        table.add_row(clock(edit.start) + f".{int(edit.start * 10) % 10}", f"{edit.duration:.2f} s", edit.reason,
                      edit.detail)
    console.print(table)


def print_summary(result, show, report) -> None:
    lost = result.raw_duration - result.edited_duration
    removed = f"{lost:.1f} s removed" if lost >= 0.05 else "nothing removed"
    console.print(f"\n[bold]{result.slug}[/bold]")
    console.print(f"  duration   {clock(result.raw_duration)} recorded → {clock(result.edited_duration)} "
                  f"edited ({removed})")
    if result.edit_list and result.edit_list.edits:
        by_reason = result.edit_list.removed_by_reason()
        counts = {r: sum(1 for e in result.edit_list.edits if e.reason == r) for r in by_reason}
        console.print("  cuts       " + ", ".join(f"{r} {s:.1f} s ({counts[r]})" for r, s in by_reason.items()),
                      soft_wrap=True)
    if result.transcript_words:
        rtf = result.transcribe_seconds / max(result.raw_duration, 1e-9)
        clips = result.transcript_clips
        along = (f"; {clips['forced']} of {clips['forced'] + clips['free']} clips read along the essay"
                 if clips.get("forced", 0) + clips.get("free", 0) else "")
        console.print(f"  transcript {result.transcript_words} words ({rtf:.3f} × real time{along})")
    if result.loudness:
        loud = result.loudness
        console.print(f"  loudness   {loud.input.integrated:.1f} LUFS → {loud.output.integrated:.1f} "
                      f"LUFS (target {loud.target_lufs:.0f}), true peak {loud.output.true_peak:.1f} dBTP, "
                      f"range {loud.output.lra:.1f} LU")
    if result.sound:
        console.print(f"  sound      {result.sound}", soft_wrap=True)
    for chapter in result.chapters:
        console.print(f"  chapter    {clock(chapter.start):>7}  {chapter.title}")
    for warning in result.warnings:
        errors.print(f"[yellow]warning:[/yellow] {warning}")
    if result.review:
        console.print(f"  review     {result.review}", soft_wrap=True)
    if result.newsletter and result.newsletter.exists():
        console.print(f"  newsletter {result.newsletter} (and .md, .txt): the listen block for the issue",
                      soft_wrap=True)
        console.print(f"             {result.newsletter.with_suffix('.txt').read_text(encoding='utf-8').splitlines()[0]}",
                      soft_wrap=True, highlight=False)
    if result.mp3:
        console.print(f"  mp3        {result.mp3}", soft_wrap=True)
    if result.video:
        console.print(f"  youtube    {result.video} and {result.video.with_name('youtube.txt')}", soft_wrap=True)
    if report is not None:
        print_publish(report)


def print_publish(report, dry_run: bool = False) -> None:
    if dry_run:
        console.print("dry run: nothing was uploaded")
        for slug in report.released:
            console.print(f"  would release {slug}")
        for slug, when in report.scheduled:
            console.print(f"  scheduled     {slug} for {when.isoformat()}")
        for slug in report.unbuilt:
            console.print(f"  not built     {slug}")
        return
    for warning in report.warnings:
        errors.print(f"[yellow]warning:[/yellow] {warning}")
    for slug in report.released:
        console.print(f"  released   {slug}")
    for slug in report.updated:
        console.print(f"  updated    {slug}")
    for slug, when in report.scheduled:
        console.print(f"  scheduled  {slug} for {when.isoformat()} (`produce publish` releases it then)")
    for slug in report.unbuilt:
        console.print(f"  not built  {slug} (run `produce episode {slug}`)")
    for slug, problems in report.refused:
        errors.print(f"[red]not released[/red] {slug}: it fails the preflight (fix it and publish again, or "
                     "`produce publish --force`):", soft_wrap=True)
        for line in problems:
            errors.print(f"  {line}", soft_wrap=True, highlight=False)
    console.print(f"  uploaded   {len(report.uploaded)} file(s)")
    console.print(f"  feed       {report.feed_url} ({report.episodes_in_feed} episodes"
                  f"{', changed' if report.feed_changed else ', unchanged'})")


def print_imported(results) -> None:
    """One line per post of `produce import`: made, kept, or why not, and the recording it got."""
    for item in results:
        date = item.post.date.isoformat() if item.post.date else "undated   "
        where = item.folder.name if item.status in ("created", "exists") else ""
        line = f"  {item.status:<8} {date} {item.post.title[:60]!r} {where}"
        if item.recording is not None:
            line += f" + {item.recording.name}"
        if item.note:
            line += f" ({item.note})"
        console.print(line, highlight=False, soft_wrap=True)
    made = sum(r.status == "created" for r in results)
    takes = sum(r.recording is not None for r in results)
    console.print(f"{made} episode(s) created, {takes} with a recording; {len(results) - made} not created. "
                  "Next: `produce batch` builds every episode with a recording.")
