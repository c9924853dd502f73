"""The published MP3's and M4A's tags: chapters in time order as players that read frames in
file order (ffprobe, so mpv and VLC) see them, the same in mutagen's frame order, and the
M4A's chapter atoms."""

from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from pipeline import ffmpeg
from pipeline.sound import tags
from pipeline.writing.chapters import Chapter

from tests.support import REPO

# Titles of very different lengths: mutagen alone orders frames by size, so the short "PS"
# came first in the file.
CHAPTERS = [Chapter(0.0, "Opening"), Chapter(4.0, "A much longer chapter title, longer than the others"),
            Chapter(9.0, "Mid"), Chapter(15.0, "PS")]
INFO = tags.TagInfo("An Episode", "A Host", "A Show", "2026-12-01", 7, "One line.", "https://host.net/show",
                    REPO / "artwork.jpg")


def tone(path: Path, seconds: float = 20.0) -> Path:
    codec = ["-c:a", "aac"] if path.suffix == ".m4a" else ["-c:a", "libmp3lame", "-b:a", "96k"]
    ffmpeg.run(["-f", "lavfi", "-i", f"sine=frequency=220:duration={seconds}", "-ac", "1", *codec, str(path)],
               path, "making a test tone")
    return path


@pytest.mark.parametrize("given", [CHAPTERS, list(reversed(CHAPTERS))])
def test_mp3_chapters_stand_in_time_order_in_the_file(tmp_path, given):
    out = tmp_path / "episode.mp3"
    tags.write_tags(tone(tmp_path / "master.mp3"), out, INFO, given, 20.0)
    listed = ffmpeg.chapters_of(out)
    assert [(start, title) for start, _, title in listed] == [(c.start, c.title) for c in CHAPTERS]
    assert [end for _, end, _ in listed] == [4.0, 9.0, 15.0, 20.0]
    frames = [f for f in ID3(out).values() if f.FrameID in ("CTOC", "CHAP")]
    assert [f.FrameID for f in frames] == ["CTOC", "CHAP", "CHAP", "CHAP", "CHAP"]
    assert [f.element_id for f in frames[1:]] == frames[0].child_element_ids == ["chp0", "chp1", "chp2", "chp3"]
    assert [f.start_time for f in frames[1:]] == [0, 4000, 9000, 15000]


def test_mp3_keeps_its_other_tags_and_the_cover_last(tmp_path):
    out = tmp_path / "episode.mp3"
    tags.write_tags(tone(tmp_path / "master.mp3"), out, INFO, CHAPTERS, 20.0)
    ids = [f.FrameID for f in ID3(out).values()]
    assert ids[:2] == ["TIT2", "TPE1"] and ids[-1] == "APIC"
    tag = ID3(out)
    assert str(tag["TIT2"]) == "An Episode" and str(tag["TRCK"]) == "7" and tag.version == (2, 4, 0)


def test_m4a_carries_the_chapters_and_tags(tmp_path):
    out = tmp_path / "episode.m4a"
    tags.write_m4a_tags(tone(tmp_path / "master.m4a"), out, INFO, list(reversed(CHAPTERS)), 20.0)
    listed = ffmpeg.chapters_of(out)
    assert [title for _, _, title in listed] == [c.title for c in CHAPTERS]
    assert [start for start, _, _ in listed] == pytest.approx([c.start for c in CHAPTERS], abs=0.05)
    mp4 = MP4(out)
    assert mp4["\xa9nam"] == ["An Episode"] and mp4["trkn"] == [(7, 0)] and mp4["covr"]
    assert ffmpeg.probe(out).duration == pytest.approx(20.0, abs=0.1)


def test_chapter_titles_with_metadata_syntax_survive(tmp_path):
    titles = ["Opening", "A = B; #1 \\ done"]
    out = tmp_path / "episode.m4a"
    tags.write_m4a_tags(tone(tmp_path / "master.m4a", 10.0), out, INFO, [Chapter(0.0, titles[0]),
                                                                          Chapter(5.0, titles[1])], 10.0)
    assert [title for _, _, title in ffmpeg.chapters_of(out)] == titles


def test_package_measures_what_it_made_and_reads_back(tmp_path):
    import hashlib
    import json
    from pipeline.errors import StaleArtifact
    made = tags.package(tone(tmp_path / "master.mp3"), tmp_path / "episode.mp3", INFO, CHAPTERS, 20.0,
                        (tone(tmp_path / "master.m4a"), tmp_path / "episode.m4a"))
    mp3, m4a = (tmp_path / "episode.mp3").read_bytes(), (tmp_path / "episode.m4a").read_bytes()
    assert (made.size, made.sha256) == (len(mp3), hashlib.sha256(mp3).hexdigest())
    assert (made.m4a.size, made.m4a.sha256) == (len(m4a), hashlib.sha256(m4a).hexdigest())
    assert tags.Package.from_dict(json.loads(json.dumps(made.to_dict()))) == made
    old = {k: v for k, v in made.to_dict().items() if k != "version"}       # written before package.json had one
    assert tags.Package.from_dict(old) == made
    with pytest.raises(StaleArtifact, match="package.json"):
        tags.Package.from_dict({**made.to_dict(), "version": 2})
