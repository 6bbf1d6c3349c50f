"""The preview is never stale: after any sequence of edits, what it serves is byte-identical to a
clean build of the same content.

Hypothesis applies random sequences of edits (texts, ids, themes, areas added and deleted, names
that reorder the areas, templates, static files, settings, redirects); after each, the preview
rebuilds incrementally in place and its folder is compared with a fresh build without a cache:
its pages at once, and the search index (which the preview makes after the pages) once made.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURE, make_project
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from reviewsite.errors import BuildFailed
from reviewsite.pipeline import BuildOptions, PreviewSession, build_site
from reviewsite.project import Project
from reviewsite.tables import SITE_TABLES, TABLES
from reviewsite.urls import DATA_URL, SQLITE_URL, output_file, table_url

pytestmark = pytest.mark.property
ALPHA = "content/areas/alpha.md"
BETA = "content/areas/beta.md"
GAMMA = "content/areas/gamma.md"
THEMES = "content/themes.yaml"
WORDS = st.text(alphabet="abcdefgh <>&\"'é", min_size=1, max_size=12).map(str.strip).filter(bool)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class PreviewEdits(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.temporary = Path(tempfile.mkdtemp(prefix="preview-"))
        self.site = make_project(self.temporary / "project")
        self.session = PreviewSession(self.site.project, BuildOptions())
        self.session.rebuild()

    def teardown(self) -> None:
        shutil.rmtree(self.temporary, ignore_errors=True)

    def replace(self, relative: str, old: str, new: str) -> None:
        path = self.site.path(relative)
        if path.exists() and old in (text := path.read_text(encoding="utf-8")):
            path.write_text(text.replace(old, new, 1), encoding="utf-8")

    # --- edits -------------------------------------------------------------------------------

    @rule(words=WORDS)
    def reword_a_finding(self, words):
        text = self.site.read(ALPHA)
        start = text.index("text: ", text.index("- id: no-shared-vision")) + 6
        end = text.index("\n", start)
        self.site.write(ALPHA, text[:start] + '"' + words.replace('"', "") + '"' + text[end:])

    @rule(new_id=st.sampled_from(["keen-staff", "keen-people", "staff-keen"]))
    def rename_an_item_id(self, new_id):
        text = self.site.read(ALPHA)
        for old in ("keen-staff", "keen-people", "staff-keen"):
            text = text.replace(f"- id: {old}\n", f"- id: {new_id}\n")
        self.site.write(ALPHA, text)

    @rule(themes=st.sampled_from(["[workforce]", "[leadership]", "[discharge, leadership]"]))
    def retag_an_item(self, themes):
        text = self.site.read(ALPHA)
        start = text.index("themes: ", text.index("- id: joint-plan")) + 8
        self.site.write(ALPHA, text[:start] + themes + text[text.index("\n", start):])

    @rule()
    def remove_the_workforce_theme(self):
        self.replace(THEMES, "  - slug: workforce\n    group: system\n    title: Workforce\n    description: Staff across health and care.\n", "")
        for path in (ALPHA, BETA, GAMMA):
            for old, new in (("[discharge, workforce]", "[discharge]"), ("[workforce]", "[leadership]")):
                while self.site.path(path).exists() and old in self.site.read(path):
                    self.replace(path, old, new)

    @rule(title=WORDS)
    def retitle_a_theme(self, title):
        text = self.site.read(THEMES)
        start = text.index("title: ", text.index("slug: discharge")) + 7
        self.site.write(THEMES, text[:start] + '"' + title.replace('"', "") + '"' + text[text.index("\n", start):])

    @rule(name=st.sampled_from(["Beta Town", "Aardvark Town", "Zed Town"]))
    def rename_an_area_to_reorder_the_list(self, name):
        if not self.site.path(BETA).exists():
            return
        text = self.site.read(BETA)
        start = text.index("name: ") + 6
        self.site.write(BETA, text[:start] + name + text[text.index("\n", start):])

    @rule()
    def add_an_area(self):
        beta = (FIXTURE / BETA).read_text(encoding="utf-8")
        self.site.write(GAMMA, beta.replace("name: ", "name: Gamma ", 1).replace("good-relationships", "gamma-item"))

    @rule()
    def delete_an_area(self):
        self.site.path(GAMMA).unlink(missing_ok=True)

    @rule()
    def delete_the_linked_area(self):
        self.site.path(BETA).unlink(missing_ok=True)

    @rule()
    def restore_the_linked_area(self):
        if not self.site.path(BETA).exists():
            shutil.copy(FIXTURE / BETA, self.site.path(BETA))

    @rule(words=WORDS)
    def edit_a_template(self, words):
        text = self.site.read("templates/area.html")
        marker = "<!-- edit -->"
        if marker in text:
            text = text[: text.index(marker)] + text[text.index("\n", text.index(marker)) + 1:]
        self.site.write("templates/area.html", text.replace("{% block content %}\n", "{% block content %}\n" + marker + " " + words.replace("{", "") + "\n", 1))

    @rule(colour=st.sampled_from(["#111", "#222", "#333"]))
    def edit_the_stylesheet(self, colour):
        self.site.write("static/css/extra.css", f"body {{ color: {colour}; }}\n")

    @rule(title=WORDS)
    def retitle_the_site(self, title):
        text = self.site.read("content/site.yaml")
        start = text.index("title: ") + 7
        self.site.write("content/site.yaml", text[:start] + '"' + title.replace('"', "") + '"' + text[text.index("\n", start):])

    @rule(words=WORDS)
    def edit_the_about_page(self, words):
        text = self.site.read("content/pages/about.md")
        self.site.write("content/pages/about.md", text.rstrip("\n").rsplit("\n", 1)[0] + "\n" + words.replace("#", "") + "\n")

    @rule(path=st.sampled_from([ALPHA, BETA, "content/pages/about.md"]), date=st.sampled_from(["", "2020-01-05", "2021-06-30"]))
    def date_a_file(self, path, date):
        """Pages show when their content, or the site's, last changed."""
        if not self.site.path(path).exists():
            return
        text = re.sub(r"\nupdated: .*", "", self.site.read(path))
        self.site.write(path, text.replace("---\n", f"---\nupdated: {date}\n", 1) if date else text)

    @rule(redirect=st.sampled_from(["", "- from: /areas/beta/\n  to: /areas/alpha/\n", "- from: /areas/alpha/#finding-keen-staff\n  removed: Withdrawn.\n"]))
    def set_redirects(self, redirect):
        self.site.write("content/redirects.yaml", redirect)

    @rule(words=WORDS, name=st.sampled_from(["Aardvark Town", "Zed Town"]), new_id=st.sampled_from(["keen-people", "staff-keen"]))
    def burst_of_saves(self, words, name, new_id):
        """Several files change before one rebuild, as when an editor saves all."""
        self.rename_an_item_id(new_id)
        self.retitle_a_theme(words)
        self.rename_an_area_to_reorder_the_list(name)
        self.add_an_area()
        self.edit_a_template(words)

    # --- the invariant: every rebuild gives what a clean build gives --------------------------

    @invariant()
    def preview_equals_a_clean_build(self):
        """As the preview does it: the pages at once, the search index and data files after them."""
        clean = self.temporary / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        try:
            pages = self.session.rebuild(pages_first=True)
        except BuildFailed:
            with pytest.raises(BuildFailed):
                build_site(Project(self.site.root, output=clean), BuildOptions(preview=True, use_cache=False))
            return
        build_site(Project(self.site.root, output=clean), BuildOptions(preview=True, use_cache=False))
        assert without_later_files(tree(self.site.out_dir)) == without_later_files(tree(clean))
        settled = self.session.rebuild()
        assert not settled.pending and (settled.written > 0) == pages.pending
        assert tree(self.site.out_dir) == tree(clean)


LATER_FILES = {output_file(url) for url in (DATA_URL, SQLITE_URL, *(table_url(table.name) for table in TABLES if table.name not in SITE_TABLES))}


def without_later_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """Everything but what the preview makes after the pages (the search index and the site-wide
    data files) and the service worker, whose cache name counts the index's files."""
    return {path: data for path, data in files.items() if not path.startswith("pagefind/") and path != "sw.js" and path not in LATER_FILES}


TestPreviewIsNeverStale = PreviewEdits.TestCase
TestPreviewIsNeverStale.settings = settings(max_examples=15, stateful_step_count=10, deadline=None,
                                            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
