#!/usr/bin/env python3
"""Build the site: `python build.py` (see `python build.py --help`)."""

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTALL = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'"

# Look the packages up without importing them: a build with nothing to do never needs them.
missing = next((name for name in ("jinja2", "livereload", "markdown_it", "yaml") if importlib.util.find_spec(name) is None), None)
if missing is not None:
    # Run from the project's own environment when it exists, so `python3 build.py` just works
    # after the README's install command.
    venv_python = ROOT / ".venv" / "bin" / "python"
    if venv_python.exists() and not os.environ.get("REVIEWSITE_REEXEC"):
        os.environ["REVIEWSITE_REEXEC"] = "1"
        os.execv(venv_python, [str(venv_python), str(ROOT / "build.py"), *sys.argv[1:]])
    sys.exit(f"build.py needs the Python package '{missing}'. Install the project first, from {ROOT}:\n  {INSTALL}")

sys.path.insert(0, str(ROOT))

from reviewsite.cli import main  # noqa: E402

if __name__ == "__main__":
    status = main(root=ROOT)
    # A big build leaves millions of objects; the operating system frees them faster than
    # Python's own teardown would.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
