"""essay.md → `Essay`: the front matter and the script, in the host's own words.

The essay is the script the host read. Its `##` headings are the episode's chapters,
its links go to the show notes, a `PS` paragraph is recognised (and gets a chapter),
and everything after a sign-off marker from show.toml is left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from . import essay_text
from .essay_text import RawBlock
from .config import EditSettings, Show
from ..errors import ConfigError
from .schema import check, load_table

PS_PATTERN = re.compile(r"^\s*(P\.?\s?P\.?\s?S\.?|P\.?\s?S\.?)(?=[\s:,\-—])", re.IGNORECASE)


@dataclass(frozen=True)
class FrontMatter:
    """The essay's YAML front matter, as the host wrote it."""
    title: str
    date: dt.date | str | None = None
    publish_at: dt.datetime | dt.date | str | None = None
    episode: int | None = None
    season: int | None = None
    summary: str = ""
    explicit: bool | None = None
    type: Literal["full", "trailer", "bonus"] = "full"
    image: str = ""
    author: str = ""
    intro: str | None = None            # music file relative to the show; "" turns the show's intro off
    outro: str | None = None
    edit: dict | None = None            # overrides of show.toml [edit] for this episode

    def __post_init__(self):
        check(bool(self.title.strip()), "title", "must not be empty")
        if self.episode is not None:
            check(self.episode >= 1, "episode", "must be 1 or more")
        if self.season is not None:
            check(self.season >= 1, "season", "must be 1 or more")


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Block:
    """One paragraph or heading of the script, as plain text."""
    kind: Literal["heading", "paragraph", "ps"]
    section: int                          # index into Essay.sections
    text: str


@dataclass(frozen=True)
class Section:
    title: str                            # "" for the opening before the first heading
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Essay:
    title: str
    date: dt.date
    publish_at: dt.datetime               # time-zone aware
    front: FrontMatter
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]

    @property
    def links(self) -> tuple[Link, ...]:
        seen, out = set(), []
        for section in self.sections:
            for link in section.links:
                if link.url not in seen:
                    seen.add(link.url)
                    out.append(link)
        return tuple(out)

    @property
    def ps(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.kind == "ps")

    @property
    def has_script(self) -> bool:
        return sum(len(b.text.split()) for b in self.blocks if b.kind != "heading") >= 20


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text and are parsed (and blamed) here."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _proper_text(value):
    """YAML's "\\ud83d\\ude00" escapes give surrogate halves: join pairs, drop lone halves."""
    if isinstance(value, str):
        joined = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return _LONE_SURROGATE.sub("", joined).replace("\ufffd", "")
    if isinstance(value, dict):
        return {k: _proper_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_proper_text(v) for v in value]
    return value


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """Return (front matter table, Markdown body)."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise ConfigError(f"{path}: has no front matter; start it with a `---` block holding at least "
                          "`title: ...`")
    try:
        table = yaml.load(match.group(1), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: the front matter is not valid YAML ({exc.__class__.__name__}: "
                          f"{str(exc).splitlines()[0]}); fix the `---` block") from None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the front matter must be `key: value` lines")
    return _proper_text(table), text[match.end():]


def _parse_date(value, key: str, path: Path) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"{path}: `{key}` {value!r} is not a date; write it as YYYY-MM-DD") from None


def _parse_moment(value, key: str, path: Path, tz: dt.tzinfo) -> dt.datetime:
    """A publish time: ISO 8601 with offset, or naive in the show's time zone."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ConfigError(f"{path}: `{key}` {value!r} is not a date and time; write it like "
                              "2026-11-24T06:00:00+00:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _date_from_folder(path: Path) -> dt.date | None:
    match = re.match(r"(\d{4}-\d{2}-\d{2})", path.parent.name)
    try:
        return dt.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def parse_body(raw: list[RawBlock], end_markers: tuple[str, ...] = ()) -> tuple[tuple[Section, ...], tuple[Block, ...]]:
    """Sections (at `##` headings) and plain-text blocks of an essay body.

    Text from a paragraph starting with an end marker (a sign-off) onwards is dropped,
    but a PS paragraph after it is kept, as hosts put the PS after the sign-off.
    """
    sections: list[dict] = [{"title": "", "links": []}]
    blocks: list[Block] = []
    signed_off = False
    for item in raw:
        links = [Link(text, url) for text, url in item.links]
        if item.kind == "title":
            continue                                      # the title again, at the top of a pasted essay
        if item.kind == "heading":
            if signed_off:
                continue
            sections.append({"title": item.text, "links": links})
            blocks.append(Block("heading", len(sections) - 1, item.text))
            continue
        if any(item.text.lower().startswith(m.lower()) for m in end_markers if m):
            signed_off = True
            continue
        kind = "ps" if PS_PATTERN.match(item.text) else "paragraph"
        if signed_off and kind != "ps":
            continue
        sections[-1]["links"].extend(links)
        blocks.append(Block(kind, len(sections) - 1, item.text))
    return tuple(Section(s["title"], tuple(s["links"])) for s in sections), tuple(blocks)


ESSAY_FILES = ("essay.md", "essay.html", "essay.txt")


def essay_path(folder: Path) -> Path:
    """The episode's essay: essay.md, else essay.html, else essay.txt."""
    for name in ESSAY_FILES:
        if (folder / name).exists():
            return folder / name
    return folder / ESSAY_FILES[0]


def _raw_blocks(path: Path, body: str) -> list[RawBlock]:
    if path.suffix == ".html":
        return essay_text.from_html(body)
    if path.suffix == ".txt":
        return essay_text.from_text(body)
    return essay_text.from_markdown(body)


def _title_from_body(path: Path, raw: list[RawBlock]) -> str | None:
    titles = [b.text for b in raw if b.kind == "title"]
    if titles:
        return titles[0]
    if path.suffix == ".txt" and raw:
        return raw[0].text if len(raw[0].text) < 150 else None
    return None


def load_essay(path: Path, show: Show) -> Essay:
    """Read and validate an essay.md. Raises ConfigError naming the file and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found; write the episode's essay there "
                          "(`produce new \"Title\"` makes one)") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text; save it as UTF-8") from None
    if path.suffix in (".html", ".txt") and not FRONT_MATTER.match(text):
        table, body = {}, text                            # a pasted essay may come without front matter
    else:
        table, body = split_front_matter(text, path)
    raw = essay_text.without_boilerplate(_raw_blocks(path, body), show.language)
    if "title" not in table:
        found = _title_from_body(path, raw) if path.suffix in (".html", ".txt") else None
        if not found:
            raise ConfigError(f"{path}: the front matter has no `title`; add a line `title: Your title`")
        table["title"] = found
        if path.suffix == ".txt" and raw and raw[0].text == found:
            raw = raw[1:]
    table = {k: (str(v) if k in ("title", "summary", "image", "author", "intro", "outro") and v is not None else v)
             for k, v in table.items()}
    front = load_table(FrontMatter, table, path)
    if front.edit is not None:
        merged = dataclasses.asdict(show.edit) | front.edit
        load_table(EditSettings, merged, path, "edit")    # validate the overrides now
    date = _parse_date(front.date, "date", path) if front.date is not None else _date_from_folder(path)
    if date is None:
        raise ConfigError(f"{path}: no `date` in the front matter and none in the folder name; "
                          "add `date: YYYY-MM-DD`")
    publish_at = _parse_moment(front.publish_at if front.publish_at is not None else date,
                               "publish_at", path, show.tz)
    sections, blocks = parse_body(raw, show.essay.end_markers)
    return Essay(front.title.strip(), date, publish_at, front, sections, blocks)


def edit_settings(show: Show, essay: Essay) -> EditSettings:
    """The show's [edit] settings with this essay's overrides applied."""
    if not essay.front.edit:
        return show.edit
    return load_table(EditSettings, dataclasses.asdict(show.edit) | essay.front.edit, "essay.md", "edit")
