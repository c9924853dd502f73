"""Word error rate of the models a host can choose offline, on the real readings of ../shared/fixtures.

Each reading is transcribed by tiny.en and by base, both decoding freely (a recording
without a script) and reading along the text that was read (as `produce episode` does
with the essay); WER is measured by jiwer on both sides normalised the way the aligner
compares words (`align.normalise`: numbers spelled out, punctuation and case dropped).
The model is loaded before the clock starts; times are wall seconds on all cores.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import ffmpeg  # noqa: E402

AUDIO = REPO.parent / "shared" / "fixtures" / "audio"
READINGS = [("LJ Speech", "ljspeech_LJ001_printing_part1.flac"), ("LibriVox sonnet", "librivox_shakespeare_sonnet001.mp3"),
            ("Kennedy, 1961", "jfk_inaugural_1961_excerpt.flac")]
MODELS = ("tiny.en", "base")
EDIT_HEADING = "## The editor with each model"
EDIT_VARIANTS = [(model, guided) for model in MODELS for guided in (True, False)]


def _words(text: str) -> str:
    from pipeline.script.align import normalise
    return " ".join(w for token in text.split() for w in normalise(token))


def rows() -> list[str]:
    import jiwer

    from pipeline.hearing.transcribe import transcribe
    from pipeline.show.config import TranscribeSettings

    found = [(name, AUDIO / file) for name, file in READINGS if (AUDIO / file).exists()]
    if not found:
        return ["## Models: word error rate on real readings", "", "../shared/fixtures is absent; not measured.", ""]
    lines = ["## Models: word error rate on real readings (lower is better; × real time on all cores)", "",
             "| reading | minutes | model | WER, free | × real time | WER, reading along | × real time |",
             "|---|---:|---|---:|---:|---:|---:|"]
    for name, path in found:
        samples = ffmpeg.decode(path, 16000, 1)[:, 0]
        text = path.with_suffix(".txt").read_text()
        truth, seconds = _words(text), len(samples) / 16000
        for model in MODELS:
            settings = TranscribeSettings(model=model, verbatim=False)
            transcribe(samples[:16000 * 5], settings, "en")             # load the model outside the timing
            cells = []
            for script in (None, text.split()):
                started = time.monotonic()
                result = transcribe(samples, settings, "en", script=script)
                elapsed = time.monotonic() - started
                said = _words(" ".join(w.text for w in result.words))
                cells += [f"{jiwer.wer(truth, said):.1%}", f"{elapsed / seconds:.3f}"]
            lines.append(f"| {name} | {seconds / 60:.1f} | {model} | " + " | ".join(cells) + " |")
    return lines + ["", "Reading along the very text that was read gives that text back wherever the audio follows "
                    "it, and decodes freely only where it departs: that is how `produce` transcribes an essay "
                    "reading, and why its WER there is the method's, not the model's.",
                    "", "`small` is not measured: the two packages that were to ship it hold only 180 MiB of its "
                    "model.bin (it stops inside the 123rd of 406 tensors), and no third part exists.", ""]


def edit_rows() -> list[str]:
    """The editor's figures on the generated corpus (eval/, plans only, `make eval`'s scoring)
    with each model, reading along the essay and decoding freely; each set of readings is
    kept in its own eval/build folder, so a second run re-plans without transcribing."""
    import json
    import tempfile

    from eval import report, run as evaluation
    lines = [f"{EDIT_HEADING} (64 readings of `make eval`, plans scored; seconds for the whole corpus)", ""]
    cells = []
    for model, guided in EDIT_VARIANTS:
        overrides = {} if (model, guided) == ("tiny.en", True) else {     # the show's own: `make eval`'s readings
            "model": f'"{model}"', "guided": "true" if guided else "false"}
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp:
            evaluation.main(["--edits-only", "--transcribe", *(f"{k}={v}" for k, v in overrides.items()),
                             "--out", str(Path(tmp) / "report.md")])
        records = json.loads(evaluation.records_path(evaluation.show_root(overrides)).read_text())
        cells.append((model, "reading along" if guided else "free", report.headline(records),
                      time.monotonic() - started))
    names = list(cells[0][2])
    lines += ["| model | transcription | " + " | ".join(names) + " | seconds |",
              "|---|---|" + "---:|" * (len(names) + 1)]
    lines += [f"| {model} | {how} | " + " | ".join(figures[n] for n in names) + f" | {seconds:.0f} |"
              for model, how, figures, seconds in cells]
    return lines + ["", "Seconds include transcribing the corpus unless an earlier run left its transcripts.", ""]


if __name__ == "__main__":
    from bench.sound import replace_section
    results = REPO / "bench" / "results.md"
    for heading, table in (("## Models:", rows() if "--edits" not in sys.argv else None), (EDIT_HEADING, edit_rows())):
        if table:
            print("\n".join(table))
            results.write_text(replace_section(results.read_text(), table, heading))
