"""Hostile and broken content: a precise error or safe output, and the previous site intact."""

import os
import time
import tracemalloc

import pytest
from hostile import PAYLOADS, site_problems

from reviewsite.errors import BuildFailed
from reviewsite.load import MAX_FILE_BYTES

ALPHA = "content/areas/alpha.md"
BETA = "content/areas/beta.md"


def errors_after(project, action=None) -> list[str]:
    """Build (after `action`), expect failure with the old site byte-identical; return error texts."""
    before = project.snapshot()
    if action:
        action()
    with pytest.raises(BuildFailed) as info:
        project.build()
    assert project.snapshot() == before
    return [str(error) for error in info.value.errors]


# --- broken structure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "content/areas/beta.md: the file is empty\n  hint: start it with front matter between two '---' lines"),
        ("name: Beta\n", "content/areas/beta.md:1: the file does not start with front matter\n  hint: the first line must be '---', followed by the YAML keys and another '---' line"),
        ("---\nname: Beta\n", "content/areas/beta.md:1: the front matter that opens at line 1 is never closed\n  hint: add a line '---' after the last YAML key"),
        ("---\nname: Beta\nwave: [first\n---\nBody\n", "content/areas/beta.md:4: invalid YAML: expected ',' or ']', but got '<stream end>'"),
        ("---\n- name: Beta\n---\n", "content/areas/beta.md:2: expected a mapping of keys and values, found a list"),
        ("---\nname: Beta\n\tname: Again\n---\n", "content/areas/beta.md:3: invalid YAML: found character '\\t' that cannot start any token\n  hint: indent with spaces, not tabs"),
    ],
    ids=["empty", "no-front-matter", "never-closed", "invalid-yaml-line-of-file", "list-not-mapping", "tab-indent"],
)
def test_broken_structure(built, text, expected):
    assert errors_after(built, lambda: built.write(BETA, text))[0] == expected


def test_a_list_where_a_mapping_belongs(built):
    errors = errors_after(built, lambda: built.edit(ALPHA, "published:\n  date: 2017-11-10\n  source: https://example.org/alpha-release\n", "published: [2017-11-10]\n"))
    assert errors == ["content/areas/alpha.md:4: published: expected a mapping of keys and values, found a list"]


# --- YAML traps --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["no", "Yes", "off", "ON", "2017-11-10", "1.0", "010", "null-ish", "0x1F"])
def test_values_yaml_would_guess_at_stay_the_text_written(site, value):
    site.edit(BETA, "name: Beta Town", f"name: {value}")
    site.edit(BETA, "text: Leaders related well to each other.", f"text: {value}")
    site.build()
    page = site.soup("areas/beta/index.html")
    assert page.h1.get_text() == value
    assert page.select_one("#finding-good-relationships .item-text").get_text() == value


def test_a_boolean_where_a_choice_belongs_is_an_error(built):
    assert errors_after(built, lambda: built.edit(BETA, "kind: strength", "kind: yes")) == [
        "content/areas/beta.md:14: finding 'good-relationships': 'yes' is not a known kind\n  hint: choose one of 'concern', 'strength'"
    ]


def test_alias_bomb_fails_fast_with_bounded_memory(built):
    names = [f"l{i}" for i in range(12)]
    lines = [f"{names[0]}: &{names[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{name}: &{name} [{', '.join('*' + names[i] for _ in range(9))}]" for i, name in enumerate(names[1:])]
    bomb = "---\n" + "\n".join(lines) + "\n---\n"
    tracemalloc.start()
    started = time.perf_counter()
    errors = errors_after(built, lambda: built.write(BETA, bomb))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 5 and peak < 50_000_000
    assert "content/areas/beta.md:2: YAML anchors (&l0) are not allowed\n  hint: write each value out in full" in errors


def test_tags_asking_for_python_objects_are_never_constructed(built, tmp_path):
    marker = tmp_path / "pwned"
    payload = f"name: !!python/object/apply:os.system ['touch {marker}']"
    errors = errors_after(built, lambda: built.edit(BETA, "name: Beta Town", payload))
    assert "content/areas/beta.md:2: YAML tags (!!python/object/apply:os.system) are not allowed\n  hint: remove the tag; values are read as plain text" in errors
    assert not marker.exists()


# --- bad values: paths that try to leave the output folder -------------------------------------------


@pytest.mark.parametrize("bad", ["../../etc", "/etc/passwd", "a\\b", "a.b", "..", "UPPER"])
def test_ids_and_slugs_cannot_leave_the_output_folder(built, bad):
    errors = errors_after(built, lambda: (built.edit(BETA, "- id: good-relationships", f"- id: '{bad}'"),
                                          built.edit("content/themes.yaml", "  - slug: workforce", f"  - slug: '{bad}'")))
    assert any(f"'{bad}' is not a valid id" in e for e in errors)
    assert any(f"'{bad}' is not a valid slug" in e for e in errors)


def test_redirect_paths_cannot_escape_or_collide(built):
    built.write("content/redirects.yaml", "- from: /../../etc/\n  to: /\n- from: /static/css/site.css/\n  to: /\n")
    errors = errors_after(built)
    assert errors[0].startswith("content/redirects.yaml:1: redirect 1: '/../../etc/' is not a URL of this site")
    built.write("content/redirects.yaml", "- from: /static/css/site.css/\n  to: /\n")
    assert errors_after(built)[0].startswith("static/css/site.css: this output path would have to be both a file and a folder")


# --- hostile text ------------------------------------------------------------------------------------


def plant_everywhere(project, payload: str) -> None:
    """Put `payload` in every free-text field and the Markdown of the fixture."""
    quoted = '"' + payload.replace("\\", "\\\\").replace('"', '\\"') + '"'
    edits = {
        ALPHA: [("name: Alpha Vale\n", f"name: {quoted}\n"), ("title: Alpha Vale review published", f"title: {quoted}"),
                ("publisher: Example Documents", f"publisher: {quoted}"), ("text: Partners did not share a vision.", f"text: {quoted}"),
                ("text: Agree one plan across the system.", f"text: {quoted}"), ("note: Said on publication day.", f"note: {quoted}"),
                ("role: Local authority", f"role: {quoted}"), ("name: Alpha Vale Council", f"name: {quoted}"),
                ("review_type: On-site progress review", f"review_type: {quoted}"), ("text: The report's full list was not available.", f"text: {quoted}"),
                ("text: 4 to 8 September 2017", f"text: {quoted}"),
                ("Alpha Vale's partners did not share a vision.", payload)],
        BETA: [("note: On or before 19 December 2017.", f"note: {quoted}")],
        "content/themes.yaml": [("title: Leadership", f"title: {quoted}"), ("description: Shared vision and leadership.", f"description: {quoted}")],
        "content/site.yaml": [("title: Test reviews", f"title: {quoted}"), ("text: Test text under CC BY 4.0.", f"text: {quoted}"),
                              ("description: The first areas.", f"description: {quoted}")],
        "content/pages/about.md": [("A test site.", payload), ("title: About", f"title: {quoted}")],
    }
    for path, replacements in edits.items():
        for old, new in replacements:
            project.edit(path, old, new)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_every_field_stays_text(site, payload):
    plant_everywhere(site, payload)
    site.build()
    assert site_problems(site.out_dir) == []
    assert payload in site.soup("areas/alpha/index.html").h1.get_text()


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "java script:alert(1)", "&#106;avascript:alert(1)", "vbscript:x", "data:text/html;base64,PHNjcmlwdD4=", " javascript:alert(1)"],
)
def test_unsafe_urls_in_yaml_are_refused(built, url):
    errors = errors_after(built, lambda: built.edit(BETA, "  - url: https://example.org/beta-news", f"  - url: '{url}'"))
    assert errors[0].startswith(f"content/areas/beta.md:9: source 1: '{url.strip()}' is not a valid web address")


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#x6A;avascript:alert(1)", "vbscript:x", "data:text/html;base64,PHNjcmlwdD4="],
)
def test_unsafe_links_and_images_in_markdown_are_refused(built, link):
    errors = errors_after(built, lambda: built.edit(BETA, "Little is known", f"[click](<{link}>) and ![x](https://example.org/x.png) Little is known"))
    assert [e.split("\n")[0] for e in errors] == [
        "content/areas/beta.md:20: images are not supported in content",
        f"content/areas/beta.md:20: link scheme '{link.split(':')[0].lower().replace('&#x6a;', 'j')}:' is not allowed",
    ]


# --- encoding ---------------------------------------------------------------------------------------


def test_non_utf8_bytes_are_a_clear_error_naming_the_file_and_line(built):
    data = built.path(BETA).read_bytes().replace(b"Little is known", b"Little is \x92known")
    errors = errors_after(built, lambda: built.path(BETA).write_bytes(data))
    assert errors == ["content/areas/beta.md:20: the file is not valid UTF-8 (byte 0x92 cannot be decoded)\n  hint: save the file with UTF-8 encoding"]


def test_byte_order_mark_and_windows_line_endings_are_accepted(built):
    normal = built.snapshot()
    for path in (ALPHA, BETA, "content/site.yaml"):
        text = built.read(path)
        built.path(path).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    built.build()
    assert built.snapshot() == normal
    built.edit(ALPHA, "wave: first", "wave: frist")
    assert errors_after(built)[0].startswith("content/areas/alpha.md:3: 'frist' is not a known wave")


def test_unusual_unicode_names_render_and_slug_safely(site):
    site.edit(BETA, "name: Beta Town", "name: Brighton & Hove")
    site.edit(ALPHA, "name: Alpha Vale\n", "name: Ynys Môn\n")
    site.build()
    assert site.soup("areas/beta/index.html").h1.get_text() == "Brighton & Hove"
    assert "Brighton &amp; Hove" in site.html("areas/beta/index.html")
    assert site.soup("areas/alpha/index.html").h1.get_text() == "Ynys Môn"


def test_invisible_direction_overrides_are_refused(built):
    errors = errors_after(built, lambda: built.edit(BETA, "name: Beta Town", "name: Beta \u202eTown"))
    assert errors == ["content/areas/beta.md:2: 'name' contains an invisible control character (U+202E)"]


# --- files -------------------------------------------------------------------------------------------


def test_a_very_large_file_is_rejected_quickly(built):
    started = time.perf_counter()
    errors = errors_after(built, lambda: built.write(BETA, "---\nname: x\n---\n" + "x" * (MAX_FILE_BYTES + 1)))
    assert time.perf_counter() - started < 5
    assert errors == [f"content/areas/beta.md: the file is {MAX_FILE_BYTES + 17:,} bytes; the limit is {MAX_FILE_BYTES:,}\n  hint: split the content or remove what does not belong in it"]


def test_a_symlink_out_of_content_is_refused(built, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(built.read(BETA).replace("Beta Town", "Gamma"), encoding="utf-8")
    errors = errors_after(built, lambda: os.symlink(outside, built.path("content/areas/gamma.md")))
    assert errors == ["content/areas/gamma.md: the file is a symbolic link to a place outside the content folder\n  hint: copy the file into content/ instead of linking to it"]


def test_an_unreadable_file_is_an_error(built, monkeypatch):
    original = type(built.path(BETA)).open

    def refuse(self, *args, **kwargs):
        if self.name == "beta.md":
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(built.path(BETA)), "open", refuse)
    # Losing read permission changes the file's status-change time, so the build looks again.
    stat = built.path(BETA).stat()
    os.utime(built.path(BETA), ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert errors_after(built) == ["content/areas/beta.md: the file cannot be read: Permission denied"]


def test_a_fifo_is_refused_without_hanging(built):
    errors = errors_after(built, lambda: os.mkfifo(built.path("content/areas/gamma.md")))
    assert errors == ["content/areas/gamma.md: this is not a regular file"]


def test_stray_files_are_reported_and_editor_files_ignored(built):
    def plant():
        built.write("content/areas/notes.txt", "todo")
        built.write("content/areas/.beta.md.swp", "swap")
        built.write("content/areas/beta.md~", "backup")
        built.path("content/areas/old").mkdir()

    assert errors_after(built, plant) == [
        "content/areas/notes.txt: this is not a content file: only .md files belong in this folder\n  hint: rename it to end in .md, or move it out of content/",
        "content/areas/old: folders are not read here\n  hint: move its files up one level or out of content/",
    ]


def test_every_error_in_one_run(built):
    def plant():
        built.write("content/areas/notes.txt", "todo")
        built.edit(ALPHA, "wave: first", "wave: frist")
        built.write(BETA, "")

    errors = errors_after(built, plant)
    assert [e.split(": ")[0] for e in errors] == ["content/areas/alpha.md:3", "content/areas/beta.md", "content/areas/notes.txt"]
