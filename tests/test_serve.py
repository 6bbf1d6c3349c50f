"""The live preview: the rebuild callback, the preview web app, and the real server on 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from reviewsite.cli import main
from reviewsite.pipeline import BuildOptions
from reviewsite.serve import PreviewState, make_app, make_rebuild

ALPHA = "content/areas/alpha.md"


def get(app, path: str) -> tuple[str, dict, str]:
    """Call the WSGI app like a server would; return (status, headers, body)."""
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return captured["status"], captured["headers"], body.decode("utf-8")


@pytest.fixture
def preview(site):
    state = PreviewState()
    rebuild = make_rebuild(site.project, BuildOptions(), state)
    rebuild()
    yield site, state, rebuild, make_app(site.out_dir, state)
    rebuild.settle()


def test_an_edit_shows_up_on_the_next_request(preview):
    site, state, rebuild, app = preview
    status, headers, body = get(app, "/areas/alpha/")
    assert status == "200 OK" and headers["Cache-Control"] == "no-store"
    assert "Partners did not share a vision." in body
    site.edit(ALPHA, "Partners did not share a vision.", "Partners now share a vision.")
    rebuild()
    assert "Partners now share a vision." in get(app, "/areas/alpha/")[2]


def test_a_broken_file_keeps_the_last_good_pages_with_the_error_visible_then_recovers(preview):
    site, state, rebuild, app = preview
    site.edit(ALPHA, "wave: first", "wave: frist")
    rebuild()
    status, _, body = get(app, "/areas/alpha/")
    assert status == "200 OK" and "Partners did not share a vision." in body
    assert 'class="preview-banner failed" role="alert"' in body
    assert "content/areas/alpha.md:3: &#x27;frist&#x27; is not a known wave" in body
    assert "The last build failed" in get(app, "/matrix/")[2]
    site.edit(ALPHA, "wave: frist", "wave: first")
    rebuild()
    assert "preview-banner" not in get(app, "/areas/alpha/")[2].split("</head>")[1]
    assert state.errors == []


def test_a_removed_area_disappears_and_the_ledger_problem_is_a_warning(preview):
    site, state, rebuild, app = preview
    site.edit(ALPHA, " and\n[Beta Town](../beta/).", ".")
    site.path("content/areas/beta.md").unlink()
    rebuild()
    assert get(app, "/areas/beta/")[0] == "404 Not Found"
    assert "Beta Town" not in get(app, "/matrix/")[2].split("preview-banner")[0]
    assert any("the page /areas/beta/ (with 1 item anchor) was published but is no longer built" in w for w in state.warnings)
    assert 'class="preview-banner warned"' in get(app, "/")[2]


def test_a_renamed_theme_updates_the_matrix_and_every_page(preview):
    site, state, rebuild, app = preview
    site.edit("content/themes.yaml", "title: Hospital discharge", "title: Leaving hospital")
    rebuild()
    for path in ("/matrix/", "/areas/alpha/", "/themes/discharge/", "/themes/"):
        body = get(app, path)[2]
        assert "Leaving hospital" in body and "Hospital discharge" not in body, path


def test_preview_allows_the_livereload_script_but_the_built_files_keep_the_strict_policy(preview):
    site, state, rebuild, app = preview
    body = get(app, "/")[2]
    assert "script-src &#39;self&#39; &#39;unsafe-inline&#39;" in body
    assert "unsafe-inline" not in site.html("index.html")
    search = get(app, "/search/")[2]  # whose own policy lets Pagefind's WebAssembly run
    assert "script-src &#39;self&#39; &#39;unsafe-inline&#39; &#39;wasm-unsafe-eval&#39;" in search
    assert "unsafe-inline" not in site.html("search/index.html")


def test_serves_like_a_static_host(preview):
    site, state, rebuild, app = preview
    status, headers, _ = get(app, "/areas/alpha")
    assert status.startswith("301") and headers["Location"] == "/areas/alpha/"
    assert get(app, "/static/css/site.css")[1]["Content-Type"] == "text/css; charset=utf-8"
    assert get(app, "/data/reviews.json")[1]["Content-Type"] == "application/json; charset=utf-8"
    assert get(app, "/no/such/page/")[0] == "404 Not Found"
    assert get(app, "/../../etc/passwd")[0] == "404 Not Found"
    assert get(app, "/.reviewsite-build")[0] == "404 Not Found"


def test_a_failed_first_build_serves_an_error_page_at_every_address(site):
    site.edit(ALPHA, "wave: first", "wave: frist")
    state = PreviewState()
    make_rebuild(site.project, BuildOptions(), state)()
    app = make_app(site.out_dir, state)
    for path in ("/", "/areas/alpha/"):
        status, headers, body = get(app, path)
        assert status == "503 Service Unavailable" and headers["Content-Type"] == "text/html; charset=utf-8", path
        assert "<h1>Build failed</h1>" in body and "content/areas/alpha.md:3: &#x27;frist&#x27; is not a known wave" in body
        assert "</head>" in body, "livereload adds its script before </head>, so the page reloads once the file is fixed"
    assert not site.out_dir.exists()


def test_a_new_area_is_previewed_with_a_warning_at_each_line_left_to_fill_in(preview):
    site, state, rebuild, app = preview
    assert main(["new", "Ynys Môn"], root=site.root) == 0
    rebuild()
    status, _, body = get(app, "/areas/ynys-mon/")
    assert status == "200 OK" and "Ynys Môn" in body
    assert 'class="preview-banner warned"' in body
    lines = site.read("content/areas/ynys-mon.md").splitlines()
    assert [w.split(": ", 1)[0] for w in state.warnings if "still holds the text a new area file starts with" in w] == [
        f"content/areas/ynys-mon.md:{lines.index('  note: Not researched yet.') + 1}", f"content/areas/ynys-mon.md:{len(lines)}"]


# --- the real server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def server(site):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))}
    log = site.root / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "reviewsite", "serve", "--port", str(port)], cwd=site.root, env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: fetch(f"http://127.0.0.1:{port}/"))
        yield site, f"http://127.0.0.1:{port}", port
    finally:
        process.terminate()
        process.wait(timeout=10)
        print(log.read_text())


def test_server_rebuilds_on_change_keeps_last_good_site_and_recovers(server):
    site, base, _ = server
    assert "Partners did not share a vision." in fetch(f"{base}/areas/alpha/")
    site.edit(ALPHA, "Partners did not share a vision.", "Partners now share a vision.")
    wait_for(lambda: "Partners now share a vision." in fetch(f"{base}/areas/alpha/"))
    site.edit(ALPHA, "wave: first", "wave: frist")
    page = wait_for(lambda: next((body for body in [fetch(f"{base}/areas/alpha/")] if "preview-banner failed" in body), None))
    assert "Partners now share a vision." in page and "alpha.md:3" in page
    site.edit(ALPHA, "wave: frist", "wave: first")
    wait_for(lambda: "preview-banner" not in fetch(f"{base}/areas/alpha/").split("</head>")[1])
    assert "livereload.js" in fetch(f"{base}/")
    with urllib.request.urlopen(urllib.request.Request(f"{base}/matrix/", method="HEAD"), timeout=5) as response:
        assert response.status == 200 and response.read() == b""


def test_server_listens_on_loopback_only(server):
    _, _, port = server
    with socket.socket() as client:
        client.settimeout(2)
        # 127.0.0.2 is loopback too: it answers only if the server bound every interface.
        assert client.connect_ex(("127.0.0.2", port)) != 0


def test_pages_come_first_and_a_save_during_indexing_stops_it_until_the_index_is_current(site, monkeypatch, tmp_path):
    """The search index is made on its own thread after the pages; a newer save cancels it."""
    import threading

    import reviewsite.plan
    from reviewsite.pipeline import build_site
    from reviewsite.project import Project
    from reviewsite.search_index import IndexCancelled

    real = reviewsite.plan.index_records
    blocking = threading.Event()
    indexed: list[str] = []

    def slow_at_first(records, cancel=None):
        if not indexed:  # the first index takes until a newer save cancels it
            indexed.append("cancelled")
            blocking.set()
            assert cancel.wait(30)
            raise IndexCancelled()
        indexed.append("made")
        return real(records, cancel)

    monkeypatch.setattr(reviewsite.plan, "index_records", slow_at_first)
    reloads: list[bool] = []
    rebuild = make_rebuild(site.project, BuildOptions(), PreviewState(), on_indexed=lambda: reloads.append(True))
    rebuild()
    assert blocking.wait(30)
    assert (site.out_dir / "areas/alpha/index.html").is_file() and not (site.out_dir / "pagefind").exists()
    site.edit(ALPHA, "Partners did not share a vision.", "Partners shared no vision.")
    rebuild()
    assert "Partners shared no vision." in site.html("areas/alpha/index.html")
    rebuild.settle()
    assert indexed == ["cancelled", "made"] and reloads == [True]
    build_site(Project(site.root, output=tmp_path / "clean"), BuildOptions(preview=True, use_cache=False))
    tree = lambda folder: {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}  # noqa: E731
    assert tree(site.out_dir) == tree(tmp_path / "clean")


def test_a_long_preview_session_does_not_keep_what_each_rebuild_threw_away(site):
    """Rendering leaves reference cycles behind; the preview frees them after each rebuild, so
    that its memory stays flat over a day of saves (objects left are set aside by gc.freeze)."""
    import gc

    from reviewsite.pipeline import PreviewSession

    session = PreviewSession(site.project, BuildOptions())
    session.rebuild()
    area = site.path("content/areas/alpha.md")
    original = area.read_text(encoding="utf-8")
    kept = []
    for save in range(8):
        area.write_text(original.replace("Partners did not share a vision.", f"Partners did not share a vision ({save})."), encoding="utf-8")
        assert session.rebuild(pages_first=True).rendered
        kept.append(gc.get_freeze_count())
    assert (kept[-1] - kept[2]) / 5 < 40, kept  # objects kept per save, once the session has settled
