"""Artwork: errors for what only the host can fix, corrected copies for the rest."""

import pytest
from PIL import Image

from pipeline.show.artwork import prepare
from pipeline.errors import MediaError


def make(path, size=(1400, 1400), mode="RGB", fmt="JPEG"):
    Image.new(mode, size, "white" if mode != "CMYK" else (0, 0, 0, 0)).save(path, fmt)
    return path


def test_good_artwork_is_used_as_is(tmp_path):
    art = prepare(make(tmp_path / "a.jpg"), tmp_path / "build")
    assert art.path == tmp_path / "a.jpg" and art.warnings == ()


@pytest.mark.parametrize("size, fragment", [((1400, 1200), "must be square"), ((1000, 1000), "at least 1400")])
def test_unfixable_artwork_is_an_error(tmp_path, size, fragment):
    with pytest.raises(MediaError, match=fragment):
        prepare(make(tmp_path / "a.jpg", size), tmp_path / "build")


def test_missing_and_unreadable(tmp_path):
    with pytest.raises(MediaError, match="not found"):
        prepare(tmp_path / "none.jpg", tmp_path / "build")
    (tmp_path / "bad.jpg").write_bytes(b"not an image")
    with pytest.raises(MediaError, match="not a readable image"):
        prepare(tmp_path / "bad.jpg", tmp_path / "build")


@pytest.mark.parametrize("mode, fmt, name, suffix", [("CMYK", "JPEG", "a.jpg", ".jpg"), ("RGBA", "PNG", "a.png", ".png"),
                                                      ("RGB", "PNG", "a.jpg", ".png")])
def test_fixable_artwork_is_fixed_in_a_copy(tmp_path, mode, fmt, name, suffix):
    source = make(tmp_path / name, mode=mode, fmt=fmt)
    before = source.read_bytes()
    art = prepare(source, tmp_path / "build")
    assert art.warnings and art.path.parent == tmp_path / "build" and art.suffix == suffix
    with Image.open(art.path) as image:
        assert image.mode == "RGB" and image.size == (1400, 1400)
        assert image.format == ("PNG" if suffix == ".png" else "JPEG")
    assert source.read_bytes() == before


def test_oversized_artwork_is_scaled(tmp_path):
    art = prepare(make(tmp_path / "a.jpg", (3600, 3600)), tmp_path / "build")
    with Image.open(art.path) as image:
        assert image.size == (3000, 3000)
