"""`python -m reviewsite`: the command line, with the current folder as the project."""

import sys

from reviewsite.cli import main

sys.exit(main())
