"""Build a static site that compares CQC local system reviews across areas."""

from reviewsite.errors import BuildFailed, ContentError, SiteError
from reviewsite.pipeline import BuildOptions, BuildResult, build_site, check_site
from reviewsite.project import Project

__all__ = [
    "BuildFailed",
    "BuildOptions",
    "BuildResult",
    "ContentError",
    "Project",
    "SiteError",
    "build_site",
    "check_site",
]
