"""Publishing: a real S3 endpoint (moto's server, over HTTP) through boto3, faults injected by a
proxy in between, feeds checked by real clients' parsers, the validator, and the episode pages
in a real Chromium."""

import http.client
import json
import shutil
import socket
import socketserver
import threading
import time
from pathlib import Path

import boto3
import podcastparser
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.show.config import PublishSettings
from pipeline.publishing.s3 import S3Storage

from tests.support import FIXTURES, SAMPLE, chromium, needs_chromium, published_copy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def moto_server():
    from moto.server import ThreadedMotoServer
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))


def make_bucket(endpoint, name):
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    return client


class FaultProxy(socketserver.ThreadingTCPServer):
    """Forwards HTTP to S3, answering some requests with 503 SlowDown or a reset connection."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream_port):
        self.upstream_port, self.counter, self.lock = upstream_port, 0, threading.Lock()
        self.fail_every, self.mode, self.failed, self.methods = 0, "503", 0, {"PUT", "POST"}
        super().__init__(("127.0.0.1", 0), ProxyHandler)


class ProxyHandler(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = self.request.recv(65536)
                if not chunk:
                    return
                head += chunk
            header, _, rest = head.partition(b"\r\n\r\n")
            lines = header.decode("latin-1").split("\r\n")
            method = lines[0].split(" ")[0]
            length = next((int(l.split(":", 1)[1]) for l in lines if l.lower().startswith("content-length:")), 0)
            body = rest
            while len(body) < length:
                body += self.request.recv(65536)
            server = self.server
            with server.lock:
                server.counter += method in server.methods
                fail = server.fail_every and method in server.methods and server.counter % server.fail_every == 0
                if fail:
                    server.failed += 1
            if fail and server.mode == "503":
                message = b"<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>"
                self.request.sendall(b"HTTP/1.1 503 Slow Down\r\nContent-Length: %d\r\nContent-Type: application/xml"
                                     b"\r\n\r\n%s" % (len(message), message))
                continue
            if fail and server.mode in ("403", "gone"):
                code, status = ("AccessDenied", b"403 Forbidden") if server.mode == "403" else \
                    ("NoSuchBucket", b"404 Not Found")
                message = f"<Error><Code>{code}</Code><Message>The bucket does not allow this</Message>" \
                          f"<BucketName>b</BucketName></Error>".encode()
                self.request.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Length: %d\r\n"
                                     b"Content-Type: application/xml\r\n\r\n%s" % (len(message), message))
                continue
            if fail and server.mode == "reset":
                self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.request.close()
                return
            upstream = http.client.HTTPConnection("127.0.0.1", server.upstream_port, timeout=30)
            path = lines[0].split(" ")[1]
            headers = dict(l.split(":", 1) for l in lines[1:] if ":" in l)
            upstream.request(method, path, body=body, headers={k.strip(): v.strip() for k, v in headers.items()})
            response = upstream.getresponse()
            data = response.read()
            out = [f"HTTP/1.1 {response.status} {response.reason}"]
            for key, value in response.getheaders():
                keep_length = method == "HEAD" and key.lower() == "content-length"
                if keep_length or key.lower() not in ("transfer-encoding", "content-length", "connection"):
                    out.append(f"{key}: {value}")
            if method != "HEAD":
                out.append(f"Content-Length: {len(data)}")
            self.request.sendall(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + data)
            upstream.close()


@pytest.fixture
def proxy(moto_server):
    port = int(moto_server.rsplit(":", 1)[1])
    server = FaultProxy(port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


PUBLIC_BASE = "https://cdn.workbench-notes.net/podcast/"      # a CDN before the bucket: nothing fetches it here


def s3_show(built_show, tmp_path, endpoint, bucket) -> Path:
    root = tmp_path / "show"
    shutil.copytree(built_show, root, ignore=shutil.ignore_patterns("public", "episode.toml"))
    text = (root / "show.toml").read_text()
    text = text.replace(f'storage = "{built_show / "public"}"', f'storage = "s3://{bucket}/podcast"')
    text = text.replace('public_base_url = "http://127.0.0.1:8000/"',
                        f'public_base_url = "{PUBLIC_BASE}"\nendpoint_url = "{endpoint}"\n'
                        'region = "us-east-1"')
    (root / "show.toml").write_text(text.replace("example.com", "workbench-notes.net"))   # a public show's own
    return root


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_publish_to_s3_then_nothing_to_do(built_show, tmp_path, moto_server, aws_env):
    client = make_bucket(moto_server, "podcast-a")
    root = s3_show(built_show, tmp_path, moto_server, "podcast-a")
    result = invoke("--show", root, "publish")
    assert result.exit_code == 0, result.output
    keys = {o["Key"]: o for o in client.list_objects_v2(Bucket="podcast-a")["Contents"]}
    mp3_key = f"podcast/episodes/{SAMPLE}/{SAMPLE}.mp3"
    assert {"podcast/feed.xml", "podcast/artwork.jpg", "podcast/index.html", mp3_key} <= set(keys)
    head = client.head_object(Bucket="podcast-a", Key=mp3_key)
    assert head["ContentType"] == "audio/mpeg" and "immutable" in head["CacheControl"]
    assert head["ContentLength"] == (root / "episodes" / SAMPLE / "build" / "episode.mp3").stat().st_size
    feed_head = client.head_object(Bucket="podcast-a", Key="podcast/feed.xml")
    assert feed_head["ContentType"] == "application/rss+xml" and feed_head["CacheControl"] == "public, max-age=300"
    for name, kind in (("transcript.vtt", "text/vtt"), ("transcript.srt", "application/x-subrip"),
                       ("chapters.json", "application/json+chapters")):
        assert client.head_object(Bucket="podcast-a", Key=f"podcast/episodes/{SAMPLE}/{name}")["ContentType"] == kind
    ranged = client.get_object(Bucket="podcast-a", Key=mp3_key, Range="bytes=0-99")
    assert ranged["ContentLength"] == 100
    again = invoke("--show", root, "publish")
    assert again.exit_code == 0 and "uploaded   0 file(s)" in again.output, again.output
    feed = client.get_object(Bucket="podcast-a", Key="podcast/feed.xml")["Body"].read()
    parsed = podcastparser.parse("x", __import__("io").BytesIO(feed))
    assert parsed["episodes"][0]["enclosures"][0]["file_size"] == head["ContentLength"]


def test_multipart_upload_of_a_large_file(tmp_path, moto_server, aws_env):
    client = make_bucket(moto_server, "podcast-big")
    storage = S3Storage.from_settings(PublishSettings(storage="s3://podcast-big", endpoint_url=moto_server,
                                                      region="us-east-1"))
    big = tmp_path / "big.mp3"
    big.write_bytes(bytes(range(256)) * (20 * 1024 * 1024 // 256))          # 20 MB: three parts
    told: list[float] = []
    assert storage.put_file("episodes/x/big.mp3", big, told.append)
    assert len(told) > 3 and told == sorted(told) and told[-1] == 1.0, told[:5]      # a progress bar's fractions
    head = client.head_object(Bucket="podcast-big", Key="episodes/x/big.mp3")
    assert head["ContentLength"] == big.stat().st_size and "-" in head["ETag"]    # a multipart ETag
    assert not storage.put_file("episodes/x/big.mp3", big)                           # same bytes: skipped


@pytest.mark.parametrize("mode", ["503", "reset"])
def test_faults_are_retried(built_show, tmp_path, moto_server, proxy, aws_env, mode):
    make_bucket(moto_server, f"podcast-{mode}")
    endpoint = f"http://127.0.0.1:{proxy.server_address[1]}"
    root = s3_show(built_show, tmp_path, endpoint, f"podcast-{mode}")
    proxy.fail_every, proxy.mode = 3, mode                  # a third of the PUTs fail
    result = invoke("--show", root, "publish")
    assert result.exit_code == 0, result.output
    assert proxy.failed >= 3
    client = boto3.client("s3", endpoint_url=moto_server, region_name="us-east-1")
    feed = client.get_object(Bucket=f"podcast-{mode}", Key="podcast/feed.xml")["Body"].read()
    assert len(podcastparser.parse("x", __import__("io").BytesIO(feed))["episodes"]) == 1


def test_a_failing_store_leaves_the_old_feed(built_show, tmp_path, moto_server, proxy, aws_env):
    client = make_bucket(moto_server, "podcast-down")
    endpoint = f"http://127.0.0.1:{proxy.server_address[1]}"
    root = s3_show(built_show, tmp_path, endpoint, "podcast-down")
    (root / "show.toml").write_text((root / "show.toml").read_text().replace("[publish]\n", "[publish]\nretries = 2\n"))
    assert invoke("--show", root, "publish").exit_code == 0
    old_feed = client.get_object(Bucket="podcast-down", Key="podcast/feed.xml")["Body"].read()
    essay = root / "episodes" / SAMPLE / "essay.md"
    essay.write_text(essay.read_text().replace("title: The Script Is the Edit", "title: A New Title"))
    (root / "episodes" / SAMPLE / "build" / "episode.mp3").write_bytes(b"ID3" + b"\x00" * 5000)   # a new MP3
    data = json.loads((root / "episodes" / SAMPLE / "build" / "package.json").read_text())
    import hashlib
    data.update(size=5003, sha256=hashlib.sha256(b"ID3" + b"\x00" * 5000).hexdigest())
    (root / "episodes" / SAMPLE / "build" / "package.json").write_text(json.dumps(data))
    proxy.fail_every, proxy.mode = 1, "503"                 # S3 is down for writes
    result = invoke("--show", root, "publish", "--force")  # (the stand-in MP3 would fail the preflight)
    assert result.exit_code == 1, result.output
    assert "feed was not changed" in result.output and "Traceback" not in result.output
    assert client.get_object(Bucket="podcast-down", Key="podcast/feed.xml")["Body"].read() == old_feed
    proxy.fail_every = 0                                     # back up: the next run finishes the job
    assert invoke("--show", root, "publish", "--force").exit_code == 0
    new_feed = client.get_object(Bucket="podcast-down", Key="podcast/feed.xml")["Body"].read()
    assert b"A New Title" in new_feed and new_feed != old_feed
    toml = (root / "episodes" / SAMPLE / "episode.toml").read_text()
    assert f'media_name = "{SAMPLE}-{data["sha256"][:8]}.mp3"' in toml        # a new name for new bytes


@pytest.mark.parametrize("mode, fragment", [("403", "access denied"), ("gone", "bucket does not exist")])
def test_access_denied_or_bucket_gone_mid_run_leaves_the_old_feed(built_show, tmp_path, moto_server, proxy, aws_env,
                                                                  mode, fragment):
    bucket = f"podcast-{mode}-mid"
    client = make_bucket(moto_server, bucket)
    root = s3_show(built_show, tmp_path, f"http://127.0.0.1:{proxy.server_address[1]}", bucket)
    assert invoke("--show", root, "publish").exit_code == 0
    old_feed = client.get_object(Bucket=bucket, Key="podcast/feed.xml")["Body"].read()
    (root / "episodes" / SAMPLE / "build" / "shownotes.html").write_text("<p>new notes</p>")
    proxy.fail_every, proxy.mode, proxy.counter = 1, mode, 0       # every write from now on is refused
    result = invoke("--show", root, "publish")
    assert result.exit_code == 1 and fragment in result.output, result.output
    assert "Traceback" not in result.output
    assert client.get_object(Bucket=bucket, Key="podcast/feed.xml")["Body"].read() == old_feed


def test_missing_bucket_and_no_credentials_are_plain_errors(built_show, tmp_path, moto_server, aws_env, monkeypatch):
    root = s3_show(built_show, tmp_path, moto_server, "no-such-bucket")
    result = invoke("--show", root, "publish")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no-such-bucket" in result.output or "does not exist" in result.output
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = invoke("--show", root, "publish")
    assert result.exit_code == 1 and "credentials" in result.output
    assert "testing-secret" not in result.output


def test_guid_survives_rename_and_re_edit(built_show, tmp_path):
    root = published_copy(built_show, tmp_path / "show")
    assert invoke("--show", root, "publish").exit_code == 0
    import tomllib
    guid = tomllib.loads((root / "episodes" / SAMPLE / "episode.toml").read_text())["guid"]
    renamed = root / "episodes" / "2026-11-24-renamed"
    (root / "episodes" / SAMPLE).rename(renamed)
    edits = renamed / "edits.toml"
    edits.write_text("[[cut]]\nstart = 30.0\nend = 31.0\n")
    result = invoke("--show", root, "episode", "2026-11-24-renamed")
    assert result.exit_code == 0, result.output
    assert tomllib.loads((renamed / "episode.toml").read_text())["guid"] == guid
    with open(root / "public" / "feed.xml", "rb") as handle:
        (episode,) = podcastparser.parse("x", handle)["episodes"]
    assert episode["guid"] == guid
    assert f"/episodes/{SAMPLE}/" in episode["enclosures"][0]["url"]          # the published name stays


def test_unpublish_takes_an_episode_out_on_purpose(built_show, tmp_path):
    root = published_copy(built_show, tmp_path / "show")
    assert invoke("--show", root, "publish").exit_code == 0
    result = invoke("--show", root, "unpublish", SAMPLE)
    assert result.exit_code == 0, result.output
    with open(root / "public" / "feed.xml", "rb") as handle:
        assert podcastparser.parse("x", handle)["episodes"] == []
    assert invoke("--show", root, "publish").exit_code == 0      # the weekly job does not bring it back
    with open(root / "public" / "feed.xml", "rb") as handle:
        assert podcastparser.parse("x", handle)["episodes"] == []


def test_feed_carries_podcasting20_and_apple_tags(built_show):
    """podcastparser 0.6 knows the podcast namespace only by its old GitHub URL, so the
    Podcasting 2.0 tags (official URI https://podcastindex.org/namespace/1.0) are read
    with lxml here; podcastparser and feedparser check the rest elsewhere."""
    from lxml import etree
    ns = {"podcast": "https://podcastindex.org/namespace/1.0", "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    channel = etree.parse(str(built_show / "public" / "feed.xml")).getroot().find("channel")
    assert channel.findtext("link") == "https://example.com/workbench"
    assert channel.find("podcast:funding", ns).get("url") == "https://example.com/workbench/support"
    item = channel.find("item")
    assert item.find("podcast:chapters", ns).get("url").endswith(f"/episodes/{SAMPLE}/chapters.json")
    assert [t.get("type") for t in item.findall("podcast:transcript", ns)] == \
        ["text/vtt", "application/x-subrip", "application/json"]
    assert item.find("podcast:person", ns).text == "Produce Sample Host"
    assert item.findtext("link").endswith(f"/episodes/{SAMPLE}/")
    with open(built_show / "public" / "feed.xml", "rb") as handle:
        parsed = podcastparser.parse("http://127.0.0.1:8000/feed.xml", handle)
    assert parsed["link"] == "https://example.com/workbench"
    assert parsed["itunes_owner"]["email"] == "host@example.com"
    assert parsed["itunes_categories"] == [["Technology"], ["Society & Culture", "Philosophy"]]


NEWER_THAN_XSD = {"guid", "medium", "image", "updateFrequency", "txt", "license", "trailer", "alternateEnclosure",
                  "source"}


def test_podcast_elements_validate_against_the_namespace_xsd(built_show):
    xsd_path = FIXTURES / "feeds/schema/podcastindex_podcast.xsd"
    if not xsd_path.exists():
        pytest.skip("needs ../shared/fixtures/feeds/schema (absent in this clone)")
    import xmlschema
    from lxml import etree
    schema = xmlschema.XMLSchema(str(xsd_path))            # declares the elements without a target namespace
    root = etree.parse(str(built_show / "public" / "feed.xml")).getroot()
    podcast = "{https://podcastindex.org/namespace/1.0}"
    elements = [e for e in root.iter() if isinstance(e.tag, str) and e.tag.startswith(podcast)]
    checked = 0
    for element in elements:
        name = element.tag[len(podcast):]
        if name not in schema.elements:
            assert name in NEWER_THAN_XSD, name            # tags newer than this copy of the XSD
            continue
        bare = etree.Element(name, dict(element.attrib))
        bare.text = element.text
        schema.validate(etree.tostring(bare))
        checked += 1
    assert checked >= 8


def test_validate_passes_the_demo_feed_and_flags_a_broken_one(built_show, tmp_path):
    result = invoke("--show", built_show, "validate")
    assert result.exit_code == 0, result.output
    broken = (built_show / "public" / "feed.xml").read_text()
    broken = broken.replace("<itunes:explicit>false</itunes:explicit>", "<itunes:explicit>maybe</itunes:explicit>", 1)
    broken = broken.replace("<itunes:email>host@example.com</itunes:email>", "")
    broken = broken.replace(' length="', ' length="x', 1)
    (tmp_path / "broken.xml").write_text(broken)
    result = invoke("validate", tmp_path / "broken.xml")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any("[Apple]" in l and "itunes:explicit" in l for l in lines)
    assert any("[YouTube]" in l and "email" in l for l in lines)
    assert any("length" in l for l in lines)


def test_validate_checks_media_over_http(built_show):
    from pipeline.publishing.serve import make_server
    port = free_port()
    root = built_show / "public"
    server = make_server(root, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    feed = (root / "feed.xml").read_text().replace("http://127.0.0.1:8000/", f"http://127.0.0.1:{port}/")
    (root / "feed-local.xml").write_text(feed)
    try:
        from pipeline.publishing.validate import validate
        problems, notes = validate(f"http://127.0.0.1:{port}/feed-local.xml")
        assert problems == [] and len(notes) == 1 and notes[0].startswith("local preview:"), notes
        (root / "feed-local.xml").write_text(feed.replace(' length="', ' length="1', 1))
        problems, _ = validate(f"http://127.0.0.1:{port}/feed-local.xml")
        assert any(p.rule == "Media" and "length" in p.message for p in problems)
    finally:
        (root / "feed-local.xml").unlink()
        server.shutdown()
        server.server_close()


@needs_chromium
def test_episode_page_chapter_click_seeks_the_player(built_show, tmp_path):
    from selenium.webdriver.common.by import By
    from pipeline.publishing.serve import make_server
    root = tmp_path / "show"
    shutil.copytree(built_show, root, ignore=shutil.ignore_patterns("public"))
    port = free_port()
    text = (root / "show.toml").read_text().replace(str(built_show / "public"), str(root / "public"))
    (root / "show.toml").write_text(text.replace("http://127.0.0.1:8000/", f"http://127.0.0.1:{port}/"))
    assert invoke("--show", root, "publish").exit_code == 0
    server = make_server(root / "public", "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = chromium(tmp_path / "profile")
    try:
        driver.get(f"http://127.0.0.1:{port}/episodes/{SAMPLE}/")
        assert driver.title.startswith("The Script Is the Edit")
        driver.execute_async_script(
            "const done = arguments[0]; const p = document.getElementById('player');"
            "if (p.readyState >= 1) done(); else p.addEventListener('loadedmetadata', () => done());")
        chapters = driver.find_elements(By.CSS_SELECTOR, ".chapters button")
        assert [c.text for c in chapters][1] == "Why the script matters"
        chapters[2].click()
        time.sleep(0.5)
        position = driver.execute_script("return document.getElementById('player').currentTime")
        assert abs(position - float(chapters[2].get_attribute("data-start"))) < 1.0
        index = f"http://127.0.0.1:{port}/"
        driver.get(index)
        assert "RSS" in driver.find_element(By.CSS_SELECTOR, ".subscribe").text
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
