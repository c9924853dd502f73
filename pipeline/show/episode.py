"""An episode folder: its essay, its recording, and what was published (`episode.toml`).

`episode.toml` is written by produce when the episode is first published and is
committed with the show, so the feed can always be rebuilt from the folder alone.
Its `guid` is assigned once and never changes, even if the folder is renamed.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import tomli_w

from .. import cache
from .config import Show
from ..errors import ConfigError, MediaError, UserError
from .essay import ESSAY_FILES, Essay, essay_path, load_essay

AUDIO_SUFFIXES = (".wav", ".flac", ".m4a", ".mp3", ".ogg", ".opus", ".aac", ".aif", ".aiff", ".wma",
                  ".mp4", ".mov", ".mkv", ".webm")
SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Published:
    """The facts of a published episode that must never drift."""
    guid: str
    number: int
    slug: str                   # the storage name, fixed at first publish
    pub_date: dt.datetime
    media_size: int
    media_sha256: str
    duration: float
    season: int | None = None
    media_name: str = ""        # the MP3's name in storage; a new version gets a new name (immutable caching)
    unpublished: bool = False   # taken out of the feed on purpose (`produce unpublish`)

    @property
    def media(self) -> str:
        return self.media_name or f"{self.slug}.mp3"

    def to_toml(self) -> str:
        table = {k: v for k, v in asdict(self).items() if v is not None and v != "" and v is not False}
        return ("# Written by produce when this episode was first published. Commit it; do not edit the guid.\n"
                + tomli_w.dumps(table))


@dataclass(frozen=True)
class Episode:
    slug: str
    folder: Path
    essay: Essay
    published: Published | None

    @property
    def recording(self) -> Path:
        return find_recording(self.folder)

    @property
    def storage_slug(self) -> str:
        return self.published.slug if self.published else self.slug


def find_recording(folder: Path) -> Path:
    """The episode's raw recording: `recording.<ext>`, else the only audio file in the folder."""
    named = sorted(p for p in folder.glob("recording.*") if p.suffix.lower() in AUDIO_SUFFIXES)
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise MediaError(f"{folder}: several recordings ({', '.join(p.name for p in named)}); keep one")
    others = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES)
    if len(others) == 1:
        return others[0]
    raise MediaError(f"{folder}: no recording found; put the raw take there as recording.wav "
                     "(or .flac, .m4a, .mp3, .ogg)")


PUBLISHED_NAME = "episode.toml"


def read_published(folder: Path) -> Published | None:
    path = folder / PUBLISHED_NAME
    if not path.exists():
        return None
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        return Published(**table)
    except (tomllib.TOMLDecodeError, TypeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: is damaged ({exc}); restore it from git (`git checkout -- {path}`)") from None


def write_published(folder: Path, published: Published) -> None:
    cache.write_text(folder / PUBLISHED_NAME, published.to_toml())


def check_slug(slug: str) -> str:
    if not SLUG.match(slug) or ".." in slug:
        raise UserError(f"episode name {slug!r} is not a usable folder name; use lower-case letters, digits "
                        "and dashes, like 2026-11-24-dont-back-down")
    return slug


def load_episode(show: Show, folder: Path) -> Episode:
    folder = Path(folder)
    check_slug(folder.name)
    essay = load_essay(essay_path(folder), show)
    return Episode(folder.name, folder, essay, read_published(folder))


def episode_folders(show: Show) -> list[Path]:
    if not show.episodes_dir.is_dir():
        return []
    return sorted(p for p in show.episodes_dir.iterdir()
                  if p.is_dir() and any((p / name).exists() for name in ESSAY_FILES))


def list_episodes(show: Show) -> list[Episode]:
    """Every episode of the show, oldest first."""
    episodes = [load_episode(show, folder) for folder in episode_folders(show)]
    return sorted(episodes, key=lambda e: (e.essay.publish_at, e.slug))


def resolve(show: Show, name: str) -> Path:
    """An episode folder from a path or a slug (or a unique part of one)."""
    path = Path(name)
    if path.is_dir() and any((path / name).exists() for name in ESSAY_FILES):
        return path.resolve()
    if "/" in name or ".." in name:
        raise UserError(f"{name}: no such episode folder")
    folders = episode_folders(show)
    exact = [f for f in folders if f.name == name]
    if exact:
        return exact[0]
    partial = [f for f in folders if name in f.name]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise UserError(f"no episode called {name!r} in {show.episodes_dir}; `produce status` lists them")
    raise UserError(f"{name!r} matches several episodes ({', '.join(f.name for f in partial)}); be more precise")


def numbers(episodes: list[Episode]) -> dict[str, int]:
    """Episode numbers: as published, as the front matter says, else the next free one in date order."""
    taken: dict[int, str] = {}
    result: dict[str, int] = {}
    for episode in episodes:
        number = episode.published.number if episode.published else episode.essay.front.episode
        if number is None or episode.essay.front.type == "trailer":
            continue
        if number in taken:
            raise ConfigError(f"{episode.folder / 'essay.md'}: `episode` {number} is already used by "
                              f"{taken[number]}; give it another number or remove the line")
        taken[number] = episode.slug
        result[episode.slug] = number
    next_free = max(taken, default=0) + 1
    for episode in episodes:
        if episode.slug not in result and episode.essay.front.type != "trailer":
            result[episode.slug] = next_free
            next_free += 1
    return result


def new_guid(feed_guid: str, slug: str, date: dt.date) -> str:
    """A GUID for a first publication: stable for the same show, slug and date."""
    return str(uuid.uuid5(uuid.UUID(feed_guid), f"{slug}/{date.isoformat()}"))
