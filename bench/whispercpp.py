"""whisper.cpp (through pywhispercpp) on the very same tiny.en weights, word by word, in a child process.

The weights are our bundled tiny.en, turned into an openai-whisper checkpoint
(`ct2_to_openai`) and then into whisper.cpp's ggml file (`openai_to_ggml`), so the table
compares engines, not models. Word timestamps come from whisper.cpp's token timestamps
with one word per segment (`max_len=1, split_on_word=True`), which is how its users get
word times; the model is loaded before the clock starts, as for the other engines.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, time
from pywhispercpp.model import Model
model = Model({model!r}, n_threads={threads}, print_realtime=False, print_progress=False)
started = time.monotonic()
segments = model.transcribe({audio!r}, token_timestamps=True, max_len=1, split_on_word=True)
words = [s for s in segments if s.text.strip()]
print(json.dumps({{"seconds": time.monotonic() - started, "words": len(words)}}))
"""


def ggml_model(tmp: Path) -> Path:
    """tiny.en as whisper.cpp's ggml file; raises with the reason when a part is missing."""
    import importlib.util
    for needed in ("pywhispercpp", "whisper", "torch"):
        if importlib.util.find_spec(needed) is None:
            raise RuntimeError(f"{needed} is not installed")
    out = tmp / "ggml-tiny.en.bin"             # in a child, so this process's memory stays small (see run.py)
    done = subprocess.run([sys.executable, str(REPO / "bench" / "openai_to_ggml.py"), str(out)], capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace")[-300:])
    return out


def run(model: Path, audio: Path, threads: int) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB, words) of whisper.cpp transcribing 16 kHz mono `audio`."""
    log = audio.with_suffix(".whispercpp.log")
    with open(log, "wb") as errors:            # whisper.cpp logs freely: a file, not a pipe that could fill
        proc = subprocess.Popen([str(REPO / ".venv" / "bin" / "python"), "-c",
                                 SCRIPT.format(model=str(model), audio=str(audio), threads=threads)],
                                stdout=subprocess.PIPE, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read().decode()
    if status != 0:
        raise RuntimeError(log.read_text(errors="replace")[-1500:])
    data = json.loads(out.strip().splitlines()[-1])
    return data["seconds"], usage.ru_maxrss / 1024, data["words"]
