"""EBU R128 / BS.1770 loudness as ffmpeg's meter reports it, and the arithmetic on its blocks.

ffmpeg's `ebur128` logs the loudness of every momentary (400 ms) and short-term (3 s) block
every 100 ms; the integrated loudness and the loudness range of any part of a recording are
then sums over those blocks (`integrated`, `loudness_range`), which is what lets the master
stage know the edited programme's loudness without measuring it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import ffmpeg

HOP_S, BLOCK_S = 0.1, 0.4      # BS.1770 momentary blocks and their step, as ffmpeg's meter logs them
SHORT_S = 3.0                  # short-term blocks, for the loudness range


@dataclass(frozen=True)
class Loudness:
    integrated: float      # LUFS
    true_peak: float       # dBTP
    lra: float             # LU


def _num(value: str | None, fallback: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return fallback
    return number if number > -1e9 and number == number else fallback


def _parse_summary(stderr: bytes) -> Loudness:
    text = stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:"):]
    i = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    lra = re.search(r"LRA:\s+(-?[\d.]+) LU", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)     # true or sample peak, as metered
    return Loudness(_num(i.group(1) if i else None, -70.0), _num(peak.group(1) if peak else None, -70.0),
                    _num(lra.group(1) if lra else None, 0.0))


def measure_file(path: Path) -> Loudness:
    """A finished file as a listener's player decodes it: integrated loudness, true peak
    (4× oversampled) and loudness range; what the publish preflight checks."""
    proc = ffmpeg.run(["-v", "info", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"], path,
                      "measuring loudness")
    return _parse_summary(proc.stderr)


FRAME_LINE = re.compile(rb"t:\s*[\d.]+\s+TARGET:\S+ LUFS\s+M:\s*(\S+)\s+S:\s*(\S+)")


def meter_blocks(path: Path, filters: list[str], sample_rate: int, channels: int, what: str,
                 keep: Path | None = None) -> dict:
    """Run `filters` and ffmpeg's ebur128 over a file: the loudness of each momentary
    (400 ms) and short-term (3 s) block, one every 100 ms, and the summary. With `keep`, the
    filtered audio is written there too, raw float32 frames (the meter passes it on as it
    came: the very samples `ffmpeg.read_blocks` gives through the same filters)."""
    graph = ",".join([ffmpeg.conform(sample_rate, channels), *filters, "ebur128=peak=sample:framelog=verbose"])
    out = ["-f", "f32le", str(keep)] if keep is not None else ["-f", "null", "-"]
    proc = ffmpeg.run(["-v", "verbose", *ffmpeg.decode_args(path, sample_rate, channels), "-af", graph, *out],
                      path, what)
    rows = FRAME_LINE.findall(proc.stderr)
    summary = _parse_summary(proc.stderr)
    return {"hop": HOP_S,
            "momentary": [round(_num(m.decode(), -120.0), 2) for m, _ in rows],
            "short_term": [round(_num(s.decode(), -120.0), 2) for _, s in rows],
            "sample_peak": summary.true_peak, "integrated": summary.integrated}


def _power_mean(blocks: np.ndarray) -> float:
    """The loudness (LUFS) of blocks taken together: the mean of their powers."""
    return float(-0.691 + 10 * np.log10(np.mean(10 ** ((blocks + 0.691) / 10))))


def _gated(blocks: np.ndarray, relative_lu: float) -> np.ndarray:
    """BS.1770 gating: the absolute gate at -70 LUFS, then `relative_lu` below the mean."""
    blocks = blocks[blocks > -70.0]
    if blocks.size == 0:
        return blocks
    return blocks[blocks > _power_mean(blocks) + relative_lu]


def integrated(momentary: np.ndarray) -> float:
    """Integrated loudness (LUFS) from momentary block loudness."""
    gated = _gated(np.asarray(momentary, float), -10.0)
    return _power_mean(gated) if gated.size else -70.0


def loudness_range(short_term: np.ndarray) -> float:
    """EBU Tech 3342 loudness range (LU) from short-term block loudness."""
    gated = _gated(np.asarray(short_term, float), -20.0)
    if gated.size < 2:
        return 0.0
    low, high = np.percentile(gated, [10, 95])
    return float(high - low)
