"""Transcription engines behind one interface.

An engine module has `transcribe(audio_16k, settings, language, prompt, progress)`
returning a list of `transcript.Segment` with word times in seconds.
"""

from importlib import import_module

from ...errors import ConfigError

ENGINES = {"faster-whisper": "faster_whisper_engine", "openai-whisper": "openai_whisper_engine"}


def get_engine(name: str):
    if name not in ENGINES:
        raise ConfigError(f"show.toml: `transcribe.engine` {name!r} is unknown; use one of {', '.join(ENGINES)}")
    return import_module(f".{ENGINES[name]}", __name__)
