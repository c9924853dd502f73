"""essay.md: front matter, sections, links, PS, sign-off."""

import datetime as dt

import pytest

from pipeline.show.config import load_show
from pipeline.errors import ConfigError
from pipeline.show.essay import load_essay

from tests.support import REPO, SAMPLE


@pytest.fixture
def show():
    return load_show(REPO)


def essay_file(tmp_path, text):
    folder = tmp_path / "2026-12-01-test"
    folder.mkdir()
    (folder / "essay.md").write_text(text)
    return folder / "essay.md"


def test_sample_essay_sections_links_ps(show):
    essay = load_essay(REPO / "episodes" / SAMPLE / "essay.md", show)
    assert essay.title == "The Script Is the Edit"
    assert [s.title for s in essay.sections] == ["", "Why the script matters", "What the listener hears"]
    assert [l.url for l in essay.links] == ["https://example.com/workbench/alignment"]
    assert essay.links[0].text == "the project page"
    assert essay.ps.startswith("PS: If you want to try this yourself")
    assert essay.publish_at == dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.timezone.utc)
    assert essay.has_script


def test_date_from_folder_and_naive_publish_time_in_show_zone(tmp_path, show):
    path = essay_file(tmp_path, "---\ntitle: T\npublish_at: 2026-12-01T06:00:00\n---\nBody.\n")
    essay = load_essay(path, show)
    assert essay.date == dt.date(2026, 12, 1)
    assert essay.publish_at.utcoffset() == dt.timedelta(0)          # Europe/London in winter
    assert essay.publish_at.tzinfo is not None


def test_sign_off_marker_drops_boilerplate_keeps_ps(tmp_path):
    (tmp_path / "show.toml").write_text((REPO / "show.toml").read_text()
                                        + '\n[essay]\nend_markers = ["Until next week"]\n')
    show = load_show(tmp_path)
    path = essay_file(tmp_path, "---\ntitle: T\n---\nThe body.\n\nUntil next week,\n\nShare this post\n\n"
                                "P.S. A postscript.\n")
    essay = load_essay(path, show)
    assert [b.text for b in essay.blocks] == ["The body.", "P.S. A postscript."]
    assert essay.ps == "P.S. A postscript."


@pytest.mark.parametrize("text, fragment", [
    ("No front matter at all.\n", "has no front matter"),
    ("---\ndate: 2026-12-01\n---\nBody\n", "has no `title`"),
    ("---\ntitle: ''\n---\nBody\n", "`title` must not be empty"),
    ("---\ntitle: T\ndate: 2026-13-45\n---\nBody\n", "`date`"),
    ("---\ntitle: T\npublish_at: next tuesday\n---\nBody\n", "`publish_at`"),
    ("---\ntitle: T\ntype: special\n---\nBody\n", "`type`"),
    ("---\ntitle: T\nepisode: -1\n---\nBody\n", "`episode`"),
    ("---\ntitle: [unclosed\n---\nBody\n", "not valid YAML"),
    ("---\ntitle: T\nedit:\n  max_pause: soon\n---\nBody\n", "`edit.max_pause`"),
])
def test_bad_essay_names_file_and_key(tmp_path, show, text, fragment):
    path = essay_file(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_essay(path, show)
    assert str(path) in str(caught.value) and fragment in str(caught.value)
