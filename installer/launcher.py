"""Entry script for the frozen application (PyInstaller needs a file, not an entry point)."""

import sys

from client.app import main

if __name__ == "__main__":
    sys.exit(main())
