"""``python -m client``: same as the ``bebpo-client`` command."""

import sys

from client.app import main

sys.exit(main())
