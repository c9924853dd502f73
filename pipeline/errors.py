"""The errors a host can cause and fix.

The library raises these; only the CLI prints them (one line, exit 1). Anything else
that escapes is a bug and shows a traceback under `--verbose`.
"""


class UserError(Exception):
    """Something the host can fix: the message names the file or key and what to do."""


class ConfigError(UserError):
    """show.toml, essay front matter or edits.toml is wrong."""


class MediaError(UserError):
    """A recording, artwork or music file is missing, empty or unreadable."""


class ToolMissing(UserError):
    """An external program (ffmpeg, espeak-ng) is not installed."""


class PublishError(UserError):
    """Storage refused or failed; what is already published was left as it was."""


class ModelError(UserError):
    """A transcription model cannot be found offline."""


class StaleArtifact(UserError):
    """A file in build/ was written in another format than this version of produce reads."""


def check_version(data: dict, version: int, name: str) -> None:
    """Refuse to misread a build file of another format (the stage's cache key holds its code
    version, so this only trips on a file copied or edited by hand)."""
    if data.get("version") != version:
        raise StaleArtifact(f"build/{name} is format version {data.get('version')!r}, this produce reads "
                            f"{version}; delete the episode's build/ folder and run again")
