"""`produce init` and `produce new`: a new show folder and a new episode's essay."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw

from .. import cache
from ..errors import UserError

SHOW_TEMPLATE = '''# show.toml: everything about the show. Only `title`, `description`, `author`, `email` and
# `website` are required; every other line shows its default. Credentials never go here.

title = "{title}"
description = "A weekly essay, read aloud."
author = "Your Name"
email = "you@example.com"            # the owner's address: Apple and YouTube require one
website = "https://example.com"
language = "en"                      # ISO 639-1, optionally with a region: en-GB
categories = ["Society & Culture"]   # Apple's list; "Top/Sub" for a subcategory, e.g. "Technology"
explicit = false
type = "episodic"                    # or "serial"
# copyright = "© 2026 Your Name"
artwork = "artwork.jpg"              # square JPEG or PNG, 1400-3000 px
timezone = "UTC"                     # publish times without an offset are in this zone

[links]                              # shown in the show notes; leave empty to omit
# apple = "https://podcasts.apple.com/..."
# spotify = "https://open.spotify.com/show/..."
# youtube = "https://youtube.com/@..."
# newsletter = "https://example.com/newsletter"
# donate = "https://example.com/support"

[publish]
storage = "public"                   # a folder, or "s3://bucket/prefix"
# public_base_url = "https://cdn.example.com/"   # where listeners download from
# endpoint_url = ""                  # for R2, MinIO, B2
# region = ""

[transcribe]
engine = "faster-whisper"            # or "openai-whisper" (pip install '.[openai-whisper]')
model = "tiny.en"                    # tiny.en and base work offline; or a path to a model folder

[edit]
max_pause = 1.2                      # pauses longer than this (seconds) ...
pause_to = 0.7                       # ... are shortened to this
cut_fillers = true
cut_retakes = true
cut_adlibs = false

[audio]
channels = 1                         # 1: mono, 96 kbps, -19 LUFS; 2: stereo, 128 kbps, -16 LUFS
true_peak = -1.0
# intro = "music/intro.mp3"
# outro = "music/outro.mp3"
'''

GITIGNORE = "build/\n.venv/\n__pycache__/\npublic/\n*.tmp\n.produce.lock\n"

ESSAY_TEMPLATE = '''---
title: "{title}"
date: {date}
# publish_at: {date}T06:00:00+00:00   # when it goes public (default: the date, midnight)
# summary: "One or two sentences for podcast apps."
---

Write the essay here. This is the script you will read.

## A first section

Each `##` heading becomes a chapter.

PS: A paragraph starting with PS gets its own chapter.
'''


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "episode"


def placeholder_artwork(path: Path, title: str, size: int = 1400) -> None:
    """A square RGB JPEG with the show's title: valid artwork until the host makes real art."""
    image = Image.new("RGB", (size, size), (32, 45, 64))
    draw = ImageDraw.Draw(image)
    for i in range(0, size, 28):
        draw.line([(0, i), (i, 0)], fill=(40, 58, 82), width=6)
    draw.rectangle([size // 10, size // 3, size - size // 10, 2 * size // 3], fill=(236, 196, 94))
    draw.text((size // 2, size // 2), title[:40], fill=(32, 45, 64), anchor="mm",
              font_size=size // 16)
    with cache.atomic_path(path) as tmp:
        image.save(tmp, "JPEG", quality=85)


def init_show(folder: Path, title: str = "My Show") -> list[Path]:
    """Create show.toml, artwork, episodes/ and .gitignore; never overwrite."""
    folder.mkdir(parents=True, exist_ok=True)
    show_toml = folder / "show.toml"
    if show_toml.exists():
        raise UserError(f"{show_toml}: already exists; this folder is already a show")
    created = [show_toml]
    cache.write_text(show_toml, SHOW_TEMPLATE.format(title=title.replace('"', "'")))
    if not (folder / "artwork.jpg").exists():
        placeholder_artwork(folder / "artwork.jpg", title)
        created.append(folder / "artwork.jpg")
    (folder / "episodes").mkdir(exist_ok=True)
    created.append(folder / "episodes")
    if not (folder / ".gitignore").exists():
        cache.write_text(folder / ".gitignore", GITIGNORE)
        created.append(folder / ".gitignore")
    return created


def new_episode(episodes_dir: Path, title: str, date: dt.date, body: str | None = None, summary: str = "",
                source: str = "") -> Path:
    """episodes/<date>-<slug>/essay.md: the template, or an essay body brought in from a newsletter."""
    if not title.strip():
        raise UserError("the episode needs a title: produce new \"Title\"")
    folder = episodes_dir / f"{date.isoformat()}-{slugify(title)}"
    if folder.exists():
        raise UserError(f"{folder}: already exists")
    folder.mkdir(parents=True)
    if body is None:
        text = ESSAY_TEMPLATE.format(title=title.replace("\\", "\\\\").replace('"', '\\"'), date=date.isoformat())
    else:
        front = [f"# imported from {source}"] if source else []
        front += [f'title: {json.dumps(title, ensure_ascii=False)}', f"date: {date.isoformat()}"]
        front += [f"summary: {json.dumps(summary, ensure_ascii=False)}"] if summary else []
        text = "---\n" + "\n".join(front) + "\n---\n\n" + body
    cache.write_text(folder / "essay.md", text)
    return folder
