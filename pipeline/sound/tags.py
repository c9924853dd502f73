"""mastered MP3 → the published MP3, with ID3v2.4 tags, cover art and chapters.

Written with mutagen: title, author, show, date, episode number, genre, summary,
cover (re-encoded to a JPEG of at most 1400 px to keep the tag small), episode link,
and one CTOC (top level, ordered) with a CHAP per chapter, in milliseconds on the
edited timeline, each ending where the next begins and the last at the end.

The frames are written in time order (CTOC, then each CHAP by its start): players built
on ffmpeg (mpv, VLC) list chapters in the order the frames stand in the file, not in
the CTOC's, and mutagen on its own orders frames by their size.

The M4A gets the same chapters as MP4 chapter atoms (Apple Podcasts reads them), written
by ffmpeg from a metadata file, since mutagen does not write them.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import asdict, dataclass
from typing import ClassVar
from pathlib import Path

from mutagen.mp4 import MP4, MP4Cover
from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TPE1, TRCK, WXXX, CTOCFlags)
from PIL import Image

from .. import ffmpeg
from ..cache import atomic_path, sha256_file
from ..errors import check_version
from ..writing.chapters import Chapter


@dataclass(frozen=True)
class TagInfo:
    title: str
    author: str
    show: str
    date: str              # YYYY-MM-DD
    number: int | None
    summary: str
    link: str
    cover: Path | None

    NOT_IN_CACHE_KEY: ClassVar[tuple[str, ...]] = ("cover",)  # the package stage's inputs hold its digest


def cover_jpeg(path: Path, max_px: int = 1400) -> bytes:
    """The artwork as a JPEG of at most max_px, RGB."""
    with Image.open(path) as image:
        image = image.convert("RGB")
        image.thumbnail((max_px, max_px))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=88, optimize=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class Media:
    size: int                      # bytes
    sha256: str


@dataclass(frozen=True)
class Package:
    """package.json (format 1): the tagged episode as the publisher uploads it."""
    duration: float                # s, edited timeline
    size: int                      # bytes of episode.mp3
    sha256: str
    m4a: Media | None = None       # episode.m4a, when `[audio] m4a`

    VERSION: ClassVar[int] = 1

    def to_dict(self) -> dict:
        made = {"version": self.VERSION, "duration": self.duration, "size": self.size, "sha256": self.sha256}
        return made | ({"m4a": asdict(self.m4a)} if self.m4a else {})

    @classmethod
    def from_dict(cls, data: dict) -> "Package":
        """Format 0 (written before package.json had a version) has the same fields, and is read
        as it is: a built episode waiting for the weekly job is released after an upgrade."""
        check_version({"version": cls.VERSION, **data}, cls.VERSION, "package.json")
        return cls(data["duration"], data["size"], data["sha256"], Media(**data["m4a"]) if data.get("m4a") else None)

    def stage_record(self) -> dict:
        return {"duration": self.duration, "size": self.size}


def package(master_mp3: Path, out_mp3: Path, info: "TagInfo", chapters: list[Chapter], duration: float,
            m4a: tuple[Path, Path] | None = None) -> Package:
    """The package stage: the mastered MP3 (and M4A: `m4a` = (master, out)) tagged, with
    cover and chapters; what it made, measured."""
    write_tags(master_mp3, out_mp3, info, chapters, duration)
    alternate = None
    if m4a:
        write_m4a_tags(*m4a, info, chapters, duration)
        alternate = Media(m4a[1].stat().st_size, sha256_file(m4a[1]))
    return Package(duration, out_mp3.stat().st_size, sha256_file(out_mp3), alternate)


def write_tags(master_mp3: Path, out: Path, info: TagInfo, chapters: list[Chapter], duration: float) -> None:
    """Copy `master_mp3` to `out` and tag it (written beside `out`, then renamed)."""
    with atomic_path(out) as tmp:
        shutil.copyfile(master_mp3, tmp)
        _tag(tmp, info, chapters, duration)


def write_m4a_tags(master_m4a: Path, out: Path, info: TagInfo, chapters: list[Chapter], duration: float) -> None:
    """Copy the AAC master to `out` with its chapters, iTunes-style MP4 tags and the cover."""
    with atomic_path(out) as tmp:
        ffmpeg.add_chapters(master_m4a, tmp, chapter_spans(chapters, duration))
        tags = MP4(tmp)
        tags["\xa9nam"], tags["\xa9ART"], tags["\xa9alb"] = [info.title], [info.author], [info.show]
        tags["\xa9day"], tags["\xa9gen"] = [info.date], ["Podcast"]
        if info.number:
            tags["trkn"] = [(info.number, 0)]
        if info.summary:
            tags["desc"] = [info.summary]
        if info.cover and info.cover.exists():
            tags["covr"] = [MP4Cover(cover_jpeg(info.cover), imageformat=MP4Cover.FORMAT_JPEG)]
        tags.save()


def chapter_spans(chapters: list[Chapter], duration: float) -> list[tuple[int, int, str]]:
    """(start_ms, end_ms, title) per chapter in time order, each ending where the next begins."""
    ordered = sorted(chapters, key=lambda c: c.start)
    end_ms = int(round(duration * 1000))
    starts = [int(round(c.start * 1000)) for c in ordered]
    return [(start, starts[i + 1] if i + 1 < len(starts) else max(end_ms, start), c.title)
            for i, (start, c) in enumerate(zip(starts, ordered))]


class TimeOrderedID3(ID3):
    """An ID3 tag whose CTOC and CHAP frames are written in time order.

    mutagen sorts frames by a priority list, then by size: a short chapter title comes
    first in the file. This keeps mutagen's place for every other frame and writes the
    CTOC, then the CHAPs by start time, just before the pictures."""

    def _write(self, config):
        from mutagen.id3._tags import save_frame

        frames = list(self.values())
        chapters = [f for f in frames if f.FrameID == "CTOC"] + \
            sorted((f for f in frames if f.FrameID == "CHAP"), key=lambda f: (f.start_time, f.element_id))
        others = ID3()
        for frame in frames:
            if frame.FrameID not in ("CTOC", "CHAP"):
                others.add(frame)
        data = others._write(config)
        pictures = [save_frame(f, config=config) for f in frames if f.FrameID == "APIC"]
        head = data[:len(data) - sum(map(len, pictures))] if pictures else data
        return bytearray().join([head, *(save_frame(f, config=config) for f in chapters), *pictures])


def _tag(out: Path, info: TagInfo, chapters: list[Chapter], duration: float) -> None:
    tags = TimeOrderedID3()
    tags.add(TIT2(encoding=3, text=info.title))
    tags.add(TPE1(encoding=3, text=info.author))
    tags.add(TALB(encoding=3, text=info.show))
    tags.add(TDRC(encoding=3, text=info.date))
    tags.add(TCON(encoding=3, text="Podcast"))
    if info.number:
        tags.add(TRCK(encoding=3, text=str(info.number)))
    if info.summary:
        tags.add(COMM(encoding=3, lang="eng", desc="", text=info.summary))
    if info.link:
        tags.add(WXXX(encoding=3, desc="", url=info.link))
    if info.cover and info.cover.exists():
        tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=cover_jpeg(info.cover)))
    ordered = sorted(chapters, key=lambda c: c.start)
    ids = [f"chp{i}" for i in range(len(ordered))]
    if ordered:
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                      sub_frames=[TIT2(encoding=3, text=info.title)]))
    for element_id, chapter, (start, stop, title) in zip(ids, ordered, chapter_spans(ordered, duration)):
        sub = [TIT2(encoding=3, text=title)]
        if chapter.url:
            sub.append(WXXX(encoding=3, desc="", url=chapter.url))
        tags.add(CHAP(element_id=element_id, start_time=start, end_time=stop, start_offset=0xFFFFFFFF,
                      end_offset=0xFFFFFFFF, sub_frames=sub))
    tags.save(out, v2_version=4)
