"""The live preview: build, serve the output on 127.0.0.1, rebuild on every change.

Rebuilds run on their own thread, so the server keeps answering with the last good site while
one runs; each renders only what the change affects, updates files in place, and then reloads
the browsers. A rebuild that fails keeps the last good site on disk and in the browser, and the preview shows
the same `path:line: message` errors in a banner on every page until a rebuild succeeds. The
served files are exactly what `build` writes; the banner, a no-store cache header and a CSP that
admits livereload's injected script are added at serve time only.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
import posixpath
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from markupsafe import escape

from reviewsite.errors import BUILD_COMMAND, BuildFailed, SiteError
from reviewsite.load import is_ignored_name
from reviewsite.pipeline import BuildOptions, BuildResult, PreviewSession
from reviewsite.project import Project
from reviewsite.render import CONTENT_SECURITY_POLICY, SEARCH_CONTENT_SECURITY_POLICY
from reviewsite.search_index import IndexCancelled

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
# watchfiles yields a batch of changes once this long has passed without another change.
WATCH_STEP_MS = 10
WATCH_DEBOUNCE_MS = 400
WATCH_TIMEOUT_MS = 250  # how often watchfiles reports that nothing happened
RELOAD_POLL_MS = 25
PREVIEW_CSS_PATH = "/__preview__/preview.css"
PREVIEW_CSS = b"""
.preview-banner { margin: 0; padding: 1rem; border-bottom: 4px solid #1b1b1b; font: 1rem/1.4 system-ui, sans-serif; }
.preview-banner.failed { background: #fde2df; color: #1b1b1b; }
.preview-banner.warned { background: #fff7bf; color: #1b1b1b; }
.preview-banner pre { white-space: pre-wrap; margin: 0.5rem 0 0; font: 0.9rem/1.4 ui-monospace, monospace; }
"""

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


@dataclass
class PreviewState:
    """What the last rebuild reported; shared by the rebuild thread and the web app."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def make_rebuild(project: Project, options: BuildOptions, state: PreviewState, session: PreviewSession | None = None,
                 on_indexed: Callable[[], None] | None = None) -> PreviewRebuilds:
    """Return the rebuild function: bring the preview up to date, never raise, record what happened.

    The build state stays in memory between calls, so each rebuild renders only the outputs its
    changes affect, and writes only files whose bytes changed. The search index follows on a
    thread of its own (see PreviewRebuilds); `on_indexed` is called once it is in place.
    """
    return PreviewRebuilds(project, session or PreviewSession(project, options), state, on_indexed)


class PreviewRebuilds:
    """Rebuilds for the preview: the pages at once, then the search index and the site-wide data
    files in the background.

    Those take seconds on a large site, so a save is never kept waiting for them: each rebuild
    first stops the one still running for an earlier save, brings the pages up to date while
    the last index and data files stay in place, and then starts making them again. Once they
    are in place, the folder is exactly what `build` writes.
    """

    def __init__(self, project: Project, session: PreviewSession, state: PreviewState, on_indexed: Callable[[], None] | None) -> None:
        self.project, self.session, self.state, self.on_indexed = project, session, state, on_indexed
        self._indexing: threading.Thread | None = None
        self._cancel = threading.Event()

    def __call__(self) -> None:
        self._stop_indexing()
        result = self._run(lambda: self.session.rebuild(pages_first=True))
        if result is not None:
            logger.info("Rebuilt %d pages in %.3f s (%d rendered, %d written).", result.pages, result.seconds, result.rendered, result.written)
        if result is not None and result.pending:
            self._cancel = threading.Event()
            self._indexing = threading.Thread(target=self._index, args=(self._cancel,), name="search-index", daemon=True)
            self._indexing.start()

    def settle(self) -> None:
        """Wait until the search index is up to date (or its indexing was stopped)."""
        if self._indexing is not None:
            self._indexing.join()

    def _stop_indexing(self) -> None:
        self._cancel.set()
        self.settle()

    def _index(self, cancel: threading.Event) -> None:
        try:
            result = self._run(lambda: self.session.rebuild(cancel=cancel))
        except IndexCancelled:
            return  # a newer rebuild will index again
        if result is None:
            return
        logger.info("Updated the search index in %.3f s (%d files written).", result.seconds, result.written)
        if self.on_indexed is not None:
            self.on_indexed()

    def _run(self, build: Callable[[], BuildResult]) -> BuildResult | None:
        state = self.state
        try:
            result = build()
        except BuildFailed as failure:
            state.errors = [str(error) for error in failure.errors]
            logger.error("Build failed; still serving the last good site.\n%s", failure)
            return None
        except SiteError as error:
            state.errors = [str(error)]
            logger.error("Build failed; still serving the last good site.\n%s", error)
            return None
        except IndexCancelled:
            raise
        except Exception:  # the preview must survive our own bugs too; show them in full
            logger.exception("Build crashed; still serving the last good site.")
            state.errors = ["The build crashed with an internal error; see the terminal for the traceback."]
            return None
        state.errors = []
        state.warnings = [str(warning) for warning in result.warnings]
        for warning in state.warnings:
            logger.warning("%s", warning)
        if state.warnings:
            logger.warning("%s now holds a preview that `build` would refuse; run `%s` before publishing it.", self.project.label(self.project.out_dir), BUILD_COMMAND)
        return result


def make_app(out_dir: Path, state: PreviewState) -> WSGIApp:
    """Return a WSGI app serving `out_dir` like a static host, with the preview banner added."""

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = unquote(environ.get("PATH_INFO") or "/")
        head = environ.get("REQUEST_METHOD") == "HEAD"
        if path == PREVIEW_CSS_PATH:
            return _respond(start_response, "200 OK", "text/css; charset=utf-8", PREVIEW_CSS, head)
        found = _locate(out_dir, path)
        if isinstance(found, str):
            start_response("301 Moved Permanently", [("Location", found), ("Content-Length", "0")])
            return [b""]
        status = "200 OK" if found is not None else "404 Not Found"
        file = found if found is not None else out_dir / "404.html"
        if not file.is_file():
            if state.errors:  # nothing was ever built: every address shows why
                return _respond(start_response, "503 Service Unavailable", "text/html; charset=utf-8", _error_page(state), head)
            return _respond(start_response, status, "text/html; charset=utf-8", b"Not found", head)
        data = file.read_bytes()
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            data = add_preview_banner(data.decode("utf-8"), state).encode("utf-8")
        if content_type.startswith("text/") or content_type in ("application/json", "application/javascript"):
            content_type += "; charset=utf-8"
        return _respond(start_response, status, content_type, data, head)

    return app


def add_preview_banner(page: str, state: PreviewState) -> str:
    """Add the build status banner and a preview-only CSP that lets livereload's script run."""
    # livereload injects an inline <script>; the published CSP rightly forbids inline scripts.
    for policy in (CONTENT_SECURITY_POLICY, SEARCH_CONTENT_SECURITY_POLICY):
        published = str(escape(policy))
        if published in page:
            page = page.replace(published, published.replace("script-src &#39;self&#39;", "script-src &#39;self&#39; &#39;unsafe-inline&#39;"), 1)
            break
    page = page.replace("</head>", f'<link rel="stylesheet" href="{PREVIEW_CSS_PATH}">\n</head>', 1)
    banner = _banner(state)
    if banner:
        start = page.find(">", page.find("<body")) + 1
        page = page[:start] + banner + page[start:]
    return page


def serve(project: Project, options: BuildOptions, port: int) -> int:
    """Build, then serve and rebuild on changes until interrupted. Returns an exit code."""
    from livereload import Server

    _check_port_free(port)
    _log_to_terminal()
    state = PreviewState()
    session = PreviewSession(project, options)
    reloads = _browser_reloads()
    rebuild = make_rebuild(project, options, state, session, on_indexed=reloads.request)
    rebuild()
    server = Server(app=make_app(project.out_dir, state), watcher=reloads)
    stop = threading.Event()
    watching = threading.Thread(target=rebuild_on_changes, args=(project, rebuild, reloads, stop, session.is_current), name="rebuilds", daemon=True)
    watching.start()
    logger.info("Previewing on http://%s:%d/ (Ctrl+C to stop)", HOST, port)
    try:
        server.serve(host=HOST, port=port, debug=False, restart_delay=0)
    finally:
        stop.set()
    return 0


def rebuild_on_changes(project: Project, rebuild: Callable[[], None], reloads, stop: threading.Event, is_current: Callable[[], bool]) -> None:
    """Rebuild whenever files change, away from the server's event loop, then reload browsers.

    Changes that arrive while a rebuild runs are gathered and handled by one more rebuild, so a
    burst of saves costs at most two. Changes made before the watch began (while the first
    build ran) are caught by comparing file stamps once it has.
    """
    import watchfiles

    folders = [str(folder) for folder in (project.content_dir, project.templates_dir, project.static_dir) if folder.is_dir()]
    watching = False
    for changes in watchfiles.watch(*folders, watch_filter=_is_watched, step=WATCH_STEP_MS, debounce=WATCH_DEBOUNCE_MS, stop_event=stop,
                                    raise_interrupt=False, yield_on_timeout=True, rust_timeout=WATCH_TIMEOUT_MS):
        if not changes and (watching or is_current()):
            watching = True
            continue
        watching = True
        rebuild()
        reloads.request()


def _is_watched(change: object, path: str) -> bool:
    return not is_ignored_name(os.path.basename(path))


def _browser_reloads():
    """Return a BrowserReloads (made here, as its base class comes with livereload)."""
    from livereload.watcher import Watcher

    class BrowserReloads(Watcher):
        """Stands in for livereload's file watcher: the server asks it every few milliseconds
        whether to reload the browsers, and it says yes once a rebuild has put its files in place."""

        def __init__(self) -> None:
            super().__init__()
            self._pending = threading.Event()
            self._tasks = {"rebuilds": None}  # livereload watches the working folder when this is empty

        def request(self) -> None:
            self._pending.set()

        def watch(self, *args: object, **kwargs: object) -> None:
            pass

        def examine(self) -> tuple[str | None, None]:
            self._changes.clear()
            if self._pending.is_set():
                self._pending.clear()
                # livereload reloads at once, whatever the time of the last reload, for this name.
                self.filepath = "__livereload__"
                return self.filepath, None
            return None, None

        def start(self, callback: Callable[[], None]) -> bool:
            from tornado.ioloop import PeriodicCallback

            PeriodicCallback(callback, RELOAD_POLL_MS).start()
            return True  # we schedule our own polling

    return BrowserReloads()


def _check_port_free(port: int) -> None:
    """Raise SiteError before building if the preview's address cannot be used."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            raise SiteError(f"cannot serve on http://{HOST}:{port}/: {error.strerror or error}; try another --port") from None


def _log_to_terminal() -> None:
    # livereload and tornado bring their own handlers; ours prints build results once, plainly.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    package = logging.getLogger("reviewsite")
    package.addHandler(handler)
    package.setLevel(logging.INFO)
    package.propagate = False


def _locate(out_dir: Path, path: str) -> Path | str | None:
    """Return the file for a URL path, a redirect target (str) for a folder without '/', or None."""
    clean = posixpath.normpath("/" + path.lstrip("/"))
    if "\x00" in clean or any(part.startswith(".") for part in clean.split("/") if part):
        return None
    target = out_dir / clean.lstrip("/")
    if target.is_dir():
        if not path.endswith("/"):
            return path + "/"
        target = target / "index.html"
    return target if target.is_file() else None


def _banner(state: PreviewState) -> str:
    if state.errors:
        items = html.escape("\n".join(state.errors))
        return (f'<div class="preview-banner failed" role="alert"><strong>The last build failed, so this is the last good build.</strong> '
                f"Fix these and save; the page reloads by itself.<pre>{items}</pre></div>")
    if state.warnings:
        items = html.escape("\n".join(state.warnings))
        return f'<div class="preview-banner warned" role="status"><strong>Preview only: a real build would stop on these.</strong><pre>{items}</pre></div>'
    return ""


def _error_page(state: PreviewState) -> bytes:
    page = ('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Build failed</title></head>'
            f"<body><h1>Build failed</h1>{_banner(state)}</body></html>")
    return page.encode("utf-8")


def _respond(start_response: Callable, status: str, content_type: str, body: bytes, head: bool = False) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", "0" if head else str(len(body))), ("Cache-Control", "no-store")])
    return [b""] if head else [body]
