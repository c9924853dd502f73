"""The records of `score.py` as the tables of eval/results.md: the acceptance lines first, then
each event type by its kinds, then each voice, then every failing event by name and time."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections import defaultdict
from pathlib import Path


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def _ok(records: list[dict]) -> tuple[int, int]:
    return sum(1 for r in records if r["ok"]), len(records)


def _rate(records: list[dict]) -> str:
    ok, total = _ok(records)
    return f"{_pct(ok, total)} ({ok}/{total})" if total else "–"


def _of(records: list[dict], type_: str, **match) -> list[dict]:
    return [r for r in records if r["type"] == type_ and all(r.get(k) == v for k, v in match.items())]


def _script_line(records: list[dict]) -> tuple[str, int]:
    script = _of(records, "script")
    total = sum(r["seconds"] for r in script)
    kept = total - sum(r["removed"] for r in script)
    return _pct(kept, total), sum(1 for r in script if r["clipped"])


def acceptance(records: list[dict]) -> list[str]:
    kept, clipped = _script_line(records)
    sentences = _of(records, "sentence")
    missing = sum(1 for r in sentences if not r["ok"])
    unheard = sum(1 for r in sentences if r["raw"] < 0.5)
    cut = sum(1 for r in sentences if r.get("cut") is not None and r["cut"] > 0.5)
    missed_cut = sum(1 for r in sentences if not r["ok"] and r.get("cut") is not None and r["cut"] > 0.5)
    ends = [r for r in _of(records, "chatter") if r["kind"] in ("head", "tail")]
    clean = _of(records, "clean")
    rows = [
        ("Script speech kept (final takes' time)", "≥ 99.5 %", kept),
        ("Kept utterances clipped by more than 30 ms", "0", str(clipped)),
        ("Script sentences missing from the published MP3", "0",
         f"{missing} of {len(sentences)} not heard in the MP3 though heard in the take, {missed_cut} of them cut "
         f"by the edit ({unheard} not heard even in the take); by the truth, {cut} cut" if sentences
         else "not measured"),
        ("Retakes removed, last take whole, cut ends within 0.3 s, aside gone", "≥ 97 %", _rate(_of(records, "retake"))),
        ("Fillers removed (≥ 90 % of the sound, ≤ 50 ms of words)", "≥ 90 %", _rate(_of(records, "filler"))),
        ("Chatter at both ends removed, never with a script word", "100 %", _rate(ends)),
        ("Pauses over max_pause shortened, none removed", "100 %", _rate(_of(records, "pause"))),
        ("Clean real readings: no cuts but head, tail and pauses", "all", _rate(clean)),
        ("Breaths never cut as fillers", "100 %", _rate(_of(records, "breath"))),
    ]
    lines = ["| line | target | measured |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return lines


def headline(records: list[dict]) -> dict[str, str]:
    """The editor's main figures, one cell each (for tables that compare runs)."""
    kept, clipped = _script_line(records)
    ends = [r for r in _of(records, "chatter") if r["kind"] in ("head", "tail")]
    return {"script kept": kept, "clipped": str(clipped), "retakes": _rate(_of(records, "retake")),
            "fillers": _rate(_of(records, "filler")), "end chatter": _rate(ends),
            "pauses": _rate(_of(records, "pause")), "breaths": _rate(_of(records, "breath"))}


def by_event(records: list[dict]) -> list[str]:
    lines = ["| event | kind | passed |", "|---|---|---|"]
    for kind, field in (("retake", "kind"), ("filler", "kind"), ("filler", "word"), ("chatter", "kind")):
        for value in sorted({r[field] for r in _of(records, kind)}):
            lines.append(f"| {kind} | {field} = {value} | {_rate(_of(records, kind, **{field: value}))} |")
    for aside in (True, False):
        lines.append(f"| retake | {'with' if aside else 'without'} an aside | {_rate(_of(records, 'retake', aside=aside))} |")
    misheard = [r for r in _of(records, "script") if r["misheard"]]
    lines.append(f"| script | first/last sentence slurred | {len(misheard) - sum(r['clipped'] for r in misheard)}"
                 f"/{len(misheard)} kept whole |")
    return lines


def by_voice(records: list[dict]) -> list[str]:
    voices = defaultdict(list)
    for r in records:
        voices[r["voice"]].append(r)
    lines = ["| voice | readings | script kept | clipped | retakes | fillers | end chatter | pauses | breaths |",
             "|---|---|---|---|---|---|---|---|---|"]
    for voice in sorted(voices):
        rs = voices[voice]
        kept, clipped = _script_line(rs)
        ends = [r for r in _of(rs, "chatter") if r["kind"] in ("head", "tail")]
        lines.append(f"| {voice} | {len({r['reading'] for r in rs})} | {kept} | {clipped} | {_rate(_of(rs, 'retake'))} "
                     f"| {_rate(_of(rs, 'filler'))} | {_rate(ends)} | {_rate(_of(rs, 'pause'))} "
                     f"| {_rate(_of(rs, 'breath'))} |")
    return lines


def failures(records: list[dict], most: int = 60, where: str = "eval/build/records.json") -> list[str]:
    bad = [r for r in records if (r.get("ok") is False) or r.get("clipped")]
    bad = [r for r in bad if not (r["type"] == "chatter" and r["kind"] == "middle")]
    lines = [f"{len(bad)} events failed (middle chatter, kept by default, not counted)."]
    for r in bad[:most]:
        detail = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items()
                  if k not in ("type", "reading", "voice", "ok", "at")}
        lines.append(f"- {r['reading']} {r['type']} at {r.get('at', 0):.2f} s: {detail}")
    if len(bad) > most:
        lines.append(f"- … and {len(bad) - most} more ({where})")
    return lines


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent).stdout.strip()
    except OSError:
        return "?"


def machine(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """This CPU as far as Whisper's figures depend on it: CTranslate2 runs its int8 kernels
    through Intel MKL on an Intel CPU and through oneDNN on any other (forcing MKL on an AMD
    EPYC, CT2_USE_MKL=1, made transcription 3 to 8 times slower), each with the widest vector
    instructions the CPU has. Their arithmetic differs, so Whisper's words, and every figure
    measured on them, may differ by machine, and so may its speed against other engines."""
    try:
        info = cpuinfo.read_text().splitlines()
    except OSError:
        return "an unknown CPU"

    def field(name: str) -> str:
        return next((line.split(":", 1)[1].strip() for line in info if line.startswith(name)), "")
    flags = field("flags").split()
    vector = ("AVX-512 VNNI" if "avx512_vnni" in flags else "AVX-512" if "avx512f" in flags
              else "AVX2, no AVX-512" if "avx2" in flags else "no AVX2")
    backend = "MKL" if field("vendor_id") == "GenuineIntel" else "oneDNN"
    return f"{field('model name') or 'an unknown CPU'} ({vector}; CTranslate2's int8 through {backend})"


def markdown(records: list[dict], readings: int, seconds: float, edits_only: bool, held_out: int = 0,
             records_file: str = "eval/build/records.json") -> str:
    middle = [r for r in _of(records, "chatter") if r["kind"] == "middle"]
    command = "make eval-held-out" if held_out == 1 else f"python -m eval.run --replan --held-out {held_out}"
    title, source = ((f"Editing evaluation on the held-out corpus{'' if held_out == 1 else f', generation {held_out}'}"
                      f" (`{command}`)", "`eval/held_out.py`: essays, voices, seeds, words off the script and a "
                      "noise no rule was written against")
                     if held_out else ("Editing evaluation (`make eval`)", "`eval/corpus.py`"))
    parts = [
        f"# {title}", "",
        f"{readings} generated readings with ground truth ({source}), produced with the default settings "
        f"and scored by `eval/score.py`; at {_commit()} on {dt.date.today().isoformat()}, {seconds / 60:.1f} min"
        + (" (edits only: no MP3 re-transcription)" if edits_only else "")
        + f"; transcribed on {machine()}: Whisper's int8 arithmetic differs by CPU, and with it its words and these "
        "figures.", "",
        "## Acceptance", "", *acceptance(records), "",
        "## By event", "", *by_event(records), "",
        f"Chatter in the middle (an ad-lib; kept unless `cut_adlibs`): {len(middle)} events, "
        f"{sum(1 for r in middle if r['removed'] >= 0.95)} removed.", "",
        "## By voice", "", *by_voice(records), "",
        "## Failing events", "", *failures(records, where=records_file), "",
    ]
    return "\n".join(parts)
