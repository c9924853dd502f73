"""room: the noise floor, the speech level and mains hum, measured on speech with known
added noise (espeak-ng, and the real LJ Speech reading where the fixtures are present)."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.sound import clean as clean_stage
from pipeline import ffmpeg
from pipeline.sound import room
import synth
from tests.support import fixture_file

RATE = 16000


def _speech() -> np.ndarray:
    """Ten seconds or so of espeak-ng speech at 16 kHz, with pauses between sentences."""
    said = [synth.speak(text) for text in ("The script is the edit.", "Every pause is measured, not guessed.",
                                           "A room that hums is heard in every gap between the words.")]
    gap = np.zeros(int(0.6 * synth.RATE), np.float32)
    joined = np.concatenate([piece for s in said for piece in (s, gap)])
    return np.interp(np.arange(0, len(joined), synth.RATE / RATE), np.arange(len(joined)), joined).astype(np.float32)


def _noise(n: int, level_db: float, hum_hz: float = 0.0, seed: int = 1) -> np.ndarray:
    """White noise at `level_db` dBFS RMS, with mains hum (three harmonics) 6 dB over it."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, 10 ** (level_db / 20), n)
    if hum_hz:
        t = np.arange(n) / RATE
        amplitude = 10 ** ((level_db + 6) / 20) * np.sqrt(2)
        noise += sum(amplitude / k * np.sin(2 * np.pi * hum_hz * k * t) for k in (1, 2, 3))
    return noise.astype(np.float32)


@pytest.mark.parametrize("floor_db", [-70.0, -50.0, -35.0])
def test_the_floor_is_the_level_of_the_gaps_between_words(floor_db):
    speech = _speech()
    measured = room.survey(speech + _noise(len(speech), floor_db))
    assert abs(measured.floor_db - floor_db) < 3.0, measured
    assert measured.snr_db == pytest.approx(measured.speech_db - measured.floor_db)


@pytest.mark.parametrize("mains", [50.0, 60.0])
def test_mains_hum_is_found_at_its_frequency(mains):
    speech = _speech()
    measured = room.survey(speech + _noise(len(speech), -50.0, mains))
    assert measured.hum_hz == mains
    assert 1 in measured.hum_lines and measured.hum_db >= room.HUM_DB


def test_no_hum_is_reported_for_noise_without_it():
    speech = _speech()
    assert room.survey(speech + _noise(len(speech), -45.0)).hum_hz == 0.0


def test_added_noise_on_a_real_reading_lowers_the_measured_snr():
    path = fixture_file("audio/ljspeech_LJ001_printing_part1.flac")
    speech = ffmpeg.decode(path)[:, 0]
    rms = float(np.sqrt(np.mean(speech ** 2)))
    clean = room.survey(speech)
    noisy = room.survey(speech + _noise(len(speech), 20 * np.log10(rms) - 20, 60.0))
    assert clean.snr_db > 35 and noisy.speech_db - noisy.floor_db < 20
    assert noisy.snr_db < clean_stage.AUTO_SNR_DB          # the hum left out, the white noise still calls for it
    assert noisy.hum_hz == 60.0


def test_a_room_round_trips_through_its_dict():
    measured = room.Room(-60.0, -20.0, 50.0, (1, 2), 14.0)
    assert room.Room.from_dict(measured.to_dict()) == measured
