"""Shared fixtures: real projects in temporary folders, built with the real pipeline."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from reviewsite.pipeline import BuildOptions, BuildResult, build_site
from reviewsite.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@dataclass
class SiteProject:
    """A copy of a site project in a temporary folder, with helpers to edit and build it."""

    root: Path

    @property
    def project(self) -> Project:
        return Project(self.root)

    @property
    def out_dir(self) -> Path:
        return self.root / "_site"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace `old` (which must occur exactly once) with `new` in a project file."""
        text = self.read(relative)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        self.write(relative, text.replace(old, new))

    def build(self, **options) -> BuildResult:
        return build_site(self.project, BuildOptions(**options))

    def html(self, relative: str) -> str:
        return (self.out_dir / relative).read_text(encoding="utf-8")

    def soup(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(relative), "html.parser")

    def snapshot(self) -> dict[str, bytes]:
        """Return every output file's bytes (and the marker), to prove a failed build changed nothing."""
        return {p.relative_to(self.out_dir).as_posix(): p.read_bytes() for p in sorted(self.out_dir.rglob("*")) if p.is_file()}


def make_project(root: Path, content: Path = FIXTURE / "content") -> SiteProject:
    """Copy templates, static files and `content` into `root` and return the project."""
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copytree(content, root / "content")
    return SiteProject(root)


@pytest.fixture
def site(tmp_path: Path) -> SiteProject:
    """A fresh copy of the minimal fixture project, not yet built."""
    return make_project(tmp_path / "project")


@pytest.fixture
def built(site: SiteProject) -> SiteProject:
    """The minimal fixture project, built once into its _site/."""
    site.build()
    return site


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    """The minimal fixture built once per session, for read-only tests."""
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    project.build()
    return project


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    """The repository's own content, built once per session."""
    root = tmp_path_factory.mktemp("shipped") / "project"
    project = make_project(root, REPO / "content")
    project.build()
    return project


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """Return the one headless Chromium the session shares (one sync Playwright may run per thread)."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI: install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    """The minimal fixture at a known address, with an 'updated' date on Alpha Vale only (so also
    the site's content date), built once per session."""
    project = make_project(tmp_path_factory.mktemp("dated") / "project")
    project.edit("content/areas/alpha.md", "wave: first\n", "wave: first\nupdated: 2019-02-01\n")
    project.build(base_url="https://reviews.example.org/")
    return project
