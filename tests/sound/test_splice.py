"""Splicing: exact edited length, no clicks at the splices, the time map agrees."""

import numpy as np
import soundfile as sf

from pipeline import ffmpeg
from pipeline.sound.splice import render, splice
from pipeline.editing.timemap import TimeMap


def test_timemap_maps_through_cuts():
    tm = TimeMap.from_cuts([(1.0, 2.0), (5.0, 5.5)], 10.0, offset=3.0)
    assert tm.kept == ((0.0, 1.0), (2.0, 5.0), (5.5, 10.0))
    assert tm.edited_duration == 8.5
    assert tm.to_edited(0.5) == 3.5
    assert tm.to_edited(1.5) == 4.0            # inside a cut: where the cut closes
    assert tm.to_edited(6.0) == 3.0 + 1.0 + 3.0 + 0.5
    assert np.allclose(tm.to_edited([0.0, 2.0, 10.0]), [3.0, 4.0, 11.5])
    assert not tm.is_kept(1.1, 1.9) and tm.is_kept(2.1, 2.5)


def test_splice_length_is_sum_of_kept_and_blocks_do_not_matter():
    rate = 1000
    signal = np.sin(np.arange(10 * rate) / 7.0).astype(np.float32)[:, None]
    kept = [(0, 2000), (3000, 6000), (6500, 10000)]
    for block in (97, 1000, 20000):
        out = []
        blocks = (signal[i:i + block] for i in range(0, len(signal), block))
        written = splice(blocks, kept, 1, 5, out.append)
        joined = np.concatenate(out)
        assert written == len(joined) == 2000 + 3000 + 3500
        assert np.allclose(joined[100:1990, 0], signal[100:1990, 0])          # untouched between splices
        assert np.allclose(joined[2100:4900, 0], signal[3100:5900, 0])


def test_rendered_splices_do_not_click(tmp_path):
    """A 220 Hz tone cut at arbitrary phases: no step at a splice larger than the tone's own."""
    rate = 44100
    t = np.arange(6 * rate) / rate
    tone = (0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    source = tmp_path / "tone.wav"
    sf.write(source, tone, rate, subtype="FLOAT")
    timemap = TimeMap.from_cuts([(1.0013, 2.0), (3.3301, 4.1)], 6.0)
    out = tmp_path / "edited.flac"
    duration = render(source, timemap, out, rate, 1, crossfade_ms=10)
    assert abs(duration - timemap.edited_duration) < 1 / rate * 3
    edited = ffmpeg.decode(out, rate, 1)[:, 0]
    assert abs(len(edited) / rate - timemap.edited_duration) < 0.001
    natural_step = np.max(np.abs(np.diff(tone)))
    assert np.max(np.abs(np.diff(edited))) <= natural_step * 1.5
    # a naive butt splice of the same cuts would click:
    naive = np.concatenate([tone[int(a * rate):int(b * rate)] for a, b in timemap.kept])
    assert np.max(np.abs(np.diff(naive))) > natural_step * 3
