"""`produce new --from` and `produce import`: episodes whose essays come from the newsletter.

A back catalogue is a feed of posts and a folder of recordings named however the host
named them: `2026-03-02.wav`, `20260302 take 2.m4a`, `why-we-walk.mp3`. A recording goes
with a post when its name holds the post's date or its title's words; a name two posts
could claim, or a post two names could claim, is left for the host to sort out, never guessed.
Nothing that exists is overwritten: an episode folder already there is kept as it is.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .episode import AUDIO_SUFFIXES
from .posts import MIN_WORDS, Post
from .scaffold import new_episode, slugify


@dataclass(frozen=True)
class Imported:
    post: Post
    folder: Path
    status: str                      # created | exists | undated | empty
    recording: Path | None = None    # the file linked in as recording.<ext>
    note: str = ""


def _date_keys(date: dt.date) -> tuple[str, ...]:
    return date.isoformat(), date.strftime("%Y%m%d"), date.strftime("%Y_%m_%d"), date.strftime("%Y.%m.%d")


def _claims(path: Path, post: Post) -> bool:
    name = path.stem.lower()
    if post.date and any(key in name for key in _date_keys(post.date)):
        return True
    stem, title = _words(path.stem), _words(post.title)
    shared = len(stem & title)
    return shared >= 2 and shared >= 0.6 * min(len(stem), len(title))


def _words(text: str) -> set[str]:
    return {w for w in slugify(text).split("-") if len(w) > 2 and not w.isdigit()}


def match_recordings(posts: list[Post], folder: Path | None) -> dict[int, Path | str]:
    """Post index → its recording, or a note why none was taken."""
    if folder is None:
        return {}
    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder; --recordings takes the folder holding the takes")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES)
    claims = {i: [f for f in files if _claims(f, post)] for i, post in enumerate(posts)}
    owners: dict[Path, list[int]] = {}
    for i, found in claims.items():
        for f in found:
            owners.setdefault(f, []).append(i)
    out: dict[int, Path | str] = {}
    for i, found in claims.items():
        if len(found) > 1:
            out[i] = "several recordings match (" + ", ".join(f.name for f in found) + "); copy one in by hand"
        elif found and len(owners[found[0]]) > 1:
            out[i] = f"{found[0].name} matches several posts; copy it in by hand"
        elif found:
            out[i] = found[0]
    return out


def _link_in(recording: Path, folder: Path) -> Path:
    """recording.<ext> in the episode folder: a hard link where the disk allows, else a copy."""
    target = folder / f"recording{recording.suffix.lower()}"
    try:
        os.link(recording, target)
    except OSError:
        shutil.copy2(recording, target)
    return target


def _existing(episodes_dir: Path, post: Post) -> Path | None:
    slug = slugify(post.title)
    if not episodes_dir.is_dir():
        return None
    return next((p for p in sorted(episodes_dir.iterdir()) if p.is_dir() and p.name[11:] == slug), None)


def create(episodes_dir: Path, post: Post, date: dt.date, source: str) -> Path:
    """One episode folder with the post as its essay."""
    if post.words < MIN_WORDS:
        raise UserError(f"{source}: the post {post.title!r} has no text to read (only {post.words} words); "
                        "a paid or private post needs its saved page instead")
    return new_episode(episodes_dir, post.title, date, post.markdown, post.summary, post.link or source)


def import_all(episodes_dir: Path, posts: list[Post], source: str,
               recordings: Path | None = None) -> list[Imported]:
    """An episode for every post, oldest first, with its recording where one is found."""
    matched = match_recordings(posts, recordings)
    results = []
    for i in sorted(range(len(posts)), key=lambda k: posts[k].date or dt.date.min):
        post, found = posts[i], matched.get(i)
        existing = _existing(episodes_dir, post)
        if existing is not None:
            results.append(Imported(post, existing, "exists", note="kept as it is"))
        elif post.date is None:
            results.append(Imported(post, episodes_dir, "undated", note="the post has no date; use new --from"))
        elif post.words < MIN_WORDS:
            results.append(Imported(post, episodes_dir, "empty", note=f"only {post.words} words in the feed"))
        else:
            folder = create(episodes_dir, post, post.date, source)
            recording = _link_in(found, folder) if isinstance(found, Path) else None
            results.append(Imported(post, folder, "created", recording, found if isinstance(found, str) else ""))
    return results
