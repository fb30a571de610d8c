"""``python -m osci``: the inspection command line (see :mod:`osci.cli`)."""

from osci.cli import main

raise SystemExit(main())
