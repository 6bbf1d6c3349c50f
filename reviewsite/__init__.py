"""Build a static site that compares CQC local system reviews across areas."""

from __future__ import annotations

import importlib

__version__ = "0.2.0"

# Exported names are imported on first use, so that a build with nothing to do starts quickly.
_EXPORTS = {
    "BuildFailed": "reviewsite.errors",
    "ContentError": "reviewsite.errors",
    "SiteError": "reviewsite.errors",
    "BuildOptions": "reviewsite.pipeline",
    "BuildResult": "reviewsite.pipeline",
    "build_site": "reviewsite.pipeline",
    "check_site": "reviewsite.pipeline",
    "Project": "reviewsite.project",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'reviewsite' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
