"""``python -m tl342.cli``: the same as the ``tl342`` command."""

import sys

from .app import main

if __name__ == "__main__":
    sys.exit(main())
