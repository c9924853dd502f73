"""The edits stage: the editor's plan for one episode (`planned.json`), the host's
`edits.toml` over it (`edits.json`, what is rendered), and what a person looks at: the
plan as an Audacity label track (`edits.txt`) and the static review page (`review.html`)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from ..cache import write_json, write_text
from ..hearing import decode, levels
from ..hearing.words import Word
from ..script.align import ScriptWord
from ..script.takes import Reading
from ..show.config import EditSettings
from . import edits, host_edits, review


def follows_script(has_script: bool, reading: Reading) -> bool:
    """Whether the script-based edits apply: the essay has a script and half of it was heard."""
    return has_script and reading.alignment.coverage >= 0.5


def edit(words: list[Word], samples: np.ndarray, denoised: np.ndarray | None, reading: Reading,
         script: list[ScriptWord], has_script: bool, settings: EditSettings, manual: Path,
         page: tuple[str, str, str, float], out: Callable[[str], Path],
         listen: Callable[[float, float, list[str]], list[Word]] | None = None) -> edits.EditList:
    """The plan with the host's edits applied (the runner writes it as edits.json); writes
    planned.json, edits.txt and review.html beside it. `page`: the essay's title, the
    recording's file name, the episode's slug and the intro's lead, for review.html; `denoised`:
    the clean stage's analysis copy where it denoised the room; `listen`: hearing.fit's, to
    hear the essay's words where Whisper heard other words or none."""
    use = follows_script(has_script, reading)
    warnings = []
    if has_script and not use:
        warnings.append(f"the recording does not follow the essay (only {reading.alignment.coverage:.0%} of it "
                        "was heard); script-based edits are off for this episode")
    blocks = [script[i].block if (i >= 0 and use) else -1 for i in reading.alignment.script_index]
    duration = len(samples) / decode.RATE
    plan = edits.plan(words, reading.alignment if use else None, blocks, levels.frame_db(samples), duration,
                      settings, warnings, list(reading.retakes), tuple(w.text for w in script), samples, denoised,
                      listen if use else None)
    write_json(out("planned.json"), plan.to_dict())               # the editor's own, for `produce review`
    plan = host_edits.apply(plan, manual, words) if manual.exists() else plan
    write_text(out("edits.txt"), host_edits.audacity_labels(plan))
    title, recording_name, slug, intro_lead = page
    write_text(out("review.html"), review.review_html(title, samples, plan, words, plan.timemap(intro_lead),
                                                      recording_name, slug))
    return plan
