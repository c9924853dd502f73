"""A reading's planned edit against its truth: one record per event, each saying whether the
edit did what a host would want there. `run.py` adds the records up into the tables of
`eval/results.md`.

The measures are the acceptance lines of the editor:
- script: the final takes' speech kept (share of time; an utterance losing more than 30 ms
  is "clipped");
- retake: the earlier take and its aside removed (90 % of their time or more), the last take
  whole, the cut starting within 0.3 s of the earlier take (or earlier, over nothing but
  silence and off-script talk) and ending within 0.3 s of the last take's start (beyond the
  half pause the editor leaves before a kept take on purpose);
- filler: 90 % of its sound removed, with at most 50 ms of script speech around it;
- chatter: at the ends, removed whole (95 % of its time) and never with a script word;
  in the middle (an ad-lib), reported only, as the default settings keep ad-libs;
- pause: a silence over max_pause between two kept utterances, shortened to at most
  max_pause and never below 0.3 s;
- breath: never cut as a filler;
- sentence: heard in the published MP3 (re-transcribed), where it was heard in the take.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.show.config import EditSettings
from pipeline.editing.edits import EditList

CLIP_S = 0.03
REMOVED_SHARE = 0.9
FILLER_COLLATERAL_S = 0.05
RETAKE_TOLERANCE_S = 0.3


@dataclass(frozen=True)
class Cuts:
    """The plan's removed ranges, merged, and each edit with its reason."""
    merged: list[tuple[float, float]]
    edits: list[tuple[float, float, str]]

    @classmethod
    def of(cls, plan: EditList) -> "Cuts":
        return cls(plan.cuts(), [(e.start, e.end, e.reason) for e in plan.edits])

    def removed(self, a: float, b: float, reasons: tuple[str, ...] | None = None) -> float:
        ranges = self.merged if reasons is None else [(s, e) for s, e, r in self.edits if r in reasons]
        return sum(max(0.0, min(b, e) - max(a, s)) for s, e in ranges)

    def covering(self, a: float, b: float) -> list[tuple[float, float]]:
        return [(s, e) for s, e in self.merged if s < b and e > a]


def _share(cuts: Cuts, segments: list[dict]) -> float:
    total = sum(s["end"] - s["start"] for s in segments)
    return sum(cuts.removed(s["start"], s["end"]) for s in segments) / total if total else 1.0


def _script_removed(cuts: Cuts, script: list[dict], a: float, b: float) -> float:
    return sum(cuts.removed(max(a, s["start"]), min(b, s["end"])) for s in script if s["start"] < b and s["end"] > a)


def script_records(truth: dict, cuts: Cuts) -> list[dict]:
    records = []
    for s in truth["segments"]:
        if s["kind"] == "script":
            removed = cuts.removed(s["start"], s["end"])
            records.append({"type": "script", "seconds": s["end"] - s["start"], "removed": removed,
                            "clipped": removed > CLIP_S, "misheard": s["misheard"], "at": s["start"]})
    return records


def retake_records(truth: dict, cuts: Cuts, settings: EditSettings) -> list[dict]:
    segments, records = truth["segments"], []
    script = [s for s in segments if s["kind"] == "script"]
    for retake in sorted({s["retake"] for s in segments if s["retake"] >= 0}):
        parts = [s for s in segments if s["retake"] == retake]
        earlier = [s for s in parts if s["kind"] in ("earlier_take", "cough")]
        aside = [s for s in parts if s["kind"] == "aside"]
        final = [s for s in parts if s["kind"] == "script"]
        if not earlier or not final:
            continue
        start, final_start = earlier[0]["start"], final[0]["start"]
        covering = cuts.covering(start, earlier[0]["end"])
        cut_start = covering[0][0] if covering else None
        last_removed = max(earlier + aside, key=lambda s: s["end"])
        covering_end = cuts.covering(last_removed["start"], last_removed["end"])
        cut_end = covering_end[-1][1] if covering_end else None
        if cut_start is None:
            start_err = float("inf")
        elif cut_start > start:
            start_err = cut_start - start
        else:
            start_err = 0.0 if _script_removed(cuts, script, cut_start, start) <= CLIP_S else start - cut_start
        lead_in = settings.pause_to / 2 + 0.05
        end_err = float("inf") if cut_end is None else max(cut_end - final_start,
                                                             final_start - cut_end - lead_in, 0.0)
        final_removed = sum(cuts.removed(s["start"], s["end"]) for s in final)
        removed = _share(cuts, earlier + aside)
        ok = removed >= REMOVED_SHARE and final_removed <= CLIP_S and start_err <= RETAKE_TOLERANCE_S \
            and end_err <= RETAKE_TOLERANCE_S and (not aside or _share(cuts, aside) >= REMOVED_SHARE)
        records.append({"type": "retake", "kind": earlier[0]["where"], "aside": bool(aside), "removed": removed,
                        "final_whole": final_removed <= CLIP_S, "start_err": start_err, "end_err": end_err,
                        "ok": ok, "at": start})
    return records


def _collateral(cuts: Cuts, script: list[dict], segment: dict) -> float:
    """Script speech removed by the cuts that remove (part of) this segment."""
    return sum(_script_removed(cuts, script, a, b) for a, b in cuts.covering(segment["start"], segment["end"]))


def filler_records(truth: dict, cuts: Cuts) -> list[dict]:
    script = [s for s in truth["segments"] if s["kind"] == "script"]
    records = []
    for s in truth["segments"]:
        if s["kind"] != "filler":
            continue
        coverage = cuts.removed(s["start"], s["end"]) / max(1e-6, s["end"] - s["start"])
        collateral = _collateral(cuts, script, s)
        records.append({"type": "filler", "kind": s["where"], "word": s["text"], "coverage": coverage,
                        "collateral": collateral, "ok": coverage >= REMOVED_SHARE and collateral <= FILLER_COLLATERAL_S,
                        "at": s["start"]})
    return records


def chatter_records(truth: dict, cuts: Cuts) -> list[dict]:
    script = [s for s in truth["segments"] if s["kind"] == "script"]
    records = []
    for s in truth["segments"]:
        if s["kind"] != "chatter":
            continue
        removed, collateral = _share(cuts, [s]), _collateral(cuts, script, s)
        records.append({"type": "chatter", "kind": s["where"], "removed": removed, "collateral": collateral,
                        "ok": removed >= 0.95 and collateral <= CLIP_S, "at": s["start"]})
    return records


def pause_records(truth: dict, cuts: Cuts, settings: EditSettings) -> list[dict]:
    """Silences over max_pause between two consecutive kept sounds (script or breath)."""
    sounds = [s for s in truth["segments"] if s["kind"] != "pause"]
    records = []
    for before, after in zip(sounds, sounds[1:]):
        if before["kind"] not in ("script", "breath") or after["kind"] not in ("script", "breath"):
            continue
        gap = after["start"] - before["end"]
        if gap <= settings.max_pause + 0.05:
            continue
        kept = gap - cuts.removed(before["end"], after["start"])
        records.append({"type": "pause", "seconds": gap, "kept": kept,
                        "ok": 0.3 <= kept <= settings.max_pause + 0.05, "at": before["end"]})
    return records


def breath_records(truth: dict, cuts: Cuts) -> list[dict]:
    return [{"type": "breath", "cut_as_filler": cuts.removed(s["start"], s["end"], ("filler",)) > 0.05,
             "ok": cuts.removed(s["start"], s["end"], ("filler",)) <= 0.05, "at": s["start"]}
            for s in truth["segments"] if s["kind"] == "breath"]


def clean_records(truth: dict, plan: EditList) -> list[dict]:
    if not truth["clean"]:
        return []
    extra = [e for e in plan.edits if e.reason not in ("head", "tail", "pause")]
    return [{"type": "clean", "extra_cuts": len(extra), "reasons": sorted({e.reason for e in extra}),
             "ok": not extra}]


def score(truth: dict, plan: EditList, settings: EditSettings) -> list[dict]:
    """Every record of one reading, each tagged with the reading and its voice."""
    cuts = Cuts.of(plan)
    records = (script_records(truth, cuts) + retake_records(truth, cuts, settings) + filler_records(truth, cuts)
               + chatter_records(truth, cuts) + pause_records(truth, cuts, settings) + breath_records(truth, cuts)
               + clean_records(truth, plan))
    kind = "fan" if truth.get("room") == "fan" else "noise"
    voice = truth["voice"] + (f" +{kind} {truth['noise_snr']:.0f} dB" if truth["noise_snr"] is not None else "")
    return [{**r, "reading": truth["name"], "voice": voice} for r in records]


def sentence_records(truth: dict, heard_raw: list[float], heard_mp3: list[float], plan: EditList) -> list[dict]:
    """Each script sentence's share of words heard in the take and in the published MP3, and
    (synthetic readings, whose truth knows each sentence's final take) the share the edit cut."""
    cuts = Cuts.of(plan)
    records = []
    for i, (raw, mp3) in enumerate(zip(heard_raw, heard_mp3)):
        final = [s for s in truth["segments"] if s["kind"] == "script" and s["utterance"] == i]
        cut = _share(cuts, final) if final and not truth["real"] else None
        records.append({"type": "sentence", "reading": truth["name"], "voice": truth["voice"], "raw": raw,
                        "mp3": mp3, "cut": cut, "ok": not (raw >= 0.5 and mp3 < 0.5), "index": i})
    return records
