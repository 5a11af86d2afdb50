"""Entry point: `python review.py [build|check] ...` (see README.md)."""

import sys

from planreview.console import program

if __name__ == "__main__":
    sys.exit(program())
