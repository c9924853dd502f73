"""clean: noise and hum taken out of real and synthetic speech with known added noise, scored
by an independent meter (wideband PESQ from the `pesq` package, spectra with numpy); a clean
take left alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from pesq import pesq

from eval import noise
from pipeline.hearing import decode
from pipeline.sound import clean, deepfilter
from pipeline import ffmpeg
import synth
from pipeline.show.config import AudioSettings
from tests.support import fixture_file

RATE = deepfilter.RATE


def _espeak(seconds: float = 24.0) -> np.ndarray:
    """Sentences of espeak-ng speech with pauses, at 48 kHz."""
    lines = ["The first thing I tell new hosts is to write before they speak.",
             "A written essay gives the recording a shape.", "It also tells the editor what was meant.",
             "Every pause and every stumble can then be found.", "The listener never hears the mistakes."]
    gap = np.zeros(int(0.7 * synth.RATE), np.float32)
    pieces, n = [], 0
    while n < seconds * synth.RATE:
        for line in lines:
            said = synth.speak(line)
            pieces += [said, gap]
            n += len(said) + len(gap)
    joined = np.concatenate(pieces) * 0.5
    return np.interp(np.arange(0, len(joined), synth.RATE / RATE), np.arange(len(joined)), joined).astype(np.float32)


def _lj(seconds: float = 32.0) -> np.ndarray:
    return ffmpeg.decode(fixture_file("audio/ljspeech_LJ001_printing_part1.flac"), RATE, 1)[: int(seconds * RATE), 0]


def _write(samples: np.ndarray, path: Path) -> Path:
    soundfile.write(path, samples, RATE, subtype="FLOAT")
    return path


def _assess(path: Path, settings: AudioSettings, tmp: Path) -> clean.Assessment:
    decode.decode_analysis(path, tmp / f"{path.stem}.16k.wav")
    return clean.assess(decode.load_analysis(tmp / f"{path.stem}.16k.wav"), settings)


def _pesq(reference: np.ndarray, path: Path) -> float:
    """Wideband PESQ in 8 s windows at 16 kHz, as the bench scores it."""
    ref = ffmpeg.decode(_write(reference, path.with_name("ref.wav")), 16000, 1)[:, 0]
    out = ffmpeg.decode(path, 16000, 1)[: len(ref), 0]
    window = 8 * 16000
    return float(np.mean([pesq(16000, ref[i: i + window], out[i: i + window], "wb")
                          for i in range(0, len(out) - window + 1, window)]))


def _pause_line_db(samples: np.ndarray, speech: np.ndarray, hz: float) -> float:
    """The power (dB) at `hz` in the pauses of `speech` (250 ms windows where the clean
    reading is within 10 dB of its quietest), where hum is heard: under a word, the voice's
    own harmonics sit at those frequencies too."""
    hop = RATE // 100
    level = 10 * np.log10(np.mean(speech[: len(speech) // hop * hop].reshape(-1, hop) ** 2, axis=1) + 1e-12)
    quiet = level < np.percentile(level, 5) + 10.0
    window = RATE // 4
    starts = [i * hop for i in range(len(quiet) - 25) if quiet[i: i + 25].all() and (i == 0 or not quiet[i - 1])]
    assert len(starts) >= 3, "the reading has too few pauses to hear the hum in"
    pieces = np.stack([samples[s: s + window] * np.hanning(window) for s in starts])
    spectrum = np.mean(np.abs(np.fft.rfft(pieces, n=RATE, axis=1)) ** 2, axis=0)
    return float(10 * np.log10(spectrum[int(hz) - 2: int(hz) + 3].max() + 1e-20))


@pytest.fixture(scope="module", params=["espeak", "lj"])
def speech(request) -> np.ndarray:
    return _espeak() if request.param == "espeak" else _lj()


@pytest.mark.parametrize("snr_db, least_gain", [(10.0, 1.0), (20.0, 1.0)])
def test_noise_and_hum_come_out(speech, snr_db, least_gain, tmp_path):
    noisy = noise.mix(speech, noise.pink_hum(np.random.default_rng(7), len(speech), RATE, 0.1, 60.0), snr_db, RATE)
    take = _write(noisy, tmp_path / "take.wav")
    assessment = _assess(take, AudioSettings(), tmp_path)
    assert assessment.treatment.denoise == "strong" and assessment.treatment.notches[:3] == (60.0, 120.0, 180.0)
    report = clean.clean(take, assessment, AudioSettings(), tmp_path / "clean.wav")
    out = ffmpeg.decode(tmp_path / "clean.wav", RATE, 1)[:, 0]
    assert len(out) == len(noisy)
    before, after = _pesq(speech, take), _pesq(speech, tmp_path / "clean.wav")
    assert after >= before + least_gain, (before, after)
    # each of the hum's lines 30 dB down in the pauses (or down to the line the reading itself has)
    for hz in (60.0, 120.0, 180.0):
        floor = max(_pause_line_db(noisy, speech, hz) - 30.0, _pause_line_db(speech, speech, hz) + 3.0)
        assert _pause_line_db(out, speech, hz) <= floor, hz
    assert report.after.floor_db <= report.before.floor_db - 20.0
    assert "hum 60 Hz removed" in report.summary() and "strong noise reduction" in report.summary()


def test_fan_noise_comes_out(speech, tmp_path):
    noisy = noise.mix(speech, noise.fan(np.random.default_rng(3), len(speech), RATE, 0.1), 15.0, RATE)
    take = _write(noisy, tmp_path / "take.wav")
    assessment = _assess(take, AudioSettings(), tmp_path)
    clean.clean(take, assessment, AudioSettings(), tmp_path / "clean.wav")
    assert _pesq(speech, tmp_path / "clean.wav") >= _pesq(speech, take) + 0.8


def test_a_clean_reading_is_left_alone(speech, tmp_path):
    take = _write(speech + np.random.default_rng(1).normal(0, 1e-4, len(speech)).astype(np.float32),
                  tmp_path / "take.wav")
    assessment = _assess(take, AudioSettings(), tmp_path)
    assert not assessment.treatment.acts, assessment
    report = clean.clean(take, assessment, AudioSettings(), tmp_path / "clean.wav")
    assert not (tmp_path / "clean.wav").exists()
    assert "left as recorded" in report.summary()


def test_the_cleaned_audio_lines_up_with_the_recording(tmp_path):
    """The denoiser's look-ahead is taken off: a word starts at the same sample."""
    speech = _espeak(10.0)
    noisy = noise.mix(speech, noise.pink_hum(np.random.default_rng(2), len(speech), RATE, 0.1), 15.0, RATE)
    out = deepfilter.denoise(noisy)
    lags = np.arange(-400, 401)
    envelope = np.abs(speech[4000:-4000])
    score = [float(np.dot(envelope, np.abs(out[4000 + k: len(out) - 4000 + k]))) for k in lags]
    assert abs(int(lags[int(np.argmax(score))])) <= 2


def test_the_port_hears_what_the_shipped_runtime_hears():
    """`deepfilter.denoise` (whole chunk, onnxruntime) against the wheel's C runtime (frame
    by frame): the same networks, so the same output, sample for sample."""
    speech = _espeak(8.0)
    noisy = noise.mix(speech, noise.fan(np.random.default_rng(8), len(speech), RATE, 0.1), 10.0, RATE)
    ours, theirs = deepfilter.denoise(noisy), deepfilter.reference(noisy)
    assert np.corrcoef(ours, theirs)[0, 1] >= 0.999
    residual = 10 * np.log10(np.mean((ours - theirs) ** 2) / np.mean(theirs ** 2))
    assert residual <= -25.0, residual
    light = deepfilter.denoise(noisy, clean.LIGHT_DB)
    assert np.corrcoef(light, deepfilter.reference(noisy, clean.LIGHT_DB))[0, 1] >= 0.999


def test_chunks_join_as_one_pass_would(tmp_path, monkeypatch):
    """Cut into chunks of 6 s for two workers, the result scores as the whole take in one piece."""
    speech = _espeak(30.0)
    noisy = noise.mix(speech, noise.pink_hum(np.random.default_rng(5), len(speech), RATE, 0.1), 10.0, RATE)
    take = _write(noisy, tmp_path / "take.wav")
    assessment = _assess(take, AudioSettings(), tmp_path)
    clean.clean(take, assessment, AudioSettings(), tmp_path / "whole.wav")
    monkeypatch.setattr(clean, "CHUNK_S", 6.0)
    report = clean.clean(take, assessment, AudioSettings(), tmp_path / "chunked.wav")
    assert report.chunks >= 4
    assert abs(_pesq(speech, tmp_path / "chunked.wav") - _pesq(speech, tmp_path / "whole.wav")) <= 0.05


def test_settings_turn_it_off_or_down(tmp_path):
    speech = _espeak(16.0)
    noisy = noise.mix(speech, noise.pink_hum(np.random.default_rng(4), len(speech), RATE, 0.1, 50.0), 12.0, RATE)
    take = _write(noisy, tmp_path / "take.wav")
    off = AudioSettings(denoise="off", dehum="off", level=False)
    assert not _assess(take, off, tmp_path).treatment.acts
    floors = {}
    for mode in ("light", "strong"):
        settings = AudioSettings(denoise=mode)
        floors[mode] = clean.clean(take, _assess(take, settings, tmp_path), settings,
                                   tmp_path / f"{mode}.wav").after.floor_db
    assert floors["light"] >= floors["strong"] + 10.0, floors


def _side_floor(db: np.ndarray) -> float:
    """The room's level in a 200 ms window beside a splice: the power mean of its quietest 50 ms."""
    return float(10 * np.log10(np.mean(10 ** (np.sort(db)[:5] / 10))))


def test_every_splice_joins_one_room(tmp_path):
    """A noisy take cleaned, then cut as the editor cuts (pauses shortened, a sentence taken
    out from just after one word to just before another): the room's level 200 ms either
    side of every splice differs by at most 1 dB, and no stretch of the edit is digital silence."""
    from pipeline.sound import splice
    from pipeline.hearing import levels
    from pipeline.editing.timemap import TimeMap
    pieces = [synth.Piece("pause", seconds=1.5)]
    for line in ("The first thing I tell new hosts is to write.", "A written essay gives the recording a shape.",
                 "It also tells the editor what was meant.", "Every pause can then be found.",
                 "The listener never hears the mistakes.", "That is the whole idea."):
        pieces += [synth.Piece("say", line), synth.Piece("pause", seconds=1.4)]
    said, events = synth.build(pieces, noise_db=-120.0)
    speech = np.interp(np.arange(0, len(said), synth.RATE / RATE), np.arange(len(said)), said).astype(np.float32)
    noisy = noise.mix(speech, noise.pink_hum(np.random.default_rng(9), len(speech), RATE, 0.1, 50.0), 12.0, RATE)
    take = _write(noisy, tmp_path / "take.wav")
    clean.clean(take, _assess(take, AudioSettings(), tmp_path), AudioSettings(), tmp_path / "clean.wav")
    said_events = [e for e in events if e.kind == "say"]
    cuts = [(e.end + 0.3, e.end + 1.0) for e in said_events[:2]]                       # pauses shortened
    cuts.append((said_events[2].end + 0.1, said_events[4].start - 0.1))              # two sentences out
    timemap = TimeMap.from_cuts(cuts, len(noisy) / RATE)
    splice.render(tmp_path / "clean.wav", timemap, tmp_path / "edited.flac", RATE, 1)
    edited = ffmpeg.decode(tmp_path / "edited.flac", 16000, 1)[:, 0]
    db = levels.frame_db(edited)
    position = 0.0
    for a, b in timemap.kept[:-1]:
        position += b - a
        i = int(round(position / levels.FRAME_S))
        left, right = _side_floor(db[i - 20: i]), _side_floor(db[i: i + 20])
        assert abs(left - right) <= 1.0, (position, left, right)
    silent = [(s, e) for s, e in levels.runs_of(np.abs(edited) < 1e-6) if e - s >= 0.05 * 16000]
    assert not silent, silent


def test_a_quiet_room_that_hums_gets_notches_not_the_denoiser(tmp_path):
    """LibriVox's sonnet: its floor is mostly its 60 Hz hum, 27 dB under the voice. The hum
    is notched; the broadband room, 36 dB under the voice, is left to itself."""
    path = fixture_file("audio/librivox_shakespeare_sonnet001.mp3")
    take = _write(ffmpeg.decode(path, RATE, 1)[:, 0], tmp_path / "sonnet.wav")
    treatment = _assess(take, AudioSettings(), tmp_path).treatment
    assert treatment.denoise == "off" and treatment.notches[:3] == (60.0, 120.0, 180.0), treatment


def test_a_worker_that_dies_is_a_plain_error(tmp_path, monkeypatch):
    """A denoiser worker killed (the kernel's OOM killer, say): one plain message, no traceback."""
    from pipeline.errors import MediaError
    speech = _espeak(4.0)
    noisy = noise.mix(speech, noise.fan(np.random.default_rng(1), len(speech), RATE, 0.1), 5.0, RATE)
    take = _write(noisy, tmp_path / "take.wav")
    monkeypatch.setattr(clean, "_denoise_columns", _die)
    with pytest.raises(MediaError, match="worker processes was killed"):
        clean.clean(take, _assess(take, AudioSettings(), tmp_path), AudioSettings(), tmp_path / "clean.wav")
    assert not (tmp_path / "clean.wav").exists()


def _die(chunk, attenuation):
    import os
    os._exit(9)


def test_inside_a_daemonic_worker_the_chunks_run_in_process(tmp_path, monkeypatch):
    """`produce batch` runs episodes in Dask's daemonic worker processes, which may not start
    children: there the denoiser runs in the worker itself, with the same result."""
    import multiprocessing
    speech = _espeak(6.0)
    noisy = noise.mix(speech, noise.fan(np.random.default_rng(2), len(speech), RATE, 0.1), 8.0, RATE)
    take = _write(noisy, tmp_path / "take.wav")
    assessment = _assess(take, AudioSettings(), tmp_path)
    clean.clean(take, assessment, AudioSettings(), tmp_path / "pool.wav")
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    monkeypatch.setattr(clean, "ProcessPoolExecutor", None)              # would fail if it were used
    clean.clean(take, assessment, AudioSettings(), tmp_path / "here.wav")
    a, b = (ffmpeg.decode(tmp_path / f"{n}.wav", RATE, 1)[:, 0] for n in ("pool", "here"))
    assert np.array_equal(a, b)
