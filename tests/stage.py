"""The content model compiled from small texts in memory, for stage tests that read no files."""

from __future__ import annotations

import yaml

from reviewsite.compile import compile_file
from reviewsite.errors import SourcePos
from reviewsite.load import ContentFile, SourceText
from reviewsite.markdown import make_markdown
from reviewsite.model import Site
from reviewsite.validate import assemble_site

SOURCE = "https://example.org/report"
OTHER_SOURCE = "https://example.org/news"
SITE_YAML = """\
title: Test reviews
description: A site for stage tests.
earliest_date: 2017-01-01
latest_date: 2020-12-31
licence:
  name: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
  text: Test text.
waves:
  - slug: first
    title: First wave
    description: The first areas.
    source: https://example.org/programme
  - slug: second
    title: Second wave
    description: The later areas.
    source: https://example.org/programme
"""
THEMES_YAML = """\
groups:
  - slug: system
    title: How the system works
    description: Leadership and staff.
themes:
  - slug: leadership
    group: system
    title: Leadership
    description: Shared vision.
  - slug: workforce
    group: system
    title: Workforce
    description: Staff.
  - slug: discharge
    group: system
    title: Hospital discharge
    description: Leaving hospital.
"""


def finding(item_id: str, kind: str, *themes: str, text: str | None = None, source: str = SOURCE) -> dict:
    return {"id": item_id, "kind": kind, "text": text or f"Finding {item_id}.", "themes": list(themes), "source": source}


def rec(item_id: str, *themes: str, basis: str | None = None, text: str | None = None) -> dict:
    item = {"id": item_id, "text": text or f"Recommendation {item_id}.", "themes": list(themes), "source": SOURCE}
    return item if basis is None else {**item, "basis": basis}


def area(name: str, findings=(), recommendations=(), follow_up: dict | None = None, wave: str = "first",
         sources: tuple[str, ...] = (SOURCE,), summary: str | None = None) -> str:
    """Return the text of an area file holding these items."""
    front: dict = {"name": name, "wave": wave, "published": {"date": "not known", "note": "Not known.", "source": SOURCE},
                   "sources": [{"url": url, "title": f"Source {url}", "publisher": "CQC"} for url in sources],
                   "findings": list(findings), "recommendations": list(recommendations)}
    if follow_up is not None:
        front["follow_up"] = {"review_type": "Progress review", "published": {"date": "not known", "note": "Later.", "source": SOURCE},
                              "sources": [SOURCE], **follow_up}
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + (summary or f"{name} was reviewed.") + "\n"


def compile_site(areas: dict[str, str], ledger: str | None = None, redirects: str | None = None) -> Site:
    """Compile and validate a site of these area texts (by slug) with the stage tests' settings."""
    texts = [("site", "site", "content/site.yaml", SITE_YAML), ("themes", "themes", "content/themes.yaml", THEMES_YAML)]
    texts += [("area", slug, f"content/areas/{slug}.md", text) for slug, text in areas.items()]
    if ledger is not None:
        texts.append(("ledger", "ledger", "content/published-urls.txt", ledger))
    if redirects is not None:
        texts.append(("redirects", "redirects", "content/redirects.yaml", redirects))
    md = make_markdown()
    files = [ContentFile(kind, name, SourceText(SourcePos(path), text)) for kind, name, path, text in texts]
    return assemble_site(compile_file(file, md) for file in files)
