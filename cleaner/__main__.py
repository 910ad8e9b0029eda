"""``python -m cleaner`` runs the command line."""

import sys

from cleaner.tools.cli import main

sys.exit(main())
