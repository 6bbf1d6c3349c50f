#!/usr/bin/env python3
"""Turn the speed benchmark's neutral corpus into this generator's content folder.

    .venv/bin/python bench/from_neutral.py CORPUS SITE      # writes SITE/content

The shared benchmark (`run_anchors.py`, `incremental.py`) runs it when told to with
`OURS_LAYOUT="$PWD/.venv/bin/python $PWD/bench/from_neutral.py"`. It writes what the benchmark's
own layout writes (one area file per corpus area, in our schema, each citing one source; the 16
themes in one group; one wave per region; a home and an about page), then records the URL ledger:
first the pages and item anchors every tool builds, computed from the corpus, then, through
`build.py --update-ledger`, the pages this generator adds (comparisons, data files). A build that
lost a page or an anchor the corpus has fails here, as a wrong ledger would.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West"]
LEDGER_HEADER = (
    "# Every public URL and item anchor this site has published. Written by\n"
    "# `python build.py --update-ledger`; do not remove lines. To retire a URL, map it to its\n"
    "# new place in redirects.yaml (see content/README.md).\n"
)
HOME = """---
title: Synthetic reviews compared
description: The speed benchmark's synthetic corpus of area reviews, side by side.
---
Synthetic reviews of health and social care areas, set side by side for the speed benchmark.
"""
ABOUT = """---
title: About this benchmark site
description: What the synthetic reviews are and where they come from.
---
## What this is {#what}

Every area, finding and recommendation here is generated from a fixed seed by the benchmark's
corpus generator. None of it describes a real place.
"""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """The generator refuses YAML anchors and aliases, so never write them."""

    def ignore_aliases(self, data):
        return True


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def slugify(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
    while "--" in out:
        out = out.replace("--", "-")
    return out


def write_content(corpus: Path, content: Path) -> None:
    """Write the content folder and the ledger of URLs every tool builds."""
    (content / "areas").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "pages" / "home.md").write_text(HOME, encoding="utf-8")
    (content / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    themes = yaml.load((corpus / "themes.yaml").read_text(encoding="utf-8"), Loader=LOADER)
    urls = {"/", "/about/", "/areas/", "/matrix/", "/themes/", "/data/reviews.json"}
    regions = set()
    for path in sorted((corpus / "areas").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.load(front, Loader=LOADER)
        slug = path.stem
        source = f"https://example.org/reports/{slug}.pdf"  # the body already links to it
        regions.add(front["region"])
        area = {
            "name": front["name"],
            "wave": slugify(front["region"]),
            "published": {"date": front["published"], "source": source},
            "sources": [{"url": source, "title": f"{front['name']} review report", "publisher": "Synthetic corpus"}],
            "findings": [{"id": f["id"], "kind": f["kind"], "text": f["text"], "themes": list(f["themes"]), "source": source}
                         for f in front["findings"]],
            "recommendations": [{"id": r["id"], "text": r["text"], "themes": list(r["themes"]), "source": source}
                                for r in front["recommendations"]],
        }
        (content / "areas" / path.name).write_text("---\n" + dump(area) + "---\n" + body, encoding="utf-8")
        urls.add(f"/areas/{slug}/")
        urls.update(f"/areas/{slug}/#finding-{f['id']}" for f in front["findings"])
        urls.update(f"/areas/{slug}/#rec-{r['id']}" for r in front["recommendations"])
    urls.update(f"/themes/{theme['slug']}/" for theme in themes)
    (content / "themes.yaml").write_text(dump({
        "groups": [{"slug": "all", "title": "Themes", "description": "The 16 themes of the benchmark corpus."}],
        "themes": [{"slug": t["slug"], "group": "all", "title": t["name"], "description": t["description"]} for t in themes],
    }), encoding="utf-8")
    waves = [{"slug": slugify(region), "title": region, "description": f"Areas in the {region} region.",
              "source": f"https://example.org/regions/{slugify(region)}"} for region in REGIONS if region in regions]
    (content / "site.yaml").write_text(dump({
        "title": "Synthetic reviews compared",
        "description": "The speed benchmark's synthetic corpus of area reviews, side by side.",
        "base_url": "",
        "earliest_date": "2017-01-01", "latest_date": "2020-12-31",
        "licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/", "text": "Synthetic benchmark content."},
        "waves": waves,
    }), encoding="utf-8")
    (content / "published-urls.txt").write_text(LEDGER_HEADER + "".join(f"{url}\n" for url in sorted(urls)), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    corpus, site = Path(argv[0]), Path(argv[1])
    shutil.rmtree(site, ignore_errors=True)
    content = site / "content"
    write_content(corpus, content)
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([sys.executable, str(REPO / "build.py"), "--content", str(content), "--output", f"{scratch}/out",
                        "--no-cache", "--update-ledger"], check=True, stdout=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
