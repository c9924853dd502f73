"""The `produce` command line: a thin layer over the pipeline.

Commands parse options, call one library function, and print. Library errors
(`UserError`) become one line on stderr and exit 1; bad usage exits 2 (click's own);
anything else is a bug: one "internal error" line with its cause and exit 70 (EX_SOFTWARE),
the traceback under `--verbose`.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from .show import back_catalogue, config, episode as episodes, posts, scaffold
from .hearing import memory
from .publishing import publish as publishing
from .writing.chapters import clock
from .errors import UserError
from .show.lock import show_lock
from .run import produce_episode
from .publishing.storage import open_storage
from .console import RichReporter, console, errors, print_imported, print_plan, print_publish, print_summary



class ProduceGroup(click.Group):
    """Turns library errors into one plain line and exit 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            if ctx.meta.get("verbose"):
                traceback.print_exc()
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; the next run picks up where this one stopped", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:                    # a bug: say so, never as the host's mistake
            if ctx.meta.get("verbose"):
                traceback.print_exc()
            click.echo(f"internal error: {exc.__class__.__name__}: {exc} (a bug in produce, not in your files; "
                       "run again with --verbose for the traceback and report it)", err=True)
            ctx.exit(70)


@click.group(cls=ProduceGroup)
@click.option("--show", "show_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The show folder (default: the nearest folder with a show.toml).")
@click.option("--verbose", is_flag=True, help="Show tracebacks and more detail.")
@click.version_option(package_name="produce")
@click.pass_context
def main(ctx, show_dir, verbose):
    """Produce and publish a podcast from an essay and a recording."""
    memory.return_large_blocks()
    ctx.meta["verbose"] = verbose
    ctx.obj = show_dir


def _show(ctx) -> config.Show:
    return config.load_show(ctx.obj or config.find_show_root(Path.cwd()))


def _parse_now(value: str | None, show: config.Show) -> dt.datetime:
    if not value:
        return dt.datetime.now(dt.timezone.utc)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 time like 2026-12-01T06:00:00+00:00",
                                 param_hint="--now")
    return moment if moment.tzinfo else moment.replace(tzinfo=show.tz)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--title", default="My Show", help="The show's title.")
def init(folder, title):
    """Create a show: show.toml with comments, artwork, episodes/ and .gitignore."""
    for path in scaffold.init_show(folder, title):
        console.print(f"created {path}")
    console.print("Next: edit show.toml, then `produce new \"Episode title\"`.")


@main.command()
@click.argument("title", required=False)
@click.option("--date", "date_", default=None, help="The episode date (default: today, or the post's), YYYY-MM-DD.")
@click.option("--backdate", is_flag=True, help="Allow a date in the past (an old episode added to the archive).")
@click.option("--from", "source", default=None, metavar="SOURCE",
              help="Take the essay from a newsletter: its RSS/Atom feed or a post's page (URL or file).")
@click.option("--post", "which", default=None, help="With --from: the post by title, link or date (default: the latest).")
@click.pass_context
def new(ctx, title, date_, backdate, source, which):
    """Create episodes/<date>-<slug>/essay.md from a template, or from a newsletter post."""
    show = _show(ctx)
    try:
        date = dt.date.fromisoformat(date_) if date_ else None
    except ValueError:
        raise click.BadParameter(f"{date_!r} is not a date like 2026-12-01", param_hint="--date")
    today = dt.datetime.now(show.tz).date()
    if source:
        post = posts.choose(posts.read_source(source, show.language), which, source)
        date = date or post.date or today
        folder = back_catalogue.create(show.episodes_dir, post if not title else replace(post, title=title),
                                       date, source)
        console.print(f"created {folder / 'essay.md'} from {post.platform or 'the'} post {post.title!r} "
                      f"({post.date or 'undated'}, {post.words} words)")
        if post.words < 150:
            errors.print(f"[yellow]warning:[/yellow] only {post.words} words: if the post is longer, the source "
                         "holds only its start (a paid post); pass its saved page instead")
        if date < today:
            console.print(f"It is dated {date} like the post, so it is released as soon as it is built.")
    else:
        if not title:
            raise click.UsageError("give the episode's TITLE, or --from a newsletter feed or post")
        date = date or today
        if date < today and not backdate:
            raise UserError(f"--date {date.isoformat()} is in the past: the episode would be published as soon as "
                            "it is built. Pass --backdate if it belongs to the archive, or choose a later date")
        folder = scaffold.new_episode(show.episodes_dir, title, date)
        console.print(f"created {folder / 'essay.md'}")
    console.print(f"Next: {'check' if source else 'write'} the essay, record it as {folder / 'recording.wav'}, "
                  f"then `produce episode {folder.name}`.")


@main.command(name="import")
@click.argument("source")
@click.option("--recordings", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A folder of takes, matched to posts by the date or the title in their names.")
@click.pass_context
def import_(ctx, source, recordings):
    """An episode for every post of a newsletter's feed: a back catalogue in one go."""
    show = _show(ctx)
    with show_lock(show.root):
        results = back_catalogue.import_all(show.episodes_dir, posts.read_source(source, show.language), source,
                                            recordings)
    print_imported(results)


@main.command()
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Plan the edits and print them; render nothing.")
@click.option("--no-upload", is_flag=True, help="Build everything but do not publish.")
@click.option("--now", default=None, help="Pretend it is this time (ISO 8601), for scheduling.")
@click.option("--youtube", is_flag=True, help="Also render build/youtube.mp4 (artwork or audiogram video).")
@click.option("--force", is_flag=True, help="Release it even if it fails the preflight (said as warnings).")
@click.pass_context
def episode(ctx, name, dry_run, no_upload, now, youtube, force):
    """Run the whole pipeline for one episode (folder or slug)."""
    show = _show(ctx)
    folder = episodes.resolve(show, name)
    ep = episodes.load_episode(show, folder)
    console.print(f"[bold]{ep.essay.title}[/bold] ({ep.slug})")
    with show_lock(show.root):
        result = produce_episode(show, ep, RichReporter(), dry_run=dry_run, youtube_video=youtube)
        if dry_run:
            print_plan(result)
            print_summary(result, show, None)
            return
        report = None
        if not no_upload:
            report = publishing.publish(show, open_storage(show), _parse_now(now, show), only={ep.slug},
                                        progress=RichReporter().progress, force=force)
    print_summary(result, show, report)
    if report and report.refused:
        ctx.exit(1)


@main.command()
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Episodes built at once on this machine (a local Dask cluster).")
@click.option("--scheduler", default="", help="A Dask scheduler to submit to, e.g. tcp://host:8786.")
@click.option("--all", "everything", is_flag=True, help="Every episode with a recording, not only unbuilt ones.")
@click.pass_context
def batch(ctx, jobs, scheduler, everything):
    """Build every episode that is not built yet (a back catalogue), here or on a Dask cluster."""
    from .batch import pending, run_batch
    show = _show(ctx)
    slugs = pending(show, everything)
    if not slugs:
        console.print("nothing to build: every episode with a recording is built")
        return
    console.print(f"building {len(slugs)} episode(s)" + (f" on {scheduler}" if scheduler else
                                                          f" with {jobs} job(s)" if jobs > 1 else ""))
    done = 0

    def tell(result) -> None:                   # as each finishes: a back catalogue takes hours
        nonlocal done
        done += 1
        count = f"[{done}/{len(slugs)}]"
        if result.error:
            errors.print(f"[red]failed[/red]  {result.slug}: {result.error} {count}")
        else:
            console.print(f"  built    {result.slug} ({clock(result.edited_duration)}, {result.cuts} edits) {count}")
    with show_lock(show.root):
        results = run_batch(show, slugs, jobs, scheduler, tell)
    if any(r.error for r in results):
        ctx.exit(1)


@main.command()
@click.option("--now", default=None, help="Pretend it is this time (ISO 8601).")
@click.option("--dry-run", is_flag=True, help="Say what would be released; change nothing.")
@click.option("--force", is_flag=True, help="Release episodes that fail the preflight (said as warnings).")
@click.pass_context
def publish(ctx, now, dry_run, force):
    """Release every built episode whose publish time has come, then rebuild the feed."""
    show = _show(ctx)
    with show_lock(show.root):
        report = publishing.publish(show, open_storage(show), _parse_now(now, show), dry_run=dry_run,
                                    progress=RichReporter().progress, force=force)
    print_publish(report, dry_run)
    if report.refused:
        ctx.exit(1)


@main.command()
@click.pass_context
def feed(ctx):
    """Rebuild feed.xml from every published episode and print where it is."""
    show = _show(ctx)
    storage = open_storage(show)
    with show_lock(show.root):
        report = publishing.publish(show, storage, dt.datetime.now(dt.timezone.utc), only=set())
    console.print(f"{storage.describe()}/feed.xml ({report.episodes_in_feed} episodes)")
    console.print(report.feed_url)


@main.command()
@click.argument("feed_source", metavar="[FEED]", required=False)
@click.pass_context
def validate(ctx, feed_source):
    """Check a feed (file or URL; default: this show's) against Apple, Spotify, YouTube and Podcasting 2.0."""
    from .publishing.placeholders import Readiness, check_show
    from .publishing.validate import validate as check
    readiness = Readiness()
    if not feed_source:
        show = _show(ctx)
        readiness = check_show(show)
        storage = open_storage(show)
        local = getattr(storage, "folder", None)
        feed_source = str(local / "feed.xml") if local is not None else storage.url("feed.xml")
    problems, notes = check(feed_source)
    for warning in readiness.warnings:
        errors.print(f"[yellow]warning:[/yellow] {warning}")
    for note in notes:
        if not (readiness.warnings and note.startswith("local preview")):    # said once, of show.toml
            console.print(f"note: {note}", soft_wrap=True)
    for line in readiness.errors + [str(p) for p in problems]:
        click.echo(line)
    if problems or readiness.errors:
        ctx.exit(1)
    console.print(f"{feed_source}: no problems found", soft_wrap=True)


@main.command()
@click.argument("name")
@click.pass_context
def unpublish(ctx, name):
    """Take a published episode out of the feed on purpose (its GUID and files are kept)."""
    show = _show(ctx)
    ep = episodes.load_episode(show, episodes.resolve(show, name))
    with show_lock(show.root):
        report = publishing.unpublish(show, open_storage(show), ep)
    console.print(f"{ep.slug} is out of the feed; delete `unpublished = true` from its episode.toml and run "
                  "`produce publish` to bring it back")
    print_publish(report)


@main.command()
@click.pass_context
def status(ctx):
    """A table of episodes: stages, durations, publish date, published or not."""
    from .status import rows
    show = _show(ctx)
    table = Table()
    for column in ("episode", "stages", "recorded", "edited", "publish at", "published"):
        table.add_column(column)
    for row in rows(show):
        marks = " ".join(f"{name}:{state}" for name, state in row.stages.items())
        table.add_row(row.slug, marks, clock(row.raw_duration) if row.raw_duration else "-",
                      clock(row.edited_duration) if row.edited_duration else "-",
                      row.publish_at.isoformat(timespec="minutes"), "yes" if row.published else "no")
    Console(width=max(console.width, 160), highlight=False).print(table)


@main.command()
@click.argument("name")
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="Port to listen on (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--no-open", is_flag=True, help="Print the page's address; do not open a browser.")
@click.pass_context
def review(ctx, name, port, host, no_open):
    """Check and correct the edit in the browser: switch cuts, move them, add your own, save, render."""
    import webbrowser
    from .review import ReviewSession, make_review_server
    show = _show(ctx)
    ep = episodes.load_episode(show, episodes.resolve(show, name))
    console.print(f"[bold]{ep.essay.title}[/bold] ({ep.slug})")
    with show_lock(show.root):                   # the plan, made now or found cached
        produce_episode(show, ep, RichReporter(), dry_run=True)
    session = ReviewSession(show, ep)
    server, url = _listening(lambda: make_review_server(session, host, port), host, port)
    console.print(f"review the edit at {url}", soft_wrap=True)
    console.print(f"Save writes {session.manual_path}; Render makes the episode again from the edit on. "
                  "Ctrl-C stops.", soft_wrap=True)
    if not no_open:
        webbrowser.open(url)
    _serve_until_stopped(server)


def _listening(make, host: str, port: int):
    """A server made by `make`, or one plain error when the address is taken or not ours."""
    try:
        return make()
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None


def _serve_until_stopped(server) -> None:
    """Serve until Ctrl-C, then let the port go."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; 0.0.0.0 opens it to the LAN.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_context
def serve(ctx, host, port):
    """Serve the local storage folder over HTTP (HEAD and byte ranges) for a podcast app."""
    from .publishing.serve import make_server
    show = _show(ctx)
    storage = open_storage(show)
    if not hasattr(storage, "folder"):
        raise UserError("show.toml: `publish.storage` is S3; `produce serve` serves a local folder only")
    storage.folder.mkdir(parents=True, exist_ok=True)
    moved = {"/feed.xml": show.publish.new_feed_url} if show.publish.new_feed_url else {}
    server = _listening(lambda: make_server(storage.folder, host, port, moved), host, port)
    console.print(f"serving {storage.folder} at http://{host}:{server.server_port}/ (feed: "
                  f"http://{host}:{server.server_port}/feed.xml); Ctrl-C stops")
    _serve_until_stopped(server)


if __name__ == "__main__":
    sys.exit(main())
