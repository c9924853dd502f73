"""The edit plan on a synthetic reading with known ground truth, and on a real reading."""

import json

import numpy as np
import pytest

from pipeline import align, audio, edits, ffmpeg, signal
from pipeline.config import EditSettings, TranscribeSettings
from pipeline.essay import Block, Essay, Section
from pipeline.synth import Piece, record
from pipeline.transcript import transcribe

from .conftest import fixture_file

SCRIPT = ["The first thing I tell new hosts is to write before they speak.",
          "A written essay gives the recording a shape.",
          "It also tells the editor what was meant.",
          "That is the whole idea of this tool."]


def plan_for(wav, script_text, settings=EditSettings()):
    samples = ffmpeg.decode(wav, 16000, 1)[:, 0]
    transcript = transcribe(samples, TranscribeSettings(), "en")
    words = transcript.words
    blocks = (Block("paragraph", 0, script_text),)
    essay_words = [align.ScriptWord(t, 0, 0) for t in script_text.split()]
    alignment = align.align(essay_words, words)
    db = signal.frame_db(samples)
    return edits.plan(words, alignment, [0] * len(words), db, len(samples) / 16000, settings), words


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    pieces = [Piece("pause", seconds=2.0), Piece("say", SCRIPT[0]), Piece("say", SCRIPT[1]),
              Piece("pause", seconds=3.0), Piece("filler", "um"), Piece("say", SCRIPT[2]),
              Piece("say", SCRIPT[3]), Piece("pause", seconds=2.5)]
    events = record(pieces, folder / "take.wav")
    plan, words = plan_for(folder / "take.wav", " ".join(SCRIPT))
    return events, plan, words


def test_head_and_tail_trimmed_to_half_a_second(synthetic):
    events, plan, _ = synthetic
    first_speech = events[1].start
    last_speech = events[-2].end
    head = [e for e in plan.edits if e.reason == "head"]
    tail = [e for e in plan.edits if e.reason == "tail"]
    assert head and abs(head[0].end - (first_speech - 0.5)) <= 0.15
    assert tail and abs(tail[0].start - (last_speech + 0.5)) <= 0.15


def test_long_pause_shortened_not_removed(synthetic):
    events, plan, _ = synthetic
    pause = events[3]
    shortened = [e for e in plan.edits if e.reason == "pause"]
    assert len(shortened) == 1
    cut = shortened[0]
    assert events[2].end - 0.15 <= cut.start and cut.end <= events[4].start + 0.15
    # the pause before the filler merges with it; whatever remains is a natural gap
    timemap = plan.timemap()
    gap = timemap.to_edited(events[5].start) - timemap.to_edited(events[2].end)
    assert 0.3 <= gap <= 1.3, gap


def test_filler_removed_and_no_script_word_lost(synthetic):
    events, plan, words = synthetic
    filler = events[4]
    timemap = plan.timemap()
    assert not timemap.is_kept(filler.start, filler.end), plan.to_dict()
    for event in events:
        if event.kind == "say":
            assert timemap.is_kept(event.start, event.end)
            cut_inside = [c for c in plan.cuts() if event.start + 0.02 < c[0] < event.end - 0.02]
            assert not cut_inside, (event, cut_inside)


def test_edit_list_round_trips(synthetic):
    _, plan, _ = synthetic
    assert edits.EditList.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan


def test_rules_can_be_switched_off(tmp_path):
    record([Piece("pause", seconds=2.0), Piece("say", SCRIPT[0]), Piece("pause", seconds=3.0),
            Piece("say", SCRIPT[1]), Piece("pause", seconds=2.0)], tmp_path / "t.wav")
    settings = EditSettings(cut_head_tail=False, cut_pauses=False, cut_fillers=False)
    plan, _ = plan_for(tmp_path / "t.wav", " ".join(SCRIPT[:2]), settings)
    assert plan.edits == ()


def test_real_reading_loses_nothing_of_the_script():
    path = fixture_file("audio/ljspeech_LJ001_printing_part1.flac")
    text = path.with_suffix(".txt").read_text()
    plan, words = plan_for(path, text)
    timemap = plan.timemap()
    kept = [w for w in words if timemap.is_kept(w.start, w.end)]
    assert len(kept) >= 0.995 * len(words)
    assert {e.reason for e in plan.edits} <= {"head", "tail", "pause"}
