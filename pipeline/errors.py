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
