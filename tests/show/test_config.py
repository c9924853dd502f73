"""show.toml: every mistake a host makes gives one line naming the file and the key."""

import pytest

from pipeline.show.config import load_show
from pipeline.errors import ConfigError

VALID = '''title = "Show"
description = "About things."
author = "Host"
email = "host@example.com"
website = "https://example.com"
'''


def write(tmp_path, text):
    (tmp_path / "show.toml").write_text(text)
    return tmp_path


def test_minimal_show_gets_defaults(tmp_path):
    show = load_show(write(tmp_path, VALID))
    assert show.title == "Show"
    assert show.language == "en"
    assert show.audio.target_lufs == -19.0 and show.audio.bitrate == 96
    assert show.transcribe.model == "tiny.en"
    assert show.edit.max_pause == 1.2 and show.edit.pause_to == 0.7


@pytest.mark.parametrize("extra, key", [
    ('explicit = "maybe"', "explicit"),
    ('language = "english"', "language"),
    ('categories = ["Tech"]', "categories[0]"),
    ('categories = ["Technology/Gadgets"]', "categories[0]"),
    ('timezone = "Mars/Olympus"', "timezone"),
    ('colour = "blue"', "colour"),
    ('type = "weekly"', "type"),
    ('[edit]\nmax_pause = "long"', "edit.max_pause"),
    ('[edit]\npause_to = 5.0', "edit.pause_to"),
    ('[edit]\nshorten = true', "edit.shorten"),
    ('[audio]\nloudness = -3', "audio.loudness"),
    ('[audio]\nchannels = 6', "audio.channels"),
    ('[audio]\nbitrate_kbps = 100', "audio.bitrate_kbps"),
    ('[transcribe]\nengine = "whisperx"', "transcribe.engine"),
    ('[transcribe]\nbeam_size = 0', "transcribe.beam_size"),
    ('[[person]]\nrole = "host"', "person[0].name"),
])
def test_bad_setting_names_file_and_key(tmp_path, extra, key):
    with pytest.raises(ConfigError) as caught:
        load_show(write(tmp_path, VALID + extra + "\n"))
    message = str(caught.value)
    assert "show.toml" in message and f"`{key}`" in message
    assert "\n" not in message


@pytest.mark.parametrize("drop, key", [("title", "title"), ("email", "email"), ("website", "website")])
def test_missing_required_value(tmp_path, drop, key):
    text = "\n".join(line for line in VALID.splitlines() if not line.startswith(drop))
    with pytest.raises(ConfigError, match=f"`{key}` is required"):
        load_show(write(tmp_path, text))


def test_bad_email_and_url(tmp_path):
    with pytest.raises(ConfigError, match="`email`"):
        load_show(write(tmp_path, VALID.replace("host@example.com", "nobody")))
    with pytest.raises(ConfigError, match="`website`"):
        load_show(write(tmp_path, VALID.replace("https://example.com", "example.com")))


def test_broken_toml_names_the_file(tmp_path):
    with pytest.raises(ConfigError, match=r"show.toml: is not valid TOML"):
        load_show(write(tmp_path, VALID + "title = \n"))


def test_missing_show_toml_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="produce init"):
        load_show(tmp_path)


def test_subcategory_and_region_accepted(tmp_path):
    show = load_show(write(tmp_path, VALID + 'language = "en-GB"\ncategories = ["Society & Culture/Philosophy"]\n'))
    assert show.categories == ("Society & Culture/Philosophy",)
