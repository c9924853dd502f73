"""Rooms to test the clean stage in: noise made from a seed, at any rate, mixed at a known SNR.

Two kinds a home studio has: pink noise with mains hum and its harmonics (a room and a
mains-powered interface), and a fan (broadband noise shaped into a hump at a few hundred
hertz, with the blade's whine). Used by the evaluation corpus, the tests and the bench.
"""

from __future__ import annotations

import numpy as np


def _unit(x: np.ndarray) -> np.ndarray:
    return x / (np.sqrt(np.mean(x ** 2)) + 1e-12)


def pink_hum(rng: np.random.Generator, n: int, rate: int, level: float, hum_hz: float = 50.0) -> np.ndarray:
    """Pink noise with mains hum and two harmonics (the hum a third of the power), at `level` RMS."""
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    spectrum[1:] /= np.sqrt(freqs[1:])
    spectrum[0] = 0
    pink = _unit(np.fft.irfft(spectrum, n))
    t = np.arange(n) / rate
    hum = sum(a * np.sin(2 * np.pi * hum_hz * k * t) for k, a in ((1, 0.5), (2, 0.25), (3, 0.15)))
    return (_unit(pink + hum) * level).astype(np.float32)


def fan(rng: np.random.Generator, n: int, rate: int, level: float, blade_hz: float = 180.0) -> np.ndarray:
    """Broadband noise with a hump from 150 Hz to 2 kHz and a slowly wavering blade tone, at `level` RMS."""
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    shape = 1 / (1 + (150 / np.maximum(freqs, 1)) ** 2) / (1 + (freqs / 2000) ** 2)
    air = _unit(np.fft.irfft(spectrum * shape, n))
    t = np.arange(n) / rate
    wobble = 2 * np.pi * blade_hz * t + 0.8 * np.sin(2 * np.pi * 0.3 * t)
    return (_unit(air + 0.3 * np.sin(wobble)) * level).astype(np.float32)


def active_rms(speech: np.ndarray, rate: int) -> float:
    """The RMS of speech while it is active (after ITU-T P.56's idea, simplified): over the
    10 ms frames within 35 dB of the loudest, so that pauses do not count. The SNR of a mix
    is then the same for a reader who pauses often and one who does not."""
    hop = rate // 100
    frames = speech[: len(speech) // hop * hop].astype(np.float64).reshape(-1, hop)
    power = np.mean(frames ** 2, axis=1)
    loud = np.percentile(power, 99)
    return float(np.sqrt(np.mean(power[power >= loud * 10 ** -3.5])))


def mix(speech: np.ndarray, noise: np.ndarray, snr_db: float, rate: int, speech_rms: float | None = None) -> np.ndarray:
    """`speech` with `noise` scaled so that the speech's active level (`speech_rms`, else
    `active_rms`) stands `snr_db` above the noise's RMS."""
    level = speech_rms if speech_rms is not None else active_rms(speech, rate)
    scaled = _unit(noise.astype(np.float64)) * level / 10 ** (snr_db / 20)
    return (speech + scaled).astype(np.float32)
