"""S3 storage's error boundary: what S3 and the network do becomes a plain PublishError
naming the key; anything else is a bug and is not dressed up as the host's mistake."""

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from click.testing import CliRunner

from pipeline.publishing import s3
from pipeline.cli import main
from pipeline.errors import PublishError

from tests.support import published_copy


class BrokenClient:
    """A test double whose calls fail the way a programming error would."""

    def head_object(self, **kwargs):
        raise TypeError("head_object() got an unexpected keyword argument 'Bucket'")

    put_object = get_object = upload_file = head_object


class DownClient:
    """A client whose endpoint cannot be reached, and that refuses writes."""

    def head_object(self, **kwargs):
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")

    def put_object(self, **kwargs):
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "PutObject")


def storage(client) -> s3.S3Storage:
    return s3.S3Storage("bucket", "podcast", client, "https://cdn.workbench-notes.net/podcast/")


def test_a_bug_inside_the_client_is_not_a_publish_error():
    with pytest.raises(TypeError):
        storage(BrokenClient()).put_bytes("feed.xml", b"<rss/>")


def test_s3_failures_are_plain_errors_naming_the_key():
    with pytest.raises(PublishError, match="cannot reach the S3 endpoint") as caught:
        storage(DownClient()).size("episodes/a/a.mp3")
    assert "episodes/a/a.mp3" in str(caught.value)
    assert isinstance(caught.value.__cause__, EndpointConnectionError)       # kept for --verbose


@pytest.mark.parametrize("verbose", [False, True])
def test_the_cli_calls_a_bug_an_internal_error(built_show, tmp_path, monkeypatch, verbose):
    root = published_copy(built_show, tmp_path / "show")
    toml = root / "show.toml"
    toml.write_text(toml.read_text().replace(f'storage = "{root / "public"}"', 'storage = "s3://bucket/podcast"')
                    .replace("http://127.0.0.1:8000/", "https://cdn.workbench-notes.net/podcast/")
                    .replace("example.com", "workbench-notes.net"))
    monkeypatch.setattr(s3.S3Storage, "from_settings", classmethod(lambda cls, settings: storage(BrokenClient())))
    result = CliRunner().invoke(main, ["--show", str(root), *(["--verbose"] if verbose else []), "publish"])
    assert result.exit_code == 70, result.output
    assert "internal error: TypeError: head_object() got an unexpected keyword" in result.output
    assert "show.toml" not in result.output and "credentials" not in result.output
    assert ("Traceback" in result.output) is verbose
