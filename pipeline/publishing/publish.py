"""Built episodes → storage → pages → feed.xml: the scheduled release.

Order is what keeps listeners safe: every file of an episode is uploaded and checked
(its size read back) before the feed is written, and the feed, rebuilt from every
published episode's `episode.toml`, goes last. A failure anywhere raises before the
feed is touched, so listeners keep the feed they had; the next run finishes the job.
An episode enters the feed only once it is built and its `publish_at` has come, and
leaves it only through `produce unpublish`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..show import artwork, episode as episodes_mod
from . import pages, placeholders
from . import preflight as preflight_checks
from ..show.config import Show
from ..show.episode import Episode, Published
from ..cache import read_json
from ..errors import PublishError, StaleArtifact, UserError
from ..sound.tags import Package
from ..writing import chapters, soundbites
from .feed import FeedItem, FeedUrls, build_feed, podcast_guid
from .objects import Storage

FEED_KEY = "feed.xml"


@dataclass
class PublishReport:
    released: list[str] = field(default_factory=list)      # newly in the feed
    updated: list[str] = field(default_factory=list)       # already public, files refreshed
    scheduled: list[tuple[str, dt.datetime]] = field(default_factory=list)
    unbuilt: list[str] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)      # storage keys written
    feed_url: str = ""
    feed_changed: bool = False
    episodes_in_feed: int = 0
    warnings: list[str] = field(default_factory=list)
    refused: list[tuple[str, list[str]]] = field(default_factory=list)   # not released: (slug, problems)


SIDE_FILES = {"transcript.vtt": "captions/transcript.vtt", "transcript.srt": "captions/transcript.srt",
              "transcript.json": "captions/transcript.json", "transcript.txt": "captions/transcript.txt",
              "chapters.json": "chapters.json", "shownotes.html": "shownotes.html"}


def manifest(episode: Episode) -> Package | None:
    """What the last complete build produced (duration, size, sha256 of the MP3), if any;
    none for a build of another format (it is made again by the next `produce episode`)."""
    build = episode.folder / "build"
    try:
        data = Package.from_dict(read_json(build / "package.json"))
    except (OSError, ValueError, KeyError, StaleArtifact):
        return None
    needed = [build / "episode.mp3", *(build / p for p in SIDE_FILES.values())]
    return data if all(p.exists() for p in needed) else None


def media_name(episode: Episode, sha256: str) -> str:
    """`<slug>.mp3` at first; a re-edited episode's MP3 gets a new name, so caches never serve the old one."""
    old = episode.published
    if old is None:
        return f"{episode.storage_slug}.mp3"
    if old.media_sha256 == sha256:
        return old.media
    return f"{episode.storage_slug}-{sha256[:8]}.mp3"


def episode_key(episode: Episode, name: str) -> str:
    return f"episodes/{episode.storage_slug}/{name}"


def _put_checked(storage: Storage, key: str, path: Path, report: PublishReport, progress=None) -> None:
    if storage.put_file(key, path, progress):
        report.uploaded.append(key)
    size = storage.size(key)
    if size != path.stat().st_size:
        raise PublishError(f"{storage.url(key)}: uploaded, but storage reports {size} bytes instead of "
                           f"{path.stat().st_size}; the feed was not changed, run publish again")


def alternate_name(media: str) -> str:
    return media.removesuffix(".mp3") + ".m4a"


def _when_sent(progress: Callable[[str], Callable[[float], None]], name: str) -> Callable[[float], None]:
    """A progress callback whose bar appears with the first bytes sent: a file already in
    storage, or one copied to a local folder, shows none."""
    bar: list[Callable[[float], None]] = []

    def update(fraction: float) -> None:
        if not bar:
            bar.append(progress(name))
        bar[0](fraction)
    return update


def _upload_episode(storage: Storage, episode: Episode, media: str, with_m4a: bool, report: PublishReport,
                    progress: Callable[[str], Callable[[float], None]] | None = None) -> None:
    """Media first (with a progress bar from `progress(name)`: tens of megabytes on a home
    uplink), then the side files, each confirmed by its size in storage."""
    build = episode.folder / "build"
    bar = (lambda: _when_sent(progress, "upload")) if progress else (lambda: None)
    _put_checked(storage, episode_key(episode, media), build / "episode.mp3", report, bar())
    if with_m4a and (build / "episode.m4a").exists():
        _put_checked(storage, episode_key(episode, alternate_name(media)), build / "episode.m4a", report, bar())
    for name, relative in SIDE_FILES.items():
        _put_checked(storage, episode_key(episode, name), build / relative, report)
    if (build / "soundbites.json").exists():                # optional: a build from before them still publishes
        _put_checked(storage, episode_key(episode, "soundbites.json"), build / "soundbites.json", report)
    image = episode.essay.front.image
    if image:
        _put_checked(storage, episode_key(episode, Path(image).name), episode.folder / image, report)


def _is_new(episode: Episode, data: Package) -> bool:
    """Whether publishing the build changes what listeners get (a release, or new media)."""
    old = episode.published
    return not (old and old.media_sha256 == data.sha256 and old.number)


def _publish_one(storage: Storage, episode: Episode, number: int | None, report: PublishReport,
                 progress=None) -> None:
    data = manifest(episode)
    media = media_name(episode, data.sha256)
    _upload_episode(storage, episode, media, data.m4a is not None, report, progress)
    old = episode.published
    if not _is_new(episode, data):
        return
    published = Published(
        guid=old.guid if old else episodes_mod.new_guid(podcast_guid(feed_url(storage)), episode.slug,
                                                         episode.essay.date),
        number=old.number if old else (number or 0),
        slug=episode.storage_slug,
        pub_date=old.pub_date if old else episode.essay.publish_at,
        media_size=data.size, media_sha256=data.sha256, duration=data.duration,
        season=episode.essay.front.season, media_name=media)
    episodes_mod.write_published(episode.folder, published)
    (report.updated if old else report.released).append(episode.slug)


def feed_url(storage: Storage) -> str:
    return storage.url(FEED_KEY)


def page_url(storage: Storage, episode: Episode) -> str:
    return storage.url(episode_key(episode, "index.html")).removesuffix("index.html")


def listen_urls(show: Show, storage: Storage, episode: Episode) -> tuple[str, str, str]:
    """Where the episode's page, its picture and the feed will be once it is published (the
    newsletter's listen block links to them before it is)."""
    image = episode.essay.front.image
    art = storage.url(episode_key(episode, Path(image).name)) if image else \
        storage.url("artwork" + artwork.prepare(show.artwork_path, show.root / "build").suffix)
    return page_url(storage, episode), art, feed_url(storage)


def feed_items(show: Show, storage: Storage, episodes: list[Episode]) -> list[FeedItem]:
    """One item per published episode; every file it names must be in storage."""
    items = []
    for episode in episodes:
        pub = episode.published
        if pub is None or pub.unpublished:
            continue
        media_key = episode_key(episode, pub.media)
        size = storage.size(media_key)
        if size != pub.media_size:
            raise PublishError(f"{storage.url(media_key)}: missing or of the wrong size in storage "
                               f"({size} bytes, expected {pub.media_size}); run `produce publish` again "
                               "to re-upload it. The feed was not changed.")
        notes = storage.read(episode_key(episode, "shownotes.html"))
        notes_html = notes.decode("utf-8") if notes else ""
        summary = episode.folder / "build" / "summary.html"
        summary_html = summary.read_text(encoding="utf-8") if summary.exists() else notes_html[:4000]
        front = episode.essay.front
        image = storage.url(episode_key(episode, Path(front.image).name)) if front.image else ""
        transcripts = tuple((storage.url(episode_key(episode, name)), kind, rel) for name, kind, rel in (
            ("transcript.vtt", "text/vtt", "captions"), ("transcript.srt", "application/x-subrip", "captions"),
            ("transcript.json", "application/json", "")) if storage.size(episode_key(episode, name)) is not None)
        chapters_json = storage.read(episode_key(episode, "chapters.json"))
        has_chapters = chapters_json is not None
        m4a_key = episode_key(episode, alternate_name(pub.media))
        m4a_size = storage.size(m4a_key)
        alternates = ((storage.url(m4a_key), m4a_size, "audio/mp4"),) if m4a_size else ()
        items.append(FeedItem(
            guid=pub.guid, title=episode.essay.title, pub_date=pub.pub_date, link=page_url(storage, episode),
            summary_html=summary_html or episode.essay.title, notes_html=notes_html or episode.essay.title,
            media_url=storage.url(media_key), media_size=pub.media_size, media_type="audio/mpeg",
            duration=pub.duration, number=pub.number if front.type != "trailer" else None, season=pub.season,
            episode_type=front.type, explicit=show.explicit if front.explicit is None else front.explicit,
            image_url=image, transcripts=transcripts,
            chapters_url=storage.url(episode_key(episode, "chapters.json")) if has_chapters else "",
            alternates=alternates,
            chapters=_published(chapters_json, lambda d: [(float(c.start), str(c.title))
                                                          for c in chapters.from_json(d)]),
            soundbites=_published(storage.read(episode_key(episode, "soundbites.json")),
                                  lambda d: [(b.start, b.duration, b.title) for b in soundbites.from_json(d)])))
    return items


def _refused(report: PublishReport, episode: Episode, problems: list, force: bool) -> bool:
    """Whether `problems` keep the episode out; said in the report either way."""
    if not problems:
        return False
    lines = [str(p) for p in problems]
    if force:
        report.warnings += [f"{episode.slug} released with --force despite: {line}" for line in lines]
        return False
    report.refused.append((episode.slug, lines))
    return True


def _checked_items(show: Show, storage: Storage, urls: FeedUrls, released: dict[str, Episode],
                   report: PublishReport, force: bool) -> list[FeedItem]:
    """The feed's items, every episode's release of this run checked in the feed as it would be
    written (and at its public address, when storage is remote); a release that fails is taken
    back (its episode.toml as it was), so the feed is written without it."""
    items = feed_items(show, storage, episodes_mod.list_episodes(show))    # re-read: episode.toml files were written
    if not released:
        return items
    xml = build_feed(show, urls, items)
    by_title = preflight_checks.feed_problems(xml, {e.essay.title for e in released.values()})
    taken_back = False
    for slug, before in released.items():
        problems = by_title[before.essay.title]
        if not placeholders.is_local_preview(show):
            found, note = preflight_checks.media_problems(xml, before.essay.title)
            problems += found
            report.warnings += [note] if note else []
        if _refused(report, before, problems, force):
            _take_back(before, report)
            taken_back = True
    return feed_items(show, storage, episodes_mod.list_episodes(show)) if taken_back else items


def _take_back(episode: Episode, report: PublishReport) -> None:
    """Undo a release this run made: episode.toml as it was before (none for a first release)."""
    path = episode.folder / episodes_mod.PUBLISHED_NAME
    if episode.published is None:
        path.unlink(missing_ok=True)
    else:
        episodes_mod.write_published(episode.folder, episode.published)
    for names in (report.released, report.updated):
        if episode.slug in names:
            names.remove(episode.slug)


def _published(data: bytes | None, parse: Callable[[dict], list]) -> tuple:
    """A published chapters.json or soundbites.json read by its own module's parser, for the
    feed; a missing or damaged one gives nothing rather than stopping the feed."""
    try:
        return tuple(parse(json.loads(data or b"{}")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return ()


def check_ready(show: Show, report: PublishReport) -> None:
    """Refuse a public release while show.toml holds placeholders or local addresses (see
    placeholders.py); for the local preview, they become warnings."""
    readiness = placeholders.check_show(show)
    if placeholders.is_local_preview(show):
        report.warnings += readiness.errors + readiness.warnings
    elif readiness.errors:
        raise UserError("not published: show.toml is not ready for a public feed (nothing was uploaded):\n  "
                        + "\n  ".join(readiness.errors))


def publish(show: Show, storage: Storage, now: dt.datetime, only: set[str] | None = None,
            dry_run: bool = False, progress=None, preflight: bool = True, force: bool = False) -> PublishReport:
    """Release every built episode whose time has come (or just `only`), then rebuild pages and
    feed. `progress(name)`, if given, makes a progress bar for each media upload; `preflight`
    checks that show.toml is ready for where the feed goes, and each new release as
    `preflight.py` says (`force` releases one that fails, with the problems as warnings)."""
    report = PublishReport(feed_url=feed_url(storage))
    released: dict[str, Episode] = {}
    if preflight:
        check_ready(show, report)
    episodes = episodes_mod.list_episodes(show)
    numbers = episodes_mod.numbers(episodes)
    for episode in episodes:
        if only is not None and episode.slug not in only:
            continue
        if episode.published and episode.published.unpublished:
            continue
        if episode.essay.publish_at > now and episode.published is None:
            report.scheduled.append((episode.slug, episode.essay.publish_at))
            continue
        built = manifest(episode)
        if built is None:
            if episode.published is None:
                report.unbuilt.append(episode.slug)
            continue
        if dry_run:
            if episode.published is None:
                report.released.append(episode.slug)
            continue
        if preflight and _is_new(episode, built):
            if _refused(report, episode, preflight_checks.audio_problems(show, episode.folder / "build" / "episode.mp3"),
                        force):
                continue
            released[episode.slug] = episode
        _publish_one(storage, episode, numbers.get(episode.slug), report, progress)
    if dry_run:
        return report
    art = artwork.prepare(show.artwork_path, show.root / "build")
    report.warnings += list(art.warnings)
    art_key = "artwork" + art.suffix
    _put_checked(storage, art_key, art.path, report)
    urls = FeedUrls(feed_url(storage), storage.url(art_key), show.website, art.width)
    items = _checked_items(show, storage, urls, released, report, force)
    episodes = episodes_mod.list_episodes(show)               # as released: episode.toml files were written
    live = [e for e in episodes if e.published and not e.published.unpublished]
    for key, html in pages.render_all(show, storage, live, items, urls):
        if storage.put_bytes(key, html.encode("utf-8")):
            report.uploaded.append(key)
    xml = build_feed(show, urls, items)
    report.episodes_in_feed = len(items)
    report.feed_changed = storage.put_bytes(FEED_KEY, xml)
    if report.feed_changed:
        report.uploaded.append(FEED_KEY)
    return report


def unpublish(show: Show, storage: Storage, episode: Episode) -> PublishReport:
    """Take a published episode out of the feed on purpose; its GUID and files are kept."""
    if episode.published is None:
        raise UserError(f"{episode.slug} is not published; nothing to take out of the feed")
    episodes_mod.write_published(episode.folder, dataclasses.replace(episode.published, unpublished=True))
    return publish(show, storage, dt.datetime.now(dt.timezone.utc), only=set(), preflight=False)
