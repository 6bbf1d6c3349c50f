"""`build.py new "Area name"`: start a valid, commented area file for an author to fill in."""

from __future__ import annotations

from pathlib import Path

from reviewsite.errors import BuildFailed, ContentError, SourcePos, command
from reviewsite.frontmatter import parse_yaml
from reviewsite.load import load_content
from reviewsite.placeholders import EXAMPLE_ID, EXAMPLE_TEXT, PUBLISHED_NOTE, SUMMARY
from reviewsite.project import Project
from reviewsite.schema import Fields
from reviewsite.urls import is_slug, slugify

TEMPLATE = """\
---
# A new area, started by `{new}`. Next steps:
#   1. Replace every value below with facts from public sources, in your own words;
#      content/README.md explains each key and shows a complete example.
#   2. List every source under `sources:`; cite one of them in each finding, recommendation
#      and dated fact. Write `not known` (with a note) rather than guess a date or a number.
#   3. Run `{check}` until it reports no problems (it names each
#      line that still holds text this file started with), and preview the page with
#      `{serve}`.
#   4. Record the new page's URLs in the ledger:
#      `{update_ledger}`.
name: {name}
# The wave this review belonged to, one of: {waves}
wave: {wave}
published:
  # When CQC published the report (YYYY-MM-DD) and the source that says so.
  date: not known
  note: {published_note}
sources:
  # Every document this file cites: url, title, publisher and, if known, date (YYYY-MM-DD).
  # This starting entry is CQC's announcement of the programme's later areas; replace it.
  - url: https://cqc.org.uk/node/854
    title: CQC announcement of further local system reviews
    publisher: Care Quality Commission
# To add findings, replace `findings: []` with a list like the one in the comment below.
# An id is a short slug naming the topic; never change it once published (it is a public
# #anchor). kind is concern or strength; themes are slugs from content/themes.yaml; source is
# one of the URLs under sources.
# findings:
#   - id: {example_id}
#     kind: concern
#     text: {example_text}
#     themes: [workforce]
#     source: https://cqc.org.uk/node/854
findings: []
# Recommendations take id, text, themes and source, plus basis when the wording is not the
# report's own (follow-up, statement or action-plan; see content/README.md).
recommendations: []
---
{summary}
"""


def create_area(project: Project, name: str) -> Path:
    """Write `content/areas/<slug>.md` for `name`; refuse to overwrite an existing file."""
    name = " ".join(name.split())
    slug = slugify(name)
    where = SourcePos(project.label(project.content_dir / "areas"))
    if not name or not is_slug(slug):
        raise BuildFailed([ContentError(where, f"cannot make a file name from '{name}'", hint="give the area's name in letters, e.g. \"Ynys Môn\"")], what="nothing was written")
    if '"' in name or "\\" in name:
        raise BuildFailed([ContentError(where, "the name cannot contain quotes or backslashes")], what="nothing was written")
    path = project.content_dir / "areas" / f"{slug}.md"
    waves = _wave_slugs(project)
    text = TEMPLATE.format(name=f'"{name}"', waves=", ".join(waves), wave=waves[0], new=command("new"), check=command("check"),
                           serve=command("serve"), update_ledger=command("--update-ledger"), published_note=PUBLISHED_NOTE.text,
                           example_id=EXAMPLE_ID.text, example_text=EXAMPLE_TEXT.text, summary=SUMMARY.text)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise BuildFailed([ContentError(SourcePos(project.label(path)), "this area file already exists; it was left unchanged", hint="edit it, or choose another name")], what="nothing was written") from None
    return path


def _wave_slugs(project: Project) -> list[str]:
    """Return the wave slugs of site.yaml, so the new file names a wave that exists."""
    files = load_content(project)
    errors: list[ContentError] = list(files.errors)
    waves: list[str] = []
    site = files.first("site")
    if site is not None:
        root, problems = parse_yaml(site.source.pos, site.source.text)
        fields = Fields.of(root, site.source.pos, errors + problems)
        if fields is not None:
            waves = [slug for _, wave in fields.items("waves", "wave") if (slug := wave.slug("slug"))]
    if not waves:
        raise BuildFailed(errors or [ContentError(SourcePos(project.label(project.content_dir / "site.yaml")), "site.yaml lists no waves")], what="fix site.yaml first; nothing was written")
    return waves
