"""Cover art that every podcast directory accepts: square, 1400-3000 px, RGB, JPEG or PNG.

What cannot be fixed without the host (missing, unreadable, not square, too small) is
an error. What can be fixed safely (CMYK or transparency, too large, a PNG named .jpg)
is fixed in a copy under the show's `build/`, with a warning; the host's file is never
changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .. import cache
from ..errors import MediaError

MIN_PX, MAX_PX = 1400, 3000
SUFFIX = {"JPEG": ".jpg", "PNG": ".png"}


@dataclass(frozen=True)
class Artwork:
    path: Path                 # the file to publish (the original, or a fixed copy)
    warnings: tuple[str, ...] = ()

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def width(self) -> int:
        """px (the artwork is square)."""
        with Image.open(self.path) as image:
            return image.size[0]


def prepare(source: Path, build_dir: Path) -> Artwork:
    """Check `source`; return it, or a corrected copy in `build_dir`, with warnings."""
    if not source.exists():
        raise MediaError(f"{source}: artwork not found; add a square JPEG or PNG of 1400-3000 px "
                         "(`produce init` makes a placeholder)")
    try:
        with Image.open(source) as image:
            image.load()
            fmt, mode, (width, height) = image.format, image.mode, image.size
            copy = image.copy()
    except (UnidentifiedImageError, OSError):
        raise MediaError(f"{source}: is not a readable image; export it as JPEG or PNG") from None
    if width != height:
        raise MediaError(f"{source}: artwork must be square; it is {width}×{height} px")
    if width < MIN_PX:
        raise MediaError(f"{source}: artwork is {width}×{height} px; Apple needs at least {MIN_PX}×{MIN_PX}")
    warnings, fixed = [], False
    if fmt not in SUFFIX:
        warnings.append(f"{source}: {fmt} artwork converted to JPEG")
        fmt, fixed = "JPEG", True
    if mode != "RGB":
        warnings.append(f"{source}: {mode} artwork converted to RGB (directories reject CMYK and transparency)")
        copy, fixed = _to_rgb(copy), True
    if width > MAX_PX:
        warnings.append(f"{source}: {width} px artwork scaled down to {MAX_PX} px")
        copy, fixed = copy.resize((MAX_PX, MAX_PX), Image.LANCZOS), True
    if source.suffix.lower() not in ((".jpg", ".jpeg") if fmt == "JPEG" else (".png",)):
        warnings.append(f"{source}: the file is {fmt} but named {source.suffix}; published as {SUFFIX[fmt]}")
        fixed = True
    if not fixed:
        return Artwork(source)
    out = build_dir / f"{source.stem}{SUFFIX[fmt]}"
    with cache.atomic_path(out) as tmp:
        copy.save(tmp, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return Artwork(out, tuple(warnings))


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")
