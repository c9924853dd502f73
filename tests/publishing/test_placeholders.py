"""A show straight from `produce init` is not published to the public with its placeholders,
nor with addresses that only work on the host's laptop; the local preview only warns."""

import re
from pathlib import Path

from click.testing import CliRunner

from pipeline.publishing import placeholders
from pipeline.cli import main
from pipeline.show.config import load_show
from pipeline.publishing.validate import address_rules, check_xml

from tests.support import REPO


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def set_publish(root: Path, lines: str) -> None:
    """Replace show.toml's storage and public_base_url with `lines` (TOML)."""
    path = root / "show.toml"
    text = re.sub(r"(?m)^#? *(storage|public_base_url) *=.*\n", "", path.read_text())
    path.write_text(text.replace("[publish]\n", f"[publish]\n{lines}\n", 1))


def test_a_new_show_names_every_placeholder(tmp_path):
    assert invoke("init", tmp_path / "show").exit_code == 0
    readiness = placeholders.check_show(load_show(tmp_path / "show"))
    named = " ".join(readiness.errors)
    for key in ("`author`", "`email`", "`title`", "`website`"):
        assert key in named, readiness.errors
    assert len(readiness.warnings) == 1 and "`publish.public_base_url`" in readiness.warnings[0]


def test_validate_on_a_new_show_exits_1_naming_the_keys(tmp_path):
    root = tmp_path / "show"
    assert invoke("init", root).exit_code == 0
    result = invoke("--show", root, "validate")
    assert result.exit_code == 1
    for key in ("author", "email", "public_base_url"):
        assert key in result.output, result.output
    assert "no problems found" not in result.output and "Traceback" not in result.output


def test_publish_to_s3_refuses_a_new_show_before_touching_storage(tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "k")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    root = tmp_path / "show"
    assert invoke("init", root).exit_code == 0
    set_publish(root, 'storage = "s3://a-bucket/podcast"\nendpoint_url = "http://127.0.0.1:9"\n'
                      'region = "us-east-1"\nretries = 1')
    result = invoke("--show", root, "publish")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "not published" in result.output and "nothing was uploaded" in result.output
    for key in ("`author`", "`email`", "`website`", "`publish.public_base_url`"):
        assert key in result.output, result.output
    assert "cannot reach the S3 endpoint" not in result.output       # refused before any request


def test_example_addresses_are_errors_for_public_storage_and_a_warning_for_the_preview(tmp_path):
    root = tmp_path / "show"
    root.mkdir()
    (root / "show.toml").write_text((REPO / "show.toml").read_text())
    preview = placeholders.check_show(load_show(root))
    assert preview.errors == [] and len(preview.warnings) == 1       # the sample show previews locally
    set_publish(root, 'storage = "s3://bucket"\npublic_base_url = "https://cdn.workbench.example/"')
    public = placeholders.check_show(load_show(root))
    assert public.warnings == []
    named = " ".join(public.errors)
    for key in ("`website`", "`email`", "`links.newsletter`", "`publish.public_base_url`"):
        assert key in named, public.errors


def test_a_folder_served_publicly_is_public(tmp_path):
    root = tmp_path / "show"
    root.mkdir()
    (root / "show.toml").write_text((REPO / "show.toml").read_text().replace(
        "http://127.0.0.1:8000/", "https://podcast.workbench-notes.net/").replace("example.com", "workbench-notes.net"))
    show = load_show(root)
    assert not placeholders.is_local_preview(show)
    assert placeholders.check_show(show) == placeholders.Readiness()


def test_addresses_on_this_machine_or_example_domains():
    for url in ("http://127.0.0.1:8000/x.mp3", "http://localhost/x", "http://[::1]:80/", "http://192.168.1.4/",
                "https://example.com/a", "https://cdn.example.org/", "http://show.test/", "you@example.com"):
        assert placeholders.local_host(url), url
    for url in ("https://cdn.workbench-notes.net/x.mp3", "https://notexample.com/", "host@fastmail.com",
                "https://example.community/"):
        assert placeholders.local_host(url) == "", url


FEED = """<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>T</title><link>https://show.net/</link>
<atom:link rel="self" href="SELF"/>
<itunes:image href="https://show.net/art.jpg"/>
<item><title>One</title><link>https://show.net/one/</link>
<enclosure url="http://127.0.0.1:8000/episodes/one/one.mp3" length="10" type="audio/mpeg"/></item>
</channel></rss>"""


def test_a_public_feed_with_a_loopback_enclosure_is_refused_and_a_preview_noted():
    _, channel = check_xml(FEED.replace("SELF", "https://show.net/feed.xml").encode())
    problems, notes = address_rules(channel)
    assert notes == [] and len(problems) == 1
    assert problems[0].rule == "Media" and "127.0.0.1" in problems[0].message and "One" in problems[0].where
    _, channel = check_xml(FEED.replace("SELF", "http://127.0.0.1:8000/feed.xml").encode())
    problems, notes = address_rules(channel)
    assert problems == [] and len(notes) == 1 and notes[0].startswith("local preview")
