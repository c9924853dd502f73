"""Loudness and true peak of the encoded MP3, measured by an independent BS.1770 meter."""

import numpy as np
import pyloudnorm
import pytest
import soundfile as sf

from pipeline import ffmpeg
from pipeline.config import AudioSettings
from pipeline.master import master

from .conftest import fixture_file


def measure(mp3):
    audio = ffmpeg.decode(mp3, 44100, 1)[:, 0].astype(np.float64)
    loudness = pyloudnorm.Meter(44100).integrated_loudness(audio)
    oversampled = ffmpeg.decode(mp3, 4 * 44100, 1)[:, 0]          # true peak: 4x oversampled
    return loudness, 20 * np.log10(np.max(np.abs(oversampled)))


def scaled_copy(source, out, gain_db=0.0, clip=False):
    audio = ffmpeg.decode(source, 44100, 1)[:, 0] * 10 ** (gain_db / 20)
    if clip:
        audio = np.clip(audio, -0.3, 0.3) / 0.3
    sf.write(out, audio, 44100)
    return out


@pytest.mark.parametrize("gain_db, clip", [(0.0, False), ("quiet", False), (0.0, True)])
def test_mp3_meets_loudness_and_true_peak(tmp_path, demo_recording, gain_db, clip):
    source = demo_recording
    if gain_db == "quiet":
        audio = ffmpeg.decode(source, 44100, 1)[:, 0].astype(np.float64)
        current = pyloudnorm.Meter(44100).integrated_loudness(audio)
        gain_db = -35 - current
    edited = scaled_copy(source, tmp_path / "in.wav", gain_db, clip)
    out = tmp_path / "out.mp3"
    settings = AudioSettings()
    report = master(edited, out, settings)
    loudness, peak = measure(out)
    assert abs(loudness - settings.target_lufs) <= 1.0, (loudness, report)
    assert peak <= settings.true_peak + 0.05, (peak, report)
    assert abs(report.output.integrated - loudness) < 1.0


def test_stereo_real_reading(tmp_path):
    source = fixture_file("audio/ljspeech_LJ001_printing_part1.flac")
    out = tmp_path / "out.mp3"
    settings = AudioSettings(channels=2)
    master(source, out, settings)
    info = ffmpeg.probe(out)
    assert info.channels == 2 and info.sample_rate == 44100
    audio = ffmpeg.decode(out, 44100, 2).astype(np.float64)
    loudness = pyloudnorm.Meter(44100).integrated_loudness(audio)
    assert abs(loudness - (-16.0)) <= 1.0
    assert abs(info.duration - 106.5) < 0.1
