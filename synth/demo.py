"""The sample episode's recording, synthesised for `make demo`.

It reads the sample essay with espeak-ng and, on purpose, adds what a real take has:
chatter before the script, a filler, a 3-second pause, a sentence read twice with an
apology between, and dead air at both ends. `produce episode` then finds and cuts them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.show.config import load_show
from pipeline.show.essay import load_essay
from synth import Piece, record, sentences


def demo_pieces(essay) -> list[Piece]:
    pieces = [Piece("pause", seconds=1.8), Piece("chatter", "Okay, recording now."), Piece("pause", seconds=1.0)]
    said_filler = said_pause = said_retake = False
    for block in essay.blocks:
        if block.kind == "heading":
            pieces += [Piece("say", block.text), Piece("pause", seconds=0.5)]
            continue
        for i, sentence in enumerate(sentences(block.text)):
            if not said_filler and i == 1:
                pieces.append(Piece("filler", "um"))
                said_filler = True
            pieces.append(Piece("say", sentence))
            if not said_retake and block.section == 1 and i == 0:
                pieces += [Piece("chatter", "Sorry, let me do that again."), Piece("say", sentence)]
                said_retake = True
        if not said_pause and block.section >= 1:
            pieces.append(Piece("pause", seconds=3.2))
            said_pause = True
        else:
            pieces.append(Piece("pause", seconds=0.6))
    pieces += [Piece("pause", seconds=2.5)]
    return pieces


def main(episode_dir: str) -> None:
    folder = Path(episode_dir)
    show = load_show(folder.parent.parent)
    essay = load_essay(folder / "essay.md", show)
    out = folder / "recording.wav"
    if out.exists():
        print(f"{out} exists; keeping it")
        return
    events = record(demo_pieces(essay), out)
    print(f"synthesised {out} ({events[-1].end:.1f} s) with espeak-ng")


if __name__ == "__main__":
    main(sys.argv[1])
