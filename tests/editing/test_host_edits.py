"""edits.toml: the host's keeps, moves and cuts over the editor's plan, and the file `produce review` saves."""

import tomllib

import pytest

from pipeline.editing import host_edits
from pipeline.editing.edits import Edit, EditList
from pipeline.errors import ConfigError
from pipeline.hearing.words import Word

PLAN = EditList(60.0, (Edit(0.0, 1.5, "cut", "head", "1.5 s before the first word"),
                       Edit(10.0, 10.4, "cut", "filler", "“um”"),
                       Edit(20.0, 23.0, "shorten", "pause", "3.9 s pause shortened to 0.9 s"),
                       Edit(58.0, 60.0, "cut", "tail", "2 s after the last word")))
WORDS = [Word("as", 30.0, 30.2), Word("I", 30.2, 30.3), Word("said", 30.3, 30.7), Word("again", 40.0, 40.5)]


def decisions(**tables) -> host_edits.ManualEdits:
    return host_edits.ManualEdits(**{k: tuple(v) for k, v in tables.items()})


def test_keep_move_and_cut_apply_over_the_plan(tmp_path):
    manual = decisions(keep=[host_edits.Range(10.0, 10.4, note="filler: “um”")],
                       move=[host_edits.Move(20.0, 23.0, 20.0, 22.5, "pause")],
                       cut=[host_edits.Range(words="as I said"), host_edits.Range(40.0, 40.5, note="“again”")])
    plan = host_edits.apply_edits(PLAN, manual, WORDS, tmp_path / "edits.toml")
    got = [(e.start, e.end, e.action, e.reason) for e in plan.edits]
    assert got == [(0.0, 1.5, "cut", "head"), (20.0, 22.5, "shorten", "pause"), (30.0, 30.7, "cut", "manual"),
                   (40.0, 40.5, "cut", "manual"), (58.0, 60.0, "cut", "tail")]


def test_a_move_whose_edit_is_gone_still_removes_its_new_range(tmp_path):
    manual = decisions(move=[host_edits.Move(33.0, 34.0, 33.1, 33.8, "pause")])
    plan = host_edits.apply_edits(PLAN, manual, WORDS, tmp_path / "edits.toml")
    assert (33.1, 33.8, "cut", "pause") in [(e.start, e.end, e.action, e.reason) for e in plan.edits]
    assert len(plan.edits) == len(PLAN.edits) + 1


def test_saved_file_reads_back_as_the_same_decisions_with_a_comment_for_each(tmp_path):
    manual = decisions(keep=[host_edits.Range(10.0, 10.4, note='filler: “um” said "twice"\nand a backslash \\')],
                       move=[host_edits.Move(20.0, 23.0, 20.05, 22.5, "pause")],
                       cut=[host_edits.Range(40.0, 40.5, note="“again”"), host_edits.Range(words="as I said")])
    text = host_edits.to_toml(manual, "The Script Is the Edit")
    path = tmp_path / "edits.toml"
    path.write_text(text)
    assert host_edits.load(path) == manual
    tomllib.loads(text)
    entries = [line for line in text.splitlines() if line.startswith("[[")]
    assert entries == ["[[keep]]", "[[move]]", "[[cut]]", "[[cut]]"]            # in time order, words last
    comments = [line for line in text.splitlines() if line.startswith("# ")][2:]
    assert len(comments) == 4 and "moved: 20.00–23.00 s → 20.05–22.50 s" in comments[1]
    assert host_edits.to_toml(manual, "The Script Is the Edit") == text       # stable


@pytest.mark.parametrize("text, key", [("[[move]]\nstart = 5.0\nend = 6.0\nnew_start = 7.0\nnew_end = 6.5\n", "new_end"),
                                       ("[[cut]]\nstart = 5\nend = 2\n", "end"),
                                       ("[[keep]]\nnote = 'no range'\n", "start")])
def test_bad_ranges_are_named(tmp_path, text, key):
    path = tmp_path / "edits.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=f"`[a-z]+\\[0\\]\\.{key}`"):
        host_edits.load(path)
