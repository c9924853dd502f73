"""`produce serve`: HEAD, byte ranges and no escape from the folder, over real HTTP."""

import http.client
import threading

import pytest

from pipeline.publishing.serve import make_server, parse_range


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "public"
    (root / "episodes" / "a").mkdir(parents=True)
    (root / "episodes" / "a" / "a.mp3").write_bytes(bytes(range(256)) * 40)     # 10240 bytes
    (root / "feed.xml").write_text("<rss/>")
    (tmp_path / "show.toml").write_text("secret = true")
    httpd = make_server(root, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    httpd.server_close()


def request(port, method, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.putrequest(method, path, skip_accept_encoding=True)
    for key, value in (headers or {}).items():
        conn.putheader(key, value)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_head_and_full_get(server):
    response, body = request(server, "HEAD", "/episodes/a/a.mp3")
    assert response.status == 200 and body == b""
    assert response.getheader("Content-Length") == "10240"
    assert response.getheader("Content-Type") == "audio/mpeg"
    assert response.getheader("Accept-Ranges") == "bytes"
    response, body = request(server, "GET", "/feed.xml")
    assert response.status == 200 and body == b"<rss/>"
    assert response.getheader("Content-Type") == "application/rss+xml"


@pytest.mark.parametrize("header, first, last", [("bytes=0-99", 0, 99), ("bytes=0-", 0, 10239),
                                                 ("bytes=-100", 10140, 10239), ("bytes=10000-20000", 10000, 10239)])
def test_byte_ranges(server, header, first, last):
    response, body = request(server, "GET", "/episodes/a/a.mp3", {"Range": header})
    assert response.status == 206
    assert response.getheader("Content-Range") == f"bytes {first}-{last}/10240"
    assert response.getheader("Content-Length") == str(last - first + 1)
    assert body == (bytes(range(256)) * 40)[first:last + 1]


def test_unsatisfiable_range(server):
    response, _ = request(server, "GET", "/episodes/a/a.mp3", {"Range": "bytes=20000-"})
    assert response.status == 416
    assert response.getheader("Content-Range") == "bytes */10240"


@pytest.mark.parametrize("path", ["/../show.toml", "/%2e%2e/show.toml", "/episodes/../../show.toml",
                                  "/..%2fshow.toml", "/nothing"])
def test_never_leaves_the_folder(server, path):
    response, body = request(server, "GET", path)
    assert response.status == 404
    assert b"secret" not in body


def test_parse_range_edge_cases():
    assert parse_range("", 10) is None
    assert parse_range("bytes=-0", 10) == "bad"
    assert parse_range("bytes=5-2", 10) == "bad"
    assert parse_range("items=0-1", 10) is None


def test_a_moved_feed_answers_301_with_its_new_address(tmp_path):
    import http.client
    import threading
    from pipeline.publishing.serve import make_server
    (tmp_path / "feed.xml").write_text("<rss/>")
    (tmp_path / "other.txt").write_text("x")
    server = make_server(tmp_path, "127.0.0.1", 0, {"/feed.xml": "https://podcast.workbench-notes.net/feed.xml"})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for method in ("GET", "HEAD"):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
            connection.request(method, "/feed.xml")
            response = connection.getresponse()
            assert response.status == 301
            assert response.getheader("Location") == "https://podcast.workbench-notes.net/feed.xml"
            connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/other.txt")
        assert connection.getresponse().status == 200                    # the rest is served as before
    finally:
        server.shutdown()
        server.server_close()
