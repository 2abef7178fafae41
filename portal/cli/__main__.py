"""``python -m portal.cli``: the same command as ``portal``."""
import sys

from portal.cli import main

sys.exit(main())
