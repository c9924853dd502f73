"""show.toml → `Show`: every setting of the show, validated once, frozen, passed explicitly.

Only this module reads show.toml. Defaults are the ones a spoken-word show wants; a host
writes only what differs. Credentials never live here: storage uses the AWS chain.
"""

from __future__ import annotations

import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from . import apple
from ..errors import ConfigError
from .schema import check, load_table


@dataclass(frozen=True)
class Person:
    name: str
    role: str = "host"
    href: str = ""
    img: str = ""


@dataclass(frozen=True)
class Links:
    """Where listeners subscribe and support the show; shown in notes and pages."""
    apple: str = ""
    spotify: str = ""
    youtube: str = ""
    newsletter: str = ""
    donate: str = ""
    donate_label: str = "Support the show"


@dataclass(frozen=True)
class PublishSettings:
    storage: str = "public"             # a folder, or s3://bucket/prefix
    public_base_url: str = ""           # where listeners fetch; default: file URL of the folder
    endpoint_url: str = ""              # S3-compatible endpoint (R2, MinIO, B2)
    region: str = ""
    profile: str = ""
    acl: str = ""                       # e.g. "public-read"; empty sends none
    retries: int = 8                    # attempts per S3 request (backoff on throttling, 5xx, timeouts)
    analytics_prefix: str = ""          # e.g. "https://op3.dev/e/": put before enclosure URLs (only those)
    new_feed_url: str = ""              # the feed has moved there: apps follow itunes:new-feed-url

    def __post_init__(self):
        check(bool(self.storage.strip()), "storage", "must name a folder or s3://bucket/prefix")
        check(1 <= self.retries <= 20, "retries", "must be between 1 and 20")
        for key in ("analytics_prefix", "new_feed_url"):
            value = getattr(self, key)
            check(not value or value.startswith(("https://", "http://")), key, "must be an http(s) URL")


@dataclass(frozen=True)
class TranscribeSettings:
    engine: Literal["faster-whisper", "openai-whisper"] = "faster-whisper"
    model: str = "tiny.en"              # a name or a local path; resolved offline first
    language: str = ""                  # default: the show's language
    beam_size: int = 1
    threads: int = 1                    # measured: 1 thread beats 2 for int8 tiny.en on 2 cores
    workers: int = 0                    # windows decoded at once (faster-whisper); 0: one per core, up to 4
    verbatim: bool = True               # prompt the model to keep fillers (um, uh)
    guided: bool = True                 # align the essay to the reading; decode freely only where it departs

    NOT_IN_CACHE_KEY: ClassVar[tuple[str, ...]] = ("threads", "workers")    # the same words, sooner or later

    def __post_init__(self):
        check(1 <= self.beam_size <= 10, "beam_size", "must be between 1 and 10")
        check(0 <= self.threads <= 64, "threads", "must be between 0 (all cores) and 64")
        check(0 <= self.workers <= 16, "workers", "must be between 0 (one per core) and 16")


@dataclass(frozen=True)
class EditSettings:
    head: float = 0.5                   # seconds kept before the first word
    tail: float = 0.5                   # seconds kept after the last word
    max_pause: float = 1.2              # pauses longer than this are shortened ...
    pause_to: float = 0.7               # ... to this
    paragraph_pause_to: float = 0.9     # ... or this at a paragraph break
    cut_head_tail: bool = True
    cut_pauses: bool = True
    cut_fillers: bool = True
    cut_retakes: bool = True
    cut_off_script: bool = True         # chatter before the script starts and after it ends
    cut_adlibs: bool = False            # off-script talk inside the essay (often on purpose)
    fillers: tuple[str, ...] = ("um", "umm", "uh", "uhh", "er", "erm", "ah", "hmm", "mm", "uh-huh", "you know",
                                "i mean")
    crossfade_ms: float = 10.0

    def __post_init__(self):
        for key in ("head", "tail", "max_pause", "pause_to", "paragraph_pause_to"):
            check(getattr(self, key) >= 0, key, "must be zero or more seconds")
        check(self.pause_to <= self.max_pause, "pause_to", "must not be longer than max_pause")
        check(5 <= self.crossfade_ms <= 50, "crossfade_ms", "must be between 5 and 50")


@dataclass(frozen=True)
class AudioSettings:
    channels: Literal[1, 2] = 1
    loudness: float | None = None       # LUFS; default -16 stereo, -19 mono
    true_peak: float = -1.0             # dBTP
    bitrate_kbps: int | None = None     # default 96 mono, 128 stereo
    sample_rate: int = 44100
    highpass_hz: float = 80.0           # 0 turns it off
    compress: bool = True
    gate: bool = False
    denoise: Literal["auto", "off", "light", "strong"] = "auto"   # auto: only when the room is noisy
    dehum: Literal["auto", "off"] = "auto"                        # auto: notch mains hum when found
    level: bool = True                  # even out a voice that drifts (leveller.py)
    deess: bool = False
    breaths: Literal["keep", "soften"] = "keep"
    intro: str = ""                     # music file, relative to the show folder
    outro: str = ""
    m4a: bool = False                   # also an AAC (M4A) file, offered as an alternate enclosure

    def __post_init__(self):
        if self.loudness is not None:
            check(-30 <= self.loudness <= -10, "loudness", "must be between -30 and -10 LUFS")
        check(-9 <= self.true_peak <= 0, "true_peak", "must be between -9 and 0 dBTP")
        check(self.sample_rate in (44100, 48000), "sample_rate", "must be 44100 or 48000")
        if self.bitrate_kbps is not None:
            check(self.bitrate_kbps in (64, 80, 96, 112, 128, 160, 192, 256, 320), "bitrate_kbps",
                  "must be a standard MP3 bitrate such as 96 or 128")

    @property
    def target_lufs(self) -> float:
        if self.loudness is not None:
            return self.loudness
        return -16.0 if self.channels == 2 else -19.0

    @property
    def bitrate(self) -> int:
        return self.bitrate_kbps or (128 if self.channels == 2 else 96)


@dataclass(frozen=True)
class NotesSettings:
    chapters: Literal["auto", "headings", "off"] = "auto"
    min_chapter_s: float = 60.0
    summariser_url: str = ""            # an OpenAI-compatible API (…/v1); off when empty
    summariser_model: str = ""          # its key comes from $PRODUCE_SUMMARISER_KEY, never from here


@dataclass(frozen=True)
class YouTubeSettings:
    video: bool = False                 # also render build/youtube.mp4 (or pass --youtube)
    style: Literal["still", "audiogram"] = "still"
    size: Literal["1280x720", "1920x1080"] = "1280x720"


@dataclass(frozen=True)
class EssaySettings:
    end_markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Show:
    title: str
    description: str
    author: str
    email: str
    website: str
    root: Path = Path(".")
    language: str = "en"
    owner: str = ""
    categories: tuple[str, ...] = ("Society & Culture",)
    explicit: bool = False
    type: Literal["episodic", "serial"] = "episodic"
    copyright: str = ""
    artwork: str = "artwork.jpg"
    timezone: str = "UTC"
    locked: bool = True
    keywords: tuple[str, ...] = ()
    medium: Literal["podcast", "music", "video", "film", "audiobook", "newsletter", "blog"] = "podcast"
    update_frequency: Literal["", "daily", "weekly", "biweekly", "monthly"] = "weekly"   # podcast:updateFrequency
    txt: str = ""                       # podcast:txt, e.g. a directory's ownership verification string
    license: str = ""                   # podcast:license, an SPDX name (e.g. "cc-by-4.0") or your own
    license_url: str = ""               # where a license of your own is written out
    location: str = ""                  # podcast:location: the place the show is about or made in
    location_geo: str = ""              # its geo URI, e.g. "geo:51.5072,-0.1276"
    links: Links = field(default_factory=Links)
    person: tuple[Person, ...] = ()
    publish: PublishSettings = field(default_factory=PublishSettings)
    transcribe: TranscribeSettings = field(default_factory=TranscribeSettings)
    edit: EditSettings = field(default_factory=EditSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    notes: NotesSettings = field(default_factory=NotesSettings)
    essay: EssaySettings = field(default_factory=EssaySettings)
    youtube: YouTubeSettings = field(default_factory=YouTubeSettings)

    NOT_IN_CACHE_KEY: ClassVar[tuple[str, ...]] = ("root",)   # moving the show folder rebuilds nothing

    def __post_init__(self):
        for key in ("title", "description", "author"):
            check(bool(getattr(self, key).strip()), key, "must not be empty")
        check("@" in self.email and "." in self.email.rpartition("@")[2], "email",
              "must be the owner's email address (Apple and YouTube require one)")
        check(self.website.startswith(("http://", "https://")), "website", "must be an http(s) URL")
        problem = apple.language_problem(self.language)
        check(problem is None, "language", problem or "")
        check(bool(self.categories), "categories", "needs at least one Apple category")
        for i, category in enumerate(self.categories):
            problem = apple.category_problem(category)
            check(problem is None, f"categories[{i}]", problem or "")
        check(_is_timezone(self.timezone), "timezone",
              f"{self.timezone!r} is not a time zone; use an IANA name like 'Europe/London' or 'UTC'")
        check(len(self.description.encode()) <= 4000, "description", "must be at most 4000 bytes (Apple's limit)")

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def episodes_dir(self) -> Path:
        return self.root / "episodes"

    @property
    def artwork_path(self) -> Path:
        return self.root / self.artwork

    @property
    def owner_name(self) -> str:
        return self.owner or self.author

    @property
    def transcribe_language(self) -> str:
        return self.transcribe.language or self.language.split("-")[0]


def _is_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
        return True
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False


SHOW_FILE = "show.toml"


def read_toml(path: Path) -> dict:
    """Parse a TOML file; a syntax error names the file and line."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: is not valid TOML ({exc}); fix the syntax") from None


def load_show(root: Path) -> Show:
    """Read `root/show.toml`. Raises ConfigError naming the file and key on any problem."""
    path = Path(root) / SHOW_FILE
    if not path.exists():
        raise ConfigError(f"{path}: not found; run `produce init` to create a show here, "
                          "or run produce from the show's folder")
    table = read_toml(path)
    if "root" in table:
        raise ConfigError(f"{path}: `root` is not a setting; remove it (the show is the folder of show.toml)")
    return load_table(Show, table | {"root": str(Path(root).resolve())}, path)


def find_show_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds a show.toml (default: start)."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / SHOW_FILE).exists():
            return folder
    return start
