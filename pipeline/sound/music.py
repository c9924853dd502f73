"""The episode's intro and outro music: the essay's choice, else the show's."""

from __future__ import annotations

from ..errors import MediaError
from ..hearing import decode
from ..show.config import Show
from ..show.episode import Episode
from .master import Music


def episode_music(show: Show, episode: Episode) -> Music:
    """Intro and outro files: the essay's choice, else the show's; checked to exist."""
    chosen = []
    for name in ("intro", "outro"):
        value = getattr(episode.essay.front, name)
        value = getattr(show.audio, name) if value is None else value
        path = (show.root / value) if value else None
        if path is not None and not path.is_file():
            source = "essay.md" if getattr(episode.essay.front, name) else "show.toml"
            raise MediaError(f"{path}: the {name} music named in {source} is not there; add the file or "
                             f"remove `{name}`")
        if path is not None:
            decode.check_recording(path)
        chosen.append(path)
    return Music(*chosen)
