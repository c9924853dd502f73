"""`produce status`: each episode's stages, durations, publish date and state, as rows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from .cache import Build
from .show.config import Show
from .show.episode import list_episodes
from .runner import VERSIONS


@dataclass(frozen=True)
class StatusRow:
    slug: str
    title: str
    stages: dict[str, str]          # stage → "ran" | "cached" | "missing"
    raw_duration: float | None
    edited_duration: float | None
    publish_at: dt.datetime
    published: bool


def _last_run(build: Build) -> dict:
    try:
        return json.loads((build.dir / "stages" / "last_run.json").read_text())
    except (OSError, ValueError):
        return {}


def rows(show: Show) -> list[StatusRow]:
    out = []
    for episode in list_episodes(show):
        build = Build(episode.folder)
        last = _last_run(build)
        stages = {}
        for stage in VERSIONS:
            record = build.record(stage)
            intact = record is not None and all((build.dir / name).exists() for name in record.get("outputs", {}))
            stages[stage] = last.get("stages", {}).get(stage, "done") if intact else "missing"
        out.append(StatusRow(episode.slug, episode.essay.title, stages, last.get("raw_duration"),
                             last.get("edited_duration"), episode.essay.publish_at, episode.published is not None))
    return out
