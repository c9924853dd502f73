"""`make eval`: build the corpus, produce every reading, score the edits, write results.md.

    python -m eval.run [--quick] [--edits-only] [--replan] [--only TEXT] [--out eval/results.md] [--held-out [N]]

Readings are made once into eval/build/show (a show folder like any host's; safe to
delete) and produced with the same stage functions as `produce episode`, so a second
run redoes only what changed. A stage's cache key holds its version (runner.VERSIONS), not
its code: `--replan` (which `make eval` passes) aligns and plans every reading again, so
that the scores are those of the editor as it is now; a change to transcription needs its
version bumped, as it does for every host's cache. After an editor change the whole corpus
is re-scored in a minute or two. `--edits-only` stops after the plan (no MP3, so no
re-transcription); `--quick` takes every eighth reading. `--held-out` does all this for
the held-out corpus (`held_out.py`: readings no rule was written against) in
eval/build/held-out, and writes eval/held-out.md; `--held-out 2`, its second generation, in
eval/build/held-out-2 and eval/held-out-2.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import time
from pathlib import Path

from eval import corpus, held_out, report, score
from pipeline.script import align
from pipeline import ffmpeg
from pipeline.cache import write_json
from pipeline.show.config import load_show
from pipeline.editing.edits import EditList
from pipeline.show.episode import load_episode
from pipeline.show.essay import edit_settings
from pipeline.run import produce_episode
from pipeline.hearing.transcribe import transcribe
from pipeline.hearing.words import Transcript

HERE = Path(__file__).resolve().parent
SHOW = HERE / "build" / "show"
HELD_OUT = HERE / "build" / "held-out"
CORPUS_VERSION = 1          # bump when corpus.py makes different readings


def make_show(root: Path = SHOW, transcribe: dict[str, str] | None = None) -> Path:
    """The evaluation show: the sample show's settings, publishing into its own public/;
    `transcribe` overrides `[transcribe]` settings (`--transcribe model=base guided=false`)."""
    (root / "episodes").mkdir(parents=True, exist_ok=True)
    text = (HERE.parent / "show.toml").read_text().replace('storage = "public"', f'storage = "{root / "public"}"')
    for key, value in (transcribe or {}).items():
        text = re.sub(rf"(?m)^{re.escape(key)} = .*\n", "", text)
        text = text.replace("[transcribe]\n", f"[transcribe]\n{key} = {value}\n", 1)
    if not (root / "show.toml").exists() or (root / "show.toml").read_text() != text:
        (root / "show.toml").write_text(text)
    shutil.copyfile(HERE.parent / "artwork.jpg", root / "artwork.jpg")
    return root


def show_root(overrides: dict[str, str]) -> Path:
    """eval/build/show, or for other `[transcribe]` settings a show folder named after them."""
    if not overrides:
        return SHOW
    return SHOW.with_name("show-" + "-".join(re.sub(r"\W+", "", f"{k}{v}") for k, v in sorted(overrides.items())))


def held_out_root(generation: int) -> Path:
    """eval/build/held-out, or held-out-N for a later generation."""
    return HELD_OUT if generation == 1 else HELD_OUT.with_name(f"{HELD_OUT.name}-{generation}")


def held_out_generation(root: Path) -> int | None:
    """The held-out generation whose readings `root` holds, or None for the corpus's own."""
    if root.name == HELD_OUT.name:
        return 1
    suffix = root.name.removeprefix(HELD_OUT.name + "-")
    return int(suffix) if suffix != root.name and suffix.isdigit() else None


def corpus_stamp(root: Path) -> str:
    """What made the readings under `root`: the corpus code and, for a held-out generation, its
    own definition (`held_out.fingerprint`), so that adding a generation leaves the readings
    of the earlier ones be."""
    code = (HERE / "corpus.py").read_bytes()
    generation = held_out_generation(root)
    if generation is not None:
        code += held_out.fingerprint(generation)
    return hashlib.sha256(code).hexdigest()[:12] + f"-{CORPUS_VERSION}"


def records_path(root: Path) -> Path:
    return root.parent / ("records.json" if root == SHOW else f"records-{root.name}.json")


def ensure_reading(name: str, make, root: Path = SHOW) -> Path:
    """The reading's episode folder, made unless the same corpus code made it already."""
    folder = root / "episodes" / f"2026-09-01-{name}"
    truth = folder / "truth.json"
    stamp = corpus_stamp(root)
    if truth.exists() and json.loads(truth.read_text()).get("corpus") == stamp:
        return folder
    reading = make()
    corpus.write(reading, folder)
    data = json.loads(truth.read_text()) | {"corpus": stamp}
    truth.write_text(json.dumps(data, indent=1) + "\n")
    return folder


def utterance_ranges(essay) -> list[range]:
    """Script word ranges (as align.script_words counts them) of each sentence and heading."""
    ranges, position = [], 0
    for block in essay.blocks:
        for part in corpus.block_utterances(block.kind, block.text):
            count = len(part.split())
            ranges.append(range(position, position + count))
            position += count
    return ranges


def heard_shares(essay, words) -> list[float]:
    script = align.script_words(essay)
    alignment = align.align(script, words)
    last = alignment.script_last or alignment.script_index
    heard = {k for i, first in enumerate(alignment.script_index) if first >= 0 for k in range(first, last[i] + 1)}
    return [len(heard.intersection(r)) / len(r) if len(r) else 1.0 for r in utterance_ranges(essay)]


def mp3_words(show, essay, mp3: Path, cache: Path) -> list:
    """The published MP3 transcribed again (along the script, as production does), cached by its bytes."""
    digest = hashlib.sha256(mp3.read_bytes()).hexdigest()
    if cache.exists():
        data = json.loads(cache.read_text())
        if data.get("mp3") == digest:
            return Transcript.from_dict(data["transcript"]).words
    samples = ffmpeg.decode(mp3, 16000, 1)[:, 0]
    script = [w.text for w in align.script_words(essay)]
    found = transcribe(samples, show.transcribe, show.transcribe_language, script=script)
    write_json(cache, {"mp3": digest, "transcript": found.to_dict()})
    return found.words


def evaluate(folder: Path, edits_only: bool) -> list[dict]:
    """Produce one reading (its plan only, with `edits_only`) and score it."""
    show = load_show(folder.parent.parent)
    episode = load_episode(show, folder)
    produce_episode(show, episode, dry_run=edits_only)
    build = folder / "build"
    truth = json.loads((folder / "truth.json").read_text())
    plan = EditList.from_dict(json.loads((build / "edits.json").read_text()))
    records = score.score(truth, plan, edit_settings(show, episode.essay))
    if not edits_only:
        raw = Transcript.from_dict(json.loads((build / "transcript.json").read_text())).words
        again = mp3_words(show, episode.essay, build / "episode.mp3", build / "eval_mp3_transcript.json")
        records += score.sentence_records(truth, heard_shares(episode.essay, raw),
                                          heard_shares(episode.essay, again), plan)
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="every eighth reading only")
    parser.add_argument("--edits-only", action="store_true", help="plan the edits; no MP3, no re-transcription")
    parser.add_argument("--only", default="", help="readings whose name contains this")
    parser.add_argument("--replan", action="store_true",
                        help="align and plan again even where the stages' versions did not change (editor work)")
    parser.add_argument("--out", default=None, help="where the report goes (default: eval/results.md, for the "
                                                     "show's own settings)")
    parser.add_argument("--transcribe", nargs="*", default=[], metavar="KEY=VALUE",
                        help="[transcribe] settings for another model or free decoding (TOML values: "
                             "model='\"base\"' guided=false); the readings go to their own folder, and "
                             "results.md is written only with --out")
    parser.add_argument("--held-out", nargs="?", type=int, const=1, default=0, choices=sorted(held_out.GENERATIONS),
                        metavar="N", help="the held-out corpus (eval/held_out.py; N its generation, 1 unless given), "
                                          "reported in eval/held-out.md (eval/held-out-N.md)")
    args = parser.parse_args(argv)
    if args.held_out and args.transcribe:
        parser.error("--held-out measures the editor with the show's own [transcribe] settings; leave out --transcribe")
    overrides = dict(item.split("=", 1) for item in args.transcribe)
    root = held_out_root(args.held_out) if args.held_out else show_root(overrides)
    make_show(root, overrides)
    made = held_out.plan(args.quick, args.held_out) if args.held_out else corpus.plan(args.quick)
    readings = [(n, m) for n, m in made if args.only in n]
    records, started = [], time.monotonic()
    for k, (name, make) in enumerate(readings, 1):
        t0 = time.monotonic()
        folder = ensure_reading(name, make, root)
        if args.replan:
            for stage in ("align", "edits"):
                (folder / "build" / "stages" / f"{stage}.json").unlink(missing_ok=True)
        found = evaluate(folder, args.edits_only)
        records += found
        failed = sum(1 for r in found if r.get("ok") is False or r.get("clipped"))
        print(f"[{k}/{len(readings)}] {name}: {len(found)} records, {failed} failing ({time.monotonic() - t0:.1f} s)",
              flush=True)
    write_json(records_path(root), records)
    text = report.markdown(records, readings=len(readings), seconds=time.monotonic() - started,
                           edits_only=args.edits_only, held_out=args.held_out,
                           records_file=records_path(root).relative_to(HERE.parent).as_posix())
    out = args.out or (None if overrides else str(HERE / (f"{root.name}.md" if args.held_out else "results.md")))
    if out and not args.quick and not args.only:
        Path(out).write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
