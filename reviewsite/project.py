"""Where a project's content, templates, static files and output live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Project:
    """A site project: the folders the build reads and the folder it writes.

    Each folder defaults to a child of `root`; the CLI's `--content`, `--output` and `--cache`
    override them.
    """

    root: Path
    content: Path | None = None
    output: Path | None = None
    cache: Path | None = None

    @property
    def content_dir(self) -> Path:
        return self.content if self.content is not None else self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def out_dir(self) -> Path:
        return self.output if self.output is not None else self.root / "_site"

    @property
    def cache_dir(self) -> Path:
        """Where builds keep what the next build can reuse; safe to delete."""
        return self.cache if self.cache is not None else self.root / ".reviewsite-cache"

    @property
    def ledger_path(self) -> Path:
        return self.content_dir / "published-urls.txt"

    @property
    def redirects_path(self) -> Path:
        return self.content_dir / "redirects.yaml"

    def label(self, path: Path | str) -> str:
        """Return how errors name `path`: relative to the project root when inside it."""
        absolute = os.path.abspath(path)
        root = os.path.abspath(self.root)
        if absolute == root:
            return "."
        label = absolute[len(root) + 1:] if absolute.startswith(root + os.sep) else absolute
        return label.replace(os.sep, "/")
