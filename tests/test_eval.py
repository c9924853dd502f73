"""A small subset of the evaluation corpus (`make eval` runs all of it): two readings made,
produced and scored as the corpus is, held to the editor's acceptance lines."""

import pytest

from eval import corpus, report, run, score

SUBSET = ("script-is-the-edit-en-gb-x-rp-f2-0", "lj001-clean")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    root = run.make_show(tmp_path_factory.mktemp("eval") / "show")
    makers = dict(corpus.plan())
    found = []
    for name in SUBSET:
        if name not in makers:
            continue                     # the real readers need ../shared/fixtures
        found += run.evaluate(run.ensure_reading(name, makers[name], root), edits_only=True)
    return found


def of(records, kind):
    return [r for r in records if r["type"] == kind]


def test_the_final_takes_are_kept_whole(records):
    script = of(records, "script")
    assert script and not [r for r in script if r["clipped"]]
    assert sum(r["removed"] for r in script) / sum(r["seconds"] for r in script) <= 0.005


def test_chatter_at_the_ends_goes_and_long_pauses_are_shortened(records):
    ends = [r for r in of(records, "chatter") if r["kind"] in ("head", "tail")]
    assert ends and all(r["ok"] for r in ends), ends
    assert of(records, "pause") and all(r["ok"] for r in of(records, "pause"))
    assert all(r["ok"] for r in of(records, "breath"))


def test_a_clean_real_reading_gets_no_cuts_but_head_tail_and_pauses(records):
    clean = of(records, "clean")
    if not clean:
        pytest.skip("needs ../shared/fixtures (LJ Speech) for the clean real reading")
    assert clean[0]["ok"], clean


def test_the_truth_knows_every_event(tmp_path):
    reading = dict(corpus.plan())["script-is-the-edit-en-gb-f3-1"]()
    kinds = {s.kind for s in reading.segments}
    assert {"script", "pause"} <= kinds
    assert all(b.start >= a.end - 1e-3 for a, b in zip(reading.segments, reading.segments[1:]))
    again = dict(corpus.plan())["script-is-the-edit-en-gb-f3-1"]()
    assert [(s.kind, s.start) for s in again.segments] == [(s.kind, s.start) for s in reading.segments]


def test_the_scorer_counts_a_clipped_word_and_a_missed_filler():
    from pipeline.editing.edits import Edit, EditList
    truth = {"name": "t", "voice": "v", "noise_snr": None, "clean": False, "segments": [
        {"kind": "script", "start": 1.0, "end": 2.0, "text": "a", "utterance": 0, "where": "", "retake": -1,
         "misheard": False},
        {"kind": "filler", "start": 2.2, "end": 2.5, "text": "um", "utterance": -1, "where": "inside", "retake": -1,
         "misheard": False},
        {"kind": "script", "start": 2.7, "end": 3.5, "text": "b", "utterance": 1, "where": "", "retake": -1,
         "misheard": False}]}
    plan = EditList(4.0, (Edit(1.9, 2.3, "cut", "filler"),))
    records = score.score(truth, plan, __import__("pipeline.show.config", fromlist=["EditSettings"]).EditSettings())
    assert [r["clipped"] for r in of(records, "script")] == [True, False]
    filler = of(records, "filler")[0]
    assert not filler["ok"] and filler["coverage"] == pytest.approx(1 / 3)


def test_the_report_names_the_cpu_and_the_arithmetic_whisper_ran_on(tmp_path):
    """Whisper's words, and so every figure of make eval and make bench, depend on the CPU:
    CTranslate2 uses MKL on an Intel CPU and oneDNN on any other."""
    intel, amd = tmp_path / "intel", tmp_path / "amd"
    intel.write_text("vendor_id\t: GenuineIntel\nmodel name\t: Intel Xeon\n"
                     "flags\t\t: sse4_1 avx2 avx512f avx512_vnni\n")
    amd.write_text("vendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: sse4_1 avx avx2\n")
    assert report.machine(intel) == "Intel Xeon (AVX-512 VNNI; CTranslate2's int8 through MKL)"
    assert report.machine(amd) == "AMD EPYC (AVX2, no AVX-512; CTranslate2's int8 through oneDNN)"
    assert report.machine(tmp_path / "absent") == "an unknown CPU"


def test_the_held_out_corpus_shares_no_voice_essay_or_words_off_the_script_with_the_corpus():
    from eval import held_out
    assert not {v.label for v in held_out.VOICES} & {v.label for v in corpus.VOICES}
    own = set(held_out.essays()) - set(corpus.essays())
    assert own and not own & set(corpus.essays())
    readings = dict(held_out.plan())
    reading = readings["the-repair-cafe-fan20db"]()
    assert reading.room == "fan" and reading.truth()["room"] == "fan"
    said = {s.text for s in reading.segments if s.kind in ("chatter", "aside")}
    ours, theirs = held_out.PHRASES, corpus.PHRASES
    assert said and said <= set(ours.head + ours.tail + ours.middle + ours.asides)
    assert not said & set(theirs.head + theirs.tail + theirs.middle + theirs.asides)


def test_each_held_out_generation_shares_no_voice_seed_or_words_off_the_script_with_earlier_corpora():
    from eval import held_out
    earlier = [(corpus.VOICES, corpus.PHRASES, None)]
    for number, g in sorted(held_out.GENERATIONS.items()):
        for voices, phrases, seed in earlier:
            assert not {v.label for v in g.voices} & {v.label for v in voices}
            assert not set(g.phrases.head + g.phrases.tail + g.phrases.middle + g.phrases.asides) \
                & set(phrases.head + phrases.tail + phrases.middle + phrases.asides)
            assert seed is None or abs(g.seed - seed) >= 10_000
        assert set(held_out.essays(number)) > set(corpus.essays())
        earlier.append((g.voices, g.phrases, g.seed))
    assert set(held_out.essays(2)) > set(held_out.essays(1))
    names = [name for name, _ in held_out.plan(generation=2)]
    assert len(names) == len(set(names)) and all(name == name.lower() for name in names)


def test_a_new_held_out_generation_leaves_the_earlier_ones_readings_be(monkeypatch):
    """Readings are made again when what made them changes (eval/run.py's stamp), which for a
    held-out generation is its own definition, not the whole of held_out.py: adding generation
    N+1 must not make generation N's forty readings again, while changing N's seed must."""
    from dataclasses import replace
    from eval import held_out, run
    roots = [run.held_out_root(n) for n in sorted(held_out.GENERATIONS)]
    assert [run.held_out_generation(root) for root in roots] == sorted(held_out.GENERATIONS)
    assert run.held_out_generation(run.SHOW) is None
    before = [run.corpus_stamp(root) for root in roots]
    assert len(set(before)) == len(before) and run.corpus_stamp(run.SHOW) not in before
    first = held_out.GENERATIONS[1]
    monkeypatch.setitem(held_out.GENERATIONS, 99, replace(first, seed=990_000))
    assert [run.corpus_stamp(root) for root in roots] == before
    monkeypatch.setitem(held_out.GENERATIONS, 1, replace(first, seed=first.seed + 1))
    assert run.corpus_stamp(roots[0]) != before[0] and [run.corpus_stamp(r) for r in roots[1:]] == before[1:]
