"""Entry point: `python review.py [build|check] ...` (see README.md)."""

import sys

from planreview.cli import main

if __name__ == "__main__":
    sys.exit(main())
